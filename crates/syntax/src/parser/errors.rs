//! The parser's error type, error recovery parsers, and the conversion of
//! errors into [`Diagnostic`]s.
//!
//! chumsky records an "expected" set at every failed alternative, so the
//! error type sits on the hot path of every successful parse too. [`PErr`]
//! therefore keeps expected tokens as a bitset of token kinds and labels in
//! a small fixed array: merging is a few word operations, with no
//! allocation (chumsky's `Rich` allocated and deduplicated vectors, which
//! was most of the parse time).

use chumsky::DefaultExpected;
use chumsky::error::{Error, LabelError};
use chumsky::prelude::*;
use chumsky::util::MaybeRef;

use super::kinds::{KINDS, kind, representative};
use super::{Extra, In};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::token::Token;

macro_rules! labels {
    ($($name:ident = $text:literal,)*) => {
        /// What the parser expected, named for messages (`.labelled(..)`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(super) enum Label {
            $($name,)*
        }

        impl Label {
            const ALL: &[Label] = &[$(Label::$name,)*];

            pub(super) fn text(self) -> &'static str {
                match self {
                    $(Label::$name => $text,)*
                }
            }
        }
    };
}

labels! {
    Expr = "an expression",
    Name = "a name",
    Operator = "an operator",
    Stmt = "a statement",
    Decl = "a declaration",
    EndOfLine = "end of line",
    IndentedBlock = "an indented block",
    CaseArms = "an indented list of `case` arms",
    CaseArm = "a `case` arm",
    FieldName = "a field name",
    FnName = "a function name",
    ModulePath = "a module path",
    ParamName = "a parameter name",
    Pattern = "a pattern",
    TypeName = "a type name",
    Type = "a type",
    TypeParam = "a type parameter",
    VariantName = "a variant name",
    ColonAfterCond = "`:` after the condition",
    ColonAfterElse = "`:` after `else`",
    ColonAfterLambdaParams = "`:` after the lambda parameters",
    ColonAfterSubject = "`:` after the match subject",
    ColonAfterPattern = "`:` after the pattern",
    ColonFnBody = "`:` and the function body",
    ColonLambdaBody = "`:` before the lambda body",
    ColonAfterLoopHeader = "`:` after the loop header",
    ColonAfterLoop = "`:` after `loop`",
    ColonTypeBody = "`:` and the body",
    KwIn = "`in`",
    MoreInput = "more input",
    EndOfInput = "end of input",
}

/// The token found where an error happened.
#[derive(Clone, Copy, Debug)]
enum Found<'t> {
    EndOfInput,
    Token(&'t Token),
    /// A token chumsky handed over by value (only its kind is kept).
    Kind(u8),
}

/// A parse error: where, what was found, what was expected (token kinds
/// and labels as bitsets), or a custom message. Small and `Copy`-cheap to
/// move, since chumsky moves it on every failed alternative.
#[derive(Clone, Debug)]
pub struct PErr<'t> {
    span: Span,
    found: Found<'t>,
    tokens: [u64; 2],
    labels: u64,
    /// Boxed so that the common (no message) error stays small.
    #[allow(clippy::box_collection)]
    custom: Option<Box<String>>,
}

impl<'t> PErr<'t> {
    fn new(span: Span, found: Option<MaybeRef<'t, Token>>) -> PErr<'t> {
        let found = match found {
            None => Found::EndOfInput,
            Some(MaybeRef::Ref(t)) => Found::Token(t),
            Some(MaybeRef::Val(t)) => Found::Kind(kind(&t)),
        };
        PErr {
            span,
            found,
            tokens: [0; 2],
            labels: 0,
            custom: None,
        }
    }

    /// An error with its own message (no expected set).
    pub(super) fn custom(span: Span, message: impl Into<String>) -> PErr<'t> {
        let mut e = PErr::new(span, None);
        e.custom = Some(Box::new(message.into()));
        e
    }

    /// An error at `span` (the `found` token) expecting labels and tokens.
    pub(super) fn expecting(
        span: Span,
        found: Option<&'t Token>,
        labels: &[Label],
        tokens: &[Token],
    ) -> PErr<'t> {
        let mut e = PErr::new(span, found.map(MaybeRef::Ref));
        for l in labels {
            e.labels |= 1 << *l as u8;
        }
        for t in tokens {
            e.add_token(kind(t));
        }
        e
    }

    fn add_token(&mut self, k: u8) {
        self.tokens[(k >> 6) as usize] |= 1 << (k & 63);
    }

    fn has_token(&self, k: u8) -> bool {
        self.tokens[(k >> 6) as usize] & (1 << (k & 63)) != 0
    }

    fn add_expected(&mut self, e: DefaultExpected<'t, Token>) {
        match e {
            DefaultExpected::Token(t) => self.add_token(kind(&t)),
            DefaultExpected::EndOfInput => self.labels |= 1 << Label::EndOfInput as u8,
            DefaultExpected::Any => self.labels |= 1 << Label::MoreInput as u8,
            _ => {}
        }
    }
}

impl<'t> LabelError<'t, In<'t>, DefaultExpected<'t, Token>> for PErr<'t> {
    #[inline]
    fn expected_found<E: IntoIterator<Item = DefaultExpected<'t, Token>>>(
        expected: E,
        found: Option<MaybeRef<'t, Token>>,
        span: Span,
    ) -> Self {
        let mut e = PErr::new(span, found);
        for x in expected {
            e.add_expected(x);
        }
        e
    }

    #[inline]
    fn merge_expected_found<E: IntoIterator<Item = DefaultExpected<'t, Token>>>(
        mut self,
        expected: E,
        _found: Option<MaybeRef<'t, Token>>,
        _span: Span,
    ) -> Self {
        if self.custom.is_none() {
            for x in expected {
                self.add_expected(x);
            }
        }
        self
    }

    #[inline]
    fn replace_expected_found<E: IntoIterator<Item = DefaultExpected<'t, Token>>>(
        self,
        expected: E,
        found: Option<MaybeRef<'t, Token>>,
        span: Span,
    ) -> Self {
        LabelError::<In<'t>, DefaultExpected<'t, Token>>::expected_found(expected, found, span)
    }

    fn label_with(&mut self, label: DefaultExpected<'t, Token>) {
        self.tokens = [0; 2];
        self.labels = 0;
        self.add_expected(label);
    }
}

impl<'t> LabelError<'t, In<'t>, Label> for PErr<'t> {
    fn expected_found<E: IntoIterator<Item = Label>>(
        expected: E,
        found: Option<MaybeRef<'t, Token>>,
        span: Span,
    ) -> Self {
        let mut e = PErr::new(span, found);
        for l in expected {
            e.labels |= 1 << l as u8;
        }
        e
    }

    #[inline]
    fn label_with(&mut self, label: Label) {
        if self.custom.is_none() {
            self.tokens = [0; 2];
            self.labels = 1 << label as u8;
        }
    }
}

impl<'t> Error<'t, In<'t>> for PErr<'t> {
    #[inline]
    fn merge(mut self, other: Self) -> Self {
        match (&self.custom, &other.custom) {
            (Some(_), _) => self,
            (None, Some(_)) => other,
            (None, None) => {
                self.tokens[0] |= other.tokens[0];
                self.tokens[1] |= other.tokens[1];
                self.labels |= other.labels;
                self
            }
        }
    }
}

/// Tokens that continue an expression (binary and postfix operators): in
/// an "expected" list they are summed up as "an operator", and dropped when
/// something more specific is expected at the same place.
const OPERATOR_TOKENS: &[Token] = &[
    Token::Plus,
    Token::Minus,
    Token::Star,
    Token::Slash,
    Token::Percent,
    Token::StarStar,
    Token::EqEq,
    Token::NotEq,
    Token::Lt,
    Token::LtEq,
    Token::Gt,
    Token::GtEq,
    Token::Amp,
    Token::Pipe,
    Token::Caret,
    Token::Shl,
    Token::Shr,
    Token::AmpAmp,
    Token::PipePipe,
    Token::QuestionQuestion,
    Token::Question,
    Token::DotQuestion,
    Token::QuestionDot,
    Token::Dot,
    Token::DotDot,
    Token::DotDotEq,
    Token::ColonColon,
    Token::LParen,
    Token::LBracket,
    Token::As,
    Token::Is,
    Token::Not,
    Token::In,
    Token::And,
    Token::Or,
    Token::Xor,
    Token::Assign,
    Token::PlusAssign,
    Token::MinusAssign,
    Token::StarAssign,
    Token::SlashAssign,
    Token::PercentAssign,
];

/// Tokens that start an expression: when most of them are expected, the
/// list reads "an expression".
const EXPR_START_TOKENS: &[Token] = &[
    Token::Ident(crate::symbol::Symbol(0)),
    Token::Int(0),
    Token::Float(0.0),
    Token::Str(String::new()),
    Token::SuffixedStr(String::new(), crate::symbol::Symbol(0)),
    Token::FStrStart,
    Token::True,
    Token::False,
    Token::Nil,
    Token::LParen,
    Token::LBracket,
    Token::LBrace,
    Token::Backslash,
    Token::Fn,
    Token::If,
    Token::Match,
    Token::Minus,
    Token::Tilde,
    Token::Bang,
    Token::Await,
    Token::Not,
];

/// Separates message and underline label in `Rich::custom` texts.
pub(super) const LABEL_SEP: char = '\u{1}';

/// A custom error with a message and a label under the span.
pub(super) fn custom<'t>(span: Span, message: &str, label: &str) -> PErr<'t> {
    PErr::custom(span, format!("{message}{LABEL_SEP}{label}"))
}

/// Skips a balanced `Indent ... Dedent` block (with nested blocks).
pub(super) fn skip_block<'t>() -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    recursive(|block| {
        tok(Token::Indent)
            .ignore_then(
                block
                    .or(none_of([Token::Indent, Token::Dedent]).ignored())
                    .repeated(),
            )
            .then_ignore(tok(Token::Dedent))
    })
}

/// Statement-level recovery: skips the rest of the logical line (balanced
/// blocks inside brackets included), its `Newline`, and an indented block
/// that follows it.
pub(super) fn skip_line<'t>() -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    let block = skip_block();
    block
        .clone()
        .or(none_of([Token::Newline, Token::Indent, Token::Dedent]).ignored())
        .repeated()
        .then_ignore(tok(Token::Newline))
        .then_ignore(block.then_ignore(tok(Token::Newline).or_not()).or_not())
}

/// Describes the token found where an error happened.
fn describe_found(tok: Option<&Token>) -> String {
    match tok {
        None => "end of input".into(),
        Some(Token::Ident(name)) => format!("name `{name}`"),
        Some(Token::Int(v)) => format!("integer `{v}`"),
        Some(Token::UInt(v)) => format!("integer `{v}`"),
        Some(Token::Float(v)) => format!("float `{v:?}`"),
        Some(Token::Newline) | Some(Token::LineBreak) => "end of line".into(),
        Some(Token::Indent) => "indented block".into(),
        Some(Token::Dedent) => "end of block".into(),
        Some(t) if is_keyword(t) => format!("keyword `{t}`"),
        Some(t) => t.describe(),
    }
}

pub(super) fn is_keyword(t: &Token) -> bool {
    let s = t.to_string();
    !matches!(t, Token::Ident(_)) && s.chars().all(|c| c.is_ascii_alphabetic()) && !s.is_empty()
}

/// The expected set as phrases (labels first, then tokens), and whether
/// operator continuations were among them.
fn describe_expected(e: &PErr<'_>) -> (Vec<String>, bool) {
    let mut tokens = e.tokens;
    let mut labels = e.labels;
    let take = |tokens: &mut [u64; 2], t: &Token| {
        let k = kind(t);
        let bit = 1u64 << (k & 63);
        let had = tokens[(k >> 6) as usize] & bit != 0;
        tokens[(k >> 6) as usize] &= !bit;
        had
    };
    if e.has_token(kind(&Token::Ident(crate::symbol::Symbol(0))))
        && e.has_token(kind(&Token::Int(0)))
    {
        for t in EXPR_START_TOKENS {
            take(&mut tokens, t);
        }
        labels |= 1 << Label::Expr as u8;
    }
    // A name is an expression: "an expression or a name" says it twice.
    if labels & (1 << Label::Expr as u8) != 0 {
        labels &= !(1 << Label::Name as u8);
    }
    let mut operators = labels & (1 << Label::Operator as u8) != 0;
    labels &= !(1 << Label::Operator as u8);
    for t in OPERATOR_TOKENS {
        operators |= take(&mut tokens, t);
    }
    let mut items: Vec<String> = Vec::new();
    for l in Label::ALL {
        if labels & (1 << *l as u8) != 0 {
            items.push(l.text().to_string());
        }
    }
    for k in 0..KINDS {
        if tokens[(k >> 6) as usize] & (1 << (k & 63)) != 0
            && let Some(t) = representative(k)
        {
            let d = match t {
                Token::Newline => "end of line".into(),
                Token::Indent => "an indented block".into(),
                Token::Ident(_) => "a name".into(),
                t => t.describe(),
            };
            if !items.contains(&d) {
                items.push(d);
            }
        }
    }
    if items.is_empty() && operators {
        items.push(Label::Operator.text().to_string());
    }
    // `else` may end a binding (`val P = e else: ...`) but is rarely what the
    // writer missed: where the line could also end, say only that.
    if items.iter().any(|i| i == "end of line") {
        let else_ = Token::Else.describe();
        items.retain(|i| *i != else_);
    }
    if items.len() > 1 {
        items.retain(|i| i != "end of line");
    }
    (items, operators)
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => "something else".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Converts chumsky's errors into diagnostics: readable messages, spans at
/// the offending token, no errors at tokens the lexer already reported, no
/// two errors at the same place.
pub(super) fn convert(
    errs: Vec<PErr<'_>>,
    earlier: &[Diagnostic],
    tokens: &[super::Spanned],
) -> Vec<Diagnostic> {
    // A bracket the layout pass found unmatched was dropped, which can join
    // its line with the next (`val b = )` ends in `=`): errors up to the end
    // of that logical line are consequences of the one mistake.
    let shadows: Vec<(u32, u32)> = earlier
        .iter()
        .filter(|d| d.message.starts_with("unmatched `"))
        .map(|d| {
            let end = tokens
                .iter()
                .find(|(t, s)| *t == Token::Newline && s.start >= d.span.end)
                .map_or(u32::MAX, |(_, s)| s.end);
            (d.span.start, end)
        })
        .collect();
    let mut out: Vec<Diagnostic> = Vec::new();
    for err in errs {
        let span = err.span;
        let diag = if let Some(msg) = &err.custom {
            match msg.split_once(LABEL_SEP) {
                Some((msg, label)) => Diagnostic::error(span, msg).with_label(label),
                None => Diagnostic::error(span, msg.to_string()),
            }
        } else {
            let found = match err.found {
                Found::EndOfInput => None,
                Found::Token(t) => Some(t.clone()),
                Found::Kind(k) => representative(k),
            };
            let found = found.as_ref();
            if matches!(found, Some(Token::Error)) {
                continue;
            }
            let (mut items, operators) = describe_expected(&err);
            items.truncate(5);
            let expected = join_or(&items);
            let names_expected = items
                .iter()
                .any(|i| i.starts_with("a name") || i.ends_with(" name") || i == "a pattern");
            let (message, label) = match found {
                Some(t) if is_keyword(t) && names_expected => (
                    format!("`{t}` is a keyword and cannot be used as a name"),
                    format!("expected {expected}"),
                ),
                Some(Token::Indent) => (
                    "unexpected indent".to_string(),
                    format!("expected {expected}"),
                ),
                Some(Token::DotDot | Token::DotDotEq) if operators => (
                    "ranges cannot be chained".to_string(),
                    "put parentheses around one of the ranges".to_string(),
                ),
                _ => (
                    format!("unexpected {}, expected {expected}", describe_found(found)),
                    format!("expected {expected}"),
                ),
            };
            Diagnostic::error(span, message).with_label(label)
        };
        if out.iter().any(|d| d.span == diag.span) {
            continue;
        }
        if earlier.iter().any(|d| same_place(d.span, diag.span)) {
            continue;
        }
        // After a bracket the layout pass found unclosed, the rest of the
        // file (or, when the layout pass closed it at a declaration, the
        // text up to that declaration) is one logical line: every parser
        // error there is a consequence of that one mistake.
        if earlier.iter().any(|d| {
            let until = d.secondary.first().map_or(u32::MAX, |(s, _)| s.start);
            d.message.starts_with("unclosed `")
                && d.span.start <= diag.span.start
                && diag.span.start < until
        }) || shadows
            .iter()
            .any(|&(a, b)| a <= diag.span.start && diag.span.start <= b)
        {
            continue;
        }
        out.push(diag);
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

fn same_place(a: Span, b: Span) -> bool {
    a.start == b.start || (b.start >= a.start && b.end <= a.end && !a.is_empty())
}

/// A contextual keyword: the name `w`, which is an ordinary name elsewhere
/// (`type`, `alias`, `unit`, `module`, `invariant`, ...).
pub(super) fn word<'t>(w: &'static str) -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    select_ref! { Token::Ident(s) if s.as_str() == w => () }
}

/// One token of a given kind (a cheaper `just`): on failure it records the
/// expected kind in the error's bitset instead of cloning the token.
pub(super) fn tok<'t>(t: Token) -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    let k = kind(&t);
    chumsky::primitive::custom(
        move |inp: &mut chumsky::input::InputRef<'t, '_, In<'t>, Extra<'t>>| {
            let before = inp.cursor();
            let found = inp.next_ref();
            match found {
                Some(f) if kind(f) == k => Ok(()),
                _ => {
                    let span: Span = inp.span_since(&before);
                    let mut e = PErr::new(span, found.map(MaybeRef::Ref));
                    e.add_token(k);
                    Err(e)
                }
            }
        },
    )
}
