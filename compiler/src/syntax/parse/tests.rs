//! Parse tests: each snapshot holds the source and the tree's S-expression dump (plus any
//! diagnostics), so the shape of every construct is pinned, not just "no error".

use crate::syntax::{dump, parse_module};

fn render(source: &str) -> String {
    let parsed = parse_module(source);
    let mut out = dump::module(&parsed.module);
    for d in &parsed.diagnostics {
        out.push_str(&format!("{} {:?}: {}\n", d.code, d.primary_span(), d.message));
    }
    out
}

macro_rules! parses {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            let source: &str = $source;
            insta::with_settings!({ description => source, omit_expression => true }, {
                insta::assert_snapshot!(render(source));
            });
        }
    };
}

/// Asserts the module parses without diagnostics, and returns its dump.
fn clean(source: &str) -> String {
    let parsed = parse_module(source);
    assert!(parsed.diagnostics.is_empty(), "unexpected diagnostics: {:#?}", parsed.diagnostics);
    dump::module(&parsed.module)
}

// ---- module header, imports, exports --------------------------------------------------------

parses!(
    module_header_and_exports,
    "module Demo.Counter (start, Reply(..), Shape(Circle, Rect), Tick, class Tick, (+), module Data.Map) where\nx = 1\n"
);
parses!(module_without_export_list, "module Main where\nmain = 1\n");
parses!(file_without_header, "main = println \"hi\"\nf x = x\n");
parses!(
    imports,
    "module M where\nimport Prelude\nimport Data.Map as Map\nimport Data.Maybe (isJust, fromMaybe, Maybe(..))\nimport Data.List hiding (lookup)\nimport Data.Set as Set (Set, member)\nimport Control.Monad (class Monad)\n"
);
parses!(explicit_braces_module, "module M where { import Prelude; f = 1; g = 2 }");

// ---- declarations ---------------------------------------------------------------------------

parses!(
    data_declarations,
    "data Shape = Circle Float | Rect Float Float deriving (Eq, Show)\ndata Maybe a = Just a | Nothing\ndata Void\ndata Pair a b = Pair a b deriving Show\ndata T = T { name :: String } | U [Integer] (Maybe a)\n"
);
parses!(data_on_several_lines, "data Shape\n  = Circle Float\n  | Rect Float Float\n  deriving (Eq, Ord, Show)\n");
parses!(
    newtype_and_synonyms,
    "newtype Celsius = Celsius Float deriving (Eq)\ntype Name = String\ntype Person = { name :: String, age :: Integer }\ntype Pair a = (a, a)\ntype Handler m a = a -> m ()\n"
);
parses!(
    class_declarations,
    "class Show a where show :: a -> String\nclass Eq a => Ord a where\n  compare :: a -> a -> Ordering\n  max :: a -> a -> a\n  max x y = if x >= y then x else y\nclass (Functor f, Foldable f) => Traversable f where\n  traverse :: Applicative m => (a -> m b) -> f a -> m (f b)\nclass Empty a\n"
);
parses!(
    instance_declarations,
    "instance Show a => Show (Maybe a) where\n  show (Just x) = \"Just \" <> show x\n  show Nothing  = \"Nothing\"\ninstance Eq Shape\ninstance (Show a, Show b) => Show (Either a b) where\n  show = showEither\n"
);
parses!(
    signatures,
    "fib :: Integer -> Integer\nid :: forall a. a -> a\nf, g :: Show a => a -> [a] -> (a, String)\ngetName :: { name :: String | r } -> String\nh :: (Eq a, Ord b) => Map a b -> Maybe ()\nk :: forall f a. Functor f => f a -> f (Unit, a)\nempty :: {}\n"
);
parses!(
    fixity_declarations,
    "infixl 6 add as +\ninfixr 5 append as <>\ninfix 4 eq as ==\ninfixl 7 `div`\ninfixr 0 apply as $\ninfixl 9 Map.lookup as !?\n"
);
parses!(
    foreign_imports,
    "foreign import println :: String -> IO ()\nforeign import spawn :: Process () -> Process Pid\n"
);
parses!(
    equations_with_guards_and_where,
    "fib :: Integer -> Integer\nfib 0 = 0\nfib 1 = 1\nfib n | n > 1 = fib (n - 1) + fib (n - 2)\n      | otherwise = 0\n\nclassify n\n  | n < lo = :low\n  | n > hi = :high\n  | otherwise = :ok\n  where\n    lo = 10\n    hi = 20\n"
);
parses!(
    pattern_guards,
    "f x | Just y <- lookup x table, y > 0 = y\n    | let z = x * 2, z > 10 = z\n    | otherwise = 0\n"
);
parses!(pattern_bindings, "(a, b) = pair\nJust c = lookup 1 m\n[x, y] = xs\nall@(h:t) = list\n");
parses!(
    doc_comments,
    "-- | Adds one.\n-- Second line of the doc.\ninc :: Integer -> Integer\ninc x = x + 1\n\n-- plain comment\ndec x = x - 1\n\n{- block -}\n-- | The shapes.\ndata Shape = Circle\n"
);

// ---- expressions ----------------------------------------------------------------------------

parses!(lambdas, "f = \\x y -> x + y\ng = \\(a, b) -> a\nh = \\_ -> \\z -> z\nk = map (\\x -> x * 2) xs\n");
parses!(
    case_expressions,
    "f x = case x of\n  Just y | y > 0 -> y\n         | otherwise -> 0\n  Nothing -> -1\ng a b = case a, b of\n  0, _ -> :zero\n  _, (x, :stop) -> x\nh x = case x of { A -> 1; B -> 2 }\n"
);
parses!(
    if_then_else,
    "f x = if x > 0 then :pos else if x < 0 then :neg else :zero\ng x = do\n  if x\n    then println \"yes\"\n    else println \"no\"\n  pure ()\n"
);
parses!(let_in, "f = let x = 1\n        y = 2\n    in x + y\ng = let z = 3 in z * z\nh = let { a = 1; b = 2 } in a\n");
parses!(
    do_blocks,
    "main = do\n  me <- getSelf\n  let x = 1\n      y = 2\n  (a, b) <- pure (x, y)\n  println (show (a + b))\n  when (a > 0) do\n    println \"positive\"\n  pure ()\n"
);
parses!(
    receive_after,
    "pong = receive\n  (from, :ping) -> do\n    from ! :pong\n    pong\n  :stop -> pure ()\n  after 5000 -> println \"pong: idle, stopping\"\n\nmain = do\n  me <- getSelf\n  receive\n    :pong -> println \"got pong\"\n    msg | isBig msg -> println \"big\"\n  after 1000 -> println \"timeout\"\n  receive\n    x -> pure x\n  receive after t * 2 -> pure ()\n"
);
parses!(
    records,
    "p = { name = \"x\", age = 3 }\nq = p.name\nr = p { age = p.age + 1 }\ns = p { address { city = \"Oslo\" }, age = 4 }\nt = (f x).field.inner\nu = { name, age }\nv = _.name\nw = f ({ a = 1 })\n"
);
parses!(
    lists_cons_ranges,
    "a = [1, 2, 3]\nb = []\nc = [x|xs]\nd = [x, y | rest]\ne = x : y : zs\nf = [1..10]\ng = [0, 5..100]\nh = [1..]\ni = ['a'..'z']\n"
);
parses!(
    comprehensions,
    "a = [x * y | x <- xs, y <- ys, x < y]\nb = [(x, z) | Just x <- ms, let z = x + 1, even z]\nc = [x | x <- [1..10]]\n"
);
parses!(tuples_and_unit, "a = (1, \"a\", :x)\nb = ()\nc = (x)\nd = ((1, 2), (3, 4))\n");
parses!(maps, "a = #{\"k\" => 1, \"j\" => 2}\nb = #{}\nc = #{key x => [1, 2]}\nf #{\"k\" := v, 1 := w} = v\n");
parses!(
    binaries,
    "a = <<1, 2, 255:8, \"abc\">>\nb = <<x:16/big, y:32/little-unsigned-integer, rest/binary>>\nc = <<>>\nparse <<len:16/big, body:len/binary, rest/binary>> = (body, rest)\n"
);
parses!(
    operator_sections,
    "a = (_ + 1)\nb = (+ 1)\nc = (1 -)\nd = (+)\ne = (- 1)\nf = (`div` 2)\ng = (10 `div`)\nh = (-)\ni = (a + b *)\nj = (Map.! k)\n"
);
parses!(
    backticks_and_qualified,
    "a = x `div` 2\nb = 10 `Data.Int.rem` 3\nc = Map.lookup k m\nd = m Map.! k\ne = Data.Maybe.fromMaybe 0 x\n"
);
parses!(
    typed_holes_and_annotations,
    "a = ?todo\nb = f ?x 1\nc = (1 :: Integer)\nd = fromInteger 3 :: Float\ne = (\\x -> x) :: a -> a\n"
);
parses!(
    literals,
    "a = 42\nb = -7\nc = 0x2a + 0o52 + 0b101\nd = 123456789012345678901234567890\ne = 1.5\nf = 2.3e-3\ng = 'a'\nh = 'の'\ni = \"héllo\\n\"\nj = \"\"\"raw \\n text\"\"\"\nk = :ok\nl = :\"node@host\"\nm = true\nn = false\n"
);
parses!(
    operator_precedence,
    "a = 1 + 2 * 3 - 4\nb = f $ g $ h x\nc = x == y && y /= z || w\nd = xs <> ys <> zs\ne = a >>= f >>= g\nf = - x + y\ng = pid ! (me, :ping)\nh = f <$> xs <*> ys\n"
);

// ---- patterns -------------------------------------------------------------------------------

parses!(
    patterns,
    "f (Just x) Nothing = x\nf _ (Just (a, b)) = a\ng all@(x:xs) = all\ng [] = []\ng [x] = [x]\ng [x, y | rest] = rest\nh 0 = :zero\nh (-1) = :minus_one\nh 'c' = :c\nh \"str\" = :s\nh :atom = :a\nk { name = n, age } = n\nk #{\"key\" := v} = v\nm (x :: Integer) = x\nn (a, b, c) = a\no (x : y : rest) = rest\np true = 1\n"
);

// ---- layout ---------------------------------------------------------------------------------

parses!(
    nested_layout,
    "module M where\n\nf x = case x of\n  Just y -> do\n    let z = y\n    case z of\n      0 -> pure ()\n      _ -> println \"nz\"\n  Nothing -> pure ()\n  where\n    helper = 1\n\ng = 2\n"
);

#[test]
fn every_example_shape_is_clean() {
    // The programs LANGUAGE.md shows parse without any diagnostics.
    clean(include_str!("../../../../examples/pingpong.mote"));
    clean(include_str!("../../../../examples/shapes.mote"));
    clean(include_str!("../../../../examples/hello.mote"));
}

parses!(
    constructor_operator_patterns,
    "infixr 5 Cons as :|\nhead (x :| _) = x\npair (a :| b :| rest) = rest\ncons (x : xs) = xs\n"
);
parses!(
    open_expressions_as_last_argument,
    "main = for_ xs \\x -> println x\nf c = g 1 if c then 1 else 2\nh = run let x = 1 in x\nk = f x \\y -> y + 1\n"
);

#[test]
fn braces_after_a_constructor_are_a_record_argument() {
    // A constructor cannot be updated, so `Just { … }` passes a record, puns included.
    assert_eq!(clean("x = Just { id, value = 2 }\n"), "(eq x () (app Just (record id (value 2))))\n");
    let parsed = parse_module("x = r { a }\n");
    assert_eq!(parsed.diagnostics.len(), 1, "a pun is no update: {:?}", parsed.diagnostics);
}

#[test]
fn record_argument_is_an_update() {
    // `f { a = 1 }` updates `f` (Haskell and PureScript agree); a literal argument needs parens.
    assert_eq!(clean("x = f { a = 1 }\n"), "(eq x () (update f (a 1)))\n");
    assert_eq!(clean("x = f ({ a = 1 })\n"), "(eq x () (app f (record (a 1))))\n");
}

#[test]
fn cons_versus_comprehension() {
    assert_eq!(clean("x = [a|as]\n"), "(eq x () (list-cons (a) as))\n");
    assert_eq!(clean("x = [a | a <- as]\n"), "(eq x () (for a (<- a as)))\n");
    assert_eq!(clean("x = [a | a <- as, a > 1]\n"), "(eq x () (for a (<- a as) (> a 1)))\n");
}

#[test]
fn lambda_guard_before_a_comma() {
    // The lambda's `->` does not end the guard it sits in, so the comma after it still separates
    // guard clauses instead of closing the block around them.
    assert_eq!(
        clean("x = (let g | \\y -> a, let { z = 1 } = 2 in g)\n"),
        "(eq x () (let ((eq g () (guarded (| ((lambda (y) a) (let (eq z () 1))) 2)))) g))\n"
    );
    assert_eq!(
        clean("x = (case v of A | \\y -> a, b -> 1)\n"),
        "(eq x () (case (v) (alt (A) (guarded (| ((lambda (y) a) b) 1)))))\n"
    );
}

// ---- errors ---------------------------------------------------------------------------------

parses!(
    error_recovery_reports_every_error,
    "module M where\nf x = case x of\n  Just y = 1\ng = (1 + \nh = if x 1 else 2\nok = 3\ni = [1, 2\nj = \\ -> 1\nalso_ok = 4\n"
);
parses!(error_import_after_declaration, "module M where\nf = 1\nimport Data.List\n");
parses!(error_map_arrows, "a = #{1 := 2}\nf #{1 => x} = x\n");
parses!(error_bad_class_head, "class (a b) where\n  f :: a\ninstance 3 where\n  g = 1\n");
parses!(error_expression_as_pattern, "main = do\n  f x <- g\n  (a + b) <- h\n  pure ()\n");
parses!(error_lexical, "x = 1 § 2\ny = \"unterminated\nz = '\\q'\nw = 0b102\n");
parses!(error_after_without_timeout, "f = receive\n  x -> x\n  after\ng = 1\n");
