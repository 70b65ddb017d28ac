//! `simple parse FILE`: print the syntax tree as an S-expression dump.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::common::{print_diagnostics, read_source};

#[derive(clap::Args)]
pub struct Args {
    /// The file to parse.
    file: PathBuf,
}

/// Prints the tree to stdout and diagnostics to stderr; exit 1 if there
/// were any, 2 if the file cannot be read.
pub fn run(args: Args) -> ExitCode {
    let Some(file) = read_source(&args.file) else {
        return ExitCode::from(2);
    };
    let (module, diags) = simple_syntax::parse_module(&file);
    print!("{}", simple_syntax::printer::print_module(&module));
    print_diagnostics(&file, &diags);
    if diags.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
