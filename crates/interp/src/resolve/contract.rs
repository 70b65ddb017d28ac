//! Contracts: a function body with `in:`, `out(ret):`, `out_err(e):` or
//! `invariant:` clauses becomes its checks around the body, and a type's
//! `invariant:` is checked after construction and around public methods.
//!
//! Layout of a contracted body (every check a [`NodeKind::Check`]):
//! preconditions, entry invariants, `old(e)` captures, the body (a `return`
//! inside ends it with its value), postconditions on that value, exit
//! invariants, the value.

use simple_syntax::ast::{self, ContractKind, StmtKind};
use simple_syntax::{Span, Symbol, known};

use super::Resolver;
use crate::ir::{Cond, Node, NodeKind, Slot};
use crate::value::TypeId;

/// The default names `out:` and `out_err:` bind.
fn binding(kind: &ContractKind) -> Symbol {
    match kind {
        ContractKind::PostErr(name) => name.unwrap_or_else(|| Symbol::intern("err")),
        ContractKind::Post(name) => name.unwrap_or_else(|| Symbol::intern("ret")),
        ContractKind::Pre | ContractKind::Invariant => Symbol::intern("ret"),
    }
}

fn read(slot: Slot, span: Span) -> Node {
    match slot {
        Slot::Local(s) => Node::new(NodeKind::Local(s), span),
        Slot::Global(g) => Node::new(NodeKind::Global(g), span),
    }
}

impl Resolver<'_> {
    /// Whether a body has contract clauses at its top level.
    pub(crate) fn has_contract(body: &[ast::Stmt]) -> bool {
        body.iter().any(|s| matches!(s.kind, StmtKind::Contract(_)))
    }

    /// A type's `invariant:` conditions, when it has some.
    pub(crate) fn type_invariant(&self, ty: TypeId) -> Option<&[ast::ContractCond]> {
        self.invariants
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, conds)| conds.as_slice())
    }

    /// One check per condition; the message names `what` and the text.
    /// `invariant`: the checks of an invariant (skipped while another
    /// invariant is being checked).
    fn checks(&mut self, conds: &[ast::ContractCond], what: &str, invariant: bool) -> Vec<Node> {
        conds
            .iter()
            .map(|c| {
                let cond = self.expr(&c.expr);
                Node::new(
                    NodeKind::Check {
                        cond: Box::new(cond),
                        what: format!("{what} `{}` is false", c.source),
                        invariant,
                    },
                    c.expr.span,
                )
            })
            .collect()
    }

    /// A function body with contract clauses (or a method of a type with
    /// an invariant: `type_invariant` is checked on entry and exit).
    pub(crate) fn contracted_body(
        &mut self,
        body: &[ast::Stmt],
        type_invariant: &[ast::ContractCond],
        span: Span,
    ) -> Vec<Node> {
        let mut pre = Vec::new();
        let mut invariant = type_invariant.to_vec();
        let mut posts = Vec::new();
        let mut rest = Vec::new();
        for stmt in body {
            match &stmt.kind {
                StmtKind::Contract(c) => match c.kind {
                    ContractKind::Pre => pre.extend(c.conds.iter().cloned()),
                    ContractKind::Invariant => invariant.extend(c.conds.iter().cloned()),
                    ContractKind::Post(_) | ContractKind::PostErr(_) => posts.push(c),
                },
                _ => rest.push(stmt),
            }
        }
        let mut out = self.checks(&pre, "precondition", false);
        out.extend(self.checks(&invariant, "invariant", true));
        if posts.is_empty() && invariant.is_empty() {
            out.extend(rest.iter().map(|s| self.stmt(s)));
            return out;
        }
        // The result and the postconditions are resolved before the body,
        // so that `old(x)` and `x` mean the parameter, not a later local.
        let result = self.declare(Symbol::intern("contract result"), false);
        let saved_olds = self.old_captures.replace(Vec::new());
        let mut post_checks = Vec::new();
        for clause in posts {
            let name = binding(&clause.kind);
            let slot = self.declare(name, false);
            let conds = match clause.kind {
                ContractKind::PostErr(_) => {
                    let checks = self.checks(&clause.conds, "error postcondition", false);
                    let payload = crate::ir::Pat::Err(Box::new(crate::ir::Pat::Bind(slot)));
                    vec![Node::new(
                        NodeKind::If {
                            cond: Cond::Let(payload, Box::new(read(result, span))),
                            then: checks,
                            else_: None,
                        },
                        span,
                    )]
                }
                _ => {
                    let define =
                        Node::new(NodeKind::Define(slot, Box::new(read(result, span))), span);
                    let mut v = vec![define];
                    v.extend(self.checks(&clause.conds, "postcondition", false));
                    v
                }
            };
            post_checks.extend(conds);
            // The body must not see the postcondition's name.
            self.hide_local(name);
        }
        let olds = std::mem::replace(&mut self.old_captures, saved_olds).unwrap_or_default();
        out.extend(olds);
        let body: Vec<Node> = rest.iter().map(|s| self.stmt(s)).collect();
        out.push(Node::new(
            NodeKind::Define(
                result,
                Box::new(Node::new(NodeKind::CatchReturn(body), span)),
            ),
            span,
        ));
        out.extend(post_checks);
        out.extend(self.checks(&invariant, "invariant", true));
        out.push(read(result, span));
        out
    }

    /// `old(e)` in a postcondition: `e` evaluated on entry.
    pub(crate) fn old_value(&mut self, arg: &ast::Expr, span: Span) -> Option<Node> {
        self.old_captures.as_ref()?;
        let value = self.expr(arg);
        let slot = self.declare(Symbol::intern("old value"), false);
        let define = Node::new(NodeKind::Define(slot, Box::new(value)), span);
        self.old_captures
            .as_mut()
            .expect("checked above")
            .push(define);
        Some(read(slot, span))
    }

    /// A construction of a type with an invariant: the value, checked.
    pub(crate) fn checked_construct(&mut self, ty: TypeId, construct: Node, span: Span) -> Node {
        let Some(conds) = self.type_invariant(ty).map(|c| c.to_vec()) else {
            return construct;
        };
        self.not_top(|r| {
            r.push_scope();
            let slot = r.declare(known::SELF_, false);
            let mut nodes = vec![Node::new(NodeKind::Define(slot, Box::new(construct)), span)];
            // Reported at the construction; the message quotes the condition.
            let name = r.prog.types.name(ty).to_string();
            nodes.extend(
                r.checks(&conds, &format!("invariant of {name}"), true)
                    .into_iter()
                    .map(|mut check| {
                        check.span = span;
                        check
                    }),
            );
            nodes.push(read(slot, span));
            r.pop_scope();
            Node::new(NodeKind::Block(nodes), span)
        })
    }
}
