//! Two small declarations that start with a name: `module name:` blocks
//! (inline modules) and `unit` declarations, the suffixes of unit
//! literals (`5_km`).
//!
//! - `unit UserId: i64 as uid` — a standalone unit with suffix `uid`;
//! - `unit length(base: f64): m = 1.0, km = 1000.0` — a family, optionally
//!   followed by a `:` block of `allow` rules;
//! - `unit velocity = length / time` — a compound unit (no suffixes).

use chumsky::prelude::*;

use super::errors::{skip_block, tok, word};
use super::expr::name;
use super::{Grammar, P};
use crate::ast::StmtKind;
use crate::token::Token;

/// `module name:` and an indented block of statements.
pub(super) fn inline_module<'t>(g: &Grammar<'t>) -> P<'t, StmtKind> {
    word("module")
        .ignore_then(name())
        .then(super::stmt::block(g, super::errors::Label::Stmt))
        .map(|(name, body)| StmtKind::Module { name, body })
        .boxed()
}

pub(super) fn declaration<'t>(g: &Grammar<'t>) -> P<'t, StmtKind> {
    let standalone = tok(Token::Colon)
        .ignore_then(g.ty.clone())
        .ignore_then(tok(Token::As))
        .ignore_then(name())
        .map(|suffix| vec![suffix]);
    let member = name().then_ignore(tok(Token::Assign).ignore_then(g.expr.clone()).or_not());
    let family = super::decl::params(g)
        .ignore_then(tok(Token::Colon))
        .ignore_then(member.separated_by(tok(Token::Comma)).at_least(1).collect())
        // `:` and a block of `allow add(length) -> length` rules.
        .then_ignore(
            tok(Token::Colon)
                .ignore_then(tok(Token::Newline))
                .ignore_then(skip_block())
                .or_not(),
        );
    let compound = tok(Token::Assign)
        .ignore_then(g.expr.clone())
        .to(Vec::new());
    word("unit")
        .ignore_then(name())
        .then(choice((standalone, family, compound)))
        .map(|(name, suffixes)| StmtKind::Unit { name, suffixes })
        .boxed()
}
