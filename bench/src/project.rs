//! A generated multi-module package, for benchmarks of `mote check` over the salsa database.
//!
//! Module `Gen.Mk` imports the Prelude, a few library modules, `Gen.M(k-1)` unqualified,
//! `Gen.M(k-2)` qualified and, from `Gen.M05` on, `Gen.M(k/2)` through an import list, and
//! uses what each exports; every third module has an export list; `Main` imports five modules.
//! The code is well-typed Mote that uses only what the standard library exports, so that the
//! benchmark stays valid as `check` grows stages. The tests beside this file `check` a small
//! package from the same generator, so a change that breaks it, down to a type error or a new
//! warning, fails them.
//!
//! A module is a run of blocks of three kinds (sensors, ledgers, routes) whose functions
//! differ in shape and constants. Every block defines `step…`, whose body the incremental
//! benchmarks edit.

use std::fmt::Write;

/// One generated source file.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    /// Where the module would live in a project, for messages.
    pub path: String,
    pub module: String,
    pub text: String,
    /// A top-level function whose body [`Project::edited`] changes: `step…` of the module's
    /// middle block, so the edit shifts the spans of about half the module.
    pub edit_site: String,
    /// How many blocks of declarations the module has; none for `Main`.
    pub blocks: usize,
}

/// A generated package: `Gen.M01` … `Gen.Mn` in import order, then `Main`.
#[derive(Debug, Clone)]
pub struct Project {
    pub files: Vec<ProjectFile>,
}

impl Project {
    /// The total number of lines.
    pub fn lines(&self) -> usize {
        self.files.iter().map(|f| f.text.lines().count()).sum()
    }

    /// The index of a module in the middle of the import graph: `Gen.M(n/2)`, which (from
    /// eight modules on) imports three modules and is imported by the two after it and `Gen.Mn`.
    pub fn middle(&self) -> usize {
        self.generated() / 2 - 1
    }

    /// The index of a module that no other module imports: the last `Gen` module.
    pub fn leaf(&self) -> usize {
        self.generated() - 1
    }

    fn generated(&self) -> usize {
        self.files.len() - 1
    }

    /// The text of file `index` with one function body edited so that the module stays
    /// well-typed: the literal `1` ending the body becomes `2`, and the body moves to a line of
    /// its own, so every later span in the file shifts.
    pub fn edited(&self, index: usize) -> String {
        let file = &self.files[index];
        let head = format!("\n{} n = ", file.edit_site);
        let start = file.text.find(&head).expect("the edit site is defined in its module") + head.len();
        let end = start + file.text[start..].find('\n').expect("a definition ends its line");
        let body = file.text[start..end].strip_suffix(" + 1").expect("every `step` body ends in `+ 1`");
        format!("{}\n  {body} + 2{}", &file.text[..start - 1], &file.text[end..])
    }
}

/// A package of `modules` generated modules (at least two) of about `lines_per_module` lines
/// each, plus `Main`.
pub fn project(modules: usize, lines_per_module: usize) -> Project {
    assert!(modules >= 2, "the import graph needs at least two modules");
    let mut files = Vec::with_capacity(modules + 1);
    let mut blocks = Vec::with_capacity(modules);
    for k in 1..=modules {
        let file = module(k, lines_per_module, &blocks);
        blocks.push(file.blocks);
        files.push(file);
    }
    files.push(main_module(modules));
    Project { files }
}

fn name(k: usize) -> String {
    format!("Gen.M{k:02}")
}

/// The tag that makes block `b` of module `k` unique in the package.
fn tag(k: usize, b: usize) -> String {
    format!("{k:02}b{b:02}")
}

/// The three kinds of block, by `b % 3`.
#[derive(Clone, Copy)]
enum Kind {
    Sensors,
    Ledger,
    Routes,
}

impl Kind {
    fn of(b: usize) -> Kind {
        [Kind::Sensors, Kind::Ledger, Kind::Routes][b % 3]
    }

    /// A `String` expression that uses block `t`'s main type and functions, through the
    /// qualifier `q` (empty, or ending in a dot).
    fn probe(self, q: &str, t: &str, arg: &str) -> String {
        match self {
            Kind::Sensors => format!("{q}summary{t} [{q}Temp{t} {arg}, {q}Humid{t} {arg} 3]"),
            Kind::Ledger => format!("{q}statement{t} [{q}Credit{t} {arg}, {q}Debit{t} 2]"),
            Kind::Routes => format!("{q}describeRoute{t} ({q}route{t} {arg})"),
        }
    }
}

/// Small constants that vary with the block, so that bodies differ from block to block.
struct Constants {
    c1: usize,
    c2: usize,
    c3: usize,
    c4: usize,
}

impl Constants {
    fn of(k: usize, b: usize) -> Constants {
        Constants {
            c1: 2 + (k * 7 + b * 3) % 9,
            c2: 5 + (k * 11 + b * 5) % 20,
            c3: 2 + (k + b) % 5,
            c4: 50 + (k * 13 + b * 17) % 200,
        }
    }
}

/// A generated module another one imports, and how many blocks it has.
#[derive(Clone, Copy)]
struct Imported {
    k: usize,
    blocks: usize,
}

impl Imported {
    /// The block of this module to use from block `b` of an importer: `b` itself if it
    /// exists, else the last block of the same kind (modules with long export lists have
    /// fewer blocks).
    fn like(self, b: usize) -> String {
        let last = self.blocks - 1;
        let same = if b <= last { b } else { b - (b - last).div_ceil(3) * 3 };
        tag(self.k, same)
    }
}

/// What module `k` imports from the generated modules before it.
struct Imports {
    /// `Gen.M(k-1)`, unqualified.
    previous: Option<Imported>,
    /// `Gen.M(k-2)`, qualified as `G(k-2)`.
    back: Option<Imported>,
    /// `Gen.M(k/2)` through an import list, when that is not one of the two above.
    far: Option<usize>,
}

impl Imports {
    /// `blocks[i]` is the number of blocks of `Gen.M(i+1)`.
    fn of(k: usize, blocks: &[usize]) -> Imports {
        let imported = |j: usize| Imported { k: j, blocks: blocks[j - 1] };
        Imports {
            previous: (k > 1).then(|| imported(k - 1)),
            back: (k > 2).then(|| imported(k - 2)),
            far: (k / 2 >= 1 && k / 2 + 2 < k).then_some(k / 2),
        }
    }
}

/// Module `k`; `before[i]` is the number of blocks of `Gen.M(i+1)`.
fn module(k: usize, lines: usize, before: &[usize]) -> ProjectFile {
    let imports = Imports::of(k, before);
    let site = format!("{k:02}");
    let mut exports: Vec<String> = vec![
        format!("class Summary{site}"),
        format!("summarize{site}"),
        format!("weight{site}"),
        format!("digest{site}"),
    ];
    let mut blocks: Vec<String> = Vec::new();
    let mut text = assemble(k, &imports, &blocks, &exports);
    loop {
        let current = text.lines().count();
        // At least one block of each kind: `Main` and the modules after use block 0.
        let enough = blocks.len() >= 3;
        if enough && current >= lines {
            break;
        }
        let mut next = String::new();
        let mut more = exports.clone();
        block(&mut next, &mut more, k, blocks.len(), &imports);
        // Stop short rather than overshoot by more.
        if enough && 2 * current + next.lines().count() > 2 * lines {
            break;
        }
        blocks.push(next);
        exports = more;
        text = assemble(k, &imports, &blocks, &exports);
    }
    ProjectFile {
        path: format!("src/Gen/M{k:02}.mote"),
        module: name(k),
        text,
        edit_site: format!("step{}", tag(k, blocks.len() / 2)),
        blocks: blocks.len(),
    }
}

/// Module `k` with the given blocks: header, imports, the module's class, the blocks, and
/// the closing `digest`.
fn assemble(k: usize, imports: &Imports, blocks: &[String], exports: &[String]) -> String {
    let site = format!("{k:02}");
    let mut text = String::with_capacity(blocks.iter().map(String::len).sum::<usize>() + 4096);
    let _ = writeln!(text, "-- | Site {k} of the generated package: sensors, ledgers and routes.");
    // Every third module lists its exports; the others export everything.
    if k.is_multiple_of(3) {
        let _ = writeln!(text, "module {}", name(k));
        for (i, chunk) in exports.chunks(6).enumerate() {
            let _ = writeln!(text, "  {} {}", if i == 0 { "(" } else { "," }, chunk.join(", "));
        }
        let _ = writeln!(text, "  ) where");
    } else {
        let _ = writeln!(text, "module {} where", name(k));
    }
    text.push_str("\nimport Prelude\nimport Data.List as List\nimport Data.Maybe (catMaybes, isJust)\n");
    text.push_str("import Data.Map as Map\nimport Data.String as Str\n");
    if let Some(p) = imports.previous {
        let _ = writeln!(text, "import {}", name(p.k));
    }
    if let Some(q) = imports.back {
        let _ = writeln!(text, "import {} as G{:02}", name(q.k), q.k);
    }
    if let Some(f) = imports.far {
        let t = tag(f, 0);
        let _ = writeln!(text, "import {} (classify{t}, step{t}, Reading{t}(..))", name(f));
    }
    let _ = write!(
        text,
        r#"
-- | How this site's values are summarised in reports: a name and a weight.
class Summary{site} a where
  summarize{site} :: a -> String
  weight{site} :: a -> Integer

"#
    );
    for block in blocks {
        text.push_str(block);
    }
    digest(&mut text, k, blocks.len(), imports);
    text
}

fn block(out: &mut String, exports: &mut Vec<String>, k: usize, b: usize, imports: &Imports) {
    let t = tag(k, b);
    let kind = Kind::of(b);
    match kind {
        Kind::Sensors => sensors(out, exports, k, b),
        Kind::Ledger => ledger(out, exports, k, b),
        Kind::Routes => routes(out, exports, k, b),
    }
    // Uses of a block of the same kind in the modules this one imports.
    let odd = match (imports.previous, imports.back) {
        (Some(p), Some(q)) => format!(
            "\n      G{:02}.classify{} (step{} n) <> \" then \"\n        <> {}",
            q.k,
            q.like(b),
            p.like(b),
            kind.probe(&format!("G{:02}.", q.k), &q.like(b), "(n + 1)")
        ),
        (Some(p), None) => format!(" classify{t} (step{} n)", p.like(b)),
        _ => format!(" classify{t} (n * 3)"),
    };
    let even = match imports.previous {
        Some(p) => kind.probe("", &p.like(b), "n"),
        None => kind.probe("", &t, "n"),
    };
    let _ = write!(
        out,
        r#"-- | Reads this block against the same block of the sites before.
bridge{t} :: Integer -> String
bridge{t} n
  | n `mod` 2 == 0 = {even}
  | otherwise ={odd}

"#
    );
    exports.push(format!("bridge{t}"));
}

/// An instance of the previous module's class, when there is one: it is imported unqualified.
fn previous_instance(k: usize, ty: &str, methods: &str) -> String {
    if k == 1 {
        return String::new();
    }
    let p = k - 1;
    format!("instance Summary{p:02} {ty} where\n{}\n", methods.replace("{p}", &format!("{p:02}")))
}

fn sensors(out: &mut String, exports: &mut Vec<String>, k: usize, b: usize) {
    let t = tag(k, b);
    let site = format!("{k:02}");
    let Constants { c1, c2, c3, c4 } = Constants::of(k, b);
    let ceiling = c2 * 10;
    let level_instance = previous_instance(
        k,
        &format!("Level{t}"),
        &format!("  summarize{{p}} l = \"level \" <> show l\n  weight{{p}} l = if l == High{t} then {c1} else 1\n"),
    );
    let _ = write!(
        out,
        r#"-- | Readings from sensor line {t}.
data Reading{t}
  = Temp{t} Integer
  | Humid{t} Integer Integer
  | Offline{t} String
  deriving (Eq, Show)

data Level{t} = Low{t} | Mid{t} | High{t} deriving (Eq, Ord, Show)

type Probe{t} = {{ name :: String, age :: Integer, zone :: Integer }}

instance Summary{site} Reading{t} where
  summarize{site} r = "reading " <> show r
  weight{site} r = weigh{t} r

{level_instance}weigh{t} :: Reading{t} -> Integer
weigh{t} r = case r of
  Temp{t} x
    | x > {c4} -> x * 2
    | otherwise -> x
  Humid{t} h d -> h `div` (d + 1)
  Offline{t} _ -> 0

level{t} :: Integer -> Level{t}
level{t} n
  | n < {c2} = Low{t}
  | n < {ceiling} = Mid{t}
  | otherwise = High{t}

zoneOf{t} :: Integer -> Maybe Integer
zoneOf{t} n = if n `mod` {c3} == 0 then Just (n `div` {c3}) else Nothing

-- | A one-line verdict on a reading.
classify{t} :: Integer -> String
classify{t} n
  | n < 0 = "negative"
  | n == 0 = "zero"
  | Just z <- zoneOf{t} n, z > {c3} = "zone " <> show z
  | otherwise = label <> "/" <> show (level{t} n)
  where
    label = if n > {c4} then "hot" else "cold"

step{t} :: Integer -> Integer
step{t} n = n * {c1} + 1

older{t} :: Probe{t} -> Probe{t}
older{t} p = p {{ age = p.age + 1 }}

greeting{t} p = "probe " <> p.name <> " in zone " <> show p.zone

probes{t} :: [Probe{t}]
probes{t} =
  [ {{ name = "north{t}", age = {c2}, zone = 1 }}
  , {{ name = "south{t}", age = {c3}, zone = 2 }}
  ]

summary{t} :: [Reading{t}] -> String
summary{t} rs =
  let weights = [weigh{t} r | r <- rs, weigh{t} r > 0]
      total = foldl (+) 0 weights
  in if List.null weights then "no data" else show total <> "/" <> show (length weights)

zones{t} ns = catMaybes (map zoneOf{t} ns)

report{t} :: Integer -> IO ()
report{t} n = do
  let probe = older{t} ({{ name = "probe{t}", age = n, zone = n `mod` 4 }})
      readings = [Temp{t} n, Humid{t} (n * 3) 2, Offline{t} "link"]
  println (greeting{t} probe)
  println (summary{t} readings)
  for_ readings (\r -> println (summarize{site} r <> " weighs " <> show (weight{site} r)))
  when (n > {c2}) (println (classify{t} (step{t} n)))
  println (show (List.sort (map weigh{t} readings)) <> " " <> show (zones{t} [n, n + 1, n + 2]))
  for_ probes{t} (\q -> println (greeting{t} (older{t} q)))

"#
    );
    exports.extend(
        ["Reading{t}(..)", "Level{t}(..)", "Probe{t}", "weigh{t}", "level{t}", "zoneOf{t}", "classify{t}", "step{t}"]
            .into_iter()
            .chain(["older{t}", "greeting{t}", "probes{t}", "summary{t}", "zones{t}", "report{t}"])
            .map(|e| e.replace("{t}", &t)),
    );
}

fn ledger(out: &mut String, exports: &mut Vec<String>, k: usize, b: usize) {
    let t = tag(k, b);
    let site = format!("{k:02}");
    let Constants { c1, c2, c3, c4 } = Constants::of(k, b);
    let standing_instance = previous_instance(
        k,
        &format!("Standing{t}"),
        &format!(
            "  summarize{{p}} s = show s\n  weight{{p}} s = case s of\n    Watch{t} n -> n\n    Good{t} -> 0\n    Frozen{t} -> {c1}\n"
        ),
    );
    let _ = write!(
        out,
        r#"-- | Entries in ledger {t}.
data Entry{t}
  = Credit{t} Integer
  | Debit{t} Integer
  | Memo{t} String
  deriving (Eq, Show)

data Standing{t} = Good{t} | Watch{t} Integer | Frozen{t} deriving (Eq, Show)

type Account{t} = {{ name :: String, age :: Integer, balance :: Integer }}

instance Summary{site} Entry{t} where
  summarize{site} e = "entry " <> show e
  weight{site} e = amount{t} e

{standing_instance}amount{t} :: Entry{t} -> Integer
amount{t} (Credit{t} n) = n
amount{t} (Debit{t} n) = negate n
amount{t} (Memo{t} _) = 0

post{t} :: Account{t} -> Entry{t} -> Account{t}
post{t} acc e = acc {{ balance = acc.balance + amount{t} e }}

standing{t} :: Account{t} -> Standing{t}
standing{t} acc
  | acc.balance >= {c4} = Good{t}
  | acc.balance >= 0 = Watch{t} ({c4} - acc.balance)
  | otherwise = Frozen{t}

-- | A one-line verdict on a balance.
classify{t} :: Integer -> String
classify{t} n = case n `mod` {c3}, n `div` {c2} of
    0, _ -> "settled"
    1, q | q > {c1} -> "large " <> show q
    _, q -> describe q
  where
    describe q
      | q < 0 = "overdrawn"
      | otherwise = "open " <> show (q `mod` 10)

step{t} :: Integer -> Integer
step{t} n = (n + {c2}) `mod` {c4} + 1

statement{t} :: [Entry{t}] -> String
statement{t} entries = header <> Str.joinWith ", " items
  where
    opening = {{ name = "book{t}", age = 0, balance = {c3} }}
    closing = foldl post{t} opening entries
    header = closing.name <> " (" <> show (standing{t} closing) <> "): "
    items = [show (amount{t} e) | e <- entries, amount{t} e /= 0]

totals{t} entries = Map.toList (foldl tally Map.empty entries)
  where
    tally m e = Map.insertWith (+) (kindOf e) (amount{t} e) m
    kindOf e = case e of
      Credit{t} _ -> "credit"
      Debit{t} _ -> "debit"
      Memo{t} _ -> "memo"

audit{t} :: Integer -> IO ()
audit{t} n = do
  let entries = [Credit{t} (n * {c1}), Debit{t} {c2}, Memo{t} "audit", Debit{t} (n `mod` 7)]
      acc = foldl post{t} ({{ name = "audit{t}", age = n, balance = 0 }}) entries
  println (statement{t} entries)
  println (acc.name <> " holds " <> show acc.balance)
  for_ (totals{t} entries) (\pair -> println (fst pair <> ": " <> show (snd pair)))
  unless (isJust (List.find (\e -> e == Memo{t} "skip") entries)) (println (classify{t} acc.balance))

"#
    );
    exports.extend(
        ["Entry{t}(..)", "Standing{t}(..)", "Account{t}", "amount{t}", "post{t}", "standing{t}", "classify{t}"]
            .into_iter()
            .chain(["step{t}", "statement{t}", "totals{t}", "audit{t}"])
            .map(|e| e.replace("{t}", &t)),
    );
}

fn routes(out: &mut String, exports: &mut Vec<String>, k: usize, b: usize) {
    let t = tag(k, b);
    let site = format!("{k:02}");
    let Constants { c1, c2, c3, c4 } = Constants::of(k, b);
    let mode_instance = previous_instance(
        k,
        &format!("Mode{t}"),
        &format!(
            "  summarize{{p}} m = show m\n  weight{{p}} m = case m of\n    Walk{t} -> 1\n    Ride{t} n -> n * {c1}\n"
        ),
    );
    let _ = write!(
        out,
        r#"-- | The hops of route {t}.
data Hop{t}
  = Leg{t} Integer
  | Ferry{t} Integer String
  | Stop{t}
  deriving (Eq, Show)

data Mode{t} = Walk{t} | Ride{t} Integer deriving (Eq, Show)

type Stage{t} = {{ name :: String, age :: Integer, hops :: [Hop{t}] }}

instance Summary{site} Hop{t} where
  summarize{site} h = case h of
    Leg{t} d -> "leg of " <> show d
    Ferry{t} d port -> "ferry to " <> port <> " (" <> show d <> ")"
    Stop{t} -> "stop"
  weight{site} h = distance{t} h

{mode_instance}distance{t} :: Hop{t} -> Integer
distance{t} hop = case hop of
  Leg{t} d -> d
  Ferry{t} d _ -> d * 2
  Stop{t} -> 0

route{t} :: Integer -> [Hop{t}]
route{t} n =
  [if i `mod` {c3} == 0 then Ferry{t} i "port{t}" else Leg{t} (i * {c1}) | i <- [1..n]] <> [Stop{t}]

describeRoute{t} :: [Hop{t}] -> String
describeRoute{t} [] = "empty"
describeRoute{t} [Stop{t}] = "stop only"
describeRoute{t} (h : rest) =
  summarize{site} h <> " +" <> show (length rest) <> " more, " <> show total <> " km"
  where
    total = sum (map distance{t} (h : rest))

-- | A one-line verdict on a distance.
classify{t} :: Integer -> String
classify{t} n
  | n > {c4} = "far"
  | isJust (List.find (\h -> distance{t} h > {c2}) (route{t} (n `mod` 5))) = "mixed"
  | otherwise = case mode of
      Walk{t} -> "walk"
      Ride{t} r -> "ride " <> show r
  where
    mode = if n < {c2} then Walk{t} else Ride{t} (n `div` {c2})

step{t} :: Integer -> Integer
step{t} n = n - {c2} * 2 + 1

legs{t} stage = [d | Leg{t} d <- stage.hops]

journey{t} :: Integer -> IO ()
journey{t} n = do
  let stage = {{ name = "stage{t}", age = n, hops = route{t} (n `mod` 6 + 1) }}
      later = stage {{ age = stage.age + {c1} }}
  println (later.name <> " at " <> show later.age <> ", legs " <> show (legs{t} later))
  println (describeRoute{t} later.hops)
  for_ (List.zipWith (\i h -> show i <> ". " <> summarize{site} h) [1..{c3}] later.hops) println
  println (Str.toUpper (classify{t} (step{t} n)))

"#
    );
    exports.extend(
        ["Hop{t}(..)", "Mode{t}(..)", "Stage{t}", "distance{t}", "route{t}", "describeRoute{t}", "classify{t}"]
            .into_iter()
            .chain(["step{t}", "legs{t}", "journey{t}"])
            .map(|e| e.replace("{t}", &t)),
    );
}

/// The module's entry point: runs every block's report and uses every import.
fn digest(out: &mut String, k: usize, blocks: usize, imports: &Imports) {
    let site = format!("{k:02}");
    let _ = write!(
        out,
        r#"-- | Everything site {k} reports, in order.
digest{site} :: Integer -> IO ()
digest{site} n = do
"#
    );
    for b in 0..blocks {
        let t = tag(k, b);
        let run = match Kind::of(b) {
            Kind::Sensors => "report",
            Kind::Ledger => "audit",
            Kind::Routes => "journey",
        };
        let arg = if b == 0 { "n".to_string() } else { format!("(n + {b})") };
        let _ = writeln!(out, "  {run}{t} {arg}");
    }
    let t0 = tag(k, 0);
    let _ = write!(
        out,
        r#"  let names = catMaybes [Just "site {k}", if n > 0 then Just (show n) else Nothing]
      index = Map.fromList [("site", n), ("blocks", {blocks})]
  println (Str.joinWith ", " names)
  when (isJust (Map.lookup "site" index)) (println (bridge{t0} n))
"#
    );
    if let Some(f) = imports.far {
        let t = tag(f, 0);
        let _ = writeln!(out, "  println (classify{t} (step{t} n) <> \" \" <> show (Temp{t} n))");
    }
    out.push('\n');
}

fn main_module(modules: usize) -> ProjectFile {
    let mut picks: Vec<usize> = [modules / 5, 2 * modules / 5, 3 * modules / 5, 4 * modules / 5, modules - 1]
        .into_iter()
        .filter(|&k| k >= 1)
        .collect();
    picks.dedup();
    let mut imports = String::new();
    let mut body = String::new();
    for (i, &k) in picks.iter().enumerate() {
        // Alternately qualified and unqualified.
        let q = if i.is_multiple_of(2) {
            let _ = writeln!(imports, "import {} as Site{k:02}", name(k));
            format!("Site{k:02}.")
        } else {
            let _ = writeln!(imports, "import {}", name(k));
            String::new()
        };
        let t = tag(k, 0);
        let _ = writeln!(body, "  {q}digest{k:02} {i}");
        let _ = writeln!(body, "  println ({q}classify{t} {} <> \" \" <> {q}bridge{t} {k})", i * 7);
    }
    let text = format!(
        "-- | The entry point of the generated package.\nmodule Main (main) where\n\nimport Prelude\n{imports}\n\
         main :: IO ()\nmain = do\n{body}  println \"done\"\n"
    );
    ProjectFile { path: "src/Main.mote".into(), module: "Main".into(), text, edit_site: String::new(), blocks: 0 }
}

#[cfg(test)]
mod tests;
