//! Robustness: lex + layout never panic, and on any input the output is well
//! formed (spans inside the file on character boundaries, balanced
//! Indent/Dedent, balanced string/interpolation tokens). Random bytes,
//! random token soup, and explicit pathological inputs.

#[path = "lex/common.rs"]
mod common;

use common::*;
use proptest::prelude::*;
use simple_syntax::{Diagnostic, Span, Token, lexer, tokenize};

type Output = (Vec<(Token, Span)>, Vec<Diagnostic>);

/// Every invariant the parser relies on, for one source text.
fn check_all(src: &str) -> Result<Output, String> {
    let f = file(src);
    let (raw, raw_diags) = lexer::lex(&f);
    check_lexer_output(src, &raw)?;
    for d in &raw_diags {
        check_span(src, d.span)?;
    }
    let (t, d) = tokenize(&f);
    check_well_formed(&t, src.len())?;
    for (_, sp) in &t {
        check_span(src, *sp)?;
    }
    for d in &d {
        check_span(src, d.span)?;
    }
    Ok((t, d))
}

fn check_span(src: &str, sp: Span) -> Result<(), String> {
    if sp.start > sp.end || sp.end as usize > src.len() {
        return Err(format!("span {sp:?} outside {} bytes", src.len()));
    }
    if !src.is_char_boundary(sp.start as usize) || !src.is_char_boundary(sp.end as usize) {
        return Err(format!("span {sp:?} not on char boundaries"));
    }
    Ok(())
}

/// Lexer output: no layout tokens, and string/interpolation tokens properly
/// nested (`FStrStart` ... `FStrEnd`, `InterpOpen` ... `InterpClose`).
fn check_lexer_output(src: &str, tokens: &[(Token, Span)]) -> Result<(), String> {
    let mut stack = Vec::new();
    let mut last_end = 0;
    for (t, sp) in tokens {
        check_span(src, *sp)?;
        if sp.start < last_end {
            return Err(format!("token {t:?} at {sp:?} overlaps the previous one"));
        }
        last_end = sp.end;
        let ok = match t {
            Token::Newline | Token::Indent | Token::Dedent => false,
            Token::FStrStart => {
                stack.push('"');
                true
            }
            Token::InterpOpen => {
                let inside = stack.last() == Some(&'"');
                stack.push('{');
                inside
            }
            Token::InterpClose(_) => stack.pop() == Some('{'),
            Token::FStrEnd => stack.pop() == Some('"'),
            Token::FStrText(_) => stack.last() == Some(&'"'),
            _ => true,
        };
        if !ok {
            return Err(format!("misplaced {t:?} at {sp:?}"));
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed string tokens: {stack:?}"));
    }
    Ok(())
}

const SOUP: &[&str] = &[
    "x",
    "foo",
    "_s",
    "42",
    "0xFF",
    "1.5",
    "1e3",
    "7u8",
    "300u8",
    "1_000",
    "t.0.1",
    "..",
    ".",
    "?.",
    ".?",
    "?",
    "fn",
    "val",
    "if",
    "else",
    "match",
    "case",
    "for",
    "in",
    "not",
    "and",
    "return",
    "pass",
    "true",
    "nil",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "::",
    ",",
    ";",
    "+",
    "-",
    "*",
    "**",
    "=",
    "==",
    "->",
    "=>",
    "\\",
    "\\\n",
    "\n",
    "\n",
    "\n",
    "\n    ",
    "\n        ",
    "\n\t",
    "\n  ",
    "    ",
    "\t",
    " ",
    "\"",
    "\"a\"",
    "\"{x}\"",
    "\"{",
    "{x:.2}",
    "\"{:?}\"",
    "'",
    "'r'",
    "r\"",
    "\"\"\"",
    "_suf",
    "#",
    "# c\n",
    "#[a]",
    "#[",
    "@d",
    "@d(",
    "/*",
    "*/",
    "$",
    "é",
    "\u{FFFD}",
    "fn():",
    "fn(x):\n    ",
    "\\x:",
    "\r\n",
    "{{",
    "}}",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SOUP), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_break(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        if let Err(e) = check_all(&src) {
            return Err(TestCaseError::fail(format!("{e}\nsource: {src:?}")));
        }
    }

    #[test]
    fn random_ascii_never_breaks(s in "[ -~\n\t]{0,300}") {
        if let Err(e) = check_all(&s) {
            return Err(TestCaseError::fail(format!("{e}\nsource: {s:?}")));
        }
    }

    #[test]
    fn token_soup_never_breaks(src in soup()) {
        if let Err(e) = check_all(&src) {
            return Err(TestCaseError::fail(format!("{e}\nsource: {src:?}")));
        }
    }
}

fn count(tokens: &[(Token, Span)], want: &Token) -> usize {
    tokens.iter().filter(|(t, _)| t == want).count()
}

fn messages(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.message.as_str()).collect()
}

#[test]
fn ten_thousand_nested_parens() {
    let n = 10_000;
    let src = format!("{}x{}\ny\n", "(".repeat(n), ")".repeat(n));
    let (t, d) = check_all(&src).unwrap();
    assert_eq!(
        messages(&d),
        ["too deeply nested (more than 256 open brackets)"]
    );
    assert_eq!(d[0].span, Span::new(256, 257));
    assert!(count(&t, &Token::LParen) <= 256);
    assert_eq!(count(&t, &Token::LParen), count(&t, &Token::RParen));
    // The line after is intact.
    assert!(
        dump_compact(&t).ends_with("NL\ny NL"),
        "{}",
        dump_compact(&t)
    );

    // Unclosed: one limit error, one unclosed-bracket error.
    let src = "(".repeat(n);
    let (_, d) = check_all(&src).unwrap();
    assert_eq!(
        messages(&d),
        [
            "too deeply nested (more than 256 open brackets)",
            "unclosed `(`"
        ]
    );

    // Mixed kinds and interpolations.
    let src = "[{(\"{".repeat(n / 5);
    check_all(&src).unwrap();
}

#[test]
fn ten_thousand_nested_interpolations() {
    let n = 10_000;
    let src = format!("{}x{}\n", "\"{".repeat(n), "}\"".repeat(n));
    let (raw, d) = lexer::lex(&file(&src));
    assert!(d.is_empty());
    assert_eq!(count(&raw, &Token::InterpOpen), n);
    let (_, d) = check_all(&src).unwrap();
    assert_eq!(
        messages(&d),
        ["too deeply nested (more than 256 open brackets)"]
    );
}

#[test]
fn ten_thousand_deep_indentation() {
    let n = 10_000;
    let mut src = String::new();
    for i in 0..n {
        src.push_str(&" ".repeat(i));
        src.push_str("if x:\n");
    }
    src.push_str("done\n");
    let (t, d) = check_all(&src).unwrap();
    assert_eq!(
        messages(&d),
        ["too deeply nested (more than 100 indented blocks)"]
    );
    assert_eq!(count(&t, &Token::Indent), 100);
    // Same with tabs and with lambdas in brackets.
    let src: String = (0..n)
        .map(|i| format!("{}f(fn():\n", "\t".repeat(i)))
        .collect();
    let (t, d) = check_all(&src).unwrap();
    assert!(count(&t, &Token::Indent) <= 100);
    assert!(messages(&d).contains(&"too deeply nested (more than 100 indented blocks)"));
}

#[test]
fn one_megabyte_line() {
    let src = format!("x = {}1\n", "1 + ".repeat(256 * 1024));
    let (t, d) = check_all(&src).unwrap();
    assert!(d.is_empty());
    assert_eq!(count(&t, &Token::Newline), 1);
    let src = format!("x = \"{}\"\n", "a{x}".repeat(256 * 1024));
    let (_, d) = check_all(&src).unwrap();
    assert!(d.is_empty());
    let src = format!("{}x\n", " ".repeat(1 << 20));
    check_all(&src).unwrap();
    let src = "$".repeat(1 << 20);
    let (_, d) = check_all(&src).unwrap();
    assert_eq!(d.len(), 1);
}

#[test]
fn invalid_utf8() {
    let bytes: &[u8] = b"val x = \xff\xfe \"a\xc3\x28b\" + \xe2\x82\n\xf0\x9f\x98\x80 y";
    let src = String::from_utf8_lossy(bytes).into_owned();
    let (_, d) = check_all(&src).unwrap();
    assert!(
        d.iter()
            .all(|d| d.message.starts_with("unexpected character")),
        "{d:?}"
    );
}

#[test]
fn unterminated_at_eof() {
    for src in [
        "\"",
        "\"abc",
        "\"{",
        "\"{x",
        "\"{x:",
        "'",
        "r\"",
        "\"\"\"",
        "\"\"\"\"",
        "/*",
        "/* /* */",
        "x = \"a\\",
        "#[",
        "@d(",
        "\"\\u{",
        "\"\\x",
    ] {
        let (_, d) = check_all(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
        assert!(!d.is_empty() || src == "#[", "no diagnostic for {src:?}");
    }
    // A `{` never closed on its line is literal text, so this string is whole.
    let (_, d) = check_all("\"{\"").unwrap();
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn deep_block_comments() {
    let src = format!("a {} b", "/*".repeat(100_000));
    let (_, d) = check_all(&src).unwrap();
    assert_eq!(messages(&d), ["unterminated block comment"]);
    let src = format!("a {}{} b", "/*".repeat(100_000), "*/".repeat(100_000));
    let (t, d) = check_all(&src).unwrap();
    assert!(d.is_empty());
    assert_eq!(dump_compact(&t), "a b NL");
}

/// Lex + layout throughput on a realistic program; only meaningful (and
/// only run) in optimised builds: `cargo test --release -p simple-syntax`.
#[test]
#[cfg_attr(debug_assertions, ignore = "timing needs an optimised build")]
fn throughput() {
    let chunk = include_str!("lex/layout/program.spl");
    let reps = 200_000 / chunk.lines().count() + 1;
    let src = chunk.repeat(reps);
    let lines = src.lines().count();
    let f = file(&src);
    let start = std::time::Instant::now();
    let (t, d) = tokenize(&f);
    let secs = start.elapsed().as_secs_f64();
    assert!(d.is_empty());
    assert!(t.len() > lines);
    let rate = lines as f64 / secs;
    eprintln!("lex + layout: {lines} lines in {secs:.3}s = {rate:.0} lines/s");
    assert!(rate > 1_000_000.0, "too slow: {rate:.0} lines/s");
}
