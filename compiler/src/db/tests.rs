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

/// Runs `check` on every file of the package.
fn check_all(db: &Database, package: Package) -> Vec<Vec<Diagnostic>> {
    package.files(db).iter().map(|&f| check(db, package, f).clone()).collect()
}

fn count(ran: &[String], query: &str) -> usize {
    ran.iter().filter(|q| q.starts_with(&format!("{query}("))).count()
}

#[test]
fn an_edit_inside_a_body_reinfers_only_that_binding_group() {
    use salsa::Setter;

    let mut db = Database::default();
    let lib = "module Lib where\nimport Prelude\nhalf :: Integer -> Integer\nhalf n = n `div` 2\n";
    let main_text = |triple: &str| {
        format!(
            "module Main where\nimport Prelude\nimport Lib\n\ndouble :: Integer -> Integer\ndouble x = x * 2\n\n\
             triple x = {triple}\n\ngreet name = \"hello \" <> name\n\n\
             main = println (greet (show (double (triple (half 1)))))\n"
        )
    };
    let lib = SourceFile::new(&db, "Lib.mote".into(), lib.into());
    let main = SourceFile::new(&db, "Main.mote".into(), main_text("x * 3"));
    let files = with_stdlib(&db, &[lib, main]);
    let package = Package::new(&db, files);
    let before = check_all(&db, package);
    assert!(before.iter().all(|d| d.iter().all(|d| !d.is_error())), "{before:?}");
    let groups = binding_groups(&db, package, main).clone();
    assert_eq!(groups.len(), 4, "{groups:?}");
    db.log_executions();

    // A longer body: every binding after `triple` moves, none changes.
    main.set_text(&mut db).to(main_text("x * 3 + (0 * 17)"));
    let after = check_all(&db, package);
    let ran = db.take_executions();
    assert_eq!(count(&ran, "group_bodies"), 1, "only `triple` is inferred again: {ran:?}");
    assert_eq!(count(&ran, "rest_bodies"), 1, "{ran:?}");
    // The other modules are not checked again: only `Main` is.
    assert_eq!(count(&ran, "checked"), 1, "{ran:?}");
    assert_eq!(count(&ran, "declared"), 1, "{ran:?}");
    // Names are resolved again in `Main` alone, against the interfaces it imports as they were.
    assert_eq!(count(&ran, "resolution"), 1, "only Main is re-resolved: {ran:?}");
    assert_eq!(count(&ran, "interface"), 0, "no imported interface is recomputed: {ran:?}");
    assert_eq!(before, after);

    // An error in the body is found, at its place in the file, by checking that group alone.
    main.set_text(&mut db).to(main_text("x <> 3"));
    let after = check_all(&db, package);
    let ran = db.take_executions();
    assert_eq!(count(&ran, "group_bodies"), 1, "{ran:?}");
    let errors: Vec<&Diagnostic> = after.last().expect("Main is checked").iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let text = main.text(&db);
    let span = errors[0].primary_span().expect("a primary label");
    assert_eq!(&text[span.start as usize..span.end as usize], "<>", "{errors:?}");
}

#[test]
fn an_edit_inside_an_imported_body_does_not_re_resolve_its_importers() {
    use salsa::Setter;

    let mut db = Database::default();
    let lib_text = |body: &str, extra: &str| {
        format!("module Lib where\nimport Prelude\nhalf :: Integer -> Integer\nhalf n = {body}\n{extra}")
    };
    let lib = SourceFile::new(&db, "Lib.mote".into(), lib_text("n `div` 2", ""));
    let main = SourceFile::new(
        &db,
        "Main.mote".into(),
        "module Main where\nimport Prelude\nimport Lib\nmain = println (show (half 4))\n".into(),
    );
    let package = Package::new(&db, with_stdlib(&db, &[lib, main]));
    let before = check_all(&db, package);
    assert!(before.iter().all(|d| d.iter().all(|d| !d.is_error())), "{before:?}");
    db.log_executions();

    // A longer body in `Lib`: its interface is computed again (its text moved) but compares
    // equal, so `Main`, which imports it, is neither resolved nor checked again.
    lib.set_text(&mut db).to(lib_text("(n + 0) `div` 2", ""));
    let after = check_all(&db, package);
    let ran = db.take_executions();
    assert_eq!(count(&ran, "resolution"), 1, "only Lib is re-resolved: {ran:?}");
    assert_eq!(count(&ran, "interface"), 1, "Lib's interface, found equal: {ran:?}");
    assert_eq!(count(&ran, "checked"), 1, "only Lib is checked again: {ran:?}");
    assert_eq!(before, after);

    // A new definition changes what `Lib` exports: `Main` is resolved again.
    lib.set_text(&mut db).to(lib_text("(n + 0) `div` 2", "third n = n `div` 3\n"));
    check_all(&db, package);
    let ran = db.take_executions();
    assert_eq!(count(&ran, "resolution"), 2, "Lib and its importer Main: {ran:?}");
}

#[test]
fn a_module_of_an_import_cycle_is_resolved_without_its_cyclic_imports() {
    let a = "module A where\nimport B\nf x = g x\n";
    let b = "module B where\nimport A\ng x = f x\n";
    let reports = check_package(&[a, b]);
    let errors: Vec<Vec<String>> =
        reports.iter().map(|ds| ds.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()).collect();
    // Reported once, by the first module of the cycle; the names the cycle hides are not
    // reported as unbound.
    assert_eq!(errors[0], ["import cycle: A -> B -> A"], "{reports:?}");
    assert!(errors[1].is_empty(), "{reports:?}");
}
