//! The parse driver: lexing, layout, the lalrpop parser and error reporting.

use super::ast::Module;
use super::token::Spanned;
use crate::diagnostics::Diagnostic;

/// A syntax tree and every problem found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub module: Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes, lays out and parses `source`, then resolves operator fixities declared in the module
/// itself and in `imported` fixity declarations.
pub fn parse_module(source: &str) -> Parsed {
    let _ = source;
    unimplemented!("parser in progress")
}

pub fn parse_tokens(source: &str, tokens: Vec<Spanned>) -> Parsed {
    let _ = (source, tokens);
    unimplemented!("parser in progress")
}
