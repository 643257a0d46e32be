//! Principal types of expressions, each checked as the body of a top-level binding of a module
//! that imports the Prelude (what the REPL's `:type` shows).

use crate::db::inferred_types;

/// The type of `it = <expr>`, and every diagnostic as `CODE: message`.
fn infer(expr: &str) -> (String, Vec<String>) {
    let indented = expr.replace('\n', "\n    ");
    let source = format!("module Main where\n\nimport Prelude\nimport System.IO\n\nit =\n    {indented}\n");
    let (types, diagnostics) = inferred_types(&source);
    let ty = types.into_iter().find(|(n, _)| n == "it").map(|(_, t)| t).unwrap_or_default();
    let messages = diagnostics
        .iter()
        .filter(|d| d.code != crate::diagnostics::Code::E0109)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    (ty, messages)
}

fn principal(expr: &str) -> String {
    let (ty, errors) = infer(expr);
    assert!(errors.is_empty(), "{expr}: {errors:?}");
    ty
}

#[test]
fn principal_types() {
    let table = [
        (r"\x -> x", "a -> a"),
        (r"\x y -> x", "a -> b -> a"),
        (r"\f x -> f (f x)", "(a -> a) -> a -> a"),
        (r"\f g x -> f (g x)", "(a -> b) -> (c -> a) -> c -> b"),
        // `map` is `Functor`'s, as in Hamler and PureScript (LANGUAGE.md lists it among the classes).
        ("map show", "(Functor a, Show b) => a b -> a String"),
        ("\\xs -> map show (1 : xs)", "[Integer] -> [String]"),
        ("map (map show)", "(Functor a, Functor b, Show c) => a (b c) -> a (b String)"),
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
        ("{ name = \"Ann\", age = 41 }", "{ age :: Integer, name :: String }"),
        (r"\p -> p.name <> p.title", "Semigroup a => { name :: a, title :: a | r } -> a"),
        ("(_.name)", "{ name :: a | r } -> a"),
        ("(+ 1)", "Integer -> Integer"),
        ("(1 +)", "Integer -> Integer"),
        ("(+)", "Semiring a => a -> a -> a"),
        ("#{\"k\" => 1}", "Map String Integer"),
        ("<<1, 2>>", "Binary"),
        ("[x * 2 | x <- [1..10], x < 5]", "[Integer]"),
        ("[(x, y) | x <- [1, 2], y <- ['a', 'b']]", "[(Integer, Char)]"),
        ("do\n  line <- readLine\n  println (fromMaybe \"\" line)", "IO ()"),
        ("do\n  let n = 1\n  pure (n + 1)", "Monad a => a Integer"),
        ("(1 :: Integer)", "Integer"),
        (r"\(a, b) -> (b, a)", "(a, b) -> (b, a)"),
        (r"\xs -> case xs of\n  [] -> 0\n  (y : ys) -> y", "[Integer] -> Integer"),
        (
            r"\x -> receive\n  :ping -> pure x\n  (:add, n) -> pure (n + 1)\n  after 100 -> pure 0",
            "Integer -> IO Integer",
        ),
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
    assert_eq!(infer("show (\\x -> x)").1, ["E0155: no instance for `Show (a -> a)`"]);
    assert_eq!(infer("undefinedName 1").1, ["E0108: the value `undefinedName` is not in scope"]);
    assert_eq!(infer("{ a = 1 }.b").1, ["E0153: the record has no field `b`"]);
    let (_, errors) = infer(r"\m -> case m of\n  Just -> 1\n  Nothing -> 2".replace(r"\n", "\n").as_str());
    assert_eq!(errors, ["E0154: the constructor `Just` takes 1 argument, but this pattern gives 0"]);
    // Two independent errors, both reported.
    let (_, errors) = infer("(1 + \"a\", length 5)");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(infer("?todo").1[0].starts_with("E0157"));
}
