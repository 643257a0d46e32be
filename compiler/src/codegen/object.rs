//! Ahead-of-time compilation: an object file for the host, to be linked with the runtime's
//! static library (`mote build`; the CLI's `link.rs` runs the linker).

use cranelift_module::default_libcall_names;
use cranelift_object::{ObjectBuilder, ObjectModule};

use super::module::{Options, host_isa, lower_program};
use super::{CodegenError, CodegenOptions};
use crate::core::ir::Program;

/// The program as a relocatable object file (ELF on Linux). Besides the program's code and
/// data it defines `mote_program_main` and the C `main(argc, argv)`, which calls
/// `mote_rt_start_main(argc, argv, mote_program_main)`; every `mote_rt_*` and `mote_<prim>`
/// symbol is left for the runtime library to define.
pub fn object(program: &Program, options: CodegenOptions) -> Result<Vec<u8>, CodegenError> {
    // Executables are position-independent by default on Linux distributions.
    let isa = host_isa(true)?;
    let builder = ObjectBuilder::new(isa, "mote", default_libcall_names())?;
    let lowered =
        lower_program(ObjectModule::new(builder), program, Options { clif: false, c_main: true, codegen: options })?;
    lowered.module.finish().emit().map_err(|e| CodegenError::Object(e.to_string()))
}
