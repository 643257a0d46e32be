//! `mote run` and `mote build`: compile a program (one file, or a project whose `Main` module
//! holds `main`) and run it in memory, or write a native executable.
//!
//! Exit status of `mote run`: the program's own (0, or 1 when it crashed); 1 when the code has
//! errors; 2 when an input could not be used; 101 when the compiler failed.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mote_compiler::codegen::CodegenOptions;
use mote_compiler::core::ir::Program;
use mote_compiler::diagnostics::{RenderOptions, render_terminal, summary};
use mote_compiler::pipeline::{Failure, compile};

use crate::check::read_source;
use crate::project::{Project, mote_files_under};
use crate::status;

/// The compiler's stack: deep enough for any program a person writes.
const COMPILER_STACK: usize = 512 << 20;

/// What `--emit` writes instead of an executable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// The program in Core, the intermediate language (to standard output).
    Core,
    /// The Cranelift IR of every function (to standard output).
    Clif,
    /// The object file, unlinked.
    Obj,
}

/// The program's sources: (path, text) pairs, and which holds `main`.
struct Sources {
    files: Vec<(String, String)>,
    main: usize,
}

fn sources(path: &Path) -> Result<Sources, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let paths: Vec<PathBuf> = if meta.is_dir() {
        let found = if Project::is_project(path) {
            Project::load(path).and_then(|p| p.source_files())
        } else {
            mote_files_under(path)
        };
        found.map_err(|e| e.to_string())?
    } else {
        vec![path.to_path_buf()]
    };
    let mut files = Vec::new();
    for p in &paths {
        files.push((p.display().to_string(), read_source(p)?));
    }
    // `main` lives in the module `Main`: a file without a header, or `module Main`.
    let main = files
        .iter()
        .position(|(_, text)| is_main_module(text))
        .or_else(|| (files.len() == 1).then_some(0))
        .ok_or_else(|| format!("{} has no `Main` module", path.display()))?;
    Ok(Sources { files, main })
}

fn is_main_module(text: &str) -> bool {
    let header = text.lines().map(str::trim_start).find(|l| l.starts_with("module "));
    header.is_none_or(|h| h.split_whitespace().nth(1).is_some_and(|n| n == "Main" || n.starts_with("Main(")))
}

/// Compiles the program at `path`; reports errors (and, when `warnings`, warnings) on stderr.
fn program(path: &Path, warnings: bool) -> Result<Program, ExitCode> {
    let sources = sources(path).map_err(|message| {
        emit(&format!("error: {message}\n"));
        ExitCode::from(status::USAGE_OR_IO)
    })?;
    let compiled = match std::panic::catch_unwind(|| compile(&sources.files, sources.main)) {
        Ok(c) => c,
        Err(_) => {
            emit("error: the compiler failed (an internal error); please report it\n");
            return Err(ExitCode::from(status::INTERNAL_ERROR));
        }
    };
    let options = RenderOptions { colour: false };
    let (mut errors, mut warned) = (0, 0);
    for ((file, text), diagnostics) in sources.files.iter().zip(&compiled.diagnostics) {
        for d in diagnostics {
            if d.is_error() {
                errors += 1;
            } else {
                warned += 1;
                if !warnings {
                    continue;
                }
            }
            emit(&format!("{}\n", render_terminal(file, text, d, options)));
        }
    }
    match compiled.program {
        Ok(p) => {
            if warnings && warned > 0 {
                emit(&format!("{}\n", summary(errors, warned)));
            }
            Ok(p)
        }
        Err(Failure::Errors) => {
            emit(&format!("{}\n", summary(errors, if warnings { warned } else { 0 })));
            Err(ExitCode::from(status::FOUND_ERRORS))
        }
        Err(Failure::Lowering(message)) => {
            emit(&format!("error: {message}\n"));
            Err(ExitCode::from(status::FOUND_ERRORS))
        }
    }
}

/// Runs `job` on a thread with [`COMPILER_STACK`]: whole programs nest deeply (a long `do`
/// block is a long chain of `let`s in Core), and every stage walks them recursively.
fn on_big_stack(job: impl FnOnce() -> ExitCode + Send + 'static) -> ExitCode {
    let spawned = std::thread::Builder::new().stack_size(COMPILER_STACK).spawn(job);
    match spawned.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        _ => {
            emit("error: the compiler failed (an internal error); please report it\n");
            ExitCode::from(status::INTERNAL_ERROR)
        }
    }
}

/// `mote run FILE|PATH`.
pub fn run(path: &Path) -> ExitCode {
    let path = path.to_path_buf();
    on_big_stack(move || run_program(&path))
}

fn run_program(path: &Path) -> ExitCode {
    let program = match program(path, false) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let symbols = mote_runtime::symbols();
    let args = vec![path.display().to_string()];
    let result = mote_compiler::codegen::run_jit(&program, &symbols, CodegenOptions::RUNTIME, |entry| {
        mote_runtime::start::start_jit(args, entry)
    });
    match result {
        Ok(status) => ExitCode::from(u8::try_from(status).unwrap_or(1)),
        Err(e) => {
            emit(&format!("error: {e}\n"));
            ExitCode::from(status::INTERNAL_ERROR)
        }
    }
}

/// `mote build FILE|PATH [-o OUT] [--emit core|clif|obj]`.
pub fn build(path: &Path, output: Option<&Path>, what: Option<Emit>) -> ExitCode {
    let (path, output) = (path.to_path_buf(), output.map(Path::to_path_buf));
    on_big_stack(move || build_program(&path, output.as_deref(), what))
}

fn build_program(path: &Path, output: Option<&Path>, what: Option<Emit>) -> ExitCode {
    let program = match program(path, true) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let stem = path.file_stem().map_or_else(|| "main".into(), |s| s.to_string_lossy().into_owned());
    let stem = if path.is_dir() { "main".to_string() } else { stem };
    let result = match what {
        Some(Emit::Core) => {
            let _ = io::stdout().write_all(mote_compiler::core::print::program(&program).as_bytes());
            Ok(())
        }
        Some(Emit::Clif) => mote_compiler::codegen::emit_clif(&program, CodegenOptions::RUNTIME)
            .map_err(|e| e.to_string())
            .map(|text| {
                let _ = io::stdout().write_all(text.as_bytes());
            }),
        Some(Emit::Obj) => {
            let out = output.map_or_else(|| PathBuf::from(format!("{stem}.o")), Path::to_path_buf);
            mote_compiler::codegen::object(&program, CodegenOptions::RUNTIME)
                .map_err(|e| e.to_string())
                .and_then(|bytes| fs::write(&out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display())))
        }
        None => {
            let out = output.map_or_else(|| PathBuf::from(&stem), Path::to_path_buf);
            executable(&program, &out)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            emit(&format!("error: {message}\n"));
            ExitCode::from(status::USAGE_OR_IO)
        }
    }
}

/// Writes the object next to `out` and links it with the runtime.
fn executable(program: &Program, out: &Path) -> Result<(), String> {
    let bytes = mote_compiler::codegen::object(program, CodegenOptions::RUNTIME).map_err(|e| e.to_string())?;
    let object = out.with_extension("mote.o");
    fs::write(&object, bytes).map_err(|e| format!("cannot write {}: {e}", object.display()))?;
    let linked = crate::link::link(&object, out);
    let _ = fs::remove_file(&object);
    linked
}

fn emit(text: &str) {
    let _ = io::stderr().write_all(text.as_bytes());
}
