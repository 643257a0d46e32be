//! Type checking: inference, classes, kinds, exhaustiveness, printing.
//!
//! Built so far: the representation of types, rows and schemes (`ty`), unification with levels
//! for generalisation and row unification (`unify`), the printer (`print`), kind inference for
//! declarations (`kinds`), the class environment with instance resolution producing dictionary
//! evidence (`classes`), and the exhaustiveness checker (`exhaustive`). Expression inference
//! and its wiring into `mote check` come next.

pub mod bindings;
pub mod check;
pub mod classes;
pub mod convert;
pub mod coverage;
pub mod decls;
pub mod env;
pub mod exhaustive;
pub mod infer;
pub mod kinds;
pub mod matches;
pub mod print;
pub mod ty;
pub mod unify;
