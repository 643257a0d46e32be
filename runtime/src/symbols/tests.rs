use super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The files below `dir` whose names end in `.ext`.
fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_with_ext(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The names of `foreign import NAME ::` in the stdlib.
fn foreign_imports() -> BTreeSet<String> {
    let stdlib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../stdlib");
    let mut files = Vec::new();
    files_with_ext(&stdlib, "mote", &mut files);
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a stdlib file is UTF-8");
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if let (Some("foreign"), Some("import"), Some(name), Some("::")) =
                (words.next(), words.next(), words.next(), words.next())
            {
                names.insert(name.to_string());
            }
        }
    }
    names
}

#[test]
fn every_stdlib_primitive_is_exported() {
    let exported: BTreeSet<&str> = symbols().into_iter().map(|(name, _)| name).collect();
    let imports = foreign_imports();
    assert!(imports.len() > 100, "found the stdlib's foreign imports");
    let missing: Vec<String> = imports
        .iter()
        .map(|name| format!("mote_{name}"))
        .filter(|symbol| !exported.contains(symbol.as_str()))
        .collect();
    assert!(missing.is_empty(), "primitives without a symbol: {missing:?}");
}

#[test]
fn every_abi_service_is_exported() {
    let exported: BTreeSet<&str> = symbols().into_iter().map(|(name, _)| name).collect();
    let abi = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ABI.md")).expect("ABI.md");
    let mut services: BTreeSet<String> = BTreeSet::new();
    for piece in abi.split('`') {
        let name: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if (name.starts_with("mote_rt_") || name.starts_with("mote_binary")) && !name.ends_with('_') {
            services.insert(name);
        }
    }
    assert!(services.contains("mote_rt_alloc") && services.contains("mote_binaryGetInt"));
    let missing: Vec<&String> = services.iter().filter(|s| !exported.contains(s.as_str())).collect();
    assert!(missing.is_empty(), "ABI services without a symbol: {missing:?}");
}

#[test]
fn every_exported_function_is_listed_once() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let listed: Vec<&str> = symbols().into_iter().map(|(name, _)| name).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "no duplicates");
    let mut found = BTreeSet::new();
    let mut files = Vec::new();
    files_with_ext(&src, "rs", &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a source file");
        for piece in text.split("extern \"C\" fn ").skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if name.starts_with("mote_") {
                found.insert(name);
            }
        }
    }
    let missing: Vec<&String> = found.iter().filter(|n| !unique.contains(n.as_str())).collect();
    assert!(missing.is_empty(), "exported but not listed: {missing:?}");
    assert!(symbols().iter().all(|(_, address)| !address.is_null()));
}
