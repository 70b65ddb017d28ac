//! Statements and blocks.

use simple_syntax::ast::{self, StmtKind};
use simple_syntax::{Span, Symbol};

use super::Resolver;
use crate::ir::{Block, Cond, Node, NodeKind, Pat, Slot};
use crate::program::{GlobalKind, Name};

impl Resolver<'_> {
    /// Pass 2b: the module's top-level statements, in order. Declarations
    /// were hoisted; what remains of them here is what must happen at their
    /// position (binding externs, running imported modules).
    pub(super) fn top_level_body(&mut self, body: &[ast::Stmt]) -> Block {
        let mut out = Vec::with_capacity(body.len());
        for stmt in body {
            let node = match &stmt.kind {
                // A decorated function: its global (which holds the plain
                // function, hoisted) becomes the decorators' result here.
                StmtKind::Fn(f) if !f.decorators.is_empty() => {
                    let Some(Name::Global { index, .. }) =
                        self.scope.names.get(&f.sig.name).copied()
                    else {
                        continue;
                    };
                    let plain = Node::new(NodeKind::Global(index), f.sig.span);
                    let value = self.decorate(f, plain, f.sig.span);
                    Node::new(
                        NodeKind::Define(Slot::Global(index), Box::new(value)),
                        stmt.span,
                    )
                }
                StmtKind::Fn(_)
                | StmtKind::TypeAlias { .. }
                | StmtKind::Bind { .. }
                | StmtKind::Struct(_)
                | StmtKind::Enum(_)
                | StmtKind::Trait(_)
                | StmtKind::Impl(_) => continue,
                StmtKind::Extern(sig) => match self.scope.names.get(&sig.name).copied() {
                    Some(Name::Global {
                        index,
                        kind: GlobalKind::Extern,
                        ..
                    }) => Node::new(
                        NodeKind::BindExtern {
                            global: index,
                            name: sig.name,
                            params: sig.params.len() as u32,
                        },
                        stmt.span,
                    ),
                    _ => continue,
                },
                StmtKind::Use(u) => match self.used_module(u) {
                    Some(id) => Node::new(NodeKind::UseModule(id), stmt.span),
                    None => continue, // reported in the collection pass
                },
                _ => self.stmt(stmt),
            };
            out.push(node);
        }
        out
    }

    /// A function body: statements in the function's outermost scope.
    pub(crate) fn fn_body(&mut self, body: &[ast::Stmt]) -> Block {
        self.fn_body_with(body, &[], Span::default())
    }

    /// A function body; `type_invariant` is checked around it (a public
    /// method of a type with an invariant).
    pub(crate) fn fn_body_with(
        &mut self,
        body: &[ast::Stmt],
        type_invariant: &[ast::ContractCond],
        span: Span,
    ) -> Block {
        let saved = self.local_type_decls(body);
        let out = if Self::has_contract(body) || !type_invariant.is_empty() {
            self.contracted_body(body, type_invariant, span)
        } else {
            body.iter().map(|s| self.stmt(s)).collect()
        };
        self.restore_names(saved);
        out
    }

    /// A nested block with its own scope.
    pub(crate) fn block(&mut self, body: &[ast::Stmt]) -> Block {
        self.not_top(|r| {
            r.push_scope();
            let saved = r.local_type_decls(body);
            let out = body.iter().map(|s| r.stmt(s)).collect();
            r.restore_names(saved);
            r.pop_scope();
            out
        })
    }

    /// Runs `f` with bindings going to the current frame even at the
    /// module's top level (loop variables, block-scoped names).
    pub(crate) fn not_top<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let was = std::mem::replace(&mut self.at_top, false);
        let out = f(self);
        self.at_top = was;
        out
    }

    pub(crate) fn stmt(&mut self, stmt: &ast::Stmt) -> Node {
        let span = stmt.span;
        let kind = match &stmt.kind {
            StmtKind::Expr(e) => return self.expr(e),
            StmtKind::Let(l) => return self.let_stmt(l, span),
            // `_ = e`: evaluates `e` and discards it.
            StmtKind::Assign {
                target:
                    ast::Expr {
                        kind: ast::ExprKind::Name(n),
                        ..
                    },
                op: None,
                value,
            } if n.as_str() == "_" => return self.expr(value),
            StmtKind::Assign { target, op, value } => {
                let value = self.expr(value);
                match self.assign_place(target) {
                    Some(place) => NodeKind::Assign {
                        place,
                        op: *op,
                        value: Box::new(value),
                    },
                    None => NodeKind::Nop,
                }
            }
            StmtKind::While { cond, body } => self.not_top(|r| {
                r.push_scope();
                let cond = r.cond(cond);
                r.enter_loop();
                let body = r.block(body);
                r.exit_loop();
                r.pop_scope();
                NodeKind::While { cond, body }
            }),
            StmtKind::For {
                pattern,
                iter,
                body,
            } => {
                let iter = self.expr(iter);
                self.not_top(|r| {
                    r.push_scope();
                    let pattern = r.pattern(pattern, false);
                    r.enter_loop();
                    let body = r.block(body);
                    r.exit_loop();
                    r.pop_scope();
                    NodeKind::For {
                        pattern,
                        iter: Box::new(iter),
                        body,
                    }
                })
            }
            StmtKind::With { value, name, body } => {
                // As in Python, the body is no scope of its own: the alias
                // and the names it binds stay visible after it.
                let value = Box::new(self.expr(value));
                let slot = name.map(|n| self.declare(n, false));
                let body = body.iter().map(|s| self.stmt(s)).collect();
                NodeKind::With { value, slot, body }
            }
            StmtKind::Loop { body } => {
                self.enter_loop();
                let body = self.block(body);
                self.exit_loop();
                NodeKind::Loop(body)
            }
            StmtKind::Break | StmtKind::Continue => {
                let word = if matches!(stmt.kind, StmtKind::Break) {
                    "break"
                } else {
                    "continue"
                };
                if !self.in_loop() {
                    self.error(span, format!("`{word}` outside of a loop"));
                    NodeKind::Nop
                } else if matches!(stmt.kind, StmtKind::Break) {
                    NodeKind::Break
                } else {
                    NodeKind::Continue
                }
            }
            StmtKind::Return(value) => {
                let value = value.as_ref().map(|v| Box::new(self.expr(v)));
                if !self.in_function() {
                    self.error(span, "`return` outside of a function");
                    NodeKind::Nop
                } else {
                    NodeKind::Return(value)
                }
            }
            StmtKind::Pass | StmtKind::Error => NodeKind::Nop,
            StmtKind::Unit { suffixes, .. } => self.unit_declaration(suffixes, span),
            // At a module's top level: bound with the functions.
            StmtKind::FnAlias { .. } if self.at_top && !self.in_function() => NodeKind::Nop,
            StmtKind::FnAlias { name, target } => {
                let value = self.expr(target);
                let slot = self.declare(*name, false);
                NodeKind::Define(slot, Box::new(value))
            }
            // Made and run by the collection pass at a module's top level.
            StmtKind::Module { .. } if self.at_top && !self.in_function() => NodeKind::Nop,
            // In a block: made here, bound as a local, run when reached.
            StmtKind::Module { name, body } => self.local_module(*name, body, span),
            StmtKind::Contract(_) => {
                self.error(
                    span,
                    "a contract clause (`in:`, `out(ret):`, `invariant:`) belongs at the top level of a function body",
                );
                NodeKind::Nop
            }
            StmtKind::Fn(f) => return self.nested_fn(f, span),
            // Declared when the enclosing block was entered.
            StmtKind::Struct(_)
            | StmtKind::Enum(_)
            | StmtKind::Trait(_)
            | StmtKind::Impl(_)
            | StmtKind::TypeAlias { .. }
            | StmtKind::Bind { .. } => NodeKind::Nop,
            StmtKind::Extern(_) => {
                self.error(
                    span,
                    "`extern fn` declarations must be at the top level of a module",
                );
                NodeKind::Nop
            }
            // `use` in a block: the names are imported for the rest of the
            // file (as a top-level `use` would); the module runs here.
            StmtKind::Use(u) => {
                self.import(u);
                match self.used_module(u) {
                    Some(id) => NodeKind::UseModule(id),
                    None => NodeKind::Nop,
                }
            }
            StmtKind::Expect { cond, source } => NodeKind::Expect {
                cond: Box::new(self.expr(cond)),
                source: source.clone(),
            },
        };
        Node::new(kind, span)
    }

    fn let_stmt(&mut self, l: &ast::LetStmt, span: Span) -> Node {
        let value = match &l.value {
            Some(v) => self.expr(v),
            None => {
                if !l.kind.is_mutable() {
                    self.error(span, "a `val` binding needs a value");
                }
                Self::nil(span)
            }
        };
        let mutable = l.kind.is_mutable();
        if let Some(body) = &l.else_ {
            // The fallback cannot see the names the pattern binds.
            let body = self.block(body);
            let pattern = match self.pattern(&l.pattern, mutable) {
                // `val x = e else: ...` with a bare name tests presence,
                // like `if val x = e`.
                Pat::Bind(slot) => Pat::Some(Box::new(Pat::Bind(slot))),
                p => p,
            };
            return Node::new(
                NodeKind::DefinePatternElse(pattern, Box::new(value), body),
                span,
            );
        }
        if let ast::PatternKind::Bind(name) = l.pattern.kind {
            let slot = self.declare(name, mutable);
            return Node::new(NodeKind::Define(slot, Box::new(value)), span);
        }
        let pattern = self.pattern(&l.pattern, mutable);
        Node::new(NodeKind::DefinePattern(pattern, Box::new(value)), span)
    }

    pub(crate) fn cond(&mut self, cond: &ast::Cond) -> Cond {
        match cond {
            ast::Cond::Expr(e) => Cond::Expr(Box::new(self.expr(e))),
            ast::Cond::Let {
                pattern,
                value,
                mutable,
            } => {
                let value = self.expr(value);
                let pattern = self.not_top(|r| r.pattern(pattern, *mutable));
                // `if val x = e:` with a bare name is a presence test: the
                // branch runs only when `e` is not nil (upstream's meaning).
                let pattern = match pattern {
                    Pat::Bind(slot) => Pat::Some(Box::new(Pat::Bind(slot))),
                    p => p,
                };
                Cond::Let(pattern, Box::new(value))
            }
        }
    }

    /// Describes a binding for "cannot assign" messages.
    pub(crate) fn immutable_message(name: Symbol) -> String {
        format!(
            "cannot assign to `{name}`: it is declared with `val` (use `var` for a binding that changes)"
        )
    }
}
