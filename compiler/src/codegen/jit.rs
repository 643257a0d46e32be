//! Compilation in memory (`mote run`, the REPL, `mote test`): cranelift-jit.
//!
//! The compiler crate does not depend on the runtime, so the caller passes the runtime's
//! symbol table (`mote_runtime::symbols()`) and the way to start the program (a closure
//! calling `mote_runtime::mote_rt_start_main(argc, argv, entry)`).

use std::collections::HashSet;

use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module, default_libcall_names};

use super::module::{Options, host_isa, lower_program};
use super::{CodegenError, CodegenOptions};
use crate::core::ir::Program;

/// The compiled program's entry, `mote_program_main` (SystemV): it initialises the runtime
/// with the program's tables, computes the globals, runs `main`, and returns 0.
pub type Entry = extern "C" fn() -> i64;

/// Compiles `program` in memory, resolving its runtime calls in `symbols`, and runs it by
/// handing its [`Entry`] to `start` (which calls `mote_rt_start_main`); returns what `start`
/// returns, the exit status.
///
/// Every symbol the code calls must be in `symbols` (no fallback to the process's dynamic
/// symbols): a missing one is a [`CodegenError::UnresolvedSymbol`] before anything runs.
/// The code stays mapped after `start` returns (processes the program spawned may still
/// hold pointers into it); it is released when the process exits.
pub fn run_jit<F>(
    program: &Program,
    symbols: &[(&str, *const u8)],
    options: CodegenOptions,
    start: F,
) -> Result<i32, CodegenError>
where
    F: FnOnce(Entry) -> i32,
{
    let isa = host_isa(false)?;
    let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
    builder.symbols(symbols.iter().map(|(name, address)| (name.to_string(), *address)));
    let lowered =
        lower_program(JITModule::new(builder), program, Options { clif: false, c_main: false, codegen: options })?;
    let mut module = lowered.module;

    let known: HashSet<&str> = symbols.iter().map(|(name, _)| *name).collect();
    for (_, declaration) in module.declarations().get_functions() {
        if declaration.linkage == Linkage::Import {
            let name = declaration.name.as_deref().unwrap_or_default();
            if !known.contains(name) {
                return Err(CodegenError::UnresolvedSymbol(name.to_string()));
            }
        }
    }
    module.finalize_definitions()?;
    let code = module.get_finalized_function(lowered.entry);
    // SAFETY: `code` is the finalized machine code of `mote_program_main`, declared with the
    // host's C convention, no parameters and one i64 result, which is `Entry`'s type; the
    // module is leaked below, so the pointer stays valid.
    let entry = unsafe { std::mem::transmute::<*const u8, Entry>(code) };
    // Processes other than `main` may still be running its code and reading its data when
    // `main` ends and `start` returns: the module must outlive them, that is the program.
    // (Dropping a JITModule unmaps some of its memory.)
    std::mem::forget(module);
    Ok(start(entry))
}
