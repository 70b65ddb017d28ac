//! Methods of ints and floats.

use simple_syntax::{Symbol, known as k};

use super::{expect_args, int_arg};
use crate::error::{Eval, fail, rt_error};
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::Value;

pub(super) const NAMES: &[Symbol] = &[
    k::ABS,
    k::MIN,
    k::MAX,
    k::POW,
    k::TO_TEXT,
    k::TO_STRING,
    k::TO_FLOAT,
    k::TO_INT,
    k::CLAMP,
    k::WRAPPING_ADD,
    k::WRAPPING_SUB,
    k::WRAPPING_MUL,
];

fn float_of(name: Symbol, v: &Value, types: &TypeTable) -> Eval<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => fail(format!(
            "`{name}` needs a number, found {}",
            type_name(other, Some(types))
        )),
    }
}

pub(super) fn call(
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    types: &TypeTable,
) -> Option<Eval> {
    Some(match (recv, name) {
        (_, k::TO_TEXT | k::TO_STRING) => expect_args(name, args, 0, 0)
            .map(|_| Value::text(crate::value::DisplayValue(recv, None).to_string())),
        (Value::Int(i), k::ABS) => expect_args(name, args, 0, 0).and_then(|_| {
            i.checked_abs()
                .map(Value::Int)
                .ok_or_else(|| rt_error("integer overflow in abs"))
        }),
        (Value::Float(f), k::ABS) => expect_args(name, args, 0, 0).map(|_| Value::Float(f.abs())),
        (_, k::MIN | k::MAX) => expect_args(name, args, 1, 1).and_then(|_| {
            let items = [recv.clone(), args[0].clone()];
            super::extreme(&items, name == k::MAX, types)
        }),
        (Value::Int(i), k::POW) => expect_args(name, args, 1, 1).and_then(|_| match &args[0] {
            Value::Int(e) => crate::ops::int_binary(simple_syntax::ast::BinOp::Pow, *i, *e),
            Value::Float(e) => Ok(Value::Float((*i as f64).powf(*e))),
            other => fail(format!(
                "`pow` needs a number, found {}",
                type_name(other, Some(types))
            )),
        }),
        (Value::Float(f), k::POW) => expect_args(name, args, 1, 1)
            .and_then(|_| float_of(name, &args[0], types))
            .map(|e| Value::Float(f.powf(e))),
        (_, k::TO_FLOAT) => expect_args(name, args, 0, 0)
            .and_then(|_| float_of(name, recv, types).map(Value::Float)),
        (Value::Int(i), k::TO_INT) => expect_args(name, args, 0, 0).map(|_| Value::Int(*i)),
        (Value::Float(f), k::TO_INT) => expect_args(name, args, 0, 0).and_then(|_| {
            if f.is_finite() {
                Ok(Value::Int(*f as i64))
            } else {
                fail(format!("cannot convert {f} to int"))
            }
        }),
        (_, k::CLAMP) => expect_args(name, args, 2, 2).and_then(|_| {
            let lo = super::extreme(&[recv.clone(), args[0].clone()], true, types)?;
            super::extreme(&[lo, args[1].clone()], false, types)
        }),
        (Value::Int(i), k::WRAPPING_ADD | k::WRAPPING_SUB | k::WRAPPING_MUL) => {
            expect_args(name, args, 1, 1)
                .and_then(|_| int_arg(name, &args[0], types))
                .map(|o| {
                    Value::Int(match name {
                        k::WRAPPING_ADD => i.wrapping_add(o),
                        k::WRAPPING_SUB => i.wrapping_sub(o),
                        _ => i.wrapping_mul(o),
                    })
                })
        }
        (Value::Float(f), _) => match name.as_str() {
            "floor" => Ok(Value::Float(f.floor())),
            "ceil" => Ok(Value::Float(f.ceil())),
            "round" => Ok(Value::Float(f.round())),
            "sqrt" => Ok(Value::Float(f.sqrt())),
            "is_nan" => Ok(Value::Bool(f.is_nan())),
            _ => return None,
        },
        (Value::Int(i), _) => match name.as_str() {
            "sqrt" => Ok(Value::Float((*i as f64).sqrt())),
            "is_even" => Ok(Value::Bool(i % 2 == 0)),
            "is_odd" => Ok(Value::Bool(i % 2 != 0)),
            _ => return None,
        },
        _ => return None,
    })
}
