//! Source text to [`Token`]s.
//!
//! A private logos-generated DFA ([`Raw`]) recognises the simple tokens and
//! the *starts* of the complicated ones (strings, comments, attributes,
//! numbers); a small driver turns raw tokens into [`Token`]s and scans the
//! complicated constructs by hand. Interpolated strings are handled with an
//! explicit mode stack (no recursion), so arbitrarily nested
//! `"{f("{x}")}"` strings cannot overflow the native stack.
//!
//! The lexer emits [`Token::LineBreak`] for every physical line end outside
//! strings and comments; `layout` turns them into
//! `Newline`/`Indent`/`Dedent`.
//!
//! Error policy: the lexer never panics and never stops early. Input it
//! cannot make sense of becomes [`Token::Error`] plus a [`Diagnostic`]
//! (one per run of bad characters). Two exceptions keep the stream useful
//! for the parser: a string with an invalid escape is still emitted as a
//! string (the escape is kept verbatim), and an unterminated string or
//! comment swallows the rest of the file (one `Error` token for a string,
//! nothing for a comment).

use logos::Logos;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;
use crate::symbol::Symbol;
use crate::token::Token;

#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\r\x0C]+")]
// A line comment; `#[` starts an attribute instead.
#[logos(skip r"#([^\[\n][^\n]*)?")]
// `\` + optional blanks (and a comment) + line break: a line continuation.
#[logos(skip r"\\[ \t\r\x0C]*(#[^\n]*)?\n")]
enum Raw {
    #[token("\n")]
    LineBreak,
    #[token("#[")]
    AttrOpen,
    #[token("/*")]
    BlockCommentOpen,
    #[token("@")]
    At,
    #[token("\\")]
    Backslash,
    #[token("\"")]
    Quote,
    #[token("\"\"\"")]
    TripleQuote,
    #[token("r\"")]
    RQuote,
    /// `f"..."`: the older spelling of an interpolated string.
    #[token("f\"")]
    FQuote,
    /// `f"""..."""`: an interpolated triple-quoted string.
    #[token("f\"\"\"")]
    FTripleQuote,
    #[token("'")]
    SingleQuote,

    #[regex("[A-Za-z_][A-Za-z0-9_]*")]
    Ident,
    /// Any non-ASCII character: a Unicode identifier or an error.
    #[regex(r"[^\x00-\x7F]")]
    NonAscii,

    #[regex("[0-9][0-9_]*")]
    Dec,
    #[regex("0[xX][0-9a-fA-F_]+")]
    Hex,
    #[regex("0[oO][0-7_]+")]
    Oct,
    #[regex("0[bB][01_]+")]
    Bin,
    #[regex(r"[0-9][0-9_]*\.[0-9][0-9_]*([eE][+-]?[0-9][0-9_]*)?")]
    #[regex(r"[0-9][0-9_]*[eE][+-]?[0-9][0-9_]*")]
    Float,

    #[token("**")]
    StarStar,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<=")]
    LtEq,
    #[token(">=")]
    GtEq,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("&&")]
    AmpAmp,
    #[token("||")]
    PipePipe,
    #[token("??")]
    QuestionQuestion,
    #[token("?.")]
    QuestionDot,
    #[token(".?")]
    DotQuestion,
    #[token("...")]
    Ellipsis,
    #[token("..=")]
    DotDotEq,
    #[token("..")]
    DotDot,
    #[token("::")]
    ColonColon,
    #[token("->")]
    Arrow,
    #[token("=>")]
    FatArrow,
    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("<")]
    Lt,
    #[token(">")]
    Gt,
    #[token("=")]
    Assign,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("~")]
    Tilde,
    #[token("!")]
    Bang,
    #[token("?")]
    Question,
    #[token(".")]
    Dot,
    #[token(":")]
    Colon,
    #[token(",")]
    Comma,
    #[token(";")]
    Semicolon,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
}

impl Raw {
    /// The token for raw tokens that map one-to-one.
    fn simple(self) -> Option<Token> {
        Some(match self {
            Raw::LineBreak => Token::LineBreak,
            Raw::Backslash => Token::Backslash,
            Raw::StarStar => Token::StarStar,
            Raw::EqEq => Token::EqEq,
            Raw::NotEq => Token::NotEq,
            Raw::LtEq => Token::LtEq,
            Raw::GtEq => Token::GtEq,
            Raw::Shl => Token::Shl,
            Raw::Shr => Token::Shr,
            Raw::AmpAmp => Token::AmpAmp,
            Raw::PipePipe => Token::PipePipe,
            Raw::QuestionQuestion => Token::QuestionQuestion,
            Raw::QuestionDot => Token::QuestionDot,
            Raw::DotQuestion => Token::DotQuestion,
            Raw::Ellipsis => Token::Ellipsis,
            Raw::DotDotEq => Token::DotDotEq,
            Raw::DotDot => Token::DotDot,
            Raw::ColonColon => Token::ColonColon,
            Raw::Arrow => Token::Arrow,
            Raw::FatArrow => Token::FatArrow,
            Raw::PlusAssign => Token::PlusAssign,
            Raw::MinusAssign => Token::MinusAssign,
            Raw::StarAssign => Token::StarAssign,
            Raw::SlashAssign => Token::SlashAssign,
            Raw::PercentAssign => Token::PercentAssign,
            Raw::Plus => Token::Plus,
            Raw::Minus => Token::Minus,
            Raw::Star => Token::Star,
            Raw::Slash => Token::Slash,
            Raw::Percent => Token::Percent,
            Raw::Lt => Token::Lt,
            Raw::Gt => Token::Gt,
            Raw::Assign => Token::Assign,
            Raw::Amp => Token::Amp,
            Raw::Pipe => Token::Pipe,
            Raw::Caret => Token::Caret,
            Raw::Tilde => Token::Tilde,
            Raw::Bang => Token::Bang,
            Raw::Question => Token::Question,
            Raw::Dot => Token::Dot,
            Raw::Colon => Token::Colon,
            Raw::Comma => Token::Comma,
            Raw::Semicolon => Token::Semicolon,
            Raw::LParen => Token::LParen,
            Raw::RParen => Token::RParen,
            Raw::LBracket => Token::LBracket,
            Raw::RBracket => Token::RBracket,
            Raw::LBrace => Token::LBrace,
            Raw::RBrace => Token::RBrace,
            _ => return None,
        })
    }
}

/// Lexes a whole file. Never panics on any input. Errors become
/// [`Token::Error`] plus a [`Diagnostic`].
pub fn lex(file: &SourceFile) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    let (tokens, diags, _) = lex_with_open(file);
    (tokens, diags)
}

/// A construct still open when the input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenAtEnd {
    /// A string (of any kind) or an interpolation `{` inside one.
    String,
    /// A `/* ... */` comment.
    Comment,
}

/// [`lex`], also telling whether the input ended inside a string or a
/// block comment: the REPL asks for more lines then instead of reporting
/// the error (see [`crate::input`]).
pub fn lex_with_open(
    file: &SourceFile,
) -> (Vec<(Token, Span)>, Vec<Diagnostic>, Option<OpenAtEnd>) {
    let text = file.text();
    if text.len() > u32::MAX as usize {
        return (
            Vec::new(),
            vec![Diagnostic::error(
                Span::new(0, 0),
                "file is too large (source files are limited to 4 GiB)",
            )],
            None,
        );
    }
    let mut lexer = Lexer {
        src: text,
        bytes: text.as_bytes(),
        raw: Raw::lexer(text),
        out: Vec::with_capacity(text.len() / 4 + 16),
        diags: Vec::new(),
        modes: Vec::new(),
        bad_run: None,
        eof_reported: false,
        unclosed_until: 0,
        open_at_end: None,
    };
    // A byte order mark is not part of the program.
    if text.starts_with('\u{FEFF}') {
        lexer.raw.bump('\u{FEFF}'.len_utf8());
    }
    lexer.run();
    (lexer.out, lexer.diags, lexer.open_at_end)
}

/// What the driver is in the middle of, innermost last. Empty: top-level code.
enum Mode {
    /// The text of a `"..."` string.
    Str(StrState),
    /// The code of an interpolation `{...}` inside a `"..."` string.
    Interp {
        /// Offset of the `{`.
        open: usize,
        /// Open brackets inside the interpolation (`(`, `[`, `{`).
        brackets: Vec<u8>,
    },
}

struct StrState {
    /// Offset of the opening quote.
    quote: usize,
    /// `out.len()` when the string started (tokens from here on belong to it).
    out_index: usize,
    /// Whether `FStrStart` has been emitted (an interpolation was seen).
    interpolated: bool,
    /// Literal text not yet emitted.
    buf: String,
    /// `f"""..."""`: ends at `"""` and may span lines.
    triple: bool,
    /// Where the pending literal text starts.
    text_start: usize,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    raw: logos::Lexer<'a, Raw>,
    out: Vec<(Token, Span)>,
    diags: Vec<Diagnostic>,
    modes: Vec<Mode>,
    /// The last run of unexpected characters: (index in `out`, index in
    /// `diags`), so that adjacent bad characters share one diagnostic.
    bad_run: Option<(usize, usize)>,
    /// An error that runs to EOF (unterminated comment) was already reported.
    eof_reported: bool,
    /// A `{` in a string before this offset has no `}` after it on its
    /// line (remembered so a line of many `{` is scanned once).
    unclosed_until: usize,
    /// What the input ended inside of, if anything.
    open_at_end: Option<OpenAtEnd>,
}

fn span(start: usize, end: usize) -> Span {
    Span::new(start as u32, end as u32)
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric())
}

/// `c` shown in a message: printable characters as themselves, others escaped.
fn show_char(c: char) -> String {
    if c.is_control() || c == '\u{FEFF}' {
        c.escape_debug().to_string()
    } else {
        c.to_string()
    }
}

impl<'a> Lexer<'a> {
    /// Offset where the next raw token starts.
    fn pos(&self) -> usize {
        self.raw.span().end
    }

    /// Moves the raw lexer forward to `to` (which must be at or after `pos`).
    fn goto(&mut self, to: usize) {
        let here = self.pos();
        debug_assert!(to >= here);
        self.raw.bump(to.saturating_sub(here));
    }

    fn push(&mut self, tok: Token, start: usize, end: usize) {
        self.out.push((tok, span(start, end)));
    }

    fn error(&mut self, start: usize, end: usize, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(span(start, end), msg));
        self.diags.last_mut().expect("just pushed")
    }

    fn run(&mut self) {
        loop {
            if let Some(Mode::Str(_)) = self.modes.last() {
                if !self.scan_str() {
                    break;
                }
                continue;
            }
            let Some(res) = self.raw.next() else { break };
            let r = self.raw.span();
            match res {
                Ok(raw) => {
                    self.code(raw, r.start, r.end);
                }
                Err(()) => self.bad_char(r.start, r.end),
            }
        }
        self.finish();
    }

    /// End of input with constructs still open: report the innermost one and
    /// replace the whole outermost unterminated string by one `Error` token.
    fn finish(&mut self) {
        if self.modes.is_empty() {
            return;
        }
        self.open_at_end = Some(OpenAtEnd::String);
        let end = self.src.len();
        if !self.eof_reported {
            match self.modes.last() {
                Some(Mode::Str(s)) => {
                    let q = s.quote;
                    self.error(q, q + 1, "unterminated string").label =
                        Some("this string is never closed".into());
                }
                Some(Mode::Interp { open, .. }) => {
                    let o = *open;
                    self.error(o, o + 1, "unterminated `{` in string").label =
                        Some("this `{` is never closed with `}`".into());
                }
                None => {}
            }
        }
        if let Some(Mode::Str(outer)) = self.modes.first() {
            let (idx, quote) = (outer.out_index, outer.quote);
            self.out.truncate(idx);
            self.push(Token::Error, quote, end);
        }
        self.modes.clear();
    }

    /// A line break at `nl` inside a string nested in an interpolation. Such
    /// a string must end on its line (an interpolation's code may continue on
    /// the next line, a string in it may not): a lone `{` meant literally, as
    /// in `"{"`, makes the closing quote open a nested string, and without
    /// this rule that string would swallow the following lines and the error
    /// would surface far away. Reports the innermost open `{` and replaces the
    /// whole outermost string by one `Error` token, so lexing goes on
    /// normally at the line break.
    fn interp_cut_by_newline(&mut self, nl: usize) {
        let open = self.modes.iter().rev().find_map(|m| match m {
            Mode::Interp { open, .. } => Some(*open),
            Mode::Str(_) => None,
        });
        if let Some(o) = open {
            let d = self.error(o, o + 1, "unterminated `{` in string");
            d.label =
                Some("this `{` starts an interpolation that is not closed on its line".into());
            d.notes
                .push("write `{{` for a literal `{` (and `}}` for `}`)".into());
        }
        if let Some(Mode::Str(outer)) = self.modes.first() {
            let (idx, quote) = (outer.out_index, outer.quote);
            self.out.truncate(idx);
            self.push(Token::Error, quote, nl);
        }
        self.modes.clear();
    }

    /// One raw token in code (top level or inside an interpolation).
    fn code(&mut self, raw: Raw, start: usize, end: usize) {
        if let Some(Mode::Interp { brackets, .. }) = self.modes.last_mut() {
            match raw {
                Raw::LParen => brackets.push(b'('),
                Raw::LBracket => brackets.push(b'['),
                Raw::LBrace => brackets.push(b'{'),
                Raw::RParen | Raw::RBracket => {
                    let want = if raw == Raw::RParen { b'(' } else { b'[' };
                    if brackets.last() == Some(&want) {
                        brackets.pop();
                    }
                }
                Raw::RBrace => {
                    if let Some(i) = brackets.iter().rposition(|&b| b == b'{') {
                        brackets.truncate(i);
                    } else {
                        // The `}` closing the interpolation.
                        self.modes.pop();
                        self.push(Token::InterpClose(None), start, end);
                        self.resume_str(end);
                        return;
                    }
                }
                Raw::Colon if brackets.is_empty() => {
                    self.format_spec(end);
                    return;
                }
                _ => {}
            }
        }
        if raw == Raw::Colon && self.symbol(start, end) {
            return;
        }
        if raw == Raw::Tilde && self.suspension(start, end) {
            return;
        }
        if let Some(tok) = raw.simple() {
            let is_dot = matches!(tok, Token::Dot | Token::QuestionDot);
            self.push(tok, start, end);
            if is_dot {
                self.tuple_index(end);
            }
            return;
        }
        match raw {
            Raw::AttrOpen => self.attribute(start, end),
            Raw::BlockCommentOpen => self.block_comment(start, end),
            Raw::At => self.decorator(start, end),
            Raw::Quote | Raw::FQuote | Raw::FTripleQuote => self.modes.push(Mode::Str(StrState {
                quote: start,
                out_index: self.out.len(),
                interpolated: false,
                buf: String::new(),
                text_start: end,
                triple: raw == Raw::FTripleQuote,
            })),
            Raw::TripleQuote => self.triple_string(start, end),
            Raw::RQuote => self.raw_string(start, end, b'"'),
            Raw::SingleQuote => self.raw_string(start, end, b'\''),
            Raw::Ident => self.ident(start, end),
            Raw::NonAscii => {
                let c = self.src[start..end].chars().next().unwrap_or('\u{FFFD}');
                if c.is_alphabetic() {
                    self.ident(start, end);
                } else {
                    self.bad_char(start, end);
                }
            }
            Raw::Dec => self.number(start, end, 10),
            Raw::Hex => self.number(start, end, 16),
            Raw::Oct => self.number(start, end, 8),
            Raw::Bin => self.number(start, end, 2),
            Raw::Float => self.float(start, end),
            _ => self.bad_char(start, end),
        }
    }

    /// Upstream's suspension forms, which mean the plain forms here (there
    /// is no async runtime to suspend to): `if~`, `while~` and `for~` (the
    /// `~` written against the keyword) are `if`, `while` and `for`, and
    /// `x ~= e` is `x = e`. False when the `~` is not one of them.
    fn suspension(&mut self, start: usize, end: usize) -> bool {
        let after_keyword = self.out.last().is_some_and(|(t, s)| {
            matches!(t, Token::If | Token::While | Token::For) && s.end as usize == start
        });
        if after_keyword {
            // The keyword's token covers the `~` (so the formatter keeps it).
            if let Some((_, s)) = self.out.last_mut() {
                *s = span(s.start as usize, end);
            }
            return true;
        }
        let assign = self.bytes.get(end) == Some(&b'=')
            && self.bytes.get(end + 1) != Some(&b'=')
            && start > 0
            && matches!(self.bytes[start - 1], b' ' | b'\t');
        if assign {
            self.goto(end + 1);
            self.push(Token::Assign, start, end + 1);
        }
        assign
    }

    /// `:name`, a symbol: a `:` directly followed by a name, where a value
    /// may start (after a blank, `(`, `[`, `{`, `,` or `=`). Symbols are
    /// texts that keep their colon (`:ok` displays as `:ok`). False when the
    /// `:` is not one.
    fn symbol(&mut self, start: usize, end: usize) -> bool {
        let b = self.bytes;
        let starts_name = b
            .get(end)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_');
        let after_gap = start == 0
            || matches!(
                b[start - 1],
                b' ' | b'\t' | b'(' | b'[' | b'{' | b',' | b'=' | b'\n'
            );
        if !(starts_name && after_gap) {
            return false;
        }
        let name_end = end
            + self.src[end..]
                .char_indices()
                .find(|&(_, c)| !is_ident_char(c))
                .map(|(i, _)| i)
                .unwrap_or(self.src.len() - end);
        self.goto(name_end);
        self.push(
            Token::Str(self.src[start..name_end].to_string()),
            start,
            name_end,
        );
        true
    }

    /// An unexpected character; adjacent ones (possibly separated by blanks)
    /// extend the previous error instead of adding a new diagnostic.
    fn bad_char(&mut self, start: usize, end: usize) {
        if let Some((ti, di)) = self.bad_run
            && ti + 1 == self.out.len()
            && ti < self.out.len()
            && di < self.diags.len()
        {
            let prev_end = self.out[ti].1.end as usize;
            if prev_end <= start
                && self.bytes[prev_end..start]
                    .iter()
                    .all(|&b| b == b' ' || b == b'\t')
            {
                self.out[ti].1.end = end as u32;
                self.diags[di].span.end = end as u32;
                return;
            }
        }
        let c = self.src[start..end].chars().next().unwrap_or('\u{FFFD}');
        self.error(
            start,
            end,
            format!("unexpected character `{}`", show_char(c)),
        );
        self.push(Token::Error, start, end);
        self.bad_run = Some((self.out.len() - 1, self.diags.len() - 1));
    }

    /// After `.` or `?.`: digits are a tuple field index, never a float
    /// (`t.0.1` is `t . 0 . 1`).
    fn tuple_index(&mut self, at: usize) {
        let digits = self.bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return;
        }
        let end = at + digits;
        self.goto(end);
        match self.src[at..end].parse::<i64>() {
            Ok(v) => self.push(Token::Int(v), at, end),
            Err(_) => {
                self.error(at, end, "tuple field index is too large");
                self.push(Token::Error, at, end);
            }
        }
    }

    fn ident(&mut self, start: usize, end: usize) {
        let mut end = end;
        if self
            .bytes
            .get(end)
            .is_some_and(|&b| b >= 0x80 || b.is_ascii_alphanumeric() || b == b'_')
        {
            end += self.src[end..]
                .char_indices()
                .find(|&(_, c)| !is_ident_char(c))
                .map(|(i, _)| i)
                .unwrap_or(self.src.len() - end);
            self.goto(end);
        }
        let word = &self.src[start..end];
        if word == "m" && self.bytes.get(end) == Some(&b'{') {
            self.math_block(end);
            return;
        }
        let tok = Token::keyword(word).unwrap_or_else(|| Token::Ident(Symbol::intern(word)));
        self.push(tok, start, end);
    }

    /// `m{ 2x + 1 }`: a math block, lexed by [`crate::math_block`] into a
    /// parenthesised expression.
    fn math_block(&mut self, open: usize) {
        match crate::math_block::lex(self.src, open) {
            Ok((tokens, end)) => {
                for (tok, a, b) in tokens {
                    self.push(tok, a, b);
                }
                self.goto(end);
            }
            Err(e) => {
                self.error(e.start, e.end, e.message.clone());
                self.push(Token::Error, open - 1, e.end.max(open + 1));
                // Go on after the block's `}` (or, without one, at the end
                // of the line) so one mistake is reported once.
                let from = e.end.max(open + 1);
                let line_end = self.src[from..]
                    .find('\n')
                    .map_or(self.src.len(), |n| from + n);
                let resume = self.src[from..line_end]
                    .find('}')
                    .map_or(line_end, |n| from + n + 1);
                self.goto(e.after.unwrap_or(resume));
            }
        }
    }

    /// Consumes identifier characters directly after a literal (its suffix).
    fn take_suffix(&mut self, from: usize) -> usize {
        let len = self.src[from..]
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(self.src.len() - from);
        self.goto(from + len);
        from + len
    }

    fn number(&mut self, start: usize, digits_end: usize, radix: u32) {
        let end = self.take_suffix(digits_end);
        let suffix = &self.src[digits_end..end];
        let digits = if radix == 10 {
            &self.src[start..digits_end]
        } else {
            &self.src[start + 2..digits_end]
        };
        if radix == 10 && (suffix == "f32" || suffix == "f64") {
            let v = parse_float(digits);
            self.push_float(v, suffix, start, end);
            return;
        }
        if radix == 10 && is_unit_suffix(digits, suffix) {
            let v = digits
                .bytes()
                .filter(|b| *b != b'_')
                .try_fold(0i64, |v, b| {
                    v.checked_mul(10)?.checked_add((b - b'0') as i64)
                });
            match v {
                Some(v) => self.push(Token::UnitInt(v, Symbol::intern(suffix)), start, end),
                None => {
                    self.error(start, end, "integer literal out of range for i64");
                    self.push(Token::Error, start, end);
                }
            }
            return;
        }
        let (max, ty): (u64, &str) = match suffix {
            "" => (i64::MAX as u64, "i64"),
            "i8" => (i8::MAX as u64, "i8"),
            "i16" => (i16::MAX as u64, "i16"),
            "i32" => (i32::MAX as u64, "i32"),
            "i64" => (i64::MAX as u64, "i64"),
            "u8" => (u8::MAX as u64, "u8"),
            "u16" => (u16::MAX as u64, "u16"),
            "u32" => (u32::MAX as u64, "u32"),
            "u64" => (u64::MAX, "u64"),
            _ => {
                self.error(
                    digits_end,
                    end,
                    format!("invalid suffix `{suffix}` on integer literal"),
                )
                .notes
                .push("valid suffixes are i8 i16 i32 i64 u8 u16 u32 u64 f32 f64".into());
                self.push(Token::Error, start, end);
                return;
            }
        };
        let mut value: Option<u64> = Some(0);
        for b in digits.bytes() {
            if b == b'_' {
                continue;
            }
            let d = (b as char).to_digit(radix).unwrap_or(0) as u64;
            value = value
                .and_then(|v| v.checked_mul(radix as u64))
                .and_then(|v| v.checked_add(d));
        }
        match value {
            Some(v) if v > i64::MAX as u64 && v <= max => self.push(Token::UInt(v), start, end),
            Some(v) if v <= max => self.push(Token::Int(v as i64), start, end),
            // `-9223372036854775808` (and `-128i8`): the magnitude is one past
            // the signed maximum, so only the negated literal fits. A minus
            // that cannot be binary is folded into the literal.
            Some(v) if v == max + 1 && !ty.starts_with('u') && self.unary_minus_before() => {
                let (_, minus) = self.out.pop().expect("checked by unary_minus_before");
                self.push(
                    Token::Int((v as i64).wrapping_neg()),
                    minus.start as usize,
                    end,
                );
            }
            _ => {
                self.error(start, end, format!("integer literal out of range for {ty}"));
                self.push(Token::Error, start, end);
            }
        }
    }

    /// Whether the last token is a `-` that must be a prefix minus (nothing
    /// before it could be the left operand of a binary minus).
    fn unary_minus_before(&self) -> bool {
        let n = self.out.len();
        if n == 0 || self.out[n - 1].0 != Token::Minus {
            return false;
        }
        let ends_operand = |t: &Token| {
            matches!(
                t,
                Token::Int(_)
                    | Token::UInt(_)
                    | Token::Float(_)
                    | Token::UnitInt(..)
                    | Token::UnitFloat(..)
                    | Token::Str(_)
                    | Token::SuffixedStr(..)
                    | Token::FStrEnd
                    | Token::Ident(_)
                    | Token::True
                    | Token::False
                    | Token::Nil
                    | Token::RParen
                    | Token::RBracket
                    | Token::RBrace
                    | Token::Question
                    | Token::DotQuestion
            )
        };
        n < 2 || !ends_operand(&self.out[n - 2].0)
    }

    fn float(&mut self, start: usize, digits_end: usize) {
        let end = self.take_suffix(digits_end);
        let suffix = &self.src[digits_end..end];
        if is_unit_suffix(&self.src[start..digits_end], suffix) {
            let v = parse_float(&self.src[start..digits_end]);
            if v.is_finite() {
                self.push(Token::UnitFloat(v, Symbol::intern(suffix)), start, end);
            } else {
                self.error(start, end, "float literal out of range for f64");
                self.push(Token::Error, start, end);
            }
            return;
        }
        if !(suffix.is_empty() || suffix == "f32" || suffix == "f64") {
            self.error(
                digits_end,
                end,
                format!("invalid suffix `{suffix}` on float literal"),
            )
            .notes
            .push("valid suffixes are f32 and f64".into());
            self.push(Token::Error, start, end);
            return;
        }
        let v = parse_float(&self.src[start..digits_end]);
        self.push_float(v, suffix, start, end);
    }

    fn push_float(&mut self, v: f64, suffix: &str, start: usize, end: usize) {
        let too_big = if suffix == "f32" {
            v > f32::MAX as f64
        } else {
            v.is_infinite()
        };
        if too_big {
            let ty = if suffix == "f32" { "f32" } else { "f64" };
            self.error(start, end, format!("float literal out of range for {ty}"));
            self.push(Token::Error, start, end);
        } else {
            self.push(Token::Float(v), start, end);
        }
    }

    /// `/* ... */`, nesting. Emits nothing.
    fn block_comment(&mut self, start: usize, end: usize) {
        let mut depth = 1usize;
        let mut i = end;
        let b = self.bytes;
        while i < b.len() {
            match b[i] {
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    depth += 1;
                    i += 2;
                }
                b'*' if b.get(i + 1) == Some(&b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        self.goto(i);
                        return;
                    }
                }
                _ => i += 1,
            }
        }
        self.goto(b.len());
        self.error(start, end, "unterminated block comment").label =
            Some("this comment is never closed with `*/`".into());
        self.eof_reported = true;
        self.open_at_end = Some(OpenAtEnd::Comment);
    }

    /// Finds the end of a balanced `open ... close` region starting after the
    /// opener at `from`, skipping over `"..."` and `'...'` strings. Returns the
    /// offset after the closer, or `None` if the region is not closed.
    fn balanced(&self, from: usize, open: u8, close: u8) -> Option<usize> {
        let b = self.bytes;
        let mut depth = 1usize;
        let mut i = from;
        while i < b.len() {
            let c = b[i];
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            } else if c == b'"' || c == b'\'' {
                i += 1;
                while i < b.len() && b[i] != c {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            i += 1;
        }
        None
    }

    /// Offset of the end of the line containing `from` (the `\n` or EOF).
    fn line_end(&self, from: usize) -> usize {
        self.bytes[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |p| from + p)
    }

    /// `#[...]`: skipped. An unbalanced `#[` is treated as a line comment.
    fn attribute(&mut self, _start: usize, end: usize) {
        let to = self
            .balanced(end, b'[', b']')
            .unwrap_or_else(|| self.line_end(end));
        self.goto(to);
    }

    /// `@name` or `@name(...)`. At the start of a line it is a decorator:
    /// an `At` token, and what follows lexes as usual (the parser applies
    /// decorators that name functions). Elsewhere it is skipped.
    fn decorator(&mut self, start: usize, end: usize) {
        // Stops at the first character that is not a blank.
        let first_on_line = self.bytes[..start]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\t');
        let names_something = self.src[end..]
            .chars()
            .next()
            .is_some_and(|c| is_ident_char(c) && !c.is_ascii_digit());
        if first_on_line && names_something && self.modes.is_empty() {
            self.push(Token::At, start, end);
            return;
        }
        // `a @ b`: the matrix-product operator (blanks around it).
        if !first_on_line && matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
            self.push(Token::At, start, end);
            return;
        }
        let name_len = self.src[end..]
            .char_indices()
            .find(|&(_, c)| !(is_ident_char(c) || c == '.'))
            .map(|(i, _)| i)
            .unwrap_or(self.src.len() - end);
        let first = self.src[end..].chars().next();
        if name_len == 0 || first.is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.bad_char(start, end);
            return;
        }
        let name_end = end + name_len;
        if self.bytes.get(name_end) == Some(&b'(') {
            match self.balanced(name_end + 1, b'(', b')') {
                Some(to) => self.goto(to),
                None => {
                    self.error(name_end, name_end + 1, "unclosed `(` in decorator")
                        .label = Some("this `(` is never closed".into());
                    let to = self.line_end(name_end);
                    self.goto(to);
                }
            }
        } else {
            self.goto(name_end);
        }
    }

    /// Processes the escape sequence starting with the `\` at `at`, appending
    /// to `buf`. Returns the offset after the escape. `at + 1 < len` holds.
    fn escape(&mut self, at: usize, buf: &mut String) -> usize {
        let b = self.bytes;
        let simple = match b[at + 1] {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'0' => Some('\0'),
            b'\\' => Some('\\'),
            b'"' => Some('"'),
            b'\'' => Some('\''),
            b'{' => Some('{'),
            b'}' => Some('}'),
            _ => None,
        };
        if let Some(c) = simple {
            buf.push(c);
            return at + 2;
        }
        match b[at + 1] {
            b'x' => {
                let hex = b
                    .get(at + 2..at + 4)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
                if let Some(v) = hex {
                    buf.push(v as char);
                    return at + 4;
                }
                let end = (at + 2..at + 4)
                    .take_while(|&i| b.get(i).is_some_and(|c| c.is_ascii_hexdigit()))
                    .last()
                    .map_or(at + 2, |i| i + 1);
                self.error(at, end, "invalid escape: `\\x` needs two hex digits")
                    .label = Some("for example `\\x41`".into());
                buf.push_str(&self.src[at..end]);
                end
            }
            b'u' => {
                let digits_start = at + 3;
                if b.get(at + 2) == Some(&b'{') {
                    let n = b[digits_start..]
                        .iter()
                        .take(7)
                        .take_while(|c| c.is_ascii_hexdigit())
                        .count();
                    if (1..=6).contains(&n) && b.get(digits_start + n) == Some(&b'}') {
                        let end = digits_start + n + 1;
                        let v = u32::from_str_radix(&self.src[digits_start..digits_start + n], 16)
                            .ok()
                            .and_then(char::from_u32);
                        match v {
                            Some(c) => buf.push(c),
                            None => {
                                self.error(at, end, "invalid escape: not a Unicode scalar value");
                                buf.push_str(&self.src[at..end]);
                            }
                        }
                        return end;
                    }
                    let end = digits_start + n;
                    self.error(
                        at,
                        end,
                        "invalid escape: `\\u` needs 1 to 6 hex digits in braces",
                    )
                    .label = Some("for example `\\u{1F600}`".into());
                    buf.push_str(&self.src[at..end]);
                    return end;
                }
                self.error(
                    at,
                    at + 2,
                    "invalid escape: `\\u` needs 1 to 6 hex digits in braces",
                )
                .label = Some("for example `\\u{1F600}`".into());
                buf.push_str(&self.src[at..at + 2]);
                at + 2
            }
            _ => {
                let c = self.src[at + 1..].chars().next().unwrap_or('\u{FFFD}');
                let end = at + 1 + c.len_utf8();
                self.error(at, end, format!("invalid escape `\\{}`", show_char(c)))
                    .notes
                    .push(
                        "valid escapes are \\n \\t \\r \\0 \\\\ \\\" \\' \\{ \\} \\xNN \\u{NNNN}"
                            .into(),
                    );
                buf.push_str(&self.src[at..end]);
                end
            }
        }
    }

    /// Scans the text of the innermost `"..."` string from the current
    /// position. Returns `false` at end of input.
    fn scan_str(&mut self) -> bool {
        let Some(Mode::Str(mut st)) = self.modes.pop() else {
            return true;
        };
        let b = self.bytes;
        let mut i = self.pos();
        // A string inside an interpolation must end on its line (see
        // `interp_cut_by_newline`).
        let nested = !self.modes.is_empty();
        loop {
            // Copy a run of ordinary characters at once.
            let run = b[i..]
                .iter()
                .position(|&c| matches!(c, b'"' | b'\\' | b'{' | b'}') || (nested && c == b'\n'))
                .unwrap_or(b.len() - i);
            st.buf.push_str(&self.src[i..i + run]);
            i += run;
            if i >= b.len() {
                self.goto(b.len());
                self.modes.push(Mode::Str(st));
                return false;
            }
            if b[i] == b'\n' {
                self.modes.push(Mode::Str(st));
                self.interp_cut_by_newline(i);
                self.goto(i);
                return true;
            }
            match b[i] {
                b'"' if st.triple && !b[i..].starts_with(b"\"\"\"") => {
                    st.buf.push('"');
                    i += 1;
                }
                b'"' => {
                    let q = if st.triple { i + 2 } else { i };
                    self.goto(q + 1);
                    self.end_str(st, q);
                    return true;
                }
                b'\\' => {
                    if i + 1 >= b.len() {
                        self.goto(b.len());
                        self.modes.push(Mode::Str(st));
                        return false;
                    }
                    i = self.escape(i, &mut st.buf);
                }
                b'}' => {
                    st.buf.push('}');
                    i += if b.get(i + 1) == Some(&b'}') { 2 } else { 1 };
                }
                _ => {
                    // `{`
                    match b.get(i + 1) {
                        Some(b'{') => {
                            st.buf.push('{');
                            i += 2;
                        }
                        Some(b'}') => {
                            st.buf.push_str("{}");
                            i += 2;
                        }
                        // A `{` directly before a backslash (`"{\"k\": 1}"`)
                        // or one that no `}` follows on its line (`"{"`)
                        // cannot open an interpolation: it is literal, as
                        // upstream reads it.
                        Some(b'\\' | b'\n') | None => {
                            st.buf.push('{');
                            i += 1;
                        }
                        _ if !st.triple && !self.closes_on_line(i + 1) => {
                            st.buf.push('{');
                            i += 1;
                        }
                        Some(b':') if b.get(i + 2) != Some(&b':') => {
                            // `{:spec}`: a positional placeholder, kept verbatim.
                            let close = b[i..].iter().position(|&c| c == b'}' || c == b'"');
                            match close {
                                Some(p) if b[i + p] == b'}' => {
                                    st.buf.push_str(&self.src[i..i + p + 1]);
                                    i += p + 1;
                                }
                                _ => {
                                    let to = close.map_or(b.len(), |p| i + p);
                                    self.error(i, i + 1, "unterminated `{` in string").label =
                                        Some("expected `}` to close this placeholder".into());
                                    st.buf.push_str(&self.src[i..to]);
                                    i = to;
                                }
                            }
                        }
                        _ => {
                            // An interpolation.
                            if !st.interpolated {
                                st.interpolated = true;
                                self.push(Token::FStrStart, st.quote, st.quote + 1);
                            }
                            if !st.buf.is_empty() {
                                let text = std::mem::take(&mut st.buf);
                                self.push(Token::FStrText(text), st.text_start, i);
                            }
                            self.push(Token::InterpOpen, i, i + 1);
                            self.goto(i + 1);
                            self.modes.push(Mode::Str(st));
                            self.modes.push(Mode::Interp {
                                open: i,
                                brackets: Vec::new(),
                            });
                            return true;
                        }
                    }
                }
            }
        }
    }

    /// Whether a `}` comes after `from` before the end of its line.
    fn closes_on_line(&mut self, from: usize) -> bool {
        if from < self.unclosed_until {
            return false;
        }
        let rest = &self.bytes[from..];
        match rest.iter().position(|&c| c == b'}' || c == b'\n') {
            Some(p) if rest[p] == b'}' => true,
            end => {
                self.unclosed_until = from + end.unwrap_or(rest.len());
                false
            }
        }
    }

    /// The closing quote of a `"..."` string is at `q`.
    fn end_str(&mut self, mut st: StrState, q: usize) {
        if !st.interpolated {
            let text = std::mem::take(&mut st.buf);
            self.push_plain_str(text, st.quote, q + 1);
            return;
        }
        if !st.buf.is_empty() {
            let text = std::mem::take(&mut st.buf);
            self.push(Token::FStrText(text), st.text_start, q);
        }
        self.push(Token::FStrEnd, q, q + 1);
        if self.bytes.get(q + 1) == Some(&b'_') {
            let end = self.take_suffix(q + 1);
            self.error(q + 1, end, "a suffix cannot follow an interpolated string")
                .label = Some("remove this suffix or the interpolation".into());
            self.push(Token::Error, q + 1, end);
        }
    }

    /// A finished non-interpolated string ending at `end`; picks up a
    /// directly attached `_suffix`.
    fn push_plain_str(&mut self, text: String, start: usize, end: usize) {
        if self.bytes.get(end) == Some(&b'_') {
            let suffix_end = self.take_suffix(end);
            let suffix = Symbol::intern(&self.src[end..suffix_end]);
            self.push(Token::SuffixedStr(text, suffix), start, suffix_end);
        } else {
            self.push(Token::Str(text), start, end);
        }
    }

    /// Back in string text after an interpolation's closing `}` at `end - 1`.
    fn resume_str(&mut self, end: usize) {
        if let Some(Mode::Str(st)) = self.modes.last_mut() {
            st.text_start = end;
        }
    }

    /// A `:` at bracket depth 0 inside an interpolation (ending at `from`):
    /// the rest up to the matching `}` is the format spec.
    fn format_spec(&mut self, from: usize) {
        let b = self.bytes;
        let mut depth = 0usize;
        let mut i = from;
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                b'}' => {
                    let spec = self.src[from..i].to_string();
                    self.goto(i + 1);
                    self.modes.pop();
                    self.push(Token::InterpClose(Some(spec)), i, i + 1);
                    self.resume_str(i + 1);
                    return;
                }
                b'"' => break,
                _ => {}
            }
            i += 1;
        }
        if i >= b.len() {
            // Reported by `finish` as an unterminated `{`.
            self.goto(b.len());
            return;
        }
        // A `"` inside the spec: close the interpolation here and let the
        // quote end the string.
        let open = match self.modes.pop() {
            Some(Mode::Interp { open, .. }) => open,
            _ => from,
        };
        self.error(open, open + 1, "unterminated `{` in string")
            .label = Some("expected `}` to close this interpolation".into());
        let spec = self.src[from..i].to_string();
        self.goto(i);
        self.push(Token::InterpClose(Some(spec)), i, i);
        self.resume_str(i);
    }

    /// `"""..."""`: raw — no escapes, braces literal, no interpolation
    /// (docstrings quote code such as `xs.map(\\x: x)`); it ends at the
    /// first `"""`.
    fn triple_string(&mut self, start: usize, end: usize) {
        match self.src[end..].find("\"\"\"") {
            Some(p) => {
                let close = end + p;
                self.goto(close + 3);
                self.push_plain_str(self.src[end..close].to_string(), start, close + 3);
            }
            None => self.unterminated(start, end),
        }
    }

    /// `r"..."` (`close` = `"`, no escapes) or `'...'` (`close` = `'`, only `\'`).
    fn raw_string(&mut self, start: usize, end: usize, close: u8) {
        let b = self.bytes;
        let mut buf = String::new();
        let mut i = end;
        loop {
            let run = b[i..]
                .iter()
                .position(|&c| c == close || (close == b'\'' && c == b'\\'))
                .unwrap_or(b.len() - i);
            buf.push_str(&self.src[i..i + run]);
            i += run;
            if i >= b.len() {
                self.unterminated(start, end);
                return;
            }
            if b[i] == close {
                self.goto(i + 1);
                self.push_plain_str(buf, start, i + 1);
                return;
            }
            // A `\` in a '...' string: only `\'` is special.
            if b.get(i + 1) == Some(&b'\'') {
                buf.push('\'');
                i += 2;
            } else {
                buf.push('\\');
                i += 1;
            }
        }
    }

    /// A string that runs to the end of input: one diagnostic at its opening
    /// quote(s), one `Error` token covering it.
    fn unterminated(&mut self, start: usize, open_end: usize) {
        let len = self.bytes.len();
        self.goto(len);
        self.open_at_end = Some(OpenAtEnd::String);
        self.error(start, open_end, "unterminated string").label =
            Some("this string is never closed".into());
        self.push(Token::Error, start, len);
    }
}

fn parse_float(digits: &str) -> f64 {
    let parsed = if digits.contains('_') {
        digits.replace('_', "").parse::<f64>()
    } else {
        digits.parse::<f64>()
    };
    // The regexes only match valid float syntax.
    parsed.unwrap_or(f64::NAN)
}

/// `5_km`: digits ending in `_`, then a suffix starting with a letter that
/// is not a number type (`5_i64` stays an `i64` literal).
fn is_unit_suffix(digits: &str, suffix: &str) -> bool {
    const TYPES: [&str; 10] = [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
    ];
    digits.ends_with('_')
        && suffix.starts_with(|c: char| c.is_ascii_alphabetic())
        && !TYPES.contains(&suffix)
}
