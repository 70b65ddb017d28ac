//! `simple check FILE...`: report every syntax and resolve error (unknown
//! names, assignment to a `val`, `break` outside a loop, ...) without
//! running anything.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::common::read_source;

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
        // A fresh interpreter per file: each is checked on its own.
        let mut interp = simple_interp::Interpreter::new();
        let found = interp.check(file);
        let color = simple_syntax::diagnostic::stderr_color();
        for (f, d) in &found {
            eprint!("{}", d.render(f, color));
        }
        errors |= !found.is_empty();
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
