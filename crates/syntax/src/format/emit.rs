//! The formatter's single pass over the laid-out tokens: every token is
//! copied as written, and only the text between tokens is rewritten
//! (indentation, blanks around operators, blank lines).

use super::gap::{Piece, pieces};
use crate::span::Span;
use crate::token::Token;

/// Columns per block level.
const INDENT: usize = 4;

/// A token as the formatter places it: an interpolated string
/// (`FStrStart ... FStrEnd`) is one unit, copied whole.
struct Atom {
    start: usize,
    end: usize,
    /// The token the unit starts with (what the gap before it sees).
    first: Token,
    /// The token it ends with (what the gap after it sees).
    last: Token,
    /// A `<` or `>` that compares (rather than bracketing type arguments,
    /// as in `Option<T>`): written with a blank before it (or after a `<`),
    /// or followed by a literal or a `-`.
    compares: bool,
}

/// A layout context: the top level, or a block-bodied lambda inside
/// brackets (see `layout.rs`), with its own indentation levels.
struct Ctx {
    /// Open brackets when the context started.
    brackets: usize,
    /// Open block levels in this context.
    depth: usize,
    /// `(original column, new column)` of the latest line at each depth;
    /// `levels[0]` is the base (column 0, or the line holding the lambda's
    /// `:`).
    levels: Vec<(usize, usize)>,
}

struct Writer<'a> {
    src: &'a str,
    out: String,
    ctxs: Vec<Ctx>,
    /// Open brackets, innermost last.
    brackets: Vec<u8>,
    /// A `Newline`/`Indent`/`Dedent` came since the last token: the next
    /// token starts a logical line.
    pending: bool,
    /// `(original, new)` column of the current physical line.
    line: (usize, usize),
    /// `(original, new)` column of the current logical line's first line.
    logical: (usize, usize),
    /// Inside an `expect` statement: the condition's text is part of the
    /// program (the failure message shows it), so its blanks stay.
    protect: bool,
    /// The previous unit, and whether it was a binary operator.
    prev: Option<(Token, bool)>,
    /// The unit before that (to tell a binary operator from a unary one).
    prev_prev_last: Option<Token>,
    /// Offset where the text not yet copied starts.
    done: usize,
}

/// The formatted text of `src`, whose laid-out tokens (no errors) are
/// `tokens`.
pub(super) fn emit(src: &str, tokens: &[(Token, Span)]) -> String {
    let bom = if src.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut w = Writer {
        src,
        out: String::with_capacity(src.len() + src.len() / 8 + 16),
        ctxs: vec![Ctx {
            brackets: 0,
            depth: 0,
            levels: vec![(0, 0)],
        }],
        brackets: Vec::new(),
        pending: true,
        line: (0, 0),
        logical: (0, 0),
        protect: false,
        prev: None,
        prev_prev_last: None,
        done: bom,
    };
    w.out.push_str(&src[..bom]);
    let mut i = 0;
    while i < tokens.len() {
        let (tok, span) = &tokens[i];
        match tok {
            Token::Newline => {
                w.pending = true;
                w.protect = false;
            }
            Token::Indent => w.indent(),
            Token::Dedent => w.dedent(),
            Token::LineBreak => {}
            _ => {
                let mut atom = Atom {
                    start: span.start as usize,
                    end: span.end as usize,
                    first: tok.clone(),
                    last: tok.clone(),
                    compares: false,
                };
                if matches!(tok, Token::Lt | Token::Gt) {
                    let next = tokens[i + 1..].iter().find(|(t, _)| {
                        !matches!(t, Token::Newline | Token::Indent | Token::Dedent)
                    });
                    let blank_before = w.done < atom.start;
                    let blank_after = next.is_some_and(|(_, s)| s.start as usize > atom.end);
                    let literal_after = next.is_some_and(|(t, _)| {
                        matches!(
                            t,
                            Token::Int(_)
                                | Token::UInt(_)
                                | Token::Float(_)
                                | Token::UnitInt(..)
                                | Token::UnitFloat(..)
                                | Token::Str(_)
                                | Token::FStrStart
                                | Token::Minus
                        )
                    });
                    // A type's closing `>` may be followed by a blank
                    // (`Option<T> = nil`), never preceded by one.
                    let blank_after = blank_after && *tok == Token::Lt;
                    atom.compares = blank_before || blank_after || literal_after;
                }
                // An interpolated string (nested ones included) and a math
                // block (`m{ 2x + 1 }`, whose implied `*`s are not in the
                // source) are copied as written.
                let whole = match tok {
                    Token::FStrStart => Some((Token::FStrStart, Token::FStrEnd)),
                    Token::LParen if src.get(atom.start..atom.end) == Some("m{") => {
                        Some((Token::LParen, Token::RParen))
                    }
                    _ => None,
                };
                if let Some((open, close)) = whole {
                    i = matching_close(tokens, i, &open, &close);
                    if let Some((last, s)) = tokens.get(i) {
                        atom.end = s.end as usize;
                        atom.last = last.clone();
                    }
                }
                w.unit(&atom);
            }
        }
        i += 1;
    }
    w.finish();
    w.out
}

/// The index of the token that closes the `open` at `i` (nested pairs
/// included), or `tokens.len()` when it is never closed.
fn matching_close(tokens: &[(Token, Span)], mut i: usize, open: &Token, close: &Token) -> usize {
    let mut depth = 0usize;
    while i < tokens.len() {
        let t = &tokens[i].0;
        if t == open {
            depth += 1;
        } else if t == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                break;
            }
        }
        i += 1;
    }
    i
}

/// Visual column of offset `pos` (a tab is 4 columns, as in `layout.rs`).
fn column(src: &str, pos: usize) -> usize {
    let bytes = src.as_bytes();
    let pos = pos.min(bytes.len());
    let mut start = bytes[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    if start == 0 && src.starts_with('\u{FEFF}') {
        start = 3.min(pos);
    }
    bytes[start..pos]
        .iter()
        .map(|&b| match b {
            b'\t' => 4,
            0x80..=0xBF => 0,
            _ => 1,
        })
        .sum()
}

impl Writer<'_> {
    fn ctx(&mut self) -> &mut Ctx {
        self.ctxs
            .last_mut()
            .expect("the top-level context is never popped")
    }

    fn indent(&mut self) {
        self.pending = true;
        let open = self.brackets.len();
        if open > self.ctx().brackets {
            // A block-bodied lambda inside brackets: a new context whose
            // base is the line holding the `:`.
            self.ctxs.push(Ctx {
                brackets: open,
                depth: 1,
                levels: vec![self.line],
            });
        } else {
            self.ctx().depth += 1;
        }
    }

    fn dedent(&mut self) {
        self.pending = true;
        let nested = self.ctxs.len() > 1;
        let ctx = self.ctx();
        ctx.depth = ctx.depth.saturating_sub(1);
        if ctx.depth == 0 && nested {
            self.ctxs.pop();
        }
    }

    /// Copies one unit and rewrites the text before it.
    fn unit(&mut self, atom: &Atom) {
        let starts_logical = self.pending;
        let gap = self.src.get(self.done..atom.start).unwrap_or("");
        let first_in_file = self.prev.is_none();
        let on_new_line = first_in_file || gap.contains('\n');
        let orig = column(self.src, atom.start);
        let new = if !on_new_line {
            0
        } else if self.pending {
            let ctx = self.ctxs.last().expect("a context");
            ctx.levels[0].1 + INDENT * ctx.depth
        } else {
            // A continuation line keeps its place relative to the line it
            // continues.
            (orig + self.logical.1).saturating_sub(self.logical.0)
        };
        let gap_start = self.done;
        if self.protect {
            self.out.push_str(gap);
        } else if gap.contains('\n') || first_in_file || has_text(gap) {
            self.lines(gap_start, gap, Some((orig, new)));
        } else {
            let s = self.spacing(atom, gap);
            self.out.push_str(&s);
        }
        if on_new_line {
            self.line = (orig, new);
            if self.pending {
                self.logical = (orig, new);
                let ctx = self.ctx();
                let d = ctx.depth;
                ctx.levels.truncate(d.max(1));
                if d == 0 {
                    ctx.levels[0] = (orig, new);
                } else {
                    ctx.levels.push((orig, new));
                }
            }
        }
        self.pending = false;
        self.out
            .push_str(self.src.get(atom.start..atom.end).unwrap_or(""));
        self.done = self.done.max(atom.end);
        match atom.first {
            Token::LParen => self.brackets.push(b'('),
            Token::LBracket => self.brackets.push(b'['),
            Token::LBrace => self.brackets.push(b'{'),
            Token::RParen | Token::RBracket | Token::RBrace => {
                self.brackets.pop();
            }
            _ => {}
        }
        let prev_last = self.prev.as_ref().map(|(t, _)| t.clone());
        if matches!(&atom.first, Token::Ident(s) if s.as_str() == "expect")
            && prev_last != Some(Token::Dot)
        {
            self.protect = true;
        }
        // An operator that starts a line (`-1` as a block's value) is a
        // prefix.
        let binary = (is_binary_op(&atom.first) || atom.compares)
            && !starts_logical
            && prev_last.as_ref().is_some_and(ends_operand);
        self.prev_prev_last = prev_last;
        self.prev = Some((atom.last.clone(), binary));
    }

    /// After the last token: comments and blank lines at the end of the
    /// file, and one final line break.
    fn finish(&mut self) {
        let gap = self.src.get(self.done..).unwrap_or("");
        let start = self.done;
        if self.prev.is_none() && gap.trim().is_empty() {
            return;
        }
        self.lines(start, gap, None);
    }

    /// Rewrites a gap that spans lines or holds comments. `next` is the
    /// `(original, new)` column of the unit after it (`None` at the end).
    fn lines(&mut self, gap_start: usize, gap: &str, next: Option<(usize, usize)>) {
        let mut first_line = self.prev.is_some();
        // Whether the current output line has something on it.
        let mut content = first_line;
        let mut blanks = 0usize;
        let mut blank_run = "";
        for piece in pieces(gap, gap_start) {
            match piece {
                Piece::Blank(s) => blank_run = s,
                Piece::Newline => {
                    if content {
                        self.out.push('\n');
                    } else {
                        blanks += 1;
                    }
                    content = false;
                    first_line = false;
                    blank_run = "";
                }
                Piece::Verbatim { text, start } => {
                    if first_line {
                        // A comment after code: its blanks (at least one,
                        // unless it follows an opening bracket).
                        let opener = matches!(
                            self.prev,
                            Some((Token::LParen | Token::LBracket | Token::LBrace, _))
                        );
                        let n = blank_run.chars().count().max(usize::from(!opener));
                        self.out.extend(std::iter::repeat_n(' ', n));
                    } else if content {
                        self.out.push(' ');
                    } else {
                        let col = self.comment_column(column(self.src, start), next);
                        self.blank_lines(blanks, col);
                        blanks = 0;
                        self.out.extend(std::iter::repeat_n(' ', col));
                    }
                    self.out.push_str(text);
                    content = true;
                    blank_run = "";
                }
                Piece::Continuation(s) => {
                    if !blank_run.is_empty() || !content {
                        self.out.push(' ');
                    }
                    let comment = s[1..].trim();
                    self.out.push('\\');
                    if !comment.is_empty() {
                        self.out.push(' ');
                        self.out.push_str(comment);
                    }
                    self.out.push('\n');
                    content = false;
                    first_line = false;
                    blank_run = "";
                }
            }
        }
        match next {
            Some((_, new)) => {
                if content && !first_line {
                    // Something (an attribute, a comment) before the unit
                    // on its line.
                    self.out.push(' ');
                } else if first_line {
                    // Only blanks and comments between two units of a
                    // line: a blank after the comment if there was one.
                    if !blank_run.is_empty() {
                        self.out.push(' ');
                    }
                } else {
                    self.blank_lines(blanks, new);
                    self.out.extend(std::iter::repeat_n(' ', new));
                }
            }
            None => {
                if content {
                    self.out.push('\n');
                }
            }
        }
    }

    /// Before new content on a fresh line, indented `col`: at most two
    /// blank lines between top-level lines, one elsewhere, none at the
    /// start of the file.
    fn blank_lines(&mut self, blanks: usize, col: usize) {
        if self.out.trim_start_matches('\u{FEFF}').is_empty() {
            return;
        }
        let top = col == 0 && self.pending && self.ctxs.len() == 1;
        let keep = blanks.min(if top { 2 } else { 1 });
        self.out.extend(std::iter::repeat_n('\n', keep));
    }

    /// Where a comment on its own line goes, from its original column: at
    /// the block level it was written at (among the levels open before it
    /// and the level of the line after it), or, inside a continued line,
    /// where it was relative to that line.
    fn comment_column(&self, orig: usize, next: Option<(usize, usize)>) -> usize {
        if !self.pending && next.is_some() {
            return (orig + self.logical.1).saturating_sub(self.logical.0);
        }
        let ctx = self.ctxs.last().expect("a context");
        // The levels of the lines before it (deeper ones included: a
        // comment may end a block) and the level of the line after it.
        let candidates = ctx.levels.iter().copied().chain(next);
        let mut best: Option<(usize, usize)> = None;
        let mut lowest: Option<(usize, usize)> = None;
        for (o, n) in candidates {
            if o <= orig && best.is_none_or(|(bo, _)| o >= bo) {
                best = Some((o, n));
            }
            if lowest.is_none_or(|(lo, _)| o < lo) {
                lowest = Some((o, n));
            }
        }
        best.or(lowest).map_or(0, |(_, n)| n)
    }

    /// The blanks between two units on one line.
    fn spacing(&self, atom: &Atom, gap: &str) -> String {
        let Some((a, a_binary)) = &self.prev else {
            return String::new();
        };
        let b = &atom.first;
        let keep = || if gap.is_empty() { "" } else { " " };
        let bracket = self.brackets.last().copied();
        let b_binary = (is_binary_op(b) || atom.compares) && !self.pending && ends_operand(a);
        let wanted = if matches!(b, Token::Comma | Token::Semicolon)
            || matches!(b, Token::RParen | Token::RBracket)
            || matches!(a, Token::LParen | Token::LBracket)
        {
            ""
        } else if matches!(b, Token::RBrace) || matches!(a, Token::LBrace) {
            // `Point { x: 1 }` and `{"a": 1}` are both common.
            keep()
        } else if matches!(a, Token::Comma | Token::Semicolon) {
            " "
        } else if *b == Token::Colon {
            if bracket == Some(b'[') { keep() } else { "" }
        } else if *a == Token::Colon && self.prev_prev_last == Some(Token::Amp) {
            // `&:len`, a method reference.
            ""
        } else if *a == Token::Colon {
            if bracket == Some(b'[') { keep() } else { " " }
        } else {
            // A prefix operator sticks to what follows, not to what precedes.
            let before = spaced(b, b_binary, bracket, Some(a)).filter(|s| !s.is_empty());
            let after = spaced(a, *a_binary, bracket, self.prev_prev_last.as_ref());
            match (before, after) {
                (Some(" "), _) | (_, Some(" ")) => " ",
                (Some(""), _) | (_, Some("")) => "",
                _ => keep(),
            }
        };
        if wanted.is_empty() && !gap.is_empty() && !may_join(self.src, atom.start, self.done, b) {
            return " ".into();
        }
        wanted.into()
    }
}

/// Whether a gap holds anything but blanks.
fn has_text(gap: &str) -> bool {
    gap.bytes()
        .any(|b| !matches!(b, b' ' | b'\t' | b'\r' | 0x0C))
}

/// The blanks an operator wants next to it: `Some(" ")` around a binary
/// operator, `Some("")` after a unary one, `None` to keep what is there.
/// `other` is the unit before the operator.
fn spaced(
    op: &Token,
    binary: bool,
    bracket: Option<u8>,
    other: Option<&Token>,
) -> Option<&'static str> {
    match op {
        // `f(x=1)`, `fn f(b = 2)`: both are common; keep the author's.
        Token::Assign if bracket == Some(b'(') => None,
        // `fn f() -> T` is spaced; `xs->push(1)` (functional update) is not.
        Token::Arrow => other.is_some_and(|t| *t == Token::RParen).then_some(" "),
        _ if binary => Some(" "),
        _ if !is_binary_op(op) => None,
        // `-x`, `*args`, `use a.*`: a prefix sticks to its operand.
        Token::Minus | Token::Plus | Token::Star | Token::StarStar => Some(""),
        _ => None,
    }
}

/// Operators spaced on both sides when binary.
fn is_binary_op(t: &Token) -> bool {
    matches!(
        t,
        Token::EqEq
            | Token::NotEq
            | Token::LtEq
            | Token::GtEq
            | Token::Assign
            | Token::PlusAssign
            | Token::MinusAssign
            | Token::StarAssign
            | Token::SlashAssign
            | Token::PercentAssign
            | Token::FatArrow
            | Token::QuestionQuestion
            | Token::AmpAmp
            | Token::PipePipe
            | Token::Plus
            | Token::Minus
            | Token::Star
            | Token::Slash
            | Token::Percent
            | Token::StarStar
    )
}

/// Whether a unit can end an operand, so that an operator after it is
/// binary.
fn ends_operand(t: &Token) -> bool {
    matches!(
        t,
        Token::Ident(_)
            | Token::Int(_)
            | Token::UInt(_)
            | Token::Float(_)
            | Token::UnitInt(..)
            | Token::UnitFloat(..)
            | Token::Str(_)
            | Token::SuffixedStr(..)
            | Token::FStrEnd
            | Token::RParen
            | Token::RBracket
            | Token::RBrace
            | Token::True
            | Token::False
            | Token::Nil
            | Token::Question
            | Token::DotQuestion
    )
}

/// Whether the units around a gap (`b_start` is where the second starts,
/// `a_end` where the first ends) may touch without lexing differently: two
/// operator characters could form one token (`- -`, `< =`), two word
/// characters one name, and a `:name` symbol needs a blank or an opener
/// before it.
fn may_join(src: &str, b_start: usize, a_end: usize, b_tok: &Token) -> bool {
    let a = src
        .get(..a_end)
        .and_then(|s| s.chars().next_back())
        .unwrap_or(' ');
    let b = src
        .get(b_start..)
        .and_then(|s| s.chars().next())
        .unwrap_or(' ');
    let op = |c: char| "+-*/%<>=!&|^~?.:@#\\".contains(c);
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'';
    if *b_tok == Token::Colon {
        // A `:` that is a token stays one without the blank before it.
        return !op(a);
    }
    if b == ':' && !"([{,=".contains(a) {
        return false;
    }
    let glued = (op(a) && op(b)) || (word(a) && word(b));
    !glued
}
