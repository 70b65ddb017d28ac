//! Operators: unary, binary (with int fast paths), comparison chains, `?`,
//! and `as` casts.

use simple_syntax::ast::{BinOp, CmpOp, UnaryOp};

use super::Compiler;
use crate::error::{Ctrl, ErrorKind, Eval, Loc, RuntimeError, fail};
use crate::function::Code;
use crate::ir::{CastTarget, Node, NodeKind};
use crate::ops;
use crate::types::TypeTable;
use crate::value::Value;

impl Compiler<'_> {
    pub(super) fn unary(&mut self, op: UnaryOp, e: &Node, loc: Loc) -> Code {
        let e = self.node(e);
        match op {
            UnaryOp::Not => Box::new(move |m| Ok(Value::Bool(!e(m)?.truthy()))),
            _ => Box::new(move |m| {
                let v = e(m)?;
                ops::unary(op, v, Some(&m.program.types)).map_err(|c| c.at(loc))
            }),
        }
    }

    pub(super) fn binary(&mut self, op: BinOp, a: &Node, b: &Node, loc: Loc) -> Code {
        if op == BinOp::Coalesce {
            let (a, b) = (self.node(a), self.node(b));
            return Box::new(move |m| {
                let v = a(m)?;
                if v.is_nil() { b(m) } else { Ok(v) }
            });
        }
        // Operand shapes worth a closure of their own: a local and a
        // constant int (`i + 1`, `n % 2`), or two locals.
        match (&a.kind, &b.kind) {
            (NodeKind::Local(x), NodeKind::Const(Value::Int(k))) => {
                let (x, k) = (*x, *k);
                return Box::new(move |m| match m.local(x) {
                    Value::Int(i) => ops::int_binary(op, *i, k).map_err(|c| c.at(loc)),
                    other => {
                        let v = other.clone();
                        ops::binary(op, v, Value::Int(k), Some(&m.program.types))
                            .map_err(|c| c.at(loc))
                    }
                });
            }
            (NodeKind::Local(x), NodeKind::Local(y)) => {
                let (x, y) = (*x, *y);
                return Box::new(move |m| match (m.local(x), m.local(y)) {
                    (Value::Int(i), Value::Int(j)) => {
                        ops::int_binary(op, *i, *j).map_err(|c| c.at(loc))
                    }
                    (p, q) => {
                        let (p, q) = (p.clone(), q.clone());
                        ops::binary(op, p, q, Some(&m.program.types)).map_err(|c| c.at(loc))
                    }
                });
            }
            (_, NodeKind::Const(Value::Int(k))) => {
                let (a, k) = (self.node(a), *k);
                return Box::new(move |m| match a(m)? {
                    Value::Int(i) => ops::int_binary(op, i, k).map_err(|c| c.at(loc)),
                    v => ops::binary(op, v, Value::Int(k), Some(&m.program.types))
                        .map_err(|c| c.at(loc)),
                });
            }
            _ => {}
        }
        let (a, b) = (self.node(a), self.node(b));
        Box::new(move |m| {
            let x = a(m)?;
            let y = b(m)?;
            ops::binary(op, x, y, Some(&m.program.types)).map_err(|c| c.at(loc))
        })
    }

    pub(super) fn compare(&mut self, first: &Node, rest: &[(CmpOp, Node)], loc: Loc) -> Code {
        if let [(op, second)] = rest {
            let op = *op;
            match (&first.kind, &second.kind) {
                (NodeKind::Local(x), NodeKind::Const(k)) => {
                    let (x, k) = (*x, k.clone());
                    return Box::new(move |m| {
                        ops::compare_op(op, m.local(x), &k, Some(&m.program.types))
                            .map(Value::Bool)
                            .map_err(|c| c.at(loc))
                    });
                }
                (NodeKind::Local(x), NodeKind::Local(y)) => {
                    let (x, y) = (*x, *y);
                    return Box::new(move |m| {
                        ops::compare_op(op, m.local(x), m.local(y), Some(&m.program.types))
                            .map(Value::Bool)
                            .map_err(|c| c.at(loc))
                    });
                }
                (_, NodeKind::Const(k)) => {
                    let (a, k) = (self.node(first), k.clone());
                    return Box::new(move |m| {
                        let x = a(m)?;
                        ops::compare_op(op, &x, &k, Some(&m.program.types))
                            .map(Value::Bool)
                            .map_err(|c| c.at(loc))
                    });
                }
                _ => {}
            }
            let (a, b) = (self.node(first), self.node(second));
            return Box::new(move |m| {
                let x = a(m)?;
                let y = b(m)?;
                ops::compare_op(op, &x, &y, Some(&m.program.types))
                    .map(Value::Bool)
                    .map_err(|c| c.at(loc))
            });
        }
        // A chain `a < b < c`: each operand evaluated once, stops at the
        // first false link.
        let first = self.node(first);
        let rest: Vec<(CmpOp, Code)> = rest.iter().map(|(op, n)| (*op, self.node(n))).collect();
        Box::new(move |m| {
            let mut left = first(m)?;
            for (op, code) in &rest {
                let right = code(m)?;
                if !ops::compare_op(*op, &left, &right, Some(&m.program.types))
                    .map_err(|c| c.at(loc))?
                {
                    return Ok(Value::Bool(false));
                }
                left = right;
            }
            Ok(Value::Bool(true))
        })
    }

    /// `expr?`: unwraps `Ok(v)`; returns `Err(e)` or nil from the function.
    pub(super) fn try_(&mut self, e: &Node, loc: Loc) -> Code {
        let e = self.node(e);
        let in_function = self.in_function;
        Box::new(move |m| {
            let v = e(m)?;
            try_value(m, v, in_function).map_err(|c| c.at(loc))
        })
    }
}

/// The meaning of `?` on a value: `Ok(v)` → `v`; `Err(e)` and nil leave the
/// function with themselves; at the top level they are errors.
pub(super) fn try_value(m: &mut crate::machine::Machine, v: Value, in_function: bool) -> Eval {
    let early = match v.as_result() {
        Some((true, inner)) => return Ok(inner.clone()),
        Some((false, _)) => true,
        None => v.is_nil(),
    };
    if !early {
        return Ok(v);
    }
    if in_function {
        m.ret = v;
        return Err(Ctrl::RETURN);
    }
    let shown = crate::value::DisplayValue(&v, Some(&m.program.types)).to_string();
    let mut err = RuntimeError::new(format!("`?` at the top level got {shown}"))
        .with_kind(ErrorKind::UncaughtErr);
    err.value = Some(v);
    Err(Ctrl::error(Box::new(err)))
}

/// `v as T`.
pub(super) fn cast(v: Value, target: CastTarget, types: &TypeTable) -> Eval {
    let int = |i: i64| -> Value {
        Value::Int(match target {
            CastTarget::I8 => i as i8 as i64,
            CastTarget::I16 => i as i16 as i64,
            CastTarget::I32 => i as i32 as i64,
            CastTarget::U8 => i as u8 as i64,
            CastTarget::U16 => i as u16 as i64,
            CastTarget::U32 => i as u32 as i64,
            // u64 keeps the bits; ints are 64-bit signed.
            _ => i,
        })
    };
    match (target, &v) {
        (CastTarget::Other, _) => Ok(v),
        (CastTarget::Text, _) => Ok(Value::text(
            crate::value::DisplayValue(&v, Some(types)).to_string(),
        )),
        (CastTarget::Bool, _) => Ok(Value::Bool(v.truthy())),
        (CastTarget::F64, Value::Int(i)) => Ok(Value::Float(*i as f64)),
        (CastTarget::F64, Value::Float(_)) => Ok(v),
        (CastTarget::F64, Value::Bool(b)) => Ok(Value::Float(*b as i64 as f64)),
        (_, Value::Int(i)) => Ok(int(*i)),
        (_, Value::Bool(b)) => Ok(int(*b as i64)),
        // Truncates toward zero; out-of-range floats saturate (as in Rust).
        (_, Value::Float(f)) => Ok(int(*f as i64)),
        (_, other) => fail(format!(
            "cannot cast {} to {}",
            ops::type_name(other, Some(types)),
            format!("{target:?}").to_lowercase()
        )),
    }
}
