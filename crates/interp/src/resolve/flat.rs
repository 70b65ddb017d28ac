//! Long flat shapes: runs of one precedence level's operators and `if`
//! with `elif` arms (both flat lists in the AST, see `simple_syntax::ast`).

use simple_syntax::Span;
use simple_syntax::ast;

use super::Resolver;
use crate::ir::{Node, NodeKind};

/// Operator runs (`a + b - c`) and `elif` chains up to this long are
/// resolved to nested nodes, the shape the compiler's fast paths know;
/// longer ones stay flat (`NodeKind::Chain`, `NodeKind::IfChain`) and run
/// in a loop, so their length never becomes native stack depth.
pub(crate) const NESTED_RUN: usize = 8;

/// `lhs op rhs` as a node kind (`and`/`or` have their own).
pub(crate) fn binary_kind(op: ast::BinOp, lhs: Node, rhs: Node) -> NodeKind {
    let (l, r) = (Box::new(lhs), Box::new(rhs));
    match op {
        ast::BinOp::And => NodeKind::And(l, r),
        ast::BinOp::Or => NodeKind::Or(l, r),
        _ => NodeKind::Binary(op, l, r),
    }
}

impl Resolver<'_> {
    /// A run of left-associative operators of one level.
    pub(crate) fn binary_run(
        &mut self,
        first: &ast::Expr,
        rest: &[(ast::BinOp, ast::Expr)],
    ) -> Node {
        let first = self.expr(first);
        let rest: Vec<(ast::BinOp, Node)> =
            rest.iter().map(|(op, e)| (*op, self.expr(e))).collect();
        if rest.len() > NESTED_RUN {
            let span = first
                .span
                .to(rest.last().map_or(first.span, |(_, e)| e.span));
            return Node::new(NodeKind::Chain(Box::new(first), rest), span);
        }
        rest.into_iter().fold(first, |lhs, (op, rhs)| {
            let span = lhs.span.to(rhs.span);
            Node::new(binary_kind(op, lhs, rhs), span)
        })
    }

    /// `if` / `elif` / `else`: each arm's condition and block in a scope of
    /// their own (an `if val` binding is seen by its block only).
    pub(crate) fn if_(&mut self, i: &ast::IfExpr, span: Span) -> Node {
        let arm = |r: &mut Self, cond: &ast::Cond, then: &[ast::Stmt]| {
            r.push_scope();
            let cond = r.cond(cond);
            let then = r.block(then);
            r.pop_scope();
            (cond, then)
        };
        let (cond, then) = arm(self, &i.cond, &i.then);
        let elifs: Vec<_> = i
            .elifs
            .iter()
            .map(|e| (arm(self, &e.cond, &e.then), e.span))
            .collect();
        let mut else_ = i.else_.as_ref().map(|b| self.block(b));
        if elifs.len() > NESTED_RUN {
            let mut arms = vec![(cond, then)];
            arms.extend(elifs.into_iter().map(|(arm, _)| arm));
            return Node::new(NodeKind::IfChain { arms, else_ }, span);
        }
        // Nested from the last arm out: `elif c: b` is `else: if c: b`.
        for ((cond, then), span) in elifs.into_iter().rev() {
            else_ = Some(vec![Node::new(NodeKind::If { cond, then, else_ }, span)]);
        }
        Node::new(NodeKind::If { cond, then, else_ }, span)
    }
}
