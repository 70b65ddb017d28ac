//! `simple check PATH...`: report every syntax and resolve error (unknown
//! names, assignment to a `val`, `break` outside a loop, ...) without
//! running anything. A `*_spec.spl` file is checked with the spec DSL in
//! scope, as `simple test` runs it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::common::read_source;

#[derive(clap::Args)]
pub struct Args {
    /// The files to check; a folder means every `*.spl` file under it.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<PathBuf>,
}

/// `path` itself when it is not a folder, otherwise every `*.spl` file under
/// it, in name order.
pub(crate) fn expand(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            expand(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "spl") {
            out.push(p);
        }
    }
    Ok(())
}

/// Exit 0 when every file is clean, 1 when any has errors, 2 when a file
/// cannot be read.
pub fn run(args: Args) -> ExitCode {
    let mut errors = false;
    let mut unreadable = false;
    let mut files = Vec::new();
    for path in &args.files {
        if let Err(e) = expand(path, &mut files) {
            eprintln!("simple: cannot read {}: {e}", path.display());
            unreadable = true;
        }
    }
    for path in &files {
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
