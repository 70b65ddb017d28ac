//! Parser tests: patterns (fixtures in `tests/parse/patterns/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("patterns");
}

use common::assert_ast;

#[test]
fn bare_names_bind_paths_are_variants() {
    assert_ast(
        "match x:\n    Empty: 0\n    None: 1\n    E.Empty: 2\n    _: 3\n",
        "(match (name x)\n  (case Empty (body\n    0))\n  (case (variant None) (body\n    1))\n  (case (variant E.Empty) (body\n    2))\n  (case _ (body\n    3)))",
    );
}

#[test]
fn negative_and_range_literals() {
    assert_ast(
        "match x:\n    -5..5: 0\n    -1: 1\n    0..=9: 2\n",
        "(match (name x)\n  (case (range -5 5) (body\n    0))\n  (case -1 (body\n    1))\n  (case (range= 0 9) (body\n    2)))",
    );
}

#[test]
fn float_ranges_are_rejected() {
    assert_eq!(
        common::messages("match x:\n    0.5..1.5: 0\n"),
        vec!["range patterns need integer bounds"]
    );
}
