//! `mote check [PATH…]`: parse (and, as the pipeline grows, check) Mote code and report its
//! diagnostics on stderr, then a summary line such as `1 error, 0 warnings`.
//!
//! Exit status: 0 when the code has no errors (warnings allowed), 1 when it has errors, 2 when
//! an input could not be used (the readable inputs are still checked), 101 when the compiler
//! failed on a file.

use std::collections::HashSet;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mote_compiler::db::check_package;
use mote_compiler::diagnostics::{RenderOptions, render_terminal, summary};

use crate::project::{MANIFEST, Project, mote_files_under};
use crate::status;

/// A usage error, for clap to report with the subcommand's usage line.
#[derive(Debug)]
pub struct Usage(pub String);

/// Checks `paths` (files or project folders), or the project in the current directory.
pub fn run(paths: &[PathBuf]) -> Result<ExitCode, Usage> {
    let mut check = Check::new(RenderOptions { colour: stderr_wants_colour() });
    if paths.is_empty() {
        // The empty path is the current directory, and keeps reported paths relative: `src/Main.mote`.
        let here = Path::new("");
        if !Project::is_project(here) {
            return Err(Usage(format!("no PATH given, and the current directory has no {MANIFEST}")));
        }
        check.project(here);
    }
    for path in paths {
        check.path(path);
    }
    Ok(check.finish())
}

/// Colour when a person is watching stderr and has not opted out (<https://no-color.org>).
fn stderr_wants_colour() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The state of one `mote check` run.
struct Check {
    options: RenderOptions,
    errors: usize,
    warnings: usize,
    files_checked: usize,
    input_failed: bool,
    compiler_failed: bool,
    /// Canonical paths already checked: a file named twice, or reached through two source
    /// directories, is reported once.
    seen: HashSet<PathBuf>,
}

impl Check {
    fn new(options: RenderOptions) -> Check {
        Check {
            options,
            errors: 0,
            warnings: 0,
            files_checked: 0,
            input_failed: false,
            compiler_failed: false,
            seen: HashSet::new(),
        }
    }

    fn path(&mut self, path: &Path) {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.project(path),
            Ok(_) => self.file(path),
            Err(error) => self.input_error(&format!("cannot read {}: {error}", path.display())),
        }
    }

    /// A project folder (with `mote.toml`), or any folder: every `*.mote` file under it.
    fn project(&mut self, dir: &Path) {
        let files = if Project::is_project(dir) {
            Project::load(dir).and_then(|project| project.source_files())
        } else {
            mote_files_under(dir)
        };
        match files {
            Ok(files) => self.package(&files),
            Err(error) => self.input_error(&error.to_string()),
        }
    }

    fn file(&mut self, path: &Path) {
        self.package(&[path.to_path_buf()]);
    }

    /// Checks files together, so that operator fixities flow along their imports.
    fn package(&mut self, paths: &[PathBuf]) {
        let mut files = Vec::new();
        for path in paths {
            let key = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if !self.seen.insert(key) {
                continue;
            }
            match read_source(path) {
                Ok(source) => files.push((path.display().to_string(), source)),
                Err(message) => self.input_error(&message),
            }
        }
        if files.is_empty() {
            return;
        }
        let sources: Vec<&str> = files.iter().map(|(_, source)| source.as_str()).collect();
        // The compiler must not panic on any input; if it does, say so plainly and carry on
        // with the other inputs. The panic hook has already printed where it happened.
        let Ok(checked) = panic::catch_unwind(|| check_package(&sources)) else {
            self.compiler_failed = true;
            let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
            emit(&format!(
                "error: internal compiler error while checking {}\nnote: this is a bug in mote; please report it with the file\n\n",
                names.join(", ")
            ));
            return;
        };
        for ((file, source), diagnostics) in files.iter().zip(checked) {
            self.report(file, source, diagnostics);
        }
    }

    /// Prints a file's diagnostics, which come sorted by position.
    fn report(&mut self, file: &str, source: &str, diagnostics: Vec<mote_compiler::Diagnostic>) {
        self.files_checked += 1;
        for diagnostic in &diagnostics {
            if diagnostic.is_error() {
                self.errors += 1;
            } else {
                self.warnings += 1;
            }
            emit(&format!("{}\n", render_terminal(file, source, diagnostic, self.options)));
        }
    }

    fn input_error(&mut self, message: &str) {
        self.input_failed = true;
        emit(&format!("error: {message}\n"));
    }

    fn finish(self) -> ExitCode {
        // With nothing checked because of bad inputs, `0 errors` would read as a clean bill.
        if self.files_checked > 0 || !(self.input_failed || self.compiler_failed) {
            emit(&format!("{}\n", summary(self.errors, self.warnings)));
        }
        if self.compiler_failed {
            ExitCode::from(status::INTERNAL_ERROR)
        } else if self.input_failed {
            ExitCode::from(status::USAGE_OR_IO)
        } else if self.errors > 0 {
            ExitCode::from(status::FOUND_ERRORS)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Reads a source file, refusing what the compiler cannot take: text that is not UTF-8, and
/// files too large for its 32-bit spans.
pub(crate) fn read_source(path: &Path) -> Result<String, String> {
    let cannot_read = |reason: String| format!("cannot read {}: {reason}", path.display());
    let size = fs::metadata(path).map_err(|e| cannot_read(e.to_string()))?.len();
    if size > u64::from(u32::MAX) {
        return Err(cannot_read("it is larger than 4 GiB, the most Mote can check".to_string()));
    }
    let bytes = fs::read(path).map_err(|e| cannot_read(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        cannot_read(format!("it is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })
}

/// Writes to stderr. A closed stderr is no reason to fail the check.
fn emit(text: &str) {
    let _ = io::stderr().write_all(text.as_bytes());
}
