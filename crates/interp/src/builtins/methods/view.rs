//! Methods of byte views (`value/view.rs`), and `bytes.view()`.
//!
//! Every method reads through the view (an error once its memory was
//! released); only `to_bytes`, `to_text` and `decode` copy.

use std::rc::Rc;

use simple_syntax::{Symbol, known as k};

use super::{expect_args, int_arg};
use crate::error::{Eval, fail, rt_error};
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{ByteView, Value, ViewSource, fnv1a};

/// The methods a view has (for suggestions).
pub(super) const VIEW_NAMES: &[&str] = &[
    "len",
    "is_empty",
    "get",
    "slice",
    "find",
    "index_of",
    "contains",
    "count",
    "split",
    "lines",
    "starts_with",
    "ends_with",
    "to_text",
    "decode",
    "to_bytes",
    "hash",
    "fnv1a",
    "offset",
    "is_live",
];

pub(super) fn names() -> Vec<Symbol> {
    VIEW_NAMES.iter().map(|n| Symbol::intern(n)).collect()
}

/// `bytes.view()` / `bytes.view(offset, len)`: a view of a byte buffer.
pub(super) fn bytes_view(data: &Rc<Vec<u8>>, args: &[Value], types: &TypeTable) -> Eval {
    let whole = ByteView::new(Rc::new(ViewSource::over_bytes(
        Rc::clone(data),
        "a byte buffer",
    )));
    window(&whole, Symbol::intern("view"), args, types)
}

/// `(offset, len)` arguments: the whole view, from `offset` to the end, or
/// exactly `len` bytes from `offset`. Out of range is an error (a view
/// never silently shrinks).
fn window(view: &ByteView, name: Symbol, args: &[Value], types: &TypeTable) -> Eval {
    expect_args(name, args, 0, 2)?;
    let n = view.len() as i64;
    let off = match args.first() {
        Some(a) => int_arg(name, a, types)?,
        None => 0,
    };
    let len = match args.get(1) {
        Some(a) => int_arg(name, a, types)?,
        None => n - off.clamp(0, n),
    };
    if off < 0 || len < 0 || off > n || len > n - off {
        let shown = match args.len() {
            1 => format!("{off}"),
            _ => format!("{off}, {len}"),
        };
        return fail(format!(
            "`{name}({shown})` is out of range for a view of {n} bytes"
        ));
    }
    view.bytes().map_err(rt_error)?;
    Ok(Value::view(view.sub(off as usize, (off + len) as usize)))
}

/// A byte pattern argument: an int 0..=255, a text's UTF-8, bytes or a view.
fn pattern(name: Symbol, v: &Value, types: &TypeTable) -> Eval<Vec<u8>> {
    match v {
        Value::Int(i) if (0..=255).contains(i) => Ok(vec![*i as u8]),
        Value::Text(s) => Ok(s.as_bytes().to_vec()),
        Value::Bytes(b) => Ok(b.to_vec()),
        Value::View(w) => Ok(w.bytes().map_err(rt_error)?.to_vec()),
        other => fail(format!(
            "`{name}` needs a byte (0..255), a text, bytes or a view, found {}",
            type_name(other, Some(types))
        )),
    }
}

fn byte_arg(name: Symbol, v: &Value, types: &TypeTable) -> Eval<u8> {
    match v {
        Value::Int(i) if (0..=255).contains(i) => Ok(*i as u8),
        other => fail(format!(
            "`{name}` needs a byte (an int 0..255), found {}",
            match other {
                Value::Int(i) => i.to_string(),
                _ => type_name(other, Some(types)),
            }
        )),
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    if needle.is_empty() {
        return Some(from);
    }
    if needle.len() == 1 {
        return hay[from..]
            .iter()
            .position(|&b| b == needle[0])
            .map(|i| i + from);
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Splits `view` at every `sep` byte into sub-views (`n + 1` parts for `n`
/// separators, like text `split`).
fn split(view: &ByteView, data: &[u8], sep: u8, drop_last_empty: bool) -> Value {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == sep {
            parts.push(Value::view(view.sub(start, i)));
            start = i + 1;
        }
    }
    if !(drop_last_empty && start == data.len()) {
        parts.push(Value::view(view.sub(start, data.len())));
    }
    Value::array(parts)
}

/// Calls method `name` on a view; `None` when views have no such method.
pub(super) fn call(
    view: &ByteView,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let n = view.len();
    if name == k::LEN {
        return Some(expect_args(name, args, 0, 0).map(|_| Value::Int(n as i64)));
    }
    let data = match view.bytes() {
        Ok(d) => d,
        // Every method needs the memory; `is_live` answers without it.
        Err(_) if name.as_str() == "is_live" => {
            return Some(expect_args(name, args, 0, 0).map(|_| Value::Bool(false)));
        }
        Err(e) => return Some(fail(e)),
    };
    let r = match name.as_str() {
        "is_empty" => expect_args(name, args, 0, 0).map(|_| Value::Bool(n == 0)),
        "is_live" => expect_args(name, args, 0, 0).map(|_| Value::Bool(true)),
        "offset" => expect_args(name, args, 0, 0).map(|_| Value::Int(view.offset() as i64)),
        "get" => expect_args(name, args, 1, 1).and_then(|_| {
            let i = int_arg(name, &args[0], types)?;
            let idx = if i < 0 { i + n as i64 } else { i };
            Ok(usize::try_from(idx)
                .ok()
                .and_then(|i| data.get(i))
                .map_or(Value::Nil, |&b| Value::Int(b as i64)))
        }),
        "slice" | "view" => window(view, name, args, types),
        "find" | "index_of" => expect_args(name, args, 1, 2).and_then(|_| {
            let needle = pattern(name, &args[0], types)?;
            let from = match args.get(1) {
                Some(a) => int_arg(name, a, types)?.max(0) as usize,
                None => 0,
            };
            Ok(Value::Int(
                find(data, &needle, from).map_or(-1, |i| i as i64),
            ))
        }),
        "contains" => expect_args(name, args, 1, 1).and_then(|_| {
            let needle = pattern(name, &args[0], types)?;
            Ok(Value::Bool(find(data, &needle, 0).is_some()))
        }),
        "count" => expect_args(name, args, 1, 1).and_then(|_| {
            let b = byte_arg(name, &args[0], types)?;
            Ok(Value::Int(data.iter().filter(|&&x| x == b).count() as i64))
        }),
        "split" => expect_args(name, args, 1, 1).and_then(|_| {
            let b = byte_arg(name, &args[0], types)?;
            Ok(split(view, data, b, false))
        }),
        "lines" => expect_args(name, args, 0, 0).map(|_| split(view, data, b'\n', true)),
        "starts_with" => expect_args(name, args, 1, 1).and_then(|_| {
            Ok(Value::Bool(
                data.starts_with(&pattern(name, &args[0], types)?),
            ))
        }),
        "ends_with" => expect_args(name, args, 1, 1).and_then(|_| {
            Ok(Value::Bool(
                data.ends_with(&pattern(name, &args[0], types)?),
            ))
        }),
        "to_text" | "decode" => expect_args(name, args, 0, 0)
            .map(|_| Value::text(String::from_utf8_lossy(data).into_owned())),
        "to_bytes" => expect_args(name, args, 0, 0).map(|_| Value::bytes(data.to_vec())),
        "hash" | "fnv1a" => expect_args(name, args, 0, 0).map(|_| Value::Int(fnv1a(data) as i64)),
        _ => return None,
    };
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_and_split() {
        assert_eq!(find(b"abcabc", b"ca", 0), Some(2));
        assert_eq!(find(b"abcabc", b"c", 3), Some(5));
        assert_eq!(find(b"abc", b"", 3), Some(3));
        assert_eq!(find(b"abc", b"x", 9), None);
        let view = ByteView::new(Rc::new(ViewSource::over_bytes(
            Rc::new(b"a,b,,c".to_vec()),
            "t",
        )));
        let Value::Array(parts) = split(&view, view.bytes().unwrap(), b',', false) else {
            panic!("split gives an array")
        };
        let texts: Vec<String> = parts
            .iter()
            .map(|p| match p {
                Value::View(v) => String::from_utf8(v.bytes().unwrap().to_vec()).unwrap(),
                _ => panic!("parts are views"),
            })
            .collect();
        assert_eq!(texts, ["a", "b", "", "c"]);
    }
}
