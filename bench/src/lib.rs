//! Benchmark inputs: generators of large, realistic Mote sources.

use std::fmt::Write;

pub mod project;

/// A module of about `lines` lines exercising every declaration and expression form the
/// front end handles: data types, classes, instances, guards, case, do, let, where, records,
/// lists, comprehensions, maps, binaries, receive, operators and comments.
pub fn module(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 40);
    out.push_str("module Bench.Generated (main) where\n\nimport Prelude\nimport Data.Map as Map\n\n");
    let mut count = out.lines().count();
    let mut i = 0;
    while count < lines {
        let before = out.len();
        block(&mut out, i);
        count += out[before..].matches('\n').count();
        i += 1;
    }
    out
}

fn block(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"-- | Shape number {i}.
data Shape{i} = Circle{i} Float | Rect{i} Float Float deriving (Eq, Show)

type Point{i} = {{ x :: Float, y :: Float }}

class Area{i} a where
  area{i} :: a -> Float

instance Area{i} Shape{i} where
  area{i} (Circle{i} r) = 3.14159 * r * r
  area{i} (Rect{i} w h) = w * h

classify{i} :: Integer -> String
classify{i} n
  | n < 0 = "negative"
  | n == 0 = "zero"
  | Just m <- lookup{i} n, m > 10 = "big " <> show m
  | otherwise = case n `mod` 3, n `div` 2 of
      0, _ -> "fizz"
      1, k | k > 4 -> "large"
      _, _ -> "other"
  where
    lookup{i} k = if k > 100 then Just k else Nothing

loop{i} :: Integer -> Integer -> Integer
loop{i} acc 0 = acc
loop{i} acc n = loop{i} (acc + n * 2 - 1) (n - 1)

move{i} :: Point{i} -> Point{i}
move{i} p = p {{ x = p.x + 1.0, y = p.y * 2.0 }}

squares{i} = [x * y | x <- [1..10], y <- [x, x + 2..20], odd (x + y)]

packet{i} len = <<len:16/big, "payload", 255:8>>

server{i} state = receive
  (from, :get) -> do
    from ! (:ok, state)
    server{i} state
  (:put, value) -> server{i} (Map.insert "k" value state)
  :stop -> pure ()
  after 5000 -> println "idle"

main{i} :: IO ()
main{i} = do
  let total = loop{i} 0 1000
      table = #{{"a" => 1, "b" => 2}}
  println (show total)
  for_ (squares{i}) (\s -> println (show (s + 1)))
  pure ()

"#
    );
}
