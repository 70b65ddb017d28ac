//! Unit literals and `unit` declarations.
//!
//! `5_km` calls the suffix function `_km` when one is in scope (a `unit`
//! declaration binds one; a user's `fn _km(n)` is one too). Otherwise, when
//! the suffix is an SI prefix before a suffix in scope (`km` = `k` + `m`),
//! it calls that one with the number scaled (`_m(5 * 1000)`). Otherwise it
//! is `std.units.quantity(5, "km")`.

use simple_syntax::ast::{self, Arg, BinOp, ExprKind};
use simple_syntax::{Span, Symbol};

use super::{Resolved, Resolver};
use crate::ir::{Args, Node, NodeKind};
use crate::value::Value;

/// SI prefixes and their factors (longest first where one is a prefix of
/// another: `da` before `d`).
const SI_PREFIXES: &[(&str, f64)] = &[
    ("da", 1e1),
    ("Y", 1e24),
    ("Z", 1e21),
    ("E", 1e18),
    ("P", 1e15),
    ("T", 1e12),
    ("G", 1e9),
    ("M", 1e6),
    ("k", 1e3),
    ("h", 1e2),
    ("d", 1e-1),
    ("c", 1e-2),
    ("m", 1e-3),
    ("u", 1e-6),
    ("µ", 1e-6),
    ("n", 1e-9),
    ("p", 1e-12),
    ("f", 1e-15),
];

/// The name of a suffix's function: `_km` for `km`.
pub(crate) fn suffix_fn(suffix: Symbol) -> Symbol {
    Symbol::intern(&format!("_{suffix}"))
}

impl Resolver<'_> {
    pub(crate) fn unit_literal(&mut self, number: &ast::Expr, suffix: Symbol, span: Span) -> Node {
        let own = suffix_fn(suffix);
        if self.lookup(own).is_some() {
            return self.call_suffix(own, number.clone(), span);
        }
        for (prefix, factor) in SI_PREFIXES {
            let Some(base) = suffix.as_str().strip_prefix(prefix) else {
                continue;
            };
            if base.is_empty() {
                continue;
            }
            let base_fn = suffix_fn(Symbol::intern(base));
            if self.lookup(base_fn).is_some() {
                let factor = if *factor >= 1.0 {
                    ExprKind::Int(*factor as i64)
                } else {
                    ExprKind::Float(*factor)
                };
                let scaled = ast::Expr {
                    kind: ExprKind::Binary {
                        op: BinOp::Mul,
                        lhs: Box::new(number.clone()),
                        rhs: Box::new(ast::Expr { kind: factor, span }),
                    },
                    span,
                };
                return self.call_suffix(base_fn, scaled, span);
            }
        }
        let number = self.expr(number);
        let unit = Node::new(NodeKind::Const(Value::text(suffix.as_str())), span);
        self.std_units_call("quantity", vec![number, unit], span)
    }

    fn call_suffix(&mut self, function: Symbol, number: ast::Expr, span: Span) -> Node {
        let call = ast::Expr {
            kind: ExprKind::Call {
                callee: Box::new(ast::Expr {
                    kind: ExprKind::Name(function),
                    span,
                }),
                args: vec![Arg {
                    name: None,
                    value: number,
                    span,
                }],
            },
            span,
        };
        self.expr(&call)
    }

    /// `unit ...`: binds `_suffix` for each suffix in the current scope.
    pub(crate) fn unit_declaration(&mut self, suffixes: &[Symbol], span: Span) -> NodeKind {
        let mut nodes = Vec::new();
        for &suffix in suffixes {
            let unit = Node::new(NodeKind::Const(Value::text(suffix.as_str())), span);
            let maker = self.std_units_call("unit_maker", vec![unit], span);
            let slot = self.declare(suffix_fn(suffix), false);
            nodes.push(Node::new(NodeKind::Define(slot, Box::new(maker)), span));
        }
        // At the module's top level the suffixes hold for the whole module
        // (like its functions): bound before its first statement runs.
        if self.at_top {
            self.hoisted.extend(nodes);
            return NodeKind::Nop;
        }
        NodeKind::Block(nodes)
    }

    /// A call of a function of `std.units` (loaded and run first).
    fn std_units_call(&mut self, function: &str, args: Vec<Node>, span: Span) -> Node {
        let path = [Symbol::intern("std"), Symbol::intern("units")];
        let module = match self.loader.load(self.prog, &path, self.file) {
            Ok(id) => id,
            Err(message) => {
                self.error(span, message);
                return Node::new(NodeKind::Const(Value::Nil), span);
            }
        };
        let name = Symbol::intern(function);
        let Some(found) = self.prog.modules[module as usize]
            .scope
            .names
            .get(&name)
            .copied()
        else {
            self.error(span, format!("std.units has no `{function}`"));
            return Node::new(NodeKind::Const(Value::Nil), span);
        };
        let callee = self.resolved_value(Resolved::Top(found), name, span);
        let call = Node::new(
            NodeKind::Call {
                callee: Box::new(callee),
                args: Args::positional(args),
            },
            span,
        );
        Node::new(
            NodeKind::Block(vec![Node::new(NodeKind::UseModule(module), span), call]),
            span,
        )
    }
}

/// The suffix-function names a top-level `unit` declaration binds.
pub(crate) fn declared_names(suffixes: &[Symbol]) -> impl Iterator<Item = Symbol> + '_ {
    suffixes.iter().map(|s| suffix_fn(*s))
}
