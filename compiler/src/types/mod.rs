//! Type checking: inference, classes, kinds, exhaustiveness, printing.

pub mod exhaustive;
