//! Error recovery parsers and the conversion of chumsky's [`Rich`] errors
//! into [`Diagnostic`]s.

use chumsky::error::{RichPattern, RichReason};
use chumsky::prelude::*;

use super::{Err, Extra, In};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::token::Token;

/// The label of operator continuations; dropped from "expected" lists when
/// something more specific is expected at the same place.
pub(super) const OPERATOR: &str = "an operator";

/// Separates message and underline label in `Rich::custom` texts.
pub(super) const LABEL_SEP: char = '\u{1}';

/// A custom error with a message and a label under the span.
pub(super) fn custom<'t>(span: Span, message: &str, label: &str) -> Err<'t> {
    Rich::custom(span, format!("{message}{LABEL_SEP}{label}"))
}

/// Skips a balanced `Indent ... Dedent` block (with nested blocks).
pub(super) fn skip_block<'t>() -> impl Parser<'t, In<'t>, (), Extra<'t>> + Clone {
    recursive(|block| {
        just(Token::Indent)
            .ignore_then(
                block
                    .or(none_of([Token::Indent, Token::Dedent]).ignored())
                    .repeated(),
            )
            .then_ignore(just(Token::Dedent))
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
        .then_ignore(just(Token::Newline))
        .then_ignore(block.then_ignore(just(Token::Newline).or_not()).or_not())
}

/// Describes the token found where an error happened.
fn describe_found(tok: Option<&Token>) -> String {
    match tok {
        None => "end of input".into(),
        Some(Token::Ident(name)) => format!("name `{name}`"),
        Some(Token::Int(v)) => format!("integer `{v}`"),
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

fn describe_expected(p: &RichPattern<'_, Token>) -> Option<String> {
    Some(match p {
        RichPattern::Token(t) => match &**t {
            Token::Newline => "end of line".into(),
            Token::Indent => "an indented block".into(),
            Token::Ident(_) => "a name".into(),
            t => t.describe(),
        },
        RichPattern::Label(l) => l.to_string(),
        RichPattern::Identifier(s) => format!("`{s}`"),
        RichPattern::EndOfInput => "end of input".into(),
        RichPattern::Any => "more input".into(),
        RichPattern::SomethingElse => return None,
        _ => return None,
    })
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
    errs: Vec<Err<'_>>,
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
        let span = *err.span();
        let diag = match err.reason() {
            RichReason::Custom(msg) => match msg.split_once(LABEL_SEP) {
                Some((msg, label)) => Diagnostic::error(span, msg).with_label(label),
                None => Diagnostic::error(span, msg.clone()),
            },
            RichReason::ExpectedFound { expected, found } => {
                let found = found.as_deref();
                if matches!(found, Some(Token::Error)) {
                    continue;
                }
                let mut items: Vec<String> = Vec::new();
                for e in expected {
                    if let Some(d) = describe_expected(e)
                        && !items.contains(&d)
                    {
                        items.push(d);
                    }
                }
                if items.len() > 1 {
                    items.retain(|i| i != OPERATOR);
                }
                if items.len() > 1 {
                    items.retain(|i| i != "end of line");
                }
                items.sort_by_key(|i| i.starts_with('`'));
                if items.len() > 5 {
                    items.truncate(5);
                }
                let expected = join_or(&items);
                let message = match found {
                    Some(t)
                        if is_keyword(t)
                            && items.iter().any(|i| {
                                i.starts_with("a name") || i.ends_with(" name") || i == "a pattern"
                            }) =>
                    {
                        format!("`{t}` is a keyword and cannot be used as a name")
                    }
                    Some(Token::Indent) => "unexpected indent".to_string(),
                    Some(Token::DotDot | Token::DotDotEq)
                        if items.iter().any(|i| i == OPERATOR) =>
                    {
                        let d = Diagnostic::error(span, "ranges cannot be chained")
                            .with_label("put parentheses around one of the ranges");
                        out.push(d);
                        continue;
                    }
                    _ => format!("unexpected {}, expected {expected}", describe_found(found)),
                };
                Diagnostic::error(span, message).with_label(format!("expected {expected}"))
            }
        };
        if out.iter().any(|d| d.span == diag.span) {
            continue;
        }
        if earlier.iter().any(|d| same_place(d.span, diag.span)) {
            continue;
        }
        // After a bracket the layout pass found unclosed, the rest of the
        // file is one logical line: every parser error there is a
        // consequence of that one mistake.
        if earlier
            .iter()
            .any(|d| d.message.starts_with("unclosed `") && d.span.start <= diag.span.start)
            || shadows
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
