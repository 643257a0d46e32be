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
    assert!(p.functions.iter().any(|f| f.name == "prim.ioPrintln"));
}

#[test]
fn every_example_and_run_program_lowers() {
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
