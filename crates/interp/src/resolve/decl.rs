//! Declarations: the collection pass over a module's top level, and the
//! resolution of functions, types, impl blocks, traits and imports.

use std::rc::Rc;

use simple_syntax::ast::{self, StmtKind, TypeDeclKind, UseItems, VariantFields};
use simple_syntax::{Span, Symbol, known};

use super::Resolver;
use crate::function::FnRole;
use crate::ir::{FnIr, Node, NodeKind, ParamIr, Slot};
use crate::program::{GlobalKind, Name, TraitEntry};
use crate::types::{TypeInfo, TypeKind, VariantInfo};
use crate::value::TypeId;

impl Resolver<'_> {
    /// Pass 1: give every top-level declaration its name, so bodies may
    /// refer to anything in the module regardless of order.
    pub(super) fn collect(&mut self, body: &[ast::Stmt]) {
        for stmt in body {
            match &stmt.kind {
                // A decorated function's global holds whatever its
                // decorators return, so it is a value, not a fixed function.
                StmtKind::Fn(f) if !f.decorators.is_empty() => {
                    self.declare_global(f.sig.name, GlobalKind::Value, false)
                }
                StmtKind::Fn(f) => self.declare_global(f.sig.name, GlobalKind::Function, false),
                StmtKind::Extern(sig) => self.declare_global(sig.name, GlobalKind::Extern, false),
                StmtKind::Struct(s) => self.declare_struct(s),
                StmtKind::Enum(e) => self.declare_enum(e),
                StmtKind::Trait(t) => self.declare_trait(t),
                StmtKind::Use(u) => self.import(u),
                StmtKind::Bind { name, target } => self.binds.push((*name, *target)),
                StmtKind::Module { name, body } => self.inline_module(*name, body, stmt.span),
                StmtKind::FnAlias { name, .. } => {
                    self.declare_global(*name, GlobalKind::Value, false)
                }
                StmtKind::Unit { suffixes, .. } => {
                    for name in super::units::declared_names(suffixes) {
                        self.declare_global(name, GlobalKind::Value, false);
                    }
                }
                StmtKind::Let(l) => {
                    let mutable = l.kind.is_mutable();
                    let mut names = Vec::new();
                    pattern_names(&l.pattern, &mut names);
                    for name in names {
                        self.declare_global(name, GlobalKind::Value, mutable);
                    }
                }
                _ => {}
            }
        }
        // `main = 0` at the top level with no declaration anywhere in the
        // module (or imported): assigning declares a module variable, as in
        // Python and upstream Simple. Inside functions an assignment to an
        // unknown name stays an error (a typo must not create a local).
        for stmt in body {
            if let StmtKind::Assign {
                target:
                    ast::Expr {
                        kind: ast::ExprKind::Name(name),
                        ..
                    },
                op: None,
                ..
            } = &stmt.kind
                && name.as_str() != "_"
                && self.scope.get(*name).is_none()
            {
                self.declare_global(*name, GlobalKind::Value, true);
            }
        }
        self.type_aliases(body.iter(), &mut Vec::new());
    }

    /// `type Name = T`: when `T` names a struct, class or enum, `Name`
    /// names it too (other aliases only document annotations, which are
    /// not checked). `saved` records what the names meant before.
    fn type_aliases<'s>(
        &mut self,
        body: impl Iterator<Item = &'s ast::Stmt>,
        saved: &mut Vec<(Symbol, Option<Name>)>,
    ) {
        for stmt in body {
            if let StmtKind::TypeAlias { name, ty } = &stmt.kind
                && let ast::TypeKind::Named { path, .. } = &ty.kind
                && let [one] = path.as_slice()
                && let Some(Name::Type(id)) = self.scope.get(*one)
            {
                saved.push((*name, self.scope.names.get(name).copied()));
                self.scope.names.insert(*name, Name::Type(id));
            }
        }
    }

    fn declare_global(&mut self, name: Symbol, kind: GlobalKind, mutable: bool) {
        match self.scope.names.get(&name).copied() {
            // Redeclaring a value binding at the top level (`val x = 1` twice,
            // or a REPL redefinition) reuses its slot.
            Some(Name::Global { index, .. }) => {
                self.scope.names.insert(
                    name,
                    Name::Global {
                        index,
                        mutable,
                        kind,
                    },
                );
            }
            _ => {
                let index = self.prog.add_global(name);
                self.scope.names.insert(
                    name,
                    Name::Global {
                        index,
                        mutable,
                        kind,
                    },
                );
            }
        }
    }

    fn declare_struct(&mut self, s: &ast::StructDecl) {
        let kind = match s.kind {
            TypeDeclKind::Struct => TypeKind::Struct,
            TypeDeclKind::Class => TypeKind::Class,
            // Expanded away by the parser; never reaches here.
            TypeDeclKind::Mixin => TypeKind::Struct,
        };
        let mut info = TypeInfo::new(s.name, kind);
        for field in &s.fields {
            if info.fields.contains(&field.name) {
                self.error(
                    field.span,
                    format!("field `{}` is declared twice", field.name),
                );
                continue;
            }
            info.fields.push(field.name);
            info.has_default.push(field.default.is_some());
            info.defaults.push(None);
        }
        for name in property_fields(s) {
            if !info.fields.contains(&name) {
                info.fields.push(name);
                info.has_default.push(true);
                info.defaults.push(None);
            }
        }
        info.doc = s.doc.clone();
        let id = self.prog.types.add(info);
        if !s.invariant.is_empty() {
            self.invariants.push((id, s.invariant.clone()));
        }
        self.note_methods(id, &s.methods);
        self.scope.names.insert(s.name, Name::Type(id));
    }

    fn declare_enum(&mut self, e: &ast::EnumDecl) {
        let mut info = TypeInfo::new(e.name, TypeKind::Enum);
        for v in &e.variants {
            let (fields, named, unit) = match &v.fields {
                VariantFields::Unit => (Vec::new(), false, true),
                VariantFields::Tuple(types) => (
                    (0..types.len())
                        .map(|i| Symbol::intern(&format!("_{i}")))
                        .collect(),
                    false,
                    false,
                ),
                VariantFields::Named(fields) => (fields.iter().map(|f| f.0).collect(), true, false),
            };
            if info.variant_index(v.name).is_some() {
                self.error(v.span, format!("variant `{}` is declared twice", v.name));
                continue;
            }
            info.variants.push(VariantInfo {
                name: v.name,
                fields,
                named,
                unit,
            });
        }
        info.doc = e.doc.clone();
        let names: Vec<Symbol> = info.variants.iter().map(|v| v.name).collect();
        let id = self.prog.types.add(info);
        for (i, name) in names.into_iter().enumerate() {
            self.prog
                .variant_names
                .entry(name)
                .or_default()
                .push((id, i as u32));
        }
        self.scope.names.insert(e.name, Name::Type(id));
    }

    fn declare_trait(&mut self, t: &ast::TraitDecl) {
        self.prog.traits.push(TraitEntry {
            name: t.name,
            required: t.required.iter().map(|s| s.name).collect(),
            provided: t.provided.clone(),
            file: self.file,
        });
        let id = (self.prog.traits.len() - 1) as u32;
        self.scope.names.insert(t.name, Name::Trait(id));
    }

    /// `use` / `import`: loads the module and binds the names it asks for.
    pub(crate) fn import(&mut self, u: &ast::UseDecl) {
        let module = match self.loader.load(self.prog, &u.path, self.file) {
            Ok(id) => id,
            Err(message) => {
                if !self.import_single_name(u) {
                    self.error(u.path_span, message);
                }
                return;
            }
        };
        let exports: Vec<(Symbol, Name)> = self.prog.modules[module as usize]
            .scope
            .names
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        match &u.items {
            UseItems::Module { alias } => {
                let last = *u.path.last().expect("a use path has a segment");
                self.scope
                    .names
                    .insert(alias.unwrap_or(last), Name::Module(module));
                // The subset also makes the module's names reachable
                // unqualified; the importing module's own names win.
                for (name, n) in exports {
                    self.scope.imported.insert(name, n);
                }
            }
            UseItems::Glob => {
                for (name, n) in exports {
                    self.scope.imported.insert(name, n);
                }
            }
            UseItems::Names(names) => {
                for item in names {
                    match exports.iter().find(|(n, _)| *n == item.name) {
                        Some((_, n)) => {
                            let name = item.alias.unwrap_or(item.name);
                            self.scope.names.insert(name, *n);
                            self.scope.used.push(name);
                        }
                        None => {
                            let candidates: Vec<&str> =
                                exports.iter().map(|(n, _)| n.as_str()).collect();
                            let hint = crate::suggest::did_you_mean(&crate::suggest::closest(
                                item.name.as_str(),
                                candidates,
                                3,
                            ));
                            let path: Vec<&str> = u.path.iter().map(|s| s.as_str()).collect();
                            self.error(
                                item.span,
                                format!(
                                    "module `{}` has no name `{}`{}",
                                    path.join("."),
                                    item.name,
                                    if hint.is_empty() {
                                        String::new()
                                    } else {
                                        format!("; {hint}")
                                    }
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// The module a `use` runs: its path's, or for `use a.b.name` (a name
    /// of module `a.b`) the parent's. Loaded already by [`Self::import`].
    pub(crate) fn used_module(&mut self, u: &ast::UseDecl) -> Option<u32> {
        match self.loader.load(self.prog, &u.path, self.file) {
            Ok(id) => Some(id),
            Err(_) => match (&u.items, u.path.split_last()) {
                (UseItems::Module { .. }, Some((_, parent))) if !parent.is_empty() => {
                    self.loader.load(self.prog, parent, self.file).ok()
                }
                _ => None,
            },
        }
    }

    /// `use a.b.name` where `a.b` is a module and `name` one of its names
    /// (not a module): binds that name, as `use a.b.{name}` would. False
    /// when the path does not read that way.
    fn import_single_name(&mut self, u: &ast::UseDecl) -> bool {
        let (UseItems::Module { alias }, [parent @ .., last]) = (&u.items, u.path.as_slice())
        else {
            return false;
        };
        if parent.is_empty() {
            return false;
        }
        let Ok(module) = self.loader.load(self.prog, parent, self.file) else {
            return false;
        };
        let Some(name) = self.prog.modules[module as usize]
            .scope
            .names
            .get(last)
            .copied()
        else {
            return false;
        };
        let bound = alias.unwrap_or(*last);
        self.scope.names.insert(bound, name);
        self.scope.used.push(bound);
        true
    }

    /// Types, traits and impls declared inside a block: declared when the
    /// block is entered (so the whole block sees them), their methods
    /// resolved like a module's (they cannot capture the enclosing
    /// function's locals). Returns what the names meant before, for
    /// [`Resolver::restore_names`] at the end of the block.
    pub(crate) fn local_type_decls(&mut self, body: &[ast::Stmt]) -> Vec<(Symbol, Option<Name>)> {
        let decls: Vec<&ast::Stmt> = body
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    StmtKind::Struct(_)
                        | StmtKind::Enum(_)
                        | StmtKind::Trait(_)
                        | StmtKind::Impl(_)
                        | StmtKind::TypeAlias { .. }
                        | StmtKind::Bind { .. }
                )
            })
            .collect();
        if decls.is_empty() {
            return Vec::new();
        }
        let mut saved = Vec::new();
        for s in &decls {
            let name = match &s.kind {
                StmtKind::Struct(d) => d.name,
                StmtKind::Enum(e) => e.name,
                StmtKind::Trait(t) => t.name,
                _ => continue,
            };
            saved.push((name, self.scope.names.get(&name).copied()));
            match &s.kind {
                StmtKind::Struct(d) => self.declare_struct(d),
                StmtKind::Enum(e) => self.declare_enum(e),
                StmtKind::Trait(t) => self.declare_trait(t),
                _ => {}
            }
        }
        for s in &decls {
            if let StmtKind::Bind { name, target } = &s.kind {
                self.binds.push((*name, *target));
            }
        }
        self.type_aliases(decls.iter().copied(), &mut saved);
        let outer = self.fns.split_off(1);
        let at_top = std::mem::replace(&mut self.at_top, false);
        self.resolve_declarations(decls.iter().copied());
        self.at_top = at_top;
        self.fns.extend(outer);
        saved
    }

    /// Undoes [`Resolver::local_type_decls`] at the end of a block.
    pub(crate) fn restore_names(&mut self, saved: Vec<(Symbol, Option<Name>)>) {
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(n) => self.scope.names.insert(name, n),
                None => self.scope.names.remove(&name),
            };
        }
    }

    /// Pass 2a: function bodies, type methods, field defaults, impls.
    pub(super) fn resolve_declarations<'s>(
        &mut self,
        body: impl IntoIterator<Item = &'s ast::Stmt>,
    ) {
        let module_level = self.at_top && !self.in_function();
        let mut aliases = Vec::new();
        for stmt in body {
            match &stmt.kind {
                // Bound after every function, so the target may come later.
                StmtKind::FnAlias { name, target } if module_level => {
                    aliases.push((*name, target, stmt.span))
                }
                StmtKind::Fn(f) => {
                    let Some(Name::Global { index, .. }) =
                        self.scope.names.get(&f.sig.name).copied()
                    else {
                        continue;
                    };
                    let (ir, _) = self.resolve_fn(f, None, None);
                    self.hoisted.push(Node::new(
                        NodeKind::Define(
                            Slot::Global(index),
                            Box::new(Node::new(NodeKind::Function(ir), f.sig.span)),
                        ),
                        f.sig.span,
                    ));
                }
                StmtKind::Struct(s) => {
                    if let Some(Name::Type(ty)) = self.scope.names.get(&s.name).copied() {
                        for (i, field) in s.fields.iter().enumerate() {
                            if let Some(default) = &field.default {
                                let node = self.resolve_in_empty_frame(default);
                                self.defaults.push((ty, i, node));
                            }
                        }
                        for name in property_fields(s) {
                            if let Some(i) = self.prog.types.get(ty).field_index(name) {
                                self.defaults.push((ty, i, Self::nil(s.span)));
                            }
                        }
                        for m in &s.methods {
                            self.add_method(ty, m);
                        }
                    }
                }
                StmtKind::Enum(e) => {
                    if let Some(Name::Type(ty)) = self.scope.names.get(&e.name).copied() {
                        for m in &e.methods {
                            self.add_method(ty, m);
                        }
                    }
                }
                StmtKind::Impl(i) => self.resolve_impl(i),
                _ => {}
            }
        }
        for (name, target, span) in aliases {
            if let Some(Name::Global { index, .. }) = self.scope.names.get(&name).copied() {
                let value = self.expr(target);
                self.hoisted.push(Node::new(
                    NodeKind::Define(Slot::Global(index), Box::new(value)),
                    span,
                ));
            }
        }
    }

    /// Field defaults are evaluated in a frame of their own.
    fn resolve_in_empty_frame(&mut self, expr: &ast::Expr) -> Node {
        let (node, locals, _) = self.in_function_ctx(FnRole::Free, None, |r| r.expr(expr));
        if locals == 0 {
            node
        } else {
            // Defaults needing locals (comprehensions) run as a call.
            let span = expr.span;
            let func = Rc::new(FnIr {
                name: Symbol::intern("<default>"),
                display_name: "<default>".into(),
                role: FnRole::Free,
                owner: None,
                params: Vec::new(),
                variadic: None,
                locals,
                captures: 0,
                body: vec![node],
                file: self.file,
                span,
                doc: None,
                self_capture: None,
            });
            Node::new(
                NodeKind::Call {
                    callee: Box::new(Node::new(NodeKind::Function(func), span)),
                    args: Default::default(),
                },
                span,
            )
        }
    }

    fn add_method(&mut self, ty: TypeId, decl: &ast::FnDecl) {
        let role = match decl.sig.kind {
            ast::FnKind::Plain => FnRole::Method,
            ast::FnKind::Me => FnRole::MeMethod,
            ast::FnKind::Static => FnRole::Static,
        };
        let (ir, _) = self.resolve_fn(decl, Some(ty), Some(role));
        self.methods.push((ty, ir));
    }

    fn resolve_impl(&mut self, imp: &ast::ImplDecl) {
        let builtin = crate::types::BuiltinKind::from_type_name(imp.target.as_str());
        let ty = match (self.scope.get(imp.target), builtin) {
            (Some(Name::Type(ty)), _) => ty,
            // `impl text:` / `impl Trait for i64:`: methods for a built-in
            // kind (a built-in method of the same name still wins).
            (None, Some(kind)) => self.prog.types.builtin_impl_type(kind, imp.target),
            _ => {
                self.error(
                    imp.target_span,
                    format!(
                        "`impl {}`: no struct, class or enum named `{}`",
                        imp.target, imp.target
                    ),
                );
                return;
            }
        };
        self.note_methods(ty, &imp.methods);
        for m in &imp.methods {
            self.add_method(ty, m);
        }
        if let Some(trait_name) = imp.trait_name {
            let Some(Name::Trait(tid)) = self.scope.get(trait_name) else {
                // Upstream's standard traits need no declaration: the impl
                // adds its methods and the type is known to have the trait.
                if STANDARD_TRAITS.contains(&trait_name.as_str()) {
                    self.prog.types.get_mut(ty).traits.push(trait_name);
                } else {
                    self.error(imp.span, format!("unknown trait `{trait_name}`"));
                }
                return;
            };
            let (required, provided) = {
                let t = &self.prog.traits[tid as usize];
                (t.required.clone(), t.provided.clone())
            };
            let defined: Vec<Symbol> = imp.methods.iter().map(|m| m.sig.name).collect();
            for name in required {
                if !defined.contains(&name) {
                    self.error(
                        imp.span,
                        format!(
                            "`impl {trait_name} for {}` is missing method `{name}`",
                            imp.target
                        ),
                    );
                }
            }
            for m in provided.iter().filter(|m| !defined.contains(&m.sig.name)) {
                self.add_method(ty, m);
            }
            self.prog.types.get_mut(ty).traits.push(trait_name);
        }
    }

    /// `module name:` at a module's top level: the inline module is made
    /// now (so every function may use `name.member`) and runs before the
    /// enclosing module's first statement.
    fn inline_module(&mut self, name: Symbol, body: &[ast::Stmt], span: Span) {
        if let Some(id) = self.make_module(name, body) {
            self.scope.names.insert(name, Name::Module(id));
            self.hoisted.push(Node::new(NodeKind::UseModule(id), span));
        }
    }

    /// `module name:` inside a block: the module is made now and bound to a
    /// local `name`; it runs when the statement is reached.
    pub(crate) fn local_module(
        &mut self,
        name: Symbol,
        body: &[ast::Stmt],
        span: Span,
    ) -> NodeKind {
        let Some(id) = self.make_module(name, body) else {
            return NodeKind::Nop;
        };
        let slot = self.declare(name, false);
        let value = Node::new(NodeKind::Const(crate::value::Value::Module(id)), span);
        NodeKind::Block(vec![
            Node::new(NodeKind::UseModule(id), span),
            Node::new(NodeKind::Define(slot, Box::new(value)), span),
        ])
    }

    /// The module of a `module name:` block, its errors kept with this
    /// file's.
    fn make_module(&mut self, name: Symbol, body: &[ast::Stmt]) -> Option<u32> {
        let module = ast::Module {
            doc: None,
            body: body.to_vec(),
        };
        match self.loader.load_inline(self.prog, name, &module, self.file) {
            Ok(id) => Some(id),
            Err(diags) => {
                self.diags.extend(diags);
                None
            }
        }
    }

    /// Resolves a function declaration. `owner`/`role` are set for methods.
    pub(crate) fn resolve_fn(
        &mut self,
        decl: &ast::FnDecl,
        owner: Option<TypeId>,
        role: Option<FnRole>,
    ) -> (Rc<FnIr>, Vec<crate::ir::CaptureFrom>) {
        let role = role.unwrap_or(FnRole::Free);
        let display_name = match owner {
            Some(ty) => format!("{}.{}", self.prog.types.name(ty), decl.sig.name),
            None => decl.sig.name.to_string(),
        };
        // A nested named fn may call itself; a top-level one is a global.
        let self_name = (!self.at_top && owner.is_none()).then_some(decl.sig.name);
        let ((params, variadic, body), locals, captures) =
            self.in_function_ctx(role, self_name, |r| {
                if matches!(role, FnRole::Method | FnRole::MeMethod) {
                    r.declare(known::SELF_, role == FnRole::MeMethod);
                    if let Some(ty) = owner {
                        r.set_method_of(ty);
                    }
                }
                let (params, variadic) = r.params(&decl.sig.params);
                // A public method of a type with an invariant keeps it.
                let invariant = match (owner, role) {
                    (Some(ty), FnRole::Method | FnRole::MeMethod)
                        if !decl.sig.name.as_str().starts_with('_') =>
                    {
                        r.type_invariant(ty).map(|c| c.to_vec()).unwrap_or_default()
                    }
                    _ => Vec::new(),
                };
                let body = r.fn_body_with(&decl.body, &invariant, decl.sig.span);
                (params, variadic, body)
            });
        let self_capture = captures
            .iter()
            .position(|c| matches!(c, crate::ir::CaptureFrom::SelfRef))
            .map(|i| i as u32);
        let ir = Rc::new(FnIr {
            name: decl.sig.name,
            display_name,
            role,
            owner,
            params,
            variadic,
            locals,
            captures: captures.len() as u32,
            body,
            file: self.file,
            span: decl.sig.span,
            doc: decl.doc.clone(),
            self_capture,
        });
        (ir, captures)
    }

    /// Declares parameters in the current (function) context.
    pub(crate) fn params(&mut self, params: &[ast::Param]) -> (Vec<ParamIr>, Option<Symbol>) {
        let mut out = Vec::new();
        let mut variadic = None;
        let mut seen: Vec<Symbol> = Vec::new();
        for p in params {
            if seen.contains(&p.name) {
                self.error(p.span, format!("parameter `{}` is declared twice", p.name));
            }
            seen.push(p.name);
            if p.variadic {
                if variadic.is_some() {
                    self.error(p.span, "only one variadic parameter is allowed");
                }
                variadic = Some(p.name);
                continue;
            }
            if variadic.is_some() {
                self.error(p.span, "parameters after a variadic parameter can only be passed by name, which is not supported");
            }
            // Parameters are declared before defaults are resolved so that a
            // default may use an earlier parameter.
            let default = p.default.as_ref().map(|d| self.expr(d));
            self.declare(p.name, true);
            out.push(ParamIr {
                name: p.name,
                is_mut: p.is_mut,
                default,
            });
        }
        if let Some(name) = variadic {
            self.declare(name, true);
        }
        (out, variadic)
    }

    /// Resolves a named `fn` declared inside a block: a closure over the
    /// enclosing frame, bound to a local.
    pub(crate) fn nested_fn(&mut self, decl: &ast::FnDecl, span: Span) -> Node {
        let (func, captures) = self.resolve_fn(decl, None, None);
        let slot = self.declare(decl.sig.name, false);
        let lambda = Rc::new(crate::ir::LambdaIr { func, captures });
        let value = self.decorate(decl, Node::new(NodeKind::Lambda(lambda), span), span);
        Node::new(NodeKind::Define(slot, Box::new(value)), span)
    }

    /// Applies `decl`'s decorators to the function value `f`, bottom-up:
    /// `@a @b fn f` binds `a(b(f))`. A decorator whose name (or callee's
    /// name, for `@a(args)`) is not defined is an attribute such as
    /// `@inline` or `@deprecated("...")` and is skipped.
    pub(crate) fn decorate(&mut self, decl: &ast::FnDecl, f: Node, span: Span) -> Node {
        let mut value = f;
        for d in decl.decorators.iter().rev() {
            let head = match &d.kind {
                ast::ExprKind::Name(n) => Some(*n),
                ast::ExprKind::Call { callee, .. } => match &callee.kind {
                    ast::ExprKind::Name(n) => Some(*n),
                    _ => None,
                },
                _ => None,
            };
            if head.is_some_and(|n| self.lookup(n).is_none()) {
                continue;
            }
            let deco = self.expr(d);
            value = Node::new(
                NodeKind::Call {
                    callee: Box::new(deco),
                    args: crate::ir::Args::positional(vec![value]),
                },
                span,
            );
        }
        value
    }
}

/// Every name a binding pattern introduces.
pub(crate) fn pattern_names(p: &ast::Pattern, out: &mut Vec<Symbol>) {
    use ast::PatternKind as P;
    match &p.kind {
        P::Bind(name) => out.push(*name),
        P::Rest(Some(name)) => out.push(*name),
        P::Tuple(items) | P::Array(items) => items.iter().for_each(|i| pattern_names(i, out)),
        P::Variant {
            args: Some(args), ..
        } => args.iter().for_each(|a| pattern_names(&a.pattern, out)),
        P::Or(alts) => {
            if let Some(first) = alts.first() {
                pattern_names(first, out)
            }
        }
        _ => {}
    }
}

/// The backing fields a type's property methods imply: `get_name`,
/// `set_name` or `is_name` with neither `name` nor `_name` declared gives a
/// field `_name` (default nil), as upstream's auto-forwarding properties do.
fn property_fields(s: &ast::StructDecl) -> Vec<Symbol> {
    let mut out: Vec<Symbol> = Vec::new();
    for m in &s.methods {
        let name = m.sig.name.as_str();
        let Some(prop) = ["get_", "set_", "is_"]
            .iter()
            .find_map(|p| name.strip_prefix(p))
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        let backing = Symbol::intern(&format!("_{prop}"));
        let declared = s
            .fields
            .iter()
            .any(|f| f.name == backing || f.name.as_str() == prop);
        if !declared && !out.contains(&backing) {
            out.push(backing);
        }
    }
    out
}

/// Traits every program may implement without declaring them (upstream's
/// standard library declares them; here they have no required methods).
const STANDARD_TRAITS: &[&str] = &[
    "Display",
    "Debug",
    "Clone",
    "Copy",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Hash",
    "ToString",
    "Iterator",
    "IntoIterator",
    "From",
    "Into",
    "Drop",
    "Send",
    "Sync",
];
