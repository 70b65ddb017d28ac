//! `mixin M:` and `use M` in a class body: the mixin's fields (at the
//! position of the `use`) and methods (unless the class defines one of the
//! same name) are copied into the class. Done once a block is parsed, so
//! the resolver only ever sees ordinary structs and classes. A mixin is
//! visible to the classes of the block that declares it.

use crate::ast::{StmtKind, StructDecl, TypeDeclKind};
use crate::span::Span;
use crate::symbol::Symbol;

use crate::ast::Stmt;

/// Expands the `use M` lines of the classes in `body` and drops the mixin
/// declarations. Returns the `use` lines naming no mixin of this block.
pub(super) fn expand(body: &mut Vec<Stmt>) -> Vec<(Symbol, Span)> {
    let has_mixin = body
        .iter()
        .any(|s| matches!(&s.kind, StmtKind::Struct(d) if d.kind == TypeDeclKind::Mixin));
    let has_use = body
        .iter()
        .any(|s| matches!(&s.kind, StmtKind::Struct(d) if !d.uses.is_empty()));
    if !has_mixin && !has_use {
        return Vec::new();
    }
    let mut mixins: Vec<StructDecl> = Vec::new();
    body.retain(|s| match &s.kind {
        StmtKind::Struct(d) if d.kind == TypeDeclKind::Mixin => {
            mixins.push((**d).clone());
            false
        }
        _ => true,
    });
    let mut unknown = Vec::new();
    for s in body.iter_mut() {
        let StmtKind::Struct(d) = &mut s.kind else {
            continue;
        };
        // Mixin fields come first, in the order of the `use` lines.
        let mut insert_at = 0;
        for (name, span) in std::mem::take(&mut d.uses) {
            let Some(m) = mixins.iter().find(|m| m.name == name) else {
                unknown.push((name, span));
                continue;
            };
            for f in &m.fields {
                if !d.fields.iter().any(|x| x.name == f.name) {
                    d.fields.insert(insert_at, f.clone());
                    insert_at += 1;
                }
            }
            for method in &m.methods {
                if !d.methods.iter().any(|x| x.sig.name == method.sig.name) {
                    d.methods.push(method.clone());
                }
            }
        }
    }
    unknown
}
