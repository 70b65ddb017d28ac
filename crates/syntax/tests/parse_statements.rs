//! Parser tests: statements (fixtures in `tests/parse/statements/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("statements");
}

use common::{assert_ast, messages};

#[test]
fn one_line_if_else_is_an_expression() {
    assert_ast(
        "val x = if c: a else: b\n",
        "(val x (if (name c) (then\n  (name a)) (else\n  (name b))))",
    );
}

#[test]
fn elif_and_else_if_are_flat_arms() {
    assert_ast(
        "if a: 1\nelif b: 2\nelse if c: 3\nelse: 4\n",
        "(if (name a) (then\n  1) (elif (name b) (then\n  2)) (elif (name c) (then\n  3)) (else\n  4))",
    );
    // `else:` followed by an `if` block is a real nesting, kept as written.
    assert_ast(
        "if a: 1\nelse:\n    if b: 2\n",
        "(if (name a) (then\n  1) (else\n  (if (name b) (then\n    2))))",
    );
}

#[test]
fn statements_need_a_line_end() {
    assert_eq!(
        messages("val x = 1 val y = 2\n"),
        vec!["unexpected keyword `val`, expected end of line"]
    );
}

#[test]
fn assignment_is_a_statement() {
    assert!(!messages("f(x = 1 + (y = 2))\n").is_empty());
    assert_eq!(
        messages("1 = x\n"),
        vec!["cannot assign to this expression"]
    );
    assert_eq!(
        messages("f() = x\n"),
        vec!["cannot assign to this expression"]
    );
}

#[test]
fn val_needs_a_value_var_does_not() {
    assert!(messages("var x\nvar y: i64\nlet mut z\n").is_empty());
    assert_eq!(messages("val x\n"), vec!["expected `=` and a value"]);
}
