//! Methods of texts. Positions and lengths count characters, not bytes.

use simple_syntax::{Symbol, known as k};

use super::names::M;
use super::{expect_args, int_arg, text_arg};
use crate::error::{Eval, fail};
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Str, Value, write_display};

pub(super) const NAMES: &[Symbol] = &[
    k::LEN,
    k::IS_EMPTY,
    k::CONTAINS,
    k::HAS,
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
    k::JOIN,
    k::TAKE,
    k::SKIP,
    k::SLICE,
    k::REVERSE,
];

/// Text methods beyond [`NAMES`].
pub(super) const EXTRA: &[M] = &[
    M::With,
    M::Length,
    M::CharCount,
    M::At,
    M::LastIndexOf,
    M::Count,
    M::FindAll,
    M::Uppercase,
    M::ToI64,
    M::ToF64,
    M::Lowercase,
    M::ToUppercase,
    M::ToLowercase,
    M::Capitalize,
    M::Title,
    M::Swapcase,
    M::Strip,
    M::TrimLeft,
    M::TrimRight,
    M::TrimStartMatches,
    M::TrimEndMatches,
    M::StripPrefix,
    M::StripSuffix,
    M::RemovePrefix,
    M::RemoveSuffix,
    M::Removeprefix,
    M::Removesuffix,
    M::Chomp,
    M::Reversed,
    M::Sorted,
    M::Drop,
    M::SplitWhitespace,
    M::SplitLines,
    M::Partition,
    M::Rpartition,
    M::ReplaceFirst,
    M::Substr,
    M::PadLeft,
    M::PadRight,
    M::PadStart,
    M::PadEnd,
    M::Ljust,
    M::Rjust,
    M::Center,
    M::Zfill,
    M::IsDigit,
    M::IsNumeric,
    M::IsAlpha,
    M::IsAlphabetic,
    M::IsAlphanumeric,
    M::IsAlnum,
    M::IsWhitespace,
    M::IsSpace,
    M::IsUpper,
    M::IsLower,
    M::CharCode,
    M::Ord,
    M::Codepoint,
    M::Encode,
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
    let Value::Text(text) = recv else { return None };
    let s: &str = text;
    let no_args = |f: &dyn Fn() -> Value| expect_args(name, args, 0, 0).map(|_| f());
    Some(match name {
        k::LEN => no_args(&|| Value::Int(text.char_len() as i64)),
        k::IS_EMPTY => no_args(&|| Value::Bool(s.is_empty())),
        k::TO_TEXT | k::TO_STRING => no_args(&|| recv.clone()),
        k::CONTAINS | k::HAS | k::STARTS_WITH | k::ENDS_WITH => expect_args(name, args, 1, 1)
            .and_then(|_| text_arg(name, &args[0], types))
            .map(|p| {
                Value::Bool(match name {
                    k::CONTAINS | k::HAS => s.contains(p),
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
        k::TAKE | k::SKIP => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|n| {
                let n = n.max(0);
                Value::text(if name == k::TAKE {
                    substring(s, 0, n)
                } else {
                    substring(s, n, i64::MAX)
                })
            }),
        k::SLICE => expect_args(name, args, 1, 2).and_then(|_| {
            let a = int_arg(name, &args[0], types)?;
            let b = match args.get(1) {
                Some(v) => int_arg(name, v, types)?,
                None => i64::MAX,
            };
            Ok(Value::text(substring(s, a, b)))
        }),
        k::REVERSE => no_args(&|| Value::text(s.chars().rev().collect::<String>())),
        k::JOIN => expect_args(name, args, 1, 1).and_then(|_| join_with(s, &args[0], types)),
        _ => return text_method(s, M::of(name)?, name, args, types),
    })
}

/// `sep.join(items)`: the items' display forms with `sep` between them.
fn join_with(sep: &str, items: &Value, types: &TypeTable) -> Eval {
    let items = match items {
        Value::Array(a) | Value::Tuple(a) => a.values(),
        other => {
            return fail(format!(
                "`join` needs an array of items to join, found {}",
                type_name(other, Some(types))
            ));
        }
    };
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match x {
            Value::Text(t) => out.push_str(t),
            other => write_display(&mut out, other, Some(types)),
        }
    }
    Ok(Value::text(out))
}

/// `pattern.with {"name": v}`: each `{name}` whose name is a key of the
/// dict becomes the value's display; other braces stay as written.
fn fill_placeholders(pattern: &str, values: &Value, types: &TypeTable) -> Eval {
    let Value::Dict(dict) = values else {
        return fail(format!(
            "`with` needs a dict of placeholder values, found {}",
            type_name(values, Some(types))
        ));
    };
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find(['}', '{'])
            .filter(|&c| after.as_bytes()[c] == b'}');
        let value = close.and_then(|c| {
            let key = crate::value::DictKey::new(Value::text(&after[..c]))?;
            dict.get(&key)
        });
        match (close, value) {
            (Some(c), Some(v)) => {
                match v {
                    Value::Text(t) => out.push_str(t),
                    other => write_display(&mut out, other, Some(types)),
                }
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(Value::text(out))
}

/// The fill character of `pad_left` and friends: one character, a space
/// when not given.
fn fill_char(name: Symbol, v: Option<&Value>, types: &TypeTable) -> Eval<char> {
    let Some(v) = v else { return Ok(' ') };
    let t = text_arg(name, v, types)?;
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => fail(format!(
            "`{name}` needs a one-character fill text, found {t:?}"
        )),
    }
}

/// `s` padded with `fill` to `width` characters (the caller bounds
/// `width`), the padding placed as `how` says.
fn pad(s: &str, width: i64, fill: char, how: Pad) -> String {
    let len = char_len(s) as i64;
    if width <= len {
        return s.to_string();
    }
    let total = (width - len) as usize;
    let left = match how {
        Pad::Left => total,
        Pad::Right => 0,
        Pad::Center => total / 2,
    };
    let mut out = String::with_capacity(s.len() + total * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, total - left));
    out
}

#[derive(Clone, Copy)]
enum Pad {
    Left,
    Right,
    Center,
}

/// `s` split at the first (or last) `sep`: `(before, sep, after)`, or
/// `(s, "", "")` (`("", "", s)` for the last) when `sep` is absent.
fn partition(s: &str, sep: &str, last: bool) -> Value {
    let found = if last { s.rfind(sep) } else { s.find(sep) };
    let parts = match found {
        Some(b) => [&s[..b], sep, &s[b + sep.len()..]],
        None if last => ["", "", s],
        None => [s, "", ""],
    };
    Value::tuple(parts.iter().map(|p| Value::text(*p)).collect())
}

/// Python's `title`: the first letter of each word upper case, the rest
/// lower case (a word starts after anything that is not a letter).
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

/// Python's `isupper`/`islower`: at least one cased character, and no
/// cased character of the other case.
fn all_cased(s: &str, upper: bool) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || c.is_lowercase() {
            if c.is_uppercase() != upper {
                return false;
            }
            cased = true;
        }
    }
    cased
}

/// The zero-argument text methods a call site computes in place for a
/// text receiver (`c.is_digit()`, `s.len()`), without the general dispatch:
/// each answers what [`call`] answers for it. Built-in methods come before
/// any method an `impl text:` block adds, so nothing can shadow them.
pub(crate) fn text_unary_fn(name: Symbol) -> Option<fn(&Str) -> Value> {
    match name {
        k::LEN => return Some(|s| Value::Int(s.char_len() as i64)),
        k::IS_EMPTY => return Some(|s| Value::Bool(s.is_empty())),
        _ => {}
    }
    Some(match M::of(name)? {
        M::IsDigit | M::IsNumeric => |s| all_chars(s, |c| c.is_ascii_digit()),
        M::IsAlpha | M::IsAlphabetic => |s| all_chars(s, char::is_alphabetic),
        M::IsAlphanumeric | M::IsAlnum => |s| all_chars(s, char::is_alphanumeric),
        M::IsWhitespace | M::IsSpace => |s| all_chars(s, char::is_whitespace),
        _ => return None,
    })
}

/// Whether a text is non-empty and every character passes `f` (the
/// `is_digit` family).
#[inline(always)]
fn all_chars(s: &str, f: impl Fn(char) -> bool) -> Value {
    Value::Bool(!s.is_empty() && s.chars().all(f))
}

fn text_method(s: &str, m: M, name: Symbol, args: &mut [Value], types: &TypeTable) -> Option<Eval> {
    let no_args = |v: Value| expect_args(name, args, 0, 0).map(|_| v);
    let test = |f: fn(char) -> bool| {
        expect_args(name, args, 0, 0).map(|_| Value::Bool(!s.is_empty() && s.chars().all(f)))
    };
    // A method taking one text argument.
    let with_text = |args: &[Value], f: &dyn Fn(&str) -> Eval| {
        expect_args(name, args, 1, 1)
            .and_then(|_| text_arg(name, &args[0], types))
            .and_then(f)
    };
    Some(match m {
        M::Length | M::CharCount => no_args(Value::Int(char_len(s) as i64)),
        M::At => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|i| {
                let n = char_len(s) as i64;
                let idx = if i < 0 { i + n } else { i };
                if (0..n).contains(&idx) {
                    Value::text(substring(s, idx, idx + 1))
                } else {
                    Value::Nil
                }
            }),
        M::LastIndexOf => with_text(args, &|p| {
            Ok(Value::Int(s.rfind(p).map_or(-1, |b| char_index(s, b))))
        }),
        M::Count => with_text(args, &|p| {
            if p.is_empty() {
                return fail("`count` needs a non-empty text");
            }
            Ok(Value::Int(s.matches(p).count() as i64))
        }),
        M::FindAll => with_text(args, &|p| {
            if p.is_empty() {
                return fail("`find_all` needs a non-empty text");
            }
            Ok(Value::array(
                s.match_indices(p)
                    .map(|(b, _)| Value::Int(char_index(s, b)))
                    .collect(),
            ))
        }),
        // Python's spelling of `bytes()`: the UTF-8 encoding.
        M::Encode => no_args(Value::bytes(s.as_bytes().to_vec())),
        M::Uppercase | M::ToUppercase => no_args(Value::text(s.to_uppercase())),
        // Upstream's typed spellings of `to_int` / `to_float`.
        M::ToI64 => expect_args(name, args, 0, 0).and_then(|_| match parse_int(s) {
            Some(i) => Ok(Value::Int(i)),
            None => fail(format!("cannot convert {s:?} to int")),
        }),
        M::ToF64 => expect_args(name, args, 0, 0).and_then(|_| match s.trim().parse::<f64>() {
            Ok(f) => Ok(Value::Float(f)),
            Err(_) => fail(format!("cannot convert {s:?} to float")),
        }),
        M::Lowercase | M::ToLowercase => no_args(Value::text(s.to_lowercase())),
        M::Capitalize => no_args(Value::text({
            let mut chars = s.chars();
            match chars.next() {
                Some(c) => c
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })),
        M::Title => no_args(Value::text(title(s))),
        M::Swapcase => no_args(Value::text(
            s.chars()
                .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
                    if c.is_uppercase() {
                        Box::new(c.to_lowercase())
                    } else {
                        Box::new(c.to_uppercase())
                    }
                })
                .collect::<String>(),
        )),
        M::Strip => no_args(Value::text(s.trim())),
        M::TrimLeft => no_args(Value::text(s.trim_start())),
        M::TrimRight => no_args(Value::text(s.trim_end())),
        M::TrimStartMatches | M::TrimEndMatches => with_text(args, &|p| {
            if p.is_empty() {
                return Ok(Value::text(s));
            }
            Ok(Value::text(if m == M::TrimStartMatches {
                s.trim_start_matches(p)
            } else {
                s.trim_end_matches(p)
            }))
        }),
        M::StripPrefix => with_text(args, &|p| {
            Ok(s.strip_prefix(p).map_or(Value::Nil, Value::text))
        }),
        M::StripSuffix => with_text(args, &|p| {
            Ok(s.strip_suffix(p).map_or(Value::Nil, Value::text))
        }),
        M::RemovePrefix | M::Removeprefix => {
            with_text(args, &|p| Ok(Value::text(s.strip_prefix(p).unwrap_or(s))))
        }
        M::RemoveSuffix | M::Removesuffix => {
            with_text(args, &|p| Ok(Value::text(s.strip_suffix(p).unwrap_or(s))))
        }
        M::With => {
            expect_args(name, args, 1, 1).and_then(|_| fill_placeholders(s, &args[0], types))
        }
        M::Chomp => no_args(Value::text(
            s.strip_suffix("\r\n")
                .or_else(|| s.strip_suffix('\n'))
                .or_else(|| s.strip_suffix('\r'))
                .unwrap_or(s),
        )),
        M::Reversed => no_args(Value::text(s.chars().rev().collect::<String>())),
        M::Sorted => no_args(Value::text({
            let mut chars: Vec<char> = s.chars().collect();
            chars.sort_unstable();
            chars.into_iter().collect::<String>()
        })),
        M::Drop => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|n| Value::text(substring(s, n.max(0), i64::MAX))),
        M::SplitWhitespace => no_args(Value::array(
            s.split_whitespace().map(Value::text).collect(),
        )),
        M::SplitLines => no_args(Value::array(s.lines().map(Value::text).collect())),
        M::Partition | M::Rpartition => with_text(args, &|p| {
            if p.is_empty() {
                return fail(format!("`{name}` needs a non-empty separator"));
            }
            Ok(partition(s, p, m == M::Rpartition))
        }),
        M::ReplaceFirst => expect_args(name, args, 2, 2).and_then(|_| {
            let from = text_arg(name, &args[0], types)?;
            let to = text_arg(name, &args[1], types)?;
            if from.is_empty() {
                return fail("`replace_first` needs a non-empty text to replace");
            }
            Ok(Value::text(s.replacen(from, to, 1)))
        }),
        M::Substr => expect_args(name, args, 1, 2).and_then(|_| {
            let a = int_arg(name, &args[0], types)?;
            let n = match args.get(1) {
                Some(v) => int_arg(name, v, types)?,
                None => i64::MAX,
            };
            if n < 0 {
                return fail(format!("`substr` needs a length of at least 0, got {n}"));
            }
            let len = char_len(s) as i64;
            let a = if a < 0 { (a + len).max(0) } else { a.min(len) };
            Ok(Value::text(substring(s, a, a.saturating_add(n))))
        }),
        M::PadLeft
        | M::PadRight
        | M::PadStart
        | M::PadEnd
        | M::Ljust
        | M::Rjust
        | M::Center
        | M::Zfill => (|| {
            let zfill = m == M::Zfill;
            if zfill {
                expect_args(name, args, 1, 1)?;
            } else {
                expect_args(name, args, 1, 2)?;
            }
            let width = int_arg(name, &args[0], types)?;
            if width > 1 << 30 {
                return fail(format!("cannot pad a text to {width} characters"));
            }
            let fill = if zfill {
                '0'
            } else {
                fill_char(name, args.get(1), types)?
            };
            let how = match m {
                M::PadLeft | M::PadStart | M::Rjust | M::Zfill => Pad::Left,
                M::Center => Pad::Center,
                _ => Pad::Right,
            };
            if zfill && let Some(digits) = s.strip_prefix(['-', '+']) {
                // The sign stays in front of the zeros: "-42" → "-0042".
                let sign = &s[..1];
                return Ok(Value::text(format!(
                    "{sign}{}",
                    pad(digits, width - 1, '0', how)
                )));
            }
            Ok(Value::text(pad(s, width, fill, how)))
        })(),
        M::IsDigit | M::IsNumeric => test(|c| c.is_ascii_digit()),
        M::IsAlpha | M::IsAlphabetic => test(char::is_alphabetic),
        M::IsAlphanumeric | M::IsAlnum => test(char::is_alphanumeric),
        M::IsWhitespace | M::IsSpace => test(char::is_whitespace),
        M::IsUpper | M::IsLower => no_args(Value::Bool(all_cased(s, m == M::IsUpper))),
        M::CharCode | M::Ord | M::Codepoint => (|| {
            expect_args(name, args, 0, 1)?;
            let n = char_len(s) as i64;
            let c = match args.first() {
                // `s.char_code(i)`: the code of the character at `i`.
                Some(i) => {
                    let i = int_arg(name, i, types)?;
                    let idx = if i < 0 { i + n } else { i };
                    if idx < 0 || idx >= n {
                        return fail(format!("index {i} out of range for text of length {n}"));
                    }
                    s.chars().nth(idx as usize)
                }
                None if n == 1 => s.chars().next(),
                None => {
                    return fail(format!(
                        "`{name}` needs a one-character text, found {s:?} (give an index for a longer text)"
                    ));
                }
            };
            Ok(Value::Int(c.map_or(0, |c| c as i64)))
        })(),
        _ => return None,
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
