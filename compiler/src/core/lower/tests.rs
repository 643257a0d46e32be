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
