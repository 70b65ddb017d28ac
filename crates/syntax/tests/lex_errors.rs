//! Lexer and layout errors: the diagnostics (message and span) and the
//! tokens left in their place.

#[path = "lex/common.rs"]
mod common;

use common::*;
use simple_syntax::{Span, Token};

/// Lexer diagnostics as `error START..END: message [label]` lines, and the
/// compact token dump.
#[track_caller]
fn check(src: &str, tokens: &str, diags: &str) {
    let (t, d) = lex(src);
    assert_eq!(dump_diags(&d), diags, "diagnostics for {src:?}");
    assert_eq!(dump_compact(&t), tokens, "tokens for {src:?}");
    // The whole pipeline stays well formed too.
    let (t, _) = toks(src);
    check_well_formed(&t, src.len()).unwrap();
}

#[test]
fn unterminated_strings() {
    check(
        "x = \"abc\ndef",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
    check(
        "x = \"abc\\",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
    check(
        "x = \"\"\"doc\"\"",
        "x Assign Error",
        "error 4..7: unterminated string [this string is never closed]\n",
    );
    check(
        "x = 'abc\\'",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
    check(
        "x = r\"abc",
        "x Assign Error",
        "error 4..6: unterminated string [this string is never closed]\n",
    );
    // The Error token covers the string up to the end of input.
    let (t, _) = lex("x = \"abc\n  def");
    assert_eq!(t.last(), Some(&(Token::Error, Span::new(4, 14))));
}

#[test]
fn unterminated_interpolations() {
    // A `{` that no `}` follows on its line is literal (upstream's rule),
    // so what is unterminated is the string.
    check(
        "x = \"a {b + c",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
    // Innermost unterminated construct is reported, once.
    check(
        "x = \"{f(\"{y}",
        "x Assign Error",
        "error 8..9: unterminated string [this string is never closed]\n",
    );
    check(
        "x = \"{y:>8",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
    // No `}` on the line: the `{` is literal text.
    check("x = \"{y:>8\" + z", "x Assign Str(\"{y:>8\") Plus z", "");
    check("x = \"{:>8\" + z", "x Assign Str(\"{:>8\") Plus z", "");
}

/// A lone `{` meant literally: the closing quote opens a string nested in
/// the interpolation, which may not cross the line break. The error points
/// at the `{`, and the next line lexes normally instead of being swallowed.
#[test]
fn lone_brace_is_reported_on_its_line() {
    const CUT: &str = "[this `{` starts an interpolation that is not closed on its line]";
    // `"{"` alone is literal (no `}` follows on its line).
    let (t, d) = lex("a = \"{\"\nb = \"}\"\n");
    assert!(d.is_empty());
    assert!(t.iter().any(|(tok, _)| *tok == Token::Str("{".into())));
    let _ = CUT;
    let (t, d) = lex("print(\"x {\")\nprint(\"a\")\n");
    assert!(d.is_empty());
    assert!(t.iter().any(|(tok, _)| *tok == Token::Str("x {".into())));
    // A `{` whose `}` is on a later line is literal too (upstream's rule),
    // so a multi-line string keeps it as text.
    check(
        "s = \"{f(1,\n  2)}\"\n",
        "s Assign Str(\"{f(1,\\n  2)}\") LB",
        "",
    );
}

#[test]
fn unterminated_block_comment() {
    check(
        "a /* one /* two */ still open\nb",
        "a",
        "error 2..4: unterminated block comment [this comment is never closed with `*/`]\n",
    );
    // A `{` with no `}` after it on its line is literal: the string is
    // what stays open.
    check(
        "x = \"{a /* b",
        "x Assign Error",
        "error 4..5: unterminated string [this string is never closed]\n",
    );
}

#[test]
fn bad_escapes() {
    check(
        r#""a\qb""#,
        r#"Str("a\\qb")"#,
        "error 2..4: invalid escape `\\q`\n",
    );
    check(
        r#""\x4g""#,
        r#"Str("\\x4g")"#,
        "error 1..4: invalid escape: `\\x` needs two hex digits [for example `\\x41`]\n",
    );
    check(
        r#""\u{}""#,
        r#"Str("\\u{}")"#,
        "error 1..4: invalid escape: `\\u` needs 1 to 6 hex digits in braces [for example `\\u{1F600}`]\n",
    );
    check(
        r#""\u41""#,
        r#"Str("\\u41")"#,
        "error 1..3: invalid escape: `\\u` needs 1 to 6 hex digits in braces [for example `\\u{1F600}`]\n",
    );
    check(
        r#""\u{D800}""#,
        r#"Str("\\u{D800}")"#,
        "error 1..9: invalid escape: not a Unicode scalar value\n",
    );
    // Triple-quoted strings are raw: every backslash is kept as written.
    check("\"\"\"a\\pb\"\"\"", r#"Str("a\\pb")"#, "");
    check("\"\"\"a\\x4gb\"\"\"", r#"Str("a\\x4gb")"#, "");
    check(
        "\"é\\é\"",
        "Str(\"é\\\\é\")",
        "error 3..6: invalid escape `\\é`\n",
    );
}

#[test]
fn out_of_range_literals() {
    check(
        "256u8",
        "Error",
        "error 0..5: integer literal out of range for u8\n",
    );
    check(
        "128i8",
        "Error",
        "error 0..5: integer literal out of range for i8\n",
    );
    check(
        "0x1_0000u16",
        "Error",
        "error 0..11: integer literal out of range for u16\n",
    );
    check(
        "2147483648i32",
        "Error",
        "error 0..13: integer literal out of range for i32\n",
    );
    check(
        "4294967296u32",
        "Error",
        "error 0..13: integer literal out of range for u32\n",
    );
    check(
        "9223372036854775808",
        "Error",
        "error 0..19: integer literal out of range for i64\n",
    );
    check(
        "18446744073709551616u64",
        "Error",
        "error 0..23: integer literal out of range for u64\n",
    );
    check(
        "0xFFFFFFFFFFFFFFFFF",
        "Error",
        "error 0..19: integer literal out of range for i64\n",
    );
    check(
        "1e999",
        "Error",
        "error 0..5: float literal out of range for f64\n",
    );
    check(
        "1e39f32",
        "Error",
        "error 0..7: float literal out of range for f32\n",
    );
    check(
        "12abc + 0x",
        "Error Plus Error",
        "error 2..5: invalid suffix `abc` on integer literal\nerror 9..10: invalid suffix `x` on integer literal\n",
    );
    check(
        "1.5u8",
        "Error",
        "error 3..5: invalid suffix `u8` on float literal\n",
    );
    check(
        "t.99999999999999999999",
        "t Dot Error",
        "error 2..22: tuple field index is too large\n",
    );
}

#[test]
fn suffix_after_interpolated_string() {
    check(
        "\"{x}\"_path",
        "FStrStart InterpOpen x InterpClose(None) FStrEnd Error",
        "error 5..10: a suffix cannot follow an interpolated string [remove this suffix or the interpolation]\n",
    );
}

#[test]
fn stray_characters() {
    check(
        "a $ b",
        "a Error b",
        "error 2..3: unexpected character `$`\n",
    );
    // One diagnostic per run of bad characters.
    check(
        "a $$$ $` b",
        "a Error b",
        "error 2..8: unexpected character `$`\n",
    );
    check(
        "a € b ¤",
        "a Error b Error",
        "error 2..5: unexpected character `€`\nerror 8..10: unexpected character `¤`\n",
    );
    check(
        "\u{0}x",
        "Error x",
        "error 0..1: unexpected character `\\0`\n",
    );
    check(
        "x\u{FFFD}",
        "x Error",
        "error 1..4: unexpected character `\u{FFFD}`\n",
    );
    check("@ x", "Error x", "error 0..1: unexpected character `@`\n");
    check("@1", "Error 1", "error 0..1: unexpected character `@`\n");
}

#[test]
fn unclosed_decorator() {
    // A decorator line is an `At` token and ordinary tokens: the parser
    // reports the unclosed `(`.
    let (t, _) = lex("@deco(a, b\nfn f()");
    assert_eq!(t.first().map(|(tok, _)| tok.clone()), Some(Token::At));
}

#[test]
fn error_diagnostics_render() {
    let src = "val s = \"abc\n";
    let f = file(src);
    let (_, d) = simple_syntax::tokenize(&f);
    let out = d[0].render(&f, false);
    assert!(
        out.starts_with("test.spl:1:9: error: unterminated string"),
        "{out}"
    );
}
