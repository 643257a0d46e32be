//! The front end survives any text: random token soup and random characters parse to a tree
//! plus diagnostics, never a panic or a hang, and every label lies inside the text.

use mote_compiler::db::check_package;
use mote_compiler::syntax::parse_module;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "module",
    "where",
    "import",
    "as",
    "hiding",
    "data",
    "newtype",
    "type",
    "class",
    "instance",
    "deriving",
    "forall",
    "infixl",
    "infixr",
    "infix",
    "let",
    "in",
    "do",
    "of",
    "case",
    "if",
    "then",
    "else",
    "receive",
    "after",
    "foreign",
    "true",
    "false",
    "x",
    "xs",
    "f",
    "Just",
    "Map.lookup",
    "Data.Map",
    "Map.!",
    "?hole",
    "42",
    "0x2a",
    "1.5",
    "'c'",
    "\"str\"",
    "\"\"\"raw\"\"\"",
    ":ok",
    ":\"a b\"",
    "=",
    "|",
    "->",
    "<-",
    "::",
    "=>",
    ":=",
    "\\",
    "@",
    "..",
    ":",
    "-",
    "/",
    ".",
    "_",
    "`",
    ",",
    ";",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "#{",
    "<<",
    ">>",
    "+",
    "<>",
    "$",
    "==",
    ">>=",
    "!",
    "#",
    "-- comment",
    "{- block -}",
    "-- | doc",
    "\n",
    "\n  ",
    "\n    ",
    "\n\t",
    "p.name",
    "x:xs",
    "§",
    "\"unterminated",
    "{- open",
];

fn check(source: &str) {
    let parsed = parse_module(source);
    let mut diagnostics = parsed.diagnostics;
    if diagnostics.is_empty() {
        // Clean text goes on through names, types and pattern checks.
        diagnostics = check_package(&[source]).remove(0);
    }
    for d in &diagnostics {
        assert!(!d.labels.is_empty(), "every diagnostic points somewhere: {d:?}");
        for label in &d.labels {
            assert!(label.span.start <= label.span.end, "inverted span: {d:?}");
            assert!(label.span.end as usize <= source.len(), "label past the end: {d:?}");
            assert!(source.is_char_boundary(label.span.start as usize), "label splits a character: {d:?}");
            assert!(source.is_char_boundary(label.span.end as usize), "label splits a character: {d:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(picks in prop::collection::vec((0..FRAGMENTS.len(), 0..3usize), 0..60)) {
        let mut source = String::new();
        for (i, space) in picks {
            source.push_str(FRAGMENTS[i]);
            source.push_str(["", " ", "  "][space]);
        }
        check(&source);
    }

    #[test]
    fn random_text_never_panics(source in "\\PC{0,200}") {
        check(&source);
    }

    #[test]
    fn broken_programs_never_panic(cut in 0usize..2000, insert in 0..FRAGMENTS.len()) {
        // A real program with one fragment spliced in at a random place.
        let program = include_str!("../../examples/pingpong.mote");
        let mut at = cut.min(program.len());
        while !program.is_char_boundary(at) {
            at -= 1;
        }
        let source = format!("{}{}{}", &program[..at], FRAGMENTS[insert], &program[at..]);
        check(&source);
    }
}

/// Words and literals that keep a program parsing but break its types and names.
const SWAPS: &[&str] = &[
    "x",
    "show",
    "1",
    "\"s\"",
    ":a",
    "'c'",
    "1.5",
    "true",
    "Just",
    "Nothing",
    "map",
    "[]",
    "()",
    "pure",
    "main",
    "println",
    "Integer",
    "String",
    "IO",
    "Maybe",
    "a",
    "m",
    "Left",
    "spawn",
    "(+)",
    "?hole",
    "[1]",
    "{ a = 1 }",
    "(\\y -> y)",
    "#{1 => 2}",
    "<<1>>",
    "(1, 2)",
    "self",
    "length",
    "Show",
    "Eq",
    "Ord",
    "f",
    "List",
];

/// Well-formed programs whose names and types the edits below break.
const PROGRAMS: &[&str] = &[
    include_str!("../../examples/pingpong.mote"),
    include_str!("../../examples/shapes.mote"),
    include_str!("../../examples/hello.mote"),
    include_str!("../../tests/ui/missing_method.mote"),
    include_str!("../../tests/ui/type_error_in_where.mote"),
    include_str!("../../tests/ui/derive_ord_without_eq.mote"),
];

/// The `nth` word of `program` (wrapping around) replaced by `with`.
fn swap_word(program: &str, nth: usize, with: &str) -> String {
    let words: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in program.char_indices().chain(std::iter::once((program.len(), ' '))) {
            match (start, c.is_alphanumeric() || c == '_') {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let (s, e) = words[nth % words.len()];
    format!("{}{with}{}", &program[..s], &program[e..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn ill_typed_programs_never_panic(
        program in 0..PROGRAMS.len(),
        edits in prop::collection::vec((0usize..400, 0..SWAPS.len()), 1..4),
    ) {
        let mut source = PROGRAMS[program].to_string();
        for (nth, with) in edits {
            source = swap_word(&source, nth, SWAPS[with]);
        }
        check(&source);
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    // lalrpop's parser keeps its stack on the heap; recursive passes over the tree must cope
    // with nesting a person could plausibly write, and more.
    for depth in [100usize, 1000] {
        let source = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || check(&source))
            .expect("spawn a thread")
            .join()
            .expect("no panic on deep nesting");
    }
}
