//! Generates the parser from the grammar, and embeds the standard library's sources.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .emit_rerun_directives(true)
        .process()
        .expect("the grammar has no conflicts");
    embed_stdlib();
}

/// Writes `$OUT_DIR/stdlib.rs`: every `stdlib/**/*.mote` as (module name, source), sorted by
/// module name. Module `Data.Map` lives in `stdlib/Data/Map.mote`.
fn embed_stdlib() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../stdlib");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut modules: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).expect("collected under the root").with_extension("");
            let name: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            (name.join("."), path)
        })
        .collect();
    modules.sort();
    let mut out = String::from(
        "/// The standard library: (module name, source), sorted by name.\npub static MODULES: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &modules {
        let path = fs::canonicalize(path).expect("a file just listed exists");
        writeln!(out, "    ({name:?}, include_str!({:?})),", path.display().to_string()).expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("stdlib.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "mote") {
            out.push(path);
        }
    }
}
