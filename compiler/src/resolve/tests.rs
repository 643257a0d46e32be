use super::*;
use crate::db::parse_package;
use crate::diagnostics::Severity;
use crate::stdlib::MODULES;

/// Resolves `sources` together with the standard library; returns the resolutions of `sources`.
fn resolve(sources: &[&str]) -> Vec<Resolution> {
    let mut all: Vec<&str> = MODULES.iter().map(|(_, text)| *text).collect();
    all.extend_from_slice(sources);
    let parsed = parse_package(&all);
    for p in &parsed[MODULES.len()..] {
        assert!(p.diagnostics.iter().all(|d| !d.is_error()), "parse errors: {:?}", p.diagnostics);
    }
    let modules: Vec<&Module> = parsed.iter().map(|p| &p.module).collect();
    resolve_package(&modules).split_off(MODULES.len())
}

/// `E0108: message (help)` for each diagnostic of the given severity.
fn report(r: &Resolution, severity: Severity) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| match &d.help {
            Some(h) => format!("{}: {} ({h})", d.code, d.message),
            None => format!("{}: {}", d.code, d.message),
        })
        .collect()
}

fn errors(r: &Resolution) -> Vec<String> {
    report(r, Severity::Error)
}

fn warnings(r: &Resolution) -> Vec<String> {
    report(r, Severity::Warning)
}

/// What the name at the `n`th occurrence of `needle` in `source` resolved to.
fn target_at(r: &Resolution, source: &str, needle: &str, n: usize) -> Option<Target> {
    let start = source.match_indices(needle).nth(n).expect("the needle occurs").0;
    r.references.iter().find(|(span, _)| span.start as usize == start).map(|(_, t)| t.clone())
}

fn def(module: &str, name: &str, namespace: Namespace) -> Option<Target> {
    Some(Target::Def(Def::new(module, name, namespace)))
}

#[test]
fn unknown_module_suggests_the_nearest() {
    let r = resolve(&["module Main where\nimport Prelude\nimport Data.Mpa\nmain = println \"x\"\n"]);
    assert_eq!(errors(&r[0]), ["E0100: there is no module `Data.Mpa` (did you mean `Data.Map`?)"]);
}

#[test]
fn an_import_cycle_is_reported_once_with_its_path() {
    let r = resolve(&[
        "module A where\nimport B\nf x = g x\n",
        "module B where\nimport C\ng x = h x\n",
        "module C where\nimport A\nh x = x\n",
    ]);
    assert_eq!(errors(&r[0]), ["E0101: import cycle: A -> B -> C -> A"]);
    assert!(errors(&r[1]).is_empty() && errors(&r[2]).is_empty());
    let r = resolve(&["module Self where\nimport Self\nf = 1\n"]);
    assert_eq!(errors(&r[0]), ["E0101: import cycle: Self -> Self"]);
}

#[test]
fn a_module_outside_a_cycle_sees_the_cycle_s_interfaces() {
    let a = "module A where\nimport B\nf x = g x\n";
    let b = "module B where\nimport A\ng x = f x\n";
    let user = "module User where\nimport A\nh = f\nk = g\n";
    let r = resolve(&[a, b, user]);
    assert_eq!(errors(&r[0]), ["E0101: import cycle: A -> B -> A"]);
    assert!(errors(&r[1]).is_empty(), "{:?}", errors(&r[1]));
    // Inside the cycle, each module is resolved without the imports that lead back to it, so
    // `g` is left unresolved, and not reported either.
    assert_eq!(target_at(&r[0], a, "g", 0), None);
    // `User` imports the cycle without being part of it: it sees `A`'s exports in full.
    assert_eq!(errors(&r[2]), ["E0108: the value `g` is not in scope (did you mean `f`, `h` or `k`?)"]);
    assert_eq!(target_at(&r[2], user, "f", 0), def("A", "f", Namespace::Value));
}

#[test]
fn duplicates_scattered_equations_and_lonely_signatures() {
    let source = "module M where\ndata Foo = A\ndata Foo = B\nf 0 = 1\ng = 2\nf n = n\nh :: Integer\n";
    let r = resolve(&[source]);
    assert_eq!(
        errors(&r[0]),
        [
            "E0102: the type `Foo` is defined twice",
            "E0103: the equations of `f` must be together",
            "E0104: `h` has a type signature but no definition (define `h` below its signature, or remove the signature)",
        ]
    );
}

#[test]
fn exports_must_exist_and_t_dotdot_exports_constructors() {
    let lib = "module Lib (Shape(..), Hidden, area, missing, class Nope) where\ndata Shape = Circle | Square\ndata Hidden = H\narea s = 1\n";
    let main = "module Main where\nimport Lib\nx = Circle\ny = H\nz = area Square\n";
    let r = resolve(&[lib, main]);
    assert_eq!(
        errors(&r[0]),
        [
            "E0105: cannot export the value `missing`: it is not in scope",
            "E0105: cannot export the class `Nope`: it is not in scope",
        ]
    );
    assert_eq!(errors(&r[1]), ["E0108: the constructor `H` is not in scope"]);
    assert_eq!(
        r[0].interface.get(Namespace::Constructor, "Circle"),
        Some(&Def::new("Lib", "Circle", Namespace::Constructor))
    );
    assert_eq!(target_at(&r[1], main, "Circle", 0), def("Lib", "Circle", Namespace::Constructor));
}

#[test]
fn module_reexports_and_no_export_list() {
    let a = "module A where\nimport Prelude\none = 1\n";
    let b = "module B (module A, two) where\nimport A\ntwo = one\n";
    let c = "module C where\nimport B\nthree = one\nfour = two\n";
    let r = resolve(&[a, b, c]);
    assert!(errors(&r[2]).is_empty(), "{:?}", errors(&r[2]));
    // A exports what it defines, not the Prelude it imports.
    assert!(r[0].interface.get(Namespace::Value, "map").is_none());
    assert_eq!(target_at(&r[2], c, "one", 0), def("A", "one", Namespace::Value));
}

#[test]
fn aliased_imports_are_qualified_only() {
    let source = "module Main where\nimport Prelude\nimport Data.Map as Map\nx = Map.size Map.empty\ny = size\n";
    let r = resolve(&[source]);
    assert_eq!(errors(&r[0]), ["E0108: the value `size` is not in scope (did you mean `Map.size`?)"]);
    assert_eq!(target_at(&r[0], source, "Map.size", 0), def("Data.Map", "size", Namespace::Value));
}

#[test]
fn import_lists_hiding_and_unexported_names() {
    let source = "module Main where\nimport Prelude hiding (map)\nimport Data.Maybe (fromMaybe, fromMaybee, Maybe(..))\nx = fromMaybe 1 (Just 2)\ny = map\n";
    let r = resolve(&[source]);
    assert_eq!(
        errors(&r[0]),
        [
            "E0106: module `Data.Maybe` does not export a value `fromMaybee` (did you mean `fromMaybe`?)",
            "E0108: the value `map` is not in scope (did you mean `max`, `min` or `mod`?)",
        ]
    );
    assert_eq!(target_at(&r[0], source, "Just", 0), def("Prelude", "Just", Namespace::Constructor));
}

#[test]
fn different_definitions_of_one_name_are_ambiguous_at_the_use() {
    let a = "module A where\nf = 1\n";
    let b = "module B where\nf = 2\n";
    let main = "module Main where\nimport A\nimport B\ng = A.f\nh = f\n";
    let r = resolve(&[a, b, main]);
    assert_eq!(errors(&r[2]), ["E0107: `f` is ambiguous (qualify the name, or hide it from one of the imports)"]);
}

#[test]
fn locals_shadow_and_unbound_names_get_suggestions() {
    let source = "module Main where\nimport Prelude\nf map = map 1\ng xs = [y | x <- xs, let y = x + 1]\nh = lenght\nk = \\q -> case q of\n  Just w | Just v <- w -> v\n  _ -> q\n";
    let r = resolve(&[source]);
    assert_eq!(errors(&r[0]), ["E0108: the value `lenght` is not in scope (did you mean `length`?)"]);
    let binder = source.find("map").expect("present");
    assert_eq!(target_at(&r[0], source, "map", 1), Some(Target::Local(Span::new(binder, binder + 3))));
    assert_eq!(target_at(&r[0], source, "+", 0), def("Prelude", "+", Namespace::Value));
    assert!(matches!(target_at(&r[0], source, "v\n", 0), Some(Target::Local(_))));
}

#[test]
fn types_classes_and_operator_constructors() {
    let source = "module Main where\nimport Prelude\ndata NonEmpty a = NonEmpty a [a]\ninfixr 5 NonEmpty as :|\nhead :: NonEmpty a -> a\nhead (x :| _) = x\nclass Sized a where\n  size :: a -> Integre\ninstance Sized (NonEmpty a) where\n  size _ = 1\nshowIt :: Shw a => a -> String\nshowIt = show\n";
    let r = resolve(&[source]);
    assert_eq!(
        errors(&r[0]),
        [
            "E0108: the type `Integre` is not in scope (did you mean `Integer`?)",
            "E0108: the class `Shw` is not in scope (did you mean `Show`?)",
        ]
    );
    assert_eq!(target_at(&r[0], source, ":|", 1), def("Main", ":|", Namespace::Constructor));
    assert_eq!(target_at(&r[0], source, "String", 0), def(PRIM, "String", Namespace::Type));
}

#[test]
fn unused_imports_are_warnings() {
    let source = "module Main where\nimport Prelude\nimport Data.Char (isDigit, isAlpha)\nimport Data.Tuple\nmain = println (show (isDigit '7'))\n";
    let r = resolve(&[source]);
    assert!(errors(&r[0]).is_empty());
    assert_eq!(
        warnings(&r[0]),
        [
            "E0109: `isAlpha` is imported from `Data.Char` but not used (remove `isAlpha` from the import list)",
            "E0109: unused import of `Data.Tuple` (remove the import)",
        ]
    );
}

#[test]
fn the_standard_library_and_examples_resolve_without_errors() {
    let examples_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut examples: Vec<(String, String)> = std::fs::read_dir(examples_dir)
        .expect("examples/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "mote"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("readable example")))
        .collect();
    examples.sort();
    let mut failures = Vec::new();
    // The stdlib alone, then each example (they are all `Main`) with it.
    let mut sets: Vec<(String, Vec<&str>)> = vec![("stdlib".into(), Vec::new())];
    sets.extend(examples.iter().map(|(name, text)| (name.clone(), vec![text.as_str()])));
    for (set, extra) in &sets {
        let mut all: Vec<&str> = MODULES.iter().map(|(_, text)| *text).collect();
        all.extend(extra);
        let parsed = parse_package(&all);
        let modules: Vec<&Module> = parsed.iter().map(|p| &p.module).collect();
        for r in resolve_package(&modules) {
            for d in r.diagnostics.iter().filter(|d| d.is_error()) {
                failures.push(format!("{set}: {}: {}: {} at {:?}", r.module, d.code, d.message, d.primary_span()));
            }
        }
    }
    assert!(failures.is_empty(), "resolution errors:\n{}", failures.join("\n"));
}

#[test]
fn the_standard_library_imports_nothing_it_does_not_use() {
    let all: Vec<&str> = MODULES.iter().map(|(_, text)| *text).collect();
    let parsed = parse_package(&all);
    let modules: Vec<&Module> = parsed.iter().map(|p| &p.module).collect();
    let mut found = Vec::new();
    for r in resolve_package(&modules) {
        assert!(!r.references.is_empty(), "{} resolves its references", r.module);
        found.extend(warnings(&r).into_iter().map(|w| format!("{}: {w}", r.module)));
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_plain_import_is_also_qualified_by_the_module_name() {
    let source =
        "module Main where\nimport Prelude\nimport Data.Tuple\nx = Data.Tuple.fst (1, 2)\ny = Data.Tupel.snd (1, 2)\n";
    let r = resolve(&[source]);
    assert_eq!(
        errors(&r[0]),
        ["E0108: `Data.Tupel.snd` is not in scope: no import is named `Data.Tupel` (did you mean `Data.Tuple.snd`?)"]
    );
    assert_eq!(target_at(&r[0], source, "Data.Tuple.fst", 0), def("Prelude", "fst", Namespace::Value));
}
