//! The line editor's helper: when input is complete, colours, completion,
//! hints, and the Enter and Backspace keys of a block-structured language.
//!
//! Everything that needs to understand code asks the real front end
//! (`simple_syntax::input_status`, the lexer), so the REPL never disagrees
//! with the parser about where an input ends.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, ConditionalEventHandler, Context, Event, EventContext, Movement, RepeatCount,
};
use simple_interp::Interpreter;
use simple_syntax::{InputStatus, SourceFile, Token, input_status};

use super::commands::COMMANDS;

/// Spaces a block is indented by, and the step Backspace removes.
const INDENT: usize = 4;

/// Whether the editor's buffer is ready to run. Commands are one line; code
/// is ready when the front end says it is complete, or its last line is in
/// a block and blank (a blank line ends a block, as in Python's REPL).
pub fn ready(input: &str) -> bool {
    if input.trim_start().starts_with(':') {
        return true;
    }
    match input_status(input) {
        InputStatus::Complete => true,
        InputStatus::Incomplete(_) => false,
        InputStatus::InBlock => input
            .rsplit('\n')
            .next()
            .is_some_and(|last| last.trim().is_empty()),
    }
}

pub struct ReplHelper {
    pub interp: Rc<RefCell<Interpreter>>,
    pub color: bool,
    hinter: HistoryHinter,
    files: FilenameCompleter,
}

impl ReplHelper {
    pub fn new(interp: Rc<RefCell<Interpreter>>, color: bool) -> ReplHelper {
        ReplHelper {
            interp,
            color,
            hinter: HistoryHinter::new(),
            files: FilenameCompleter::new(),
        }
    }
}

impl rustyline::Helper for ReplHelper {}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if ready(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

/// Enter: run the input when it is ready; otherwise start a new line,
/// indented like the current one (one step deeper after a `:` or an open
/// bracket).
pub struct EnterKey;

impl ConditionalEventHandler for EnterKey {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        let line = ctx.line();
        if ready(line) {
            return Some(Cmd::AcceptOrInsertLine {
                accept_in_the_middle: true,
            });
        }
        let before = &line[..ctx.pos().min(line.len())];
        let current = before.rsplit('\n').next().unwrap_or("");
        let mut indent = current.len() - current.trim_start_matches(' ').len();
        if current.trim_end().ends_with([':', '(', '[', '{']) {
            indent += INDENT;
        }
        Some(Cmd::Insert(1, format!("\n{}", " ".repeat(indent))))
    }
}

/// Backspace in the indentation of a line removes one indentation step,
/// so that leaving a block takes one key, not four.
pub struct BackspaceKey;

impl ConditionalEventHandler for BackspaceKey {
    fn handle(&self, _: &Event, n: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        let line = ctx.line();
        let before = &line[..ctx.pos().min(line.len())];
        let current = before.rsplit('\n').next().unwrap_or("");
        if current.is_empty() || n != 1 || !current.bytes().all(|b| b == b' ') {
            return None;
        }
        let keep = (current.len() - 1) / INDENT * INDENT;
        // One command that rustyline does not repeat-count: it would turn a
        // `Kill(BackwardChar(n))` into `BackwardChar(1)`.
        Some(Cmd::Replace(
            Movement::BeginningOfLine,
            Some(" ".repeat(keep)),
        ))
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos.min(line.len())];
        let trimmed = before.trim_start();
        if let Some(command) = trimmed.strip_prefix(':') {
            return Ok(self.complete_command(before, command, pos, ctx));
        }
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_name_char(*c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let word = &before[word_start..];
        let head = &before[..word_start];
        if let Some(path_start) = use_path_start(before) {
            let prefix = &before[path_start..];
            let modules = self.interp.borrow().module_names();
            return Ok((path_start, candidates(prefix, modules)));
        }
        if let Some(receiver) = head.strip_suffix('.') {
            let members = self.members_of(receiver);
            return Ok((word_start, candidates(word, members)));
        }
        Ok((word_start, candidates(word, self.names())))
    }
}

impl ReplHelper {
    /// Keywords and every name an input can use.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = simple_syntax::token::KEYWORDS
            .iter()
            .map(|k| k.to_string())
            .collect();
        names.extend(self.interp.borrow().visible_names());
        names
    }

    /// The members of the value `receiver` (the text before the `.`) ends
    /// with, when that is a plain name with a value: looking at the value is
    /// safe, evaluating a larger expression would run code.
    fn members_of(&self, receiver: &str) -> Vec<String> {
        let name_start = receiver
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_name_char(*c))
            .last()
            .map_or(receiver.len(), |(i, _)| i);
        let name = &receiver[name_start..];
        let plain = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && !receiver[..name_start].ends_with(['.', '?']);
        if !plain {
            return Vec::new();
        }
        let interp = self.interp.borrow();
        match interp.global(name) {
            Some(v) => interp.members(&v),
            None => Vec::new(),
        }
    }

    fn complete_command(
        &self,
        before: &str,
        command: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> (usize, Vec<Pair>) {
        match command.split_once(' ') {
            None => {
                let start = before.len() - command.len() - 1;
                let names = COMMANDS.iter().map(|(name, _)| format!(":{name}"));
                (start, candidates(&before[start..], names.collect()))
            }
            Some(("load", _)) => self
                .files
                .complete(before, pos, ctx)
                .unwrap_or((pos, Vec::new())),
            Some(("doc" | "type" | "time", _)) => {
                let word_start = before
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| is_name_char(*c))
                    .last()
                    .map_or(before.len(), |(i, _)| i);
                (word_start, candidates(&before[word_start..], self.names()))
            }
            Some(_) => (pos, Vec::new()),
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the module path being typed starts, when the cursor is in the
/// path of a `use` (or `import`) at the start of a line.
fn use_path_start(before: &str) -> Option<usize> {
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let code = line.trim_start();
    let rest = code
        .strip_prefix("use ")
        .or_else(|| code.strip_prefix("import "))?;
    let path = rest.trim_start();
    if !path.chars().all(|c| is_name_char(c) || c == '.') {
        return None;
    }
    Some(before.len() - path.len())
}

/// The names starting with `prefix`, sorted, without duplicates.
fn candidates(prefix: &str, names: Vec<String>) -> Vec<Pair> {
    let mut names: Vec<String> = names
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|n| Pair {
            display: n.clone(),
            replacement: n,
        })
        .collect()
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

const KEYWORD: &str = "\x1b[35m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const COMMENT: &str = "\x1b[90m";
const ERROR: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.trim_start().starts_with(':') {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight(line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.color {
            return Cow::Borrowed(hint);
        }
        Cow::Owned(format!("{DIM}{hint}{RESET}"))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Any key can change what a token is (`"` opens a string), so the
        // whole buffer is coloured again; it is one input, lexed quickly.
        self.color
    }
}

/// `code` with ANSI colours from the lexer's tokens: keywords, strings,
/// numbers (and `true`, `false`, `nil`), comments. Only escape codes are
/// added, so the text keeps its width.
pub fn highlight(code: &str) -> String {
    let file = SourceFile::new("<input>", code);
    let (tokens, _) = simple_syntax::lexer::lex(&file);
    let mut out = String::with_capacity(code.len() * 2);
    let mut at = 0;
    for (tok, span) in &tokens {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < at || end > code.len() || start > end {
            continue;
        }
        gap(&mut out, &code[at..start]);
        let text = &code[start..end];
        let color = match tok {
            Token::Str(_)
            | Token::SuffixedStr(..)
            | Token::FStrStart
            | Token::FStrText(_)
            | Token::FStrEnd
            | Token::InterpOpen
            | Token::InterpClose(_) => Some(STRING),
            Token::Int(_) | Token::Float(_) | Token::True | Token::False | Token::Nil => {
                Some(NUMBER)
            }
            // An unterminated string is one error token while being typed.
            Token::Error if text.starts_with(['"', '\'', 'r', 'f']) => Some(STRING),
            Token::Error => Some(ERROR),
            _ if Token::keyword(text).is_some() => Some(KEYWORD),
            _ => None,
        };
        match color {
            Some(c) => {
                out.push_str(c);
                out.push_str(text);
                out.push_str(RESET);
            }
            None => out.push_str(text),
        }
        at = end;
    }
    gap(&mut out, &code[at..]);
    out
}

/// Text between tokens: blanks, line breaks, comments (the lexer skips
/// them, so they are found here) and attributes.
fn gap(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['#', '/']) {
        let (plain, tail) = rest.split_at(i);
        out.push_str(plain);
        let comment_end = if tail.starts_with("/*") {
            tail.find("*/").map_or(tail.len(), |e| e + 2)
        } else if tail.starts_with('#') && !tail.starts_with("#[") {
            tail.find('\n').unwrap_or(tail.len())
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        out.push_str(COMMENT);
        out.push_str(&tail[..comment_end]);
        out.push_str(RESET);
        rest = &tail[comment_end..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_follows_the_front_end() {
        assert!(ready("val x = 1"));
        assert!(ready(":help"));
        assert!(!ready("fn f(x):"));
        assert!(!ready("fn f(x):\n    x * 2"));
        assert!(ready("fn f(x):\n    x * 2\n    "));
        assert!(ready("fn f(x):\n    x * 2\n"));
        assert!(ready("fn f(x):\n    x * 2\nprint(f(1))"));
        assert!(!ready("val xs = [1,"));
    }

    #[test]
    fn colours_tokens_and_comments() {
        assert_eq!(
            highlight("val s = \"a\" # note\nx = 1.5"),
            "\x1b[35mval\x1b[0m s = \x1b[32m\"a\"\x1b[0m \x1b[90m# note\x1b[0m\nx = \x1b[36m1.5\x1b[0m"
        );
        assert_eq!(highlight("a / b"), "a / b");
        assert_eq!(highlight("\"open"), "\x1b[32m\"open\x1b[0m");
    }

    #[test]
    fn finds_the_use_path() {
        assert_eq!(use_path_start("use std.i"), Some(4));
        assert_eq!(use_path_start("x = 1\n  use st"), Some(12));
        assert_eq!(use_path_start("user"), None);
        assert_eq!(use_path_start("use std.io.{"), None);
    }
}
