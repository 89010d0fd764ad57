//! The `litextract` binary: arguments in, exit code out. All work is in the
//! library; see `src/cli` for argument parsing and progress.

use std::process::ExitCode;

fn main() -> ExitCode {
    litextract_cli::main()
}

#[path = "cli/mod.rs"]
mod litextract_cli;
