//! Methods of dicts.

use std::rc::Rc;

use simple_syntax::{Symbol, known as k};

use super::names::M;
use super::{call_kv, expect_args};
use crate::error::{Eval, Loc, fail};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Dict, DictKey, Value};

pub(super) const NAMES: &[Symbol] = &[
    k::LEN,
    k::IS_EMPTY,
    k::KEYS,
    k::VALUES,
    k::ITEMS,
    k::ENTRIES,
    k::GET,
    k::GET_OR,
    k::CONTAINS_KEY,
    k::CONTAINS,
    k::HAS,
    k::SET,
    k::INSERT,
    k::REMOVE,
    k::MERGE,
    k::CLEAR,
    k::COPY,
    k::TO_TEXT,
    k::TO_STRING,
    k::POP,
    k::EXTEND,
    k::FILTER,
    k::ANY,
    k::ALL,
];

/// Dict methods beyond [`NAMES`].
pub(super) const EXTRA: &[M] = &[
    M::Length,
    M::Clone,
    M::Fetch,
    M::Compact,
    M::Update,
    M::Delete,
    M::Setdefault,
    M::MapValues,
    M::Each,
    M::ForEach,
    M::Count,
    M::FirstKey,
    M::LastKey,
    M::FirstKeyValue,
    M::LastKeyValue,
    M::KeysBetween,
];

/// Whether `name` changes a dict in place.
#[inline]
pub(super) fn is_mutator(name: Symbol) -> bool {
    matches!(
        name,
        k::SET | k::REMOVE | k::CLEAR | k::INSERT | k::POP | k::EXTEND
    ) || matches!(M::of(name), Some(M::Update | M::Delete | M::Setdefault))
}

fn key(v: &Value, types: &TypeTable) -> Eval<DictKey> {
    DictKey::new(v.clone()).ok_or_else(|| {
        crate::error::rt_error(format!(
            "{} cannot be a dict key (keys are texts, ints, bools or tuples of those)",
            type_name(v, Some(types))
        ))
    })
}

pub(super) fn call(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let Value::Dict(d) = recv else { return None };
    Some(match name {
        k::LEN => expect_args(name, args, 0, 0).map(|_| Value::Int(d.len() as i64)),
        k::IS_EMPTY => expect_args(name, args, 0, 0).map(|_| Value::Bool(d.is_empty())),
        k::KEYS => expect_args(name, args, 0, 0)
            .map(|_| Value::array(d.keys().map(|k| k.value().clone()).collect())),
        k::VALUES => {
            expect_args(name, args, 0, 0).map(|_| Value::array(d.values().cloned().collect()))
        }
        k::ITEMS | k::ENTRIES => expect_args(name, args, 0, 0).map(|_| {
            Value::array(
                d.iter()
                    .map(|(k, v)| Value::tuple(vec![k.value().clone(), v.clone()]))
                    .collect(),
            )
        }),
        // `get(k)` is nil when `k` is missing; `get(k, default)` gives the default.
        k::GET => expect_args(name, args, 1, 2).map(|_| {
            match DictKey::new(args[0].clone()).and_then(|k| d.get(&k).cloned()) {
                Some(v) => v,
                None => args.get_mut(1).map(std::mem::take).unwrap_or_default(),
            }
        }),
        k::GET_OR => expect_args(name, args, 2, 2).map(|_| {
            match DictKey::new(args[0].clone()).and_then(|k| d.get(&k).cloned()) {
                Some(v) => v,
                None => std::mem::take(&mut args[1]),
            }
        }),
        k::CONTAINS_KEY | k::CONTAINS | k::HAS => expect_args(name, args, 1, 1)
            .map(|_| Value::Bool(DictKey::new(args[0].clone()).is_some_and(|k| d.contains(&k)))),
        k::MERGE => expect_args(name, args, 1, 1).and_then(|_| match &args[0] {
            Value::Dict(other) => {
                let mut out = (**d).clone();
                for (k, v) in other.iter() {
                    out.insert(k.clone(), v.clone());
                }
                Ok(Value::Dict(Rc::new(out)))
            }
            other => fail(format!(
                "`merge` needs a dict, found {}",
                type_name(other, Some(types))
            )),
        }),
        k::COPY => expect_args(name, args, 0, 0).map(|_| recv.clone()),
        k::TO_TEXT | k::TO_STRING => expect_args(name, args, 0, 0)
            .map(|_| Value::text(crate::value::DisplayValue(recv, Some(types)).to_string())),
        _ => match M::of(name)? {
            M::Length => expect_args(name, args, 0, 0).map(|_| Value::Int(d.len() as i64)),
            M::Clone => expect_args(name, args, 0, 0).map(|_| recv.clone()),
            M::Fetch => expect_args(name, args, 2, 2).map(|_| {
                match DictKey::new(args[0].clone()).and_then(|k| d.get(&k).cloned()) {
                    Some(v) => v,
                    None => std::mem::take(&mut args[1]),
                }
            }),
            // Ordered-map reads (a dict is always in key order).
            M::FirstKey => expect_args(name, args, 0, 0).map(|_| {
                d.keys()
                    .next()
                    .map(|k| k.value().clone())
                    .unwrap_or_default()
            }),
            M::LastKey => expect_args(name, args, 0, 0).map(|_| {
                d.keys()
                    .last()
                    .map(|k| k.value().clone())
                    .unwrap_or_default()
            }),
            M::FirstKeyValue => expect_args(name, args, 0, 0).map(|_| {
                d.iter()
                    .next()
                    .map(|(k, v)| Value::tuple(vec![k.value().clone(), v.clone()]))
                    .unwrap_or_default()
            }),
            M::LastKeyValue => expect_args(name, args, 0, 0).map(|_| {
                d.iter()
                    .last()
                    .map(|(k, v)| Value::tuple(vec![k.value().clone(), v.clone()]))
                    .unwrap_or_default()
            }),
            // `range(lo, hi)`: the entries with `lo <= key < hi`.
            M::KeysBetween => expect_args(name, args, 2, 2).and_then(|_| {
                let lo = key(&args[0], types)?;
                let hi = key(&args[1], types)?;
                Ok(Value::Dict(Rc::new(
                    d.iter()
                        .filter(|(k, _)| (*k).cmp(&lo).is_ge() && (*k).cmp(&hi).is_lt())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                )))
            }),
            M::Compact => expect_args(name, args, 0, 0).map(|_| {
                Value::Dict(Rc::new(
                    d.iter()
                        .filter(|(_, v)| !v.is_nil())
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                ))
            }),
            _ => return None,
        },
    })
}

/// The dict methods that call a function `f(key, value)` (or `f((key,
/// value))` when `f` takes one parameter).
pub(super) fn call_fn(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    let Value::Dict(d) = recv else { return None };
    let method = match name {
        k::FILTER | k::ANY | k::ALL => None,
        _ => Some(
            M::of(name).filter(|x| matches!(x, M::MapValues | M::Each | M::ForEach | M::Count))?,
        ),
    };
    Some((|| {
        if method == Some(M::Count) {
            expect_args(name, args, 0, 1)?;
            if args.is_empty() {
                return Ok(Value::Int(d.len() as i64));
            }
        } else {
            expect_args(name, args, 1, 1)?;
        }
        let f = std::mem::take(&mut args[0]);
        match (name, method) {
            (k::FILTER, _) => {
                let mut out = Dict::new();
                for (key, v) in d.iter() {
                    if call_kv(m, &f, key.value(), v, loc)?.truthy() {
                        out.insert(key.clone(), v.clone());
                    }
                }
                Ok(Value::Dict(Rc::new(out)))
            }
            (k::ANY | k::ALL, _) => {
                let want = name == k::ANY;
                for (key, v) in d.iter() {
                    if call_kv(m, &f, key.value(), v, loc)?.truthy() == want {
                        return Ok(Value::Bool(want));
                    }
                }
                Ok(Value::Bool(!want))
            }
            (_, Some(M::MapValues)) => {
                let mut out = Dict::new();
                for (key, v) in d.iter() {
                    out.insert(key.clone(), super::call1(m, &f, v.clone(), loc)?);
                }
                Ok(Value::Dict(Rc::new(out)))
            }
            (_, Some(M::Count)) => {
                let mut n = 0;
                for (key, v) in d.iter() {
                    if call_kv(m, &f, key.value(), v, loc)?.truthy() {
                        n += 1;
                    }
                }
                Ok(Value::Int(n))
            }
            _ => {
                for (key, v) in d.iter() {
                    call_kv(m, &f, key.value(), v, loc)?;
                }
                Ok(Value::Nil)
            }
        }
    })())
}

/// Mutating methods of dicts.
pub(super) fn call_mut(
    d: &mut Rc<Dict>,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Eval {
    match name {
        k::SET | k::INSERT => {
            expect_args(name, args, 2, 2)?;
            let k = key(&args[0], types)?;
            Rc::make_mut(d).insert(k, std::mem::take(&mut args[1]));
            // Like `push`, `set` returns the dict: `d = d.set(k, v)` works.
            Ok(Value::Dict(d.clone()))
        }
        k::REMOVE | k::POP => {
            // `pop(k, default)` gives the default when `k` is missing.
            if name == k::POP {
                expect_args(name, args, 1, 2)?;
            } else {
                expect_args(name, args, 1, 1)?;
            }
            let removed = match DictKey::new(args[0].clone()) {
                Some(k) if d.contains(&k) => Rc::make_mut(d).remove(&k),
                _ => None,
            };
            Ok(removed.unwrap_or_else(|| args.get_mut(1).map(std::mem::take).unwrap_or_default()))
        }
        k::EXTEND => update(d, name, args, types),
        k::CLEAR => {
            expect_args(name, args, 0, 0)?;
            Rc::make_mut(d).clear();
            Ok(Value::Nil)
        }
        _ => match M::of(name) {
            Some(M::Update) => update(d, name, args, types),
            Some(M::Delete) => call_mut(d, k::REMOVE, args, types),
            Some(M::Setdefault) => {
                expect_args(name, args, 2, 2)?;
                let k = key(&args[0], types)?;
                if let Some(v) = d.get(&k) {
                    return Ok(v.clone());
                }
                let v = std::mem::take(&mut args[1]);
                Rc::make_mut(d).insert(k, v.clone());
                Ok(v)
            }
            _ => fail(format!("dict has no mutating method `{name}`")),
        },
    }
}

/// `update(other)` / `extend(other)`: adds `other`'s entries in place.
fn update(d: &mut Rc<Dict>, name: Symbol, args: &mut [Value], types: &TypeTable) -> Eval {
    expect_args(name, args, 1, 1)?;
    match &args[0] {
        Value::Dict(other) => {
            if !other.is_empty() {
                let d = Rc::make_mut(d);
                for (k, v) in other.iter() {
                    d.insert(k.clone(), v.clone());
                }
            }
            Ok(Value::Nil)
        }
        other => fail(format!(
            "`{name}` needs a dict, found {}",
            type_name(other, Some(types))
        )),
    }
}
