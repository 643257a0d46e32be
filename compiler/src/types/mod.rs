//! Type checking: kinds, declarations, inference, classes, elaboration, pattern checks.
//!
//! A module is checked in three steps, each a query of the database (`db.rs`): its
//! declarations (`decls`: kinds, synonyms, constructors, classes, instance heads, deriving,
//! signatures), its top-level binding groups one by one (`bindings`, over `infer`, `unify` and
//! `classes`), and the rest (`check`: instance methods, class defaults, derived instances). The
//! output is the module's interface (`env::ModuleTypes`), the elaboration the code generator
//! reads (`check::Elaboration`: the dictionary of every overloaded use), and diagnostics;
//! `coverage` finds every match and `matches`/`exhaustive` check it.
//!
//! Invariant: this layer knows nothing of salsa or files; it sees name resolution's output and
//! the interfaces of other modules through closures, so the database decides what is cached.

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
