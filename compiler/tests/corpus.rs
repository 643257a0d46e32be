//! Every Mote source the project ships parses without errors: examples, the book's code blocks,
//! and (as they arrive) the standard library and `tests/run`.

use std::fs;
use std::path::{Path, PathBuf};

use mote_compiler::db::check_package;
use mote_compiler::syntax::parse_module;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mote_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            mote_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "mote") {
            out.push(path);
        }
    }
}

fn assert_parses(name: &str, source: &str) -> Result<(), String> {
    let parsed = parse_module(source);
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        let messages: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("  {} at {:?}: {}", d.code, d.primary_span(), d.message))
            .collect();
        return Err(format!("{name}:\n{}", messages.join("\n")));
    }
    Ok(())
}

#[test]
fn examples_and_stdlib_parse() {
    let mut files = Vec::new();
    for dir in ["examples", "stdlib", "tests/run"] {
        mote_files(&root().join(dir), &mut files);
    }
    assert!(!files.is_empty(), "no examples found");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| assert_parses(&f.display().to_string(), &fs::read_to_string(f).expect("readable")).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Errors `mote check` reports for `sources` checked as one package, by file name.
fn type_errors(names: &[String], sources: &[String]) -> Vec<String> {
    let texts: Vec<&str> = sources.iter().map(String::as_str).collect();
    let mut failures = Vec::new();
    for (name, diagnostics) in names.iter().zip(check_package(&texts)) {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            failures.push(format!("{name}: {} at {:?}: {}", d.code, d.primary_span(), d.message));
        }
    }
    failures
}

/// Every shipped program type-checks: the standard library as one package, each example and
/// each `tests/run` program on its own (they are all `Main`).
#[test]
fn examples_and_stdlib_type_check() {
    let read = |files: &[PathBuf]| -> (Vec<String>, Vec<String>) {
        let names = files.iter().map(|f| f.display().to_string()).collect();
        let sources = files.iter().map(|f| fs::read_to_string(f).expect("readable")).collect();
        (names, sources)
    };
    let mut stdlib = Vec::new();
    mote_files(&root().join("stdlib"), &mut stdlib);
    let (names, sources) = read(&stdlib);
    let mut failures = type_errors(&names, &sources);
    let mut programs = Vec::new();
    for dir in ["examples", "tests/run"] {
        mote_files(&root().join(dir), &mut programs);
    }
    assert!(!programs.is_empty(), "no examples found");
    for program in &programs {
        let (names, sources) = read(std::slice::from_ref(program));
        failures.extend(type_errors(&names, &sources));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// ```mote blocks in the book must parse (and type-check, when they are whole modules);
/// ```mote,error blocks must not.
#[test]
fn book_code_blocks_parse() {
    let mut chapters = Vec::new();
    let dir = root().join("book/src");
    for entry in fs::read_dir(&dir).expect("book/src exists") {
        let path = entry.expect("readable dir").path();
        if path.extension().is_some_and(|e| e == "md") {
            chapters.push(path);
        }
    }
    chapters.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for chapter in chapters {
        let text = fs::read_to_string(&chapter).expect("readable chapter");
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            let Some(info) = line.trim_start().strip_prefix("```mote") else { continue };
            let expect_error = info.split(',').any(|tag| tag.trim() == "error");
            let block: Vec<&str> =
                lines.by_ref().map(|(_, l)| l).take_while(|l| !l.trim_start().starts_with("```")).collect();
            let source = block.join("\n") + "\n";
            let name = format!("{}:{}", chapter.display(), n + 1);
            checked += 1;
            let outcome = assert_parses(&name, &source).and_then(|()| {
                if !source.trim_start().starts_with("module ") {
                    return Ok(());
                }
                let errors = type_errors(std::slice::from_ref(&name), std::slice::from_ref(&source));
                if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
            });
            match (outcome, expect_error) {
                (Ok(()), true) => failures.push(format!("{name}: marked `error` but parses cleanly")),
                (Err(e), false) => failures.push(e),
                _ => {}
            }
        }
    }
    assert!(checked > 0, "the book has no mote code blocks");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
