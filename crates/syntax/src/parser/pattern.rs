//! Patterns: `match` arms, `for` targets, `val (a, b) = ...`, `if val P = e`.

use chumsky::prelude::*;

use super::errors::{Label, tok};

use super::errors::skip_line;
use super::expr::terminator;
use super::{Extra, Grammar, In, P};
use crate::ast::{Expr, ExprKind, MatchArm, MatchExpr, Pattern, PatternKind, VariantArg};
use crate::span::Span;
use crate::symbol::{Symbol, known};
use crate::token::Token;

/// A literal inside a pattern, before range detection.
#[derive(Clone)]
enum Lit {
    Int(i64),
    Float(f64),
}

/// A full pattern, with or-alternatives (`1 | 2`).
pub(super) fn pattern<'t>() -> P<'t, Pattern> {
    recursive(
        |pat: Recursive<chumsky::recursive::Direct<'t, 't, In<'t>, Pattern, Extra<'t>>>| {
            let underscore = Symbol::intern("_");
            let name = select_ref! { Token::Ident(s) => *s }.labelled(Label::Name);

            // Numbers, possibly negative, possibly the start of a range.
            let number = tok(Token::Minus)
                .or_not()
                .then(select_ref! {
                    Token::Int(v) => Lit::Int(*v),
                    Token::Float(v) => Lit::Float(*v),
                })
                .map(|(neg, lit)| match (neg.is_some(), lit) {
                    (false, l) => l,
                    (true, Lit::Int(v)) => Lit::Int(v.wrapping_neg()),
                    (true, Lit::Float(v)) => Lit::Float(-v),
                });
            let range_op = select_ref! {
                Token::DotDot => false,
                Token::DotDotEq => true,
            };
            let number_pat = number.clone().then(range_op.then(number).or_not()).try_map(
                |(lo, range), span: Span| match (lo, range) {
                    (Lit::Int(v), None) => Ok(PatternKind::Int(v)),
                    (Lit::Float(v), None) => Ok(PatternKind::Float(v)),
                    (Lit::Int(start), Some((inclusive, Lit::Int(end)))) => Ok(PatternKind::Range {
                        start,
                        end,
                        inclusive,
                    }),
                    _ => Err(super::errors::custom(
                        span,
                        "range patterns need integer bounds",
                        "not an integer range",
                    )),
                },
            );

            let literal = select_ref! {
                Token::Str(s) => PatternKind::Str(s.clone()),
                Token::True => PatternKind::Bool(true),
                Token::False => PatternKind::Bool(false),
                Token::Nil => PatternKind::Nil,
            };

            // `(p)`, `(a, b)`, `(a,)`, `()`
            let tuple = tok(Token::LParen)
                .ignore_then(
                    pat.clone()
                        .separated_by(tok(Token::Comma))
                        .collect::<Vec<_>>()
                        .then(tok(Token::Comma).or_not()),
                )
                .then_ignore(tok(Token::RParen))
                .map(|(mut items, trailing)| {
                    if items.len() == 1 && trailing.is_none() {
                        items.pop().unwrap().kind
                    } else {
                        PatternKind::Tuple(items)
                    }
                });

            // `[a, b]`, `[first, ..rest]`, `[.., last]`
            let rest = select_ref! { Token::DotDot => () }
                .ignore_then(name.or_not())
                .map_with(|n, e| Pattern {
                    kind: PatternKind::Rest(n),
                    span: e.span(),
                });
            let array = rest
                .or(pat.clone())
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(tok(Token::LBracket), tok(Token::RBracket))
                .map(PatternKind::Array);

            // Paths and variants: `x`, `_`, `None`, `Shape.Circle(r)`,
            // `Shape::Circle(r)`, `Rect(w: a, h: b)`, `StageMode::Mmap`.
            let arg = name
                .then_ignore(tok(Token::Colon))
                .or_not()
                .then(pat.clone())
                .map(|(name, pattern)| VariantArg { name, pattern });
            let args = arg
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(tok(Token::LParen), tok(Token::RParen));
            let path = name
                .separated_by(select_ref! { Token::Dot => (), Token::ColonColon => () })
                .at_least(1)
                .collect::<Vec<Symbol>>();
            let variant =
                path.then(args.or_not())
                    .map(move |(path, args)| match (path.as_slice(), args) {
                        ([one], None) if *one == underscore => PatternKind::Wildcard,
                        ([one], None) if *one == known::NONE => {
                            PatternKind::Variant { path, args: None }
                        }
                        ([one], None) => PatternKind::Bind(*one),
                        (_, args) => PatternKind::Variant { path, args },
                    });

            let primary = choice((number_pat, literal, variant, array, tuple))
                .map_with(|kind, e| Pattern {
                    kind,
                    span: e.span(),
                })
                .labelled(Label::Pattern);

            primary
                .clone()
                .separated_by(tok(Token::Pipe))
                .at_least(1)
                .collect::<Vec<_>>()
                .map_with(|mut alts, e| {
                    if alts.len() == 1 {
                        alts.pop().unwrap()
                    } else {
                        Pattern {
                            kind: PatternKind::Or(alts),
                            span: e.span(),
                        }
                    }
                })
        },
    )
    .boxed()
}

/// The target of `for`: a pattern, or a bare comma list `a, b` (a tuple).
pub(super) fn for_target<'t>(
    pattern: P<'t, Pattern>,
) -> impl Parser<'t, In<'t>, Pattern, Extra<'t>> + Clone {
    pattern
        .separated_by(tok(Token::Comma))
        .at_least(1)
        .collect::<Vec<_>>()
        .map_with(|mut items, e| {
            if items.len() == 1 {
                items.pop().unwrap()
            } else {
                Pattern {
                    kind: PatternKind::Tuple(items),
                    span: e.span(),
                }
            }
        })
}

/// `match e:` and an indented list of arms, each `case P [if G]: body`,
/// `P [if G]: body` or `P [if G] => body`.
pub(super) fn match_expr<'t>(g: &Grammar<'t>) -> P<'t, Expr> {
    let arm = tok(Token::Case)
        .or_not()
        .ignore_then(g.pattern.clone())
        .then(tok(Token::If).ignore_then(g.expr.clone()).or_not())
        .then(
            select_ref! { Token::Colon => (), Token::FatArrow => () }
                .labelled(Label::ColonAfterPattern)
                .ignore_then(g.block_body.clone())
                .or(super::stmt::block(g, Label::ColonAfterPattern)),
        )
        .map_with(|((pattern, guard), body), e| MatchArm {
            pattern,
            guard,
            body,
            span: e.span(),
        });
    let arm_line = choice((
        tok(Token::Newline).to(None),
        arm.then_ignore(terminator())
            .map(Some)
            .recover_with(via_parser(skip_line().to(None))),
    ));
    tok(Token::Match)
        .ignore_then(g.expr.clone())
        .then_ignore(tok(Token::Colon).labelled(Label::ColonAfterSubject))
        .then_ignore(tok(Token::Newline).labelled(Label::EndOfLine))
        .then_ignore(tok(Token::Indent).labelled(Label::CaseArms))
        .then(arm_line.repeated().collect::<Vec<_>>())
        .then_ignore(tok(Token::Dedent).labelled(Label::CaseArm))
        .map_with(|(scrutinee, arms), e| Expr {
            kind: ExprKind::Match(Box::new(MatchExpr {
                scrutinee,
                arms: arms.into_iter().flatten().collect(),
            })),
            span: e.span(),
        })
        .boxed()
}
