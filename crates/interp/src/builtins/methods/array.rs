//! Methods of arrays (and of the other sequences: tuples, ranges, bytes,
//! which share the reading methods).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use simple_syntax::{Symbol, known as k};

use super::names::M;
use super::{call1, call2, expect_args, int_arg};
use crate::error::{Eval, Loc, fail};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Dict, DictKey, Value, compare, values_equal, write_display};

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
    k::HAS,
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

/// A stable merge sort that never panics, whatever the comparator answers
/// (the standard library's sort may panic when the order is not total), and
/// stops at the comparator's first error.
fn merge_sort<T: Clone, E>(
    v: &mut [T],
    cmp: &mut impl FnMut(&T, &T) -> Result<Ordering, E>,
) -> Result<(), E> {
    fn go<T: Clone, E>(
        v: &mut [T],
        buf: &mut Vec<T>,
        cmp: &mut impl FnMut(&T, &T) -> Result<Ordering, E>,
    ) -> Result<(), E> {
        let n = v.len();
        if n <= 1 {
            return Ok(());
        }
        let mid = n / 2;
        go(&mut v[..mid], buf, cmp)?;
        go(&mut v[mid..], buf, cmp)?;
        if cmp(&v[mid], &v[mid - 1])? != Ordering::Less {
            return Ok(());
        }
        buf.clear();
        buf.extend_from_slice(&v[..mid]);
        let (mut i, mut j, mut k) = (0, mid, 0);
        // k = i + (j - mid) <= j: writing v[k] never overwrites an unread item.
        while i < buf.len() && j < n {
            if cmp(&v[j], &buf[i])? == Ordering::Less {
                v[k] = v[j].clone();
                j += 1;
            } else {
                v[k] = buf[i].clone();
                i += 1;
            }
            k += 1;
        }
        while i < buf.len() {
            v[k] = buf[i].clone();
            i += 1;
            k += 1;
        }
        Ok(())
    }
    go(v, &mut Vec::with_capacity(v.len() / 2 + 1), cmp)
}

/// Why two values cannot be ordered, for a sort's error message.
fn unordered(a: &Value, b: &Value, types: &TypeTable) -> String {
    let nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    if nan(a) || nan(b) {
        return "NaN cannot be ordered".into();
    }
    format!(
        "{} and {} cannot be compared",
        type_name(a, Some(types)),
        type_name(b, Some(types))
    )
}

fn sorted(mut v: Vec<Value>, types: &TypeTable) -> Eval<Vec<Value>> {
    let r = merge_sort(&mut v, &mut |a: &Value, b: &Value| {
        compare(a, b).ok_or_else(|| (a.clone(), b.clone()))
    });
    match r {
        Ok(()) => Ok(v),
        Err((a, b)) => fail(format!("cannot sort: {}", unordered(&a, &b, types))),
    }
}

/// `sort_by(f)`: `f` is a key function (one parameter) or a comparator (two
/// parameters returning a negative/zero/positive int or a bool "a < b").
/// A comparator that contradicts itself (the result is not in order by its
/// own answers) is an error.
fn sort_by(m: &mut Machine, v: Vec<Value>, f: &Value, loc: Loc) -> Eval<Vec<Value>> {
    let params = match f {
        Value::Closure(c) => c.def.params.len(),
        Value::Function(d) => d.params.len(),
        _ => 1,
    };
    if params == 2 {
        let mut v = v;
        let mut cmp = |a: &Value, b: &Value| -> Eval<Ordering> {
            match call2(m, f, a.clone(), b.clone(), loc)? {
                Value::Int(i) => Ok(i.cmp(&0)),
                Value::Bool(true) => Ok(Ordering::Less),
                Value::Bool(false) => match call2(m, f, b.clone(), a.clone(), loc)? {
                    Value::Bool(true) => Ok(Ordering::Greater),
                    _ => Ok(Ordering::Equal),
                },
                other => Err(crate::error::rt_error(format!(
                    "a `sort_by` comparator must return an int or a bool, got {}",
                    type_name(&other, Some(&m.program.types))
                ))),
            }
        };
        merge_sort(&mut v, &mut cmp)?;
        for pair in v.windows(2) {
            if cmp(&pair[0], &pair[1])? == Ordering::Greater {
                return fail(
                    "`sort_by`: the comparator is inconsistent (it does not define an order)",
                );
            }
        }
        return Ok(v);
    }
    let mut keyed = Vec::with_capacity(v.len());
    for item in v {
        let key = call1(m, f, item.clone(), loc)?;
        keyed.push((key, item));
    }
    let types = &m.program.types;
    let r = merge_sort(&mut keyed, &mut |a: &(Value, Value), b: &(Value, Value)| {
        compare(&a.0, &b.0).ok_or_else(|| (a.0.clone(), b.0.clone()))
    });
    if let Err((a, b)) = r {
        return fail(format!(
            "cannot sort: the keys cannot be ordered ({})",
            unordered(&a, &b, types)
        ));
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
        k::CONTAINS | k::HAS => expect_args(name, args, 1, 1)
            .and_then(|_| crate::ops::contains(recv, &args[0], Some(types)).map(Value::Bool)),
        _ => return None,
    })
}

/// Sequence methods beyond [`NAMES`].
pub(super) const EXTRA: &[M] = &[
    M::Length,
    M::At,
    M::LastIndexOf,
    M::Sorted,
    M::SortDesc,
    M::SortedBy,
    M::Reversed,
    M::Unique,
    M::Distinct,
    M::Drop,
    M::Count,
    M::CountOf,
    M::AllTruthy,
    M::AnyTruthy,
    M::Chunks,
    M::Windows,
    M::GroupBy,
    M::Partition,
    M::FlatMap,
    M::Flatten,
    M::TakeWhile,
    M::DropWhile,
    M::SkipWhile,
    M::Product,
    M::MinBy,
    M::MaxBy,
    M::FindIndex,
    M::Position,
    M::Each,
    M::ForEach,
    M::Fill,
    M::Compact,
    M::Rotate,
    M::Transpose,
    M::Fetch,
    M::Clone,
    M::ToArray,
    M::ToDict,
    M::Decode,
    M::Append,
];

pub(super) fn call(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    if NAMES.contains(&name) {
        return Some(call_inner(m, recv, name, args, loc));
    }
    let method = M::of(name).filter(|x| EXTRA.contains(x))?;
    Some(call_extra(m, recv, method, name, args, loc))
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
        k::CONTAINS | k::HAS => {
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
        _ => fail(format!(
            "{} has no method `{name}`",
            type_name(recv, Some(&m.program.types))
        )),
    }
}

fn is_callable(v: &Value) -> bool {
    matches!(
        v,
        Value::Function(_) | Value::Closure(_) | Value::Native(_) | Value::Bound(_)
    )
}

/// How many parameters a Simple function takes (`None` when unknown).
fn param_count(f: &Value) -> Option<usize> {
    match f {
        Value::Closure(c) => Some(c.def.params.len()),
        Value::Function(d) => Some(d.params.len()),
        _ => None,
    }
}

fn positive_size(name: Symbol, v: &Value, types: &TypeTable) -> Eval<usize> {
    let n = int_arg(name, v, types)?;
    if n < 1 {
        return fail(format!("`{name}` needs a size of at least 1, got {n}"));
    }
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The first items, one per distinct value, in order.
fn unique(items: &[Value]) -> Vec<Value> {
    let mut seen = Dict::new();
    // Items that cannot be keys (floats, structs, ...) are compared one by one.
    let mut others: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for x in items {
        let fresh = match DictKey::new(x.clone()) {
            Some(key) => {
                !others.iter().any(|o| values_equal(o, x)) && seen.insert(key, Value::Nil).is_none()
            }
            None => {
                let new = !out.iter().any(|o| values_equal(o, x));
                if new {
                    others.push(x.clone());
                }
                new
            }
        };
        if fresh {
            out.push(x.clone());
        }
    }
    out
}

/// `min_by`/`max_by`: `f` is a key function (one parameter) or a
/// comparator (two parameters), as for `sort_by`. The first best item wins.
fn extreme_by(m: &mut Machine, items: &[Value], f: &Value, max: bool, loc: Loc) -> Eval {
    let Some(first) = items.first() else {
        return Ok(Value::Nil);
    };
    let comparator = param_count(f) == Some(2);
    let key_of = |m: &mut Machine, x: &Value| -> Eval {
        if comparator {
            Ok(x.clone())
        } else {
            call1(m, f, x.clone(), loc)
        }
    };
    let mut best = first.clone();
    let mut best_key = key_of(m, first)?;
    for x in &items[1..] {
        let key = key_of(m, x)?;
        let ord = if comparator {
            match call2(m, f, key.clone(), best_key.clone(), loc)? {
                Value::Int(i) => i.cmp(&0),
                Value::Bool(true) => Ordering::Less,
                Value::Bool(false) => Ordering::Greater,
                other => {
                    return fail(format!(
                        "a comparator must return an int or a bool, got {}",
                        type_name(&other, Some(&m.program.types))
                    ));
                }
            }
        } else {
            match compare(&key, &best_key) {
                Some(o) => o,
                None => {
                    return fail(format!(
                        "cannot compare {} with {}",
                        type_name(&key, Some(&m.program.types)),
                        type_name(&best_key, Some(&m.program.types))
                    ));
                }
            }
        };
        if (max && ord.is_gt()) || (!max && ord.is_lt()) {
            best = x.clone();
            best_key = key;
        }
    }
    Ok(best)
}

fn call_extra(
    m: &mut Machine,
    recv: &Value,
    method: M,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Eval {
    let len = seq_len(recv);
    // Methods that call a function: the items are read one at a time.
    let takes_fn = matches!(
        method,
        M::SortedBy
            | M::GroupBy
            | M::Partition
            | M::FlatMap
            | M::TakeWhile
            | M::DropWhile
            | M::SkipWhile
            | M::MinBy
            | M::MaxBy
            | M::FindIndex
            | M::Position
            | M::Each
            | M::ForEach
    );
    if takes_fn {
        expect_args(name, args, 1, 1)?;
        check_materialise(recv)?;
        let f = std::mem::take(&mut args[0]);
        let src = (0..len).map(|i| element(recv, i));
        return match method {
            M::SortedBy => {
                let v = sort_by(m, items(recv).into_owned(), &f, loc)?;
                Ok(same_kind(recv, v))
            }
            M::GroupBy => {
                let mut groups = Dict::new();
                for x in src {
                    let key = call1(m, &f, x.clone(), loc)?;
                    let Some(key) = DictKey::new(key.clone()) else {
                        return fail(format!(
                            "a `group_by` key must be a text, int, bool or tuple of those, got {}",
                            type_name(&key, Some(&m.program.types))
                        ));
                    };
                    match groups.get_mut(&key) {
                        Some(Value::Array(group)) => Rc::make_mut(group).push(x),
                        _ => {
                            groups.insert(key, Value::array(vec![x]));
                        }
                    }
                }
                Ok(Value::Dict(Rc::new(groups)))
            }
            M::Partition => {
                let (mut yes, mut no) = (Vec::new(), Vec::new());
                for x in src {
                    if call1(m, &f, x.clone(), loc)?.truthy() {
                        yes.push(x);
                    } else {
                        no.push(x);
                    }
                }
                Ok(Value::tuple(vec![Value::array(yes), Value::array(no)]))
            }
            M::FlatMap => {
                let mut out = Vec::with_capacity(len);
                for x in src {
                    match call1(m, &f, x, loc)? {
                        Value::Array(inner) => out.extend(inner.iter()),
                        other => out.push(other),
                    }
                }
                Ok(Value::array(out))
            }
            M::TakeWhile => {
                let mut out = Vec::new();
                for x in src {
                    if !call1(m, &f, x.clone(), loc)?.truthy() {
                        break;
                    }
                    out.push(x);
                }
                Ok(same_kind(recv, out))
            }
            M::DropWhile | M::SkipWhile => {
                let mut start = len;
                for (i, x) in src.enumerate() {
                    if !call1(m, &f, x, loc)?.truthy() {
                        start = i;
                        break;
                    }
                }
                slice_range(recv, start, len)
            }
            M::MinBy | M::MaxBy => extreme_by(m, &items(recv), &f, method == M::MaxBy, loc),
            M::FindIndex | M::Position => {
                for (i, x) in src.enumerate() {
                    if call1(m, &f, x, loc)?.truthy() {
                        return Ok(Value::Int(i as i64));
                    }
                }
                Ok(if method == M::FindIndex {
                    Value::Int(-1)
                } else {
                    Value::Nil
                })
            }
            _ => {
                for x in src {
                    call1(m, &f, x, loc)?;
                }
                Ok(Value::Nil)
            }
        };
    }
    let types = &m.program.types;
    match method {
        M::Length => expect_args(name, args, 0, 0).map(|_| Value::Int(len as i64)),
        M::At => {
            expect_args(name, args, 1, 1)?;
            let i = int_arg(name, &args[0], types)?;
            Ok(norm_index(i, len).map_or(Value::Nil, |idx| element(recv, idx)))
        }
        M::Fetch => {
            expect_args(name, args, 2, 2)?;
            let i = int_arg(name, &args[0], types)?;
            Ok(norm_index(i, len)
                .map_or_else(|| std::mem::take(&mut args[1]), |idx| element(recv, idx)))
        }
        M::LastIndexOf => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            let pos = items(recv).iter().rposition(|x| values_equal(x, &args[0]));
            Ok(Value::Int(pos.map_or(-1, |p| p as i64)))
        }
        M::Sorted | M::SortDesc => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut v = sorted(items(recv).into_owned(), types)?;
            if method == M::SortDesc {
                v.reverse();
            }
            Ok(same_kind(recv, v))
        }
        M::Reversed => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut v = items(recv).into_owned();
            v.reverse();
            Ok(same_kind(recv, v))
        }
        M::Unique | M::Distinct => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            Ok(same_kind(recv, unique(&items(recv))))
        }
        M::Drop => {
            expect_args(name, args, 1, 1)?;
            let n = int_arg(name, &args[0], types)?.max(0) as usize;
            slice_range(recv, n.min(len), len)
        }
        M::Count => {
            expect_args(name, args, 0, 1)?;
            match args.first() {
                None => Ok(Value::Int(len as i64)),
                // `count(f)`: how many items `f` accepts.
                Some(f) if is_callable(f) => {
                    check_materialise(recv)?;
                    let f = f.clone();
                    let mut n = 0;
                    for i in 0..len {
                        if call1(m, &f, element(recv, i), loc)?.truthy() {
                            n += 1;
                        }
                    }
                    Ok(Value::Int(n))
                }
                Some(v) => Ok(Value::Int(count_of(recv, v)?)),
            }
        }
        M::CountOf => {
            expect_args(name, args, 1, 1)?;
            Ok(Value::Int(count_of(recv, &args[0])?))
        }
        M::AllTruthy | M::AnyTruthy => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let all = items(recv);
            Ok(Value::Bool(if method == M::AllTruthy {
                all.iter().all(Value::truthy)
            } else {
                all.iter().any(Value::truthy)
            }))
        }
        M::Chunks | M::Windows => {
            expect_args(name, args, 1, 1)?;
            let n = positive_size(name, &args[0], types)?;
            check_materialise(recv)?;
            let all = items(recv);
            let parts: Vec<Value> = if method == M::Chunks {
                all.chunks(n).map(|c| same_kind(recv, c.to_vec())).collect()
            } else {
                all.windows(n)
                    .map(|w| same_kind(recv, w.to_vec()))
                    .collect()
            };
            Ok(Value::array(parts))
        }
        M::Flatten => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut out = Vec::new();
            for x in items(recv).iter() {
                match x {
                    Value::Array(inner) => out.extend(inner.iter()),
                    other => out.push(other.clone()),
                }
            }
            Ok(Value::array(out))
        }
        M::Product => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut acc = Value::Int(1);
            for item in items(recv).iter() {
                acc = crate::ops::binary(
                    simple_syntax::ast::BinOp::Mul,
                    acc,
                    item.clone(),
                    Some(types),
                )?;
            }
            Ok(acc)
        }
        M::Fill => {
            expect_args(name, args, 1, 1)?;
            check_materialise(recv)?;
            Ok(Value::array(vec![std::mem::take(&mut args[0]); len]))
        }
        M::Compact => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            Ok(Value::array(
                items(recv)
                    .iter()
                    .filter(|x| !x.is_nil())
                    .cloned()
                    .collect(),
            ))
        }
        M::Rotate => {
            expect_args(name, args, 0, 1)?;
            let n = match args.first() {
                Some(v) => int_arg(name, v, types)?,
                None => 1,
            };
            check_materialise(recv)?;
            let mut v = items(recv).into_owned();
            if !v.is_empty() {
                // Left by `n` (right when negative): [1, 2, 3].rotate(1) is [2, 3, 1].
                let k = n.rem_euclid(v.len() as i64) as usize;
                v.rotate_left(k);
            }
            Ok(same_kind(recv, v))
        }
        M::Transpose => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let rows = items(recv);
            let mut cols: Vec<Vec<Value>> = Vec::new();
            for row in rows.iter() {
                let (Value::Array(row) | Value::Tuple(row)) = row else {
                    return fail(format!(
                        "`transpose` needs an array of arrays, found an item that is {}",
                        type_name(row, Some(types))
                    ));
                };
                for (i, x) in row.iter().enumerate() {
                    if cols.len() <= i {
                        cols.push(Vec::new());
                    }
                    cols[i].push(x);
                }
            }
            Ok(Value::array(cols.into_iter().map(Value::array).collect()))
        }
        M::Clone => expect_args(name, args, 0, 0).map(|_| recv.clone()),
        M::ToArray => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            Ok(Value::array(items(recv).into_owned()))
        }
        M::ToDict => {
            expect_args(name, args, 0, 0)?;
            check_materialise(recv)?;
            let mut d = Dict::new();
            for pair in items(recv).iter() {
                let kv = match pair {
                    Value::Tuple(t) | Value::Array(t) if t.len() == 2 => t.values(),
                    other => {
                        return fail(format!(
                            "`to_dict` needs (key, value) pairs, found {}",
                            crate::value::DisplayValue(other, Some(types))
                        ));
                    }
                };
                let Some(key) = DictKey::new(kv[0].clone()) else {
                    return fail(format!(
                        "{} cannot be a dict key (keys are texts, ints, bools or tuples of those)",
                        type_name(&kv[0], Some(types))
                    ));
                };
                d.insert(key, kv[1].clone());
            }
            Ok(Value::Dict(Rc::new(d)))
        }
        M::Decode => match recv {
            Value::Bytes(b) => {
                expect_args(name, args, 0, 0)?;
                Ok(Value::text(String::from_utf8_lossy(b).into_owned()))
            }
            other => fail(format!(
                "{} has no method `decode` (only bytes do)",
                type_name(other, Some(types))
            )),
        },
        _ => fail(format!(
            "{} has no method `{name}`",
            type_name(recv, Some(types))
        )),
    }
}

/// How many items equal `v`.
fn count_of(recv: &Value, v: &Value) -> Eval<i64> {
    check_materialise(recv)?;
    Ok(items(recv).iter().filter(|x| values_equal(x, v)).count() as i64)
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
        Value::Range(_) if e.saturating_sub(s) > 1 << 28 => {
            return fail("range too large to turn into an array");
        }
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
    let append = name == M::Append.sym();
    match name {
        _ if append || name == k::PUSH => {
            expect_args(name, args, 1, 1)?;
            crate::limits::check_growth(a.len(), 1)?;
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
            crate::limits::check_growth(len, 1)?;
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
            crate::limits::check_growth(a.len(), more.len())?;
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
    let append = name == M::Append.sym();
    match name {
        _ if append || name == k::PUSH => {
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
