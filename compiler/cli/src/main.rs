//! The `mote` command.
//!
//! Architecture invariant: this crate owns the process — arguments, files, the terminal, exit
//! status — and nothing else; every judgement about Mote code comes from `mote_compiler`.
//! Each subcommand lives in its own module; a subcommand appears here only once it works.

mod build;
mod check;
mod explain;
mod link;
mod project;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  mote run hello.mote        compile a program in memory and run it
  mote build hello.mote -o hello   write a native executable
  mote build hello.mote --emit core   show the program in Core
  mote check                 check the project here (this folder holds a mote.toml)
  mote check src/Main.mote   check one file
  mote check app             check the project in the folder app
  mote explain E0010         explain an error code
  mote explain               list every error code";

#[derive(Debug, Parser)]
#[command(name = "mote", version, about = "The Mote compiler", after_help = EXAMPLES, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse and check Mote code, reporting diagnostics only
    Check {
        /// `.mote` files, or project folders holding a mote.toml [default: the current
        /// directory, if it holds a mote.toml]
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Compile a program in memory and run its `main`
    Run {
        /// A `.mote` file, or a project folder (its `Main` module holds `main`)
        path: PathBuf,
    },
    /// Compile a program to a native executable
    Build {
        /// A `.mote` file, or a project folder (its `Main` module holds `main`)
        path: PathBuf,
        /// Where to write the executable (or the `--emit obj` object) [default: the file's
        /// name without `.mote`]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Write an intermediate form instead of an executable
        #[arg(long, value_enum)]
        emit: Option<build::Emit>,
    },
    /// Explain an error code, or list every code
    Explain {
        /// A code such as E0010
        code: Option<String>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { paths } => {
            check::run(&paths).unwrap_or_else(|check::Usage(message)| usage_error("check", message))
        }
        Command::Run { path } => build::run(&path),
        Command::Build { path, output, emit } => build::build(&path, output.as_deref(), emit),
        Command::Explain { code } => explain::run(code.as_deref()),
    }
}

/// Reports a usage error the way clap does, with the subcommand's usage line, and exits with 2.
fn usage_error(subcommand: &str, message: String) -> ! {
    let mut cli = Cli::command();
    cli.build();
    let command = cli.find_subcommand_mut(subcommand).expect("usage_error is called with a declared subcommand");
    command.error(ErrorKind::MissingRequiredArgument, message).exit()
}

/// Exit statuses shared by the subcommands (clap itself exits with 2 on a usage error).
mod status {
    /// The command ran and found errors in the code.
    pub const FOUND_ERRORS: u8 = 1;
    /// The command could not do its job: bad arguments, unreadable files, a bad mote.toml.
    pub const USAGE_OR_IO: u8 = 2;
    /// The compiler itself failed; the same status as an uncaught Rust panic.
    pub const INTERNAL_ERROR: u8 = 101;
}
