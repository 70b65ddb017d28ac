//! `simple fmt [--check] PATH...`: rewrite `.spl` files in the canonical
//! layout (see `simple_syntax::format` for what changes and why it is
//! safe). A folder means every `*.spl` file under it; `-` reads standard
//! input and writes the result to standard output.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use simple_syntax::SourceFile;
use simple_syntax::format::{FormatError, format_source};

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to format; `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit
    /// with status 1 if there are any.
    #[arg(long)]
    check: bool,
}

/// Exit 0 when every file is (or now is) formatted; 1 when `--check`
/// found files to change or a file has syntax errors; 2 when a file
/// cannot be read or written.
pub fn run(args: Args) -> ExitCode {
    let mut status = Status::default();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            stdin(args.check, &mut status);
            continue;
        }
        let mut files = Vec::new();
        if let Err(e) = crate::check::expand(path, &mut files) {
            eprintln!("simple: cannot read {}: {e}", path.display());
            status.unreadable = true;
            continue;
        }
        for file in &files {
            one_file(file, args.check, &mut status);
        }
    }
    if status.unreadable {
        ExitCode::from(2)
    } else if status.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[derive(Default)]
struct Status {
    /// A file could not be read or written.
    unreadable: bool,
    /// A file has errors or (with `--check`) is not formatted.
    failed: bool,
}

fn one_file(path: &Path, check: bool, status: &mut Status) {
    let text = match simple_syntax::source::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("simple: cannot read {}: {e}", path.display());
            status.unreadable = true;
            return;
        }
    };
    let file = SourceFile::new(path.display().to_string(), text.as_str());
    let Some(out) = formatted(&file, status) else {
        return;
    };
    if out == text {
        return;
    }
    if check {
        status.unreadable |= !crate::common::write_stdout(&format!("{}\n", path.display()));
        status.failed = true;
    } else if let Err(e) = std::fs::write(path, out) {
        eprintln!("simple: cannot write {}: {e}", path.display());
        status.unreadable = true;
    }
}

fn stdin(check: bool, status: &mut Status) {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("simple: cannot read standard input: {e}");
        status.unreadable = true;
        return;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("simple: cannot read standard input: it is not valid UTF-8");
        status.unreadable = true;
        return;
    };
    let file = SourceFile::new("<stdin>", text.as_str());
    let Some(out) = formatted(&file, status) else {
        return;
    };
    if check {
        if out != text {
            status.unreadable |= !crate::common::write_stdout("<stdin>\n");
            status.failed = true;
        }
    } else {
        status.unreadable |= !crate::common::write_stdout(&out);
    }
}

/// The formatted text, or `None` after reporting why there is none.
fn formatted(file: &SourceFile, status: &mut Status) -> Option<String> {
    match format_source(file) {
        Ok(out) => Some(out),
        Err(FormatError::Syntax(diags)) => {
            crate::common::print_diagnostics(file, &diags);
            status.failed = true;
            None
        }
        Err(FormatError::Unsafe(d)) => {
            crate::common::print_diagnostics(file, std::slice::from_ref(&d));
            status.failed = true;
            None
        }
    }
}
