//! The layout pass: physical lines to logical lines and blocks.
//!
//! The lexer marks every physical line end with [`Token::LineBreak`]. This
//! pass replaces those with the three tokens the grammar is written in
//! terms of, in the style of Python's tokenizer (and starlark-rust's lexer):
//!
//! - [`Token::Newline`] ends a logical line;
//! - [`Token::Indent`] starts a block: the line is indented deeper than the
//!   enclosing one;
//! - [`Token::Dedent`] ends a block; one per closed level, after the
//!   `Newline` that ends the block's last line.
//!
//! ```text
//! if x:          If x Colon Newline
//!     a          Indent a Newline
//! b              Dedent b Newline
//! ```
//!
//! ## Indentation
//!
//! A line's indentation is the visual column of its first token; a tab
//! counts as 4 columns. Blank lines and lines holding only comments,
//! attributes or decorators produce no tokens and never affect indentation.
//! Each layout context keeps a stack of open indentation columns: a deeper
//! line pushes one (`Indent`), a shallower one pops every deeper level
//! (`Dedent` each). Dedenting to a column that was never opened is reported
//! as "inconsistent dedent" and the line is treated as belonging to the
//! nearest enclosing level. An indented line that does not follow a line
//! ending in `:` still gets an `Indent`; the parser reports it. One-line
//! blocks (`if x > 0: return 1`) are ordinary tokens.
//!
//! ## Line joining
//!
//! - Inside `(`, `[`, `{` and an interpolation `{...}`, line breaks and
//!   indentation are ignored.
//! - A line ending in a binary operator (`+ - * / % ** == != < <= > >= =
//!   += -= *= /= %= & | ^ << >> && || ?? .. ..= , -> => . and or xor not in
//!   is`) continues on the next line, whose indentation is ignored. A `*`
//!   right after `.` (`use a.b.*`) is a glob, not an operator. A line
//!   ending in `:` is not a continuation.
//! - A line whose first token is `.`, `?.` or `.?` continues a method chain.
//!   (`..` at the start of a line does not.)
//! - `\` before a line break is removed by the lexer, so the lines are one.
//!
//! ## Block-bodied lambdas inside brackets
//!
//! ```text
//! val ys = xs.map(fn(x):
//!     val y = x * 2
//!     y + 1
//! )
//! ```
//!
//! Inside brackets, when a line ends with a lambda's `:` and the next line
//! is indented deeper than the line holding the `:`, a nested layout context
//! starts: `Newline`, `Indent`, and from then on line breaks and
//! indentation are significant again, with their own indentation stack. The
//! context ends at the first line indented at or left of the line that had
//! the `:`, or at a closing bracket of the enclosing context (wherever that
//! bracket is indented); it emits
//! `Newline` (unless one was just emitted) and its `Dedent`s, and the bracket
//! goes back to ignoring line breaks. The example gives
//! `... ( Fn ( x ) Colon Newline Indent Val y = x * 2 Newline y + 1 Newline
//! Dedent ) Newline`. Contexts nest (`describe("s", fn(): it("a", fn(): ...))`).
//!
//! "A lambda's `:`" means: the first `:` at the bracket's own depth after a
//! `fn` or `\` at that depth (a `,` after a `fn` cancels it, so that
//! `f(cb: fn(i64) -> i64, x:` is not taken for a lambda). This keeps dict
//! entries and slices whose value is on the next line (`{"k":\n  v}`,
//! `a[1:\n 2]`) as plain bracketed continuation.
//!
//! ## Brackets
//!
//! A closing bracket with no opener at all is reported and dropped. One
//! that does not match the innermost opener but matches an enclosing one
//! is reported, closes everything up to that opener, and is kept. One that
//! matches nothing is reported and dropped. An opener never closed is
//! reported at end of input (the innermost one) — or earlier, at the first
//! line inside the brackets that starts with a declaration (`struct`,
//! `class`, `enum`, `trait`, `impl`, `extern`, or `fn` before a name),
//! which no bracketed expression can hold: the brackets are reported there
//! and closed, so the declaration and the rest of the file parse on their
//! own. For the same reason a declaration line never continues a line
//! that ends in an operator.
//!
//! ## End of input
//!
//! `Newline` if the last line has not ended yet, then a `Dedent` for every
//! open level of every context. `Indent` and `Dedent` are always balanced.
//!
//! ## Limits
//!
//! So that no later recursive stage can overflow its stack on any input:
//!
//! - at most 256 brackets may be open at once; the 257th opener is reported
//!   ("too deeply nested (more than 256 open brackets)") and it and
//!   everything up to its matching closer are dropped;
//! - at most 100 indentation levels may be open at once (over all layout
//!   contexts); a line that would open the 101st is reported ("too deeply
//!   nested (more than 100 indented blocks)") and treated as belonging to
//!   the innermost open level, as are all deeper lines after it.
//!
//! Each limit is reported once per file.
//!
//! ## Spans
//!
//! The tokens this pass adds are zero-width: `Newline` at the line break
//! that ended the line (or at the token that forced it: a closing bracket,
//! end of input), `Indent` at the first token of the block, `Dedent` at the
//! first token of the next line or at end of input.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;
use crate::token::Token;

/// Brackets open at once, at most.
pub const MAX_BRACKETS: usize = 256;
/// Indentation levels open at once, at most.
pub const MAX_INDENTS: usize = 100;

/// Turns `LineBreak` tokens into `Newline`/`Indent`/`Dedent` (see the
/// module docs).
pub fn layout(
    file: &SourceFile,
    tokens: Vec<(Token, Span)>,
) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    let mut l = Layout {
        text: file.text(),
        out: Vec::with_capacity(tokens.len() + tokens.len() / 4 + 8),
        diags: Vec::new(),
        frames: vec![Frame::Layout {
            stack: vec![0],
            nested: false,
        }],
        brackets: 0,
        indents: 0,
        skip: 0,
        at_line_start: true,
        break_pos: 0,
        line_open: false,
        line_col: 0,
        last_cont: false,
        last_dot: false,
        last_lambda_colon: false,
        brackets_reported: false,
        indents_reported: false,
        prev_name_end: None,
        type_angles: 0,
    };
    for (tok, span) in tokens {
        l.token(tok, span);
    }
    l.finish();
    (l.out, l.diags)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lambda {
    None,
    /// A `fn` at this depth whose `:` has not come yet.
    Fn,
    /// A `\` at this depth whose `:` has not come yet.
    Backslash,
}

enum Frame {
    /// Line breaks and indentation are significant. `stack[0]` is the base:
    /// column 0 at top level, the column of the line holding the lambda's
    /// `:` for a nested context.
    Layout { stack: Vec<u32>, nested: bool },
    /// Inside brackets: line breaks ignored.
    Bracket {
        open: u8,
        span: Span,
        lambda: Lambda,
    },
}

struct Layout<'a> {
    text: &'a str,
    out: Vec<(Token, Span)>,
    diags: Vec<Diagnostic>,
    frames: Vec<Frame>,
    /// Number of `Bracket` frames.
    brackets: usize,
    /// Open indentation levels over all layout frames.
    indents: usize,
    /// While > 0, tokens are dropped (inside an over-deep bracket).
    skip: usize,
    /// A line break was seen since the last token.
    at_line_start: bool,
    /// Offset of the first line break after the last token.
    break_pos: u32,
    /// The current logical line has tokens and no `Newline` yet.
    line_open: bool,
    /// Column of the first token of the current physical line.
    line_col: u32,
    /// The last token makes the line continue on the next one.
    last_cont: bool,
    /// The last token is `.` (for the `.*` glob exception).
    last_dot: bool,
    /// The last token is a lambda's `:` inside brackets.
    last_lambda_colon: bool,
    brackets_reported: bool,
    indents_reported: bool,
    /// End of the last token when it was a name (for type brackets).
    prev_name_end: Option<u32>,
    /// Open type brackets `<` on the current logical line.
    type_angles: u32,
}

/// Bracket kind of an opener.
fn opener(tok: &Token) -> Option<u8> {
    match tok {
        Token::LParen => Some(b'('),
        Token::LBracket => Some(b'['),
        Token::LBrace => Some(b'{'),
        Token::InterpOpen => Some(b'i'),
        _ => None,
    }
}

/// Bracket kind a closer closes.
fn closer(tok: &Token) -> Option<u8> {
    match tok {
        Token::RParen => Some(b'('),
        Token::RBracket => Some(b'['),
        Token::RBrace => Some(b'{'),
        Token::InterpClose(_) => Some(b'i'),
        _ => None,
    }
}

fn bracket_name(kind: u8) -> &'static str {
    match kind {
        b'(' => "`(`",
        b'[' => "`[`",
        b'{' => "`{`",
        _ => "interpolation `{`",
    }
}

fn closer_name(tok: &Token) -> &'static str {
    match tok {
        Token::RParen => "`)`",
        Token::RBracket => "`]`",
        Token::RBrace => "`}`",
        _ => "interpolation `}`",
    }
}

/// Whether a line ending with `tok` continues on the next line.
pub(crate) fn is_continuation(tok: &Token) -> bool {
    matches!(
        tok,
        Token::Plus
            | Token::Minus
            | Token::Star
            | Token::Slash
            | Token::Percent
            | Token::StarStar
            | Token::EqEq
            | Token::NotEq
            | Token::Lt
            | Token::LtEq
            | Token::Gt
            | Token::GtEq
            | Token::Assign
            | Token::PlusAssign
            | Token::MinusAssign
            | Token::StarAssign
            | Token::SlashAssign
            | Token::PercentAssign
            | Token::Amp
            | Token::Pipe
            | Token::Caret
            | Token::Shl
            | Token::Shr
            | Token::AmpAmp
            | Token::PipePipe
            | Token::QuestionQuestion
            | Token::DotDot
            | Token::DotDotEq
            | Token::Comma
            | Token::Arrow
            | Token::And
            | Token::Or
            | Token::Xor
            | Token::Not
            | Token::In
            | Token::Is
            | Token::Dot
    )
}

fn zero(pos: u32) -> Span {
    Span::new(pos, pos)
}

impl Layout<'_> {
    /// Visual column of the token starting at `pos` (tab = 4 columns).
    fn column(&self, pos: u32) -> u32 {
        let bytes = self.text.as_bytes();
        let pos = (pos as usize).min(bytes.len());
        let start = bytes[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // A byte order mark does not indent the first line.
        let start = if start == 0 && self.text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8().min(pos)
        } else {
            start
        };
        let mut col: u32 = 0;
        for &b in &bytes[start..pos] {
            col = col.saturating_add(match b {
                b'\t' => 4,
                // UTF-8 continuation bytes: the character was counted once.
                0x80..=0xBF => 0,
                _ => 1,
            });
        }
        col
    }

    fn emit(&mut self, tok: Token, span: Span) {
        self.out.push((tok, span));
    }

    fn newline(&mut self, pos: u32) {
        if self.line_open {
            self.emit(Token::Newline, zero(pos));
            self.line_open = false;
            self.type_angles = 0;
        }
    }

    fn token(&mut self, tok: Token, span: Span) {
        if self.skip > 0 {
            if opener(&tok).is_some() {
                self.skip += 1;
            } else if closer(&tok).is_some() {
                self.skip -= 1;
            }
            return;
        }
        match tok {
            Token::LineBreak | Token::Newline => {
                if !self.at_line_start {
                    self.at_line_start = true;
                    self.break_pos = span.start;
                }
                return;
            }
            Token::Indent | Token::Dedent => return,
            _ => {}
        }
        if self.at_line_start {
            if self.brackets > 0 && self.starts_declaration(&tok, span) {
                self.abandon_brackets(&tok, span);
            }
            self.at_line_start = false;
            self.line_start(&tok, span);
        }
        self.process(tok, span);
    }

    /// Whether a line starting with `tok` starts a declaration, which no
    /// bracketed expression can contain: `struct`, `class`, `enum`,
    /// `trait`, `impl`, `extern`, or `fn` before a name (`fn(` would be a
    /// lambda).
    fn starts_declaration(&self, tok: &Token, span: Span) -> bool {
        match tok {
            Token::Struct
            | Token::Class
            | Token::Enum
            | Token::Trait
            | Token::Impl
            | Token::Extern => true,
            Token::Fn => self.text[(span.end as usize).min(self.text.len())..]
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_alphabetic() || c == '_'),
            _ => false,
        }
    }

    /// A declaration starts while brackets are open: they were never
    /// closed. Reported once, and closed here, so that the declaration and
    /// everything after it parse on their own.
    fn abandon_brackets(&mut self, tok: &Token, span: Span) {
        let Some(outer) = self
            .frames
            .iter()
            .position(|f| matches!(f, Frame::Bracket { .. }))
        else {
            return;
        };
        let open: Vec<(u8, Span)> = self.frames[outer..]
            .iter()
            .filter_map(|f| match f {
                Frame::Bracket { open, span, .. } => Some((*open, *span)),
                Frame::Layout { .. } => None,
            })
            .collect();
        if let Some(&(kind, at)) = open.last() {
            let mut d = Diagnostic::error(at, format!("unclosed {}", bracket_name(kind)))
                .with_label("this bracket is never closed")
                .with_secondary(span, format!("`{tok}` starts a declaration here"));
            if open.len() > 1 {
                d = d.with_note(format!(
                    "{} more bracket(s) before it are not closed either",
                    open.len() - 1
                ));
            }
            self.diags.push(d);
        }
        while self.frames.len() > outer {
            match self.frames.last() {
                Some(Frame::Layout { .. }) => self.close_layout(span.start),
                _ => {
                    self.frames.pop();
                    self.brackets -= 1;
                }
            }
        }
        self.last_cont = false;
        self.last_lambda_colon = false;
    }

    /// The first token of a physical line.
    fn line_start(&mut self, tok: &Token, span: Span) {
        let col = self.column(span.start);
        let colon_line_col = self.line_col;
        self.line_col = col;
        match self.frames.last() {
            Some(Frame::Bracket { .. }) => {
                if self.last_lambda_colon && col > colon_line_col {
                    if self.indents >= MAX_INDENTS {
                        self.too_many_indents(span);
                        return;
                    }
                    self.newline(self.break_pos);
                    self.frames.push(Frame::Layout {
                        stack: vec![colon_line_col, col],
                        nested: true,
                    });
                    self.indents += 1;
                    self.emit(Token::Indent, zero(span.start));
                }
            }
            _ => {
                let chain = matches!(tok, Token::Dot | Token::QuestionDot | Token::DotQuestion);
                // A declaration never continues an expression: after a
                // trailing operator it starts a line of its own (the
                // operator's missing operand is reported once).
                if self.line_open
                    && (self.last_cont || chain)
                    && !self.starts_declaration(tok, span)
                {
                    return;
                }
                self.newline(self.break_pos);
                if closer(tok).is_some()
                    && matches!(self.frames.last(), Some(Frame::Layout { nested: true, .. }))
                {
                    // A closing bracket at the start of a line in a lambda
                    // body belongs to the enclosing context: it ends the body
                    // (in `close_bracket`) wherever it is indented.
                    return;
                }
                self.indent_to(col, span);
            }
        }
    }

    fn too_many_indents(&mut self, span: Span) {
        if !self.indents_reported {
            self.indents_reported = true;
            self.diags.push(
                Diagnostic::error(
                    span,
                    format!("too deeply nested (more than {MAX_INDENTS} indented blocks)"),
                )
                .with_label("this line opens one block too many"),
            );
        }
    }

    /// A new logical line starting at column `col` in the innermost layout
    /// frame.
    fn indent_to(&mut self, col: u32, span: Span) {
        let Some(Frame::Layout { stack, nested }) = self.frames.last_mut() else {
            return;
        };
        let nested = *nested;
        let top = *stack.last().unwrap_or(&0);
        if col > top {
            if self.indents >= MAX_INDENTS {
                self.too_many_indents(span);
                return;
            }
            stack.push(col);
            self.indents += 1;
            self.emit(Token::Indent, zero(span.start));
            return;
        }
        let mut dedents = 0;
        while stack.len() > 1 && *stack.last().unwrap_or(&0) > col {
            stack.pop();
            dedents += 1;
        }
        let base = stack[0];
        let now = *stack.last().unwrap_or(&0);
        let closes = nested && stack.len() == 1;
        self.indents -= dedents;
        for _ in 0..dedents {
            self.emit(Token::Dedent, zero(span.start));
        }
        if closes {
            self.frames.pop();
            if col > base {
                self.inconsistent(span);
            }
        } else if now != col {
            self.inconsistent(span);
        }
    }

    fn inconsistent(&mut self, span: Span) {
        self.diags.push(
            Diagnostic::error(span, "inconsistent dedent")
                .with_label("this line is not indented like any enclosing block"),
        );
    }

    /// Pops the innermost frame if it is a layout frame, emitting its
    /// `Newline` and `Dedent`s at `pos`.
    fn close_layout(&mut self, pos: u32) {
        if let Some(Frame::Layout { stack, .. }) = self.frames.pop() {
            self.newline(pos);
            let n = stack.len() - 1;
            self.indents -= n;
            for _ in 0..n {
                self.emit(Token::Dedent, zero(pos));
            }
        }
    }

    fn process(&mut self, tok: Token, span: Span) {
        if let Some(kind) = opener(&tok) {
            if self.brackets >= MAX_BRACKETS {
                if !self.brackets_reported {
                    self.brackets_reported = true;
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!("too deeply nested (more than {MAX_BRACKETS} open brackets)"),
                        )
                        .with_label("this bracket is one too many"),
                    );
                }
                self.skip = 1;
                return;
            }
            self.note_token(&tok, span);
            self.emit(tok, span);
            self.line_open = true;
            self.frames.push(Frame::Bracket {
                open: kind,
                span,
                lambda: Lambda::None,
            });
            self.brackets += 1;
            return;
        }
        if let Some(kind) = closer(&tok) {
            self.close_bracket(kind, tok, span);
            return;
        }
        self.note_token(&tok, span);
        self.emit(tok, span);
        self.line_open = true;
    }

    /// Updates the continuation / lambda state for a token about to be
    /// emitted in the current (innermost) frame.
    fn note_token(&mut self, tok: &Token, span: Span) {
        self.last_cont = is_continuation(tok) && !(*tok == Token::Star && self.last_dot);
        // Type brackets: a `<` written right after a name (`Option<T>`)
        // opens one, and the `>` that closes it is not a trailing operator
        // (`profile: Option<Profile>` ends its line).
        match tok {
            Token::Lt if self.prev_name_end == Some(span.start) => self.type_angles += 1,
            Token::Gt if self.type_angles > 0 => {
                self.type_angles -= 1;
                self.last_cont = false;
            }
            Token::Shr if self.type_angles > 1 => {
                self.type_angles -= 2;
                self.last_cont = false;
            }
            _ => {}
        }
        self.prev_name_end = matches!(tok, Token::Ident(_)).then_some(span.end);
        self.last_dot = *tok == Token::Dot;
        self.last_lambda_colon = false;
        if let Some(Frame::Bracket { lambda, .. }) = self.frames.last_mut() {
            match tok {
                Token::Fn => *lambda = Lambda::Fn,
                Token::Backslash => *lambda = Lambda::Backslash,
                Token::Comma if *lambda == Lambda::Fn => *lambda = Lambda::None,
                Token::Colon if *lambda != Lambda::None => {
                    *lambda = Lambda::None;
                    self.last_lambda_colon = true;
                }
                _ => {}
            }
        }
    }

    fn close_bracket(&mut self, kind: u8, tok: Token, span: Span) {
        if self.brackets == 0 {
            self.diags.push(
                Diagnostic::error(span, format!("unmatched {}", closer_name(&tok)))
                    .with_label("there is no open bracket to close here"),
            );
            return;
        }
        // The innermost bracket frame, and the innermost one of this kind.
        let innermost = self
            .frames
            .iter()
            .rposition(|f| matches!(f, Frame::Bracket { .. }))
            .unwrap_or(0);
        let target = self
            .frames
            .iter()
            .rposition(|f| matches!(f, Frame::Bracket { open, .. } if *open == kind));
        let Some(target) = target else {
            let open_span = match &self.frames[innermost] {
                Frame::Bracket { span, .. } => *span,
                Frame::Layout { .. } => span,
            };
            let open_kind = match &self.frames[innermost] {
                Frame::Bracket { open, .. } => *open,
                Frame::Layout { .. } => kind,
            };
            self.diags.push(
                Diagnostic::error(span, format!("mismatched {}", closer_name(&tok)))
                    .with_label(format!(
                        "expected the closer of {}",
                        bracket_name(open_kind)
                    ))
                    .with_secondary(open_span, "the innermost open bracket"),
            );
            return;
        };
        if target != innermost {
            let mut d = Diagnostic::error(span, format!("mismatched {}", closer_name(&tok)))
                .with_label(format!("this closes the {} here", bracket_name(kind)));
            for f in &self.frames[target + 1..] {
                if let Frame::Bracket { open, span, .. } = f {
                    d = d.with_secondary(*span, format!("unclosed {}", bracket_name(*open)));
                }
            }
            self.diags.push(d);
        }
        while self.frames.len() > target + 1 {
            match self.frames.last() {
                Some(Frame::Layout { .. }) => self.close_layout(span.start),
                _ => {
                    self.frames.pop();
                    self.brackets -= 1;
                }
            }
        }
        self.frames.pop();
        self.brackets -= 1;
        self.note_token(&tok, span);
        self.emit(tok, span);
        self.line_open = true;
    }

    fn finish(&mut self) {
        let end = self.text.len() as u32;
        let nl = if self.at_line_start {
            self.break_pos
        } else {
            end
        };
        self.newline(nl);
        for _ in 0..self.indents {
            self.emit(Token::Dedent, zero(end));
        }
        self.indents = 0;
        let open: Vec<(u8, Span)> = self
            .frames
            .iter()
            .filter_map(|f| match f {
                Frame::Bracket { open, span, .. } => Some((*open, *span)),
                Frame::Layout { .. } => None,
            })
            .collect();
        if let Some(&(kind, span)) = open.last() {
            let mut d = Diagnostic::error(span, format!("unclosed {}", bracket_name(kind)))
                .with_label("this bracket is never closed");
            if open.len() > 1 {
                d = d.with_note(format!(
                    "{} more bracket(s) before it are not closed either",
                    open.len() - 1
                ));
            }
            self.diags.push(d);
        }
    }
}
