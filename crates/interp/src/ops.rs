//! Operators on values: arithmetic with overflow checks, bit operations,
//! comparisons, membership, and type names for error messages.

use std::cmp::Ordering;
use std::rc::Rc;

use simple_syntax::ast::{BinOp, CmpOp, UnaryOp};

use crate::error::{Eval, fail};
use crate::types::TypeTable;
use crate::value::{DictKey, Value, compare, values_equal};

/// The kind of a value as users know it (`int`, `text`, `Point`, ...).
pub fn type_name(v: &Value, types: Option<&TypeTable>) -> String {
    let name = |ty: u32| match types {
        Some(t) => t.name(ty).as_str().to_string(),
        None => "instance".to_string(),
    };
    match v {
        Value::Nil => "nil".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Float(_) => "float".into(),
        Value::Text(_) => "text".into(),
        Value::Bytes(_) => "bytes".into(),
        Value::View(_) => "view".into(),
        Value::Array(_) => "array".into(),
        Value::Tuple(_) => "tuple".into(),
        Value::Dict(_) => "dict".into(),
        Value::Set(_) => "set".into(),
        Value::U64(_) => "u64".into(),
        Value::Range(_) => "range".into(),
        Value::Struct(s) => name(s.ty),
        Value::Object(o) => o
            .try_borrow()
            .map(|i| name(i.ty))
            .unwrap_or_else(|_| "object".into()),
        Value::Variant(v) => name(v.ty),
        Value::UnitVariant(ty, _) => name(*ty),
        Value::Function(_) | Value::Closure(_) | Value::Native(_) | Value::Bound(_) => {
            "function".into()
        }
        Value::Type(_) => "type".into(),
        Value::Module(_) => "module".into(),
        Value::Host(h) => h.type_name().to_string(),
        Value::Undefined => "undefined".into(),
    }
}

#[cold]
pub fn type_mismatch(
    op: BinOp,
    a: &Value,
    b: &Value,
    types: Option<&TypeTable>,
) -> crate::error::Ctrl {
    crate::error::rt_error(format!(
        "cannot apply `{}` to {} and {}",
        op.symbol(),
        type_name(a, types),
        type_name(b, types)
    ))
}

#[cold]
fn overflow(op: BinOp, a: i64, b: i64) -> crate::error::Ctrl {
    let hint = match op {
        BinOp::Add => " (use wrapping_add for wrapping arithmetic)",
        BinOp::Sub => " (use wrapping_sub for wrapping arithmetic)",
        BinOp::Mul => " (use wrapping_mul for wrapping arithmetic)",
        // The one overflowing division: the result, 2**63, is not an i64.
        _ => " (the result does not fit in an i64)",
    };
    crate::error::rt_error(format!("integer overflow in {a} {} {b}{hint}", op.symbol()))
}

/// Names the pair that has no order inside two values `compare` cannot
/// order: for arrays and tuples the first pair of items without an order
/// (`[obj] < [obj]` is about the items), and a NaN by name.
fn unordered(a: &Value, b: &Value, types: Option<&TypeTable>) -> String {
    let nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    let both = format!("{} with {}", type_name(a, types), type_name(b, types));
    if nan(a) || nan(b) {
        return format!("{both}: NaN has no order");
    }
    if let (Value::Array(x), Value::Array(y)) | (Value::Tuple(x), Value::Tuple(y)) = (a, b) {
        let inner = crate::value::guarded(|| {
            x.iter()
                .zip(y.iter())
                .find(|(p, q)| compare(p, q).is_none())
                .map(|(p, q)| unordered(&p, &q, types))
        });
        if let Some(inner) = inner {
            return format!("{both} (their items: {inner})");
        }
    }
    both
}

/// Applies an arithmetic or bitwise operator (`and`/`or`/`??` are handled by
/// the compiler because they short-circuit).
#[inline]
pub fn binary(op: BinOp, a: Value, b: Value, types: Option<&TypeTable>) -> Eval {
    if let (Value::Int(x), Value::Int(y)) = (&a, &b) {
        return int_binary(op, *x, *y);
    }
    if let Some((x, y)) = float_pair(&a, &b)
        && let Some(r) = float_arith(op, x, y)
    {
        return Ok(Value::Float(r));
    }
    binary_slow(op, a, b, types)
}

/// The two operands as floats when both are numbers and at least one is a
/// float (an int meeting a float becomes a float).
#[inline(always)]
pub fn float_pair(a: &Value, b: &Value) -> Option<(f64, f64)> {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Some((*x, *y)),
        (Value::Int(x), Value::Float(y)) => Some((*x as f64, *y)),
        (Value::Float(x), Value::Int(y)) => Some((*x, *y as f64)),
        _ => None,
    }
}

/// Float arithmetic; `None` for the operators floats do not have (bit
/// operations, which are type errors).
#[inline(always)]
pub fn float_arith(op: BinOp, x: f64, y: f64) -> Option<f64> {
    Some(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul | BinOp::MatMul => x * y,
        BinOp::Div => x / y,
        BinOp::Mod => x % y,
        BinOp::Pow => x.powf(y),
        _ => return None,
    })
}

#[inline(always)]
pub fn int_binary(op: BinOp, x: i64, y: i64) -> Eval {
    let r = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul | BinOp::MatMul => x.checked_mul(y),
        BinOp::Div => {
            if y == 0 {
                return fail("division by zero");
            }
            x.checked_div(y)
        }
        BinOp::Mod => {
            if y == 0 {
                return fail("division by zero (in `%`)");
            }
            // The sign of the dividend (Rust's `%`), with MIN % -1 == 0.
            Some(x.checked_rem(y).unwrap_or(0))
        }
        BinOp::Pow => return int_pow(x, y),
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::Shl => {
            if !(0..64).contains(&y) {
                return fail(format!("shift amount {y} is out of range 0..64"));
            }
            let r = x << y;
            if (r >> y) != x {
                return fail(format!("integer overflow in {x} << {y}"));
            }
            Some(r)
        }
        BinOp::Shr => {
            if !(0..64).contains(&y) {
                return fail(format!("shift amount {y} is out of range 0..64"));
            }
            Some(x >> y)
        }
        BinOp::And | BinOp::Or | BinOp::Coalesce => {
            unreachable!("short-circuit operators are compiled separately")
        }
    };
    match r {
        Some(v) => Ok(Value::Int(v)),
        None => Err(overflow(op, x, y)),
    }
}

fn int_pow(x: i64, y: i64) -> Eval {
    if y < 0 {
        return Ok(Value::Float((x as f64).powf(y as f64)));
    }
    let Ok(exp) = u32::try_from(y) else {
        return fail(format!("integer overflow in {x} ** {y}"));
    };
    match x.checked_pow(exp) {
        Some(v) => Ok(Value::Int(v)),
        None => fail(format!("integer overflow in {x} ** {y}")),
    }
}

fn float_binary(op: BinOp, x: f64, y: f64) -> Option<Value> {
    float_arith(op, x, y).map(Value::Float)
}

use crate::limits::{ENTRY_BYTES, ITEM_BYTES, check_size};

/// `binary` for anything but two ints and numbers with a float.
#[cold]
pub(crate) fn binary_slow(op: BinOp, a: Value, b: Value, types: Option<&TypeTable>) -> Eval {
    use Value::*;
    match (&a, &b) {
        (U64(_), _) | (_, U64(_)) => return u64_binary(op, &a, &b, types),
        (Float(x), Float(y)) => float_binary(op, *x, *y),
        (Int(x), Float(y)) => float_binary(op, *x as f64, *y),
        (Float(x), Int(y)) => float_binary(op, *x, *y as f64),
        (Bool(x), Bool(y)) => match op {
            BinOp::BitAnd => Some(Bool(x & y)),
            BinOp::BitOr => Some(Bool(x | y)),
            BinOp::BitXor => Some(Bool(x ^ y)),
            _ => None,
        },
        (Text(x), _) if op == BinOp::Add => {
            if let Text(y) = &b {
                // (`text_append_checks` makes these checks in this order.)
                check_size(x.len() + y.len())?;
            }
            return concat_text(a, &b, types);
        }
        (Text(s), Int(n)) | (Int(n), Text(s)) if op == BinOp::Mul => {
            if *n < 0 {
                return fail(format!("cannot repeat a text {n} times"));
            }
            return repeat_checked(s.len(), *n).map(|_| Value::text(s.repeat(*n as usize)));
        }
        (Array(x), Array(y)) if op == BinOp::Add => {
            array_append_checks(x.len(), y.len())?;
            let mut out = Vec::with_capacity(x.len() + y.len());
            out.extend(x.iter());
            out.extend(y.iter());
            Some(Value::array(out))
        }
        (Array(x), Int(n)) | (Int(n), Array(x)) if op == BinOp::Mul => {
            if *n < 0 {
                return fail(format!("cannot repeat an array {n} times"));
            }
            repeat_checked(x.len() * 16, *n)?;
            // A repeated list of bools is stored one byte per item.
            Some(Value::Array(Rc::new(x.repeat(*n as usize))))
        }
        (Bytes(x), Bytes(y)) if op == BinOp::Add => {
            size_checked("a bytes value", x.len() + y.len())?;
            check_size(x.len() + y.len())?;
            let mut out = Vec::with_capacity(x.len() + y.len());
            out.extend_from_slice(x);
            out.extend_from_slice(y);
            Some(Value::bytes(out))
        }
        (Tuple(x), Tuple(y)) if op == BinOp::Add => {
            size_checked("a tuple", (x.len() + y.len()).saturating_mul(16))?;
            Some(Value::tuple(x.iter().chain(y.iter()).collect()))
        }
        (Dict(x), Dict(y)) if op == BinOp::BitOr => {
            check_size((x.len() + y.len()) * ENTRY_BYTES)?;
            let mut out = (**x).clone();
            for (k, v) in y.iter() {
                out.insert(k.clone(), v.clone());
            }
            Some(Value::Dict(Rc::new(out)))
        }
        // Set algebra, as in Python: `|` union, `&` intersection, `-`
        // difference, `^` symmetric difference.
        (Set(x), Set(y)) => match crate::builtins::methods::set_algebra(op, x, y) {
            Some(r) => Some(r?),
            None => None,
        },
        (Array(x), Array(y)) if op == BinOp::MatMul => {
            return crate::matrix::matmul(&x.values(), &y.values(), types);
        }
        _ => None,
    }
    .ok_or_else(|| type_mismatch(op, &a, &b, types))
}

/// An int as a `Value`: an `Int` when it fits `i64`, a `U64` when it fits
/// `u64`; `None` otherwise.
pub fn int_value(r: i128) -> Option<Value> {
    if let Ok(i) = i64::try_from(r) {
        Some(Value::Int(i))
    } else {
        u64::try_from(r).ok().map(Value::U64)
    }
}

/// Arithmetic where one operand is a `u64` above `i64::MAX`: computed
/// exactly (in 128 bits) for ints, as floats with a float; bit operations
/// work on the 64 bits of both operands (an `Int` by its two's complement).
#[cold]
fn u64_binary(op: BinOp, a: &Value, b: &Value, types: Option<&TypeTable>) -> Eval {
    let wide = |v: &Value| match v {
        Value::Int(i) => Some(*i as i128),
        Value::U64(u) => Some(*u as i128),
        Value::Bool(b) => Some(*b as i128),
        _ => None,
    };
    let float = |v: &Value| match v {
        Value::Float(f) => Some(*f),
        other => wide(other).map(|w| w as f64),
    };
    let (Some(x), Some(y)) = (wide(a), wide(b)) else {
        if let (Some(x), Some(y)) = (float(a), float(b))
            && let Some(r) = float_arith(op, x, y)
        {
            return Ok(Value::Float(r));
        }
        if let Value::Text(_) = a
            && op == BinOp::Add
        {
            return concat_text(a.clone(), b, types);
        }
        return Err(type_mismatch(op, a, b, types));
    };
    let bits = |r: u64| Ok(int_value(r as i128).expect("a u64 fits"));
    let overflow = || fail(format!("integer overflow in {x} {} {y}", op.symbol()));
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul | BinOp::MatMul => match x.checked_mul(y) {
            Some(r) => r,
            None => return overflow(),
        },
        BinOp::Div | BinOp::Mod if y == 0 => return fail("division by zero"),
        // Truncating, as for ints (`%` takes the dividend's sign).
        BinOp::Div => x / y,
        BinOp::Mod => x % y,
        BinOp::Pow => {
            let Ok(exp) = u32::try_from(y) else {
                return overflow();
            };
            match x.checked_pow(exp) {
                Some(r) => r,
                None => return overflow(),
            }
        }
        BinOp::BitAnd => return bits(x as u64 & y as u64),
        BinOp::BitOr => return bits(x as u64 | y as u64),
        BinOp::BitXor => return bits(x as u64 ^ y as u64),
        BinOp::Shl | BinOp::Shr => {
            if !(0..64).contains(&y) {
                return fail(format!("shift amount {y} out of range (0..64)"));
            }
            return bits(if op == BinOp::Shl {
                (x as u64) << y
            } else {
                (x as u64) >> y
            });
        }
        BinOp::And | BinOp::Or | BinOp::Coalesce => {
            unreachable!("short-circuit operators are compiled separately")
        }
    };
    match int_value(r) {
        Some(v) => Ok(v),
        None => overflow(),
    }
}

/// The most memory one text, array, bytes or tuple made by an operator may
/// need (1 GiB): growing past it is a runtime error, not an abort of the
/// whole process when memory runs out.
pub const MAX_VALUE_BYTES: usize = 1 << 30;

/// Refuses repetitions that would need more than [`MAX_VALUE_BYTES`].
fn repeat_checked(unit: usize, n: i64) -> Eval<()> {
    match (unit as u128).checked_mul(n as u128) {
        Some(total) if total <= MAX_VALUE_BYTES as u128 => check_size(total as usize),
        _ => fail(format!("repetition too large ({n} copies)")),
    }
}

/// Refuses a value that would need more than [`MAX_VALUE_BYTES`].
fn size_checked(what: &str, bytes: usize) -> Eval<()> {
    if bytes <= MAX_VALUE_BYTES {
        return Ok(());
    }
    fail(format!(
        "{what} of {bytes} bytes would exceed the size limit ({} bytes)",
        MAX_VALUE_BYTES
    ))
}

/// The checks `text + y` makes before appending `add` bytes to a text of
/// `cur` bytes (`y_is_text`: `y` is a text rather than a value shown by
/// its display form), in the same order.
pub fn text_append_checks(cur: usize, add: usize, y_is_text: bool) -> Eval<()> {
    if y_is_text {
        check_size(cur + add)?;
    }
    size_checked("a text", cur + add)
}

/// The checks `array + array` makes, in the same order.
pub fn array_append_checks(x: usize, y: usize) -> Eval<()> {
    size_checked("an array", (x + y).saturating_mul(16))?;
    check_size((x + y) * ITEM_BYTES)
}

/// `text + anything`: the right side is converted with its display form.
pub fn concat_text(a: Value, b: &Value, types: Option<&TypeTable>) -> Eval {
    let Value::Text(mut s) = a else {
        unreachable!("concat_text is called with a text")
    };
    // Appends in place when the text is inline with room or not shared.
    match b {
        Value::Text(t) => {
            size_checked("a text", s.len() + t.len())?;
            s.push_str(t)
        }
        other => {
            let mut shown = String::new();
            crate::value::write_display(&mut shown, other, types);
            size_checked("a text", s.len() + shown.len())?;
            s.push_str(&shown);
        }
    }
    Ok(Value::Text(s))
}

pub fn unary(op: UnaryOp, v: Value, types: Option<&TypeTable>) -> Eval {
    match (op, &v) {
        (UnaryOp::Neg, Value::Int(i)) => match i.checked_neg() {
            Some(n) => Ok(Value::Int(n)),
            None => fail(format!("integer overflow in -({i})")),
        },
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Neg, Value::U64(u)) => {
            int_value(-(*u as i128)).map_or_else(|| fail(format!("integer overflow in -({u})")), Ok)
        }
        (UnaryOp::BitNot, Value::U64(u)) => Ok(int_value(!*u as i128).expect("a u64 fits")),
        (UnaryOp::Not, _) => Ok(Value::Bool(!v.truthy())),
        (UnaryOp::BitNot, Value::Int(i)) => Ok(Value::Int(!i)),
        (UnaryOp::BitNot, Value::Bool(b)) => Ok(Value::Bool(!b)),
        _ => fail(format!(
            "cannot apply `{}` to {}",
            match op {
                UnaryOp::Neg => "-",
                UnaryOp::Not => "not",
                UnaryOp::BitNot => "~",
            },
            type_name(&v, types)
        )),
    }
}

/// One comparison.
#[inline(always)]
pub fn compare_op(op: CmpOp, a: &Value, b: &Value, types: Option<&TypeTable>) -> Eval<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(match op {
            CmpOp::Eq | CmpOp::Is => x == y,
            CmpOp::NotEq | CmpOp::IsNot => x != y,
            CmpOp::Lt => x < y,
            CmpOp::LtEq => x <= y,
            CmpOp::Gt => x > y,
            CmpOp::GtEq => x >= y,
            CmpOp::In | CmpOp::NotIn => {
                return fail("`in` needs a collection on the right, found int");
            }
        });
    }
    if let Some((x, y)) = float_pair(a, b)
        && let Some(r) = float_cmp(op, x, y)
    {
        return Ok(r);
    }
    Ok(match op {
        CmpOp::Eq => values_equal(a, b),
        CmpOp::NotEq => !values_equal(a, b),
        CmpOp::Is => identical(a, b),
        CmpOp::IsNot => !identical(a, b),
        CmpOp::In => contains(b, a, types)?,
        CmpOp::NotIn => !contains(b, a, types)?,
        CmpOp::Lt | CmpOp::LtEq | CmpOp::Gt | CmpOp::GtEq => {
            let Some(ord) = compare(a, b) else {
                return fail(format!("cannot compare {}", unordered(a, b, types)));
            };
            match op {
                CmpOp::Lt => ord == Ordering::Less,
                CmpOp::LtEq => ord != Ordering::Greater,
                CmpOp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }
        }
    })
}

/// A comparison of two numbers as floats, as `values_equal` and `compare`
/// define it; `None` for `in` and for an ordering with a NaN (an error the
/// general path reports).
#[inline(always)]
pub fn float_cmp(op: CmpOp, x: f64, y: f64) -> Option<bool> {
    Some(match op {
        CmpOp::Eq | CmpOp::Is => x == y,
        CmpOp::NotEq | CmpOp::IsNot => x != y,
        CmpOp::Lt => x.partial_cmp(&y)? == Ordering::Less,
        CmpOp::LtEq => x.partial_cmp(&y)? != Ordering::Greater,
        CmpOp::Gt => x.partial_cmp(&y)? == Ordering::Greater,
        CmpOp::GtEq => x.partial_cmp(&y)? != Ordering::Less,
        CmpOp::In | CmpOp::NotIn => return None,
    })
}

/// `is`: the same object for class instances, equal values otherwise.
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => values_equal(a, b),
    }
}

/// `needle in haystack`.
pub fn contains(haystack: &Value, needle: &Value, types: Option<&TypeTable>) -> Eval<bool> {
    Ok(match haystack {
        Value::Array(items) | Value::Tuple(items) => items.iter().any(|i| values_equal(&i, needle)),
        Value::Text(s) => match needle {
            Value::Text(n) => s.contains(n.as_str()),
            other => {
                return fail(format!(
                    "`in` on a text needs a text, found {}",
                    type_name(other, types)
                ));
            }
        },
        Value::Dict(d) | Value::Set(d) => match DictKey::new(needle.clone()) {
            Some(k) => d.contains(&k),
            None => false,
        },
        Value::Range(r) => match needle {
            Value::Int(i) => r.contains(*i),
            _ => false,
        },
        Value::Bytes(b) => match needle {
            Value::Int(i) => (0..=255).contains(i) && b.contains(&(*i as u8)),
            _ => false,
        },
        Value::View(view) => match needle {
            Value::Int(i) => {
                (0..=255).contains(i)
                    && view
                        .bytes()
                        .map_err(crate::error::rt_error)?
                        .contains(&(*i as u8))
            }
            _ => false,
        },
        other => {
            return fail(format!(
                "`in` needs a collection on the right, found {}",
                type_name(other, types)
            ));
        }
    })
}
