//! `simple check FILE...`: report every syntax and resolve error (unknown
//! names, assignment to a `val`, `break` outside a loop, ...) without
//! running anything. A `*_spec.spl` file is checked with the spec DSL in
//! scope, as `simple test` runs it.

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
        if is_spec_file(path) {
            // As under `simple test`: the spec DSL (`describe`, `it`, `expect`)
            // is in scope without a `use`.
            interp.add_prelude("std.spec");
        }
        let found = interp.check(file);
        let color = simple_syntax::diagnostic::stderr_color();
        eprint!(
            "{}",
            simple_syntax::diagnostic::render_all(found.iter().map(|(f, d)| (f, d)), color)
        );
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

/// Spec files are named like `simple test` finds them: `*_spec.spl`.
fn is_spec_file(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("_spec.spl"))
}
