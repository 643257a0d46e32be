//! The Mote compiler library.
//!
//! Architecture invariant: the pipeline does no process I/O. Text goes in, diagnostics and
//! trees come out; the CLI, the REPL and the language server own files, terminals and sockets.
//! Data flows one way: text -> tokens -> layout tokens -> AST -> (later stages).

pub mod codegen;
pub mod core;
pub mod db;
pub mod diagnostics;
pub mod graph;
pub mod pipeline;
pub mod prim;
pub mod resolve;
pub mod span;
pub mod stdlib;
pub mod syntax;
pub mod types;

pub use diagnostics::{Diagnostic, Severity};
pub use span::{LineIndex, Span};
