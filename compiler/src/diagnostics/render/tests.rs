use proptest::prelude::*;

use super::*;
use crate::diagnostics::Code;
use crate::span::Span;

/// The source, its plain rendering and its colour rendering with the colour codes removed, for
/// one snapshot.
fn show(source: &str, diagnostic: &Diagnostic) -> String {
    let plain = render_plain("src/Main.mote", source, diagnostic);
    let coloured = render_terminal("src/Main.mote", source, diagnostic, RenderOptions { colour: true });
    format!("--- source\n{source}\n--- plain\n{plain}--- terminal\n{}", strip_ansi(&coloured))
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

/// Byte span of the `nth` (0-based) occurrence of `needle` in `source`.
fn find(source: &str, needle: &str, nth: usize) -> Span {
    let (start, _) = source.match_indices(needle).nth(nth).expect("the test names text in its source");
    Span::new(start, start + needle.len())
}

const CASE: &str = "module Main where\n\nf x = case x of\n  Just y = y\n  Nothing -> 0\n";

#[test]
fn primary_and_secondary_labels() {
    let d = Diagnostic::error(Code::E0010, "expected `->` after the case pattern")
        .with_primary(find(CASE, "=", 1), "expected `->` here")
        .with_secondary(find(CASE, "case", 0), "in this `case`");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn notes_and_help() {
    let d = Diagnostic::error(Code::E0010, "expected `->` after the case pattern")
        .with_primary(find(CASE, "=", 1), "expected `->` here")
        .with_note("case alternatives are written `pattern -> expression`")
        .with_note("a note over two lines:\nthe second is indented")
        .with_help("write `->` instead of `=`");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn warning() {
    let d = Diagnostic::warning(Code::E0017, "a warning").with_primary(find(CASE, "Nothing", 0), "here");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn two_labels_on_one_line() {
    let source = "x = a + b * c\n";
    let d = Diagnostic::error(Code::E0017, "operators of equal precedence cannot be mixed")
        .with_primary(find(source, "*", 0), "this operator")
        .with_secondary(find(source, "+", 0), "and this one");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn empty_span() {
    let source = "f = (1, 2\ng = 3\n";
    let d = Diagnostic::error(Code::E0012, "unclosed delimiter")
        .with_primary(Span::point(9), "expected `)` here")
        .with_secondary(find(source, "(", 0), "this `(` is never closed");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn span_at_eof_after_final_newline() {
    let d = Diagnostic::error(Code::E0011, "unexpected end of file")
        .with_primary(Span::point(CASE.len()), "the file ends here");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn span_at_eof_without_final_newline() {
    let source = "main = case x of";
    let d = Diagnostic::error(Code::E0011, "unexpected end of file")
        .with_primary(Span::point(source.len()), "expected an alternative");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn span_past_the_end() {
    let source = "main = 1\n";
    let d = Diagnostic::error(Code::E0011, "unexpected end of file").with_primary(Span::new(40, 50), "past the end");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn multi_line_span() {
    let start = find(CASE, "case", 0).start as usize;
    let end = find(CASE, "0", 0).end as usize;
    let d = Diagnostic::error(Code::E0013, "a label over three lines")
        .with_primary(Span::new(start, end), "this `case` expression")
        .with_secondary(find(CASE, "f", 0), "in `f`");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn long_multi_line_span_is_elided() {
    let source = "f x = do\n  a\n  b\n  c\n  d\n  e\n  g\n  h\n";
    let start = find(source, "do", 0).start as usize;
    let d =
        Diagnostic::error(Code::E0019, "a long block").with_primary(Span::new(start, source.len() - 1), "this block");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn non_ascii_text_before_the_span() {
    let source = "s = \"héllo\" ++ 'の' § x\n";
    let d = Diagnostic::error(Code::E0001, "unexpected character `§`")
        .with_primary(find(source, "§", 0), "not a token")
        .with_secondary(find(source, "'の'", 0), "a wide character");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn span_inside_a_character_widens_to_it() {
    let source = "x = 'の'\n";
    let inside = find(source, "の", 0).start as usize + 1;
    let d =
        Diagnostic::error(Code::E0005, "invalid character literal").with_primary(Span::new(inside, inside + 1), "here");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn tabs_and_crlf() {
    let source = "f x =\r\n\tcase x of\r\n\t\tA = 1\r\n";
    let d = Diagnostic::error(Code::E0010, "expected `->`").with_primary(find(source, "=", 1), "here");
    insta::assert_snapshot!(show(source, &d));
}

#[test]
fn no_labels() {
    let d = Diagnostic::error(Code::E0022, "text after the end of the module").with_note("a note still shows");
    insta::assert_snapshot!(show(CASE, &d));
}

#[test]
fn empty_source() {
    let d = Diagnostic::error(Code::E0011, "unexpected end of file").with_primary(Span::new(0, 3), "expected a module");
    insta::assert_snapshot!(show("", &d));
}

#[test]
fn gutter_widens_for_line_ten() {
    let source = "a\n".repeat(9) + "b = )\n";
    let d = Diagnostic::error(Code::E0010, "unexpected `)`")
        .with_primary(find(&source, ")", 0), "here")
        .with_secondary(Span::new(0, 1), "far above");
    insta::assert_snapshot!(show(&source, &d));
}

#[test]
fn colour_only_when_asked() {
    let d = Diagnostic::error(Code::E0010, "m").with_primary(Span::new(0, 1), "l").with_note("n");
    let plain = render_plain("a.mote", "x\n", &d);
    assert!(!plain.contains('\x1b'));
    assert_eq!(render_terminal("a.mote", "x\n", &d, RenderOptions { colour: false }), plain);
    assert!(render_terminal("a.mote", "x\n", &d, RenderOptions { colour: true }).contains('\x1b'));
    let unlabelled = Diagnostic::error(Code::E0010, "m");
    assert!(render_terminal("a.mote", "x\n", &unlabelled, RenderOptions { colour: true }).contains('\x1b'));
}

#[test]
fn rows_never_end_in_spaces() {
    let d = Diagnostic::error(Code::E0010, "m")
        .with_primary(find(CASE, "case", 0), "")
        .with_secondary(Span::new(0, CASE.len()), "");
    for text in [render_plain("a.mote", CASE, &d), render_terminal("a.mote", CASE, &d, RenderOptions { colour: true })]
    {
        assert!(text.lines().all(|l| l == l.trim_end()), "{text}");
    }
}

#[test]
fn summary_counts_with_plurals() {
    assert_eq!(summary(0, 0), "0 errors, 0 warnings");
    assert_eq!(summary(1, 0), "1 error, 0 warnings");
    assert_eq!(summary(2, 1), "2 errors, 1 warning");
    assert_eq!(summary(1, 2), "1 error, 2 warnings");
}

/// Source text rich in what trips renderers: line breaks of both kinds, tabs, multi-byte and
/// wide characters.
fn awkward_source() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just("\n"), Just("\r\n"), Just("\t"), Just("é"), Just("の"), Just("x"), Just(" "), Just("💥")],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn any_span_renders_without_panicking(
        source in awkward_source(),
        spans in proptest::collection::vec((0u32..200, 0u32..200, any::<bool>()), 0..4),
        colour in any::<bool>(),
    ) {
        let mut d = Diagnostic::error(Code::E0010, "m").with_note("n").with_help("h");
        for (a, b, primary) in spans {
            // Deliberately unordered and out of range: the renderers must cope.
            let span = Span { start: a, end: b };
            d = if primary { d.with_primary(span, "p") } else { d.with_secondary(span, "") };
        }
        let plain = render_plain("a.mote", &source, &d);
        prop_assert!(plain.starts_with("error[E0010]: m\n"));
        render_terminal("a.mote", &source, &d, RenderOptions { colour });
    }
}

#[test]
fn trailing_blank_lines_are_not_underlined() {
    let source = "module Main where\n\nmain = println \"hi\"\n\nimport Data.List\n";
    let decl = find(source, "main", 0).start as usize;
    let d = Diagnostic::error(Code::E0018, "imports must come before declarations")
        .with_primary(find(source, "import Data.List", 0), "this import comes after a declaration")
        .with_secondary(Span::new(decl, find(source, "import", 0).start as usize), "the first declaration is here");
    insta::assert_snapshot!(show(source, &d));
}
