//! The `mote` binary, run for real on files in temporary folders.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use mote_compiler::diagnostics::Code;

const GOOD: &str = "module Main where\n\nimport Prelude\n\nmain :: IO ()\nmain = println \"hello\"\n";
/// `§` is a lexical error (E0001); the parser never sees it, so `x = 1 2` parses.
const BAD: &str = "module Main where\n\nx = 1 § 2\n";
const MANIFEST: &str = "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n";

/// A fresh folder under the system temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mote-cli-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("the temporary directory is writable");
        TempDir(dir)
    }

    /// Writes `contents` to `relative`, creating folders on the way.
    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &TempDir {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().expect("a file path has a parent"))
            .expect("the temporary directory is writable");
        fs::write(&path, contents).expect("the temporary directory is writable");
        self
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs `mote ARGS` in `dir`, without colour.
fn mote(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_mote"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the mote binary runs");
    Run::from(output)
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

#[test]
fn check_of_a_good_file_exits_0() {
    let dir = TempDir::new("good");
    dir.write("Main.mote", GOOD);
    let run = mote(dir.path(), &["check", "Main.mote"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, "0 errors, 0 warnings\n");
    assert_eq!(run.stdout, "");
}

#[test]
fn check_of_a_bad_file_exits_1_with_the_diagnostic() {
    let dir = TempDir::new("bad");
    dir.write("Bad.mote", BAD);
    let run = mote(dir.path(), &["check", "Bad.mote"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("error[E0001]: "), "{}", run.stderr);
    assert!(run.stderr.contains(" --> Bad.mote:3:7\n"), "{}", run.stderr);
    assert!(run.stderr.ends_with("\n1 error, 0 warnings\n"), "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b'), "NO_COLOR is honoured: {}", run.stderr);
}

#[test]
fn check_of_a_project_folder_walks_nested_source_files() {
    let dir = TempDir::new("project");
    dir.write("demo/mote.toml", MANIFEST)
        .write("demo/src/Main.mote", GOOD)
        .write("demo/src/Foo/Bar.mote", BAD)
        .write("demo/src/A.mote", BAD)
        .write("demo/src/notes.txt", "not Mote")
        .write("demo/other/Ignored.mote", BAD);
    let run = mote(dir.path(), &["check", "demo"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let a = run.stderr.find("demo/src/A.mote:3:7").expect("A.mote is reported");
    let bar = run.stderr.find("demo/src/Foo/Bar.mote:3:7").expect("Foo/Bar.mote is reported");
    assert!(a < bar, "files are checked in sorted order: {}", run.stderr);
    assert!(!run.stderr.contains("Ignored"), "only source-dirs are checked: {}", run.stderr);
    assert!(run.stderr.ends_with("\n2 errors, 0 warnings\n"), "{}", run.stderr);
}

#[test]
fn check_without_a_path_uses_the_project_in_the_current_directory() {
    let dir = TempDir::new("cwd");
    dir.write("mote.toml", MANIFEST).write("src/Foo/Bar.mote", BAD);
    let run = mote(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains(" --> src/Foo/Bar.mote:3:7\n"), "{}", run.stderr);
}

#[test]
fn check_without_a_path_outside_a_project_is_a_usage_error() {
    let dir = TempDir::new("nowhere");
    let run = mote(dir.path(), &["check"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("no PATH given"), "{}", run.stderr);
    assert!(run.stderr.contains("Usage: mote check"), "{}", run.stderr);
}

#[test]
fn source_dirs_can_be_configured() {
    let dir = TempDir::new("source-dirs");
    dir.write("mote.toml", format!("{MANIFEST}source-dirs = [\"lib\", \"app\"]\n"))
        .write("lib/Util.mote", BAD)
        .write("app/Main.mote", GOOD)
        .write("src/Unused.mote", BAD);
    let run = mote(dir.path(), &["check", "."]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("lib/Util.mote:3:7"), "{}", run.stderr);
    assert!(!run.stderr.contains("Unused"), "{}", run.stderr);
}

#[test]
fn a_bad_manifest_is_a_clear_error() {
    let cases = [
        ("[package\nname = \"x\"\n", "mote.toml:1:9:"),
        ("[package]\nname = \"x\"\n", "missing field `version`"),
        ("[package]\nname = \"x\"\nversion = \"1\"\nsource_dirs = [\"lib\"]\n", "unknown field `source_dirs`"),
        ("[package]\nname = \"\"\nversion = \"1\"\n", "`package.name` is empty"),
        ("[package]\nname = \"x\"\nversion = \"1\"\nsource-dirs = [\"nope\"]\n", "does not exist"),
    ];
    for (manifest, expected) in cases {
        let dir = TempDir::new("bad-manifest");
        dir.write("demo/mote.toml", manifest).write("demo/src/Main.mote", GOOD);
        let run = mote(dir.path(), &["check", "demo"]);
        assert_eq!(run.code, Some(2), "{manifest}: {run:?}");
        assert!(run.stderr.starts_with("error: "), "{manifest}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{manifest}: expected {expected:?} in {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_folder_without_a_manifest_checks_every_file_under_it() {
    let dir = TempDir::new("no-manifest");
    dir.write("loose/Main.mote", GOOD);
    dir.write("loose/deeper/Bad.mote", BAD);
    let run = mote(dir.path(), &["check", "loose"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("loose/deeper/Bad.mote"), "{}", run.stderr);
    assert!(run.stderr.ends_with("1 error, 0 warnings\n"), "{}", run.stderr);
}

#[test]
fn fixities_are_imported_between_the_files_of_a_project() {
    let dir = TempDir::new("fixities");
    dir.write("mote.toml", "[package]\nname = \"ops\"\nversion = \"0.1.0\"\n");
    dir.write("src/Ops.mote", "module Ops where\ninfix 4 eq as ===\n");
    // `===` is non-associative only once its fixity is imported: chaining it is then an error.
    dir.write("src/Main.mote", "module Main where\nimport Ops\nx = a === b === c\n");
    let run = mote(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("E0017"), "{}", run.stderr);
    assert!(run.stderr.contains("src/Main.mote"), "{}", run.stderr);
}

#[test]
fn a_missing_file_exits_2_but_the_others_are_still_checked() {
    let dir = TempDir::new("missing");
    dir.write("Bad.mote", BAD);
    let run = mote(dir.path(), &["check", "Missing.mote"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.starts_with("error: cannot read Missing.mote: "), "{}", run.stderr);
    assert!(!run.stderr.contains("0 errors"), "nothing was checked: {}", run.stderr);

    let run = mote(dir.path(), &["check", "Missing.mote", "Bad.mote"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("error[E0001]"), "{}", run.stderr);
    assert!(run.stderr.ends_with("1 error, 0 warnings\n"), "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_an_error() {
    let dir = TempDir::new("latin1");
    dir.write("Main.mote", b"x = \"caf\xe9\"\n");
    let run = mote(dir.path(), &["check", "Main.mote"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("cannot read Main.mote: it is not UTF-8 text (invalid byte at offset 8)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = TempDir::new("twice");
    dir.write("mote.toml", MANIFEST).write("src/Bad.mote", BAD);
    let run = mote(dir.path(), &["check", "src/Bad.mote", ".", "src/Bad.mote"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.ends_with("\n1 error, 0 warnings\n"), "{}", run.stderr);
}

#[test]
fn explain_prints_the_long_explanation() {
    let dir = TempDir::new("explain");
    for code in ["E0010", "e0010"] {
        let run = mote(dir.path(), &["explain", code]);
        assert_eq!(run.code, Some(0), "{run:?}");
        assert!(run.stdout.starts_with("# E0010: unexpected token\n"), "{}", run.stdout);
        assert!(run.stdout.contains("```mote"), "{}", run.stdout);
    }
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let dir = TempDir::new("explain-unknown");
    let run = mote(dir.path(), &["explain", "E9999"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with("error: `E9999` is not a Mote error code"), "{}", run.stderr);
}

#[test]
fn explain_without_a_code_lists_every_code() {
    let dir = TempDir::new("explain-list");
    let run = mote(dir.path(), &["explain"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), Code::ALL.len());
    for (line, code) in lines.iter().zip(Code::ALL) {
        assert_eq!(*line, format!("{code}  {}", code.title()));
    }
}

#[test]
fn version_and_help() {
    let dir = TempDir::new("version");
    let run = mote(dir.path(), &["--version"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), "mote 0.1.0\n"));

    let run = mote(dir.path(), &["--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for text in ["check", "explain", "Examples:", "mote check src/Main.mote", "mote explain E0010"] {
        assert!(run.stdout.contains(text), "--help lacks {text:?}: {}", run.stdout);
    }
}

#[test]
fn no_arguments_prints_help_and_exits_2() {
    let dir = TempDir::new("bare");
    let run = mote(dir.path(), &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("Usage: mote <COMMAND>"), "{}", run.stderr);
}

#[test]
fn unknown_subcommands_are_usage_errors() {
    let dir = TempDir::new("unknown");
    let run = mote(dir.path(), &["build"]);
    assert_eq!(run.code, Some(2), "{run:?}");
}
