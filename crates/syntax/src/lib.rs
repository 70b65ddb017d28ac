//! The front end of the Simple interpreter.
//!
//! This crate owns every step from source text to a typed syntax tree:
//! `lexer` turns text into [`Token`]s (logos), `layout` turns physical lines
//! into `Newline`/`Indent`/`Dedent` tokens, `parser` builds the [`ast`]
//! (chumsky), and [`Diagnostic`] renders whatever went wrong with the source
//! line underlined (ariadne). It knows nothing about evaluation.

pub mod ast;
pub mod diagnostic;
pub mod format;
pub mod input;
pub mod layout;
pub mod lexer;
mod math_block;
pub mod parser;
pub mod printer;
pub mod source;
pub mod span;
pub mod symbol;
pub mod token;

pub use diagnostic::Diagnostic;
pub use input::{InputStatus, Unfinished, input_status};
pub use source::SourceFile;
pub use span::Span;
pub use symbol::{Symbol, known};
pub use token::Token;

/// Lexes `file` and runs the layout pass: the token stream the parser reads
/// (no `LineBreak`; `Newline`/`Indent`/`Dedent` instead). Diagnostics of both
/// steps, lexer first.
pub fn tokenize(file: &SourceFile) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    let (tokens, mut diags) = lexer::lex(file);
    let (tokens, layout_diags) = layout::layout(file, tokens);
    diags.extend(layout_diags);
    (tokens, diags)
}

/// Lexes, lays out and parses a file. Always returns a [`ast::Module`]
/// (with `StmtKind::Error`/`ExprKind::Error` where recovery happened) plus
/// every diagnostic from every stage, in source order per stage.
pub fn parse_module(file: &SourceFile) -> (ast::Module, Vec<Diagnostic>) {
    let (tokens, mut diags) = tokenize(file);
    let (module, parse_diags) = parser::parse_tokens(file.text(), tokens, &diags);
    diags.extend(parse_diags);
    (module, diags)
}
