//! The nesting limit: a bounded, iterative walk over the parsed tree.
//!
//! The evaluator, the printer and derived `Clone`/`Drop`/`PartialEq` all
//! recurse over the tree, so a tree deeper than [`MAX_DEPTH`] is rejected
//! before anything else sees it. The walk uses an explicit stack and stops
//! descending once past the limit, so it is itself safe on any input.

use crate::ast::*;
use crate::span::Span;

/// The deepest nesting of statements, expressions, patterns and types a
/// module may have.
pub const MAX_DEPTH: usize = 1000;

enum Node<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Pat(&'a Pattern),
    Ty(&'a TypeExpr),
    Block(&'a [Stmt], Span),
}

/// The span of a node nested deeper than [`MAX_DEPTH`], if any (the first
/// one found at the limit).
pub(super) fn too_deep(m: &Module) -> Option<Span> {
    let mut stack: Vec<(Node<'_>, usize)> = m.body.iter().map(|s| (Node::Stmt(s), 1)).collect();
    let mut scratch = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        let span = match &node {
            Node::Stmt(s) => s.span,
            Node::Expr(e) => e.span,
            Node::Pat(p) => p.span,
            Node::Ty(t) => t.span,
            Node::Block(_, s) => *s,
        };
        if depth > MAX_DEPTH {
            return Some(span);
        }
        let d = depth + 1;
        children_into(&node, &mut scratch);
        stack.extend(scratch.drain(..).map(|k| (k, d)));
    }
    None
}

/// The parameters of a placeholder lambda (`_1 * 2`, `_2 - _1`, `_ * 2`):
/// the placeholder names an argument expression uses outside any nested
/// lambda, as parameter names in order. Empty when it uses none.
pub(super) fn placeholders(e: &Expr) -> Vec<crate::symbol::Symbol> {
    let mut highest = 0usize;
    let mut underscore = false;
    let mut stack: Vec<(Node<'_>, usize)> = vec![(Node::Expr(e), 1)];
    let mut scratch = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            break;
        }
        if let Node::Expr(x) = &node {
            match &x.kind {
                ExprKind::Lambda(_) => continue,
                ExprKind::Name(n) => {
                    let s = n.as_str();
                    if s == "_" {
                        underscore = true;
                    } else if let Some(k) = s.strip_prefix('_')
                        && let Ok(k) = k.parse::<usize>()
                        && (1..=9).contains(&k)
                    {
                        highest = highest.max(k);
                    }
                }
                _ => {}
            }
        }
        children_into(&node, &mut scratch);
        stack.extend(scratch.drain(..).map(|k| (k, depth + 1)));
    }
    if highest > 0 {
        (1..=highest)
            .map(|k| crate::symbol::Symbol::intern(&format!("_{k}")))
            .collect()
    } else if underscore {
        vec![crate::symbol::Symbol::intern("_")]
    } else {
        Vec::new()
    }
}

fn block<'a>(out: &mut Vec<Node<'a>>, b: &'a [Stmt]) {
    out.extend(b.iter().map(Node::Stmt));
}

fn sig<'a>(out: &mut Vec<Node<'a>>, s: &'a FnSig) {
    for p in &s.params {
        params(out, p);
    }
    if let Some(t) = &s.ret {
        out.push(Node::Ty(t));
    }
}

fn params<'a>(out: &mut Vec<Node<'a>>, p: &'a Param) {
    if let Some(t) = &p.ty {
        out.push(Node::Ty(t));
    }
    if let Some(d) = &p.default {
        out.push(Node::Expr(d));
    }
}

fn fn_decl<'a>(out: &mut Vec<Node<'a>>, f: &'a FnDecl) {
    sig(out, &f.sig);
    out.push(Node::Block(&f.body, f.sig.span));
}

fn cond<'a>(out: &mut Vec<Node<'a>>, c: &'a Cond) {
    match c {
        Cond::Expr(e) => out.push(Node::Expr(e)),
        Cond::Let { pattern, value, .. } => {
            out.push(Node::Pat(pattern));
            out.push(Node::Expr(value));
        }
    }
}

fn children_into<'a>(node: &Node<'a>, out: &mut Vec<Node<'a>>) {
    match *node {
        Node::Block(b, _) => block(out, b),
        Node::Stmt(s) => match &s.kind {
            StmtKind::Expr(e) => out.push(Node::Expr(e)),
            StmtKind::Let(l) => {
                out.push(Node::Pat(&l.pattern));
                if let Some(t) = &l.ty {
                    out.push(Node::Ty(t));
                }
                if let Some(v) = &l.value {
                    out.push(Node::Expr(v));
                }
            }
            StmtKind::Assign { target, value, .. } => {
                out.push(Node::Expr(target));
                out.push(Node::Expr(value));
            }
            StmtKind::While { cond: c, body } => {
                cond(out, c);
                out.push(Node::Block(body, s.span));
            }
            StmtKind::For {
                pattern,
                iter,
                body,
            } => {
                out.push(Node::Pat(pattern));
                out.push(Node::Expr(iter));
                out.push(Node::Block(body, s.span));
            }
            StmtKind::Loop { body } => out.push(Node::Block(body, s.span)),
            StmtKind::With { value, body, .. } => {
                out.push(Node::Expr(value));
                out.push(Node::Block(body, s.span));
            }
            StmtKind::Return(Some(e)) => out.push(Node::Expr(e)),
            StmtKind::Expect { cond, .. } => out.push(Node::Expr(cond)),
            StmtKind::Module { body, .. } => out.push(Node::Block(body, s.span)),
            StmtKind::Contract(c) => out.extend(c.conds.iter().map(|c| Node::Expr(&c.expr))),
            StmtKind::Fn(f) => fn_decl(out, f),
            StmtKind::Struct(d) => {
                out.extend(d.invariant.iter().map(|c| Node::Expr(&c.expr)));
                for f in &d.fields {
                    if let Some(t) = &f.ty {
                        out.push(Node::Ty(t));
                    }
                    if let Some(v) = &f.default {
                        out.push(Node::Expr(v));
                    }
                }
                for m in &d.methods {
                    fn_decl(out, m);
                }
            }
            StmtKind::Enum(d) => {
                for v in &d.variants {
                    match &v.fields {
                        VariantFields::Unit => {}
                        VariantFields::Tuple(ts) => out.extend(ts.iter().map(Node::Ty)),
                        VariantFields::Named(fs) => {
                            out.extend(fs.iter().filter_map(|(_, t)| t.as_ref()).map(Node::Ty))
                        }
                    }
                }
                for m in &d.methods {
                    fn_decl(out, m);
                }
            }
            StmtKind::Impl(d) => {
                for m in &d.methods {
                    fn_decl(out, m);
                }
            }
            StmtKind::Trait(d) => {
                for r in &d.required {
                    sig(out, r);
                }
                for m in &d.provided {
                    fn_decl(out, m);
                }
            }
            StmtKind::Extern(s) => sig(out, s),
            StmtKind::TypeAlias { ty, .. } => out.push(Node::Ty(ty)),
            StmtKind::FnAlias { target, .. } => out.push(Node::Expr(target)),
            StmtKind::Return(None)
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Pass
            | StmtKind::Use(_)
            | StmtKind::Bind { .. }
            | StmtKind::Unit { .. }
            | StmtKind::Error => {}
        },
        Node::Expr(e) => expr_children(out, e),
        Node::Pat(p) => match &p.kind {
            PatternKind::Tuple(ps) | PatternKind::Array(ps) | PatternKind::Or(ps) => {
                out.extend(ps.iter().map(Node::Pat))
            }
            PatternKind::Variant {
                args: Some(args), ..
            } => out.extend(args.iter().map(|a| Node::Pat(&a.pattern))),
            _ => {}
        },
        Node::Ty(t) => match &t.kind {
            TypeKind::Named { args, .. } => out.extend(args.iter().map(Node::Ty)),
            TypeKind::Optional(t) | TypeKind::Array(t) => out.push(Node::Ty(t)),
            TypeKind::Dict(k, v) => {
                out.push(Node::Ty(k));
                out.push(Node::Ty(v));
            }
            TypeKind::Tuple(ts) => out.extend(ts.iter().map(Node::Ty)),
            TypeKind::Fn { params, ret } => {
                out.extend(params.iter().map(Node::Ty));
                if let Some(r) = ret {
                    out.push(Node::Ty(r));
                }
            }
        },
    }
}

fn clauses<'a>(out: &mut Vec<Node<'a>>, cs: &'a [CompClause]) {
    for c in cs {
        match c {
            CompClause::For { pattern, iter } => {
                out.push(Node::Pat(pattern));
                out.push(Node::Expr(iter));
            }
            CompClause::If(e) => out.push(Node::Expr(e)),
        }
    }
}

fn expr_children<'a>(out: &mut Vec<Node<'a>>, e: &'a Expr) {
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::UInt(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Nil
        | ExprKind::Suffixed { .. }
        | ExprKind::UnitLit { .. }
        | ExprKind::Name(_)
        | ExprKind::Error => {}
        ExprKind::FStr(parts) => {
            for p in parts {
                if let FStrPart::Expr { expr, .. } = p {
                    out.push(Node::Expr(expr));
                }
            }
        }
        ExprKind::Array(items) => {
            for i in items {
                match i {
                    ArrayElem::Item(x) | ArrayElem::Spread(x) => out.push(Node::Expr(x)),
                }
            }
        }
        ExprKind::Dict(entries) => {
            for (k, v) in entries {
                out.push(Node::Expr(k));
                out.push(Node::Expr(v));
            }
        }
        ExprKind::Tuple(items) | ExprKind::Set(items) => out.extend(items.iter().map(Node::Expr)),
        ExprKind::Unary { expr, .. }
        | ExprKind::Field { expr, .. }
        | ExprKind::TupleField { expr, .. }
        | ExprKind::OptField { expr, .. }
        | ExprKind::Try(expr)
        | ExprKind::Present(expr)
        | ExprKind::Await(expr) => out.push(Node::Expr(expr)),
        ExprKind::Binary { lhs, rhs, .. } => {
            out.push(Node::Expr(lhs));
            out.push(Node::Expr(rhs));
        }
        ExprKind::BinaryChain { first, rest } => {
            out.push(Node::Expr(first));
            out.extend(rest.iter().map(|(_, x)| Node::Expr(x)));
        }
        ExprKind::Compare { first, rest } => {
            out.push(Node::Expr(first));
            out.extend(rest.iter().map(|(_, x)| Node::Expr(x)));
        }
        ExprKind::Range { start, end, .. } => {
            out.push(Node::Expr(start));
            out.push(Node::Expr(end));
        }
        ExprKind::Call { callee, args } => {
            out.push(Node::Expr(callee));
            out.extend(args.iter().map(|a| Node::Expr(&a.value)));
        }
        ExprKind::Index { expr, index } => {
            out.push(Node::Expr(expr));
            out.push(Node::Expr(index));
        }
        ExprKind::Slice {
            expr,
            start,
            end,
            step,
        } => {
            out.push(Node::Expr(expr));
            for x in [start, end, step].into_iter().flatten() {
                out.push(Node::Expr(x));
            }
        }
        ExprKind::Cast { expr, ty } => {
            out.push(Node::Expr(expr));
            out.push(Node::Ty(ty));
        }
        ExprKind::Lambda(l) => {
            for p in &l.params {
                params(out, p);
            }
            out.push(Node::Block(&l.body, e.span));
        }
        ExprKind::If(i) => {
            cond(out, &i.cond);
            out.push(Node::Block(&i.then, e.span));
            for arm in &i.elifs {
                cond(out, &arm.cond);
                out.push(Node::Block(&arm.then, arm.span));
            }
            if let Some(b) = &i.else_ {
                out.push(Node::Block(b, e.span));
            }
        }
        ExprKind::Match(m) => {
            out.push(Node::Expr(&m.scrutinee));
            for arm in &m.arms {
                out.push(Node::Pat(&arm.pattern));
                if let Some(g) = &arm.guard {
                    out.push(Node::Expr(g));
                }
                out.push(Node::Block(&arm.body, arm.span));
            }
        }
        ExprKind::ListComp { elem, clauses: cs } => {
            out.push(Node::Expr(elem));
            clauses(out, cs);
        }
        ExprKind::DictComp {
            key,
            value,
            clauses: cs,
        } => {
            out.push(Node::Expr(key));
            out.push(Node::Expr(value));
            clauses(out, cs);
        }
        ExprKind::StructLit { path, fields } => {
            out.push(Node::Expr(path));
            out.extend(fields.iter().map(|f| Node::Expr(&f.value)));
        }
    }
}
