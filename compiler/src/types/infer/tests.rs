//! Principal types of expressions, against a small hand-built Prelude.

use std::sync::Arc;

use super::*;
use crate::syntax::ast::DeclKind;
use crate::syntax::parse_module;
use crate::types::classes::{ClassInfo, Instance};

/// Parses `src` as a type scheme in a tiny signature language: variables are `Bound` in order of
/// appearance; `C a => t` adds a constraint.
fn scheme(src: &str) -> Scheme {
    let parsed = parse_module(&format!("x :: {src}\n"));
    assert!(parsed.diagnostics.is_empty(), "{src}: {:?}", parsed.diagnostics);
    let DeclKind::Signature { ty, .. } = &parsed.module.decls[0].kind else { panic!("a signature") };
    let mut vars: Vec<String> = Vec::new();
    let mut constraints = Vec::new();
    let t = convert(ty, &mut vars, &mut constraints);
    Scheme { kinds: vars.iter().map(|_| Kind::Type).collect(), constraints, ty: t }
}

fn convert(ty: &Ast, vars: &mut Vec<String>, constraints: &mut Vec<Constraint>) -> Type {
    match &ty.kind {
        TypeKind::Var(v) => {
            let i = vars.iter().position(|n| *n == v.name).unwrap_or_else(|| {
                vars.push(v.name.clone());
                vars.len() - 1
            });
            Type::Bound(i as u32)
        }
        TypeKind::Con(n) => Type::con(&n.name),
        TypeKind::App(f, a) => Type::app(convert(f, vars, constraints), convert(a, vars, constraints)),
        TypeKind::Fun(a, b) => Type::fun(convert(a, vars, constraints), convert(b, vars, constraints)),
        TypeKind::Tuple(ts) => Type::tuple(ts.iter().map(|t| convert(t, vars, constraints)).collect()),
        TypeKind::List(t) => Type::list(convert(t, vars, constraints)),
        TypeKind::Constrained(cs, t) => {
            for c in cs {
                let ty = convert(&c.args[0], vars, constraints);
                constraints.push(Constraint { class: c.class.name.as_str().into(), ty });
            }
            convert(t, vars, constraints)
        }
        other => panic!("not in the test signature language: {other:?}"),
    }
}

fn globals(name: &Name) -> Option<Scheme> {
    let src = match name.name.as_str() {
        "map" => "(a -> b) -> [a] -> [b]",
        "show" => "Show a => a -> String",
        "+" | "add" => "Semiring a => a -> a -> a",
        "*" => "Semiring a => a -> a -> a",
        "-" => "Ring a => a -> a -> a",
        "negate" => "Ring a => a -> a",
        "==" => "Eq a => a -> a -> Boolean",
        "<" => "Ord a => a -> a -> Boolean",
        "<>" => "Semigroup a => a -> a -> a",
        ":" => "a -> [a] -> [a]",
        "$" => "(a -> b) -> a -> b",
        "id" => "a -> a",
        "const" => "a -> b -> a",
        "length" => "[a] -> Integer",
        "pure" => "Monad m => a -> m a",
        "println" => "String -> IO Unit",
        "getLine" => "IO String",
        "Just" => "a -> Maybe a",
        "Nothing" => "Maybe a",
        "Left" => "a -> Either a b",
        "Right" => "b -> Either a b",
        "fst" => "(a, b) -> a",
        _ => return None,
    };
    Some(scheme(src))
}

fn types(name: &Name) -> Option<Arc<str>> {
    matches!(name.name.as_str(), "Integer" | "String" | "Boolean" | "Float" | "Maybe" | "IO" | "Char")
        .then(|| Arc::from(name.name.as_str()))
}

fn classes() -> ClassEnv {
    let mut env = ClassEnv::new();
    for (name, supers) in [
        ("Eq", vec![]),
        ("Ord", vec!["Eq"]),
        ("Show", vec![]),
        ("Semiring", vec![]),
        ("Ring", vec!["Semiring"]),
        ("Semigroup", vec![]),
        ("Monad", vec![]),
        ("Enum", vec![]),
    ] {
        env.add_class(ClassInfo {
            name: name.into(),
            param_kind: Kind::Type,
            superclasses: supers.into_iter().map(Arc::from).collect(),
        });
    }
    let context = |class: &str| vec![Constraint { class: class.into(), ty: Type::Bound(0) }];
    for (class, head, arity, ctx) in [
        ("Show", prim::INTEGER, 0, vec![]),
        ("Show", prim::STRING, 0, vec![]),
        ("Show", prim::LIST, 1, context("Show")),
        ("Show", "Maybe", 1, context("Show")),
        ("Eq", prim::INTEGER, 0, vec![]),
        ("Ord", prim::INTEGER, 0, vec![]),
        ("Semiring", prim::INTEGER, 0, vec![]),
        ("Semiring", prim::FLOAT, 0, vec![]),
        ("Ring", prim::INTEGER, 0, vec![]),
        ("Semigroup", prim::STRING, 0, vec![]),
        ("Monad", prim::IO, 0, vec![]),
        ("Enum", prim::INTEGER, 0, vec![]),
        ("Enum", prim::CHAR, 0, vec![]),
    ] {
        env.add_instance(Instance { class: class.into(), head: head.into(), arity, context: ctx }).unwrap();
    }
    env
}

/// The principal type of `expr` and the codes of any diagnostics.
fn infer(expr: &str) -> (String, Vec<String>) {
    let parsed = parse_module(&format!("x = {expr}\n"));
    assert!(parsed.diagnostics.is_empty(), "{expr}: {:?}", parsed.diagnostics);
    let DeclKind::Equation(eq) = &parsed.module.decls[0].kind else { panic!("an equation") };
    let Rhs::Plain(e) = &eq.rhs else { panic!("a plain right-hand side") };
    let classes = classes();
    let env = Env { globals: &globals, types: &types, classes: &classes };
    let (scheme, diagnostics) = infer_expr(&env, e);
    (print::scheme(&scheme), diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect())
}

fn principal(expr: &str) -> String {
    let (t, errors) = infer(expr);
    assert!(errors.is_empty(), "{expr}: {errors:?}");
    t
}

#[test]
fn principal_types() {
    let table = [
        (r"\x -> x", "a -> a"),
        (r"\x y -> x", "a -> b -> a"),
        (r"\f x -> f (f x)", "(a -> a) -> a -> a"),
        (r"\f g x -> f (g x)", "(a -> b) -> (c -> a) -> c -> b"),
        ("map show", "Show a => [a] -> [String]"),
        ("map (map show)", "Show a => [[a]] -> [[String]]"),
        ("show 1", "String"),
        ("show [Just 1]", "String"),
        (r"\x -> x + 1", "Integer -> Integer"),
        (r"\x y -> x + y", "Semiring a => a -> a -> a"),
        (r"\x -> show x <> show x", "Show a => a -> String"),
        (r"\x y -> x == y", "Eq a => a -> a -> Boolean"),
        (r"\x -> - x", "Ring a => a -> a"),
        ("1 : [2, 3]", "[Integer]"),
        ("[]", "[a]"),
        (r"\x xs -> [x|xs]", "a -> [a] -> [a]"),
        ("(1, \"a\", :x)", "(Integer, String, Atom)"),
        ("()", "()"),
        ("'a'", "Char"),
        ("1.5", "Float"),
        ("true", "Boolean"),
        (r"\c -> if c then 1 else 2", "Boolean -> Integer"),
        (r"\m -> case m of\n  Just x -> x\n  Nothing -> 0", "Maybe Integer -> Integer"),
        (r"\e -> case e of\n  Left a -> show a\n  Right b -> b", "Show a => Either a String -> String"),
        ("let f y = y in (f 1, f \"a\")", "(Integer, String)"),
        ("let twice f x = f (f x) in twice", "(a -> a) -> a -> a"),
        (r"\p -> p.name", "{ name :: a | r } -> a"),
        (r"\p -> p { age = p.age + 1 }", "{ age :: Integer | r } -> { age :: Integer | r }"),
        ("{ name = \"Ann\", age = 41 }", "{ name :: String, age :: Integer }"),
        (r"\p -> p.name <> p.title", "Semigroup a => { name :: a, title :: a | r } -> a"),
        ("(_.name)", "a"),
        ("(+ 1)", "Integer -> Integer"),
        ("(1 +)", "Integer -> Integer"),
        ("(+)", "Semiring a => a -> a -> a"),
        ("#{\"k\" => 1}", "Map String Integer"),
        ("<<1, 2>>", "Binary"),
        ("[x * 2 | x <- [1..10], x < 5]", "[Integer]"),
        ("[(x, y) | x <- [1, 2], y <- ['a', 'b']]", "[(Integer, Char)]"),
        ("do\n  line <- getLine\n  println line", "IO ()"),
        ("do\n  let n = 1\n  pure (n + 1)", "Monad a => a Integer"),
        ("(1 :: Integer)", "Integer"),
        (r"\(a, b) -> (b, a)", "(a, b) -> (b, a)"),
        (r"\xs -> case xs of\n  [] -> 0\n  (y : ys) -> y", "[Integer] -> Integer"),
        (r"\x -> receive\n  :ping -> x\n  (:add, n) -> n + 1\n  after 100 -> 0", "Integer -> Integer"),
        (r"\f -> f $ 1", "(Integer -> a) -> a"),
        ("length [1, 2]", "Integer"),
    ];
    let mut failures = Vec::new();
    for (expr, expected) in table {
        let expr = expr.replace(r"\n", "\n");
        let (found, errors) = infer(&expr);
        if found != expected || !errors.is_empty() {
            failures.push(format!("{expr:?}: expected `{expected}`, found `{found}` {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn let_polymorphism_and_monomorphic_lambdas() {
    assert_eq!(principal("let i = \\x -> x in i i"), "a -> a");
    let (_, errors) = infer(r"\i -> (i 1, i 'c')");
    assert_eq!(errors, ["E0150: expected `Integer`, found `Char`"]);
}

#[test]
fn errors_are_reported_and_inference_goes_on() {
    assert_eq!(infer("1 + \"a\"").1, ["E0150: expected `Integer`, found `String`"]);
    assert_eq!(infer(r"\x -> x x").1.len(), 1);
    assert!(infer(r"\x -> x x").1[0].starts_with("E0151"), "infinite type");
    assert_eq!(infer("show (\\x -> x)").1, ["E0155: no instance for `Show t1 -> t1`"]);
    assert_eq!(infer("undefinedName 1").1, ["E0108: `undefinedName` is not in scope"]);
    assert_eq!(infer("{ a = 1 }.b").1, ["E0153: the record has no field `b`"]);
    let (_, errors) = infer(r"\m -> case m of\n  Just -> 1\n  Nothing -> 2".replace(r"\n", "\n").as_str());
    assert_eq!(errors, ["E0154: the constructor `Just` takes 1 argument, but this pattern gives 0"]);
    // Two independent errors, both reported.
    let (_, errors) = infer("(1 + \"a\", length 5)");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(infer("?todo").1[0].starts_with("E0157"));
}
