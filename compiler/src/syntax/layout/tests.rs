//! Snapshots of the token stream after layout: the source above, the laid-out stream below,
//! one line per source line. Virtual tokens print as `{·` `;·` `·}`.

use proptest::prelude::*;

use super::{dump, layout};
use crate::syntax::token::{Spanned, Token, lex};

/// Lexes as the driver does (error tokens dropped) and lays out.
fn laid_out(source: &str) -> Vec<Spanned> {
    let tokens: Vec<Spanned> = lex(source).tokens.into_iter().filter(|t| !matches!(t.token, Token::Error(_))).collect();
    layout(source, &tokens)
}

fn render(source: &str) -> String {
    // Sources are written as raw strings starting on the line after the opening quote.
    let source = source.strip_prefix('\n').unwrap_or(source);
    format!("{}\n---\n{}", source.trim_end(), dump(source, &laid_out(source)))
}

macro_rules! layout_snapshot {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(render($source));
        }
    };
}

// The two `receive` shapes of LANGUAGE.md: `after` closes the receive block and gets no `;·`,
// whether it sits at the alternatives' column or at the enclosing `do` column.
layout_snapshot!(
    receive_after_at_alternatives_column,
    r#"
pong :: Process ()
pong = receive
  (from, :ping) -> do
    from ! :pong
    pong
  :stop -> pure ()
  after 5000 -> println "pong: idle, stopping"
"#
);

layout_snapshot!(
    receive_after_at_do_column,
    r#"
main :: IO ()
main = do
  me  <- getSelf
  pid <- spawn pong
  pid ! (me, :ping)
  receive
    :pong -> println "got pong"
  after 1000 -> println "timeout"
"#
);

layout_snapshot!(receive_after_on_one_line, "main = receive :a -> 1 after 10 -> 2\n");

layout_snapshot!(
    receive_with_only_after,
    r#"
wait = receive
  after 100 -> pure ()
"#
);

layout_snapshot!(
    receive_nested_with_afters,
    r#"
loop = receive
  :a -> receive
    :b -> 1
    after 10 -> 2
  after 20 -> 3
"#
);

// The timeout clause is a block of its own: its body must be indented past the timeout, as a
// `case` alternative's body must be past its pattern.
layout_snapshot!(
    after_body_on_next_line,
    r#"
main = receive
  :a -> 1
  after 5000 ->
          println "indented past 5000"
"#
);

// The `after` block is measured from its keyword: a body indented past `after` continues the
// clause even when it is left of the timeout.
layout_snapshot!(
    after_body_left_of_timeout,
    r#"
main = do
  receive
    :a -> pure ()
  after 5000 ->
    println "timeout"
  println "next"
"#
);

// An `in` whose own line closes its `let` by indentation closes only that `let`.
layout_snapshot!(
    in_on_its_own_line_in_a_nested_let,
    r#"
f = let g = let y = 1
            in y
    in g
"#
);

// A comma inside an `if` branch belongs to the block it is in.
layout_snapshot!(comma_in_an_if_branch, "f c = (if c then case a, b of A, B -> 1 else 2)\n");

// A bracket left open at the end of a declaration: a line back at the left margin starts the
// next declaration anyway, so one missing `)` costs one declaration.
layout_snapshot!(
    unclosed_bracket_ends_at_left_margin,
    r#"
f = (1 + 2
g = [1, 2
h = 3
"#
);

// Inside nested blocks, brackets keep the lenient reading: lines may continue at any column.
layout_snapshot!(
    record_closing_left_of_let_block,
    r#"
main = do
  let r = {
    a = 1
  }
  pure r
"#
);

layout_snapshot!(
    let_in_across_lines,
    r#"
let x = 1
    y = 2
 in x + y
"#
);

layout_snapshot!(let_in_on_one_line, "let x = 1 in x\n");

layout_snapshot!(let_in_closes_inner_blocks, "f = let g = case x of A -> 1 in g\nh = let y = do a in y\n");

layout_snapshot!(
    do_with_let,
    r#"
main = do
  let x = 1
      y = 2
  print (x + y)
  let z = 3 in print z
  let w = 4
  in print w
"#
);

layout_snapshot!(
    nested_do_in_case_in_where,
    r#"
main = run
  where
    run = case x of
      A -> do
        a
        b
      B -> pure ()
    other = 1
"#
);

layout_snapshot!(
    where_after_guards,
    r#"
fib n | n > 1 = fib (n - 1) + fib (n - 2)
      | otherwise = n
abs x
  | x < 0 = negate y
  | otherwise = y
  where
    y = x
    z = 2
"#
);

// `where` starts no item, so at a block's column (or after a `do` on its line) it ends the block.
layout_snapshot!(
    where_closes_blocks_at_its_column,
    r#"
main = do
  foo
  where foo = 1
f x = case x of
  A -> y
  where y = 1
g = do x where x = 1
"#
);

layout_snapshot!(comma_closes_of_block_in_parens, "t = (case x of A -> 1, 2)\n");

layout_snapshot!(
    comma_closes_do_blocks_in_list,
    r#"
xs = [do a, do b
               c, d]
"#
);

// An explicit bracket shields the blocks outside it: this `in` has no `let` to close.
layout_snapshot!(in_inside_parens_leaves_outer_let, "f = let x = (do a in b) in x\n");

layout_snapshot!(list_comprehension_with_let, "ys = [x | x <- xs, let y = x, y > 1]\n");

layout_snapshot!(comma_in_guard_does_not_close, "f = case x of A | a, b -> 1\n");

layout_snapshot!(
    comma_in_guard_on_continuation_line,
    r#"
t = (case x of A | a
                 , b -> 1)
"#
);

// The lambda's `->` is not the guard's: the comma after it stays inside the guard.
layout_snapshot!(lambda_in_guard_before_comma, "x = (let g | \\y -> a, b = 2 in g)\n");

layout_snapshot!(guard_with_let_and_comma, "f x | let y = x, y > 0 = y\n  | otherwise = 0\n");

layout_snapshot!(
    if_then_do_else_in_do,
    r#"
main = do
  if c then do a else b
  next
"#
);

layout_snapshot!(
    if_then_else_at_do_column,
    r#"
main = do
  if c
  then a
  else b
  next
"#
);

layout_snapshot!(
    if_else_chain_without_stair_steps,
    r#"
main = do
  if a then do
    foo
    bar
  else if b then
    baz
  else do
    qux
  next
"#
);

layout_snapshot!(
    case_with_several_scrutinees,
    r#"
both a b = case a, b of
  A, B -> 1
  _, _ -> 2
"#
);

layout_snapshot!(
    case_alternatives_with_guards,
    r#"
f x = case x of
  Just y
    | y > 0 -> 1
    | otherwise -> 2
  Nothing -> 3
"#
);

layout_snapshot!(
    class_and_instance_where_blocks,
    r#"
class Show a where show :: a -> String
class Eq a => Ord a where
  compare :: a -> a -> Ordering
  max :: a -> a -> a
instance Show a => Show (Maybe a) where
  show (Just x) = "Just " <> show x
  show Nothing  = "Nothing"
data Shape = Circle Float | Rect Float Float deriving (Eq, Show)
infixl 6 add as +
"#
);

layout_snapshot!(
    module_header,
    r#"
module Demo.Counter
  ( start
  , Reply(..)
  , class Tick
  ) where
import Prelude
import Data.Map as Map

main = pure ()
"#
);

layout_snapshot!(
    module_with_explicit_braces,
    r#"
module Main where {
import Prelude;
main = do { a; b };
x = 1
}
"#
);

layout_snapshot!(
    explicit_braces_for_every_keyword,
    r#"
main = do { x <- f
; let { y = x; z = y } in case y of { A -> 1; B -> 2 }
; receive { :a -> 1; :b -> 2 } after { 10 -> 3 }
}
  where { f = pure 1 }
"#
);

layout_snapshot!(
    implicit_blocks_inside_explicit_braces,
    r#"
main = do {
x <- f;
case x of
A -> 1
B -> 2
}
"#
);

layout_snapshot!(
    records_maps_and_binaries_in_blocks,
    r#"
main = do
  let p = { name = "x", age = 3 }
      q = p { age = 1 }
  print { a = do x, b = 2 }
  let m = #{ "k" => 1, "j" => 2 }
      r = { name = "y"
          , age = 4 }
  send <<len:16/big, body/binary>>
  pure <<>>
"#
);

layout_snapshot!(empty_where_at_end_of_file, "class Foo a where\n");

layout_snapshot!(empty_module_body, "module M where\n");

layout_snapshot!(
    under_indented_block_is_empty,
    r#"
class Foo a where
class Bar b where
  bar :: b
f = do
g = 1
"#
);

layout_snapshot!(tabs_count_to_multiples_of_eight, "main = do\n\tfoo\n        bar\n\t  baz\n");

layout_snapshot!(empty_input, "");

layout_snapshot!(indented_repl_input, "  x = 1\n  y = 2\n");

layout_snapshot!(
    raw_string_spanning_lines,
    r#"
main = do
  print """first
second""" <> x
  done
"#
);

layout_snapshot!(
    leading_commas_and_closers_at_block_column,
    r#"
main = do
  print
    [ 1
    , 2
    ]
  foo (do
    a
  )
  done
"#
);

layout_snapshot!(unbalanced_closers_change_nothing, "main = do\n  a)\n  b ]\n  c }\n  d >> e\n");

layout_snapshot!(unclosed_brackets_suspend_layout, "main = do\n  f (a\n  b\n");

layout_snapshot!(
    lambda_case_in_parens,
    "main = forM_ xs (\\x -> case x of\n                   A -> 1\n                   B -> 2)\n"
);

#[test]
fn virtual_tokens_are_empty_and_placed_before_the_next_token() {
    let source = "main = do\n  a\n  b";
    let tokens = laid_out(source);
    for t in tokens.iter().filter(|t| t.token.is_virtual()) {
        assert!(t.span.is_empty(), "{t:?} has a non-empty span");
    }
    let semi = tokens.iter().position(|t| t.token == Token::VSemi).expect("the second statement is separated");
    assert_eq!(tokens[semi].span.start, tokens[semi + 1].span.start);
    let last = tokens.last().expect("a non-empty stream");
    assert_eq!((last.token.clone(), last.span.start as usize), (Token::VRBrace, source.len()));
}

/// Pieces of source to build random programs from: every token layout treats specially, some
/// that it does not, and line breaks with assorted indentation.
const FRAGMENTS: &[&str] = &[
    "module",
    "where",
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
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "#{",
    "<<",
    ">>",
    "<<>>",
    ",",
    "|",
    "=",
    "->",
    "<-",
    ";",
    "x",
    "A",
    "1",
    "\"s\"",
    ":ok",
    "\\",
    "+",
    "\"\"\"raw\n\"\"\"",
    "\n",
    "\n",
    "\n ",
    "\n  ",
    "\n   ",
    "\n    ",
    "\n\t",
    "\n\t  ",
    "é",
    "'",
    "--c\n",
    "{-",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn layout_of_token_soup_is_total(source in soup()) {
        // Error tokens stay in: layout must cope with them too.
        let tokens = lex(&source).tokens;
        let out = layout(&source, &tokens);

        let real: Vec<&Spanned> = out.iter().filter(|t| !t.token.is_virtual()).collect();
        prop_assert_eq!(real, tokens.iter().collect::<Vec<_>>());

        let mut depth = 0usize;
        let mut previous = 0;
        for t in &out {
            prop_assert!(t.span.start >= previous, "out of order at {:?}", t);
            previous = t.span.start;
            match t.token {
                Token::VLBrace => depth += 1,
                Token::VRBrace => {
                    prop_assert!(depth > 0, "unmatched ·}} at {:?}", t.span);
                    depth -= 1;
                }
                _ => {}
            }
            if t.token.is_virtual() {
                prop_assert!(t.span.is_empty());
            }
        }
        prop_assert_eq!(depth, 0);
    }
}

layout_snapshot!(
    if_inside_let_inside_do,
    r#"
main = do
  let x = if a
      then 1
      else 2
      f y
        | y > 0 = 1
        | otherwise = 2
  print (f x)
"#
);

layout_snapshot!(
    module_tour,
    r#"
module Demo.Counter (start, Reply(..), class Tick) where   -- export list optional
import Prelude
import Data.Map as Map

fib :: Integer -> Integer
fib 0 = 0
fib n | n > 1 = fib (n - 1) + fib (n - 2)
      | otherwise = 0

type Person = { name :: String, age :: Integer }
getName :: { name :: String | r } -> String
getName p = p.name
older p = p { age = p.age + 1 }

main :: IO ()
main = do
  pid <- spawn pong
  for_ [1..10] \i -> do
    pid ! (i, :ping)
  let total = sum [x * y | x <- xs, y <- ys, x < y]
  case total, pid of
    0, _ -> println "none"
    n, p | n > 10, isAlive p -> println (show n)
         | otherwise -> pure ()
  where
    xs = [1, 2]
    ys = [0, 5..100]
"#
);
