//! `mote explain [CODE]`: the long explanation of a diagnostic code, or the list of codes.

use std::io::{self, Write};
use std::process::ExitCode;

use mote_compiler::diagnostics::{Code, explanation};

use crate::status;

pub fn run(code: Option<&str>) -> ExitCode {
    let Some(code) = code else {
        let mut out = String::new();
        for code in Code::ALL {
            out.push_str(&format!("{code}  {}\n", code.title()));
        }
        print_stdout(&out);
        return ExitCode::SUCCESS;
    };
    match explanation(code) {
        Some((_, text)) => {
            print_stdout(text);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: `{code}` is not a Mote error code\n\nRun `mote explain` for the list of codes.");
            ExitCode::from(status::USAGE_OR_IO)
        }
    }
}

/// Prints to stdout, ignoring a closed pipe (`mote explain | head`).
fn print_stdout(text: &str) {
    let _ = io::stdout().lock().write_all(text.as_bytes());
}
