//! The whole pipeline for one program: check every file, then lower the program to Core and
//! make Core ready for code generation. The CLI, the REPL and the test harnesses call this.

use crate::core::ir::Program;
use crate::db::{self, Database, Package, SourceFile};
use crate::diagnostics::Diagnostic;

/// What compiling a program gave.
#[derive(Debug)]
pub struct Compiled {
    /// Each input file's diagnostics, in input order.
    pub diagnostics: Vec<Vec<Diagnostic>>,
    /// The program, when no file has an error.
    pub program: Result<Program, Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Some file has an error; they are among the diagnostics.
    Errors,
    /// The program cannot run: it has no `main`, say.
    Lowering(String),
}

/// Checks `files` (path, text) with the standard library and, when none has an error,
/// compiles the program whose `main` is in `files[main]`.
pub fn compile(files: &[(String, String)], main: usize) -> Compiled {
    let db = Database::default();
    let sources: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(&db, p.clone(), t.clone())).collect();
    let package = Package::new(&db, db::with_stdlib(&db, &sources));
    let diagnostics: Vec<Vec<Diagnostic>> = sources.iter().map(|&f| db::check(&db, package, f).clone()).collect();
    if diagnostics.iter().flatten().any(Diagnostic::is_error) {
        return Compiled { diagnostics, program: Err(Failure::Errors) };
    }
    let program = match sources.get(main) {
        Some(&file) => crate::core::lower::lower_program(&db, package, file)
            .map(crate::core::prepare)
            .map_err(|e| Failure::Lowering(e.0)),
        None => Err(Failure::Lowering("no file to run".to_string())),
    };
    Compiled { diagnostics, program }
}
