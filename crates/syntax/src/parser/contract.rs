//! Contract clauses: `in:`, `out(ret):`, `out_err(e):` and `invariant:` at
//! the top of a function body, and `invariant:` in a type body. Each holds
//! conditions, one per line (or one on the clause's own line).

use chumsky::prelude::*;

use super::errors::{custom, tok, word};
use super::{Grammar, P};
use crate::ast::{ContractClause, ContractCond, ContractKind, Stmt, StmtKind};
use crate::token::Token;

/// A contract clause statement. `out` and `invariant` are names elsewhere;
/// only a name followed by `:` (or `out(name):`) starts a clause here.
pub(super) fn clause<'t>(g: &Grammar<'t>) -> P<'t, StmtKind> {
    let binding = super::expr::name()
        .delimited_by(tok(Token::LParen), tok(Token::RParen))
        .or_not();
    let kind = choice((
        tok(Token::In).to(ContractKind::Pre),
        word("out")
            .ignore_then(binding.clone())
            .map(ContractKind::Post),
        word("out_err")
            .ignore_then(binding)
            .map(ContractKind::PostErr),
        word("invariant").to(ContractKind::Invariant),
    ));
    let src = g.src;
    kind.then_ignore(tok(Token::Colon))
        .then(g.block_body.clone())
        .validate(move |(kind, body), _, emitter| {
            let conds = conditions(body, src, emitter);
            StmtKind::Contract(Box::new(ContractClause { kind, conds }))
        })
        .boxed()
}

/// `invariant:` in a type body: its conditions.
pub(super) fn type_invariant<'t>(g: &Grammar<'t>) -> P<'t, Vec<ContractCond>> {
    let src = g.src;
    word("invariant")
        .ignore_then(tok(Token::Colon))
        .ignore_then(g.block_body.clone())
        .validate(move |body, _, emitter| conditions(body, src, emitter))
        .boxed()
}

/// The conditions of a clause body: every line must be an expression.
fn conditions(
    body: Vec<Stmt>,
    src: &str,
    emitter: &mut chumsky::input::Emitter<super::Err<'_>>,
) -> Vec<ContractCond> {
    let mut conds = Vec::new();
    for stmt in body {
        let (expr, source) = match stmt.kind {
            StmtKind::Expr(e) => {
                let source = src.get(e.span.range()).unwrap_or("").to_string();
                (e, source)
            }
            StmtKind::Expect { cond, source } => (cond, source),
            StmtKind::Error => continue,
            _ => {
                emitter.emit(custom(
                    stmt.span,
                    "a contract holds conditions, one per line",
                    "this is not an expression",
                ));
                continue;
            }
        };
        conds.push(ContractCond { expr, source });
    }
    conds
}
