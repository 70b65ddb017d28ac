//! Spans of AST nodes point at exactly the source they came from.

#[path = "parse/common.rs"]
mod common;

use simple_syntax::ast::*;

fn parse_ok(src: &str) -> Module {
    let (m, diags) = common::parse(src);
    assert!(diags.is_empty(), "{diags:?}");
    m
}

fn text(src: &str, span: simple_syntax::Span) -> &str {
    &src[span.range()]
}

fn first_expr(m: &Module) -> &Expr {
    match &m.body[0].kind {
        StmtKind::Expr(e) => e,
        StmtKind::Let(l) => l.value.as_ref().unwrap(),
        k => panic!("{k:?}"),
    }
}

#[test]
fn binary_and_operands() {
    let src = "val x = a + b * c\n";
    let m = parse_ok(src);
    assert_eq!(text(src, m.body[0].span), "val x = a + b * c");
    let e = first_expr(&m);
    assert_eq!(text(src, e.span), "a + b * c");
    let ExprKind::Binary { lhs, rhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, lhs.span), "a");
    assert_eq!(text(src, rhs.span), "b * c");
}

#[test]
fn calls_fields_and_names() {
    let src = "obj.method(1, key: 2)\n";
    let m = parse_ok(src);
    let e = first_expr(&m);
    assert_eq!(text(src, e.span), "obj.method(1, key: 2)");
    let ExprKind::Call { callee, args } = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, callee.span), "obj.method");
    let ExprKind::Field {
        name_span, expr, ..
    } = &callee.kind
    else {
        panic!()
    };
    assert_eq!(text(src, *name_span), "method");
    assert_eq!(text(src, expr.span), "obj");
    assert_eq!(text(src, args[1].span), "key: 2");
    assert_eq!(text(src, args[1].value.span), "2");
}

#[test]
fn comparison_chain_and_prefixes() {
    let src = "not -a < b <= c\n";
    let m = parse_ok(src);
    let e = first_expr(&m);
    assert_eq!(text(src, e.span), "not -a < b <= c");
    let ExprKind::Unary { expr, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, expr.span), "-a < b <= c");
    let ExprKind::Compare { first, rest } = &expr.kind else {
        panic!()
    };
    assert_eq!(text(src, first.span), "-a");
    assert_eq!(text(src, rest[1].1.span), "c");
}

#[test]
fn power_and_unary() {
    let src = "-2 ** x\n";
    let m = parse_ok(src);
    let e = first_expr(&m);
    // Unary binds tighter than `**`: `(-2) ** x`.
    let ExprKind::Binary { lhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(text(src, e.span), "-2 ** x");
    assert_eq!(text(src, lhs.span), "-2");
}

#[test]
fn tuple_fields_split_from_a_float() {
    let src = "t.0.1\n";
    let m = parse_ok(src);
    let e = first_expr(&m);
    let ExprKind::TupleField { expr, index: 1 } = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(text(src, e.span), "t.0.1");
    assert_eq!(text(src, expr.span), "t.0");
}

#[test]
fn functions_and_params() {
    let src = "fn add(a: i64, b = 1) -> i64:\n    a + b\n";
    let m = parse_ok(src);
    let StmtKind::Fn(f) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(text(src, f.sig.name_span), "add");
    assert_eq!(text(src, f.sig.params[0].span), "a: i64");
    assert_eq!(text(src, f.sig.params[1].span), "b = 1");
    assert_eq!(text(src, f.sig.ret.as_ref().unwrap().span), "i64");
    assert_eq!(
        text(src, m.body[0].span),
        "fn add(a: i64, b = 1) -> i64:\n    a + b"
    );
    assert_eq!(text(src, f.body[0].span), "a + b");
}

#[test]
fn struct_and_enum_members() {
    let src = "struct P:\n    x: i64 = 0\nenum E:\n    A(i64)\n    B\n";
    let m = parse_ok(src);
    let StmtKind::Struct(s) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(text(src, s.name_span), "P");
    assert_eq!(text(src, s.fields[0].span), "x: i64 = 0");
    let StmtKind::Enum(e) = &m.body[1].kind else {
        panic!()
    };
    assert_eq!(text(src, e.variants[0].span), "A(i64)");
    assert_eq!(text(src, e.variants[1].span), "B");
}

#[test]
fn match_arms_and_patterns() {
    let src = "match x:\n    case Some((a, b)) if a > 0: a\n    _ => 0\n";
    let m = parse_ok(src);
    let ExprKind::Match(mx) = &first_expr(&m).kind else {
        panic!()
    };
    assert_eq!(text(src, mx.scrutinee.span), "x");
    assert_eq!(text(src, mx.arms[0].span), "case Some((a, b)) if a > 0: a");
    assert_eq!(text(src, mx.arms[0].pattern.span), "Some((a, b))");
    assert_eq!(text(src, mx.arms[0].guard.as_ref().unwrap().span), "a > 0");
    let PatternKind::Variant {
        args: Some(args), ..
    } = &mx.arms[0].pattern.kind
    else {
        panic!()
    };
    assert_eq!(text(src, args[0].pattern.span), "(a, b)");
    assert_eq!(text(src, mx.arms[1].pattern.span), "_");
}

#[test]
fn lambdas_and_struct_literals() {
    let src = "f(\\x: x + 1, Point { x: 1, y })\n";
    let m = parse_ok(src);
    let ExprKind::Call { args, .. } = &first_expr(&m).kind else {
        panic!()
    };
    assert_eq!(text(src, args[0].value.span), "\\x: x + 1");
    assert_eq!(text(src, args[1].value.span), "Point { x: 1, y }");
    let ExprKind::StructLit { fields, .. } = &args[1].value.kind else {
        panic!()
    };
    assert_eq!(text(src, fields[0].span), "x: 1");
    assert_eq!(text(src, fields[1].value.span), "y");
}

#[test]
fn expect_keeps_its_source() {
    let src = "expect   s.len()  ==  0\n";
    let m = parse_ok(src);
    let StmtKind::Expect { cond, source } = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(source, "s.len()  ==  0");
    assert_eq!(text(src, cond.span), "s.len()  ==  0");
}

#[test]
fn spec_blocks_desugar_with_spans() {
    let src = "describe \"S\":\n    pass\n";
    let m = parse_ok(src);
    let ExprKind::Call { callee, args } = &first_expr(&m).kind else {
        panic!()
    };
    assert_eq!(text(src, callee.span), "describe");
    assert_eq!(text(src, args[0].value.span), "\"S\"");
}

#[test]
fn error_spans_point_at_the_offending_token() {
    let src = "val x = (1 + )\n";
    let (_, diags) = common::parse(src);
    assert_eq!(diags.len(), 1);
    assert_eq!(text(src, diags[0].span), ")");
    assert_eq!(diags[0].message, "unexpected `)`, expected an expression");
    assert_eq!(diags[0].label.as_deref(), Some("expected an expression"));
}
