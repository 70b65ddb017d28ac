//! Methods of dicts.

use std::rc::Rc;

use simple_syntax::{Symbol, known as k};

use super::expect_args;
use crate::error::{Eval, fail};
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
];

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
        k::GET => expect_args(name, args, 1, 1).map(|_| match DictKey::new(args[0].clone()) {
            Some(k) => d.get(&k).cloned().unwrap_or(Value::Nil),
            None => Value::Nil,
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
        _ => return None,
    })
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
            Ok(Value::Nil)
        }
        k::REMOVE => {
            expect_args(name, args, 1, 1)?;
            Ok(match DictKey::new(args[0].clone()) {
                Some(k) => Rc::make_mut(d).remove(&k).unwrap_or(Value::Nil),
                None => Value::Nil,
            })
        }
        k::CLEAR => {
            expect_args(name, args, 0, 0)?;
            Rc::make_mut(d).clear();
            Ok(Value::Nil)
        }
        _ => fail(format!("dict has no mutating method `{name}`")),
    }
}
