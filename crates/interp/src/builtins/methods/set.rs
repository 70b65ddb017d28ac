//! Methods of sets.
//!
//! A set is a dict whose values are nil (`Value::Set`): its elements are
//! the dict's keys, so they are the kinds a dict key may be, and iteration
//! and display are in sorted order. Methods not listed here that arrays
//! have (`sum`, `join`, `reduce`, `min`, ...) work on the elements in that
//! order, through the array methods.

use std::rc::Rc;

use simple_syntax::{Symbol, ast::BinOp};

use super::expect_args;
use crate::error::{Eval, Loc, fail};
use crate::limits::{ENTRY_BYTES, check_size};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::{Dict, DictKey, Value};

/// The set methods, by name (other spellings included).
pub(super) const NAMES: &[&str] = &[
    "len",
    "size",
    "length",
    "is_empty",
    "contains",
    "has",
    "union",
    "intersection",
    "intersect",
    "difference",
    "diff",
    "symmetric_difference",
    "sym_diff",
    "is_subset",
    "is_superset",
    "is_disjoint",
    "to_array",
    "to_list",
    "to_text",
    "to_string",
    "clone",
    "copy",
    "add",
    "insert",
    "remove",
    "discard",
    "delete",
    "clear",
    "extend",
    "update",
    "filter",
    "map",
    "any",
    "all",
    "each",
    "for_each",
];

/// The names of the set methods that change the set in place.
const MUTATORS: &[&str] = &[
    "add", "insert", "remove", "discard", "delete", "clear", "extend", "update",
];

/// Whether `name` changes a set in place. (Out of line: `is_mutator` is on
/// the path of every method call on a variable.)
#[inline(never)]
pub(super) fn is_mutator(name: Symbol) -> bool {
    MUTATORS.contains(&name.as_str())
}

/// `v` as a set element, or an error naming what it is.
pub(crate) fn element(v: &Value, types: Option<&TypeTable>) -> Eval<DictKey> {
    DictKey::new(v.clone()).ok_or_else(|| {
        crate::error::rt_error(format!(
            "{} cannot be a set element (elements are texts, ints, bools or tuples of those)",
            type_name(v, types)
        ))
    })
}

/// The items of a collection (a set, array, tuple, range, dict's keys,
/// bytes) as set elements; `what` names the operation for the error.
pub(crate) fn elements(v: &Value, what: &str, types: Option<&TypeTable>) -> Eval<Vec<DictKey>> {
    match v {
        Value::Set(d) | Value::Dict(d) => Ok(d.keys().cloned().collect()),
        Value::Array(items) | Value::Tuple(items) => {
            items.iter().map(|x| element(&x, types)).collect()
        }
        Value::Range(r) => {
            check_size((r.len().max(0) as usize).saturating_mul(ENTRY_BYTES))?;
            Ok(r.iter()
                .map(|i| DictKey::new(Value::Int(i)).expect("an int is a key"))
                .collect())
        }
        Value::Bytes(b) => Ok(b
            .iter()
            .map(|x| DictKey::new(Value::Int(*x as i64)).expect("an int is a key"))
            .collect()),
        other => fail(format!(
            "{what} needs a set or a collection of elements, found {}",
            type_name(other, types)
        )),
    }
}

/// A set of the elements of a collection (`Set.from(xs)`).
pub(crate) fn from_items(v: &Value, types: Option<&TypeTable>) -> Eval {
    Ok(Value::set(elements(v, "a set", types)?))
}

fn set_of(d: Dict) -> Value {
    Value::Set(Rc::new(d))
}

fn union(x: &Dict, y: &Dict) -> Eval {
    check_size((x.len() + y.len()).saturating_mul(ENTRY_BYTES))?;
    let mut out = x.clone();
    for k in y.keys() {
        if !out.contains(k) {
            out.insert(k.clone(), Value::Nil);
        }
    }
    Ok(set_of(out))
}

fn intersection(x: &Dict, y: &Dict) -> Value {
    let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    set_of(
        small
            .keys()
            .filter(|k| large.contains(k))
            .map(|k| (k.clone(), Value::Nil))
            .collect(),
    )
}

fn difference(x: &Dict, y: &Dict) -> Value {
    set_of(
        x.keys()
            .filter(|k| !y.contains(k))
            .map(|k| (k.clone(), Value::Nil))
            .collect(),
    )
}

fn symmetric_difference(x: &Dict, y: &Dict) -> Value {
    set_of(
        x.keys()
            .filter(|k| !y.contains(k))
            .chain(y.keys().filter(|k| !x.contains(k)))
            .map(|k| (k.clone(), Value::Nil))
            .collect(),
    )
}

fn is_subset(x: &Dict, y: &Dict) -> bool {
    x.len() <= y.len() && x.keys().all(|k| y.contains(k))
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` on two sets; `None` for other
/// operators.
pub(crate) fn set_algebra(op: BinOp, x: &Dict, y: &Dict) -> Option<Eval> {
    Some(match op {
        BinOp::BitOr => union(x, y),
        BinOp::BitAnd => Ok(intersection(x, y)),
        BinOp::Sub => Ok(difference(x, y)),
        BinOp::BitXor => Ok(symmetric_difference(x, y)),
        _ => return None,
    })
}

/// The other operand of a binary set method, as a set (an array or other
/// collection is taken as the set of its items).
fn other_set(name: Symbol, v: &Value, types: &TypeTable) -> Eval<Rc<Dict>> {
    match v {
        Value::Set(d) => Ok(d.clone()),
        other => Ok(Rc::new(
            elements(other, &format!("`{name}`"), Some(types))?
                .into_iter()
                .map(|k| (k, Value::Nil))
                .collect(),
        )),
    }
}

/// The set methods that only read the set; `None` when `name` is not one.
pub(super) fn call(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    let Value::Set(d) = recv else { return None };
    let binary = |args: &[Value]| -> Eval<Rc<Dict>> {
        expect_args(name, args, 1, 1)?;
        other_set(name, &args[0], types)
    };
    Some(match name.as_str() {
        "len" | "size" | "length" => {
            expect_args(name, args, 0, 0).map(|_| Value::Int(d.len() as i64))
        }
        "is_empty" => expect_args(name, args, 0, 0).map(|_| Value::Bool(d.is_empty())),
        "contains" | "has" => expect_args(name, args, 1, 1)
            .map(|_| Value::Bool(DictKey::new(args[0].clone()).is_some_and(|k| d.contains(&k)))),
        "union" => binary(args).and_then(|o| union(d, &o)),
        "intersection" | "intersect" => binary(args).map(|o| intersection(d, &o)),
        "difference" | "diff" => binary(args).map(|o| difference(d, &o)),
        "symmetric_difference" | "sym_diff" => binary(args).map(|o| symmetric_difference(d, &o)),
        "is_subset" => binary(args).map(|o| Value::Bool(is_subset(d, &o))),
        "is_superset" => binary(args).map(|o| Value::Bool(is_subset(&o, d))),
        "is_disjoint" => binary(args).map(|o| {
            let (small, large) = if d.len() <= o.len() {
                (&**d, &*o)
            } else {
                (&*o, &**d)
            };
            Value::Bool(!small.keys().any(|k| large.contains(k)))
        }),
        "to_array" | "to_list" => expect_args(name, args, 0, 0).map(|_| to_array(d)),
        "to_text" | "to_string" => expect_args(name, args, 0, 0)
            .map(|_| Value::text(crate::value::DisplayValue(recv, Some(types)).to_string())),
        "clone" | "copy" => expect_args(name, args, 0, 0).map(|_| recv.clone()),
        _ => return None,
    })
}

/// The elements, in order, as an array.
pub(super) fn to_array(d: &Dict) -> Value {
    Value::array(d.keys().map(|k| k.value().clone()).collect())
}

/// The set methods that call a function; `None` when `name` is not one.
pub(super) fn call_fn(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    let Value::Set(d) = recv else { return None };
    let name_text = name.as_str();
    if !matches!(
        name_text,
        "filter" | "map" | "any" | "all" | "each" | "for_each"
    ) {
        return None;
    }
    Some((|| {
        expect_args(name, args, 1, 1)?;
        let f = std::mem::take(&mut args[0]);
        match name_text {
            "filter" => {
                let mut out = Dict::new();
                for k in d.keys() {
                    if super::call1(m, &f, k.value().clone(), loc)?.truthy() {
                        out.insert(k.clone(), Value::Nil);
                    }
                }
                Ok(set_of(out))
            }
            "map" => {
                let mut out = Dict::new();
                for k in d.keys() {
                    let v = super::call1(m, &f, k.value().clone(), loc)?;
                    out.insert(element(&v, Some(&m.program.types))?, Value::Nil);
                }
                Ok(set_of(out))
            }
            "any" | "all" => {
                let want = name_text == "any";
                for k in d.keys() {
                    if super::call1(m, &f, k.value().clone(), loc)?.truthy() == want {
                        return Ok(Value::Bool(want));
                    }
                }
                Ok(Value::Bool(!want))
            }
            _ => {
                for k in d.keys() {
                    super::call1(m, &f, k.value().clone(), loc)?;
                }
                Ok(Value::Nil)
            }
        }
    })())
}

/// Mutating methods of sets. `add`/`insert` answer whether the element
/// was new, `remove`/`discard`/`delete` whether it was there.
pub(super) fn call_mut(
    d: &mut Rc<Dict>,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Eval {
    match name.as_str() {
        "add" | "insert" => {
            expect_args(name, args, 1, 1)?;
            let k = element(&args[0], Some(types))?;
            if d.contains(&k) {
                return Ok(Value::Bool(false));
            }
            Rc::make_mut(d).insert(k, Value::Nil);
            Ok(Value::Bool(true))
        }
        "remove" | "discard" | "delete" => {
            expect_args(name, args, 1, 1)?;
            Ok(Value::Bool(match DictKey::new(args[0].clone()) {
                Some(k) if d.contains(&k) => {
                    Rc::make_mut(d).remove(&k);
                    true
                }
                _ => false,
            }))
        }
        "clear" => {
            expect_args(name, args, 0, 0)?;
            Rc::make_mut(d).clear();
            Ok(Value::Nil)
        }
        "extend" | "update" => {
            expect_args(name, args, 1, 1)?;
            let new = elements(&args[0], &format!("`{name}`"), Some(types))?;
            check_size((d.len() + new.len()).saturating_mul(ENTRY_BYTES))?;
            if !new.is_empty() {
                let d = Rc::make_mut(d);
                for k in new {
                    if !d.contains(&k) {
                        d.insert(k, Value::Nil);
                    }
                }
            }
            Ok(Value::Nil)
        }
        _ => fail(format!("set has no mutating method `{name}`")),
    }
}
