//! Code generation: Core (after closure conversion and reference counting) to machine code
//! through Cranelift.
//!
//! Architecture invariant: one lowering ([`module`]), generic over `cranelift_module::Module`,
//! serves the JIT ([`jit`]: `mote run`, the REPL, tests) and object files ([`object`]:
//! `mote build`). Generated code meets the runtime only through `runtime/ABI.md`: tagged words,
//! heap objects with a header, `extern "C"` runtime symbols, and the `ProgramInfo` tables. The
//! compiler crate never links against the runtime: the JIT takes the runtime's symbol table
//! from its caller, and object files leave the symbols for the linker.
//!
//! Inside:
//! - [`lower`]: one translator per function; Core variables become Cranelift variables, join
//!   points blocks, `Switch` branches or jump tables; every `Tail` call is a `return_call`
//!   (Mote functions use the `tail` convention), so loops and mutual recursion run in
//!   constant stack.
//! - [`value`]: the word encodings, inline `dup`/`drop`, object allocation.
//! - [`arith`]: inline small-integer arithmetic and comparisons, calling the runtime for
//!   bignums and on overflow.
//! - [`switch`]: `Switch` as branches and jump tables.
//! - [`apply`]: the generated eval/apply helpers `apply_N` for unknown calls.
//! - [`module`]: declarations, static data, the constructor/atom/label tables, the entry.
//!
//! [`CodegenOptions`] says whether functions count reductions for the runtime's scheduler.
//!
//! Nothing here panics on a well-formed [`Program`]: what cannot be compiled is a
//! [`CodegenError`].

mod apply;
mod arith;
mod clif;
mod float;
mod jit;
mod lower;
mod module;
mod object;
mod switch;
mod value;

#[cfg(test)]
mod tests;

use std::fmt;

pub use clif::emit_clif;
pub use jit::{Entry, run_jit};
pub use object::object;

#[cfg(doc)]
use crate::core::ir::Program;

/// Choices about the code generated, the same for every function of a program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodegenOptions {
    /// Count reductions at the entry of every Mote function and every round of a loop, and
    /// yield to the runtime's scheduler when the budget is spent (runtime/ABI.md,
    /// "Reductions"). The budget lives in Cranelift's pinned register, which the SystemV entry
    /// points load from the base of the 2^30-aligned execution region the stack is in, so only
    /// code run by the runtime's schedulers may have it; off for the code generator's own
    /// tests, which run generated code on ordinary thread stacks.
    pub reductions: bool,
}

impl CodegenOptions {
    /// What code run by the runtime (`mote run`, `mote build`) needs.
    pub const RUNTIME: CodegenOptions = CodegenOptions { reductions: true };
}

/// Why a program could not be compiled to machine code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodegenError {
    /// The host machine is not one Cranelift can generate code for.
    UnsupportedHost(String),
    /// A Core construct that must be gone before code generation (`Lambda`, `LetRec`), or a
    /// reference to something that does not exist (an unknown function, join point, variable).
    MalformedCore(String),
    /// A limit of the value encoding (ABI.md): a constructor id, tuple or record beyond 16 bits
    /// of `aux`, a closure of more parameters than the apply helpers handle.
    Limit(String),
    /// A symbol the generated code calls is missing from the runtime's symbol table (JIT).
    UnresolvedSymbol(String),
    /// Cranelift rejected a function or a declaration (an internal error).
    Cranelift(String),
    /// Writing the object file failed.
    Object(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::UnsupportedHost(m) => write!(f, "this machine is not supported by the code generator: {m}"),
            CodegenError::MalformedCore(m) => write!(f, "internal error: malformed Core: {m}"),
            CodegenError::Limit(m) => write!(f, "a code generation limit was exceeded: {m}"),
            CodegenError::UnresolvedSymbol(s) => write!(f, "the runtime does not define the symbol `{s}`"),
            CodegenError::Cranelift(m) => write!(f, "internal error in code generation: {m}"),
            CodegenError::Object(m) => write!(f, "could not write the object file: {m}"),
        }
    }
}

impl std::error::Error for CodegenError {}

impl From<cranelift_module::ModuleError> for CodegenError {
    fn from(e: cranelift_module::ModuleError) -> Self {
        // `{:?}` keeps the verifier's per-instruction messages, which `Display` drops.
        match e {
            cranelift_module::ModuleError::Compilation(c) => CodegenError::Cranelift(format!("{c:?}")),
            other => CodegenError::Cranelift(other.to_string()),
        }
    }
}
