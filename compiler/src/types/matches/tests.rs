//! Matches parsed from source, checked against a small table of constructors. Each warning is shown
//! as its code, the first line of the source its primary label marks, and its message; a few
//! snapshots pin the whole rendering.

use super::*;
use crate::diagnostics::render_plain;
use crate::syntax::ast::{DeclKind, Module};
use crate::syntax::parse_module;

// ---- a small table of constructors --------------------------------------------------------------

/// `Maybe`, `Either`, `data Colour = Red | Green | Blue`, `data Chain a = End | Cons a (Chain a)` with
/// `infixr 5 Cons as :|`, and `newtype Celsius = Celsius Float`.
struct Table;

impl ConstructorTable for Table {
    fn family(&self, ctor: &Name) -> Option<(String, Vec<(String, usize)>)> {
        let (key, ctors): (&str, &[(&str, usize)]) = match ctor.name.as_str() {
            "Nothing" | "Just" => ("Prelude.Maybe", &[("Nothing", 0), ("Just", 1)]),
            "Left" | "Right" => ("Prelude.Either", &[("Left", 1), ("Right", 1)]),
            "Red" | "Green" | "Blue" => ("Main.Colour", &[("Red", 0), ("Green", 0), ("Blue", 0)]),
            "End" | "Cons" | ":|" => ("Main.Chain", &[("End", 0), ("Cons", 2)]),
            "Celsius" => ("Main.Celsius", &[("Celsius", 1)]),
            _ => return None,
        };
        Some((key.to_string(), ctors.iter().map(|(name, arity)| (name.to_string(), *arity)).collect()))
    }

    fn position(&self, ctor: &Name, family: &[(String, usize)]) -> Option<usize> {
        let name = if ctor.name == ":|" { "Cons" } else { ctor.name.as_str() };
        family.iter().position(|(n, _)| n == name)
    }
}

/// A table that lists a constructor by its operator name and keeps the default `position`.
struct Operators;

impl ConstructorTable for Operators {
    fn family(&self, ctor: &Name) -> Option<(String, Vec<(String, usize)>)> {
        let family = vec![("Unit".to_string(), 0), (":+".to_string(), 2)];
        matches!(ctor.name.as_str(), "Unit" | ":+").then(|| ("Main.Sum".to_string(), family))
    }
}

// ---- finding the match in a module --------------------------------------------------------------

fn parse(source: &str) -> Module {
    let parsed = parse_module(source);
    assert!(parsed.diagnostics.is_empty(), "the test source must parse: {:#?}", parsed.diagnostics);
    parsed.module
}

fn bodies(rhs: &Rhs) -> Vec<&Expr> {
    match rhs {
        Rhs::Plain(e) => vec![e],
        Rhs::Guarded(alts) => alts.iter().map(|alt| &alt.body).collect(),
    }
}

/// The first expression of `module`, outermost first, that `wanted` accepts.
fn find(module: &Module, wanted: fn(&ExprKind) -> bool) -> &Expr {
    fn within(expr: &Expr, wanted: fn(&ExprKind) -> bool) -> Option<&Expr> {
        if wanted(&expr.kind) {
            return Some(expr);
        }
        match &expr.kind {
            ExprKind::Lambda(_, body) | ExprKind::Let(_, body) => within(body, wanted),
            ExprKind::App(f, a) | ExprKind::BinOp(_, f, a) => within(f, wanted).or_else(|| within(a, wanted)),
            ExprKind::Case(_, alts) => alts.iter().flat_map(|alt| bodies(&alt.rhs)).find_map(|e| within(e, wanted)),
            _ => None,
        }
    }
    module
        .decls
        .iter()
        .filter_map(|decl| match &decl.kind {
            DeclKind::Equation(eq) => Some(&eq.rhs),
            DeclKind::PatternBinding { rhs, .. } => Some(rhs),
            _ => None,
        })
        .flat_map(bodies)
        .find_map(|e| within(e, wanted))
        .expect("the test source has the match")
}

/// The warnings of the first `case` of `source`.
fn case_in(table: &dyn ConstructorTable, source: &str) -> Vec<Diagnostic> {
    let module = parse(source);
    let expr = find(&module, |kind| matches!(kind, ExprKind::Case(..)));
    let ExprKind::Case(_, alts) = &expr.kind else { unreachable!("`find` returned a case") };
    let rows: Vec<MatchRow<'_>> = alts
        .iter()
        .map(|alt| MatchRow { pats: alt.pats.iter().collect(), rhs: Some(&alt.rhs), span: alt.span })
        .collect();
    check_match(table, MatchKind::Case, &rows, expr.span)
}

/// The warnings of the equations of the first function of `source`.
fn function_in(table: &dyn ConstructorTable, source: &str) -> Vec<Diagnostic> {
    let module = parse(source);
    let equations: Vec<(&ast::Equation, Span)> = module
        .decls
        .iter()
        .filter_map(|decl| match &decl.kind {
            DeclKind::Equation(eq) => Some((eq, decl.span)),
            _ => None,
        })
        .collect();
    let name = &equations[0].0.name;
    let rows: Vec<MatchRow<'_>> = equations
        .iter()
        .filter(|(eq, _)| eq.name.name == name.name)
        .map(|(eq, span)| MatchRow { pats: eq.args.iter().collect(), rhs: Some(&eq.rhs), span: *span })
        .collect();
    check_match(table, MatchKind::Function(&name.name), &rows, name.span)
}

fn lambda_in(source: &str) -> Vec<Diagnostic> {
    let module = parse(source);
    let expr = find(&module, |kind| matches!(kind, ExprKind::Lambda(..)));
    let ExprKind::Lambda(pats, _) = &expr.kind else { unreachable!("`find` returned a lambda") };
    let row = MatchRow { pats: pats.iter().collect(), rhs: None, span: expr.span };
    check_match(&Table, MatchKind::Lambda, &[row], expr.span)
}

fn binding_in(source: &str) -> Vec<Diagnostic> {
    let module = parse(source);
    let (pat, rhs) = module
        .decls
        .iter()
        .find_map(|decl| match &decl.kind {
            DeclKind::PatternBinding { pat, rhs, .. } => Some((pat, rhs)),
            _ => None,
        })
        .expect("the test source has a pattern binding");
    let row = MatchRow { pats: vec![pat], rhs: Some(rhs), span: pat.span };
    check_match(&Table, MatchKind::Binding, &[row], pat.span)
}

/// `E0170 `f (Just x) = x`: message`, with the first line of the primary label's source.
fn brief(source: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            assert!(!d.is_error(), "match checks only warn");
            let span = d.primary_span().expect("every warning points somewhere");
            let marked = source[span.range()].lines().next().unwrap_or_default();
            format!("{} `{marked}`: {}", d.code, d.message)
        })
        .collect()
}

fn case(source: &str) -> Vec<String> {
    brief(source, &case_in(&Table, source))
}

fn function(source: &str) -> Vec<String> {
    brief(source, &function_in(&Table, source))
}

fn rendered(source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = format!("--- source\n{source}");
    for d in diagnostics {
        out.push_str("--- warning\n");
        out.push_str(&render_plain("src/Main.mote", source, d));
    }
    out
}

// ---- constructors ------------------------------------------------------------------------------

#[test]
fn maybe_missing_nothing() {
    assert_eq!(case("f m = case m of\n  Just x -> x\n"), ["E0170 `case m of`: this `case` does not cover `Nothing`"]);
}

#[test]
fn maybe_covered_has_no_warning() {
    assert_eq!(case("f m = case m of\n  Nothing -> 0\n  Just x -> x\n"), Vec::<String>::new());
}

#[test]
fn nested_constructors_list_every_missing_case() {
    assert_eq!(
        case("f m = case m of\n  Just (Left e) -> e\n"),
        ["E0170 `case m of`: this `case` does not cover `Nothing` and `Just (Right _)`"]
    );
}

#[test]
fn several_scrutinees_are_separated_by_commas() {
    assert_eq!(
        case("f a b = case a, b of\n  Just x, _ -> x\n  _, Just y -> y\n"),
        ["E0170 `case a, b of`: this `case` does not cover `Nothing, Nothing`"]
    );
}

#[test]
fn more_than_five_missing_cases_say_and_more() {
    assert_eq!(
        case("f c d e = case (c, d, e) of\n  (Red, Red, Red) -> 0\n"),
        ["E0170 `case (c, d, e) of`: this `case` does not cover `(Red, Red, Green)`, `(Red, Red, Blue)`, \
             `(Red, Green, _)`, `(Red, Blue, _)`, `(Green, _, _)` and more"]
    );
}

#[test]
fn constructor_operator_is_the_constructor_it_aliases() {
    let source = "infixr 5 Cons as :|\nf (x :| End) = x\nf (x :| rest) = f rest\n";
    assert_eq!(function(source), ["E0170 `f`: `f` has no equation for `End`"]);
    let covered = "infixr 5 Cons as :|\nf End = 0\nf (x :| rest) = x\nf (Cons x rest) = x\n";
    assert_eq!(function(covered), ["E0171 `f (Cons x rest) = x`: this clause can never match"]);
}

#[test]
fn operator_named_constructors_print_in_parentheses() {
    let source = "f Unit = 0\n";
    assert_eq!(brief(source, &function_in(&Operators, source)), ["E0170 `f`: `f` has no equation for `(:+) _ _`"]);
    let covered = "f Unit = 0\nf (a :+ b) = 1\n";
    assert_eq!(brief(covered, &function_in(&Operators, covered)), Vec::<String>::new());
}

#[test]
fn newtype_has_one_constructor() {
    assert_eq!(function("f (Celsius c) = c\n"), Vec::<String>::new());
    assert_eq!(function("f (Celsius c) = c\nf _ = 0\n"), ["E0171 `f _ = 0`: this clause can never match"]);
}

// ---- tuples, atoms, lists, booleans, records ---------------------------------------------------

#[test]
fn tuples_of_atoms_need_a_catch_all() {
    assert_eq!(
        case("f msg = case msg of\n  (from, :ping) -> from\n  (_, :stop) -> 0\n"),
        ["E0170 `case msg of`: this `case` does not cover `(_, _)`"]
    );
    assert_eq!(case("f u = case u of\n  () -> 0\n  _ -> 1\n"), ["E0171 `_ -> 1`: this clause can never match"]);
}

#[test]
fn lists_missing_the_empty_list() {
    assert_eq!(function("f (x : xs) = x\n"), ["E0170 `f`: `f` has no equation for `[]`"]);
    assert_eq!(function("f [] = 0\nf [x] = x\n"), ["E0170 `f`: `f` has no equation for `[_, _ | _]`"]);
}

#[test]
fn erlang_cons_and_list_literals_are_cons_chains() {
    let source = "f [] = 0\nf [x] = x\nf [x, y | rest] = y\nf (a : b : c : d) = a\n";
    assert_eq!(function(source), ["E0171 `f (a : b : c : d) = a`: this clause can never match"]);
}

#[test]
fn booleans_are_true_and_false() {
    assert_eq!(function("f true = 1\n"), ["E0170 `f`: `f` has no equation for `false`"]);
    assert_eq!(function("f true = 1\nf false = 0\n"), Vec::<String>::new());
    assert_eq!(
        case("f a b = case a, b of\n  true, true -> 1\n  false, _ -> 0\n  _, false -> 2\n  true, _ -> 3\n"),
        ["E0171 `true, _ -> 3`: this clause can never match"]
    );
}

#[test]
fn record_fields_are_gathered_per_column() {
    assert_eq!(
        function("f { on = true } = 1\nf { on = false, level = 0 } = 0\n"),
        ["E0170 `f`: `f` has no equation for `{ on = false }`"]
    );
    assert_eq!(
        function("f { on = true, level } = level\nf { on = false } = 0\nf { level = 3 } = 3\n"),
        ["E0171 `f { level = 3 } = 3`: this clause can never match"]
    );
}

#[test]
fn records_inside_constructors() {
    assert_eq!(
        case("f m = case m of\n  Nothing -> 0\n  Just { ok = true } -> 1\n"),
        ["E0170 `case m of`: this `case` does not cover `Just { ok = false }`"]
    );
}

// ---- literals, maps, binaries ------------------------------------------------------------------

#[test]
fn strings_and_numbers_need_a_catch_all() {
    assert_eq!(
        case("f s = case s of\n  \"on\" -> 1\n  \"off\" -> 0\n"),
        ["E0170 `case s of`: this `case` does not cover `_`"]
    );
    assert_eq!(
        function("f 0 = 1\nf (-1) = 2\nf (-1) = 3\n"),
        ["E0170 `f`: `f` has no equation for `_`", "E0171 `f (-1) = 3`: this clause can never match"]
    );
    assert_eq!(function("f 'a' = 1\nf c = 2\n"), Vec::<String>::new());
}

#[test]
fn maps_and_binaries() {
    assert_eq!(function("f #{\"k\" := v} = v\n"), ["E0170 `f`: `f` has no equation for `_`"]);
    assert_eq!(function("f #{\"k\" := v} = v\nf #{} = 0\n"), Vec::<String>::new());
    assert_eq!(
        function("f <<1, rest/binary>> = 1\nf <<rest/binary>> = 0\nf _ = 2\n"),
        ["E0171 `f _ = 2`: this clause can never match"]
    );
}

#[test]
fn as_and_typed_patterns_are_their_inner_pattern() {
    assert_eq!(function("f all@(Just x) = x\nf (Nothing :: Maybe Integer) = 0\n"), Vec::<String>::new());
    assert_eq!(function("f all@(x : xs) = x\n"), ["E0170 `f`: `f` has no equation for `[]`"]);
}

// ---- guards ------------------------------------------------------------------------------------

#[test]
fn guards_without_otherwise_cover_nothing() {
    let source = "f (Just x) | x > 0 = x\nf Nothing = 0\n";
    assert_eq!(function(source), ["E0170 `f`: `f` has no equation for `Just _`"]);
    let notes = &function_in(&Table, source)[0].notes;
    assert_eq!(notes, &["a clause with guards covers nothing unless a guard is `otherwise`"]);
}

#[test]
fn guards_ending_in_otherwise_or_true_cover_their_patterns() {
    assert_eq!(function("f (Just x) | x > 0 = x\n           | otherwise = 0\nf Nothing = 0\n"), Vec::<String>::new());
    assert_eq!(function("f (Just x) | x > 0 = x\n           | true = 0\nf Nothing = 0\n"), Vec::<String>::new());
}

#[test]
fn pattern_guards_may_fail() {
    assert_eq!(function("f x | Just y <- g x = y\n"), ["E0170 `f`: `f` has no equation for `_`"]);
    assert_eq!(function("f x | y <- g x = y\n"), Vec::<String>::new());
}

#[test]
fn a_guarded_clause_can_be_redundant() {
    assert_eq!(function("f _ = 0\nf x | x > 0 = 1\n"), ["E0171 `f x | x > 0 = 1`: this clause can never match"]);
}

#[test]
fn guards_of_a_function_without_arguments() {
    assert_eq!(function("x | ready = 1\n  | done = 2\n"), ["E0170 `x`: the guards of `x` may all fail"]);
    assert_eq!(function("x | ready = 1\n  | otherwise = 2\n"), Vec::<String>::new());
}

// ---- redundancy --------------------------------------------------------------------------------

#[test]
fn clause_after_a_wildcard_is_redundant() {
    assert_eq!(
        case("f c = case c of\n  Red -> 0\n  _ -> 1\n  Blue -> 2\n  Green -> 3\n"),
        ["E0171 `Blue -> 2`: this clause can never match", "E0171 `Green -> 3`: this clause can never match"]
    );
}

// ---- function arguments, lambdas, bindings -------------------------------------------------------

#[test]
fn function_of_two_arguments_lists_arguments() {
    assert_eq!(
        function("f Nothing ys = ys\nf xs (y : ys) = ys\n"),
        ["E0170 `f`: `f` has no equation for `(Just _) []`"]
    );
    let source = "zip [] _ = []\nzip _ [] = []\n";
    let diagnostics = function_in(&Table, source);
    assert_eq!(brief(source, &diagnostics), ["E0170 `zip`: `zip` has no equation for `[_ | _] [_ | _]`"]);
    assert_eq!(diagnostics[0].help.as_deref(), Some("add an equation `zip [_ | _] [_ | _] = ...`"));
}

#[test]
fn lambda_patterns() {
    let source = "f = \\(Just x) y -> x\n";
    assert_eq!(
        brief(source, &lambda_in(source)),
        ["E0170 `\\(Just x) y -> x`: this lambda does not cover `Nothing _`"]
    );
    let source = "f = \\(a, b) -> a\n";
    assert_eq!(brief(source, &lambda_in(source)), Vec::<String>::new());
}

#[test]
fn binding_patterns() {
    let source = "Just c = lookup 1 m\n";
    assert_eq!(brief(source, &binding_in(source)), ["E0170 `Just c`: this binding does not cover `Nothing`"]);
    let source = "(a, [b]) = pair\n";
    assert_eq!(
        brief(source, &binding_in(source)),
        ["E0170 `(a, [b])`: this binding does not cover `(_, [])` and `(_, [_, _ | _])`"]
    );
}

// ---- patterns that do not type-check ---------------------------------------------------------------

#[test]
fn unknown_constructor_gives_no_warning() {
    assert_eq!(case("f m = case m of\n  Mystery x -> x\n"), Vec::<String>::new());
    // The rows that do type-check are still checked for redundancy.
    assert_eq!(
        case("f m = case m of\n  _ -> 0\n  Mystery -> 1\n  Nothing -> 2\n"),
        ["E0171 `Nothing -> 2`: this clause can never match"]
    );
}

#[test]
fn wrong_constructor_arity_gives_no_warning() {
    assert_eq!(case("f m = case m of\n  Just -> 0\n  Nothing x y -> 1\n"), Vec::<String>::new());
    assert_eq!(case("f m = case m of\n  Just a b -> 0\n"), Vec::<String>::new());
}

#[test]
fn different_types_in_one_column_skip_the_check() {
    assert_eq!(case("f m = case m of\n  Just x -> 0\n  Left y -> 1\n"), Vec::<String>::new());
    assert_eq!(case("f m = case m of\n  (a, b) -> 0\n  (a, b, c) -> 1\n  _ -> 2\n"), Vec::<String>::new());
    assert_eq!(case("f m = case m of\n  0 -> 0\n  \"0\" -> 1\n  Nothing -> 2\n"), Vec::<String>::new());
    assert_eq!(function("f { a = 1 } = 0\nf (x, y) = 1\n"), Vec::<String>::new());
    assert_eq!(case("f m = case m of\n  [Just x] -> 0\n  [Left y] -> 1\n"), Vec::<String>::new());
}

#[test]
fn equations_with_different_numbers_of_arguments_skip_the_check() {
    assert_eq!(function("f (Just x) = x\nf = g\nf a b = a\n"), Vec::<String>::new());
}

#[test]
fn no_rows_no_warning() {
    assert!(check_match(&Table, MatchKind::Case, &[], Span::new(0, 0)).is_empty());
}

// ---- the explanations' examples ----------------------------------------------------------------

/// The ```` ```mote ```` blocks of an explanation, each with whether it is the wrong example.
fn examples(code: Code) -> Vec<(bool, String)> {
    let (_, text) = crate::diagnostics::explanation(code.0).expect("the code has an explanation");
    let mut blocks = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in text.lines() {
        match (&mut current, line) {
            (None, "```mote") => current = Some((false, String::new())),
            (None, "```mote,error") => current = Some((true, String::new())),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some((_, block)), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Until the type checker runs the check, this keeps the explanations of E0170 and E0171 honest: the
/// wrong example warns with the code, the fix does not.
#[test]
fn explanation_examples_warn_as_they_say() {
    for code in [Code::E0170, Code::E0171] {
        let blocks = examples(code);
        assert_eq!(blocks.len(), 2, "{code}: one wrong example and one fix");
        for (wrong, source) in blocks {
            let codes: Vec<Code> = case_in(&Table, &source).iter().map(|d| d.code).collect();
            assert_eq!(codes, if wrong { vec![code] } else { vec![] }, "{code}:\n{source}");
        }
    }
}

// ---- whole renderings --------------------------------------------------------------------------

#[test]
fn missing_case_rendering() {
    let source = "describe m = case m of\n  Just (Left e) -> e\n";
    insta::assert_snapshot!(rendered(source, &case_in(&Table, source)));
}

#[test]
fn missing_equation_rendering() {
    let source = "f (Just x) [] | x > 0 = x\nf Nothing ys = 0\n";
    insta::assert_snapshot!(rendered(source, &function_in(&Table, source)));
}

#[test]
fn redundant_clause_rendering() {
    let source = "sign n = case n of\n  _ -> \"some number\"\n  0 -> \"zero\"\n";
    insta::assert_snapshot!(rendered(source, &case_in(&Table, source)));
}
