//! Syntax errors: every case in `tests/errors/*.spl` renders (color off)
//! exactly as its `.err` file, plus targeted checks on recovery.

#[path = "parse/common.rs"]
mod common;

use common::{messages, parse};
use simple_syntax::ast::{ExprKind, StmtKind};

#[test]
fn error_fixtures() {
    let n = common::run_error_fixtures();
    assert!(n >= 20, "only {n} error cases");
}

#[test]
fn independent_errors_are_all_reported() {
    let src = "val a = (1 +)\nval b = 1\nval c = 2\nval d = 3\nval e = 4\nval f = 5\nval g = 6\nval h = 7\nval i = 8\nval j = 9\nval k = * 2\n";
    let (m, diags) = parse(src);
    assert_eq!(diags.len(), 2, "{diags:?}");
    assert_eq!(m.body.len(), 11);
    assert!(matches!(
        m.body[10].kind,
        StmtKind::Error | StmtKind::Let(_)
    ));
}

#[test]
fn one_mistake_one_error() {
    // A broken header must not produce errors for its block too.
    assert_eq!(
        messages("if x > 0\n    print(x)\n    print(y)\nval z = 1\n").len(),
        1
    );
    assert_eq!(
        messages("val x = foo(1, 2\nval y = 3\nval z = 4\n").len(),
        1
    );
    assert_eq!(messages("else:\n    x\n    y\n").len(), 1);
    assert_eq!(messages("val x = (1 + ) * (2 + 3)\n").len(), 1);
    assert_eq!(messages("f(1, , 2)\ng(3)\n").len(), 1);
}

#[test]
fn recovery_keeps_the_rest_of_the_module() {
    let (m, diags) = parse("val a = 1\nval b = (1 +)\nfn f():\n    1\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(m.body.len(), 3);
    // The bracket recovered to an error expression inside a good `val`.
    let StmtKind::Let(l) = &m.body[1].kind else {
        panic!("{:?}", m.body[1])
    };
    assert!(matches!(l.value.as_ref().unwrap().kind, ExprKind::Error));
    assert!(matches!(m.body[2].kind, StmtKind::Fn(_)));
}

#[test]
fn errors_inside_blocks_recover_inside_the_block() {
    let (m, diags) = parse("fn f():\n    val x = \n    val y = 2\n    y\nfn g(): 1\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(m.body.len(), 2);
    let StmtKind::Fn(f) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(f.body.len(), 2, "{:?}", f.body);
}

#[test]
fn bracket_errors_recover_inside_the_brackets() {
    let (m, diags) = parse("val x = f(1, +, 2)\nval y = 1\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(matches!(m.body[0].kind, StmtKind::Let(_)));
}

#[test]
fn no_two_errors_at_one_place() {
    let (_, diags) = parse("val = = =\n");
    let mut spans: Vec<_> = diags.iter().map(|d| d.span).collect();
    spans.dedup();
    assert_eq!(spans.len(), diags.len());
}
