//! Expressions, calls, places (assignment targets) and comprehensions.

use std::rc::Rc;

use simple_syntax::ast::{self, ExprKind};
use simple_syntax::{Span, Symbol, known};

use super::{Resolved, Resolver};
use crate::builtins::{Builtin, functions};
use crate::function::FnRole;
use crate::ir::{Args, Block, CastTarget, Elem, FPart, LambdaIr, Node, NodeKind, Place, Slot};
use crate::program::{GlobalKind, Name};
use crate::types::TypeKind;
use crate::value::{TypeId, Value, builtin_types};

/// A path that names something static: a type or a module.
#[derive(Clone, Copy)]
enum Static {
    Type(TypeId),
    Module(u32),
}

impl Resolver<'_> {
    pub(crate) fn expr(&mut self, e: &ast::Expr) -> Node {
        // Deep expressions are bounded by the parser; this guards the rest.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &ast::Expr) -> Node {
        if let Some(plain) = self.qualified_option(e) {
            return self.expr_inner(&plain);
        }
        let span = e.span;
        let kind = match &e.kind {
            ExprKind::Int(i) => NodeKind::Const(Value::Int(*i)),
            ExprKind::UInt(u) => NodeKind::Const(Value::U64(*u)),
            ExprKind::Float(f) => NodeKind::Const(Value::Float(*f)),
            ExprKind::Str(s) => NodeKind::Const(Value::text(s.as_str())),
            ExprKind::Bool(b) => NodeKind::Const(Value::Bool(*b)),
            ExprKind::Nil => NodeKind::Const(Value::Nil),
            ExprKind::FStr(parts) => NodeKind::FStr(
                parts
                    .iter()
                    .map(|p| match p {
                        ast::FStrPart::Text(t) => FPart::Text(t.clone()),
                        ast::FStrPart::Expr { expr, spec } => {
                            FPart::Value(self.expr(expr), spec.clone())
                        }
                    })
                    .collect(),
            ),
            ExprKind::Suffixed { text, suffix } => match self.lookup(*suffix) {
                Some(resolved) => {
                    let callee = self.resolved_value(resolved, *suffix, span);
                    NodeKind::Call {
                        callee: Box::new(callee),
                        args: Args::positional(vec![Node::new(
                            NodeKind::Const(Value::text(text.as_str())),
                            span,
                        )]),
                    }
                }
                None => {
                    self.error(
                        span,
                        format!("unknown string suffix `{suffix}`: define `fn {suffix}(s: text)` to use it"),
                    );
                    NodeKind::Const(Value::Nil)
                }
            },
            ExprKind::Name(name) => return self.name(*name, span),
            ExprKind::UnitLit { number, suffix } => {
                return self.unit_literal(number, *suffix, span);
            }
            ExprKind::Array(items) => NodeKind::Array(
                items
                    .iter()
                    .map(|item| match item {
                        ast::ArrayElem::Item(e) => Elem {
                            node: self.expr(e),
                            spread: false,
                        },
                        ast::ArrayElem::Spread(e) => Elem {
                            node: self.expr(e),
                            spread: true,
                        },
                    })
                    .collect(),
            ),
            ExprKind::Dict(pairs) => NodeKind::Dict(
                pairs
                    .iter()
                    .map(|(k, v)| (self.expr(k), self.expr(v)))
                    .collect(),
            ),
            ExprKind::Tuple(items) => NodeKind::Tuple(items.iter().map(|i| self.expr(i)).collect()),
            // `s{a, b}` is the set of the array `[a, b]`.
            ExprKind::Set(items) => {
                let items = items
                    .iter()
                    .map(|e| Elem {
                        node: self.expr(e),
                        spread: false,
                    })
                    .collect();
                NodeKind::CallBuiltin {
                    builtin: Builtin::SetFrom,
                    args: Args::positional(vec![Node::new(NodeKind::Array(items), span)]),
                }
            }
            ExprKind::Unary { op, expr } => NodeKind::Unary(*op, Box::new(self.expr(expr))),
            ExprKind::Binary { op, lhs, rhs } => {
                super::flat::binary_kind(*op, self.expr(lhs), self.expr(rhs))
            }
            ExprKind::BinaryChain { first, rest } => return self.binary_run(first, rest),
            ExprKind::Compare { first, rest } => NodeKind::Compare(
                Box::new(self.expr(first)),
                rest.iter().map(|(op, e)| (*op, self.expr(e))).collect(),
            ),
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => NodeKind::Range {
                start: Box::new(self.expr(start)),
                end: Box::new(self.expr(end)),
                inclusive: *inclusive,
            },
            ExprKind::Call { callee, args } => return self.call(callee, args, span),
            ExprKind::Field { expr, name, .. } => {
                if let Some(target) = self.static_target(expr) {
                    return self.static_member(target, *name, span);
                }
                NodeKind::Field(Box::new(self.expr(expr)), *name)
            }
            ExprKind::TupleField { expr, index } => {
                NodeKind::TupleField(Box::new(self.expr(expr)), *index)
            }
            ExprKind::OptField { expr, name, .. } => {
                NodeKind::OptField(Box::new(self.expr(expr)), *name)
            }
            ExprKind::Index { expr, index } => {
                NodeKind::Index(Box::new(self.expr(expr)), Box::new(self.expr(index)))
            }
            ExprKind::Slice {
                expr,
                start,
                end,
                step,
            } => NodeKind::Slice {
                expr: Box::new(self.expr(expr)),
                start: start.as_ref().map(|e| Box::new(self.expr(e))),
                end: end.as_ref().map(|e| Box::new(self.expr(e))),
                step: step.as_ref().map(|e| Box::new(self.expr(e))),
            },
            ExprKind::Try(e) => NodeKind::Try(Box::new(self.expr(e))),
            ExprKind::Present(e) => NodeKind::Present(Box::new(self.expr(e))),
            ExprKind::Cast { expr, ty } => {
                NodeKind::Cast(Box::new(self.expr(expr)), cast_target(ty))
            }
            ExprKind::Await(e) => return self.expr(e),
            ExprKind::Lambda(l) => {
                let (func, captures) = self.lambda(&l.params, &l.body, span);
                NodeKind::Lambda(Rc::new(LambdaIr { func, captures }))
            }
            ExprKind::If(i) => return self.if_(i, span),
            ExprKind::Match(m) => {
                let scrutinee = Box::new(self.expr(&m.scrutinee));
                let arms = m
                    .arms
                    .iter()
                    .map(|arm| {
                        self.not_top(|r| {
                            r.push_scope();
                            let pattern = r.pattern(&arm.pattern, false);
                            let guard = arm.guard.as_ref().map(|g| r.expr(g));
                            let body = r.block(&arm.body);
                            r.pop_scope();
                            crate::ir::Arm {
                                pattern,
                                guard,
                                body,
                            }
                        })
                    })
                    .collect();
                NodeKind::Match { scrutinee, arms }
            }
            ExprKind::ListComp { elem, clauses } => {
                return self.comprehension(clauses, span, Comp::List(elem));
            }
            ExprKind::DictComp {
                key,
                value,
                clauses,
            } => {
                return self.comprehension(clauses, span, Comp::Dict(key, value));
            }
            ExprKind::StructLit { path, fields } => match self.static_target(path) {
                Some(Static::Type(ty)) => {
                    let args = Self::field_args(fields);
                    return self.construct(ty, &args, span);
                }
                // `Shape.Circle { radius: 1.0 }`: a variant with named fields,
                // constructed like `Shape.Circle(radius: 1.0)`.
                _ if self.names_variant(path) => {
                    let args = Self::field_args(fields);
                    return self.call(path, &args, span);
                }
                _ => {
                    self.error(path.span, "a struct literal needs a struct or class name");
                    NodeKind::Const(Value::Nil)
                }
            },
            ExprKind::Error => NodeKind::Const(Value::Nil),
        };
        Node::new(kind, span)
    }

    fn field_args(fields: &[ast::FieldInit]) -> Vec<ast::Arg> {
        fields
            .iter()
            .map(|f| ast::Arg {
                name: Some(f.name),
                value: f.value.clone(),
                span: f.span,
            })
            .collect()
    }

    /// Whether `path` (`Circle` or `Shape.Circle`) names an enum variant.
    fn names_variant(&mut self, path: &ast::Expr) -> bool {
        match &path.kind {
            ExprKind::Name(n) => {
                self.prog.variant_names.contains_key(n)
                    && !matches!(
                        self.lookup(*n),
                        Some(Resolved::Local { .. } | Resolved::Capture(_))
                    )
            }
            ExprKind::Field { expr, name, .. } => match self.static_target(expr) {
                Some(Static::Type(ty)) => self.prog.types.get(ty).variant_index(*name).is_some(),
                _ => false,
            },
            _ => false,
        }
    }

    fn name(&mut self, name: Symbol, span: Span) -> Node {
        match self.lookup(name) {
            Some(r) => self.resolved_value(r, name, span),
            None => {
                if let Some(field) = self.implicit_self_field(name, span) {
                    return self.expr(&field);
                }
                if name == known::SELF_ {
                    self.error(span, "`self` is only available inside methods");
                } else {
                    self.unknown_name(name, span);
                }
                Self::nil(span)
            }
        }
    }

    /// The value of a resolved name.
    pub(crate) fn resolved_value(&mut self, r: Resolved, name: Symbol, span: Span) -> Node {
        let kind = match r {
            Resolved::Local { slot, .. } => NodeKind::Local(slot),
            Resolved::Capture(i) => NodeKind::Capture(i),
            Resolved::Top(Name::Global { index, .. }) => NodeKind::Global(index),
            Resolved::Top(Name::Type(ty)) => NodeKind::Const(Value::Type(ty)),
            Resolved::Top(Name::Module(m)) => NodeKind::Const(Value::Module(m)),
            Resolved::Top(Name::Trait(_)) => {
                self.error(span, format!("trait `{name}` cannot be used as a value"));
                NodeKind::Const(Value::Nil)
            }
            Resolved::Builtin(b) => NodeKind::Const(functions::native_value(b)),
            Resolved::Variant(ty, variant) => return self.variant_value(ty, variant, span),
            Resolved::Nil => NodeKind::Const(Value::Nil),
        };
        Node::new(kind, span)
    }

    fn variant_value(&mut self, ty: TypeId, variant: u32, span: Span) -> Node {
        let unit = self.prog.types.get(ty).variants[variant as usize].unit;
        let kind = if unit {
            NodeKind::Const(Value::UnitVariant(ty, variant))
        } else {
            NodeKind::VariantRef { ty, variant }
        };
        Node::new(kind, span)
    }

    /// `Type` or `module` (possibly `module.Type`) named by an expression.
    fn static_target(&mut self, e: &ast::Expr) -> Option<Static> {
        match &e.kind {
            ExprKind::Name(name) => match self.lookup(*name)? {
                Resolved::Top(Name::Type(ty)) => Some(Static::Type(ty)),
                Resolved::Top(Name::Trait(_)) => {
                    let target = self.binds.iter().rev().find(|(t, _)| t == name)?.1;
                    match self.scope.get(target)? {
                        Name::Type(ty) => Some(Static::Type(ty)),
                        _ => None,
                    }
                }
                Resolved::Top(Name::Module(m)) => Some(Static::Module(m)),
                _ => None,
            },
            ExprKind::Field { expr, name, .. } => match self.static_target(expr)? {
                Static::Module(m) => match self.prog.modules[m as usize].scope.names.get(name)? {
                    Name::Type(ty) => Some(Static::Type(*ty)),
                    Name::Module(inner) => Some(Static::Module(*inner)),
                    _ => None,
                },
                Static::Type(_) => None,
            },
            _ => None,
        }
    }

    /// `Type.name` / `module.name` without a call.
    fn static_member(&mut self, target: Static, name: Symbol, span: Span) -> Node {
        match target {
            Static::Type(ty) => match self.prog.types.get(ty).variant_index(name) {
                Some(v) => self.variant_value(ty, v, span),
                None => Node::new(NodeKind::StaticRef { ty, name }, span),
            },
            Static::Module(m) => match self.module_member(m, name, span) {
                Some(n) => self.resolved_value(Resolved::Top(n), name, span),
                None => Self::nil(span),
            },
        }
    }

    fn module_member(&mut self, m: u32, name: Symbol, span: Span) -> Option<Name> {
        let module = &self.prog.modules[m as usize];
        match module.scope.names.get(&name) {
            Some(n) => Some(*n),
            None => {
                let candidates: Vec<&str> = module.scope.names.keys().map(|k| k.as_str()).collect();
                let hint = crate::suggest::did_you_mean(&crate::suggest::closest(
                    name.as_str(),
                    candidates,
                    3,
                ));
                let message = format!(
                    "module `{}` has no name `{name}`{}",
                    module.name,
                    if hint.is_empty() {
                        String::new()
                    } else {
                        format!("; {hint}")
                    }
                );
                self.error(span, message);
                None
            }
        }
    }

    pub(crate) fn args(&mut self, args: &[ast::Arg]) -> Args {
        let values = args.iter().map(|a| self.expr(&a.value)).collect();
        let names = args
            .iter()
            .any(|a| a.name.is_some())
            .then(|| args.iter().map(|a| a.name).collect());
        Args { values, names }
    }

    /// `Option.Some`, `Option.None`, `Result.Ok`, `Result.Err` (also with
    /// `::`): the qualified spellings of `Some`, `None`, `Ok`, `Err`, unless
    /// the program defines its own `Option`/`Result`.
    fn qualified_option(&mut self, e: &ast::Expr) -> Option<ast::Expr> {
        let ExprKind::Field { expr, name, .. } = &e.kind else {
            return None;
        };
        let ExprKind::Name(ty) = expr.kind else {
            return None;
        };
        let fits = match ty.as_str() {
            "Option" => matches!(name.as_str(), "Some" | "None"),
            "Result" => matches!(name.as_str(), "Ok" | "Err"),
            _ => false,
        };
        if !fits || self.scope.get(ty).is_some() && ty.as_str() == "Option" {
            return None;
        }
        Some(ast::Expr {
            kind: ExprKind::Name(*name),
            span: e.span,
        })
    }

    fn call(&mut self, callee: &ast::Expr, args: &[ast::Arg], span: Span) -> Node {
        // `old(e)` in a postcondition: `e` as it was on entry.
        if let ExprKind::Name(n) = callee.kind
            && n.as_str() == "old"
            && let [arg] = args
            && arg.name.is_none()
            && let Some(node) = self.old_value(&arg.value, span)
        {
            return node;
        }
        if let Some(plain) = self.qualified_option(callee) {
            return self.call(&plain, args, span);
        }
        // `helper(x)` in a method: `self.helper(x)` when nothing else has
        // that name.
        if let ExprKind::Name(n) = callee.kind
            && self.lookup(n).is_none()
            && let Some(method) = self.implicit_self_field(n, callee.span)
        {
            return self.call(&method, args, span);
        }
        // `Dict.new()`, `HashMap.new()`, `Map.new()`, `BTreeMap.new()`: an
        // empty dict (dicts keep their keys in order), unless the program
        // defines a type of that name.
        if let ExprKind::Field { expr, name, .. } = &callee.kind
            && let ExprKind::Name(ty) = expr.kind
            && name.as_str() == "new"
            && args.is_empty()
            && matches!(ty.as_str(), "Dict" | "HashMap" | "Map" | "BTreeMap")
            && self.lookup(ty).is_none()
        {
            return Node::new(NodeKind::Dict(Vec::new()), span);
        }
        // `describe`/`context` bodies share their bindings with the hooks and
        // examples inside them.
        if let ExprKind::Name(n) = callee.kind
            && (n == known::DESCRIBE || n == known::CONTEXT)
        {
            let callee = self.expr(callee);
            let values = args
                .iter()
                .map(|a| {
                    if let ExprKind::Lambda(l) = &a.value.kind {
                        self.share_next = l.params.is_empty();
                    }
                    self.expr(&a.value)
                })
                .collect();
            let names = args
                .iter()
                .any(|a| a.name.is_some())
                .then(|| args.iter().map(|a| a.name).collect());
            return Node::new(
                NodeKind::Call {
                    callee: Box::new(callee),
                    args: Args { values, names },
                },
                span,
            );
        }
        match &callee.kind {
            ExprKind::Name(name) => match self.lookup(*name) {
                Some(Resolved::Builtin(b)) => return self.call_builtin(b, args, span),
                Some(Resolved::Top(Name::Type(ty))) => return self.construct(ty, args, span),
                Some(Resolved::Variant(ty, v)) => return self.make_variant(ty, v, args, span),
                _ => {}
            },
            ExprKind::Field { expr, name, .. } => {
                if let Some(target) = self.static_target(expr) {
                    match target {
                        Static::Type(ty) => {
                            if let Some(v) = self.prog.types.get(ty).variant_index(*name) {
                                return self.make_variant(ty, v, args, span);
                            }
                            let args = self.args(args);
                            return Node::new(
                                NodeKind::CallStatic {
                                    ty,
                                    name: *name,
                                    args,
                                },
                                span,
                            );
                        }
                        Static::Module(m) => {
                            return match self.module_member(m, *name, callee.span) {
                                Some(Name::Type(ty)) => self.construct(ty, args, span),
                                Some(n) => {
                                    let callee =
                                        self.resolved_value(Resolved::Top(n), *name, callee.span);
                                    let args = self.args(args);
                                    Node::new(
                                        NodeKind::Call {
                                            callee: Box::new(callee),
                                            args,
                                        },
                                        span,
                                    )
                                }
                                None => Self::nil(span),
                            };
                        }
                    }
                }
                let place = self.receiver_place(expr);
                let recv = self.expr(expr);
                let args = self.args(args);
                return Node::new(
                    NodeKind::CallMethod {
                        recv: Box::new(recv),
                        method: *name,
                        args,
                        place,
                    },
                    span,
                );
            }
            ExprKind::OptField { expr, name, .. } => {
                let recv = self.expr(expr);
                let args = self.args(args);
                return Node::new(
                    NodeKind::CallOptMethod {
                        recv: Box::new(recv),
                        method: *name,
                        args,
                    },
                    span,
                );
            }
            _ => {}
        }
        if let ExprKind::Name(name) = callee.kind
            && let Some(Resolved::Top(Name::Global {
                index,
                kind: GlobalKind::Function,
                ..
            })) = self.lookup(name)
        {
            let args = self.args(args);
            return Node::new(
                NodeKind::CallFunction {
                    global: index,
                    args,
                },
                span,
            );
        }
        let callee = self.expr(callee);
        let args = self.args(args);
        Node::new(
            NodeKind::Call {
                callee: Box::new(callee),
                args,
            },
            span,
        )
    }

    fn call_builtin(&mut self, b: Builtin, args: &[ast::Arg], span: Span) -> Node {
        match b {
            Builtin::Some | Builtin::Ok | Builtin::Err => {
                if args.len() != 1 || args[0].name.is_some() {
                    self.error(span, format!("`{}` takes exactly one argument", b.name()));
                    return Self::nil(span);
                }
                let value = self.expr(&args[0].value);
                match b {
                    // Options are nil-based: `Some(v)` is `v` itself.
                    Builtin::Some => value,
                    _ => Node::new(
                        NodeKind::MakeVariant {
                            ty: builtin_types::RESULT,
                            variant: if b == Builtin::Ok {
                                builtin_types::OK
                            } else {
                                builtin_types::ERR
                            },
                            fields: vec![value],
                        },
                        span,
                    ),
                }
            }
            _ => {
                let args = self.args(args);
                Node::new(NodeKind::CallBuiltin { builtin: b, args }, span)
            }
        }
    }

    /// `Point(1, 2)`, `Point(x: 1, y: 2)`, `Point { x: 1 }`.
    fn construct(&mut self, ty: TypeId, args: &[ast::Arg], span: Span) -> Node {
        let info = self.prog.types.get(ty);
        let type_name = info.name;
        if info.kind == TypeKind::Enum {
            self.error(
                span,
                format!("enum `{type_name}` cannot be called; construct a variant like `{type_name}.Variant(...)`"),
            );
            return Self::nil(span);
        }
        let field_names = info.fields.clone();
        let has_default = info.has_default.clone();
        let mut fields: Vec<Option<Node>> = field_names.iter().map(|_| None).collect();
        let mut next_positional = 0;
        // With named arguments, a bare name that is a field's name fills
        // that field (`Point(x: 1, y)` is `Point(x: 1, y: y)`).
        let any_named = args.iter().any(|a| a.name.is_some());
        for arg in args {
            let shorthand = match (&arg.name, &arg.value.kind) {
                (None, ExprKind::Name(n)) if any_named && field_names.contains(n) => Some(*n),
                _ => None,
            };
            let index = match arg.name.or(shorthand) {
                Some(name) => match field_names.iter().position(|f| *f == name) {
                    Some(i) => i,
                    None => {
                        let candidates: Vec<&str> =
                            field_names.iter().map(|f| f.as_str()).collect();
                        let hint = crate::suggest::did_you_mean(&crate::suggest::closest(
                            name.as_str(),
                            candidates,
                            3,
                        ));
                        let mut d = simple_syntax::Diagnostic::error(
                            arg.span,
                            format!("`{type_name}` has no field `{name}`"),
                        );
                        if !hint.is_empty() {
                            d = d.with_note(hint);
                        }
                        self.error_with(d);
                        continue;
                    }
                },
                None => {
                    let i = next_positional;
                    next_positional += 1;
                    if i >= field_names.len() {
                        self.error(
                            arg.span,
                            format!(
                                "`{type_name}` has {} field(s); too many arguments",
                                field_names.len()
                            ),
                        );
                        continue;
                    }
                    i
                }
            };
            if fields[index].is_some() {
                self.error(
                    arg.span,
                    format!("field `{}` is given twice", field_names[index]),
                );
                continue;
            }
            fields[index] = Some(self.expr(&arg.value));
        }
        for (i, f) in fields.iter().enumerate() {
            if f.is_none() && !has_default[i] {
                self.error(
                    span,
                    format!(
                        "missing field `{}` for `{type_name}` (it has no default)",
                        field_names[i]
                    ),
                );
            }
        }
        let construct = Node::new(NodeKind::Construct { ty, fields }, span);
        self.checked_construct(ty, construct, span)
    }

    /// `Shape.Circle(1.0)`, `Rect(w: 1, h: 2)`.
    fn make_variant(&mut self, ty: TypeId, variant: u32, args: &[ast::Arg], span: Span) -> Node {
        let info = &self.prog.types.get(ty).variants[variant as usize];
        let vname = info.name;
        let names = info.fields.clone();
        if info.unit {
            self.error(
                span,
                format!("variant `{vname}` has no payload; write it without parentheses"),
            );
            return Self::nil(span);
        }
        if args.len() != names.len() {
            self.error(
                span,
                format!(
                    "variant `{vname}` takes {} value(s), {} given",
                    names.len(),
                    args.len()
                ),
            );
            return Self::nil(span);
        }
        let mut fields: Vec<Option<Node>> = names.iter().map(|_| None).collect();
        for (i, arg) in args.iter().enumerate() {
            let index = match arg.name {
                Some(name) => match names.iter().position(|n| *n == name) {
                    Some(idx) => idx,
                    None => {
                        self.error(arg.span, format!("variant `{vname}` has no field `{name}`"));
                        continue;
                    }
                },
                None => i,
            };
            fields[index] = Some(self.expr(&arg.value));
        }
        let fields = fields
            .into_iter()
            .map(|f| f.unwrap_or_else(|| Self::nil(span)))
            .collect();
        Node::new(
            NodeKind::MakeVariant {
                ty,
                variant,
                fields,
            },
            span,
        )
    }

    pub(crate) fn lambda(
        &mut self,
        params: &[ast::Param],
        body: &[ast::Stmt],
        span: Span,
    ) -> (Rc<crate::ir::FnIr>, Vec<crate::ir::CaptureFrom>) {
        let shared = std::mem::take(&mut self.share_next);
        let ((params, variadic, body), locals, captures) =
            self.in_function_ctx(FnRole::Free, None, |r| {
                if shared {
                    r.share_bindings();
                }
                let (params, variadic) = r.params(params);
                let body = r.fn_body(body);
                (params, variadic, body)
            });
        let func = Rc::new(crate::ir::FnIr {
            name: Symbol::intern("<lambda>"),
            display_name: "<lambda>".into(),
            role: FnRole::Free,
            owner: None,
            params,
            variadic,
            locals,
            captures: captures.len() as u32,
            self_capture: None,
            body,
            file: self.file(),
            span,
            doc: None,
        });
        (func, captures)
    }

    // ----- places -----

    /// The place a method receiver lives in, when it is a variable or a
    /// field/index chain (so `me` methods and mutating built-ins can change
    /// it in place).
    fn receiver_place(&mut self, e: &ast::Expr) -> Option<Place> {
        match &e.kind {
            ExprKind::Name(_)
            | ExprKind::Field { .. }
            | ExprKind::TupleField { .. }
            | ExprKind::Index { .. } => self.place(e),
            _ => None,
        }
    }

    /// An assignment target; reports why when `e` cannot be assigned to.
    pub(crate) fn assign_place(&mut self, e: &ast::Expr) -> Option<Place> {
        match &e.kind {
            ExprKind::Name(name) => match self.lookup(*name) {
                Some(Resolved::Local { mutable: false, .. })
                | Some(Resolved::Top(Name::Global {
                    mutable: false,
                    kind: GlobalKind::Value,
                    ..
                })) => {
                    self.error(e.span, Self::immutable_message(*name));
                    None
                }
                Some(Resolved::Capture(_)) => {
                    self.error(
                        e.span,
                        format!(
                            "cannot assign to `{name}` here: a lambda captures the values of local variables, not the variables"
                        ),
                    );
                    None
                }
                Some(Resolved::Local { .. })
                | Some(Resolved::Top(Name::Global {
                    kind: GlobalKind::Value,
                    ..
                })) => self.place(e),
                Some(_) => {
                    self.error(
                        e.span,
                        format!("cannot assign to `{name}`: it is not a variable"),
                    );
                    None
                }
                None => {
                    if let Some(field) = self.implicit_self_field(*name, e.span) {
                        return self.place(&field);
                    }
                    self.unknown_name(*name, e.span);
                    None
                }
            },
            ExprKind::Field { .. } | ExprKind::TupleField { .. } | ExprKind::Index { .. } => {
                let place = self.place(e);
                if place.is_none() {
                    self.error(e.span, "cannot assign to this expression");
                }
                place
            }
            _ => {
                self.error(e.span, "cannot assign to this expression");
                None
            }
        }
    }

    fn place(&mut self, e: &ast::Expr) -> Option<Place> {
        match &e.kind {
            ExprKind::Name(name) => match self.lookup(*name)? {
                Resolved::Local { slot, mutable } => Some(Place::Var {
                    slot: Slot::Local(slot),
                    name: *name,
                    mutable,
                }),
                Resolved::Capture(i) => Some(Place::Capture(i, *name)),
                Resolved::Top(Name::Global {
                    index,
                    mutable,
                    kind,
                }) => Some(Place::Var {
                    slot: Slot::Global(index),
                    name: *name,
                    mutable: mutable && kind == GlobalKind::Value,
                }),
                _ => None,
            },
            ExprKind::Field { expr, name, .. } => {
                if self.static_target(expr).is_some() {
                    return None;
                }
                let base = self.place_or_expr(expr);
                Some(Place::Field(Box::new(base), *name))
            }
            ExprKind::TupleField { expr, index } => {
                let base = self.place_or_expr(expr);
                Some(Place::TupleField(Box::new(base), *index))
            }
            ExprKind::Index { expr, index } => {
                let base = self.place_or_expr(expr);
                let index = self.expr(index);
                Some(Place::Index(Box::new(base), Box::new(index)))
            }
            _ => None,
        }
    }

    fn place_or_expr(&mut self, e: &ast::Expr) -> Place {
        match self.place(e) {
            Some(p) => p,
            None => Place::Expr(Box::new(self.expr(e))),
        }
    }

    // ----- comprehensions -----

    /// Lowers a comprehension to a loop that appends to a hidden local.
    fn comprehension(&mut self, clauses: &[ast::CompClause], span: Span, comp: Comp<'_>) -> Node {
        self.not_top(|r| {
            r.push_scope();
            let acc = r.hidden_local();
            r.push_scope();
            enum Clause {
                For(crate::ir::Pat, Node),
                If(Node),
            }
            let mut resolved = Vec::new();
            for clause in clauses {
                match clause {
                    ast::CompClause::For { pattern, iter } => {
                        let iter = r.expr(iter);
                        let pattern = r.pattern(pattern, false);
                        resolved.push(Clause::For(pattern, iter));
                    }
                    ast::CompClause::If(cond) => resolved.push(Clause::If(r.expr(cond))),
                }
            }
            let acc_place = || Place::Var {
                slot: Slot::Local(acc),
                name: Symbol::intern(" tmp"),
                mutable: true,
            };
            let (init, mut inner) = match comp {
                Comp::List(elem) => {
                    let elem = r.expr(elem);
                    (
                        NodeKind::Array(Vec::new()),
                        Node::new(
                            NodeKind::CallMethod {
                                recv: Box::new(Node::new(NodeKind::Local(acc), span)),
                                method: known::PUSH,
                                args: Args::positional(vec![elem]),
                                place: Some(acc_place()),
                            },
                            span,
                        ),
                    )
                }
                Comp::Dict(key, value) => {
                    let key = r.expr(key);
                    let value = r.expr(value);
                    (
                        NodeKind::Dict(Vec::new()),
                        Node::new(
                            NodeKind::Assign {
                                place: Place::Index(Box::new(acc_place()), Box::new(key)),
                                op: None,
                                value: Box::new(value),
                            },
                            span,
                        ),
                    )
                }
            };
            for clause in resolved.into_iter().rev() {
                inner = match clause {
                    Clause::For(pattern, iter) => Node::new(
                        NodeKind::For {
                            pattern,
                            iter: Box::new(iter),
                            body: vec![inner],
                        },
                        span,
                    ),
                    Clause::If(cond) => Node::new(
                        NodeKind::If {
                            cond: crate::ir::Cond::Expr(Box::new(cond)),
                            then: vec![inner],
                            else_: None,
                        },
                        span,
                    ),
                };
            }
            r.pop_scope();
            r.pop_scope();
            let block: Block = vec![
                Node::new(
                    NodeKind::Define(Slot::Local(acc), Box::new(Node::new(init, span))),
                    span,
                ),
                inner,
                Node::new(NodeKind::Local(acc), span),
            ];
            Node::new(NodeKind::Block(block), span)
        })
    }
}

enum Comp<'a> {
    List(&'a ast::Expr),
    Dict(&'a ast::Expr, &'a ast::Expr),
}

fn cast_target(ty: &ast::TypeExpr) -> CastTarget {
    let ast::TypeKind::Named { path, .. } = &ty.kind else {
        return CastTarget::Other;
    };
    if path.len() != 1 {
        return CastTarget::Other;
    }
    match path[0] {
        known::I8 => CastTarget::I8,
        known::I16 => CastTarget::I16,
        known::I32 => CastTarget::I32,
        known::I64 | known::INT => CastTarget::I64,
        known::U8 => CastTarget::U8,
        known::U16 => CastTarget::U16,
        known::U32 => CastTarget::U32,
        known::U64 => CastTarget::U64,
        known::F64 | known::F32 | known::FLOAT => CastTarget::F64,
        known::BOOL => CastTarget::Bool,
        known::TEXT | known::STR | known::STRING => CastTarget::Text,
        _ => CastTarget::Other,
    }
}
