//! The diagnostic snapshots in `tests/ui/`: for every `tests/ui/**/NAME.mote`, the stderr of
//! `mote check tests/ui/**/NAME.mote` (run from the repository root, without colour) must equal
//! `NAME.stderr` next to it, and the exit status must agree with the summary line.
//!
//! `MOTE_BLESS=1 cargo test -p mote-cli --test ui` writes the `.stderr` files instead.

mod common;

use common::diff;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const UI_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/ui");
const BLESS: &str = "MOTE_BLESS=1 cargo test -p mote-cli --test ui";

#[test]
fn ui() {
    let bless = std::env::var_os("MOTE_BLESS").is_some_and(|v| v == "1");
    let mut sources = Vec::new();
    let mut snapshots = Vec::new();
    walk(Path::new(UI_DIR), &mut sources, &mut snapshots);
    sources.sort();
    assert!(!sources.is_empty(), "no .mote files under {UI_DIR}");

    let mut failures = Vec::new();
    for source in &sources {
        let relative = relative_to_root(source);
        let output = Command::new(env!("CARGO_BIN_EXE_mote"))
            .args(["check", &relative])
            .current_dir(REPO_ROOT)
            .env("NO_COLOR", "1")
            .output()
            .expect("the mote binary runs");
        let actual = normalise(&String::from_utf8_lossy(&output.stderr), source, &relative);
        let code = output.status.code();

        let expected_code = if actual.lines().last().is_some_and(|l| l.starts_with("0 errors")) { 0 } else { 1 };
        if code != Some(expected_code) {
            failures
                .push(format!("{relative}: exit status {code:?}, but the output calls for {expected_code}\n{actual}"));
            continue;
        }
        let snapshot = source.with_extension("stderr");
        let snapshot_name = relative_to_root(&snapshot);
        if bless {
            fs::write(&snapshot, &actual).unwrap_or_else(|e| panic!("cannot write {snapshot_name}: {e}"));
            continue;
        }
        match fs::read_to_string(&snapshot) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => {
                failures.push(format!("{snapshot_name} differs (- expected, + actual):\n{}", diff(&expected, &actual)))
            }
            Err(_) => failures
                .push(format!("{snapshot_name} is missing; create it with `{BLESS}`\nthe output was:\n{actual}")),
        }
    }
    for snapshot in &snapshots {
        if !snapshot.with_extension("mote").is_file() {
            failures.push(format!("{} has no .mote file next to it; delete it", relative_to_root(snapshot)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) in {} ui tests (bless intended changes with `{BLESS}`):\n\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
}

fn walk(dir: &Path, sources: &mut Vec<PathBuf>, snapshots: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry can be read").path();
        if path.is_dir() {
            walk(&path, sources, snapshots);
        } else if path.extension().is_some_and(|e| e == "mote") {
            sources.push(path);
        } else if path.extension().is_some_and(|e| e == "stderr") {
            snapshots.push(path);
        }
    }
}

/// `tests/ui/…/NAME.mote`, with `/` separators on every platform.
fn relative_to_root(path: &Path) -> String {
    let relative = path.strip_prefix(REPO_ROOT).expect("ui files live under the repository root");
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Writes the file's path as `tests/ui/…/NAME.mote` however the compiler spelt it.
fn normalise(stderr: &str, source: &Path, relative: &str) -> String {
    let absolute = source.display().to_string();
    let canonical = fs::canonicalize(source).map(|p| p.display().to_string()).unwrap_or_else(|_| absolute.clone());
    stderr.replace(&canonical, relative).replace(&absolute, relative).replace(&relative.replace('/', "\\"), relative)
}
