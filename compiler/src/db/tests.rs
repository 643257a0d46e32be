//! Database tests: cross-module fixities, and which queries an edit re-runs.

use super::*;
use crate::syntax::dump;

fn body(p: &Parsed) -> String {
    dump::module(&p.module).lines().filter(|l| l.starts_with("(eq")).collect::<Vec<_>>().join("\n")
}

#[test]
fn fixities_cross_module_boundaries() {
    let ops =
        "module Ops (plus, (+++), (***)) where\ninfixl 6 plus as +++\ninfixl 7 times as ***\ninfixr 2 hidden as ~~\n";
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

#[test]
fn an_edit_reruns_only_the_queries_it_touches() {
    use salsa::Setter;

    let mut db = Database::default();
    let ops = SourceFile::new(&db, "Ops.mote".into(), "module Ops where\ninfixr 5 cons as +:\n".into());
    let main = SourceFile::new(&db, "Main.mote".into(), "module Main where\nimport Ops\nx = a +: b +: c\n".into());
    let other = SourceFile::new(&db, "Other.mote".into(), "module Other where\ny = 1 + 2\n".into());
    let package = Package::new(&db, vec![ops, main, other]);
    for file in [ops, main, other] {
        resolved(&db, package, file);
    }
    db.log_executions();

    // Editing a body in `Main` re-parses and re-resolves `Main` only.
    main.set_text(&mut db).to("module Main where\nimport Ops\nx = a +: b +: c +: d\n".into());
    for file in [ops, main, other] {
        resolved(&db, package, file);
    }
    let ran = db.take_executions();
    assert!(ran.iter().any(|q| q.starts_with("parse(")), "Main is re-parsed: {ran:?}");
    assert_eq!(ran.iter().filter(|q| q.starts_with("parse(")).count(), 1, "only Main is re-parsed: {ran:?}");
    assert_eq!(ran.iter().filter(|q| q.starts_with("resolved(")).count(), 1, "only Main is re-resolved: {ran:?}");
    assert!(!ran.iter().any(|q| q.starts_with("exported_fixities(")), "no exported fixity changed: {ran:?}");

    // Editing a body in `Ops` leaves its exported fixities equal, so its importers are not
    // re-resolved (salsa backdates the unchanged result).
    ops.set_text(&mut db).to("module Ops where\ninfixr 5 cons as +:\nz = 1\n".into());
    for file in [ops, main, other] {
        resolved(&db, package, file);
    }
    let ran = db.take_executions();
    assert_eq!(ran.iter().filter(|q| q.starts_with("resolved(")).count(), 1, "only Ops is re-resolved: {ran:?}");

    // Changing the fixity itself re-resolves the importer.
    ops.set_text(&mut db).to("module Ops where\ninfixl 5 cons as +:\n".into());
    let body = dump::module(&resolved(&db, package, main).module);
    assert!(body.contains("(+: (+: (+: a b) c) d)"), "{body}");
}
