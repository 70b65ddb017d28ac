//! Helpers shared by the `lex_*` tests: compact dumps of token streams and
//! expectation files that `UPDATE_EXPECT=1` rewrites.

#![allow(dead_code)]

use std::path::Path;

use simple_syntax::{Diagnostic, SourceFile, Span, Token, lexer, tokenize};

/// One token per line: `Int(42) 0..2`.
pub fn dump_spanned(tokens: &[(Token, Span)]) -> String {
    let mut s = String::new();
    for (t, sp) in tokens {
        s.push_str(&format!("{t:?} {sp:?}\n"));
    }
    s
}

/// Tokens without spans, space separated; the layout tokens are written
/// `NL`, `INDENT`, `DEDENT`, `LB`, and `NL` also ends the dumped line.
pub fn dump_compact(tokens: &[(Token, Span)]) -> String {
    let mut s = String::new();
    for (t, _) in tokens {
        let word = match t {
            Token::Newline => "NL".to_string(),
            Token::Indent => "INDENT".to_string(),
            Token::Dedent => "DEDENT".to_string(),
            Token::LineBreak => "LB".to_string(),
            Token::Ident(sym) => sym.to_string(),
            Token::Int(v) => format!("{v}"),
            other => format!("{other:?}"),
        };
        if !s.is_empty() && !s.ends_with('\n') {
            s.push(' ');
        }
        s.push_str(&word);
        if matches!(t, Token::Newline) {
            s.push('\n');
        }
    }
    s.trim_end().to_string()
}

pub fn dump_diags(diags: &[Diagnostic]) -> String {
    let mut s = String::new();
    for d in diags {
        s.push_str(&format!("error {:?}: {}", d.span, d.message));
        if let Some(l) = &d.label {
            s.push_str(&format!(" [{l}]"));
        }
        s.push('\n');
    }
    s
}

pub fn file(src: &str) -> SourceFile {
    SourceFile::new("test.spl", src)
}

pub fn lex(src: &str) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    lexer::lex(&file(src))
}

pub fn toks(src: &str) -> (Vec<(Token, Span)>, Vec<Diagnostic>) {
    tokenize(&file(src))
}

/// Compares `actual` with the file at `path`; with `UPDATE_EXPECT=1` (or
/// when the file does not exist yet) writes it instead.
pub fn expect_file(path: &Path, actual: &str) -> Result<(), String> {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    match std::fs::read_to_string(path) {
        Ok(expected) if !update => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!(
                    "{} differs (rerun with UPDATE_EXPECT=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}",
                    path.display()
                ))
            }
        }
        Ok(_) | Err(_) if update => {
            std::fs::write(path, actual).map_err(|e| e.to_string())?;
            Ok(())
        }
        _ => Err(format!(
            "{} is missing (run with UPDATE_EXPECT=1 to create it); actual:\n{actual}",
            path.display()
        )),
    }
}

/// Checks every span lies within a file of `len` bytes and Indent/Dedent
/// are balanced (never more Dedents than Indents so far, equal at the end).
pub fn check_well_formed(tokens: &[(Token, Span)], len: usize) -> Result<(), String> {
    let mut depth: i64 = 0;
    for (t, sp) in tokens {
        if sp.start > sp.end || sp.end as usize > len {
            return Err(format!("span {sp:?} of {t:?} outside file of {len} bytes"));
        }
        match t {
            Token::Indent => depth += 1,
            Token::Dedent => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("unbalanced Dedent at {sp:?}"));
                }
            }
            Token::LineBreak => return Err(format!("LineBreak survived layout at {sp:?}")),
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("{depth} Indent(s) never closed"));
    }
    Ok(())
}
