//! Parser tests: operators (fixtures in `tests/parse/operators/`).

#[path = "parse/common.rs"]
mod common;

#[test]
fn fixtures() {
    common::run_parse_fixtures("operators");
}

use common::expr;

#[test]
fn precedence_loosest_first() {
    // or < and < not < comparisons < ?? < ranges < | < ^ < & < shifts < + < * < ** < unary
    assert_eq!(
        expr("a or b and not c == d ?? e"),
        "(binary or (name a) (binary and (name b) (not (compare (name c) == (binary ?? (name d) (name e))))))"
    );
    assert_eq!(expr("a ?? 0..n"), "(binary ?? (name a) (range 0 (name n)))");
    assert_eq!(expr("0..a | b"), "(range 0 (binary | (name a) (name b)))");
    assert_eq!(
        expr("a | b xor c & d"),
        "(binary | (name a) (binary ^ (name b) (binary & (name c) (name d))))"
    );
    assert_eq!(
        expr("a & b << c"),
        "(binary & (name a) (binary << (name b) (name c)))"
    );
    assert_eq!(
        expr("a << b + c"),
        "(binary << (name a) (binary + (name b) (name c)))"
    );
    assert_eq!(
        expr("a + b % c"),
        "(binary + (name a) (binary % (name b) (name c)))"
    );
    assert_eq!(
        expr("a * b ** c"),
        "(binary * (name a) (binary ** (name b) (name c)))"
    );
    // Unary binds tighter than `**` (LANGUAGE.md §4).
    assert_eq!(expr("-a ** b"), "(binary ** (neg (name a)) (name b))");
    assert_eq!(
        expr("a ** -b ** c"),
        "(binary ** (name a) (binary ** (neg (name b)) (name c)))"
    );
    assert_eq!(
        expr("-a.b(c)[d]?"),
        "(neg (try (index (call (field (name a) b) (name c)) (name d))))"
    );
    assert_eq!(expr("x as i64 * 2"), "(binary * (as (name x) i64) 2)");
    assert_eq!(
        expr("await f() + 1"),
        "(binary + (await (call (name f))) 1)"
    );
    assert_eq!(
        expr("!a && ~b"),
        "(binary and (not (name a)) (bitnot (name b)))"
    );
}

#[test]
fn comparisons_chain_into_one_node() {
    assert_eq!(expr("a < b"), "(compare (name a) < (name b))");
    assert_eq!(
        expr("a < b <= c != d"),
        "(compare (name a) < (name b) <= (name c) != (name d))"
    );
    assert_eq!(
        expr("a + 1 < b * 2 == c"),
        "(compare (binary + (name a) 1) < (binary * (name b) 2) == (name c))"
    );
    assert_eq!(
        expr("a < b and c < d"),
        "(binary and (compare (name a) < (name b)) (compare (name c) < (name d)))"
    );
    assert_eq!(expr("x not in xs"), "(compare (name x) not-in (name xs))");
    assert_eq!(expr("x is not nil"), "(compare (name x) is-not nil)");
}

#[test]
fn left_associativity() {
    // A run of one level's operators is one flat chain, read left to right.
    assert_eq!(expr("a - b - c"), "(chain (name a) - (name b) - (name c))");
    assert_eq!(expr("a / b * c"), "(chain (name a) / (name b) * (name c))");
    assert_eq!(
        expr("a ?? b ?? c"),
        "(chain (name a) ?? (name b) ?? (name c))"
    );
    assert_eq!(
        expr("a and b and c or d"),
        "(binary or (chain (name a) and (name b) and (name c)) (name d))"
    );
    // A lone operator stays binary; a tighter level nests inside the run.
    assert_eq!(expr("a - b"), "(binary - (name a) (name b))");
    assert_eq!(
        expr("a + b * c - d"),
        "(chain (name a) + (binary * (name b) (name c)) - (name d))"
    );
    // A parenthesised left operand is not continued: it stays nested.
    assert_eq!(
        expr("(a - b) - c"),
        "(binary - (binary - (name a) (name b)) (name c))"
    );
    assert_eq!(
        expr("a - (b - c)"),
        "(binary - (name a) (binary - (name b) (name c)))"
    );
}

#[test]
fn ranges_do_not_chain() {
    assert_eq!(
        common::messages("1..2..3\n"),
        vec!["ranges cannot be chained"]
    );
}
