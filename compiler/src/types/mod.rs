//! Type checking: inference, classes, kinds, exhaustiveness, printing.
//!
//! Built so far: the representation of types, rows and schemes (`ty`), unification with levels
//! for generalisation and row unification (`unify`), the printer (`print`), kind inference for
//! declarations (`kinds`), and the exhaustiveness checker (`exhaustive`).

pub mod exhaustive;
pub mod kinds;
pub mod print;
pub mod ty;
pub mod unify;
