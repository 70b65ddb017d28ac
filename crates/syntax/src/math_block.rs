//! `m{ ... }` math blocks: the lexer's small second tokenizer.
//!
//! Inside `m{ }` an expression reads as in mathematics: juxtaposition
//! multiplies (`2x`, `2(x + 1)`, `(a)(b)`, `(x + 1)y`, `pi r^2`) and `^` is
//! a power. The block becomes ordinary tokens — a parenthesised expression
//! with the implied `*`s written in (zero-width, at the place between the
//! two operands) and `^` read as `**` — so the parser needs to know nothing
//! about it. A name directly followed by `(` stays a call (`sqrt(x)`).

use crate::symbol::Symbol;
use crate::token::Token;

/// What went wrong in a block: the byte range and the message.
pub struct MathError {
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// Where code resumes when the block's own `}` was found.
    pub after: Option<usize>,
}

/// A token with its absolute byte range.
pub type Placed = (Token, usize, usize);

/// Tokens of the block whose `{` is at `open` (the byte after `m`), with
/// absolute byte offsets, and the offset just after its closing `}`.
pub fn lex(src: &str, open: usize) -> Result<(Vec<Placed>, usize), MathError> {
    let bytes = src.as_bytes();
    let mut out: Vec<Placed> = vec![(Token::LParen, open - 1, open + 1)];
    let mut i = open + 1;
    let mut depth = 0usize;
    // Whether the previous token ends an operand, and whether it was a
    // name directly followed by what comes next (a call's `(`).
    let mut prev_operand = false;
    let mut prev_name_end: Option<usize> = None;
    loop {
        let Some(&b) = bytes.get(i) else {
            return Err(MathError {
                start: open - 1,
                end: open + 1,
                message: "unterminated `m{` block: it is never closed with `}`".into(),
                after: None,
            });
        };
        let start = i;
        let (tok, end) = match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'}' => {
                if depth > 0 {
                    return Err(MathError {
                        start,
                        end: start + 1,
                        message: "`}` closes `m{` while a `(` is still open".into(),
                        after: Some(start + 1),
                    });
                }
                if !prev_operand {
                    return Err(MathError {
                        start,
                        end: start + 1,
                        message: "an `m{` block ends without an operand".into(),
                        after: Some(start + 1),
                    });
                }
                out.push((Token::RParen, start, start + 1));
                return Ok((out, start + 1));
            }
            b'0'..=b'9' => number(src, start)?,
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => number(src, start)?,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = bytes[start..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .unwrap_or(bytes.len() - start);
                let word = &src[start..start + len];
                let tok =
                    Token::keyword(word).unwrap_or_else(|| Token::Ident(Symbol::intern(word)));
                (tok, start + len)
            }
            b'+' => (Token::Plus, start + 1),
            b'-' => (Token::Minus, start + 1),
            b'*' if bytes.get(i + 1) == Some(&b'*') => (Token::StarStar, start + 2),
            b'*' => (Token::Star, start + 1),
            b'/' => (Token::Slash, start + 1),
            b'%' => (Token::Percent, start + 1),
            b'^' => (Token::StarStar, start + 1),
            b',' => (Token::Comma, start + 1),
            b'(' => {
                depth += 1;
                (Token::LParen, start + 1)
            }
            b')' => {
                if depth == 0 {
                    return Err(MathError {
                        start,
                        end: start + 1,
                        message: "unmatched `)` in an `m{` block".into(),
                        after: None,
                    });
                }
                depth -= 1;
                (Token::RParen, start + 1)
            }
            _ => {
                let c = src[start..].chars().next().unwrap_or('?');
                return Err(MathError {
                    start,
                    end: start + c.len_utf8(),
                    message: format!(
                        "`{c}` cannot appear in an `m{{}}` block (numbers, names, `+ - * / % ^`, parentheses and commas can)"
                    ),
                    after: None,
                });
            }
        };
        let starts_operand = matches!(
            tok,
            Token::Int(_) | Token::Float(_) | Token::Ident(_) | Token::LParen
        );
        let is_call = tok == Token::LParen && prev_name_end == Some(start);
        if prev_operand && starts_operand && !is_call {
            out.push((Token::Star, start, start));
        }
        prev_operand = matches!(
            tok,
            Token::Int(_) | Token::Float(_) | Token::Ident(_) | Token::RParen
        );
        prev_name_end = matches!(tok, Token::Ident(_)).then_some(end);
        out.push((tok, start, end));
        i = end;
    }
}

/// A number at `start`: digits (and `_`), an optional fraction and
/// exponent. Letters after it are not a suffix here: `2x` is `2 * x`.
fn number(src: &str, start: usize) -> Result<(Token, usize), MathError> {
    let bytes = src.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b'_'))
            .unwrap_or(bytes.len() - from)
    };
    let mut end = start + digits(start);
    let mut float = false;
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        float = true;
        end += 1 + digits(end + 1);
    }
    let text: String = src[start..end].chars().filter(|&c| c != '_').collect();
    let bad = |what: &str| MathError {
        start,
        end,
        message: format!("{what} `{}` in an `m{{}}` block", &src[start..end]),
        after: None,
    };
    if float {
        let v: f64 = text.parse().map_err(|_| bad("invalid number"))?;
        Ok((Token::Float(v), end))
    } else {
        let v: i64 = text.parse().map_err(|_| bad("integer out of range"))?;
        Ok((Token::Int(v), end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(src: &str) -> String {
        let open = src.find("m{").expect("a block") + 1;
        match lex(src, open) {
            Ok((toks, _)) => toks
                .iter()
                .map(|(t, _, _)| match t {
                    Token::Int(v) => v.to_string(),
                    Token::Float(v) => format!("{v:?}"),
                    Token::Ident(s) => s.as_str().to_string(),
                    t => t.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" "),
            Err(e) => format!("error: {}", e.message),
        }
    }

    #[test]
    fn juxtaposition_multiplies() {
        assert_eq!(show("m{ 2x }"), "( 2 * x )");
        assert_eq!(show("m{2.5x}"), "( 2.5 * x )");
        assert_eq!(show("m{ 2(x + 1) }"), "( 2 * ( x + 1 ) )");
        assert_eq!(show("m{ (a)(b) }"), "( ( a ) * ( b ) )");
        assert_eq!(show("m{ (x+1)y }"), "( ( x + 1 ) * y )");
        assert_eq!(show("m{ pi r^2 }"), "( pi * r ** 2 )");
        assert_eq!(show("m{ -x y }"), "( - x * y )");
    }

    #[test]
    fn a_name_touching_a_parenthesis_is_a_call() {
        assert_eq!(show("m{ f(x) }"), "( f ( x ) )");
        assert_eq!(show("m{ f (x) }"), "( f * ( x ) )");
    }

    #[test]
    fn mistakes_are_reported() {
        assert!(show("m{ 2x").starts_with("error: unterminated"));
        assert!(show("m{ (x }").starts_with("error: `}` closes"));
        assert!(show("m{ x) }").starts_with("error: unmatched"));
        assert!(show("m{ A @ x }").contains("`@` cannot appear"));
        assert!(show("m{ }").starts_with("error: an `m{` block ends"));
        assert!(show("m{ 99999999999999999999x }").contains("out of range"));
    }
}
