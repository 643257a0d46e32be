//! Front-end throughput: lex, layout and parse of a generated 100,000-line module.
//!
//! `cargo bench -p mote-bench --bench frontend` prints lines per second for each stage, the best
//! of several runs (these machines are shared; the best run is the least disturbed).

use std::hint::black_box;
use std::time::{Duration, Instant};

use mote_compiler::syntax::{layout::layout, parse_module, parse_tokens, token::lex};

const LINES: usize = 100_000;
const RUNS: usize = 5;

fn best<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .expect("RUNS > 0")
}

fn main() {
    let source = mote_bench::module(LINES);
    let lines = source.lines().count();
    let parsed = parse_module(&source);
    assert!(parsed.diagnostics.is_empty(), "the generated module must parse cleanly: {:?}", &parsed.diagnostics[..1]);
    let tokens = lex(&source).tokens;
    let laid_out = layout(&source, &tokens);

    let lex_time = best(|| lex(&source));
    let layout_time = best(|| layout(&source, &tokens));
    let parse_time = best(|| parse_tokens(&source, laid_out.clone()));
    let total_time = best(|| parse_module(&source));

    // Error recovery has its own cost: the same module with one line in ten broken.
    let broken: String = source
        .lines()
        .enumerate()
        .map(|(i, line)| if i % 10 == 5 { format!("{line} ) = ->\n") } else { format!("{line}\n") })
        .collect();
    let errors = parse_module(&broken).diagnostics.len();
    let broken_time = best(|| parse_module(&broken));

    println!("front end on a generated module: {lines} lines, {} bytes, {} tokens", source.len(), tokens.len());
    for (stage, t) in [
        ("lex", lex_time),
        ("layout", layout_time),
        ("parse", parse_time),
        ("all (lex+layout+parse+fixity)", total_time),
    ] {
        println!("{stage:>30}: {:>9.1} ms  {:>12.0} lines/s", t.as_secs_f64() * 1e3, lines as f64 / t.as_secs_f64());
    }
    println!(
        "{:>30}: {:>9.1} ms  {:>12.0} lines/s  ({errors} diagnostics)",
        "all, one line in ten broken",
        broken_time.as_secs_f64() * 1e3,
        lines as f64 / broken_time.as_secs_f64()
    );
}
