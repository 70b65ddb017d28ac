//! Methods the interpreter calls on a struct, class or enum value.
//!
//! Operators, with Python's names: `a + b` calls `a.__add__(b)`, or
//! `b.__radd__(a)` when `a` has no `__add__`; `a < b` calls `a.__lt__(b)`,
//! or `b.__gt__(a)`. Only reached when the built-in meaning does not apply
//! (the numbers' fast paths never come here).
//!
//! Display: `print(v)` and `"{v}"` show a value whose type has a
//! `to_string()` (or `__str__()`) method as what that method returns.

use simple_syntax::Symbol;
use simple_syntax::ast::{BinOp, CmpOp};

use super::call::{call_function_ret, user_type};
use crate::error::{Eval, Loc};
use crate::machine::Machine;
use crate::value::Value;

fn binary_names(op: BinOp) -> Option<(&'static str, &'static str)> {
    Some(match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
        _ => return None,
    })
}

/// The method `recv`'s type has under `name`, if `recv` has a user type.
fn method_of(m: &Machine, recv: &Value, name: &str) -> Option<std::rc::Rc<crate::function::FnDef>> {
    let ty = user_type(recv)?;
    m.program
        .types
        .get(ty)
        .methods
        .get(&Symbol::intern(name))
        .cloned()
}

fn call(m: &mut Machine, name: &str, recv: &Value, arg: &Value, loc: Loc) -> Option<Eval> {
    let def = method_of(m, recv, name)?;
    let base = m.stack.len();
    m.stack.push(recv.clone());
    m.stack.push(arg.clone());
    Some(call_function_ret(m, &def, None, base, None, loc, None).get())
}

/// `x op y` through an operator method, when one of them has it.
pub(super) fn binary(m: &mut Machine, op: BinOp, x: &Value, y: &Value, loc: Loc) -> Option<Eval> {
    if user_type(x).is_none() && user_type(y).is_none() {
        return None;
    }
    let (name, reflected) = binary_names(op)?;
    call(m, name, x, y, loc).or_else(|| call(m, reflected, y, x, loc))
}

/// `x op y` for a comparison through `__lt__`-style methods.
pub(super) fn compare(
    m: &mut Machine,
    op: CmpOp,
    x: &Value,
    y: &Value,
    loc: Loc,
) -> Option<Eval<bool>> {
    if user_type(x).is_none() && user_type(y).is_none() {
        return None;
    }
    let (name, swapped) = match op {
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::LtEq => ("__le__", "__ge__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        CmpOp::GtEq => ("__ge__", "__le__"),
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::NotEq => {
            let r = call(m, "__ne__", x, y, loc)
                .or_else(|| call(m, "__ne__", y, x, loc))
                .map(|r| r.map(|v| v.truthy()));
            return r.or_else(|| compare(m, CmpOp::Eq, x, y, loc).map(|r| r.map(|b| !b)));
        }
        _ => return None,
    };
    call(m, name, x, y, loc)
        .or_else(|| call(m, swapped, y, x, loc))
        .map(|r| r.map(|v| v.truthy()))
}

/// `a op b` for values: an operator method when an operand's type has one,
/// else the built-in meaning.
pub(super) fn binary_values(m: &mut Machine, op: BinOp, a: Value, b: Value, loc: Loc) -> Eval {
    if let Some(r) = binary(m, op, &a, &b, loc) {
        return r;
    }
    crate::ops::binary(op, a, b, Some(&m.program.types)).map_err(|c| c.at(loc))
}

/// `x op y` for a comparison of values: an operator method when an
/// operand's type has one, else the built-in meaning.
pub(super) fn compare_values(
    m: &mut Machine,
    op: CmpOp,
    x: &Value,
    y: &Value,
    loc: Loc,
) -> Eval<bool> {
    if let Some(r) = compare(m, op, x, y, loc) {
        return r;
    }
    crate::ops::compare_op(op, x, y, Some(&m.program.types)).map_err(|c| c.at(loc))
}

/// `v` as `print` and interpolation show it: the result of its type's
/// `to_string()` / `__str__()` method when it has one, else `v` itself.
pub(super) fn shown(m: &mut Machine, v: Value, loc: Loc) -> Eval<Value> {
    if user_type(&v).is_none() {
        return Ok(v);
    }
    let def = method_of(m, &v, "to_string").or_else(|| method_of(m, &v, "__str__"));
    let Some(def) = def else {
        return Ok(v);
    };
    if def.role == crate::function::FnRole::Static || !def.params.is_empty() {
        return Ok(v);
    }
    let base = m.stack.len();
    m.stack.push(v);
    call_function_ret(m, &def, None, base, None, loc, None).get()
}
