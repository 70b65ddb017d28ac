//! Property tests: random token soups never make the parser panic, and
//! every diagnostic points inside the file.

#[path = "parse/common.rs"]
mod common;

use proptest::prelude::*;

const PIECES: &[&str] = &[
    "fn",
    "me",
    "static",
    "async",
    "val",
    "var",
    "let",
    "mut",
    "const",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "loop",
    "break",
    "continue",
    "return",
    "match",
    "case",
    "struct",
    "class",
    "enum",
    "impl",
    "trait",
    "extern",
    "pub",
    "use",
    "import",
    "as",
    "is",
    "not",
    "and",
    "or",
    "xor",
    "true",
    "false",
    "nil",
    "pass",
    "await",
    "describe",
    "it",
    "expect",
    "before_each",
    "x",
    "y",
    "Point",
    "None",
    "Some",
    "_",
    "self",
    "0",
    "42",
    "1.5",
    "\"s\"",
    "\"a{x}b\"",
    "'r'",
    "\"t\"_sfx",
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "+=",
    "-=",
    "&",
    "|",
    "^",
    "~",
    "!",
    "<<",
    ">>",
    "&&",
    "||",
    "??",
    "?",
    ".?",
    "?.",
    ".",
    "..",
    "..=",
    "...",
    "::",
    ":",
    ",",
    ";",
    "->",
    "=>",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "\n    ",
    "\n        ",
    "\n  ",
    "#c\n",
    "\t",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(0..PIECES.len(), 0..120).prop_map(|idx| {
        let mut s = String::new();
        for i in idx {
            s.push_str(PIECES[i]);
            s.push(' ');
        }
        s
    })
}

/// Well-formed lines mixed with junk, to reach deeper into the grammar.
fn lines() -> impl Strategy<Value = String> {
    const LINES: &[&str] = &[
        "fn f(a, b = 1) -> i64:",
        "    return a + b",
        "val x = [1, 2, *y]",
        "if x > 0:",
        "else:",
        "    match x:",
        "        case Some(v) if v > 1: v",
        "        _ => 0",
        "struct P:",
        "    x: i64 = 0",
        "xs.map(fn(x):",
        "    x * 2",
        ")",
        "describe \"d\":",
        "    it \"i\":",
        "        expect x == 1",
        "for (a, b) in ps: pass",
        "val s = \"{a:.2} {b}\"",
        "enum E:",
        "    A(i64), B",
        "use a.b.{c, d as e}",
        "x[1:2:3] = \\a, b: a",
    ];
    prop::collection::vec((0..LINES.len(), 0..PIECES.len(), any::<bool>()), 0..40).prop_map(
        |items| {
            let mut s = String::new();
            for (l, p, junk) in items {
                s.push_str(LINES[l]);
                if junk {
                    s.push(' ');
                    s.push_str(PIECES[p]);
                }
                s.push('\n');
            }
            s
        },
    )
}

fn check(src: &str) {
    let (_m, diags) = common::parse(src);
    for d in &diags {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= src.len(),
            "span {:?} outside the file ({} bytes): {}",
            d.span,
            src.len(),
            d.message
        );
    }
    // The formatter: what parses is formatted (never refused as unsafe),
    // and formatting the result again changes nothing.
    use simple_syntax::SourceFile;
    use simple_syntax::format::{FormatError, format_source};
    match format_source(&SourceFile::new("p.spl", src)) {
        Ok(out) => {
            let again = format_source(&SourceFile::new("p.spl", out.as_str()));
            assert!(
                again.as_ref().is_ok_and(|a| *a == out),
                "formatting twice differs:\n{src:?}\n{out:?}\n{again:?}"
            );
        }
        Err(FormatError::Unsafe(d)) => panic!("refused: {}\n{src:?}", d.message),
        Err(FormatError::Syntax(_)) => {}
    }
}

/// A real program with random edits: a piece inserted, a range deleted.
fn edited() -> impl Strategy<Value = String> {
    const PROGRAM: &str = include_str!("parse/spec/declarations.spl");
    prop::collection::vec((0..PROGRAM.len(), 0..PIECES.len(), 0usize..12), 1..6).prop_map(|edits| {
        let mut s = PROGRAM.to_string();
        for (at, piece, del) in edits {
            let mut at = at.min(s.len());
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + del).min(s.len());
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.replace_range(at..end, PIECES[piece]);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(src in soup()) {
        check(&src);
    }

    #[test]
    fn mangled_programs_never_panic(src in lines()) {
        check(&src);
    }

    #[test]
    fn edited_programs_never_panic(src in edited()) {
        check(&src);
    }
}
