//! The inference table: small modules and the principal type the checker must give one of their
//! top-level bindings, printed as `compiler/src/types/print.rs` prints schemes.
//!
//! Each entry is `(declarations, binding, expected)`. The declarations follow
//! `module Main where` and `import Prelude`, so an entry that needs more imports starts with them.
//! Declarations spanning several lines are written indented; the common indentation is removed.
//!
//! The expected types follow the printer's conventions: variables `a`, `b`, … in order of first
//! appearance in the type after `=>`, rows `r`, `r1`, …; constraints sorted by their variable, then
//! by class name; record fields in alphabetical order; synonyms expanded. Every entry is checked
//! and every discrepancy is reported in one run; an error diagnostic fails its entry.

use mote_compiler::db::inferred_types;
use mote_compiler::diagnostics::render_plain;

/// `(declarations, binding, expected type)`
const TABLE: &[(&str, &str, &str)] = &[
    // ---------------------------------------------------------------------------------------
    // Lambdas and combinators
    (r"identity = \x -> x", "identity", "a -> a"),
    (r"konst = \x y -> x", "konst", "a -> b -> a"),
    ("composeFns f g x = f (g x)", "composeFns", "(a -> b) -> (c -> a) -> c -> b"),
    ("flipped f x y = f y x", "flipped", "(a -> b -> c) -> b -> a -> c"),
    ("twice f x = f (f x)", "twice", "(a -> a) -> a -> a"),
    ("applyTo f x = f x", "applyTo", "(a -> b) -> a -> b"),
    (r"idOfId = (\x -> x) (\y -> y)", "idOfId", "a -> a"),
    ("s f g x = f x (g x)", "s", "(a -> b -> c) -> (a -> b) -> a -> c"),
    ("k2 = const", "k2", "a -> b -> a"),
    ("flipConst = flip const", "flipConst", "a -> b -> b"),
    ("idid = id id", "idid", "a -> a"),
    ("on op f x y = op (f x) (f y)", "on", "(a -> a -> b) -> (c -> a) -> c -> c -> b"),
    (r"andThen = \f g -> f >>> g", "andThen", "(a -> b) -> (b -> c) -> a -> c"),
    ("dup x = (x, x)", "dup", "a -> (a, a)"),
    ("swapPair (a, b) = (b, a)", "swapPair", "(a, b) -> (b, a)"),
    ("curry3 f a b c = f (a, b, c)", "curry3", "((a, b, c) -> d) -> a -> b -> c -> d"),
    (r"ignoreFirst = \_ y -> y", "ignoreFirst", "a -> b -> b"),
    // ---------------------------------------------------------------------------------------
    // Let-polymorphism
    (r#"pair = let f y = y in (f 1, f "a")"#, "pair", "(Integer, String)"),
    (r"pairs = let i = \x -> x in (i true, i 'c')", "pairs", "(Boolean, Char)"),
    (
        r#"useTwice = let twice f x = f (f x) in (twice (\n -> n + 1) 0, twice (\s -> s <> "!") "hi")"#,
        "useTwice",
        "(Integer, String)",
    ),
    (
        r#"nested = let k x = let g y = (x, y) in g in (k 1 'a', k true "s")"#,
        "nested",
        "((Integer, Char), (Boolean, String))",
    ),
    ("monoArgument f = (f 1, f 2)", "monoArgument", "(Integer -> a) -> (a, a)"),
    ("letSquare = let sq x = x * x in sq", "letSquare", "Semiring a => a -> a"),
    ("letAlias x = let y = x in y", "letAlias", "a -> a"),
    ("localNil = let nil = [] in (1 : nil, 'c' : nil)", "localNil", "([Integer], [Char])"),
    (r#"letMono x = let f y = x in (f 1, f "s")"#, "letMono", "a -> (a, a)"),
    (r#"letPattern = let (a, b) = (1, "x") in b"#, "letPattern", "String"),
    // ---------------------------------------------------------------------------------------
    // Where clauses
    (
        r"
        sumSquares xs = go xs 0
          where
            go [] acc = acc
            go (y : ys) acc = go ys (acc + y * y)
        ",
        "sumSquares",
        "[Integer] -> Integer",
    ),
    (
        r"
        area r = pi * r * r
          where
            pi = 3.14
        ",
        "area",
        "Float -> Float",
    ),
    (
        r#"
        greet name = greeting <> ", " <> name
          where
            greeting = "Hello"
        "#,
        "greet",
        "String -> String",
    ),
    (
        r"
        wrapBoth x y = (wrap x, wrap y)
          where
            wrap v = [v]
        ",
        "wrapBoth",
        "a -> b -> ([a], [b])",
    ),
    (
        r"
        scale k xs = map times xs
          where
            times x = x * k
        ",
        "scale",
        "(Semiring a, Functor b) => a -> b a -> b a",
    ),
    (
        r#"
        classify n
          | n < small = "small"
          | otherwise = "big"
          where
            small = 10
        "#,
        "classify",
        "Integer -> String",
    ),
    (
        r"
        hypotenuseSquared a b = square a + square b
          where
            square x = x * x
        ",
        "hypotenuseSquared",
        "Semiring a => a -> a -> a",
    ),
    (
        r"
        midpoint p q = (mx, my)
          where
            (x1, y1) = p
            (x2, y2) = q
            mx = (x1 + x2) / 2.0
            my = (y1 + y2) / 2.0
        ",
        "midpoint",
        "(Float, Float) -> (Float, Float) -> (Float, Float)",
    ),
    (
        r"
        outer x = inner x
          where
            inner y = helper y + 1
              where
                helper z = z * 2
        ",
        "outer",
        "Integer -> Integer",
    ),
    (
        r"
        bmi w h
          | index < 18.5 = :under
          | index < 25.0 = :normal
          | otherwise = :over
          where
            index = w / (h * h)
        ",
        "bmi",
        "Float -> Float -> Atom",
    ),
    (
        r#"
        showBoth x y = render x <> render y
          where
            render v = "<" <> show v <> ">"
        "#,
        "showBoth",
        "(Show a, Show b) => a -> b -> String",
    ),
    // ---------------------------------------------------------------------------------------
    // Guards and pattern guards
    (
        r"
        sign n
          | n > 0 = 1
          | n < 0 = -1
          | otherwise = 0
        ",
        "sign",
        "Integer -> Integer",
    ),
    (
        r"
        maxOf x y
          | x >= y = x
          | otherwise = y
        ",
        "maxOf",
        "Ord a => a -> a -> a",
    ),
    (
        r"
        import Data.List as List

        lookupOr d k xs
          | Just v <- List.lookup k xs = v
          | otherwise = d
        ",
        "lookupOr",
        "Eq b => a -> b -> [(b, a)] -> a",
    ),
    (
        r"
        firstOr d xs
          | Just x <- head xs = x
          | otherwise = d
        ",
        "firstOr",
        "a -> [a] -> a",
    ),
    (
        r#"
        describe m = case m of
          Just n | n > 100 -> "large"
          Just n | n > 0 -> "positive"
          _ -> "other"
        "#,
        "describe",
        "Maybe Integer -> String",
    ),
    (
        r"
        inRange lo hi x
          | x >= lo && x <= hi = true
          | otherwise = false
        ",
        "inRange",
        "Ord a => a -> a -> a -> Boolean",
    ),
    (
        r"
        positiveHead xs
          | Just x <- head xs, x > 0 = Just x
          | otherwise = Nothing
        ",
        "positiveHead",
        "[Integer] -> Maybe Integer",
    ),
    (
        r"
        clamp x
          | x < 0.0 = 0.0
          | x > 1.0 = 1.0
          | otherwise = x
        ",
        "clamp",
        "Float -> Float",
    ),
    (
        r"
        fact 0 = 1
        fact n | n > 0 = n * fact (n - 1)
        ",
        "fact",
        "Integer -> Integer",
    ),
    (
        r"
        bigDouble x
          | let y = x * 2, y > 10 = y
          | otherwise = 0
        ",
        "bigDouble",
        "Integer -> Integer",
    ),
    // ---------------------------------------------------------------------------------------
    // case, with one or more scrutinees
    (
        r"
        bothTrue a b = case a, b of
          true, true -> true
          _, _ -> false
        ",
        "bothTrue",
        "Boolean -> Boolean -> Boolean",
    ),
    (
        r"
        zipMaybe ma mb = case ma, mb of
          Just a, Just b -> Just (a, b)
          _, _ -> Nothing
        ",
        "zipMaybe",
        "Maybe a -> Maybe b -> Maybe (a, b)",
    ),
    (
        r"
        cmpLen xs ys = case xs, ys of
          [], [] -> EQ
          [], _ -> LT
          _, [] -> GT
          (_ : xs1), (_ : ys1) -> cmpLen xs1 ys1
        ",
        "cmpLen",
        "[a] -> [b] -> Ordering",
    ),
    (
        r"
        pick flag x y = case flag, x of
          true, Just v -> v
          _, _ -> y
        ",
        "pick",
        "Boolean -> Maybe a -> a -> a",
    ),
    (
        r"
        addEither ea eb = case ea, eb of
          Right a, Right b -> Right (a + b)
          Left e, _ -> Left e
          _, Left e -> Left e
        ",
        "addEither",
        "Semiring b => Either a b -> Either a b -> Either a b",
    ),
    (
        r"
        majority a b c = case a, b, c of
          true, true, _ -> true
          true, _, true -> true
          _, true, true -> true
          _, _, _ -> false
        ",
        "majority",
        "Boolean -> Boolean -> Boolean -> Boolean",
    ),
    (
        r"
        fstOf p = case p of
          (a, _) -> a
        ",
        "fstOf",
        "(a, b) -> a",
    ),
    (
        r#"
        code s = case s of
          "ok" -> 0
          "error" -> 1
          _ -> 2
        "#,
        "code",
        "String -> Integer",
    ),
    (
        r"
        isOk a = case a of
          :ok -> true
          _ -> false
        ",
        "isOk",
        "Atom -> Boolean",
    ),
    (
        r"
        isVowel c = case c of
          'a' -> true
          'e' -> true
          _ -> false
        ",
        "isVowel",
        "Char -> Boolean",
    ),
    // ---------------------------------------------------------------------------------------
    // Literals of every kind
    ("n = 42", "n", "Integer"),
    ("neg = -7", "neg", "Integer"),
    ("hex = 0x2a", "hex", "Integer"),
    ("bits = 0b101", "bits", "Integer"),
    ("octal = 0o52", "octal", "Integer"),
    ("ratio = 1.5", "ratio", "Float"),
    ("small = 2.3e-3", "small", "Float"),
    ("letter = 'a'", "letter", "Char"),
    (r#"text = "héllo\n""#, "text", "String"),
    (r#"raw = """a\b""""#, "raw", "String"),
    ("ok = :ok", "ok", "Atom"),
    (r#"node = :"node@host""#, "node", "Atom"),
    ("yes = true", "yes", "Boolean"),
    ("nothing = ()", "nothing", "()"),
    (r#"entry = (1, "a", :x)"#, "entry", "(Integer, String, Atom)"),
    ("nestedTuple = ((1, 'c'), [true])", "nestedTuple", "((Integer, Char), [Boolean])"),
    (r#"units = #{"k" => 1}"#, "units", "Map String Integer"),
    ("floats = #{:a => [1.5]}", "floats", "Map Atom [Float]"),
    ("emptyMap = #{}", "emptyMap", "Map a b"),
    ("byKey key = #{key => [1, 2]}", "byKey", "a -> Map a [Integer]"),
    ("packet = <<1, 2>>", "packet", "Binary"),
    (r#"mixed = <<1, 2, 255:8, "abc">>"#, "mixed", "Binary"),
    ("header len = <<len:16/big, 0:8>>", "header", "Integer -> Binary"),
    ("parseLen <<len:16/big, rest/binary>> = (len, rest)", "parseLen", "Binary -> (Integer, Binary)"),
    (r#"getK #{"k" := v} = v"#, "getK", "Map String a -> a"),
    ("unitFn _ = ()", "unitFn", "a -> ()"),
    ("chars = ['a', 'b']", "chars", "[Char]"),
    ("emptyList = []", "emptyList", "[a]"),
    // ---------------------------------------------------------------------------------------
    // Lists: cons, comprehensions, ranges, list functions
    ("cons x xs = x : xs", "cons", "a -> [a] -> [a]"),
    ("erlangCons x xs = [x|xs]", "erlangCons", "a -> [a] -> [a]"),
    ("twoCons = [1, 2 | [3]]", "twoCons", "[Integer]"),
    ("products = [x * y | x <- [1, 2], y <- [3, 4], x < y]", "products", "[Integer]"),
    ("grid = [(x, y) | x <- [1, 2], y <- ['a', 'b']]", "grid", "[(Integer, Char)]"),
    ("doubles = [y | x <- [1, 2, 3], let y = x * 2]", "doubles", "[Integer]"),
    ("evens xs = [x | x <- xs, x `mod` 2 == 0]", "evens", "[Integer] -> [Integer]"),
    ("mapC f xs = [f x | x <- xs]", "mapC", "(a -> b) -> [a] -> [b]"),
    ("firsts ps = [a | (a, _) <- ps]", "firsts", "[(a, b)] -> [a]"),
    ("oneToTen = [1..10]", "oneToTen", "[Integer]"),
    ("alphabet = ['a'..'z']", "alphabet", "[Char]"),
    ("fives = [0, 5..100]", "fives", "[Integer]"),
    ("upTo n = [1..n]", "upTo", "Integer -> [Integer]"),
    ("enumFromTo a b = [a..b]", "enumFromTo", "Enum a => a -> a -> [a]"),
    ("stepped a b c = [a, b..c]", "stepped", "Enum a => a -> a -> a -> [a]"),
    ("rev = reverse", "rev", "[a] -> [a]"),
    (r"positives = filter (\x -> x > 0)", "positives", "[Integer] -> [Integer]"),
    (r#"zipped = zip [1, 2] ["a", "b"]"#, "zipped", "[(Integer, String)]"),
    ("first = head [1]", "first", "Maybe Integer"),
    ("rest = tail ['a']", "rest", "Maybe [Char]"),
    ("flat = concat [[1], [2, 3]]", "flat", "[Integer]"),
    (r"doubleEach = concatMap (\x -> [x, x])", "doubleEach", "[a] -> [a]"),
    ("takeTwo = take 2", "takeTwo", "[a] -> [a]"),
    ("appendOne xs = xs <> [1]", "appendOne", "[Integer] -> [Integer]"),
    ("dupHead whole@(x : _) = x : whole", "dupHead", "[a] -> [a]"),
    ("firstTwo [x, y | _] = Just (x, y)", "firstTwo", "[a] -> Maybe (a, a)"),
    // ---------------------------------------------------------------------------------------
    // Records: literals, access, update, patterns, rows
    (r#"person = { name = "Ann", age = 41 }"#, "person", "{ age :: Integer, name :: String }"),
    ("getName p = p.name", "getName", "{ name :: a | r } -> a"),
    ("getter = _.name", "getter", "{ name :: a | r } -> a"),
    (
        r"
        getNameSig :: { name :: String | r } -> String
        getNameSig p = p.name
        ",
        "getNameSig",
        "{ name :: String | r } -> String",
    ),
    ("older p = p { age = p.age + 1 }", "older", "{ age :: Integer | r } -> { age :: Integer | r }"),
    ("setAge p = if p.age > 0 then p { age = 1 } else p", "setAge", "{ age :: Integer | r } -> { age :: Integer | r }"),
    (r#"rename p = p { name = p.name <> "!" }"#, "rename", "{ name :: String | r } -> { name :: String | r }"),
    (r#"updated = let p = { name = "a", age = 1 } in p { age = 2 }"#, "updated", "{ age :: Integer, name :: String }"),
    (
        "moveX p = p { pos { x = p.pos.x + 1 } }",
        "moveX",
        "{ pos :: { x :: Integer | r } | r1 } -> { pos :: { x :: Integer | r } | r1 }",
    ),
    ("nameOf { name = n } = n", "nameOf", "{ name :: a | r } -> a"),
    ("punned { name, age } = age + 1", "punned", "{ age :: Integer, name :: a | r } -> Integer"),
    (
        r#"
        getName p = p.name
        twoRecords = (getName ({ name = "a", age = 1 }), getName ({ name = 'c' }))
        "#,
        "twoRecords",
        "(String, Char)",
    ),
    (
        r#"
        fullName :: { first :: String, last :: String | r } -> String
        fullName p = p.first <> " " <> p.last
        "#,
        "fullName",
        "{ first :: String, last :: String | r } -> String",
    ),
    (
        r"
        type Person = { name :: String, age :: Integer }

        mkPerson :: String -> Person
        mkPerson n = { name = n, age = 0 }
        ",
        "mkPerson",
        "String -> { age :: Integer, name :: String }",
    ),
    ("record n a = { name = n, age = a }", "record", "a -> b -> { age :: b, name :: a }"),
    ("named name = { name, age = 0 }", "named", "a -> { age :: Integer, name :: a }"),
    (r#"ageOf = let p = { name = "x", age = 3 } in p.age"#, "ageOf", "Integer"),
    ("sumXY p = p.x + p.y", "sumXY", "Semiring a => { x :: a, y :: a | r } -> a"),
    ("names ps = [p.name | p <- ps]", "names", "[{ name :: a | r }] -> [a]"),
    ("callF o = o.f 1", "callF", "{ f :: Integer -> a | r } -> a"),
    // ---------------------------------------------------------------------------------------
    // Class methods at known types (nothing left) and at unknown ones (generalised)
    ("shown = show 42", "shown", "String"),
    ("shownList = show [Just 1]", "shownList", "String"),
    ("showEach xs = reverse (map show xs)", "showEach", "Show a => [a] -> [String]"),
    ("mapShow = map show", "mapShow", "(Functor a, Show b) => a b -> a String"),
    (r"selfEqual = \x -> x == x", "selfEqual", "Eq a => a -> Boolean"),
    (r"eqAndLess = \x y -> x == y && x < y", "eqAndLess", "Ord a => a -> a -> Boolean"),
    ("showJust x = show (Just x)", "showJust", "Show a => a -> String"),
    ("showNested x = show (Just [x])", "showNested", "Show a => a -> String"),
    ("showPair x y = show (x, y)", "showPair", "(Show a, Show b) => a -> b -> String"),
    ("ordering = compare 1 2", "ordering", "Ordering"),
    (r#"smaller = min "a" "b""#, "smaller", "String"),
    (r"plus = \x y -> x + y", "plus", "Semiring a => a -> a -> a"),
    ("minus x y = x - y", "minus", "Ring a => a -> a -> a"),
    ("negated x = -x", "negated", "Ring a => a -> a"),
    ("ringMix x = x * x - x + one", "ringMix", "Ring a => a -> a"),
    ("halve n = n `div` 2", "halve", "Integer -> Integer"),
    ("divGeneric x y = x `div` y", "divGeneric", "EuclideanRing a => a -> a -> a"),
    ("divPlus x y = x `mod` y + x", "divPlus", "EuclideanRing a => a -> a -> a"),
    ("quotient x y = x / y", "quotient", "DivisionRing a => a -> a -> a"),
    ("halfFloat x = x / 2.0", "halfFloat", "Float -> Float"),
    ("emptyThing = mempty", "emptyThing", "Monoid a => a"),
    ("zeroish = zero", "zeroish", "Semiring a => a"),
    ("withEmpty x = x <> mempty", "withEmpty", "Monoid a => a -> a"),
    ("appended x y = x <> y", "appended", "Semigroup a => a -> a -> a"),
    ("showAbs x = show (abs x)", "showAbs", "(Ord a, Ring a, Show a) => a -> String"),
    ("notEqual x y = x /= y", "notEqual", "Eq a => a -> a -> Boolean"),
    ("cmpBy f x y = compare (f x) (f y)", "cmpBy", "Ord b => (a -> b) -> a -> a -> Ordering"),
    ("showTwice x = show x <> show x", "showTwice", "Show a => a -> String"),
    ("nextChar = succ 'a'", "nextChar", "Char"),
    ("boolNumber = fromEnum true", "boolNumber", "Integer"),
    ("fromNumber n = toEnum n", "fromNumber", "Enum a => Integer -> a"),
    ("listEq = [1, 2] == [1, 2]", "listEq", "Boolean"),
    (r#"tupleCmp = compare (1, "a") (2, "b")"#, "tupleCmp", "Ordering"),
    ("justLess x = Just x < Nothing", "justLess", "Ord a => a -> Boolean"),
    ("eqMaybe x y = Just x == Just y", "eqMaybe", "Eq a => a -> a -> Boolean"),
    ("tupleLess a b = (a, 1) < (b, 2)", "tupleLess", "Ord a => a -> a -> Boolean"),
    ("showMixed x y = show x <> show (y + y)", "showMixed", "(Show a, Semiring b, Show b) => a -> b -> String"),
    ("mconcatish xs = foldr (<>) mempty xs", "mconcatish", "(Foldable a, Monoid b) => a b -> b"),
    (
        "countAndMap f t = (length t, map f t)",
        "countAndMap",
        "(Foldable c, Functor c) => (a -> b) -> c a -> (Integer, c b)",
    ),
    (
        "withTraverse f t = (length t, map f t, traverse Just t)",
        "withTraverse",
        "Traversable c => (a -> b) -> c a -> (Integer, c b, Maybe (c a))",
    ),
    ("joinedStrings = \"a\" <> \"b\"", "joinedStrings", "String"),
    // ---------------------------------------------------------------------------------------
    // User data types and their constructors as values
    (
        r"
        data Shape = Circle Float | Rect Float Float

        area s = case s of
          Circle r -> 3.14 * r * r
          Rect w h -> w * h
        ",
        "area",
        "Shape -> Float",
    ),
    ("data Shape = Circle Float | Rect Float Float\n\nmkCircle = Circle", "mkCircle", "Float -> Shape"),
    ("mk = Just", "mk", "a -> Maybe a"),
    ("none = Nothing", "none", "Maybe a"),
    ("mkLeft = Left", "mkLeft", "a -> Either a b"),
    ("mkRight = Right", "mkRight", "a -> Either b a"),
    ("wrapped = Just (Just 'x')", "wrapped", "Maybe (Maybe Char)"),
    (
        r"
        data Tree a = Leaf | Node (Tree a) a (Tree a)

        insert x Leaf = Node Leaf x Leaf
        insert x (Node l v r)
          | x < v = Node (insert x l) v r
          | otherwise = Node l v (insert x r)
        ",
        "insert",
        "Ord a => a -> Tree a -> Tree a",
    ),
    (
        r"
        data Tree a = Leaf | Node (Tree a) a (Tree a)

        size Leaf = 0
        size (Node l _ r) = size l + 1 + size r
        ",
        "size",
        "Tree a -> Integer",
    ),
    (
        r"
        data Tree a = Leaf | Node (Tree a) a (Tree a)

        toList Leaf = []
        toList (Node l v r) = toList l <> [v] <> toList r
        ",
        "toList",
        "Tree a -> [a]",
    ),
    ("data Tree a = Leaf | Node (Tree a) a (Tree a)\n\nnode = Node", "node", "Tree a -> a -> Tree a -> Tree a"),
    ("data Pair a b = Pair a b\n\nswapP (Pair a b) = Pair b a", "swapP", "Pair a b -> Pair b a"),
    ("data Pair a b = Pair a b\n\nmkPair = Pair", "mkPair", "a -> b -> Pair a b"),
    ("data Pair a b = Pair a b\n\npairWithOne = Pair 1", "pairWithOne", "a -> Pair Integer a"),
    (
        r"
        data Color = Red | Green | Blue

        next c = case c of
          Red -> Green
          Green -> Blue
          Blue -> Red
        ",
        "next",
        "Color -> Color",
    ),
    (
        r"
        data Expr = Num Integer | Add Expr Expr | Mul Expr Expr

        eval (Num n) = n
        eval (Add a b) = eval a + eval b
        eval (Mul a b) = eval a * eval b
        ",
        "eval",
        "Expr -> Integer",
    ),
    ("data Tagged t = Tagged Integer\n\ntagged = Tagged 1", "tagged", "Tagged a"),
    (
        r"
        data User = User { name :: String, age :: Integer }

        userName (User u) = u.name
        ",
        "userName",
        "User -> String",
    ),
    (
        r"
        data Result e a = Failure e | Success a

        fromResult d r = case r of
          Success x -> x
          Failure _ -> d
        ",
        "fromResult",
        "a -> Result b a -> a",
    ),
    // ---------------------------------------------------------------------------------------
    // Newtypes
    ("newtype Celsius = Celsius Float\n\ntoF (Celsius c) = c * 1.8 + 32.0", "toF", "Celsius -> Float"),
    ("newtype Celsius = Celsius Float\n\nmkC = Celsius", "mkC", "Float -> Celsius"),
    ("newtype Wrap a = Wrap a\n\nunwrap (Wrap x) = x", "unwrap", "Wrap a -> a"),
    ("newtype Wrap a = Wrap a\n\nwrapTwice x = Wrap (Wrap x)", "wrapTwice", "a -> Wrap (Wrap a)"),
    ("newtype Id = Id Integer deriving (Eq, Ord, Show)\n\nsameId = Id 1 == Id 2", "sameId", "Boolean"),
    (
        r#"
        newtype Name = Name String

        hello (Name n) = "hi " <> n
        "#,
        "hello",
        "Name -> String",
    ),
    // ---------------------------------------------------------------------------------------
    // Type synonyms (expanded when printed) and signatures (normalised)
    ("type Point = (Float, Float)\n\norigin :: Point\norigin = (0.0, 0.0)", "origin", "(Float, Float)"),
    (
        "type Pred a = a -> Boolean\n\nisPositive :: Pred Integer\nisPositive n = n > 0",
        "isPositive",
        "Integer -> Boolean",
    ),
    ("flag :: Bool\nflag = true", "flag", "Boolean"),
    ("count :: Int\ncount = 3", "count", "Integer"),
    (
        r#"
        type Name = String

        welcome :: Name -> Name
        welcome n = "hello " <> n
        "#,
        "welcome",
        "String -> String",
    ),
    ("type Twin a = (a, a)\n\ntwin :: a -> Twin a\ntwin x = (x, x)", "twin", "a -> (a, a)"),
    ("import Control.Process\n\nidle :: Process ()\nidle = pure ()", "idle", "IO ()"),
    ("ident :: forall t. t -> t\nident x = x", "ident", "a -> a"),
    ("second :: (q, p) -> p\nsecond (_, p) = p", "second", "(a, b) -> b"),
    (
        r#"
        constrained :: (Show b, Eq b) => b -> String
        constrained x = if x == x then show x else ""
        "#,
        "constrained",
        "(Eq a, Show a) => a -> String",
    ),
    (
        r#"
        twoVars :: (Show y, Ord x) => x -> y -> String
        twoVars a b = if a < a then show b else ""
        "#,
        "twoVars",
        "(Ord a, Show b) => a -> b -> String",
    ),
    ("onlyIntegers :: Integer -> Integer\nonlyIntegers x = x", "onlyIntegers", "Integer -> Integer"),
    ("unitValue :: Unit\nunitValue = ()", "unitValue", "()"),
    ("listOf :: List Integer\nlistOf = [1]", "listOf", "[Integer]"),
    (
        r#"
        table :: Map String (Maybe Integer)
        table = #{"a" => Just 1}
        "#,
        "table",
        "Map String (Maybe Integer)",
    ),
    ("atOne :: (Integer -> Integer) -> Integer\natOne f = f 1", "atOne", "(Integer -> Integer) -> Integer"),
    // ---------------------------------------------------------------------------------------
    // User classes: superclasses, default methods, instances
    (
        r#"
        class Describable a where
          describe :: a -> String

        instance Describable Boolean where
          describe b = if b then "yes" else "no"

        described = describe true
        "#,
        "described",
        "String",
    ),
    (
        r"
        class Describable a where
          describe :: a -> String

        describeTwice x = describe x <> describe x
        ",
        "describeTwice",
        "Describable a => a -> String",
    ),
    (
        r"
        class Describable a where
          describe :: a -> String

        class Describable a => Fancy a where
          fancy :: a -> String

        useBoth x = describe x <> fancy x
        ",
        "useBoth",
        "Fancy a => a -> String",
    ),
    (
        r#"
        class Greet a where
          name :: a -> String
          greet :: a -> String
          greet x = "Hello, " <> name x

        data Dog = Dog

        instance Greet Dog where
          name _ = "dog"

        hi = greet Dog
        "#,
        "hi",
        "String",
    ),
    (
        r"
        class Container f where
          empty :: f a
          insert :: a -> f a -> f a

        single x = insert x empty
        ",
        "single",
        "Container b => a -> b a",
    ),
    (
        r"
        class Container f where
          empty :: f a
          insert :: a -> f a -> f a

        instance Container List where
          empty = []
          insert x xs = x : xs

        numbers = insert 1 (insert 2 empty) <> [3]
        ",
        "numbers",
        "[Integer]",
    ),
    (
        r"
        class Default a where
          def :: a

        instance Default Integer where
          def = 0

        defaultPlusOne = def + 1
        ",
        "defaultPlusOne",
        "Integer",
    ),
    (
        r#"
        class Default a where
          def :: a

        instance Default Integer where
          def = 0

        instance Default String where
          def = ""

        defaults = (def :: Integer, def :: String)
        "#,
        "defaults",
        "(Integer, String)",
    ),
    (
        r#"
        data Box a = Box a

        instance Show a => Show (Box a) where
          show (Box x) = "Box " <> show x

        showBox x = show (Box x)
        "#,
        "showBox",
        "Show a => a -> String",
    ),
    (
        r"
        data Box a = Box a

        instance Functor Box where
          map f (Box x) = Box (f x)

        incremented = map (\x -> x + 1) (Box 1)
        ",
        "incremented",
        "Box Integer",
    ),
    (
        r"
        data Color = Red | Green

        instance Eq Color where
          eq Red Red = true
          eq Green Green = true
          eq _ _ = false

        differ = Red /= Green
        ",
        "differ",
        "Boolean",
    ),
    (
        r"
        class Shape a where
          area :: a -> Float
          perimeter :: a -> Float

        data Square = Square Float

        instance Shape Square where
          area (Square s) = s * s
          perimeter (Square s) = 4.0 * s

        ratio sq = area sq / perimeter sq
        ",
        "ratio",
        "Shape a => a -> Float",
    ),
    // ---------------------------------------------------------------------------------------
    // deriving (Eq, Ord, Show)
    ("data Suit = Hearts | Spades deriving (Eq, Ord, Show)\n\nsame = Hearts == Spades", "same", "Boolean"),
    ("data Suit = Hearts | Spades deriving (Eq, Ord, Show)\n\norder = compare Hearts Spades", "order", "Ordering"),
    ("data Suit = Hearts | Spades deriving (Eq, Ord, Show)\n\nshownSuit = show Hearts", "shownSuit", "String"),
    ("data Suit = Hearts | Spades deriving (Eq, Ord, Show)\n\nhigher = max Hearts Spades", "higher", "Suit"),
    (
        "import Data.List as List\n\ndata Suit = Hearts | Spades deriving (Eq, Ord, Show)\n\nsorted = List.sort [Spades, Hearts]",
        "sorted",
        "[Suit]",
    ),
    ("data Point = Point Integer Integer deriving (Eq, Show)\n\nshowPoint = show (Point 1 2)", "showPoint", "String"),
    ("data Opt a = None | Some a deriving (Eq, Show)\n\neqOpt x = Some x == None", "eqOpt", "Eq a => a -> Boolean"),
    ("data Opt a = None | Some a deriving (Eq, Show)\n\nshowOpt x = show (Some x)", "showOpt", "Show a => a -> String"),
    (
        "data Opt a = None | Some a deriving (Eq, Ord)\n\ncmpOpt x y = compare (Some x) (Some y)",
        "cmpOpt",
        "Ord a => a -> a -> Ordering",
    ),
    ("newtype Id = Id Integer deriving (Eq, Ord, Show)\n\nidLess = Id 1 < Id 2", "idLess", "Boolean"),
    // ---------------------------------------------------------------------------------------
    // Higher-kinded use: Functor, Applicative, Monad, Traversable
    (r"mapWith = \f x -> map f x", "mapWith", "Functor c => (a -> b) -> c a -> c b"),
    ("mapOp f x = f <$> x", "mapOp", "Functor c => (a -> b) -> c a -> c b"),
    ("mapTwice f = map (map f)", "mapTwice", "(Functor c, Functor d) => (a -> b) -> c (d a) -> c (d b)"),
    (r"incAll = map (\x -> x + 1)", "incAll", "Functor a => a Integer -> a Integer"),
    ("pureTwice x = pure (pure x)", "pureTwice", "(Applicative b, Applicative c) => a -> b (c a)"),
    (r"liftPair fa fb = liftA2 (\a b -> (a, b)) fa fb", "liftPair", "Applicative a => a b -> a c -> a (b, c)"),
    ("bindTwice m f = m >>= f >>= f", "bindTwice", "Monad a => a b -> (b -> a b) -> a b"),
    ("sequenced = sequence [Just 1, Nothing]", "sequenced", "Maybe [Integer]"),
    (
        "traverseWith f xs = traverse f xs",
        "traverseWith",
        "(Applicative b, Traversable d) => (a -> b c) -> d a -> b (d c)",
    ),
    ("voided x = void x", "voided", "Functor a => a b -> a ()"),
    ("flatten = join", "flatten", "Monad a => a (a b) -> a b"),
    (r"applied = [\x -> x + 1, \x -> x * 2] <*> [10, 20]", "applied", "[Integer]"),
    ("either1 = Just 1 <|> Nothing", "either1", "Maybe Integer"),
    ("mapMaybeValue = map (_ + 1) (Just 1)", "mapMaybeValue", "Maybe Integer"),
    // ---------------------------------------------------------------------------------------
    // Foldable
    ("total = sum [1, 2, 3]", "total", "Integer"),
    ("totalFloat = sum [1.5, 2.5]", "totalFloat", "Float"),
    ("sumAny xs = sum xs", "sumAny", "(Foldable a, Semiring b) => a b -> b"),
    ("len xs = length xs", "len", "Foldable a => a b -> Integer"),
    ("lenList = length [1, 2]", "lenList", "Integer"),
    ("lenMaybe = length (Just 'x')", "lenMaybe", "Integer"),
    ("productList = product [1, 2, 3]", "productList", "Integer"),
    ("hasThree xs = elem 3 xs", "hasThree", "Foldable a => a Integer -> Boolean"),
    (r"anyNegative xs = any (\x -> x < 0) xs", "anyNegative", "Foldable a => a Integer -> Boolean"),
    (r"allPositive = all (\x -> x > 0.0) [1.0]", "allPositive", "Boolean"),
    ("foldShow xs = foldMap show xs", "foldShow", "(Foldable a, Show b) => a b -> String"),
    (r#"mapTotal = sum #{"a" => 1, "b" => 2}"#, "mapTotal", "Integer"),
    (r"countAll xs = foldl (\n _ -> n + 1) 0 xs", "countAll", "Foldable a => a b -> Integer"),
    ("myFoldr f z xs = foldr f z xs", "myFoldr", "Foldable c => (a -> b -> b) -> b -> c a -> b"),
    ("sumPlusLength xs = sum xs + length xs", "sumPlusLength", "Foldable a => a Integer -> Integer"),
    ("foldlSum = foldl (+) 0 [1, 2, 3]", "foldlSum", "Integer"),
    // ---------------------------------------------------------------------------------------
    // Monadic code in Maybe, Either and IO
    (r#"main = println "hi""#, "main", "IO ()"),
    (
        r#"
        main = do
          println "a"
          println "b"
        "#,
        "main",
        "IO ()",
    ),
    (r#"greet name = println ("Hello, " <> name)"#, "greet", "String -> IO ()"),
    (
        r"
        addM ma mb = do
          a <- ma
          b <- mb
          pure (a + b)
        ",
        "addM",
        "(Monad a, Semiring b) => a b -> a b -> a b",
    ),
    ("safeDiv x y = if y == 0 then Nothing else Just (x `div` y)", "safeDiv", "Integer -> Integer -> Maybe Integer"),
    (
        r"
        safeDiv x y = if y == 0 then Nothing else Just (x `div` y)

        calc = do
          a <- safeDiv 10 2
          b <- safeDiv a 0
          pure (a + b)
        ",
        "calc",
        "Maybe Integer",
    ),
    ("passThrough m = do { x <- m; pure x }", "passThrough", "Monad a => a b -> a b"),
    (r"bindMaybe = Just 3 >>= \x -> Just (x * 2)", "bindMaybe", "Maybe Integer"),
    (r#"echo = pure "x" >>= println"#, "echo", "IO ()"),
    (
        r"
        prog = do
          let n = 2
          println (show (n * 3))
        ",
        "prog",
        "IO ()",
    ),
    (r#"whenPositive n = when (n > 0) (println "positive")"#, "whenPositive", "Integer -> IO ()"),
    (r#"unlessZero n = unless (n == 0) (println "nonzero")"#, "unlessZero", "Integer -> IO ()"),
    (r"counting = for_ [1, 2, 3] $ \i -> println (show i)", "counting", "IO ()"),
    (r"printAll xs = for_ xs (\x -> println (show x))", "printAll", "(Foldable a, Show b) => a b -> IO ()"),
    (r#"printBoth = traverse_ println ["a", "b"]"#, "printBoth", "IO ()"),
    ("returned = return 5", "returned", "Applicative a => a Integer"),
    ("pureUnit = pure ()", "pureUnit", "Applicative a => a ()"),
    (
        r#"
        eitherM = do
          x <- Right 1
          y <- Left "err"
          pure (x + y)
        "#,
        "eitherM",
        "Either String Integer",
    ),
    (
        r"
        swapM m = do
          (a, b) <- m
          pure (b, a)
        ",
        "swapM",
        "Monad a => a (b, c) -> a (c, b)",
    ),
    (r#"loopForever = forever (println "x")"#, "loopForever", "IO a"),
    // ---------------------------------------------------------------------------------------
    // Recursion, and mutual recursion without signatures
    (
        r"
        isEven 0 = true
        isEven n = isOdd (n - 1)
        isOdd 0 = false
        isOdd n = isEven (n - 1)
        ",
        "isEven",
        "Integer -> Boolean",
    ),
    (
        r"
        isEven 0 = true
        isEven n = isOdd (n - 1)
        isOdd 0 = false
        isOdd n = isEven (n - 1)
        ",
        "isOdd",
        "Integer -> Boolean",
    ),
    (
        r"
        evensOf [] = []
        evensOf (x : xs) = x : oddsOf xs
        oddsOf [] = []
        oddsOf (_ : xs) = evensOf xs
        ",
        "oddsOf",
        "[a] -> [a]",
    ),
    (
        r"
        ping n = if n <= 0 then [] else show n : pong (n - 1)
        pong n = if n <= 0 then [] else ping (n - 1)
        ",
        "pong",
        "Integer -> [String]",
    ),
    ("len [] = 0\nlen (_ : xs) = 1 + len xs", "len", "[a] -> Integer"),
    ("myMap f [] = []\nmyMap f (x : xs) = f x : myMap f xs", "myMap", "(a -> b) -> [a] -> [b]"),
    ("myFoldl f z [] = z\nmyFoldl f z (x : xs) = myFoldl f (f z x) xs", "myFoldl", "(a -> b -> a) -> a -> [b] -> a"),
    ("fib 0 = 0\nfib 1 = 1\nfib n = fib (n - 1) + fib (n - 2)", "fib", "Integer -> Integer"),
    ("lastOf [x] = x\nlastOf (_ : xs) = lastOf xs", "lastOf", "[a] -> a"),
    ("countUp lo hi = if lo > hi then [] else lo : countUp (lo + 1) hi", "countUp", "Integer -> Integer -> [Integer]"),
    ("sumTo n acc = if n == 0 then acc else sumTo (n - 1) (acc + n)", "sumTo", "Integer -> Integer -> Integer"),
    ("mySum [] = zero\nmySum (x : xs) = x + mySum xs", "mySum", "Semiring a => [a] -> a"),
    ("myElem _ [] = false\nmyElem y (x : xs) = x == y || myElem y xs", "myElem", "Eq a => a -> [a] -> Boolean"),
    ("copies n x = if n <= 0 then [] else x : copies (n - 1) x", "copies", "Integer -> a -> [a]"),
    ("countIf p xs = length (filter p xs)", "countIf", "(a -> Boolean) -> [a] -> Integer"),
    // ---------------------------------------------------------------------------------------
    // Operator sections, backticks, `$` and `#`
    ("inc = (_ + 1)", "inc", "Integer -> Integer"),
    ("inc2 = (+ 1)", "inc2", "Integer -> Integer"),
    ("fromOne = (1 -)", "fromOne", "Integer -> Integer"),
    ("minusOne = (_ - 1)", "minusOne", "Integer -> Integer"),
    ("twiceAfter = (2 * _)", "twiceAfter", "Integer -> Integer"),
    ("halves = map (_ / 2.0)", "halves", "Functor a => a Float -> a Float"),
    ("plusOp = (+)", "plusOp", "Semiring a => a -> a -> a"),
    (r#"exclaim = (<> "!")"#, "exclaim", "String -> String"),
    (r#"quote = ("> " <>)"#, "quote", "String -> String"),
    ("halveBy = (`div` 2)", "halveBy", "Integer -> Integer"),
    ("divides x y = y `mod` x == 0", "divides", "Integer -> Integer -> Boolean"),
    ("isIn x xs = x `elem` xs", "isIn", "(Eq a, Foldable b) => a -> b a -> Boolean"),
    ("plus a b = a + b\n\nthree = 1 `plus` 2", "three", "Integer"),
    ("dollar = show $ 1 + 2", "dollar", "String"),
    ("applyDollar f x = f $ x", "applyDollar", "(a -> b) -> a -> b"),
    (r"piped = [1, 2, 3] # map (\x -> x * 2)", "piped", "[Integer]"),
    ("pipe x f = x # f", "pipe", "a -> (a -> b) -> b"),
    (r"composed = show <<< (\x -> x + 1)", "composed", "Integer -> String"),
    (r"composedRight = (\x -> x + 1) >>> show", "composedRight", "Integer -> String"),
    ("sectionChain = (_ * 2) >>> (_ + 1)", "sectionChain", "Integer -> Integer"),
    ("isA = (== 'a')", "isA", "Char -> Boolean"),
    ("belowTen = (_ < 10)", "belowTen", "Integer -> Boolean"),
    ("doubleAll = map (2 *)", "doubleAll", "Functor a => a Integer -> a Integer"),
    // ---------------------------------------------------------------------------------------
    // if
    ("choose c = if c then 1 else 2", "choose", "Boolean -> Integer"),
    ("ifPoly c x y = if c then x else y", "ifPoly", "Boolean -> a -> a -> a"),
    ("absInt n = if n < 0 then -n else n", "absInt", "Integer -> Integer"),
    (r#"size x = if x > 10 then "big" else if x > 5 then "mid" else "small""#, "size", "Integer -> String"),
    (r#"ifIO b = if b then println "yes" else pure ()"#, "ifIO", "Boolean -> IO ()"),
    ("ifList xs = if length xs > 2 then xs else []", "ifList", "[a] -> [a]"),
    ("ifMaybe b x = if b then Just x else Nothing", "ifMaybe", "Boolean -> a -> Maybe a"),
    (r#"ifInLet n = let big = n > 100 in if big then "big" else "small""#, "ifInLet", "Integer -> String"),
    ("ifEq x y = if x == y then x else y", "ifEq", "Eq a => a -> a -> a"),
    ("ifFunction b = if b then negate else id", "ifFunction", "Ring a => Boolean -> a -> a"),
    ("ifNot b = if not b then 0 else 1", "ifNot", "Boolean -> Integer"),
    // ---------------------------------------------------------------------------------------
    // receive and the process primitives of Control.Process
    (
        r#"
        import Control.Process

        waitPing = receive
          :ping -> println "ping"
          after 1000 -> println "timeout"
        "#,
        "waitPing",
        "IO ()",
    ),
    (
        r#"
        import Control.Process

        pong = receive
          (from, :ping) -> do
            from ! :pong
            pong
          :stop -> pure ()
          after 5000 -> println "idle"
        "#,
        "pong",
        "IO ()",
    ),
    (
        r#"
        import Control.Process

        waitFor ms = receive
          :done -> println "done"
          after ms -> println "gave up"
        "#,
        "waitFor",
        "Integer -> IO ()",
    ),
    (
        r"
        import Control.Process

        counter n = receive
          (:add, k) -> counter (n + k)
          (:get, from) -> do
            from ! n
            counter n
          :stop -> pure n
        ",
        "counter",
        "Semiring a => a -> IO a",
    ),
    (
        r#"
        import Control.Process

        waitBig = receive
          n | n > 100 -> println "big"
          after 10 -> println "none"
        "#,
        "waitBig",
        "IO ()",
    ),
    (
        r"
        import Control.Process

        awaitDown = receive
          Down _ _ reason -> println (show reason)
        ",
        "awaitDown",
        "IO ()",
    ),
    (
        r#"
        import Control.Process

        main = do
          me <- getSelf
          pid <- spawn (println "child")
          pid ! (me, :ping)
          receive
            :pong -> println "got pong"
            after 1000 -> println "timeout"
        "#,
        "main",
        "IO ()",
    ),
    ("import Control.Process\n\nme = getSelf", "me", "IO Pid"),
    ("import Control.Process\n\nspawnIt p = spawn p", "spawnIt", "IO a -> IO Pid"),
    (
        r#"
        import Control.Process

        start = spawn (println "child")
        "#,
        "start",
        "IO Pid",
    ),
    ("import Control.Process\n\nsendPing pid = pid ! :ping", "sendPing", "Pid -> IO ()"),
    ("import Control.Process\n\nsendAny pid msg = send pid msg", "sendAny", "Pid -> a -> IO ()"),
    ("import Control.Process\n\nwatch pid = monitor pid", "watch", "Pid -> IO Ref"),
    ("import Control.Process\n\nselfAlive = getSelf >>= isAlive", "selfAlive", "IO Boolean"),
    ("import Control.Process\n\nlater pid = sendAfter 100 pid :tick", "later", "Pid -> IO Ref"),
    ("import Control.Process\n\nwatched = spawnMonitor (pure ())", "watched", "IO (Pid, Ref)"),
    ("import Control.Process\n\nfindServer = whereis :server", "findServer", "IO (Maybe Pid)"),
    ("import Control.Process\n\nselfish :: Process Pid\nselfish = getSelf", "selfish", "IO Pid"),
    ("import Control.Process\n\nregisterMe = getSelf >>= register :me", "registerMe", "IO ()"),
    ("import Control.Process\n\nstopNow = exit :normal", "stopNow", "IO a"),
    ("import Control.Process\n\nfreshSubject = newSubject", "freshSubject", "IO (Subject a)"),
    ("import Control.Process\n\ntell s = sendTo s 1", "tell", "Subject Integer -> IO ()"),
    // ---------------------------------------------------------------------------------------
    // error, annotations, pattern bindings
    (r#"oops = error "x""#, "oops", "a"),
    (r#"crash x = error ("bad: " <> show x)"#, "crash", "Show a => a -> b"),
    (
        r#"
        safeHead xs = case xs of
          [] -> error "empty"
          (x : _) -> x
        "#,
        "safeHead",
        "[a] -> a",
    ),
    ("annotated = (1 :: Integer)", "annotated", "Integer"),
    ("noStrings = ([] :: [String])", "noStrings", "[String]"),
    (r"intId = ((\x -> x) :: Integer -> Integer)", "intId", "Integer -> Integer"),
    ("showInt x = show (x :: Integer)", "showInt", "Integer -> String"),
    ("idInt (x :: Integer) = x", "idInt", "Integer -> Integer"),
    ("noInt = (Nothing :: Maybe Integer)", "noInt", "Maybe Integer"),
    ("emptyString = (mempty :: String)", "emptyString", "String"),
    ("(lo, hi) = (1, 'z')", "hi", "Char"),
    (r"(f, g) = (\x -> x + 1.0, \y -> y + 1)", "g", "Integer -> Integer"),
    // ---------------------------------------------------------------------------------------
    // Maybe, Either and tuple helpers
    ("orZero = fromMaybe 0", "orZero", "Maybe Integer -> Integer"),
    (r#"showOrNone = maybe "none" show"#, "showOrNone", "Show a => Maybe a -> String"),
    (r"showEither = either show (\s -> s)", "showEither", "Show a => Either a String -> String"),
    ("import Data.Maybe (isJust)\n\nhasValue = isJust", "hasValue", "Maybe a -> Boolean"),
    ("import Data.Maybe (catMaybes)\n\njusts = catMaybes [Just 1, Nothing]", "justs", "[Integer]"),
    (
        r"
        import Data.Maybe (mapMaybe)

        keepPositive = mapMaybe (\x -> if x > 0 then Just x else Nothing)
        ",
        "keepPositive",
        "[Integer] -> [Integer]",
    ),
    ("import Data.Maybe (fromJust)\n\nforced = fromJust (Just 'c')", "forced", "Char"),
    ("import Data.Either (lefts)\n\nerrors = lefts [Left 1, Right \"a\"]", "errors", "[Integer]"),
    ("import Data.Either (note)\n\nnoted = note \"missing\" (Just 1)", "noted", "Either String Integer"),
    ("import Data.Either (hush)\n\nquiet = hush", "quiet", "Either a b -> Maybe b"),
    ("rightShown = map show (Right 1 :: Either String Integer)", "rightShown", "Either String String"),
    ("import Data.Tuple (swap)\n\nswapped = swap (1, \"a\")", "swapped", "(String, Integer)"),
    ("import Data.Tuple (uncurry)\n\naddPair = uncurry (+)", "addPair", "Semiring a => (a, a) -> a"),
    ("flipPair p = (snd p, fst p)", "flipPair", "(a, b) -> (b, a)"),
    // ---------------------------------------------------------------------------------------
    // Data.Map
    ("import Data.Map as Map\n\nm1 = Map.insert \"k\" 1 Map.empty", "m1", "Map String Integer"),
    ("import Data.Map as Map\n\nlook k m = Map.lookup k m", "look", "a -> Map a b -> Maybe b"),
    (
        r#"
        import Data.Map as Map

        fromPairs = Map.fromList [(1, "a"), (2, "b")]
        "#,
        "fromPairs",
        "Map Integer String",
    ),
    ("import Data.Map as Map\n\nkeysOf = Map.keys", "keysOf", "Map a b -> [a]"),
    (
        r"
        import Data.Map as Map

        countWords ws = foldl (\m w -> Map.insertWith (+) w 1 m) Map.empty ws
        ",
        "countWords",
        "Foldable a => a b -> Map b Integer",
    ),
    ("import Data.Map as Map\n\nsz = Map.size #{\"a\" => 1}", "sz", "Integer"),
    ("import Data.Map as Map\n\nhasX = Map.member :x #{:x => 1}", "hasX", "Boolean"),
    ("import Data.Map as Map\n\ndeleteA = Map.delete \"a\"", "deleteA", "Map String a -> Map String a"),
    (
        "import Data.Map as Map\n\nwithDefault m = Map.findWithDefault 0 \"k\" m",
        "withDefault",
        "Map String Integer -> Integer",
    ),
    ("import Data.Map as Map\n\nunited = Map.union #{1 => 'a'} #{2 => 'b'}", "united", "Map Integer Char"),
    (r#"doubledValues = map (\v -> v * 2) #{"a" => 1}"#, "doubledValues", "Map String Integer"),
    (
        r#"
        import Data.Map as Map

        adjusted = Map.adjust (\v -> v <> "!") :k
        "#,
        "adjusted",
        "Map Atom String -> Map Atom String",
    ),
    ("import Data.Map as Map\n\nentries = Map.toList #{'a' => true}", "entries", "[(Char, Boolean)]"),
    (
        r"
        import Data.Map as Map

        labelled = Map.mapWithKey (\k v -> show k <> v)
        ",
        "labelled",
        "Show a => Map a String -> Map a String",
    ),
    (
        r"
        import Data.Map as Map

        bigOnes = Map.filter (\v -> v > 1)
        ",
        "bigOnes",
        "Map a Integer -> Map a Integer",
    ),
    ("import Data.Map as Map\n\none1 = Map.singleton :a 1.0", "one1", "Map Atom Float"),
    ("import Data.Map as Map\n\nmerged = #{1 => \"a\"} <> Map.empty", "merged", "Map Integer String"),
    ("import Data.Map as Map\n\nvaluesSum m = sum (Map.values m)", "valuesSum", "Semiring b => Map a b -> b"),
    (
        r"
        import Data.Map as Map

        keysRight = Map.foldrWithKey (\k _ acc -> k : acc) []
        ",
        "keysRight",
        "Map a b -> [a]",
    ),
    // ---------------------------------------------------------------------------------------
    // Data.String, Data.Char and Data.List
    ("import Data.String as String\n\ncharCount = String.length \"abc\"", "charCount", "Integer"),
    ("import Data.String as String\n\nupper = String.toUpper", "upper", "String -> String"),
    ("import Data.String as String\n\nparts = String.split \"/\" \"a/b\"", "parts", "[String]"),
    ("import Data.String as String\n\njoined = String.joinWith \", \"", "joined", "[String] -> String"),
    ("import Data.String as String\n\nletters = String.toChars \"hi\"", "letters", "[Char]"),
    ("import Data.String as String\n\nword = String.fromChars ['a', 'b']", "word", "String"),
    ("import Data.String as String\n\nisSensor = String.startsWith \"sensors/\"", "isSensor", "String -> Boolean"),
    (
        "import Data.String as String\n\nsensorTopics ts = filter (String.startsWith \"sensors/\") ts",
        "sensorTopics",
        "[String] -> [String]",
    ),
    ("import Data.String as String\n\nstripped = String.stripPrefix \"a\" \"abc\"", "stripped", "Maybe String"),
    ("import Data.String as String\n\nwordCount s = length (String.words s)", "wordCount", "String -> Integer"),
    ("import Data.String as String\n\npayload = String.toUtf8 \"x\"", "payload", "Binary"),
    ("import Data.String as String\n\ndecoded b = String.fromUtf8 b", "decoded", "Binary -> Maybe String"),
    (
        "import Data.String as String\n\ntrimmedLines s = map String.trim (String.lines s)",
        "trimmedLines",
        "String -> [String]",
    ),
    ("import Data.String as String\n\nfirstChar = String.charAt 0", "firstChar", "String -> Maybe Char"),
    ("import Data.String as String\n\ncsv xs = String.joinWith \",\" (map show xs)", "csv", "Show a => [a] -> String"),
    (
        "import Data.String as String\nimport Data.Char as Char\n\ndigits s = filter Char.isDigit (String.toChars s)",
        "digits",
        "String -> [Char]",
    ),
    ("import Data.List as List\n\nsortedInts = List.sort [3, 1, 2]", "sortedInts", "[Integer]"),
    ("import Data.List as List\n\nbySecond = List.sortOn snd", "bySecond", "Ord b => [(a, b)] -> [(a, b)]"),
    ("import Data.List as List\n\naddLists = List.zipWith (+)", "addLists", "Semiring a => [a] -> [a] -> [a]"),
    ("import Data.List as List\n\nunique = List.nub", "unique", "Eq a => [a] -> [a]"),
    ("import Data.List as List\n\nlargest = List.maximum", "largest", "Ord a => [a] -> Maybe a"),
    (
        r"
        import Data.List as List

        sumMaybe = List.foldM (\acc x -> Just (acc + x)) 0
        ",
        "sumMaybe",
        "[Integer] -> Maybe Integer",
    ),
    ("import Data.List as List\n\nsortedEq xs = List.sort xs == xs", "sortedEq", "Ord a => [a] -> Boolean"),
];

const HEADER: &str = "module Main where\n\nimport Prelude\n";

/// The module an entry stands for.
fn program(declarations: &str) -> String {
    format!("{HEADER}{}\n", dedent(declarations))
}

/// The text without its leading and trailing blank lines and without the indentation its
/// non-blank lines share.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| !l.trim().is_empty()) else { return String::new() };
    let end = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(start, |i| i + 1);
    let lines = &lines[start..end];
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    lines.iter().map(|l| l.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n")
}

#[test]
fn dedent_removes_the_shared_indentation() {
    assert_eq!(dedent("\n    f x\n      | x = 1\n\n    g = 2\n    "), "f x\n  | x = 1\n\ng = 2");
    assert_eq!(dedent("n = 42"), "n = 42");
}

#[test]
fn principal_types_of_top_level_bindings() {
    let mut failures = Vec::new();
    for &(declarations, binding, expected) in TABLE {
        let source = program(declarations);
        let (types, diagnostics) = inferred_types(&source);
        let found = types.iter().find(|(name, _)| name == binding).map(|(_, ty)| ty.as_str());
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| render_plain("Main.mote", &source, d).trim_end().to_string())
            .collect();
        if found == Some(expected) && errors.is_empty() {
            continue;
        }
        let found = match found {
            Some(ty) => ty.to_string(),
            None => {
                let known: Vec<&str> = types.iter().map(|(name, _)| name.as_str()).collect();
                if known.is_empty() {
                    format!("no type for `{binding}` (none for any value of the module)")
                } else {
                    format!("no type for `{binding}` (types only for: {})", known.join(", "))
                }
            }
        };
        let mut report = format!("`{binding}`\n  expected: {expected}\n  found:    {found}\n");
        for line in dedent(declarations).lines() {
            report.push_str(&format!("  | {line}\n"));
        }
        for error in errors {
            report.push_str(&format!("{error}\n"));
        }
        failures.push(report);
    }
    assert!(failures.is_empty(), "{} of {} entries failed:\n\n{}", failures.len(), TABLE.len(), failures.join("\n"));
}
