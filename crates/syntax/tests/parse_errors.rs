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

/// The declarations and statements a module has after parsing `src`, by
/// kind name, with the number of diagnostics.
fn shape(src: &str) -> (Vec<&'static str>, usize) {
    let (m, diags) = parse(src);
    let kinds = m
        .body
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Fn(_) => "fn",
            StmtKind::Struct(_) => "struct",
            StmtKind::Enum(_) => "enum",
            StmtKind::Trait(_) => "trait",
            StmtKind::Impl(_) => "impl",
            StmtKind::Let(_) => "let",
            StmtKind::Expr(_) => "expr",
            StmtKind::Error => "error",
            _ => "other",
        })
        .collect();
    (kinds, diags.len())
}

#[test]
fn a_bad_declaration_header_resynchronises_at_the_next_declaration() {
    let (kinds, n) = shape("fn 3(x):\n    x\nfn good(): 1\nstruct S:\n    a: i64\n");
    assert_eq!(n, 1);
    assert_eq!(kinds, ["error", "fn", "struct"]);
    let (kinds, n) = shape("struct 3:\n    a: i64\nenum E:\n    A\nval v = 1\n");
    assert_eq!(n, 1);
    assert_eq!(kinds, ["error", "enum", "let"]);
}

#[test]
fn a_bad_member_line_keeps_the_rest_of_the_type_body() {
    let (m, diags) = parse(
        "struct P:\n    x: i64\n    y: = 2\n    z: i64\n    fn sum(): x + z\nval after = 1\n",
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    let StmtKind::Struct(s) = &m.body[0].kind else {
        panic!("{:?}", m.body[0])
    };
    let fields: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fields, ["x", "z"]);
    assert_eq!(s.methods.len(), 1);
    assert!(matches!(m.body[1].kind, StmtKind::Let(_)));
}

#[test]
fn a_bad_statement_in_a_method_keeps_the_other_methods() {
    let (m, diags) = parse(
        "class C:\n    n: i64\n    fn a():\n        val = 1\n        n\n    fn b(): n + 1\nfn free(): 2\n",
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    let StmtKind::Struct(c) = &m.body[0].kind else {
        panic!("{:?}", m.body[0])
    };
    assert_eq!(c.methods.len(), 2);
    assert_eq!(c.methods[0].body.len(), 2, "{:?}", c.methods[0].body);
    assert!(matches!(m.body[1].kind, StmtKind::Fn(_)));
}

#[test]
fn errors_in_nested_blocks_recover_at_the_next_statement_of_that_block() {
    let src = "fn f(xs):\n    for x in xs:\n        if x >:\n            print(x)\n        print(x + 1)\n    while true:\n        break\n    1\n";
    let (m, diags) = parse(src);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let StmtKind::Fn(f) = &m.body[0].kind else {
        panic!("{:?}", m.body[0])
    };
    // `for`, `while`, and the final `1` all survive.
    assert_eq!(f.body.len(), 3, "{:?}", f.body);
    let StmtKind::For { body, .. } = &f.body[0].kind else {
        panic!("{:?}", f.body[0])
    };
    assert_eq!(body.len(), 2, "{body:?}");
}

#[test]
fn separate_mistakes_in_separate_declarations_are_each_reported_once() {
    let src =
        "fn a():\n    val x = (1 +\nfn b():\n    return ]\nstruct S:\n    f: i64 = *\nfn c(): 3\n";
    let (kinds, n) = shape(src);
    assert_eq!(n, 3, "{kinds:?}");
    assert_eq!(kinds, ["fn", "fn", "struct", "fn"]);
}

#[test]
fn a_bad_match_arm_keeps_the_other_arms() {
    let (m, diags) = parse(
        "val r = match x:\n    case 1: \"one\"\n    case ): \"bad\"\n    case _: \"other\"\nval after = 2\n",
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(m.body.len(), 2);
    let StmtKind::Let(l) = &m.body[0].kind else {
        panic!("{:?}", m.body[0])
    };
    let ExprKind::Match(mx) = &l.value.as_ref().unwrap().kind else {
        panic!("{:?}", l.value)
    };
    assert_eq!(mx.arms.len(), 2, "{:?}", mx.arms);
}

#[test]
fn a_bracket_left_open_before_a_declaration_is_closed_there() {
    // Reported once, at the bracket; the declarations after it parse.
    let (kinds, n) = shape("val xs = [1, 2\nfn f(): 1\nclass C:\n    a: i64\nval y = (3\n");
    assert_eq!(n, 2, "{kinds:?}");
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(kinds[1..3], ["fn", "struct"]);
    // `fn(` at the start of a line inside brackets is a lambda, not a
    // declaration: nothing is closed.
    let (kinds, n) = shape("val fs = [\nfn(x): x,\n]\n");
    assert_eq!(n, 0);
    assert_eq!(kinds, ["let"]);
}
