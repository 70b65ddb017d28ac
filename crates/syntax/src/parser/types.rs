//! Type expressions (parsed, not checked) and generic parameter lists.
//!
//! Written by hand inside a chumsky `custom` parser because a generic list
//! may be closed by half of a `>>` token (`Result<Array<T>, E>>`), which a
//! token-level combinator cannot split.

use chumsky::input::InputRef;
use chumsky::prelude::*;

use super::errors::Label;

use super::{Err, Extra, In, P};
use crate::ast::{TypeExpr, TypeKind};
use crate::span::Span;
use crate::symbol::Symbol;
use crate::token::Token;

type Ref<'t, 'p> = InputRef<'t, 'p, In<'t>, Extra<'t>>;

/// A type expression.
pub(super) fn type_expr<'t>() -> P<'t, TypeExpr> {
    custom(|inp: &mut Ref<'t, '_>| {
        let mut pending = 0u32;
        let ty = parse_type(inp, &mut pending, 0)?;
        if pending > 0 {
            // A `>>` closed more lists than were open.
            return Err(super::errors::custom(
                ty.span,
                "unexpected `>`",
                "no generic list is open",
            ));
        }
        Ok(ty)
    })
    .labelled(Label::Type)
    .boxed()
}

/// Generic parameters `<T, U: Bound + Other>`: the names (bounds are
/// parsed and dropped). Accepts the empty input (no list).
pub(super) fn generics<'t>() -> P<'t, Vec<Symbol>> {
    custom(|inp: &mut Ref<'t, '_>| {
        let mut names = Vec::new();
        if !matches!(inp.peek_ref(), Some(Token::Lt)) {
            return Ok(names);
        }
        inp.skip();
        let mut pending = 0u32;
        loop {
            match inp.peek_ref() {
                Some(Token::Gt) => {
                    inp.skip();
                    break;
                }
                Some(Token::Ident(name)) => {
                    names.push(*name);
                    inp.skip();
                }
                // `const N: i64`: a const generic, read as a parameter name.
                Some(Token::Const) => {
                    inp.skip();
                    match inp.peek_ref() {
                        Some(Token::Ident(name)) => {
                            names.push(*name);
                            inp.skip();
                        }
                        _ => return Err(unexpected(inp, &[Label::TypeParam], &[])),
                    }
                }
                _ => return Err(unexpected(inp, &[Label::TypeParam], &[])),
            }
            if matches!(inp.peek_ref(), Some(Token::Colon)) {
                inp.skip();
                parse_type(inp, &mut pending, 0)?;
                while matches!(inp.peek_ref(), Some(Token::Plus)) {
                    inp.skip();
                    parse_type(inp, &mut pending, 0)?;
                }
            }
            if pending > 0 {
                break;
            }
            match inp.peek_ref() {
                Some(Token::Comma) => inp.skip(),
                Some(Token::Gt) => {
                    inp.skip();
                    break;
                }
                _ => return Err(unexpected(inp, &[], &[Token::Comma, Token::Gt])),
            }
        }
        Ok(names)
    })
    .boxed()
}

/// An error at the next token.
fn unexpected<'t>(inp: &mut Ref<'t, '_>, labels: &[Label], tokens: &[Token]) -> Err<'t> {
    let before = inp.cursor();
    let found = inp.next_ref();
    let span: Span = inp.span_since(&before);
    Err::expecting(span, found, labels, tokens)
}

fn next_span<'t>(inp: &mut Ref<'t, '_>) -> Span {
    let before = inp.cursor();
    inp.skip();
    inp.span_since(&before)
}

/// Parses one type. `pending` counts `>` already consumed as half of a
/// `>>` that the caller's generic list must treat as its own close;
/// `depth` is how many types enclose this one (bounded, as this parser
/// recurses: `A<A<A<...>>>`, `fn() -> fn() -> ...`).
fn parse_type<'t>(
    inp: &mut Ref<'t, '_>,
    pending: &mut u32,
    depth: usize,
) -> Result<TypeExpr, Err<'t>> {
    let start = inp.cursor();
    if depth >= super::MAX_DEPTH {
        let span = next_span(inp);
        return Err(super::errors::custom(
            span,
            &format!(
                "type too deeply nested (more than {} levels)",
                super::MAX_DEPTH
            ),
            "name the inner type with `type Name = ...`",
        ));
    }
    let depth = depth + 1;
    let kind = match inp.peek_ref() {
        Some(Token::Ident(first)) => {
            let mut first = *first;
            inp.skip();
            // `dyn Trait`: a trait object type; types are not checked, so
            // it reads as the trait's name.
            if first.as_str() == "dyn"
                && let Some(Token::Ident(name)) = inp.peek_ref()
            {
                first = *name;
                inp.skip();
            }
            let mut path = vec![first];
            while matches!(inp.peek_ref(), Some(Token::Dot) | Some(Token::ColonColon)) {
                let save = inp.save();
                inp.skip();
                match inp.peek_ref() {
                    Some(Token::Ident(seg)) => {
                        path.push(*seg);
                        inp.skip();
                    }
                    _ => {
                        inp.rewind(save);
                        break;
                    }
                }
            }
            let mut args = Vec::new();
            match inp.peek_ref() {
                Some(Token::Lt) => {
                    inp.skip();
                    args = type_list(inp, pending, Close::Angle, depth)?;
                }
                Some(Token::LBracket) => {
                    inp.skip();
                    args = type_list(inp, &mut 0, Close::Bracket, depth)?;
                }
                _ => {}
            }
            TypeKind::Named { path, args }
        }
        Some(Token::Fn) => {
            inp.skip();
            if !matches!(inp.peek_ref(), Some(Token::LParen)) {
                return Err(unexpected(inp, &[], &[Token::LParen]));
            }
            inp.skip();
            let params = type_list(inp, &mut 0, Close::Paren, depth)?;
            let ret = if matches!(inp.peek_ref(), Some(Token::Arrow)) {
                inp.skip();
                Some(Box::new(parse_type(inp, pending, depth)?))
            } else {
                None
            };
            TypeKind::Fn { params, ret }
        }
        Some(Token::LParen) => {
            inp.skip();
            let items = type_list(inp, &mut 0, Close::Paren, depth)?;
            TypeKind::Tuple(items)
        }
        Some(Token::LBracket) => {
            inp.skip();
            let elem = parse_type(inp, &mut 0, depth)?;
            // `[T; N]`: a fixed-size array type (the size is not checked).
            if matches!(inp.peek_ref(), Some(Token::Semicolon)) {
                inp.skip();
                match inp.peek_ref() {
                    Some(Token::Int(_) | Token::Ident(_)) => inp.skip(),
                    _ => return Err(unexpected(inp, &[Label::Type], &[])),
                }
            }
            expect(inp, Token::RBracket)?;
            TypeKind::Array(Box::new(elem))
        }
        Some(Token::LBrace) => {
            inp.skip();
            let key = parse_type(inp, &mut 0, depth)?;
            expect(inp, Token::Colon)?;
            let value = parse_type(inp, &mut 0, depth)?;
            expect(inp, Token::RBrace)?;
            TypeKind::Dict(Box::new(key), Box::new(value))
        }
        _ => return Err(unexpected(inp, &[Label::Type], &[])),
    };
    let mut ty = TypeExpr {
        kind,
        span: inp.span_since(&start),
    };
    // `T?` (not when a `>>` already closed an enclosing list).
    while *pending == 0 && matches!(inp.peek_ref(), Some(Token::Question)) {
        let q = next_span(inp);
        let span = ty.span.to(q);
        ty = TypeExpr {
            kind: TypeKind::Optional(Box::new(ty)),
            span,
        };
    }
    // `A | B`: a union type. Types are not checked, so it reads as its first
    // member. A `|` continues the type only before something that can only
    // be a type (a capitalised name, a primitive type's name, `nil`), so the
    // `|` closing a lambda's parameters (`|x: i64| x + 1`) is left alone.
    while *pending == 0 && matches!(inp.peek_ref(), Some(Token::Pipe)) {
        let save = inp.save();
        inp.skip();
        if !starts_union_member(inp) {
            inp.rewind(save);
            break;
        }
        if matches!(inp.peek_ref(), Some(Token::Nil)) {
            inp.skip();
        } else {
            parse_type(inp, pending, depth)?;
        }
        ty.span = inp.span_since(&start);
    }
    Ok(ty)
}

/// Whether the tokens after a `|` are a union's next member: a capitalised
/// name or a primitive type's name not followed by `(` or `.` (which would
/// make it a call or a path in a lambda body), or `nil`.
fn starts_union_member<'t>(inp: &mut Ref<'t, '_>) -> bool {
    let name = match inp.peek_ref() {
        Some(Token::Nil) => return true,
        Some(Token::Ident(name)) => *name,
        _ => return false,
    };
    let word = name.as_str();
    let typeish = word.starts_with(|c: char| c.is_ascii_uppercase())
        || matches!(
            word,
            "i8" | "i16"
                | "i32"
                | "i64"
                | "u8"
                | "u16"
                | "u32"
                | "u64"
                | "f32"
                | "f64"
                | "int"
                | "float"
                | "bool"
                | "text"
                | "str"
                | "bytes"
                | "any"
                | "char"
        );
    if !typeish {
        return false;
    }
    let save = inp.save();
    inp.skip();
    let next = inp.peek_ref().cloned();
    inp.rewind(save);
    !matches!(next, Some(Token::LParen) | Some(Token::Dot))
}

#[derive(Clone, Copy, PartialEq)]
enum Close {
    Angle,
    Bracket,
    Paren,
}

fn expect<'t>(inp: &mut Ref<'t, '_>, tok: Token) -> Result<(), Err<'t>> {
    if inp.peek_ref() == Some(&tok) {
        inp.skip();
        Ok(())
    } else {
        Err(unexpected(inp, &[], &[tok]))
    }
}

/// A comma-separated list of types up to and including the closer (the
/// opener is already consumed). For `<...>`, a `>>` closes this list and
/// leaves one `>` pending for the enclosing one.
fn type_list<'t>(
    inp: &mut Ref<'t, '_>,
    pending: &mut u32,
    close: Close,
    depth: usize,
) -> Result<Vec<TypeExpr>, Err<'t>> {
    let mut items = Vec::new();
    let closer = |t: Option<&Token>| match close {
        Close::Angle => matches!(t, Some(Token::Gt)),
        Close::Bracket => matches!(t, Some(Token::RBracket)),
        Close::Paren => matches!(t, Some(Token::RParen)),
    };
    loop {
        if closer(inp.peek_ref()) {
            inp.skip();
            return Ok(items);
        }
        if close == Close::Angle && matches!(inp.peek_ref(), Some(Token::Shr)) {
            inp.skip();
            *pending += 1;
            return Ok(items);
        }
        let mut inner = 0u32;
        items.push(parse_type(inp, &mut inner, depth)?);
        if inner > 0 {
            // The item's own list was closed by `>>`: that closes ours too.
            if close == Close::Angle {
                return Ok(items);
            }
            return Err(super::errors::custom(
                items.last().map(|t| t.span).unwrap_or_default(),
                "unexpected `>`",
                "no generic list is open",
            ));
        }
        match inp.peek_ref() {
            Some(Token::Comma) => inp.skip(),
            t if closer(t) => {}
            Some(Token::Shr) if close == Close::Angle => {}
            _ => {
                let closer = match close {
                    Close::Angle => Token::Gt,
                    Close::Bracket => Token::RBracket,
                    Close::Paren => Token::RParen,
                };
                return Err(unexpected(inp, &[], &[Token::Comma, closer]));
            }
        }
    }
}
