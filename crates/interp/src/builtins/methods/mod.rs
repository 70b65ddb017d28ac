//! Methods of the built-in kinds, dispatched by interned name.
//!
//! Each kind's module answers `Option<Eval>`: `None` means "no such method
//! here", and the Option/Result methods (which work on any value, options
//! being nil-based) get their turn before the "no method" error.

mod array;
mod dict;
mod names;
mod num;
mod option;
mod set;
mod text;
mod view;

use simple_syntax::{Symbol, known as k};

use crate::compile::call_value;
use crate::error::{Eval, Loc, fail};
use crate::machine::Machine;
use crate::ops::type_name;
use crate::suggest;
use crate::types::TypeTable;
use crate::value::{ArgBuf, Value, compare};
use names::M;

pub(crate) use num::{float_binary_fn, float_unary_fn};
pub(crate) use set::{from_items as set_from_items, set_algebra};
pub use text::parse_int;
pub(crate) use text::text_unary_fn;

/// Methods that change their receiver in place. (Always inlined: it is on
/// the path of every method call on a variable.)
#[inline(always)]
pub fn is_mutator(v: &Value, name: Symbol) -> bool {
    match v {
        Value::Array(_) => {
            matches!(
                name,
                k::PUSH | k::POP | k::INSERT | k::REMOVE | k::EXTEND | k::CLEAR
            ) || M::of(name) == Some(M::Append)
        }
        Value::Bytes(_) => {
            matches!(name, k::PUSH | k::POP | k::EXTEND | k::CLEAR)
                || M::of(name) == Some(M::Append)
        }
        Value::Dict(_) => dict::is_mutator(name),
        Value::Set(_) => set::is_mutator(name),
        _ => false,
    }
}

/// Runs a mutating method on a value reached through a place.
pub fn call_mut(v: &mut Value, name: Symbol, args: &mut [Value], types: &TypeTable) -> Eval {
    match v {
        Value::Array(a) if a.is_frozen() => crate::value::frozen_error("array"),
        Value::Dict(d) if d.is_frozen() => crate::value::frozen_error("dict"),
        Value::Set(d) if d.is_frozen() => crate::value::frozen_error("set"),
        Value::Array(a) => array::call_mut(a, name, args, types),
        Value::Bytes(b) => array::call_mut_bytes(b, name, args, types),
        Value::Dict(d) => dict::call_mut(d, name, args, types),
        Value::Set(d) => set::call_mut(d, name, args, types),
        other => fail(format!(
            "{} has no mutating method `{name}`",
            type_name(other, Some(types))
        )),
    }
}

/// Calls a built-in method that only reads its receiver and needs nothing
/// of the machine (text, number and dict methods, array queries), on a
/// borrowed receiver. `None` when the method is not one of those.
pub fn call_pure(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    match recv {
        Value::Int(_) | Value::Float(_) => num::call(recv, name, args, types),
        Value::Text(_) => text::call(recv, name, args, types),
        Value::Dict(_) if !is_mutator(recv, name) => dict::call(recv, name, args, types),
        Value::Array(_) | Value::Tuple(_) => array::call_query(recv, name, args, types),
        Value::View(v) => view::call(v, name, args, types),
        _ => None,
    }
}

/// Calls method `name` on a built-in value.
pub fn call(
    m: &mut Machine,
    recv: Value,
    name: Symbol,
    args: &mut ArgBuf,
    names: Option<&[Option<Symbol>]>,
    loc: Loc,
) -> Eval {
    if names.is_some() {
        return fail(format!(
            "built-in method `{name}` does not take named arguments"
        ));
    }
    if is_mutator(&recv, name) {
        // A mutating method on a temporary: the change is not kept.
        let mut tmp = recv;
        return call_mut(&mut tmp, name, args, &m.program.types);
    }
    let found = match &recv {
        Value::Int(_) | Value::Float(_) => match num::call(&recv, name, args, &m.program.types) {
            None => num::call_fn(m, &recv, name, args, loc),
            r => r,
        },
        Value::Text(_) => text::call(&recv, name, args, &m.program.types),
        Value::View(v) => view::call(v, name, args, &m.program.types),
        Value::Bytes(b) if name.as_str() == "view" => {
            Some(view::bytes_view(b, args, &m.program.types))
        }
        Value::Array(_) | Value::Tuple(_) | Value::Range(_) | Value::Bytes(_) => {
            array::call(m, &recv, name, args, loc)
        }
        Value::Dict(_) => match dict::call(&recv, name, args, &m.program.types) {
            None => dict::call_fn(m, &recv, name, args, loc),
            r => r,
        },
        Value::Set(d) => match set::call(&recv, name, args, &m.program.types) {
            None => match set::call_fn(m, &recv, name, args, loc) {
                // Array methods not listed for sets (`sum`, `join`, ...)
                // work on the elements in order.
                None => array::call(m, &set::to_array(d), name, args, loc),
                r => r,
            },
            r => r,
        },
        Value::Host(h) => crate::host_type::call_method(h, name, args, &m.program.types),
        // Other number methods see the bits as an `i64` (as before `u64`
        // values had a kind of their own): `to_hex`, `wrapping_add`, ...
        Value::U64(u) => u64_method(*u, name, args).or_else(|| {
            let bits = Value::Int(*u as i64);
            match num::call(&bits, name, args, &m.program.types) {
                None => num::call_fn(m, &bits, name, args, loc),
                r => r,
            }
        }),
        _ => None,
    };
    if let Some(r) = found {
        return r;
    }
    if let Some(r) = option::call(m, &recv, name, args, loc) {
        return r;
    }
    no_method(&recv, name, &m.program.types)
}

/// The methods of a `u64` above `i64::MAX`: its digits, and conversions.
fn u64_method(u: u64, name: Symbol, args: &[Value]) -> Option<Eval> {
    let r = match name.as_str() {
        "to_text" | "to_string" | "to_str" => Value::text(u.to_string()),
        "to_f64" => Value::Float(u as f64),
        // The bits, as `as i64`.
        "to_i64" => Value::Int(u as i64),
        "to_u64" | "abs" => Value::U64(u),
        _ => return None,
    };
    Some(expect_args(name, args, 0, 0).map(|_| r))
}

#[cold]
fn no_method(recv: &Value, name: Symbol, types: &TypeTable) -> Eval {
    let candidates = method_names(recv);
    let spelled = suggest::other_spelling(name.as_str(), |m| {
        candidates.iter().any(|c| c.as_str() == m)
    });
    let hint = match spelled {
        Some(m) => format!("it is spelled `{m}` here"),
        None => suggest::did_you_mean(&suggest::closest(
            name.as_str(),
            candidates.iter().map(|s| s.as_str()),
            3,
        )),
    };
    fail(format!(
        "{} has no method `{name}`{}",
        type_name(recv, Some(types)),
        if hint.is_empty() {
            String::new()
        } else {
            format!("; {hint}")
        }
    ))
}

/// The built-in methods a value has (for suggestions and bound methods).
pub(crate) fn method_names(v: &Value) -> Vec<Symbol> {
    let (known, extra): (&[Symbol], &[M]) = match v {
        Value::Int(_) | Value::Float(_) => (num::NAMES, num::EXTRA),
        Value::Text(_) => (text::NAMES, text::EXTRA),
        Value::Array(_) | Value::Tuple(_) | Value::Range(_) | Value::Bytes(_) => {
            (array::NAMES, array::EXTRA)
        }
        Value::Dict(_) => (dict::NAMES, dict::EXTRA),
        Value::Set(_) => {
            let mut out: Vec<Symbol> = set::NAMES.iter().map(|n| Symbol::intern(n)).collect();
            out.extend_from_slice(option::NAMES);
            out.extend(names::symbols(option::EXTRA));
            return out;
        }
        Value::Host(h) => return h.ty.method_names(),
        Value::View(_) => return view::names(),
        _ => (&[], &[]),
    };
    let mut out = known.to_vec();
    out.extend(names::symbols(extra));
    out.extend_from_slice(option::NAMES);
    out.extend(names::symbols(option::EXTRA));
    out
}

pub fn has_method(v: &Value, name: Symbol) -> bool {
    method_names(v).contains(&name)
}

/// `x.?`: false for nil and empty texts/collections.
pub fn is_present(v: &Value) -> bool {
    match v {
        Value::Nil | Value::Undefined => false,
        Value::Text(s) => !s.is_empty(),
        Value::Array(a) | Value::Tuple(a) => !a.is_empty(),
        Value::Dict(d) | Value::Set(d) => !d.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
        Value::View(v) => !v.is_empty(),
        _ => true,
    }
}

/// `len(x)`.
pub fn length(v: &Value, types: &TypeTable) -> Eval<i64> {
    Ok(match v {
        Value::Text(s) => s.char_len() as i64,
        Value::Array(a) | Value::Tuple(a) => a.len() as i64,
        Value::Bytes(b) => b.len() as i64,
        Value::View(v) => v.len() as i64,
        Value::Dict(d) | Value::Set(d) => d.len() as i64,
        Value::Range(r) => r.len(),
        other => return fail(format!("{} has no length", type_name(other, Some(types)))),
    })
}

/// The smallest or largest of `items`.
pub fn extreme(items: &[Value], max: bool, types: &TypeTable) -> Eval {
    let mut best = &items[0];
    for item in &items[1..] {
        let Some(ord) = compare(item, best) else {
            return fail(format!(
                "cannot compare {} with {}",
                type_name(item, Some(types)),
                type_name(best, Some(types))
            ));
        };
        if (max && ord.is_gt()) || (!max && ord.is_lt()) {
            best = item;
        }
    }
    Ok(best.clone())
}

/// Checks the argument count of a method or built-in function `name`.
pub(crate) fn expect_args(
    name: impl std::fmt::Display,
    args: &[Value],
    min: usize,
    max: usize,
) -> Eval<()> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        return fail(format!(
            "`{name}` takes {expected} argument(s), {} given",
            args.len()
        ));
    }
    Ok(())
}

fn int_arg(name: Symbol, v: &Value, types: &TypeTable) -> Eval<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        other => fail(format!(
            "`{name}` needs an int argument, found {}",
            type_name(other, Some(types))
        )),
    }
}

fn text_arg<'a>(name: Symbol, v: &'a Value, types: &TypeTable) -> Eval<&'a str> {
    match v {
        Value::Text(s) => Ok(s),
        other => fail(format!(
            "`{name}` needs a text argument, found {}",
            type_name(other, Some(types))
        )),
    }
}

/// Calls a Simple function value with one argument.
fn call1(m: &mut Machine, f: &Value, a: Value, loc: Loc) -> Eval {
    let base = m.stack.len();
    m.stack.push(a);
    call_value(m, f, base, None, loc)
}

/// Calls `f(key, value)` for a dict entry, or `f((key, value))` when `f`
/// takes one parameter.
fn call_kv(m: &mut Machine, f: &Value, key: &Value, value: &Value, loc: Loc) -> Eval {
    let one = match f {
        Value::Closure(c) => c.def.params.len() == 1,
        Value::Function(d) => d.params.len() == 1,
        _ => false,
    };
    if one {
        call1(m, f, Value::tuple(vec![key.clone(), value.clone()]), loc)
    } else {
        call2(m, f, key.clone(), value.clone(), loc)
    }
}

/// Calls a Simple function value with two arguments.
///
/// Always inlined: `reduce`'s loop calls it per element, and after the
/// crate's API was narrowed and `Machine` split, rustc stopped inlining it
/// (+1.2% instructions on `bench/closures.spl`).
#[inline(always)]
fn call2(m: &mut Machine, f: &Value, a: Value, b: Value, loc: Loc) -> Eval {
    let base = m.stack.len();
    m.stack.push(a);
    m.stack.push(b);
    call_value(m, f, base, None, loc)
}

#[cfg(test)]
mod doc_coverage;
#[cfg(test)]
mod tests;
