//! `simple fmt`: the canonical layout of a source file.
//!
//! ## From tokens, not from the tree
//!
//! The formatter works on the laid-out token stream (`tokenize`), not on
//! the syntax tree. Every token is copied exactly as written (a string
//! keeps its quotes and escapes, a number its spelling, a docstring every
//! character); only the text *between* tokens is rewritten. Comments,
//! attributes and decorators live in that text and are kept word for word,
//! so they cannot be lost or moved away from the code they belong to.
//! Printing the tree instead would have to re-attach comments to nodes and
//! to re-derive every spelling the tree does not keep (`0xff`, `'raw'`,
//! `elif` versus `else if`), and a bug there would silently change a
//! program. What is rewritten:
//!
//! - indentation: 4 spaces per block level (the levels come from the
//!   layout pass, so tabs and 2-space files are re-indented); a line that
//!   continues another (inside brackets, after an operator or `\`) keeps
//!   its offset from the line it continues;
//! - a comment on its own line goes to the level of the block it was
//!   written in (the deepest open level at or left of its column, counting
//!   the next line's);
//! - blanks: one space around binary operators (`=`, `==`, `+=`, `+`,
//!   `??`, ...) and after `,`, `;` and `:` (but not in `[...]`, where `:`
//!   slices); none just inside `(...)` and `[...]`, and none before `,` and
//!   `:`; a prefix operator sticks to its operand (`-x`). Where a choice
//!   is a matter of taste or could change meaning, the author's spelling
//!   stays: blanks inside braces (`Point { x: 1 }`, `{"a": 1}`), `=`
//!   inside parentheses (`f(x=1)`), a `<` or `>` that may bracket type
//!   arguments (`Option<T>`), `|` (lambdas and patterns), `.`, `->` other
//!   than a return type, and the blanks inside an `expect` statement,
//!   whose condition's text is part of the failure message;
//! - lines: no trailing blanks; at most two blank lines in a row between
//!   top-level lines and one inside blocks; none at the start or end of
//!   the file; one line break at the end.
//!
//! ## Safety
//!
//! A file with syntax errors is not formatted. After formatting, the
//! result is lexed, laid out and parsed again, and must give the same
//! tokens (`Newline`, `Indent` and `Dedent` included) and the same tree
//! (the `printer` dump, which leaves out positions); otherwise the file is
//! left alone and the error names the first place that would have changed.
//! Formatting twice gives the same text as formatting once. Both are
//! tested on every `.spl` file of the repository.

mod emit;
mod gap;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file has syntax errors (they are all here).
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean the same (a bug in the formatter):
    /// where and how. The file must be left as it is.
    Unsafe(Diagnostic),
}

/// The formatted text of `file`.
pub fn format_source(file: &SourceFile) -> Result<String, FormatError> {
    let (module, diags) = crate::parse_module(file);
    if !diags.is_empty() {
        return Err(FormatError::Syntax(diags));
    }
    let (tokens, _) = crate::tokenize(file);
    let out = emit::emit(file.text(), &tokens);
    let formatted = SourceFile::new(file.name(), out.as_str());
    let (again, diags) = crate::parse_module(&formatted);
    if let Some(d) = diags.first() {
        let (line, col) = formatted.line_col(d.span.start);
        return Err(unsafe_at(
            Span::new(0, 0),
            format!(
                "the formatted text would not parse (line {line}, column {col}: {})",
                d.message
            ),
        ));
    }
    let (new_tokens, _) = crate::tokenize(&formatted);
    let pairs = tokens.iter().zip(new_tokens.iter());
    for ((old, span), (new, _)) in pairs {
        if old != new {
            return Err(unsafe_at(
                *span,
                format!(
                    "formatting would change the tokens here ({} would become {})",
                    old.describe(),
                    new.describe()
                ),
            ));
        }
    }
    if tokens.len() != new_tokens.len() {
        let at = tokens.last().map_or(Span::new(0, 0), |(_, s)| *s);
        return Err(unsafe_at(
            at,
            "formatting would change the tokens at the end".into(),
        ));
    }
    if crate::printer::print_module(&module) != crate::printer::print_module(&again) {
        return Err(unsafe_at(
            Span::new(0, 0),
            "formatting would change the syntax tree".into(),
        ));
    }
    Ok(out)
}

fn unsafe_at(span: Span, message: String) -> FormatError {
    FormatError::Unsafe(
        Diagnostic::error(span, message)
            .with_note("the file is left unchanged; this is a bug in `simple fmt`"),
    )
}

#[cfg(test)]
mod tests;
