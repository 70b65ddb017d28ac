//! Methods of ints and floats.

use simple_syntax::{Symbol, known as k};

use super::names::M;
use super::{call1, expect_args, int_arg};
use crate::error::{Eval, Loc, fail, rt_error};
use crate::machine::Machine;
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

/// Methods of both kinds beyond [`NAMES`].
pub(super) const EXTRA: &[M] = &[
    M::Fdiv,
    M::FloorMod,
    M::RemEuclid,
    M::Chr,
    M::ToChar,
    M::Sign,
    M::Signum,
    M::IsPositive,
    M::IsNegative,
    M::IsZero,
    M::IsEven,
    M::IsOdd,
    M::ToHex,
    M::ToBin,
    M::ToOct,
    M::Gcd,
    M::Lcm,
    M::Digits,
    M::BitLength,
    M::CountOnes,
    M::BitCount,
    M::LeadingZeros,
    M::TrailingZeros,
    M::Times,
    M::Floor,
    M::Ceil,
    M::Round,
    M::Trunc,
    M::Fract,
    M::Truncate,
    M::RoundTo,
    M::Sqrt,
    M::Cbrt,
    M::Exp,
    M::Exp2,
    M::Ln,
    M::Log,
    M::Log2,
    M::Log10,
    M::Sin,
    M::Cos,
    M::Tan,
    M::Asin,
    M::Acos,
    M::Atan,
    M::Atan2,
    M::Sinh,
    M::Cosh,
    M::Tanh,
    M::Hypot,
    M::Powf,
    M::Powi,
    M::ToDegrees,
    M::ToRadians,
    M::IsNan,
    M::IsInfinite,
    M::IsFinite,
    M::IsInteger,
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
        (Value::Float(f), k::TO_INT) => {
            expect_args(name, args, 0, 0).and_then(|_| float_to_int(*f))
        }
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
        (Value::Int(i), _) => return int_method(*i, M::of(name)?, name, args, types),
        (Value::Float(f), _) => return float_method(*f, M::of(name)?, name, args, types),
        _ => return None,
    })
}

/// The float function behind a method that takes no arguments, for the
/// methods simple enough to be called on a float receiver without the
/// general dispatch (`d.sqrt()`): what [`call`] does for them.
pub(crate) fn float_unary_fn(name: Symbol) -> Option<fn(f64) -> f64> {
    if name == k::ABS {
        return Some(f64::abs);
    }
    Some(match M::of(name)? {
        M::Sqrt => f64::sqrt,
        M::Floor => f64::floor,
        M::Ceil => f64::ceil,
        M::Round => f64::round,
        M::Trunc => f64::trunc,
        _ => return None,
    })
}

/// `min` and `max` of two floats neither of which is NaN (NaN has no
/// order: [`call`] reports it): the receiver unless the argument is
/// strictly smaller (larger), as `extreme` picks.
pub(crate) fn float_binary_fn(name: Symbol) -> Option<fn(f64, f64) -> f64> {
    match name {
        k::MIN => Some(|x, y| if y < x { y } else { x }),
        k::MAX => Some(|x, y| if y > x { y } else { x }),
        _ => None,
    }
}

/// The number methods that call a function: `n.times(f)`.
pub(super) fn call_fn(
    m: &mut Machine,
    recv: &Value,
    name: Symbol,
    args: &mut [Value],
    loc: Loc,
) -> Option<Eval> {
    let (Value::Int(n), Some(M::Times)) = (recv, M::of(name)) else {
        return None;
    };
    Some((|| {
        expect_args(name, args, 1, 1)?;
        let f = std::mem::take(&mut args[0]);
        let count = (*n).max(0);
        check_len(count as u128)?;
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            out.push(call1(m, &f, Value::Int(i), loc)?);
        }
        Ok(Value::array(out))
    })())
}

/// Toward zero, saturating (as `as i64` does); infinities and NaN fail.
fn float_to_int(f: f64) -> Eval {
    if f.is_finite() {
        Ok(Value::Int(f as i64))
    } else {
        fail(format!("cannot convert {f} to int"))
    }
}

/// Refuses to build huge arrays by accident (`times`).
fn check_len(n: u128) -> Eval<()> {
    if n > 1 << 28 {
        return fail(format!("{n} items are too many for an array"));
    }
    Ok(())
}

/// The other number of a binary method: an int stays an int, a float (or
/// a float receiver) makes the operation a float one.
enum Operand {
    Int(i64),
    Float(f64),
}

fn operand(name: Symbol, v: &Value, types: &TypeTable) -> Eval<Operand> {
    match v {
        Value::Int(i) => Ok(Operand::Int(*i)),
        Value::Float(f) => Ok(Operand::Float(*f)),
        other => fail(format!(
            "`{name}` needs a number, found {}",
            type_name(other, Some(types))
        )),
    }
}

/// Floor division: the quotient rounded toward negative infinity.
fn int_fdiv(a: i64, b: i64) -> Eval {
    if b == 0 {
        return fail("division by zero (in `fdiv`)");
    }
    let Some(q) = a.checked_div(b) else {
        return fail(format!("integer overflow in {a}.fdiv({b})"));
    };
    Ok(Value::Int(if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }))
}

/// Floor modulo: the remainder of floor division (the divisor's sign).
fn int_floor_mod(a: i64, b: i64) -> Eval {
    if b == 0 {
        return fail("division by zero (in `floor_mod`)");
    }
    let r = a.checked_rem(b).unwrap_or(0);
    Ok(Value::Int(if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }))
}

fn float_floor_mod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else {
        r
    }
}

fn gcd(a: i64, b: i64) -> u64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn int_method(i: i64, m: M, name: Symbol, args: &mut [Value], types: &TypeTable) -> Option<Eval> {
    let no_args = |v: Value| expect_args(name, args, 0, 0).map(|_| v);
    Some(match m {
        M::Fdiv | M::FloorMod | M::RemEuclid => (|| {
            expect_args(name, args, 1, 1)?;
            match operand(name, &args[0], types)? {
                Operand::Int(d) => match m {
                    M::Fdiv => int_fdiv(i, d),
                    M::FloorMod => int_floor_mod(i, d),
                    _ => {
                        if d == 0 {
                            return fail("division by zero (in `rem_euclid`)");
                        }
                        Ok(Value::Int(i.checked_rem_euclid(d).unwrap_or(0)))
                    }
                },
                Operand::Float(d) => Ok(Value::Float(float_binary_method(m, i as f64, d))),
            }
        })(),
        M::Chr | M::ToChar => {
            no_args(Value::Nil).and_then(|_| match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(c) => Ok(Value::text(c.to_string())),
                None => fail(format!("{i} is not a Unicode code point")),
            })
        }
        M::Sign | M::Signum => no_args(Value::Int(i.signum())),
        M::IsPositive => no_args(Value::Bool(i > 0)),
        M::IsNegative => no_args(Value::Bool(i < 0)),
        M::IsZero => no_args(Value::Bool(i == 0)),
        M::IsEven => no_args(Value::Bool(i % 2 == 0)),
        M::IsOdd => no_args(Value::Bool(i % 2 != 0)),
        // The 64 bits, as the `{x:x}` format spec and Rust show them: a
        // negative number (or a u64 above i64::MAX) in two's complement.
        M::ToHex | M::ToBin | M::ToOct => no_args(Value::text(match m {
            M::ToHex => format!("{i:x}"),
            M::ToBin => format!("{i:b}"),
            _ => format!("{i:o}"),
        })),
        M::Gcd | M::Lcm => (|| {
            expect_args(name, args, 1, 1)?;
            let o = int_arg(name, &args[0], types)?;
            let g = gcd(i, o);
            let r: Option<i64> = if m == M::Gcd {
                i64::try_from(g).ok()
            } else if i == 0 || o == 0 {
                Some(0)
            } else {
                (i.unsigned_abs() / g)
                    .checked_mul(o.unsigned_abs())
                    .and_then(|v| i64::try_from(v).ok())
            };
            r.map(Value::Int)
                .ok_or_else(|| rt_error(format!("integer overflow in `{name}`")))
        })(),
        M::Digits => (|| {
            expect_args(name, args, 0, 1)?;
            let base = match args.first() {
                Some(b) => int_arg(name, b, types)?,
                None => 10,
            };
            if !(2..=36).contains(&base) {
                return fail(format!("`digits` needs a base in 2..=36, got {base}"));
            }
            if i < 0 {
                return fail(format!("`digits` needs a non-negative int, got {i}"));
            }
            // Least significant first (upstream's and Ruby's order): 1204 → [4, 0, 2, 1].
            let mut n = i as u64;
            let mut out = Vec::new();
            loop {
                out.push(Value::Int((n % base as u64) as i64));
                n /= base as u64;
                if n == 0 {
                    break;
                }
            }
            Ok(Value::array(out))
        })(),
        M::BitLength => no_args(Value::Int(64 - i.unsigned_abs().leading_zeros() as i64)),
        M::CountOnes | M::BitCount => no_args(Value::Int(i.count_ones() as i64)),
        M::LeadingZeros => no_args(Value::Int(i.leading_zeros() as i64)),
        M::TrailingZeros => no_args(Value::Int(i.trailing_zeros() as i64)),
        // An int is already whole.
        M::Floor | M::Ceil | M::Round | M::Trunc | M::Truncate => no_args(Value::Int(i)),
        M::Fract => no_args(Value::Int(0)),
        M::RoundTo => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|_| Value::Int(i)),
        M::IsNan | M::IsInfinite => no_args(Value::Bool(false)),
        M::IsFinite | M::IsInteger => no_args(Value::Bool(true)),
        // The rest are float functions: an int receiver is converted.
        _ => return float_method(i as f64, m, name, args, types),
    })
}

/// `fdiv`, `floor_mod` and `rem_euclid` on floats.
fn float_binary_method(m: M, a: f64, b: f64) -> f64 {
    match m {
        M::Fdiv => (a / b).floor(),
        M::FloorMod => float_floor_mod(a, b),
        _ => a.rem_euclid(b),
    }
}

fn float_method(f: f64, m: M, name: Symbol, args: &mut [Value], types: &TypeTable) -> Option<Eval> {
    let unary = |v: f64| expect_args(name, args, 0, 0).map(|_| Value::Float(v));
    let test = |v: bool| expect_args(name, args, 0, 0).map(|_| Value::Bool(v));
    let binary = |args: &[Value], g: fn(f64, f64) -> f64| {
        expect_args(name, args, 1, 1)
            .and_then(|_| float_of(name, &args[0], types))
            .map(|o| Value::Float(g(f, o)))
    };
    Some(match m {
        // Division by zero follows float `/` (IEEE: an infinity or NaN).
        M::Fdiv | M::FloorMod | M::RemEuclid => expect_args(name, args, 1, 1)
            .and_then(|_| float_of(name, &args[0], types))
            .map(|d| Value::Float(float_binary_method(m, f, d))),
        M::Sign | M::Signum => unary(if f == 0.0 || f.is_nan() {
            f
        } else {
            f.signum()
        }),
        M::IsPositive => test(f > 0.0),
        M::IsNegative => test(f < 0.0),
        M::IsZero => test(f == 0.0),
        M::IsNan => test(f.is_nan()),
        M::IsInfinite => test(f.is_infinite()),
        M::IsFinite => test(f.is_finite()),
        M::IsInteger => test(f.is_finite() && f.fract() == 0.0),
        M::Floor => unary(f.floor()),
        M::Ceil => unary(f.ceil()),
        M::Round => unary(f.round()),
        M::Trunc => unary(f.trunc()),
        M::Fract => unary(f.fract()),
        M::Truncate => expect_args(name, args, 0, 0).and_then(|_| float_to_int(f)),
        M::RoundTo => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|places| {
                let scale = 10f64.powi(places.clamp(-300, 300) as i32);
                Value::Float((f * scale).round() / scale)
            }),
        M::Sqrt => unary(f.sqrt()),
        M::Cbrt => unary(f.cbrt()),
        M::Exp => unary(f.exp()),
        M::Exp2 => unary(f.exp2()),
        M::Ln => unary(f.ln()),
        M::Log => expect_args(name, args, 0, 1).and_then(|_| match args.first() {
            None => Ok(Value::Float(f.ln())),
            Some(b) => float_of(name, b, types).map(|b| Value::Float(f.log(b))),
        }),
        M::Log2 => unary(f.log2()),
        M::Log10 => unary(f.log10()),
        M::Sin => unary(f.sin()),
        M::Cos => unary(f.cos()),
        M::Tan => unary(f.tan()),
        M::Asin => unary(f.asin()),
        M::Acos => unary(f.acos()),
        M::Atan => unary(f.atan()),
        M::Sinh => unary(f.sinh()),
        M::Cosh => unary(f.cosh()),
        M::Tanh => unary(f.tanh()),
        M::Atan2 => binary(args, f64::atan2),
        M::Hypot => binary(args, f64::hypot),
        M::Powf => binary(args, f64::powf),
        M::Powi => expect_args(name, args, 1, 1)
            .and_then(|_| int_arg(name, &args[0], types))
            .map(|e| Value::Float(f.powi(e.clamp(i32::MIN as i64, i32::MAX as i64) as i32))),
        M::ToDegrees => unary(f.to_degrees()),
        M::ToRadians => unary(f.to_radians()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_rounds_down() {
        let q = |a, b| match int_fdiv(a, b) {
            Ok(Value::Int(q)) => q,
            _ => panic!("fdiv failed"),
        };
        assert_eq!(q(7, 2), 3);
        assert_eq!(q(-7, 2), -4);
        assert_eq!(q(7, -2), -4);
        assert_eq!(q(-7, -2), 3);
        assert_eq!(q(-6, 2), -3);
        assert_eq!(q(i64::MIN, 1), i64::MIN);
        assert!(int_fdiv(i64::MIN, -1).is_err());
        assert!(int_fdiv(1, 0).is_err());
    }

    #[test]
    fn floor_modulo_takes_the_divisor_sign() {
        let r = |a, b| match int_floor_mod(a, b) {
            Ok(Value::Int(r)) => r,
            _ => panic!("floor_mod failed"),
        };
        assert_eq!(r(-7, 2), 1);
        assert_eq!(r(7, -2), -1);
        assert_eq!(r(i64::MIN, -1), 0);
        assert_eq!(float_floor_mod(-7.5, 2.0), 0.5);
    }

    #[test]
    fn gcd_handles_extremes() {
        assert_eq!(gcd(12, -18), 6);
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(gcd(i64::MIN, 0), 1 << 63);
    }
}
