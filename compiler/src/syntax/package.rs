//! Parsing a package: every module of a project, with operator fixities imported across modules.
//!
//! Fixities must be known before operator chains can be associated, and they may come from an
//! imported module. So each module is parsed first, the fixity declarations each one exports are
//! collected, and then every module's chains are resolved with the Prelude's fixities, those of
//! the modules it imports (respecting export lists, import lists and `hiding`), and its own.

use std::collections::HashMap;

use super::ast::{DeclKind, Entity, Fixity, ImportList, Module};
use super::fixity::{self, FixityTable};
use super::parse::{Parsed, parse_unresolved};

/// Parses every source of a package and resolves fixities across their imports. The result is
/// in the order of `sources`.
pub fn parse_package(sources: &[&str]) -> Vec<Parsed> {
    let mut parsed: Vec<Parsed> = sources.iter().map(|s| parse_unresolved(s)).collect();
    let exported: HashMap<String, Vec<Fixity>> = parsed
        .iter()
        .filter_map(|p| {
            let header = p.module.header.as_ref()?;
            Some((header.name.name.clone(), exported_fixities(&p.module)))
        })
        .collect();
    for p in &mut parsed {
        let table = imported_table(&p.module, &exported);
        let more = fixity::resolve_module(&mut p.module, &table);
        p.diagnostics.extend(more);
        p.diagnostics.sort_by_key(|d| d.primary_span().map(|s| (s.start, s.end)));
    }
    parsed
}

/// The module's top-level fixity declarations that its export list lets out: all of them
/// without an export list, else those whose operator is listed as `(op)`.
fn exported_fixities(module: &Module) -> Vec<Fixity> {
    let listed = |op: &str| match module.header.as_ref().and_then(|h| h.exports.as_ref()) {
        None => true,
        Some(exports) => exports.iter().any(|e| matches!(e, Entity::Value(v) if v.name == op)),
    };
    module
        .decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Fixity(f) if listed(&f.operator.name) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

/// The Prelude's fixities plus those of every package module `module` imports.
fn imported_table(module: &Module, exported: &HashMap<String, Vec<Fixity>>) -> FixityTable {
    let mut table = FixityTable::prelude();
    for import in &module.imports {
        let Some(fixities) = exported.get(&import.module.name) else { continue };
        let visible: Vec<Fixity> = fixities
            .iter()
            .filter(|f| {
                let named =
                    |items: &[Entity]| items.iter().any(|e| matches!(e, Entity::Value(v) if v.name == f.operator.name));
                match &import.list {
                    None => true,
                    Some(ImportList::Only(items)) => named(items),
                    Some(ImportList::Hiding(items)) => !named(items),
                }
            })
            .cloned()
            .collect();
        // Conflicts among declarations are reported in the module that declares them; the
        // importer keeps the first.
        for f in &visible {
            let _ = table.declare(f);
        }
        let qualifier = import.alias.as_ref().map_or(&import.module.name, |a| &a.name);
        let decls: Vec<_> = visible
            .into_iter()
            .map(|f| super::ast::Decl { kind: DeclKind::Fixity(f), span: crate::span::Span::default(), doc: None })
            .collect();
        let _ = table.extend_qualified(qualifier, &decls);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dump;

    fn body(p: &Parsed) -> String {
        dump::module(&p.module).lines().filter(|l| l.starts_with("(eq")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn fixities_cross_module_boundaries() {
        let ops = "module Ops (plus, (+++), (***)) where\ninfixl 6 plus as +++\ninfixl 7 times as ***\ninfixr 2 hidden as ~~\n";
        let user = "module User where\nimport Ops\nx = a +++ b *** c\ny = a ~~ b ~~ c\n";
        let qualified = "module Q where\nimport Ops as O\nx = a O.+++ b O.*** c\n";
        let hiding = "module H where\nimport Ops hiding ((***))\nx = a +++ b *** c\n";
        let parsed = parse_package(&[ops, user, qualified, hiding]);
        assert!(
            parsed.iter().all(|p| p.diagnostics.is_empty()),
            "{:?}",
            parsed.iter().map(|p| &p.diagnostics).collect::<Vec<_>>()
        );
        // `***` binds tighter than `+++` once imported; `~~` is not exported, so it defaults
        // to infixl 9.
        assert_eq!(body(&parsed[1]), "(eq x () (+++ a (*** b c)))\n(eq y () (~~ (~~ a b) c))");
        assert_eq!(body(&parsed[2]), "(eq x () (O.+++ a (O.*** b c)))");
        // Hidden: `***` is infixl 9 again, still tighter than `+++`; check `+++` is imported
        // by making both left-nested at different levels.
        assert_eq!(body(&parsed[3]), "(eq x () (+++ a (*** b c)))");
    }

    #[test]
    fn imported_fixity_changes_association() {
        let ops = "module Ops where\ninfixr 5 cons as +:\n";
        let with = "module A where\nimport Ops\nx = a +: b +: c\n";
        let without = "module B where\nx = a +: b +: c\n";
        let parsed = parse_package(&[ops, with, without]);
        assert_eq!(body(&parsed[1]), "(eq x () (+: a (+: b c)))");
        assert_eq!(body(&parsed[2]), "(eq x () (+: (+: a b) c))");
    }
}
