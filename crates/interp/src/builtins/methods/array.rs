//! Methods of arrays (and of the other sequences: tuples, ranges, bytes,
//! which share the reading methods).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use simple_syntax::{Symbol, known as k};

use super::{call1, call2, expect_args, int_arg};
use crate::error::{Ctrl, Eval, Loc, fail};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Value, compare, values_equal, write_display};

pub(super) const NAMES: &[Symbol] = &[
    k::LEN,
    k::IS_EMPTY,
    k::PUSH,
    k::POP,
    k::INSERT,
    k::REMOVE,
    k::FIRST,
    k::LAST,
    k::GET,
    k::CONTAINS,
    k::INDEX_OF,
    k::MAP,
    k::FILTER,
    k::REDUCE,
    k::FOLD,
    k::ANY,
    k::ALL,
    k::FIND,
    k::SUM,
    k::MIN,
    k::MAX,
    k::SORT,
    k::SORT_BY,
    k::REVERSE,
    k::ENUMERATE,
    k::ZIP,
    k::CONCAT,
    k::EXTEND,
    k::JOIN,
    k::TAKE,
    k::SKIP,
    k::SLICE,
    k::COPY,
    k::CLEAR,
    k::TO_TEXT,
    k::TO_STRING,
];

/// The items of any sequence, borrowed when they already are values.
fn items(v: &Value) -> Cow<'_, [Value]> {
    match v {
        Value::Array(a) | Value::Tuple(a) => a.values(),
        Value::Bytes(b) => Cow::Owned(b.iter().map(|x| Value::Int(*x as i64)).collect()),
        Value::Range(r) => Cow::Owned(r.iter().map(Value::Int).collect()),
        _ => Cow::Borrowed(&[]),
    }
}

/// Rebuilds a sequence of the receiver's kind (bytes stay bytes when every
/// item is a byte; tuples and ranges become arrays).
fn same_kind(recv: &Value, out: Vec<Value>) -> Value {
    if let Value::Bytes(_) = recv {
        let bytes: Option<Vec<u8>> = out
            .iter()
            .map(|v| match v {
                Value::Int(i) if (0..=255).contains(i) => Some(*i as u8),
                _ => None,
            })
            .collect();
        if let Some(b) = bytes {
            return Value::bytes(b);
        }
    }
    Value::array(out)
}

fn seq_len(v: &Value) -> usize {
    match v {
        Value::Array(a) | Value::Tuple(a) => a.len(),
        Value::Bytes(b) => b.len(),
        Value::Range(r) => r.len() as usize,
        _ => 0,
    }
}

fn norm_index(i: i64, len: usize) -> Option<usize> {
    let idx = if i < 0 { i + len as i64 } else { i };
    (0..len as i64).contains(&idx).then_some(idx as usize)
}

/// Refuses to materialise huge ranges by accident.
fn check_materialise(recv: &Value) -> Eval<()> {
    if let Value::Range(r) = recv
        && r.len() > 1 << 28
    {
        return fail("range too large to turn into an array");
    }
    Ok(())
}

fn sum(items: &[Value], types: &TypeTable) -> Eval {
    let mut acc = Value::Int(0);
    for item in items {
        acc = crate::ops::binary(
            simple_syntax::ast::BinOp::Add,
            acc,
            item.clone(),
            Some(types),
        )?;
    }
    Ok(acc)
}

fn sorted(mut v: Vec<Value>, types: &TypeTable) -> Eval<Vec<Value>> {
    let mut bad: Option<(Value, Value)> = None;
    v.sort_by(|a, b| match compare(a, b) {
        Some(o) => o,
        None => {
            if bad.is_none() {
                bad = Some((a.clone(), b.clone()));
            }
            Ordering::Equal
        }
    });
    match bad {
        None => Ok(v),
        Some((a, b)) => fail(format!(
            "cannot sort: {} and {} cannot be compared",
            type_name(&a, Some(types)),
            type_name(&b, Some(types))
        )),
    }
}

/// `sort_by(f)`: `f` is a key function (one parameter) or a comparator (two
/// parameters returning a negative/zero/positive int or a bool "a < b").
fn sort_by(m: &mut Machine, v: Vec<Value>, f: &Value, loc: Loc) -> Eval<Vec<Value>> {
    let params = match f {
        Value::Closure(c) => c.def.params.len(),
        Value::Function(d) => d.params.len(),
        _ => 1,
    };
    if params == 2 {
        let mut err: Option<Ctrl> = None;
        let mut v = v;
        v.sort_by(|a, b| {
            if err.is_some() {
                return Ordering::Equal;
            }
            match call2(m, f, a.clone(), b.clone(), loc) {
                Ok(Value::Int(i)) => i.cmp(&0),
                Ok(Value::Bool(true)) => Ordering::Less,
                Ok(Value::Bool(false)) => match call2(m, f, b.clone(), a.clone(), loc) {
                    Ok(Value::Bool(true)) => Ordering::Greater,
                    _ => Ordering::Equal,
                },
                Ok(other) => {
                    err = Some(crate::error::rt_error(format!(
                        "a `sort_by` comparator must return an int or a bool, got {}",
                        type_name(&other, Some(&m.program.types))
                    )));
                    Ordering::Equal
                }
                Err(e) => {
                    err = Some(e);
                    Ordering::Equal
                }
            }
        });
        return match err {
            Some(e) => Err(e),
            None => Ok(v),
        };
    }
    let mut keyed = Vec::with_capacity(v.len());
    for item in v {
        let key = call1(m, f, item.clone(), loc)?;
        keyed.push((key, item));
    }
    let mut bad = false;
    keyed.sort_by(|a, b| {
        compare(&a.0, &b.0).unwrap_or_else(|| {
            bad = true;
            Ordering::Equal
        })
    });
    if bad {
        return fail("cannot sort: the keys cannot be compared");
    }
    Ok(keyed.into_iter().map(|(_, v)| v).collect())
}

/// The array methods that only read the receiver: `len`, `is_empty`,
/// `first`, `last`, `get`, `contains`, `index_of`.
pub(super) fn call_query(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let len = seq_len(recv);
    Some(match name {
        k::LEN => expect_args(name, args, 0, 0).map(|_| Value::Int(len as i64)),
        k::IS_EMPTY => expect_args(name, args, 0, 0).map(|_| Value::Bool(len == 0)),
        k::FIRST | k::LAST => expect_args(name, args, 0, 0).map(|_| match len {
            0 => Value::Nil,
            _ => element(recv, if name == k::FIRST { 0 } else { len - 1 }),
        }),
        k::GET => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|i| norm_index(i, len).map_or(Value::Nil, |idx| element(recv, idx))),
        k::CONTAINS => expect_args(name, args, 1, 1)
            .and_then(|_| crate::ops::contains(recv, &args[0], Some(types)).map(Value::Bool)),
        _ => return None,
    })
}

/// Sequence methods beyond [`NAMES`].
const EXTRA: &[&str] = &["to_array", "decode", "flatten", "count"];

pub(super) fn call(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    let known = NAMES.contains(&name) || EXTRA.contains(&name.as_str());
    known.then(|| call_inner(m, recv, name, args, loc))
}

fn call_inner(m: &mut Machine, recv: &Value, name: Symbol, args: &mut [Value], loc: Loc) -> Eval {
    let len = seq_len(recv);
    match name {
        k::LEN => expect_args(name, args, 0, 0).map(|_| Value::Int(len as i64)),
        k::IS_EMPTY => expect_args(name, args, 0, 0).map(|_| Value::Bool(len == 0)),
        k::FIRST | k::LAST => {
            expect_args(name, args, 0, 0)?;
            if len == 0 {
                return Ok(Value::Nil);
            }
            let idx = if name == k::FIRST { 0 } else { len - 1 };
            Ok(element(recv, idx))
        }
        k::GET => {
            expect_args(name, args, 1, 1)?;
            let i = int_arg(name, &args[0], &m.program.types)?;
            Ok(norm_index(i, len).map_or(Value::Nil, |idx| element(recv, idx)))
        }
        k::CONTAINS => {
            expect_args(name, args, 1, 1)?;
            crate::ops::contains(recv, &args[0], Some(&m.program.types)).map(Value::Bool)
        }
        k::INDEX_OF => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            let pos = items(recv).iter().position(|x| values_equal(x, &args[0]));
            Ok(Value::Int(pos.map_or(-1, |p| p as i64)))
        }
        k::MAP | k::FILTER | k::ANY | k::ALL | k::FIND => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            let f = std::mem::take(&mut args[0]);
            // Items are read one at a time: the sequence is not copied.
            let src = (0..len).map(|i| element(recv, i));
            match name {
                k::MAP => {
                    let mut out = Vec::with_capacity(len);
                    for x in src {
                        out.push(call1(m, &f, x, loc)?);
                    }
                    Ok(Value::array(out))
                }
                k::FILTER => {
                    let mut out = Vec::new();
                    for x in src {
                        if call1(m, &f, x.clone(), loc)?.truthy() {
                            out.push(x);
                        }
                    }
                    Ok(same_kind(recv, out))
                }
                k::ANY => {
                    for x in src {
                        if call1(m, &f, x, loc)?.truthy() {
                            return Ok(Value::Bool(true));
                        }
                    }
                    Ok(Value::Bool(false))
                }
                k::ALL => {
                    for x in src {
                        if !call1(m, &f, x, loc)?.truthy() {
                            return Ok(Value::Bool(false));
                        }
                    }
                    Ok(Value::Bool(true))
                }
                _ => {
                    for x in src {
                        if call1(m, &f, x.clone(), loc)?.truthy() {
                            return Ok(x);
                        }
                    }
                    Ok(Value::Nil)
                }
            }
        }
        k::REDUCE | k::FOLD => {
            expect_args(name, args, 1, 2)?;
            check_materialise(recv)?;
            let mut iter = (0..len).map(|i| element(recv, i));
            let (mut acc, f) = if args.len() == 2 {
                (std::mem::take(&mut args[0]), std::mem::take(&mut args[1]))
            } else {
                match iter.next() {
                    Some(first) => (first, std::mem::take(&mut args[0])),
                    None => {
                        return fail(format!(
                            "`{name}` of an empty sequence needs an initial value"
                        ));
                    }
                }
            };
            for x in iter {
                acc = call2(m, &f, acc, x, loc)?;
            }
            Ok(acc)
        }
        k::SUM => {
            expect_args(name, args, 0, 0)?;
            if let Value::Range(r) = recv {
                // Closed form, with overflow checked.
                let (n, a, d) = (r.len() as i128, r.start as i128, r.step as i128);
                let total = n * a + d * n * (n - 1) / 2;
                return i64::try_from(total)
                    .map(Value::Int)
                    .map_err(|_| crate::error::rt_error("integer overflow in sum"));
            }
            sum(&items(recv), &m.program.types)
        }
        k::MIN | k::MAX => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let all = items(recv);
            if all.is_empty() {
                return Ok(Value::Nil);
            }
            super::extreme(&all, name == k::MAX, &m.program.types)
        }
        k::SORT => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let v = sorted(items(recv).into_owned(), &m.program.types)?;
            Ok(same_kind(recv, v))
        }
        k::SORT_BY => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            let f = std::mem::take(&mut args[0]);
            let v = sort_by(m, items(recv).into_owned(), &f, loc)?;
            Ok(same_kind(recv, v))
        }
        k::REVERSE => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut v = items(recv).into_owned();
            v.reverse();
            Ok(same_kind(recv, v))
        }
        k::ENUMERATE => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            Ok(Value::array(
                items(recv)
                    .iter()
                    .enumerate()
                    .map(|(i, x)| Value::tuple(vec![Value::Int(i as i64), x.clone()]))
                    .collect(),
            ))
        }
        k::ZIP => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            check_materialise(&args[0])?;
            let other = items(&args[0]).into_owned();
            Ok(Value::array(
                items(recv)
                    .iter()
                    .zip(other)
                    .map(|(a, b)| Value::tuple(vec![a.clone(), b]))
                    .collect(),
            ))
        }
        k::CONCAT => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            let mut v = items(recv).into_owned();
            v.extend(items(&args[0]).iter().cloned());
            Ok(same_kind(recv, v))
        }
        k::JOIN => {
            expect_args(name, args, 0, 1)?;
            let sep = match args.first() {
                None => "",
                Some(Value::Text(s)) => s.as_str(),
                Some(other) => {
                    return fail(format!(
                        "`join` needs a text separator, found {}",
                        type_name(other, Some(&m.program.types))
                    ));
                }
            };
            check_materialise(recv)?;
            let all = items(recv);
            let mut out = String::new();
            for (i, x) in all.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                match x {
                    Value::Text(t) => out.push_str(t),
                    other => write_display(&mut out, other, Some(&m.program.types)),
                }
            }
            Ok(Value::text(out))
        }
        k::TAKE | k::SKIP => {
            expect_args(name, args, 1, 1)?;
            let n = int_arg(name, &args[0], &m.program.types)?.max(0) as usize;
            let (s, e) = if name == k::TAKE {
                (0, n.min(len))
            } else {
                (n.min(len), len)
            };
            slice_range(recv, s, e)
        }
        k::SLICE => {
            expect_args(name, args, 1, 2)?;
            let a = int_arg(name, &args[0], &m.program.types)?;
            let b = match args.get(1) {
                Some(v) => Some(int_arg(name, v, &m.program.types)?),
                None => None,
            };
            crate::compile::slice_value(recv, Some(a), b, 1, &m.program.types)
        }
        k::COPY => expect_args(name, args, 0, 0).map(|_| recv.clone()),
        k::TO_TEXT | k::TO_STRING => {
            expect_args(name, args, 0, 0)?;
            Ok(match recv {
                // A byte buffer's text is its UTF-8 decoding.
                Value::Bytes(b) => Value::text(String::from_utf8_lossy(b).into_owned()),
                _ => Value::text(
                    crate::value::DisplayValue(recv, Some(&m.program.types)).to_string(),
                ),
            })
        }
        _ => match (name.as_str(), recv) {
            ("to_array", _) => {
                check_materialise(recv)?;
                Ok(Value::array(items(recv).into_owned()))
            }
            ("to_text" | "decode", Value::Bytes(b)) => {
                Ok(Value::text(String::from_utf8_lossy(b).into_owned()))
            }
            ("flatten", _) => {
                let mut out = Vec::new();
                for x in items(recv).iter() {
                    match x {
                        Value::Array(inner) => out.extend(inner.iter()),
                        other => out.push(other.clone()),
                    }
                }
                Ok(Value::array(out))
            }
            ("count", _) => {
                expect_args(name, args, 1, 1)?;
                Ok(Value::Int(
                    items(recv)
                        .iter()
                        .filter(|x| values_equal(x, &args[0]))
                        .count() as i64,
                ))
            }
            _ => fail(format!(
                "{} has no method `{name}`",
                type_name(recv, Some(&m.program.types))
            )),
        },
    }
}

#[inline]
fn element(recv: &Value, idx: usize) -> Value {
    match recv {
        Value::Array(a) | Value::Tuple(a) => a.get(idx).unwrap_or_default(),
        Value::Bytes(b) => Value::Int(b[idx] as i64),
        Value::Range(r) => Value::Int(r.get(idx as i64)),
        _ => Value::Nil,
    }
}

fn slice_range(recv: &Value, s: usize, e: usize) -> Eval {
    Ok(match recv {
        Value::Array(a) | Value::Tuple(a) => Value::Array(Rc::new(a.slice(s, e))),
        Value::Bytes(b) => Value::bytes(b[s..e].to_vec()),
        Value::Range(r) => Value::array((s..e).map(|i| Value::Int(r.get(i as i64))).collect()),
        _ => Value::Nil,
    })
}

/// Mutating methods of arrays.
pub(super) fn call_mut(
    a: &mut Rc<crate::value::List>,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Eval {
    match name {
        k::PUSH => {
            expect_args(name, args, 1, 1)?;
            Rc::make_mut(a).push(std::mem::take(&mut args[0]));
            // `push` returns the array (upstream's meaning), so
            // `xs = xs.push(v)` and chained pushes work.
            Ok(Value::Array(a.clone()))
        }
        k::POP => {
            expect_args(name, args, 0, 0)?;
            Ok(Rc::make_mut(a).pop().unwrap_or(Value::Nil))
        }
        k::INSERT => {
            expect_args(name, args, 2, 2)?;
            let i = int_arg(name, &args[0], types)?;
            let len = a.len();
            let idx = if i < 0 { i + len as i64 } else { i };
            if idx < 0 || idx > len as i64 {
                return fail(format!("insert index {i} out of range for length {len}"));
            }
            Rc::make_mut(a).insert(idx as usize, std::mem::take(&mut args[1]));
            Ok(Value::Nil)
        }
        k::REMOVE => {
            expect_args(name, args, 1, 1)?;
            let i = int_arg(name, &args[0], types)?;
            match norm_index(i, a.len()) {
                Some(idx) => Ok(Rc::make_mut(a).remove(idx)),
                None => fail(format!(
                    "remove index {i} out of range for length {}",
                    a.len()
                )),
            }
        }
        k::EXTEND => {
            expect_args(name, args, 1, 1)?;
            check_materialise(&args[0])?;
            let more = items(&args[0]).into_owned();
            Rc::make_mut(a).extend(more);
            Ok(Value::Nil)
        }
        k::CLEAR => {
            expect_args(name, args, 0, 0)?;
            Rc::make_mut(a).clear();
            Ok(Value::Nil)
        }
        _ => fail(format!("array has no mutating method `{name}`")),
    }
}

/// Mutating methods of byte buffers.
pub(super) fn call_mut_bytes(
    b: &mut Rc<Vec<u8>>,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Eval {
    let byte = |v: &Value| -> Eval<u8> {
        match v {
            Value::Int(i) if (0..=255).contains(i) => Ok(*i as u8),
            other => fail(format!(
                "a byte must be an int in 0..=255, found {}",
                crate::value::DisplayValue(other, Some(types))
            )),
        }
    };
    match name {
        k::PUSH => {
            expect_args(name, args, 1, 1)?;
            let x = byte(&args[0])?;
            Rc::make_mut(b).push(x);
            Ok(Value::Bytes(b.clone()))
        }
        k::POP => {
            expect_args(name, args, 0, 0)?;
            Ok(Rc::make_mut(b)
                .pop()
                .map_or(Value::Nil, |x| Value::Int(x as i64)))
        }
        k::EXTEND => {
            expect_args(name, args, 1, 1)?;
            let more: Vec<u8> = match &args[0] {
                Value::Bytes(o) => o.to_vec(),
                Value::Text(s) => s.as_bytes().to_vec(),
                other => items(other).iter().map(byte).collect::<Eval<_>>()?,
            };
            Rc::make_mut(b).extend(more);
            Ok(Value::Nil)
        }
        k::CLEAR => {
            expect_args(name, args, 0, 0)?;
            Rc::make_mut(b).clear();
            Ok(Value::Nil)
        }
        _ => fail(format!("bytes have no mutating method `{name}`")),
    }
}
