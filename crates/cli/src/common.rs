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
