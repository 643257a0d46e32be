//! Round trips through the parser: source -> tree -> text -> tree, for a corpus of sources
//! and for generated trees. They need the parser, the layout pass and the fixity pass.

use insta::assert_snapshot;
use proptest::prelude::*;

use super::*;
use crate::syntax::fixity::FixityTable;
use crate::syntax::{parse_module, parse_unresolved};

/// Parses `text`, failing with the printed text and the diagnostics if it has errors.
fn parse_clean(text: &str) -> Module {
    let parsed = parse_module(text);
    if !parsed.diagnostics.is_empty() {
        let index = crate::span::LineIndex::new(text);
        let problems: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                let at = d.labels.first().map_or(0, |l| l.span.start as usize);
                let (line, column) = index.line_col(text, at);
                format!("{line}:{column}: {}", d.message)
            })
            .collect();
        panic!("does not parse:\n{text}\n{}", problems.join("\n"));
    }
    parsed.module
}

fn erased(mut m: Module) -> Module {
    erase_spans(&mut m);
    m
}

/// Prints `m` every way and checks that each text parses back to `m`, and that printing is
/// idempotent.
fn assert_round_trips(m: &Module) {
    let table = FixityTable::prelude();
    let lookup = |o: &Operator| Some(table.lookup(o));
    let expected = erased(m.clone());
    for (style, text) in
        [("layout", module(m)), ("braced", module_braced(m)), ("fixities", module_with_fixities(m, &lookup))]
    {
        let back = erased(parse_clean(&text));
        assert_eq!(back, expected, "the {style} text reads back as another tree:\n{text}");
    }
    let text = module(m);
    assert_eq!(module(&parse_clean(&text)), text, "printing is not idempotent");
}

/// Checks that the flat operator chains of an unresolved tree print as they were parsed.
fn assert_unresolved_round_trips(source: &str) {
    let first = parse_unresolved(source);
    assert!(first.diagnostics.is_empty(), "{:?}", first.diagnostics);
    let text = module(&first.module);
    let second = parse_unresolved(&text);
    assert!(second.diagnostics.is_empty(), "does not parse:\n{text}\n{:?}", second.diagnostics);
    assert_eq!(erased(second.module), erased(first.module), "the text reads back as another tree:\n{text}");
}

/// Sources that exercise every construct, in the shapes people write them.
const CORPUS: &[(&str, &str)] = &[
    ("language_tour", include_str!("../testdata/tour.mote")),
    ("expressions", include_str!("../testdata/expressions.mote")),
    ("layout", include_str!("../testdata/layout.mote")),
];

#[test]
fn corpus_round_trips() {
    for (name, source) in CORPUS {
        let m = parse_clean(source);
        assert_round_trips(&m);
        assert_unresolved_round_trips(source);
        assert_snapshot!(format!("corpus_{name}"), module(&m));
    }
}

fn module_of(decls: Vec<Decl>) -> Module {
    Module {
        header: Some(ModuleHeader { name: ModuleName { name: "M".into(), span: sp() }, exports: None, span: sp() }),
        imports: Vec::new(),
        decls,
        span: sp(),
    }
}

/// Checks that `decls` in a module print, in both styles, as text that reads back as them.
fn assert_decls_round_trip(decls: Vec<Decl>) -> Result<(), TestCaseError> {
    assert_module_round_trips(&module_of(decls))
}

fn assert_module_round_trips(m: &Module) -> Result<(), TestCaseError> {
    let table = FixityTable::prelude();
    let lookup = |o: &Operator| Some(table.lookup(o));
    for text in [module(m), module_braced(m), module_with_fixities(m, &lookup)] {
        let parsed = parse_module(&text);
        prop_assert!(parsed.diagnostics.is_empty(), "does not parse:\n{}\n{:?}", text, parsed.diagnostics);
        prop_assert_eq!(erased(parsed.module), erased(m.clone()), "\n{}", text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_expressions_round_trip(x in arbitrary::expr()) {
        assert_decls_round_trip(vec![bind("x", x)])?;
    }

    #[test]
    fn generated_patterns_round_trip(pat in arbitrary::pat()) {
        let alt = Alt { pats: vec![pat], rhs: Rhs::Plain(int(1)), span: sp() };
        assert_decls_round_trip(vec![bind("x", case(vec![var("y")], vec![alt]))])?;
    }

    #[test]
    fn generated_bind_patterns_round_trip(pat in arbitrary::bind_pat()) {
        let stmt = Stmt { kind: StmtKind::Bind(pat, var("e")), span: sp() };
        assert_decls_round_trip(vec![bind("x", e(ExprKind::Do(vec![stmt])))])?;
    }

    #[test]
    fn generated_types_round_trip(ty in arbitrary::ty()) {
        assert_decls_round_trip(vec![sig(&["x"], ty)])?;
    }

    #[test]
    fn generated_modules_round_trip(m in arbitrary::module()) {
        assert_module_round_trips(&m)?;
    }
}

/// Layout the offside pass once read wrongly: an `in` on its own line inside another `let`
/// closed the outer `let` too, and a comma inside an `if` branch closed the block it is in.
#[test]
fn nested_let_and_if_branch_round_trip() {
    let m = parse_clean(include_str!("../testdata/layout_nested.mote"));
    assert_round_trips(&m);
}
