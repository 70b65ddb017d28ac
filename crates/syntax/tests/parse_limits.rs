//! Pathological inputs: nothing may overflow the stack or panic, and trees
//! deeper than the limit are rejected with one diagnostic.

#[path = "parse/common.rs"]
mod common;

use common::parse;
use simple_syntax::ast::{BinOp, ExprKind, StmtKind};

const TOO_DEEP: &str = "expression too deeply nested (more than 1000 levels)";

/// Runs `f` on a thread with a small stack (like a test or embedding
/// host's), so that any recursion proportional to the input would fail.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn check_deep(src: String) {
    let len = src.len() as u32;
    let (m, diags) = small_stack(move || {
        let (m, diags) = parse(&src);
        (m, diags)
    });
    assert!(
        diags.iter().any(|d| d.message == TOO_DEEP)
            || diags.iter().any(|d| d.message.contains("bracket")),
        "{:?}",
        diags.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    for d in &diags {
        assert!(d.span.start <= d.span.end && d.span.end <= len);
    }
    if diags.iter().any(|d| d.message == TOO_DEEP) {
        assert!(m.body.is_empty());
        assert_eq!(diags.iter().filter(|d| d.message == TOO_DEEP).count(), 1);
    }
}

/// Parses on a small stack, expects no diagnostics, and hands back the
/// module's only statement's expression kind checked by `check`.
fn check_flat(src: String, check: impl FnOnce(&ExprKind) + Send + 'static) {
    small_stack(move || {
        let (m, diags) = parse(&src);
        assert!(diags.is_empty(), "{:?}", &diags[..diags.len().min(3)]);
        assert_eq!(m.body.len(), 1);
        let e = match &m.body[0].kind {
            StmtKind::Let(l) => l.value.as_ref().expect("a value"),
            StmtKind::Expr(e) => e,
            other => panic!("unexpected statement {other:?}"),
        };
        check(&e.kind);
        // Dropping and printing the tree must not recurse per term either.
        let printed = simple_syntax::printer::print_module(&m);
        assert!(printed.len() > src.len() / 2);
        drop(m);
    });
}

#[test]
fn long_sum_200k_terms_is_flat() {
    // A long run of one level's operators is a list, not nesting (issue 17
    // item 18): it parses, prints and drops without deep recursion.
    let mut src = String::from("val x = 1");
    for _ in 0..200_000 {
        src.push_str("+1");
    }
    src.push('\n');
    check_flat(src, |k| match k {
        ExprKind::BinaryChain { rest, .. } => assert_eq!(rest.len(), 200_000),
        other => panic!("not a chain: {other:?}"),
    });
}

#[test]
fn long_mixed_chains_are_flat() {
    // `1 * 2 + 3 * 4 + ...`: the sum is one chain of products; `and` and
    // `??` runs likewise.
    let terms: Vec<String> = (0..20_000).map(|i| format!("{i} * 2")).collect();
    check_flat(format!("{}\n", terms.join(" + ")), |k| match k {
        ExprKind::BinaryChain { rest, .. } => {
            assert_eq!(rest.len(), 19_999);
            assert!(rest.iter().all(|(op, e)| *op == BinOp::Add
                && matches!(e.kind, ExprKind::Binary { op: BinOp::Mul, .. })));
        }
        other => panic!("not a chain: {other:?}"),
    });
    check_flat(format!("a{}\n", " and a".repeat(20_000)), |k| {
        assert!(matches!(k, ExprKind::BinaryChain { rest, .. } if rest.len() == 20_000))
    });
    check_flat(format!("a{}\n", " ?? a".repeat(20_000)), |k| {
        assert!(matches!(k, ExprKind::BinaryChain { rest, .. } if rest.len() == 20_000))
    });
}

#[test]
fn five_thousand_elifs_are_flat() {
    let mut src = String::from("if x == 0:\n    0\n");
    for i in 1..5_000 {
        src.push_str(&format!(
            "elif x == {i}:\n    {i}\nelse if x == -{i}: -{i}\n"
        ));
    }
    src.push_str("else:\n    -1\n");
    check_flat(src, |k| match k {
        ExprKind::If(i) => {
            assert_eq!(i.elifs.len(), 9_998);
            assert!(i.else_.is_some());
        }
        other => panic!("not an if: {other:?}"),
    });
}

#[test]
fn power_tower_50k() {
    let mut src = String::from("2");
    for _ in 0..50_000 {
        src.push_str("**2");
    }
    src.push('\n');
    check_deep(src);
}

#[test]
fn parens_10k_deep() {
    let src = format!("{}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let (_m, diags) = small_stack(move || parse(&src));
    assert!(!diags.is_empty());
}

#[test]
fn negations_100k() {
    check_deep(format!(
        "{}1{}\n",
        "-(".repeat(100_000),
        ")".repeat(100_000)
    ));
    check_deep(format!("{}1\n", "-".repeat(100_000)));
}

#[test]
fn nots_100k() {
    check_deep(format!("{}x\n", "not ".repeat(100_000)));
}

#[test]
fn field_chain_100k() {
    let mut src = String::from("a");
    for _ in 0..100_000 {
        src.push_str(".b");
    }
    src.push('\n');
    check_deep(src);
}

#[test]
fn deep_but_allowed() {
    // 200 brackets (400 tree levels) is fine.
    let src = format!("val x = {}1{}\n", "(1+".repeat(200), ")".repeat(200));
    let (m, diags) = small_stack(move || parse(&src));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(m.body.len(), 1);
}

#[test]
fn one_megabyte_line() {
    let mut src = String::from("val x = [");
    while src.len() < 1 << 20 {
        src.push_str("123456, ");
    }
    src.push_str("]\n");
    let (m, diags) = small_stack(move || parse(&src));
    assert!(diags.is_empty(), "{:?}", &diags[..diags.len().min(3)]);
    assert_eq!(m.body.len(), 1);
}

#[test]
fn deep_failing_statement_drops_safely() {
    // A deep tree (a power tower nests to the right, a field chain to the
    // left) built and then thrown away by a failing statement.
    let mut src = String::from("val x = 1");
    for _ in 0..100_000 {
        src.push_str("**a.b");
    }
    src.push_str(" )\n");
    let (_m, diags) = small_stack(move || parse(&src));
    assert!(!diags.is_empty());
}

#[test]
fn deep_blocks() {
    let mut src = String::new();
    for i in 0..300 {
        src.push_str(&" ".repeat(i));
        src.push_str("if x:\n");
    }
    src.push_str(&" ".repeat(300));
    src.push_str("pass\n");
    let (_m, _diags) = small_stack(move || parse(&src));
}

#[test]
fn deep_types_are_one_diagnostic() {
    // The type parser is recursive descent: its nesting is bounded too.
    for src in [
        format!(
            "val x: {}i64{} = 1\n",
            "A<".repeat(10_000),
            ">".repeat(10_000)
        ),
        format!("val x: {}i64 = 1\n", "fn() -> ".repeat(10_000)),
    ] {
        let diags = small_stack(move || parse(&src).1);
        let deep: Vec<_> = diags
            .iter()
            .filter(|d| d.message.contains("too deeply nested"))
            .collect();
        assert!(!deep.is_empty(), "{diags:?}");
    }
    // A reasonable depth is fine.
    let src = format!("val x: {}i64{} = 1\n", "A<".repeat(50), ">".repeat(50));
    let diags = small_stack(move || parse(&src).1);
    assert!(diags.is_empty(), "{diags:?}");
}
