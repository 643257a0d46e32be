//! `mote build --emit core` and `--emit clif`: what the compiler makes of a small program.

use std::process::Command;

fn emit(what: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_mote"))
        .current_dir(root)
        .args(["build", "compiler/cli/tests/emit/loop.mote", "--emit", what])
        .output()
        .expect("mote runs");
    assert!(out.status.success(), "mote build --emit {what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("the output is UTF-8")
}

#[test]
fn core_of_a_small_program() {
    let core = emit("core");
    // Integer arithmetic on known types is the primitive itself; the loop is a tail call.
    assert!(core.contains("prim intSub"), "{core}");
    insta::assert_snapshot!(main_module(&core));
}

/// The `Main` module's functions and globals, with variables renumbered from `v0` in each (the
/// numbers otherwise depend on the size of the standard library).
fn main_module(core: &str) -> String {
    let mut out = String::new();
    for block in core.split("\n\n") {
        let head = block.trim_start();
        let main = ["fun Main.", "closure fun Main.", "global Main."].iter().any(|p| head.starts_with(p));
        if !main {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        let mut renamed = String::new();
        let mut rest = head;
        while let Some(at) = rest.find('v') {
            let (before, from) = rest.split_at(at);
            renamed.push_str(before);
            let digits: String = from[1..].chars().take_while(char::is_ascii_digit).collect();
            let word_start = before.chars().last().is_none_or(|c| !c.is_alphanumeric() && c != '$' && c != '_');
            if digits.is_empty() || !word_start {
                renamed.push('v');
                rest = &from[1..];
                continue;
            }
            let index = names.iter().position(|n| *n == digits).unwrap_or_else(|| {
                names.push(digits.clone());
                names.len() - 1
            });
            renamed.push_str(&format!("v{index}"));
            rest = &from[1 + digits.len()..];
        }
        renamed.push_str(rest);
        out.push_str(&renamed);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn clif_makes_tail_calls_return_calls_or_loops() {
    let clif = emit("clif");
    let count = clif.split("\n; ").find(|f| f.starts_with("Main.count")).expect("Main.count is emitted");
    // `count` calls itself in tail position: a jump back to the head of its body.
    assert!(count.contains("jump block1("), "{count}");
    // `fib` becomes a loop over its last call plus a twin that calls it with the identity.
    let fib = clif.split("\n; ").find(|f| f.starts_with("Main.fib\n")).expect("Main.fib is emitted");
    assert!(fib.contains("return_call"), "{fib}");
    assert!(clif.contains("tail"), "Mote functions use the tail calling convention");
}
