//! Parser tests: declarations (fixtures in `tests/parse/declarations/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("declarations");
}

use common::assert_ast;
use simple_syntax::ast::{FnKind, StmtKind};

#[test]
fn explicit_self_is_dropped() {
    let (m, d) = common::parse(
        "struct S:\n    fn a(self, x): x\n    me b(mut self): 1\n    fn c(self: Self): 2\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let StmtKind::Struct(s) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(s.methods[0].sig.params.len(), 1);
    assert!(s.methods[1].sig.params.is_empty());
    assert_eq!(s.methods[1].sig.kind, FnKind::Me);
    assert!(s.methods[2].sig.params.is_empty());
}

#[test]
fn modifiers() {
    let (m, d) = common::parse("pub static fn a(): 1\npub(crate) async fn b(): 2\n");
    assert!(d.is_empty(), "{d:?}");
    let StmtKind::Fn(a) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(a.sig.kind, FnKind::Static);
    let StmtKind::Fn(b) = &m.body[1].kind else {
        panic!()
    };
    assert!(b.sig.is_async);
}

#[test]
fn trait_signatures_and_defaults() {
    assert_ast(
        "trait T:\n    fn req() -> i64\n    fn prov(): 1\n",
        "(trait T\n  (required fn req (params) (-> i64))\n  (fn prov (params) (body\n    1)))",
    );
}
