//! Whether interactive input is complete: the REPL's question "run this, or
//! read another line?", answered by the real lexer and layout pass so that
//! the REPL has no grammar of its own.
//!
//! Input is [`InputStatus::Incomplete`] when it cannot end where it does:
//! a bracket or string is still open, the last line is a block header
//! (`fn f(x):`) or ends in an operator that continues the line (`x +`,
//! `\`). It is [`InputStatus::InBlock`] when it could end, but its last
//! line is inside an indented block, so more lines of that block may
//! follow; the REPL decides (a blank line ends the block when typing).
//! Otherwise it is [`InputStatus::Complete`]. Nothing here reports errors:
//! input that is complete but wrong is run and the parser reports it.

use crate::layout::{self, is_continuation};
use crate::lexer::{self, OpenAtEnd};
use crate::source::SourceFile;
use crate::token::Token;

/// See the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputStatus {
    /// Nothing is open: the input can run as it is.
    Complete,
    /// The input can run as it is, but its last line belongs to an indented
    /// block that more lines may continue.
    InBlock,
    /// The input cannot end here.
    Incomplete(Unfinished),
}

/// Why input cannot end where it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfinished {
    /// `(`, `[` or `{` not closed yet.
    Bracket,
    /// Inside a string (`"`, `'`, `"""`, ...) or an interpolation in one.
    String,
    /// Inside a `/* ... */` comment.
    Comment,
    /// The last line ends with `:`: the block's body has not started.
    BlockHeader,
    /// The last line ends in an operator, `,` or `\` that continues it.
    Continuation,
}

/// Classifies `text` (see the module docs). Trailing blank lines do not
/// matter; never panics.
pub fn input_status(text: &str) -> InputStatus {
    // A trailing line break would turn a final `\` into a line joint the
    // lexer drops; without it the `\` stays visible as a token.
    let text = text.trim_end_matches([' ', '\t', '\r', '\n', '\x0C']);
    let file = SourceFile::new("<input>", text);
    let (tokens, _, open) = lexer::lex_with_open(&file);
    match open {
        Some(OpenAtEnd::String) => return InputStatus::Incomplete(Unfinished::String),
        Some(OpenAtEnd::Comment) => return InputStatus::Incomplete(Unfinished::Comment),
        None => {}
    }
    let mut depth: i64 = 0;
    for (tok, _) in &tokens {
        match tok {
            Token::LParen | Token::LBracket | Token::LBrace => depth += 1,
            Token::RParen | Token::RBracket | Token::RBrace => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 {
        return InputStatus::Incomplete(Unfinished::Bracket);
    }
    let mut significant = tokens.iter().rev().filter(|(t, _)| *t != Token::LineBreak);
    let last = significant.next().map(|(t, _)| t);
    let before_last = significant.next().map(|(t, _)| t);
    match last {
        None => return InputStatus::Complete,
        Some(Token::Colon) => return InputStatus::Incomplete(Unfinished::BlockHeader),
        // `use a.b.*` ends in a glob, not a multiplication.
        Some(Token::Star) if before_last == Some(&Token::Dot) => {}
        Some(Token::Backslash) => return InputStatus::Incomplete(Unfinished::Continuation),
        Some(t) if is_continuation(t) => {
            return InputStatus::Incomplete(Unfinished::Continuation);
        }
        Some(_) => {}
    }
    // Input whose first line is indented has no block to be in: it is a
    // mistake the parser reports, not the start of more input.
    if let Some((_, first)) = tokens.first() {
        let line_start = text[..first.start as usize]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if first.start as usize > line_start {
            return InputStatus::Complete;
        }
    }
    let (laid_out, _) = layout::layout(&file, tokens);
    // At end of input the layout pass closes every open block with a
    // `Dedent`: any at the very end means the last line is in a block.
    if laid_out.last().is_some_and(|(t, _)| *t == Token::Dedent) {
        InputStatus::InBlock
    } else {
        InputStatus::Complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InputStatus::*;
    use Unfinished::*;

    #[test]
    fn classifies_input() {
        let cases: &[(&str, InputStatus)] = &[
            ("", Complete),
            ("   \n\n", Complete),
            ("val x = 1", Complete),
            ("print(\"a:\")", Complete),
            ("# only a comment:", Complete),
            ("fn f(x):", Incomplete(BlockHeader)),
            ("fn f(x):  # the header\n", Incomplete(BlockHeader)),
            ("if x: y", Complete),
            ("fn f(x):\n    x + 1", InBlock),
            ("fn f(x):\n    x + 1\n\n", InBlock),
            ("fn f(x):\n    x + 1\nprint(f(1))", Complete),
            ("if a:\n    b\nelse:", Incomplete(BlockHeader)),
            ("if a:\n    b\nelse: c", Complete),
            ("val xs = [1,", Incomplete(Bracket)),
            ("val xs = [1,\n  2]", Complete),
            ("f(1))", Complete),
            ("xs.map(fn(x):\n    x * 2", Incomplete(Bracket)),
            ("xs.map(fn(x):\n    x * 2\n)", Complete),
            ("val s = \"open", Incomplete(String)),
            ("val s = \"\"\"doc\nmore", Incomplete(String)),
            ("val s = \"\"\"doc\"\"\"", Complete),
            ("val s = 'open", Incomplete(String)),
            ("val s = \"{x", Incomplete(String)),
            ("/* note", Incomplete(Comment)),
            ("/* note */ 1", Complete),
            ("val x = 1 +", Incomplete(Continuation)),
            ("val x = 1 + \\\n", Incomplete(Continuation)),
            ("val x = 1 + \\\n  2", Complete),
            ("val ok = a and", Incomplete(Continuation)),
            ("use std.io.*", Complete),
            ("xs.map(\\", Incomplete(Bracket)),
            ("    x = 1", Complete),
            ("fn f():\n    if x:\n        y", InBlock),
        ];
        for (text, want) in cases {
            assert_eq!(input_status(text), *want, "{text:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "\u{FEFF}", "\"\\", "(((", ")))", "\t\tx:", "f\"{", "r\"", "\\",
        ] {
            let _ = input_status(text);
        }
    }
}
