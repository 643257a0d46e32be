//! The standard library stays consistent with what the rest of the toolchain assumes: it parses
//! cleanly, the Prelude's fixities are the ones the parser falls back on, and `PRIMITIVES.md`
//! (the runtime's contract) lists exactly the `foreign import`s of the sources, with their types.

use std::collections::BTreeMap;

use mote_compiler::stdlib::MODULES;
use mote_compiler::syntax::ast::{DeclKind, Name, Operator};
use mote_compiler::syntax::fixity::FixityTable;
use mote_compiler::syntax::{parse_module, pretty};

#[test]
fn every_module_parses_cleanly() {
    assert!(MODULES.len() >= 10, "the standard library is embedded");
    for (name, source) in MODULES {
        let parsed = parse_module(source);
        assert!(parsed.diagnostics.is_empty(), "{name}: {:#?}", parsed.diagnostics);
        let header = parsed.module.header.as_ref().expect("every library module has a header");
        assert_eq!(header.name.name, *name, "module name matches its path");
    }
}

#[test]
fn built_in_fixities_agree_with_the_prelude() {
    let prelude = mote_compiler::stdlib::source("Prelude").expect("the Prelude exists");
    let parsed = parse_module(prelude);
    let built_in = FixityTable::prelude();
    let mut checked = 0;
    for decl in &parsed.module.decls {
        let DeclKind::Fixity(f) = &decl.kind else { continue };
        let backticks = f.operator.name.chars().next().is_some_and(char::is_alphabetic);
        let op = Operator { name: Name::unqualified(f.operator.name.clone(), f.operator.span), backticks };
        assert_eq!(built_in.lookup(&op), (f.assoc, f.precedence), "fixity of `{}`", f.operator.name);
        checked += 1;
    }
    assert!(checked >= 20, "the Prelude declares its operators ({checked} found)");
}

/// `name :: type` of every foreign import in the sources; a name declared twice must have one type.
fn foreign_imports() -> BTreeMap<String, String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for (module, source) in MODULES {
        for decl in parse_module(source).module.decls {
            if let DeclKind::Foreign { name, ty } = decl.kind {
                let ty = normalise(&pretty::ty(&ty));
                if let Some(previous) = found.insert(name.name.clone(), ty.clone()) {
                    assert_eq!(previous, ty, "{module} declares `{}` with another type", name.name);
                }
            }
        }
    }
    found
}

fn normalise(ty: &str) -> String {
    ty.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn primitives_md_lists_every_foreign_import() {
    let doc = include_str!("../../stdlib/PRIMITIVES.md");
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    for line in doc.lines() {
        // | `intAdd` | `Integer -> Integer -> Integer` | what it does |
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 {
            continue;
        }
        let (Some(name), Some(ty)) = (cells[1].strip_prefix('`'), cells[2].strip_prefix('`')) else { continue };
        let (Some(name), Some(ty)) = (name.strip_suffix('`'), ty.strip_suffix('`')) else { continue };
        if name.chars().all(|c| c.is_alphanumeric()) && name.starts_with(char::is_lowercase) && !ty.contains("::") {
            listed.insert(name.to_string(), normalise(ty));
        }
    }
    let sources = foreign_imports();
    let missing: Vec<&String> = sources.keys().filter(|k| !listed.contains_key(*k)).collect();
    let extra: Vec<&String> = listed.keys().filter(|k| !sources.contains_key(*k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "not in PRIMITIVES.md: {missing:?}; not in the sources: {extra:?}");
    for (name, ty) in &sources {
        // Compare through the parser, so spacing and redundant parentheses do not matter.
        let doc_ty = &listed[name];
        let reparsed = parse_module(&format!("foreign import {name} :: {doc_ty}\n"));
        let DeclKind::Foreign { ty: parsed, .. } = &reparsed.module.decls[0].kind else {
            panic!("PRIMITIVES.md gives `{name}` an unparsable type: {doc_ty}")
        };
        assert_eq!(&normalise(&pretty::ty(parsed)), ty, "type of `{name}`");
    }
}

#[test]
fn operators_in_the_library_resolve() {
    // No operator chain is left unresolved after parsing with the library's own fixities.
    for (name, source) in MODULES {
        let parsed = mote_compiler::db::parse_package(&[source]);
        let text = mote_compiler::syntax::dump::module(&parsed[0].module);
        assert!(!text.contains("(chain "), "{name} has an unresolved chain");
    }
}
