//! `simple check FILE...`: parse every file and report all syntax errors.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::common::{print_diagnostics, read_source};

#[derive(clap::Args)]
pub struct Args {
    /// The files to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Exit 0 when every file is clean, 1 when any has errors, 2 when a file
/// cannot be read.
pub fn run(args: Args) -> ExitCode {
    let mut errors = false;
    let mut unreadable = false;
    for path in &args.files {
        let Some(file) = read_source(path) else {
            unreadable = true;
            continue;
        };
        let (_module, diags) = simple_syntax::parse_module(&file);
        print_diagnostics(&file, &diags);
        errors |= !diags.is_empty();
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
