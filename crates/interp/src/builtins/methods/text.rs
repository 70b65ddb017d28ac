//! Methods of texts. Positions and lengths count characters, not bytes.

use simple_syntax::{Symbol, known as k};

use super::{expect_args, int_arg, text_arg};
use crate::error::{Eval, fail};
use crate::types::TypeTable;
use crate::value::Value;

pub(super) const NAMES: &[Symbol] = &[
    k::LEN,
    k::IS_EMPTY,
    k::CONTAINS,
    k::STARTS_WITH,
    k::ENDS_WITH,
    k::FIND,
    k::RFIND,
    k::INDEX_OF,
    k::SPLIT,
    k::TRIM,
    k::TRIM_START,
    k::TRIM_END,
    k::REPLACE,
    k::UPPER,
    k::LOWER,
    k::TO_UPPER,
    k::TO_LOWER,
    k::SUBSTRING,
    k::REPEAT,
    k::CHARS,
    k::BYTES,
    k::LINES,
    k::TO_INT,
    k::TO_FLOAT,
    k::PARSE_INT,
    k::PARSE_FLOAT,
    k::CHAR_AT,
    k::TO_TEXT,
    k::TO_STRING,
];

pub(crate) fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Byte offset → character index.
fn char_index(s: &str, byte: usize) -> i64 {
    if s.is_ascii() {
        byte as i64
    } else {
        s[..byte].chars().count() as i64
    }
}

/// The characters `[a, b)` (clamped).
fn substring(s: &str, a: i64, b: i64) -> String {
    let n = char_len(s) as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let (a, b) = (norm(a), norm(b));
    if a >= b {
        return String::new();
    }
    if s.is_ascii() {
        return s[a as usize..b as usize].to_string();
    }
    s.chars().skip(a as usize).take((b - a) as usize).collect()
}

/// Parses an int the way literals are written: optional sign, `_`
/// separators, `0x`/`0b`/`0o` prefixes.
pub fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, h)
        } else if let Some(b) = body.strip_prefix("0b") {
            (2, b)
        } else if let Some(o) = body.strip_prefix("0o") {
            (8, o)
        } else {
            (10, body)
        };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let v = i128::from_str_radix(&clean, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

pub(super) fn call(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let Value::Text(s) = recv else { return None };
    let s: &str = s;
    let no_args = |f: &dyn Fn() -> Value| expect_args(name, args, 0, 0).map(|_| f());
    Some(match name {
        k::LEN => no_args(&|| Value::Int(char_len(s) as i64)),
        k::IS_EMPTY => no_args(&|| Value::Bool(s.is_empty())),
        k::TO_TEXT | k::TO_STRING => no_args(&|| recv.clone()),
        k::CONTAINS | k::STARTS_WITH | k::ENDS_WITH => expect_args(name, args, 1, 1)
            .and_then(|_| text_arg(name, &args[0], types))
            .map(|p| {
                Value::Bool(match name {
                    k::CONTAINS => s.contains(p),
                    k::STARTS_WITH => s.starts_with(p),
                    _ => s.ends_with(p),
                })
            }),
        k::FIND | k::INDEX_OF | k::RFIND => expect_args(name, args, 1, 1)
            .and_then(|_| text_arg(name, &args[0], types))
            .map(|p| {
                let found = if name == k::RFIND {
                    s.rfind(p)
                } else {
                    s.find(p)
                };
                Value::Int(found.map_or(-1, |b| char_index(s, b)))
            }),
        k::SPLIT => expect_args(name, args, 0, 1).and_then(|_| match args.first() {
            None => Ok(Value::array(
                s.split_whitespace().map(Value::text).collect(),
            )),
            Some(sep) => {
                let sep = text_arg(name, sep, types)?;
                if sep.is_empty() {
                    return Ok(Value::array(
                        s.chars().map(|c| Value::text(c.to_string())).collect(),
                    ));
                }
                let mut chars = sep.chars();
                Ok(Value::array(match (chars.next(), chars.next()) {
                    // One character: a plain byte/char search is fastest.
                    (Some(c), None) => s.split(c).map(Value::text).collect(),
                    _ => s.split(sep).map(Value::text).collect(),
                }))
            }
        }),
        k::TRIM => no_args(&|| Value::text(s.trim())),
        k::TRIM_START => no_args(&|| Value::text(s.trim_start())),
        k::TRIM_END => no_args(&|| Value::text(s.trim_end())),
        k::REPLACE => expect_args(name, args, 2, 2).and_then(|_| {
            let from = text_arg(name, &args[0], types)?;
            let to = text_arg(name, &args[1], types)?;
            if from.is_empty() {
                return fail("`replace` needs a non-empty text to replace");
            }
            Ok(Value::text(s.replace(from, to)))
        }),
        k::UPPER | k::TO_UPPER => no_args(&|| Value::text(s.to_uppercase())),
        k::LOWER | k::TO_LOWER => no_args(&|| Value::text(s.to_lowercase())),
        k::SUBSTRING => expect_args(name, args, 1, 2).and_then(|_| {
            let a = int_arg(name, &args[0], types)?;
            let b = match args.get(1) {
                Some(v) => int_arg(name, v, types)?,
                None => i64::MAX,
            };
            Ok(Value::text(substring(s, a, b)))
        }),
        k::REPEAT => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .and_then(|n| {
                if n < 0 || (s.len() as u128) * (n as u128) > (1 << 30) {
                    return fail(format!("cannot repeat a text {n} times"));
                }
                Ok(Value::text(s.repeat(n as usize)))
            }),
        k::CHARS => {
            no_args(&|| Value::array(s.chars().map(|c| Value::text(c.to_string())).collect()))
        }
        k::BYTES => no_args(&|| Value::bytes(s.as_bytes().to_vec())),
        k::LINES => no_args(&|| Value::array(s.lines().map(Value::text).collect())),
        k::TO_INT => no_args(&|| Value::Nil).and_then(|_| match parse_int(s) {
            Some(i) => Ok(Value::Int(i)),
            None => fail(format!("cannot convert {s:?} to int")),
        }),
        k::PARSE_INT => no_args(&|| parse_int(s).map_or(Value::Nil, Value::Int)),
        k::TO_FLOAT => no_args(&|| Value::Nil).and_then(|_| match s.trim().parse::<f64>() {
            Ok(f) => Ok(Value::Float(f)),
            Err(_) => fail(format!("cannot convert {s:?} to float")),
        }),
        k::PARSE_FLOAT => no_args(&|| s.trim().parse::<f64>().map_or(Value::Nil, Value::Float)),
        k::CHAR_AT => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .and_then(|i| {
                let n = char_len(s) as i64;
                let idx = if i < 0 { i + n } else { i };
                if idx < 0 || idx >= n {
                    return fail(format!("index {i} out of range for text of length {n}"));
                }
                Ok(Value::text(substring(s, idx, idx + 1)))
            }),
        _ => match name.as_str() {
            "count" => expect_args(name, args, 1, 1)
                .and_then(|_| text_arg(name, &args[0], types))
                .and_then(|p| {
                    if p.is_empty() {
                        return fail("`count` needs a non-empty text");
                    }
                    Ok(Value::Int(s.matches(p).count() as i64))
                }),
            "reverse" => no_args(&|| Value::text(s.chars().rev().collect::<String>())),
            "is_digit" => {
                no_args(&|| Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())))
            }
            "is_alpha" => {
                no_args(&|| Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)))
            }
            "is_whitespace" => {
                no_args(&|| Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace)))
            }
            _ => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ints() {
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int(" -7 "), Some(-7));
        assert_eq!(parse_int("0xff"), Some(255));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("x"), None);
        assert_eq!(parse_int("99999999999999999999"), None);
    }

    #[test]
    fn substrings_clamp() {
        assert_eq!(substring("hello", 1, 3), "el");
        assert_eq!(substring("hello", 3, 99), "lo");
        assert_eq!(substring("héllo", 1, 2), "é");
        assert_eq!(substring("abc", 2, 1), "");
    }
}
