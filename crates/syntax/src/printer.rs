//! A compact, deterministic S-expression dump of the AST (no spans), for
//! `simple parse` and the parser tests.
//!
//! Statements go one per line; blocks (`(body ...)`) indent their
//! statements by two spaces; everything else prints inline, e.g.
//! `(fn add (params a b=1) (body (binary + (name a) (name b))))` (shown
//! here on one line; the body's statement goes on its own line).

use std::fmt::Write;

use crate::ast::*;

/// Dumps a module.
pub fn print_module(m: &Module) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
    };
    if let Some(doc) = &m.doc {
        let _ = write!(p.out, "(doc {doc:?})");
        p.out.push('\n');
    }
    for s in &m.body {
        p.stmt(s);
        p.out.push('\n');
    }
    p.out
}

/// Dumps one expression on its own (for tests and debugging).
pub fn print_expr(e: &Expr) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
    };
    p.expr(e);
    p.out
}

struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn nl(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    /// `(label` newline, indented statements, `)`.
    fn block(&mut self, label: &str, b: &[Stmt]) {
        self.w("(");
        self.w(label);
        self.indent += 1;
        for s in b {
            self.nl();
            self.stmt(s);
        }
        self.indent -= 1;
        self.w(")");
    }

    fn ty(&mut self, t: &TypeExpr) {
        let s = type_str(t);
        self.w(&s);
    }

    fn params(&mut self, ps: &[Param]) {
        self.w("(params");
        for p in ps {
            self.w(" ");
            if p.variadic {
                self.w("...");
            }
            self.w(p.name.as_str());
            if let Some(t) = &p.ty {
                self.w(":");
                self.ty(t);
            }
            if let Some(d) = &p.default {
                self.w("=");
                self.expr(d);
            }
        }
        self.w(")");
    }

    fn sig(&mut self, s: &FnSig) {
        if s.is_async {
            self.w("async ");
        }
        match s.kind {
            FnKind::Plain => self.w("fn "),
            FnKind::Me => self.w("me "),
            FnKind::Static => self.w("static fn "),
        }
        self.w(s.name.as_str());
        if !s.generics.is_empty() {
            self.w(" (generics");
            for g in &s.generics {
                self.w(" ");
                self.w(g.as_str());
            }
            self.w(")");
        }
        self.w(" ");
        self.params(&s.params);
        if let Some(r) = &s.ret {
            self.w(" (-> ");
            self.ty(r);
            self.w(")");
        }
    }

    fn doc(&mut self, doc: &Option<String>) {
        if let Some(d) = doc {
            let _ = write!(self.out, " (doc {d:?})");
        }
    }

    fn fn_decl(&mut self, f: &FnDecl) {
        self.w("(");
        self.sig(&f.sig);
        self.doc(&f.doc);
        self.w(" ");
        self.block("body", &f.body);
        self.w(")");
    }

    fn generics(&mut self, gs: &[crate::symbol::Symbol]) {
        if !gs.is_empty() {
            self.w(" (generics");
            for g in gs {
                self.w(" ");
                self.w(g.as_str());
            }
            self.w(")");
        }
    }

    fn methods(&mut self, ms: &[FnDecl]) {
        for m in ms {
            self.nl();
            self.fn_decl(m);
        }
    }

    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::Expr(e) => self.expr(e),
            Cond::Let { pattern, value, .. } => {
                self.w("(let-cond ");
                self.pat(pattern);
                self.w(" ");
                self.expr(value);
                self.w(")");
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        // Trees are as deep as the parser's nesting limit: make sure the
        // native stack has room on any thread.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Let(l) => {
                let kw = match l.kind {
                    BindingKind::Val => "val",
                    BindingKind::Var => "var",
                    BindingKind::Let => "let",
                    BindingKind::LetMut => "let-mut",
                    BindingKind::Const => "const",
                };
                self.w("(");
                self.w(kw);
                self.w(" ");
                self.pat(&l.pattern);
                if let Some(t) = &l.ty {
                    self.w(" (type ");
                    self.ty(t);
                    self.w(")");
                }
                if let Some(v) = &l.value {
                    self.w(" ");
                    self.expr(v);
                }
                if let Some(body) = &l.else_ {
                    self.w(" (else");
                    for s in body {
                        self.w(" ");
                        self.stmt(s);
                    }
                    self.w(")");
                }
                self.w(")");
            }
            StmtKind::Assign { target, op, value } => {
                self.w("(assign");
                if let Some(op) = op {
                    self.w(op.symbol());
                }
                self.w(" ");
                self.expr(target);
                self.w(" ");
                self.expr(value);
                self.w(")");
            }
            StmtKind::While { cond, body } => {
                self.w("(while ");
                self.cond(cond);
                self.w(" ");
                self.block("body", body);
                self.w(")");
            }
            StmtKind::For {
                pattern,
                iter,
                body,
            } => {
                self.w("(for ");
                self.pat(pattern);
                self.w(" ");
                self.expr(iter);
                self.w(" ");
                self.block("body", body);
                self.w(")");
            }
            StmtKind::Loop { body } => {
                self.w("(loop ");
                self.block("body", body);
                self.w(")");
            }
            StmtKind::With { value, name, body } => {
                self.w("(with ");
                self.expr(value);
                if let Some(n) = name {
                    self.w(" as ");
                    self.w(n.as_str());
                }
                self.w(" ");
                self.block("body", body);
                self.w(")");
            }
            StmtKind::Break => self.w("(break)"),
            StmtKind::Continue => self.w("(continue)"),
            StmtKind::Return(None) => self.w("(return)"),
            StmtKind::Return(Some(e)) => {
                self.w("(return ");
                self.expr(e);
                self.w(")");
            }
            StmtKind::Pass => self.w("(pass)"),
            StmtKind::Fn(f) => self.fn_decl(f),
            StmtKind::Struct(d) => {
                self.w(match d.kind {
                    TypeDeclKind::Struct => "(struct ",
                    TypeDeclKind::Class => "(class ",
                    TypeDeclKind::Mixin => "(mixin ",
                });
                self.w(d.name.as_str());
                self.generics(&d.generics);
                self.doc(&d.doc);
                self.indent += 1;
                for f in &d.fields {
                    self.nl();
                    self.w("(field ");
                    self.w(f.name.as_str());
                    if let Some(t) = &f.ty {
                        self.w(" ");
                        self.ty(t);
                    }
                    if let Some(v) = &f.default {
                        self.w(" = ");
                        self.expr(v);
                    }
                    self.w(")");
                }
                if !d.invariant.is_empty() {
                    self.nl();
                    self.contract_conds("invariant", &d.invariant);
                }
                self.methods(&d.methods);
                self.indent -= 1;
                self.w(")");
            }
            StmtKind::Enum(d) => {
                self.w("(enum ");
                self.w(d.name.as_str());
                self.generics(&d.generics);
                self.doc(&d.doc);
                self.indent += 1;
                for v in &d.variants {
                    self.nl();
                    self.w("(variant ");
                    self.w(v.name.as_str());
                    match &v.fields {
                        VariantFields::Unit => {}
                        VariantFields::Tuple(ts) => {
                            self.w(" (");
                            for (i, t) in ts.iter().enumerate() {
                                if i > 0 {
                                    self.w(" ");
                                }
                                self.ty(t);
                            }
                            self.w(")");
                        }
                        VariantFields::Named(fs) => {
                            self.w(" (");
                            for (i, (n, t)) in fs.iter().enumerate() {
                                if i > 0 {
                                    self.w(" ");
                                }
                                self.w(n.as_str());
                                if let Some(t) = t {
                                    self.w(":");
                                    self.ty(t);
                                }
                            }
                            self.w(")");
                        }
                    }
                    self.w(")");
                }
                self.methods(&d.methods);
                self.indent -= 1;
                self.w(")");
            }
            StmtKind::Impl(d) => {
                self.w("(impl ");
                if let Some(t) = d.trait_name {
                    self.w(t.as_str());
                    self.w(" for ");
                }
                self.w(d.target.as_str());
                self.doc(&d.doc);
                self.indent += 1;
                self.methods(&d.methods);
                self.indent -= 1;
                self.w(")");
            }
            StmtKind::Trait(d) => {
                self.w("(trait ");
                self.w(d.name.as_str());
                self.doc(&d.doc);
                self.indent += 1;
                for r in &d.required {
                    self.nl();
                    self.w("(required ");
                    self.sig(r);
                    self.w(")");
                }
                self.methods(&d.provided);
                self.indent -= 1;
                self.w(")");
            }
            StmtKind::Extern(sig) => {
                self.w("(extern ");
                self.sig(sig);
                self.w(")");
            }
            StmtKind::TypeAlias { name, ty } => {
                self.w(&format!("(type {name} "));
                self.ty(ty);
                self.w(")");
            }
            StmtKind::Bind { name, target } => self.w(&format!("(bind {name} {target})")),
            StmtKind::FnAlias { name, target } => {
                self.w(&format!("(fn-alias {name} "));
                self.expr(target);
                self.w(")");
            }
            StmtKind::Module { name, body } => {
                self.w(&format!("(module {name} "));
                self.block("body", body);
                self.w(")");
            }
            StmtKind::Unit { name, suffixes } => {
                let suffixes: Vec<&str> = suffixes.iter().map(|s| s.as_str()).collect();
                self.w(&format!("(unit {name} [{}])", suffixes.join(" ")));
            }
            StmtKind::Use(u) => {
                self.w("(use ");
                let path: Vec<&str> = u.path.iter().map(|s| s.as_str()).collect();
                self.w(&path.join("."));
                match &u.items {
                    UseItems::Module { alias: None } => {}
                    UseItems::Module { alias: Some(a) } => {
                        self.w(" (as ");
                        self.w(a.as_str());
                        self.w(")");
                    }
                    UseItems::Glob => self.w(" *"),
                    UseItems::Names(names) => {
                        self.w(" (names");
                        for n in names {
                            self.w(" ");
                            self.w(n.name.as_str());
                            if let Some(a) = n.alias {
                                self.w(":");
                                self.w(a.as_str());
                            }
                        }
                        self.w(")");
                    }
                }
                self.w(")");
            }
            StmtKind::Expect { cond, source } => {
                let _ = write!(self.out, "(expect {source:?} ");
                self.expr(cond);
                self.w(")");
            }
            StmtKind::Contract(c) => {
                let head = match &c.kind {
                    ContractKind::Pre => "in".to_string(),
                    ContractKind::Post(None) => "out".to_string(),
                    ContractKind::Post(Some(n)) => format!("out {n}"),
                    ContractKind::PostErr(None) => "out_err".to_string(),
                    ContractKind::PostErr(Some(n)) => format!("out_err {n}"),
                    ContractKind::Invariant => "invariant".to_string(),
                };
                self.contract_conds(&head, &c.conds);
            }
            StmtKind::Error => self.w("(error)"),
        }
    }

    fn contract_conds(&mut self, head: &str, conds: &[ContractCond]) {
        self.w(&format!("({head}"));
        for c in conds {
            let _ = write!(self.out, " {:?} ", c.source);
            self.expr(&c.expr);
        }
        self.w(")");
    }

    fn args<'a>(&mut self, items: impl IntoIterator<Item = &'a Expr>) {
        for e in items {
            self.w(" ");
            self.expr(e);
        }
    }

    fn opt(&mut self, e: &Option<Box<Expr>>) {
        self.w(" ");
        match e {
            Some(e) => self.expr(e),
            None => self.w("_"),
        }
    }

    fn clauses(&mut self, cs: &[CompClause]) {
        for c in cs {
            match c {
                CompClause::For { pattern, iter } => {
                    self.w(" (for ");
                    self.pat(pattern);
                    self.w(" ");
                    self.expr(iter);
                    self.w(")");
                }
                CompClause::If(e) => {
                    self.w(" (if ");
                    self.expr(e);
                    self.w(")");
                }
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(v) => {
                let _ = write!(self.out, "{v}");
            }
            ExprKind::UInt(v) => {
                let _ = write!(self.out, "{v}u64");
            }
            ExprKind::Float(v) => {
                let _ = write!(self.out, "{v:?}");
            }
            ExprKind::UnitLit { number, suffix } => {
                self.w("(unit ");
                self.expr(number);
                let _ = write!(self.out, " {suffix})");
            }
            ExprKind::Str(s) => {
                let _ = write!(self.out, "{s:?}");
            }
            ExprKind::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            ExprKind::Nil => self.w("nil"),
            ExprKind::FStr(parts) => {
                self.w("(fstr");
                for p in parts {
                    match p {
                        FStrPart::Text(t) => {
                            let _ = write!(self.out, " {t:?}");
                        }
                        FStrPart::Expr { expr, spec } => {
                            self.w(" (interp ");
                            self.expr(expr);
                            if let Some(spec) = spec {
                                let _ = write!(self.out, " {spec:?}");
                            }
                            self.w(")");
                        }
                    }
                }
                self.w(")");
            }
            ExprKind::Suffixed { text, suffix } => {
                let _ = write!(self.out, "(suffixed {text:?} {suffix})");
            }
            ExprKind::Name(n) => {
                self.w("(name ");
                self.w(n.as_str());
                self.w(")");
            }
            ExprKind::Array(items) => {
                self.w("(array");
                for i in items {
                    self.w(" ");
                    match i {
                        ArrayElem::Item(x) => self.expr(x),
                        ArrayElem::Spread(x) => {
                            self.w("(spread ");
                            self.expr(x);
                            self.w(")");
                        }
                    }
                }
                self.w(")");
            }
            ExprKind::Dict(entries) => {
                self.w("(dict");
                for (k, v) in entries {
                    self.w(" (");
                    self.expr(k);
                    self.w(" ");
                    self.expr(v);
                    self.w(")");
                }
                self.w(")");
            }
            ExprKind::Set(items) => {
                self.w("(set");
                self.args(items);
                self.w(")");
            }
            ExprKind::Tuple(items) => {
                self.w("(tuple");
                self.args(items);
                self.w(")");
            }
            ExprKind::Unary { op, expr } => {
                self.w(match op {
                    UnaryOp::Neg => "(neg ",
                    UnaryOp::Not => "(not ",
                    UnaryOp::BitNot => "(bitnot ",
                });
                self.expr(expr);
                self.w(")");
            }
            ExprKind::Binary { op, lhs, rhs } => {
                self.w("(binary ");
                self.w(op.symbol());
                self.args([&**lhs, &**rhs]);
                self.w(")");
            }
            ExprKind::BinaryChain { first, rest } => {
                self.w("(chain ");
                self.expr(first);
                for (op, x) in rest {
                    self.w(" ");
                    self.w(op.symbol());
                    self.w(" ");
                    self.expr(x);
                }
                self.w(")");
            }
            ExprKind::Compare { first, rest } => {
                self.w("(compare ");
                self.expr(first);
                for (op, x) in rest {
                    self.w(" ");
                    self.w(cmpop_str(*op));
                    self.w(" ");
                    self.expr(x);
                }
                self.w(")");
            }
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                self.w(if *inclusive { "(range= " } else { "(range " });
                self.expr(start);
                self.w(" ");
                self.expr(end);
                self.w(")");
            }
            ExprKind::Call { callee, args } => {
                self.w("(call ");
                self.expr(callee);
                for a in args {
                    self.w(" ");
                    match a.name {
                        Some(n) => {
                            self.w("(named ");
                            self.w(n.as_str());
                            self.w(" ");
                            self.expr(&a.value);
                            self.w(")");
                        }
                        None => self.expr(&a.value),
                    }
                }
                self.w(")");
            }
            ExprKind::Field { expr, name, .. } => {
                self.w("(field ");
                self.expr(expr);
                self.w(" ");
                self.w(name.as_str());
                self.w(")");
            }
            ExprKind::TupleField { expr, index } => {
                self.w("(tuple-field ");
                self.expr(expr);
                let _ = write!(self.out, " {index})");
            }
            ExprKind::OptField { expr, name, .. } => {
                self.w("(opt-field ");
                self.expr(expr);
                self.w(" ");
                self.w(name.as_str());
                self.w(")");
            }
            ExprKind::Index { expr, index } => {
                self.w("(index ");
                self.expr(expr);
                self.w(" ");
                self.expr(index);
                self.w(")");
            }
            ExprKind::Slice {
                expr,
                start,
                end,
                step,
            } => {
                self.w("(slice ");
                self.expr(expr);
                self.opt(start);
                self.opt(end);
                self.opt(step);
                self.w(")");
            }
            ExprKind::Try(x) => {
                self.w("(try ");
                self.expr(x);
                self.w(")");
            }
            ExprKind::Present(x) => {
                self.w("(present ");
                self.expr(x);
                self.w(")");
            }
            ExprKind::Cast { expr, ty } => {
                self.w("(as ");
                self.expr(expr);
                self.w(" ");
                self.ty(ty);
                self.w(")");
            }
            ExprKind::Lambda(l) => {
                self.w("(lambda ");
                self.params(&l.params);
                self.w(" ");
                self.block("body", &l.body);
                self.w(")");
            }
            ExprKind::If(i) => {
                self.w("(if ");
                self.cond(&i.cond);
                self.w(" ");
                self.block("then", &i.then);
                for arm in &i.elifs {
                    self.w(" (elif ");
                    self.cond(&arm.cond);
                    self.w(" ");
                    self.block("then", &arm.then);
                    self.w(")");
                }
                if let Some(b) = &i.else_ {
                    self.w(" ");
                    self.block("else", b);
                }
                self.w(")");
            }
            ExprKind::Match(m) => {
                self.w("(match ");
                self.expr(&m.scrutinee);
                self.indent += 1;
                for arm in &m.arms {
                    self.nl();
                    self.w("(case ");
                    self.pat(&arm.pattern);
                    if let Some(g) = &arm.guard {
                        self.w(" (guard ");
                        self.expr(g);
                        self.w(")");
                    }
                    self.w(" ");
                    self.block("body", &arm.body);
                    self.w(")");
                }
                self.indent -= 1;
                self.w(")");
            }
            ExprKind::Await(x) => {
                self.w("(await ");
                self.expr(x);
                self.w(")");
            }
            ExprKind::ListComp { elem, clauses } => {
                self.w("(list-comp ");
                self.expr(elem);
                self.clauses(clauses);
                self.w(")");
            }
            ExprKind::DictComp {
                key,
                value,
                clauses,
            } => {
                self.w("(dict-comp ");
                self.expr(key);
                self.w(" ");
                self.expr(value);
                self.clauses(clauses);
                self.w(")");
            }
            ExprKind::StructLit { path, fields } => {
                self.w("(struct-lit ");
                self.expr(path);
                for f in fields {
                    self.w(" (");
                    self.w(f.name.as_str());
                    self.w(" ");
                    self.expr(&f.value);
                    self.w(")");
                }
                self.w(")");
            }
            ExprKind::Error => self.w("(error)"),
        }
    }

    fn pat(&mut self, p: &Pattern) {
        match &p.kind {
            PatternKind::Wildcard => self.w("_"),
            PatternKind::Bind(n) => self.w(n.as_str()),
            PatternKind::Int(v) => {
                let _ = write!(self.out, "{v}");
            }
            PatternKind::Float(v) => {
                let _ = write!(self.out, "{v:?}");
            }
            PatternKind::Str(s) => {
                let _ = write!(self.out, "{s:?}");
            }
            PatternKind::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            PatternKind::Nil => self.w("nil"),
            PatternKind::Range {
                start,
                end,
                inclusive,
            } => {
                let op = if *inclusive { "range=" } else { "range" };
                let _ = write!(self.out, "({op} {start} {end})");
            }
            PatternKind::Tuple(ps) => self.pats("tuple", ps),
            PatternKind::Array(ps) => self.pats("array", ps),
            PatternKind::Or(ps) => self.pats("or", ps),
            PatternKind::Rest(None) => self.w(".."),
            PatternKind::Rest(Some(n)) => {
                self.w("..");
                self.w(n.as_str());
            }
            PatternKind::Variant { path, args } => {
                self.w("(variant ");
                let path: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
                self.w(&path.join("."));
                if let Some(args) = args {
                    self.w(" (");
                    for (i, a) in args.iter().enumerate() {
                        if i > 0 {
                            self.w(" ");
                        }
                        if let Some(n) = a.name {
                            self.w(n.as_str());
                            self.w(": ");
                        }
                        self.pat(&a.pattern);
                    }
                    self.w(")");
                }
                self.w(")");
            }
        }
    }

    fn pats(&mut self, label: &str, ps: &[Pattern]) {
        self.w("(");
        self.w(label);
        for p in ps {
            self.w(" ");
            self.pat(p);
        }
        self.w(")");
    }
}

/// A type in source-like notation: `Array<T>`, `T?`, `[u8]`, `{K: V}`.
pub fn type_str(t: &TypeExpr) -> String {
    match &t.kind {
        TypeKind::Named { path, args } => {
            let mut s = path
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(".");
            if !args.is_empty() {
                s.push('<');
                s.push_str(&args.iter().map(type_str).collect::<Vec<_>>().join(", "));
                s.push('>');
            }
            s
        }
        TypeKind::Optional(t) => format!("{}?", type_str(t)),
        TypeKind::Array(t) => format!("[{}]", type_str(t)),
        TypeKind::Dict(k, v) => format!("{{{}: {}}}", type_str(k), type_str(v)),
        TypeKind::Tuple(ts) => format!(
            "({})",
            ts.iter().map(type_str).collect::<Vec<_>>().join(", ")
        ),
        TypeKind::Fn { params, ret } => {
            let ps = params.iter().map(type_str).collect::<Vec<_>>().join(", ");
            match ret {
                Some(r) => format!("fn({ps}) -> {}", type_str(r)),
                None => format!("fn({ps})"),
            }
        }
    }
}

fn cmpop_str(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtEq => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtEq => ">=",
        CmpOp::In => "in",
        CmpOp::NotIn => "not-in",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is-not",
    }
}
