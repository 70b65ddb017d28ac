//! Helpers shared by the subcommands.

use std::path::Path;

use simple_syntax::SourceFile;

/// Reads a source file, or prints `simple: cannot read FILE: reason`.
pub fn read_source(path: &Path) -> Option<SourceFile> {
    match simple_syntax::source::read_text(path) {
        Ok(text) => Some(SourceFile::new(path.display().to_string(), text)),
        Err(e) => {
            eprintln!("simple: cannot read {}: {}", path.display(), e);
            None
        }
    }
}

/// Prints diagnostics to stderr.
pub fn print_diagnostics(file: &SourceFile, diags: &[simple_syntax::Diagnostic]) {
    let color = simple_syntax::diagnostic::stderr_color();
    eprint!(
        "{}",
        simple_syntax::diagnostic::render_all(diags.iter().map(|d| (file, d)), color)
    );
}

/// Writes `text` to standard output. A reader that went away (`simple doc |
/// head`) is not an error; any other write failure is reported. False when
/// the output could not be written for another reason.
pub fn write_stdout(text: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("simple: cannot write to standard output: {e}");
            false
        }
    }
}
