//! `--emit clif`: the Cranelift IR of every generated function, as the lowering produced it
//! (before Cranelift's optimisations), each preceded by a `; name` line.

use cranelift_module::default_libcall_names;
use cranelift_object::{ObjectBuilder, ObjectModule};

use super::module::{Options, host_isa, lower_program};
use super::{CodegenError, CodegenOptions};
use crate::core::ir::Program;

/// The CLIF text of every function of `program`, including the generated helpers and entry
/// points. Compiles the program too (into an object that is thrown away), so Cranelift's
/// verifier has checked every function shown.
pub fn emit_clif(program: &Program, options: CodegenOptions) -> Result<String, CodegenError> {
    let isa = host_isa(true)?;
    let builder = ObjectBuilder::new(isa, "mote", default_libcall_names())?;
    let lowered =
        lower_program(ObjectModule::new(builder), program, Options { clif: true, c_main: false, codegen: options })?;
    Ok(lowered.clif.unwrap_or_default())
}
