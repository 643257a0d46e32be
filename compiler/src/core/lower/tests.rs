use crate::pipeline::{Failure, compile};

fn lowered(source: &str) -> crate::core::ir::Program {
    let compiled = compile(&[("Main.mote".to_string(), source.to_string())], 0);
    match compiled.program {
        Ok(p) => p,
        Err(Failure::Errors) => panic!("errors: {:?}", compiled.diagnostics),
        Err(Failure::Lowering(e)) => panic!("lowering: {e}"),
    }
}

#[test]
fn hello_lowers_with_its_main() {
    let p = lowered(include_str!("../../../../examples/hello.mote"));
    assert!(p.globals[p.main.0 as usize].name.ends_with("Main.main"));
    assert!(p.functions.iter().any(|f| f.name.starts_with("prim.ioPrintln")));
}

#[test]
fn every_example_and_run_program_lowers() {
    // Whole programs nest deeply (a long `do` block is a long chain of `let`s): like the CLI,
    // compile on a big stack.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(lower_every_program)
        .expect("a thread")
        .join()
        .expect("no panic");
}

fn lower_every_program() {
    for dir in ["../examples", "../tests/run"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "mote") {
                let text = std::fs::read_to_string(&path).expect("readable");
                let compiled = compile(&[(path.display().to_string(), text)], 0);
                if let Err(Failure::Lowering(e)) = compiled.program {
                    panic!("{}: {e}", path.display());
                }
            }
        }
    }
}

/// The Core of `Main`'s functions and globals and of the `receive` shapes, with variables
/// and join points renumbered from 0 in each (the numbers otherwise depend on the size of the
/// standard library).
fn main_core(p: &crate::core::ir::Program) -> String {
    let mut out = String::new();
    for g in &p.globals {
        if g.name.starts_with("Main.") || g.name.contains(".receive$shape") {
            out.push_str(&renumbered(&format!("global {} =\n{}", g.name, crate::core::print::expr(p, &g.body))));
        }
    }
    for f in &p.functions {
        if f.name.starts_with("Main.") {
            out.push_str(&renumbered(&crate::core::print::function(p, f)));
        }
    }
    out
}

/// `text` with each `vN` and `jN` renamed in order of first appearance.
fn renumbered(text: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '$' || chars[i - 1] == '_');
        let digits: String = chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
        if (c == 'v' || c == 'j') && word_start && !digits.is_empty() {
            let name = format!("{c}{digits}");
            let index = names.iter().filter(|n| n.starts_with(c)).position(|n| *n == name).unwrap_or_else(|| {
                names.push(name.clone());
                names.iter().filter(|n| n.starts_with(c)).count() - 1
            });
            out.push_str(&format!("{c}{index}"));
            i += 1 + digits.len();
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.push('\n');
    out
}

#[test]
fn receive_with_guards_and_after() {
    let p = lowered(
        r#"module Main where
import Prelude
import Control.Process

data Msg = Ping Pid | Add Integer Integer

serve :: Integer -> Process Unit
serve limit = receive
  Ping from | limit > 0 -> from ! :pong
  Add a b | a + b > limit -> println "big"
          | otherwise -> println "small"
  (tag, :stop) | tag == limit -> pure ()
  after limit * 10 -> println "timeout"

main :: IO ()
main = serve 3
"#,
    );
    insta::assert_snapshot!(main_core(&p));
}

#[test]
fn receive_without_clauses_only_waits() {
    let p = lowered(
        r#"module Main where
import Prelude
import Control.Process

sleep :: Integer -> Process Unit
sleep ms = receive
  after ms -> pure ()

main :: IO ()
main = sleep 10
"#,
    );
    insta::assert_snapshot!(main_core(&p));
}

/// A process loop whose equations make their action in place takes the world token as a
/// parameter: `pid ! msg` (an alias of the primitive's wrapper) is the primitive, the loop is a
/// direct self call, and no closure is made per round.
#[test]
fn an_action_loop_takes_the_world_and_calls_itself() {
    let p = lowered(
        r#"module Main where
import Prelude
import Control.Process

ping :: Pid -> Integer -> Process ()
ping _ 0 = pure ()
ping ponger k = do
  ponger ! :ping
  receive
    :pong -> ping ponger (k - 1)

main :: IO ()
main = do
  me <- getSelf
  ping me 0
"#,
    );
    insta::assert_snapshot!(main_core(&p));
}

/// Clauses without guards whose patterns test only what their shapes test: no matcher (the
/// operand is `()`), the filter an alternative of exact and tuple shapes.
#[test]
fn receive_decided_by_shapes_has_no_matcher() {
    let p = lowered(
        r#"module Main where
import Prelude
import Control.Process

loop :: Process Unit
loop = receive
  :stop -> pure ()
  (:add, n) -> do
    println (show (n :: Integer))
    loop

main :: IO ()
main = loop
"#,
    );
    let core = main_core(&p);
    assert!(
        core.contains("let v2 = () in\n  let v3 = global Main.receive$shape1 in\n  let v4 = prim receive(v2, v3)"),
        "no matcher closure: {core}"
    );
    insta::assert_snapshot!(core);
}

#[test]
fn the_runtime_knows_the_process_constructors() {
    let p =
        lowered("module Main where\nimport Prelude\nimport Control.Process\n\nmain :: IO ()\nmain = println \"hi\"\n");
    let names: Vec<String> = p
        .process_ctors
        .expect("Control.Process is part of the program")
        .iter()
        .map(|c| p.constructors[c.expect("declared").0 as usize].name.to_string())
        .collect();
    assert_eq!(names, crate::core::ir::PROCESS_CTORS);
    assert_eq!(
        lowered("module Main where\nimport Prelude\n\nmain :: IO ()\nmain = println \"hi\"\n").process_ctors,
        None
    );
}
