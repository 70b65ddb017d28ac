//! The resolver: AST in, resolved tree ([`crate::ir`]) out.
//!
//! It decides, once, what every name means: a frame slot, a captured value,
//! a module-level global, a type, a variant, a module or a built-in. It also
//! reports what can be known before the program runs: unknown names (with
//! suggestions), assignment to a `val`, `break` outside a loop, `return`
//! outside a function, missing struct fields.
//!
//! A module is resolved in two passes: the first collects every top-level
//! declaration (so functions may refer to names defined later in the file),
//! the second resolves bodies.

mod contract;
mod decl;
mod expr;
mod flat;
mod pattern;
mod stmt;
mod units;

use std::rc::Rc;

use simple_syntax::{Diagnostic, Span, Symbol, ast, known};

use crate::builtins::Builtin;
use crate::error::FileId;
use crate::function::FnRole;
use crate::ir::{CaptureFrom, FnIr, ModuleIr, Node, NodeKind, Slot};
use crate::program::{ModuleScope, Name, Program};
use crate::suggest;
use crate::value::{TypeId, Value};

/// Loads imported modules. Implemented by the interpreter's module system.
pub trait Loader {
    /// Loads (once) the module `path` imported from `from`, returning its
    /// module id; the module is resolved and compiled but not yet run.
    fn load(&mut self, prog: &mut Program, path: &[Symbol], from: FileId) -> Result<u32, String>;

    /// Makes a module of `module`, written inline (`module name:`) in
    /// file `file`; resolved and compiled but not yet run. Its own errors
    /// come back to be reported with the enclosing file's.
    fn load_inline(
        &mut self,
        prog: &mut Program,
        name: Symbol,
        module: &ast::Module,
        file: FileId,
    ) -> Result<u32, Vec<Diagnostic>>;
}

/// A local variable in a function frame.
#[derive(Clone, Copy, Debug)]
struct Local {
    name: Symbol,
    /// A frame slot, or a global index when `global`.
    slot: u32,
    mutable: bool,
    /// A binding of a spec group body, stored as a hidden global so the
    /// group's hooks and examples share it.
    global: bool,
}

/// Per-function resolution state.
struct FnCtx {
    scopes: Vec<Vec<Local>>,
    next_slot: u32,
    max_slots: u32,
    /// (name, where it comes from in the enclosing frame, mutable there)
    captures: Vec<(Symbol, CaptureFrom)>,
    loop_depth: u32,
    /// A nested named `fn` can call itself by name.
    self_name: Option<Symbol>,
    /// The type whose method this is (one with `self`), for suggestions.
    method_of: Option<crate::value::TypeId>,
    /// The body of a `describe`/`context` group: its own bindings are
    /// shared with the lambdas inside it (hooks and examples).
    shared: bool,
    /// The module's own top-level frame (not a function).
    is_module: bool,
}

impl FnCtx {
    fn new(is_module: bool) -> FnCtx {
        FnCtx {
            scopes: vec![Vec::new()],
            next_slot: 0,
            max_slots: 0,
            captures: Vec::new(),
            loop_depth: 0,
            self_name: None,
            method_of: None,
            shared: false,
            is_module,
        }
    }

    fn find(&self, name: Symbol) -> Option<Local> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|l| l.name == name)
            .copied()
    }

    fn declare(&mut self, name: Symbol, mutable: bool) -> u32 {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.max_slots = self.max_slots.max(self.next_slot);
        self.scopes
            .last_mut()
            .expect("a function context always has a scope")
            .push(Local {
                name,
                slot,
                mutable,
                global: false,
            });
        slot
    }
}

/// What a name resolved to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Resolved {
    Local { slot: u32, mutable: bool },
    Capture(u32),
    Top(Name),
    Builtin(Builtin),
    Variant(TypeId, u32),
    Nil,
}

pub struct Resolver<'a> {
    pub(crate) prog: &'a mut Program,
    loader: &'a mut dyn Loader,
    scope: &'a mut ModuleScope,
    file: FileId,
    fns: Vec<FnCtx>,
    diags: Vec<Diagnostic>,
    methods: Vec<(TypeId, Rc<FnIr>)>,
    /// Methods with `self` declared so far, by type (for suggestions: their
    /// bodies may not be resolved yet).
    method_names: Vec<(TypeId, Symbol)>,
    defaults: Vec<(TypeId, usize, Node)>,
    hoisted: Vec<Node>,
    /// True while resolving statements directly in the module body (their
    /// bindings become globals).
    at_top: bool,
    /// The next lambda resolved is a spec group body.
    share_next: bool,
    /// `bind Trait = Impl`: static calls on the trait go to the type.
    binds: Vec<(Symbol, Symbol)>,
    /// Types with an `invariant:` and its conditions.
    invariants: Vec<(TypeId, Vec<ast::ContractCond>)>,
    /// While resolving postconditions: the `old(e)` captures made so far.
    old_captures: Option<Vec<Node>>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        prog: &'a mut Program,
        loader: &'a mut dyn Loader,
        scope: &'a mut ModuleScope,
        file: FileId,
    ) -> Resolver<'a> {
        Resolver {
            prog,
            loader,
            scope,
            file,
            fns: vec![FnCtx::new(true)],
            diags: Vec::new(),
            methods: Vec::new(),
            method_names: Vec::new(),
            defaults: Vec::new(),
            hoisted: Vec::new(),
            at_top: true,
            share_next: false,
            binds: Vec::new(),
            invariants: Vec::new(),
            old_captures: None,
        }
    }

    /// Resolves a whole module (or one REPL input).
    pub fn resolve_module(mut self, module: &ast::Module) -> (ModuleIr, Vec<Diagnostic>) {
        self.collect(&module.body);
        self.resolve_declarations(&module.body);
        let body = self.top_level_body(&module.body);
        let frame_size = self.fns[0].max_slots;
        let ir = ModuleIr {
            hoisted: std::mem::take(&mut self.hoisted),
            methods: std::mem::take(&mut self.methods),
            defaults: std::mem::take(&mut self.defaults),
            body,
            frame_size,
        };
        (ir, self.diags)
    }

    // ----- diagnostics -----

    pub(crate) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    pub(crate) fn error_with(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    // ----- scopes -----

    fn ctx(&mut self) -> &mut FnCtx {
        self.fns.last_mut().expect("resolver always has a context")
    }

    pub(crate) fn push_scope(&mut self) {
        self.ctx().scopes.push(Vec::new());
    }

    /// Renames the innermost local called `name` so that later code cannot
    /// see it (its slot stays reserved).
    pub(crate) fn hide_local(&mut self, name: Symbol) {
        let hidden = Symbol::intern("hidden local");
        if let Some(l) = self
            .ctx()
            .scopes
            .iter_mut()
            .rev()
            .flat_map(|s| s.iter_mut().rev())
            .find(|l| l.name == name)
        {
            l.name = hidden;
        }
    }

    pub(crate) fn pop_scope(&mut self) {
        let ctx = self.ctx();
        if let Some(scope) = ctx.scopes.pop()
            && let Some(first) = scope.iter().find(|l| !l.global)
        {
            ctx.next_slot = first.slot;
        }
    }

    /// Declares a binding in the innermost scope; at the module's top level
    /// it becomes (or reuses) a global.
    pub(crate) fn declare(&mut self, name: Symbol, mutable: bool) -> Slot {
        if self.at_top {
            return Slot::Global(self.global_for(name, mutable));
        }
        let ctx = self.fns.last().expect("resolver always has a context");
        if ctx.shared && ctx.scopes.len() == 1 {
            let index = self.prog.add_global(name);
            self.ctx().scopes[0].push(Local {
                name,
                slot: index,
                mutable,
                global: true,
            });
            return Slot::Global(index);
        }
        Slot::Local(self.ctx().declare(name, mutable))
    }

    /// Marks the function context being resolved as a spec group body.
    pub(crate) fn share_bindings(&mut self) {
        self.ctx().shared = true;
    }

    /// A fresh hidden local (comprehension accumulators and the like).
    pub(crate) fn hidden_local(&mut self) -> u32 {
        let name = Symbol::intern(" tmp");
        self.ctx().declare(name, true)
    }

    /// The global slot for a top-level binding (collected in pass 1).
    fn global_for(&mut self, name: Symbol, mutable: bool) -> u32 {
        match self.scope.names.get(&name) {
            Some(Name::Global { index, .. }) => *index,
            _ => {
                let index = self.prog.add_global(name);
                self.scope.names.insert(
                    name,
                    Name::Global {
                        index,
                        mutable,
                        kind: crate::program::GlobalKind::Value,
                    },
                );
                index
            }
        }
    }

    pub(crate) fn in_loop(&self) -> bool {
        self.fns.last().is_some_and(|c| c.loop_depth > 0)
    }

    pub(crate) fn in_function(&self) -> bool {
        self.fns.last().is_some_and(|c| !c.is_module)
    }

    pub(crate) fn enter_loop(&mut self) {
        self.ctx().loop_depth += 1;
    }

    pub(crate) fn exit_loop(&mut self) {
        self.ctx().loop_depth -= 1;
    }

    /// Resolves a name through locals, captures, enclosing functions, the
    /// module, imports and built-ins.
    pub(crate) fn lookup(&mut self, name: Symbol) -> Option<Resolved> {
        let top = self.fns.len() - 1;
        for level in (0..=top).rev() {
            let ctx = &mut self.fns[level];
            let from = if let Some(local) = ctx.find(name) {
                if local.global {
                    return Some(Resolved::Top(Name::Global {
                        index: local.slot,
                        mutable: local.mutable,
                        kind: crate::program::GlobalKind::Value,
                    }));
                }
                if level == top {
                    return Some(Resolved::Local {
                        slot: local.slot,
                        mutable: local.mutable,
                    });
                }
                CaptureFrom::Local(local.slot)
            } else if let Some(i) = ctx.captures.iter().position(|c| c.0 == name) {
                CaptureFrom::Capture(i as u32)
            } else if ctx.self_name == Some(name) {
                // A nested `fn` naming itself: the running closure fills
                // this capture in when it is called.
                ctx.captures.push((name, CaptureFrom::SelfRef));
                CaptureFrom::Capture((ctx.captures.len() - 1) as u32)
            } else {
                continue;
            };
            // Thread the value through every function between there and here.
            let mut from = from;
            for inner in level + 1..=top {
                let ctx = &mut self.fns[inner];
                let index = match ctx.captures.iter().position(|c| c.0 == name) {
                    Some(i) => i,
                    None => {
                        ctx.captures.push((name, from));
                        ctx.captures.len() - 1
                    }
                };
                from = CaptureFrom::Capture(index as u32);
            }
            return match from {
                CaptureFrom::Capture(index) => Some(Resolved::Capture(index)),
                _ => unreachable!("a name found in an enclosing frame is captured"),
            };
        }
        if let Some(n) = self.scope.get(name) {
            return Some(Resolved::Top(n));
        }
        if let Some(b) = Builtin::from_name(name.as_str()) {
            return Some(Resolved::Builtin(b));
        }
        if let Some(n) = self.prog.host_names.get(&name) {
            return Some(Resolved::Top(*n));
        }
        if name == simple_syntax::known::NONE {
            return Some(Resolved::Nil);
        }
        if let Some(list) = self.prog.variant_names.get(&name)
            && let [(ty, variant)] = list.as_slice()
        {
            return Some(Resolved::Variant(*ty, *variant));
        }
        None
    }

    /// Every name visible here, for suggestions.
    fn visible_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for ctx in &self.fns {
            for scope in &ctx.scopes {
                names.extend(scope.iter().map(|l| l.name.as_str()));
            }
            names.extend(ctx.captures.iter().map(|c| c.0.as_str()));
        }
        names.extend(self.scope.names.keys().map(|s| s.as_str()));
        names.extend(self.scope.imported.keys().map(|s| s.as_str()));
        names.extend(Builtin::ALL.iter().map(|b| b.name()));
        names.extend(self.prog.host_names.keys().map(|s| s.as_str()));
        names.retain(|n| !n.starts_with(' ') && !n.starts_with("__"));
        names
    }

    /// Marks the current function context as a method of `ty` (one that
    /// has `self`).
    /// Records the methods with `self` among `decls` as methods of `ty`.
    pub(crate) fn note_methods(&mut self, ty: TypeId, decls: &[ast::FnDecl]) {
        for d in decls {
            if !matches!(d.sig.kind, ast::FnKind::Static) {
                self.method_names.push((ty, d.sig.name));
            }
        }
    }

    pub(crate) fn set_method_of(&mut self, ty: crate::value::TypeId) {
        if let Some(ctx) = self.fns.last_mut() {
            ctx.method_of = Some(ty);
        }
    }

    /// `self.name` as written out, when a bare `name` in a method (or a
    /// lambda inside one) is a field or method of the method's type and
    /// nothing else: upstream reads and assigns fields and calls methods
    /// without `self.`.
    pub(crate) fn implicit_self_field(&self, name: Symbol, span: Span) -> Option<ast::Expr> {
        let ty = self.fns.iter().rev().find_map(|c| c.method_of)?;
        let info = self.prog.types.get(ty);
        let member = info.fields.contains(&name)
            || info.methods.contains_key(&name)
            || self.method_names.contains(&(ty, name));
        if !member {
            return None;
        }
        let receiver = ast::Expr {
            kind: ast::ExprKind::Name(known::SELF_),
            span,
        };
        Some(ast::Expr {
            kind: ast::ExprKind::Field {
                expr: Box::new(receiver),
                name,
                name_span: span,
            },
            span,
        })
    }

    pub(crate) fn unknown_name(&mut self, name: Symbol, span: Span) {
        let mut d = Diagnostic::error(span, format!("unknown name `{name}`"))
            .with_label("not defined here or in any enclosing scope");
        if let Some(module) = crate::modules::std_module_declaring(name.as_str()) {
            self.error_with(d.with_note(format!(
                "`{name}` is in the standard library: add `use {module}.{{{name}}}`"
            )));
            return;
        }
        let suggestions = suggest::closest(name.as_str(), self.visible_names(), 3);
        if !suggestions.is_empty() {
            d = d.with_note(suggest::did_you_mean(&suggestions));
        }
        self.error_with(d);
    }

    /// Runs `f` inside a new function context; returns what `f` produced
    /// and the context's frame layout (locals, captures).
    pub(crate) fn in_function_ctx<T>(
        &mut self,
        role: FnRole,
        self_name: Option<Symbol>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> (T, u32, Vec<CaptureFrom>) {
        let was_top = self.at_top;
        self.at_top = false;
        let _ = role;
        let mut ctx = FnCtx::new(false);
        ctx.self_name = self_name;
        self.fns.push(ctx);
        let out = f(self);
        let ctx = self.fns.pop().expect("pushed above");
        self.at_top = was_top;
        let captures = ctx.captures.into_iter().map(|(_, from)| from).collect();
        (out, ctx.max_slots, captures)
    }

    pub(crate) fn file(&self) -> FileId {
        self.file
    }

    pub(crate) fn nil(span: Span) -> Node {
        Node::new(NodeKind::Const(Value::Nil), span)
    }
}
