//! The syntax layer: text -> tokens -> layout tokens -> AST.
//!
//! Architecture invariant: the syntax layer knows nothing of salsa, types or the LSP. Parsing
//! never fails: [`parse_module`] always returns a tree plus the diagnostics it found.

pub mod ast;
pub mod dump;
pub mod fixity;
pub mod layout;
mod parse;
pub mod pretty;
pub mod spans;
pub mod token;

pub use parse::{Parsed, parse_module, parse_module_with, parse_tokens, parse_unresolved};
