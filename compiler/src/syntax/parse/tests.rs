use super::*;

fn show(src: &str) -> String {
    let parsed = parse_module(src);
    let mut out = crate::syntax::dump::module(&parsed.module);
    for d in &parsed.diagnostics {
        out.push_str(&format!("\n{:?}: {} {:?}", d.code, d.message, d.labels));
    }
    out
}

#[test]
fn scratch() {
    eprintln!("{}", show("module M (a, T(..)) where { import Data.Map as M (x); f :: forall a. Show a => a -> { x :: Int | r }; f x | Just y <- g x, y > 1 = y + 1 * 2 | otherwise = case x, 2 of { Just z -> z; _ -> \\a -> a :: Int }; g = do { x <- p.name; let { y = 1 }; pure (x, y) }; h = [x | x <- [1..10], odd x]; k = [x|xs]; m = #{\"a\" => 1}; b = <<1, x:16/big, rest/binary>>; s = (+ 1); t = (1 -); u = (_ + 1); r = p { a = 1, b { c = 2 } }; q = receive { :ping -> 1 } after { 1000 -> 2 } }"));
    eprintln!("{}", show("module M where { f x = case x of { Just y = 1 }; g = (1 + ; h = if x 1 else 2; data T = A | B deriving (Eq, Show); class Eq a => Ord a where { compare :: a -> a -> Ordering }; instance Show a => Show (Maybe a) where { show x = x }; infixl 6 add as +; foreign import println :: String -> IO () }"));
}
