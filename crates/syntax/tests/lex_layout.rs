//! The layout pass: inline cases (compact dump, one logical line per line)
//! and fixture files `tests/lex/layout/*.spl` with `*.expect`
//! (`UPDATE_EXPECT=1` rewrites them).

#[path = "lex/common.rs"]
mod common;

use common::*;
use simple_syntax::{Span, Token};

/// `tokenize` output must equal `expected`, without diagnostics, and be
/// well formed.
#[track_caller]
fn check(src: &str, expected: &str) {
    let (t, d) = toks(src);
    assert!(
        d.is_empty(),
        "unexpected diagnostics for {src:?}:\n{}",
        dump_diags(&d)
    );
    check_well_formed(&t, src.len()).unwrap();
    assert_eq!(dump_compact(&t), expected, "source: {src:?}");
}

/// Like `check` but with the diagnostics expected too.
#[track_caller]
fn check_err(src: &str, expected: &str, diags: &str) {
    let (t, d) = toks(src);
    check_well_formed(&t, src.len()).unwrap();
    assert_eq!(dump_compact(&t), expected, "source: {src:?}");
    assert_eq!(dump_diags(&d), diags, "source: {src:?}");
}

#[test]
fn simple_lines() {
    check("a\nb\n", "a NL\nb NL");
    check("a\nb", "a NL\nb NL");
    check("a = 1; b = 2\n", "a Assign 1 Semicolon b Assign 2 NL");
    check("", "");
    check("\n\n\n", "");
    check("# just a comment\n", "");
    // A byte order mark is skipped and does not indent the first line.
    check("\u{FEFF}a\nb\n", "a NL\nb NL");
}

#[test]
fn blocks() {
    check(
        "if x:\n    a\nb\n",
        "If x Colon NL\nINDENT a NL\nDEDENT b NL",
    );
    check(
        "if x:\n    a\n    b\nelse:\n    c\n",
        "If x Colon NL\nINDENT a NL\nb NL\nDEDENT Else Colon NL\nINDENT c NL\nDEDENT",
    );
    // Indent width is free per block.
    check(
        "if x:\n  a\n  if y:\n        b\n  c\n",
        "If x Colon NL\nINDENT a NL\nIf y Colon NL\nINDENT b NL\nDEDENT c NL\nDEDENT",
    );
}

#[test]
fn nested_blocks_and_multi_level_dedent() {
    check(
        "fn f():\n    while a:\n        if b:\n            c\nd\n",
        "Fn f LParen RParen Colon NL\nINDENT While a Colon NL\nINDENT If b Colon NL\nINDENT c NL\n\
         DEDENT DEDENT DEDENT d NL",
    );
    check(
        "a:\n  b:\n    c:\n      d\n  e\n",
        "a Colon NL\nINDENT b Colon NL\nINDENT c Colon NL\nINDENT d NL\nDEDENT DEDENT e NL\nDEDENT",
    );
}

#[test]
fn one_line_blocks() {
    check("if x > 0: return 1\n", "If x Gt 0 Colon Return 1 NL");
    check(
        "fn double(x): x * 2\n",
        "Fn double LParen x RParen Colon x Star 2 NL",
    );
    check(
        "match n:\n    case 0: \"zero\"\n    case _: \"many\"\n",
        "Match n Colon NL\nINDENT Case 0 Colon Str(\"zero\") NL\nCase _ Colon Str(\"many\") NL\nDEDENT",
    );
}

#[test]
fn blank_and_comment_lines_do_not_matter() {
    check(
        "if x:\n\n    a\n        # deep comment\n  # shallow comment\n\n    b\nc\n",
        "If x Colon NL\nINDENT a NL\nb NL\nDEDENT c NL",
    );
    check(
        "if x:\n    a /* comment\nat column 0 */\n    b\n",
        "If x Colon NL\nINDENT a NL\nb NL\nDEDENT",
    );
    // An attribute line is skipped wherever it starts; a decorator is code
    // and takes part in layout like any statement.
    check(
        "if x:\n    a\n#[attr]\n    @deco\n    b\n",
        "If x Colon NL\nINDENT a NL\nAt deco NL\nb NL\nDEDENT",
    );
    check(
        "if x:\n    a\n@deco\nfn b(): 1\n",
        "If x Colon NL\nINDENT a NL\nDEDENT At deco NL\nFn b LParen RParen Colon 1 NL",
    );
}

#[test]
fn tabs_count_four() {
    check(
        "if x:\n\ta\n    b\n",
        "If x Colon NL\nINDENT a NL\nb NL\nDEDENT",
    );
    check(
        "if x:\n\tif y:\n\t\ta\n        b\n\tc\n",
        "If x Colon NL\nINDENT If y Colon NL\nINDENT a NL\nb NL\nDEDENT c NL\nDEDENT",
    );
}

#[test]
fn indented_line_without_colon_still_indents() {
    check("a\n    b\nc\n", "a NL\nINDENT b NL\nDEDENT c NL");
    check("    a\n", "INDENT a NL\nDEDENT");
}

#[test]
fn brackets_span_lines() {
    check(
        "f(a,\n  b,\nc)\nd\n",
        "f LParen a Comma b Comma c RParen NL\nd NL",
    );
    check(
        "val xs = [\n    1,\n    2,\n]\n",
        "Val xs Assign LBracket 1 Comma 2 Comma RBracket NL",
    );
    check(
        "val d = {\n  \"a\": 1,\n      \"b\":\n    2,\n}\n",
        "Val d Assign LBrace Str(\"a\") Colon 1 Comma Str(\"b\") Colon 2 Comma RBrace NL",
    );
    check(
        "x = a[1:\n   2]\n",
        "x Assign a LBracket 1 Colon 2 RBracket NL",
    );
    // A `fn` type in an argument list does not make a later `:` a lambda.
    check(
        "f(cb: fn(i64) -> i64, x:\n      5)\n",
        "f LParen cb Colon Fn LParen i64 RParen Arrow i64 Comma x Colon 5 RParen NL",
    );
    check(
        "if f(a,\n b):\n    c\n",
        "If f LParen a Comma b RParen Colon NL\nINDENT c NL\nDEDENT",
    );
    // A `{` whose `}` is not on the same line is literal text (upstream's rule).
    check(
        "print(\"{x +\n  y}\")\n",
        "print LParen Str(\"{x +\\n  y}\") RParen NL",
    );
}

#[test]
fn block_lambda_in_brackets() {
    check(
        "val ys = xs.map(fn(x):\n    val y = x * 2\n    y + 1\n)\n",
        "Val ys Assign xs Dot map LParen Fn LParen x RParen Colon NL\n\
         INDENT Val y Assign x Star 2 NL\ny Plus 1 NL\nDEDENT RParen NL",
    );
    check(
        "describe(\"s\", fn():\n    it(\"a\", fn():\n        expect(1).to_equal(1)\n    )\n)\n",
        "describe LParen Str(\"s\") Comma Fn LParen RParen Colon NL\n\
         INDENT it LParen Str(\"a\") Comma Fn LParen RParen Colon NL\n\
         INDENT expect LParen 1 RParen Dot to_equal LParen 1 RParen NL\n\
         DEDENT RParen NL\nDEDENT RParen NL",
    );
    // Blocks inside the lambda body, and a closing bracket on the last line.
    check(
        "f(fn(x):\n    if x:\n        a\n    b)\nc\n",
        "f LParen Fn LParen x RParen Colon NL\nINDENT If x Colon NL\nINDENT a NL\nDEDENT b NL\n\
         DEDENT RParen NL\nc NL",
    );
    // Backslash lambdas, method chains after the bracket, a second lambda.
    check(
        "xs.map(\\a, b:\n    a + b\n).sum()\n",
        "xs Dot map LParen Backslash a Comma b Colon NL\nINDENT a Plus b NL\nDEDENT RParen Dot sum \
         LParen RParen NL",
    );
    check(
        "f(fn():\n    a\n, fn():\n    b\n)\n",
        "f LParen Fn LParen RParen Colon NL\nINDENT a NL\nDEDENT Comma Fn LParen RParen Colon NL\n\
         INDENT b NL\nDEDENT RParen NL",
    );
    // The lambda header on its own line inside the bracket.
    check(
        "foo(\n    fn(x):\n        x + 1\n)\n",
        "foo LParen Fn LParen x RParen Colon NL\nINDENT x Plus 1 NL\nDEDENT RParen NL",
    );
    // Not deeper than the `:` line: no block, the bracket just continues.
    check(
        "f(fn():\nx)\n",
        "f LParen Fn LParen RParen Colon x RParen NL",
    );
    // The closing bracket may be indented anywhere.
    check(
        "    r = f(fn():\n            a\n        )\n    b\n",
        "INDENT r Assign f LParen Fn LParen RParen Colon NL\nINDENT a NL\nDEDENT RParen NL\nb NL\nDEDENT",
    );
    // Inside a block.
    check(
        "if c:\n    run(fn():\n        a\n    )\n    b\n",
        "If c Colon NL\nINDENT run LParen Fn LParen RParen Colon NL\nINDENT a NL\nDEDENT RParen NL\n\
         b NL\nDEDENT",
    );
}

#[test]
fn block_lambda_nested_twice() {
    check(
        "a(fn():\n    b(fn():\n        c(fn():\n            d\n        )\n    )\n)\n",
        "a LParen Fn LParen RParen Colon NL\nINDENT b LParen Fn LParen RParen Colon NL\n\
         INDENT c LParen Fn LParen RParen Colon NL\nINDENT d NL\nDEDENT RParen NL\nDEDENT RParen NL\n\
         DEDENT RParen NL",
    );
}

#[test]
fn operator_continuation() {
    check("x = a +\n    b\ny\n", "x Assign a Plus b NL\ny NL");
    check("x =\n  1\n", "x Assign 1 NL");
    check(
        "if a and\n        b:\n    c\n",
        "If a And b Colon NL\nINDENT c NL\nDEDENT",
    );
    check("x = a,\nb\n", "x Assign a Comma b NL");
    check("x = a or\nb\n", "x Assign a Or b NL");
    check("x = a.\n  b\n", "x Assign a Dot b NL");
    check("a ==\n b\n", "a EqEq b NL");
    // `:` at the end is not a continuation; `?` is postfix.
    check("a?\nb\n", "a Question NL\nb NL");
    // `use a.*` is a glob, not a multiplication.
    check(
        "use a.*\nval x = 1\n",
        "Use a Dot Star NL\nVal x Assign 1 NL",
    );
}

#[test]
fn backslash_continuation() {
    check("x = a \\\n    + b\ny\n", "x Assign a Plus b NL\ny NL");
    check(
        "if a \\\n  and b:\n    c\n",
        "If a And b Colon NL\nINDENT c NL\nDEDENT",
    );
}

#[test]
fn leading_dot_chain() {
    check(
        "val r = xs\n    .map(f)\n    ?.filter(g)\n    .?\nnext\n",
        "Val r Assign xs Dot map LParen f RParen QuestionDot filter LParen g RParen DotQuestion NL\n\
         next NL",
    );
    check(
        "if x:\n    a\n    .b()\nc\n",
        "If x Colon NL\nINDENT a Dot b LParen RParen NL\nDEDENT c NL",
    );
    // `..` at line start does not continue.
    check("a\n..b\n", "a NL\nDotDot b NL");
}

#[test]
fn eof_flush() {
    check(
        "if a:\n    if b:\n        c",
        "If a Colon NL\nINDENT If b Colon NL\nINDENT c NL\nDEDENT DEDENT",
    );
    check("if a:\n    b\n\n\n", "If a Colon NL\nINDENT b NL\nDEDENT");
}

#[test]
fn spans_of_layout_tokens() {
    let (t, d) = toks("if x:\n    a\nb");
    assert!(d.is_empty());
    assert_eq!(
        dump_spanned(&t),
        "If 0..2\nIdent(x) 3..4\nColon 4..5\nNewline 5..5\nIndent 10..10\nIdent(a) 10..11\n\
         Newline 11..11\nDedent 12..12\nIdent(b) 12..13\nNewline 13..13\n"
    );
    let (t, _) = toks("if x:\n    a\n");
    let last = t.last().unwrap();
    assert_eq!(last, &(Token::Dedent, Span::new(12, 12)));
}

#[test]
fn inconsistent_dedent() {
    check_err(
        "if a:\n    b\n  c\nd\n",
        "If a Colon NL\nINDENT b NL\nDEDENT c NL\nd NL",
        "error 14..15: inconsistent dedent [this line is not indented like any enclosing block]\n",
    );
    check_err(
        "if a:\n    if b:\n        c\n      d\ne\n",
        "If a Colon NL\nINDENT If b Colon NL\nINDENT c NL\nDEDENT d NL\nDEDENT e NL",
        "error 32..33: inconsistent dedent [this line is not indented like any enclosing block]\n",
    );
}

#[test]
fn bracket_errors() {
    check_err(
        "f(a,\nb\n",
        "f LParen a Comma b NL",
        "error 1..2: unclosed `(` [this bracket is never closed]\n",
    );
    check_err(
        "if x:\n    f([1\n",
        "If x Colon NL\nINDENT f LParen LBracket 1 NL\nDEDENT",
        "error 12..13: unclosed `[` [this bracket is never closed]\n",
    );
    // A closer with no opener is dropped.
    check_err(
        "a)\nb\n",
        "a NL\nb NL",
        "error 1..2: unmatched `)` [there is no open bracket to close here]\n",
    );
    // A closer matching an enclosing opener closes up to it and is kept.
    check_err(
        "f(a[1)\nb\n",
        "f LParen a LBracket 1 RParen NL\nb NL",
        "error 5..6: mismatched `)` [this closes the `(` here]\n",
    );
    // A closer matching nothing open is dropped.
    check_err(
        "f(a]\n)\n",
        "f LParen a RParen NL",
        "error 3..4: mismatched `]` [expected the closer of `(`]\n",
    );
}

/// Every `tests/lex/layout/*.spl` fixture: compact `tokenize` dump plus
/// diagnostics, compared with `*.expect`.
#[test]
fn layout_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lex/layout");
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "spl"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty(), "no fixtures in {}", dir.display());
    for path in entries {
        let src = std::fs::read_to_string(&path).expect("read fixture");
        let (t, d) = toks(&src);
        if let Err(e) = check_well_formed(&t, src.len()) {
            failures.push(format!("{}: {e}", path.display()));
        }
        let actual = format!("{}\n{}", dump_compact(&t), dump_diags(&d));
        if let Err(e) = expect_file(&path.with_extension("expect"), &actual) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
