//! The `@` operator on arrays: a matrix (an array of equal-length number
//! arrays) times a matrix, a matrix times a vector, a vector times a
//! matrix, or the dot product of two vectors. Numbers alone multiply (in
//! `ops`); a struct or class may define `__matmul__`.

use simple_syntax::ast::BinOp;

use crate::error::{Eval, fail};
use crate::limits::{ITEM_BYTES, check_size};
use crate::types::TypeTable;
use crate::value::Value;

/// The rows of `v` when it is a matrix (every item an array of the same
/// length, at least one row), else `None`.
fn rows(v: &[Value]) -> Option<Vec<Vec<Value>>> {
    let rows: Vec<Vec<Value>> = v
        .iter()
        .map(|r| match r {
            Value::Array(a) => Some(a.values().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let width = rows.first()?.len();
    rows.iter().all(|r| r.len() == width).then_some(rows)
}

/// The sum of `a[i] * b[i]`, numbers only.
fn dot(a: &[Value], b: &[Value], types: Option<&TypeTable>) -> Eval {
    let mut acc = Value::Int(0);
    for (x, y) in a.iter().zip(b) {
        let p = crate::ops::binary(BinOp::Mul, x.clone(), y.clone(), types)?;
        acc = crate::ops::binary(BinOp::Add, acc, p, types)?;
    }
    Ok(acc)
}

fn shape_error(what: String) -> Eval {
    fail(format!("cannot apply `@`: {what}"))
}

/// `a @ b` for two arrays.
pub(crate) fn matmul(a: &[Value], b: &[Value], types: Option<&TypeTable>) -> Eval {
    match (rows(a), rows(b)) {
        (Some(ra), Some(rb)) => {
            let (n, k, m) = (ra.len(), ra[0].len(), rb[0].len());
            if k != rb.len() {
                return shape_error(format!("a {n}x{k} matrix times a {}x{m} matrix", rb.len()));
            }
            check_size(n.saturating_mul(m).saturating_mul(ITEM_BYTES))?;
            let mut out = Vec::with_capacity(n);
            for row in &ra {
                let mut line = Vec::with_capacity(m);
                for j in 0..m {
                    let column: Vec<Value> = rb.iter().map(|r| r[j].clone()).collect();
                    line.push(dot(row, &column, types)?);
                }
                out.push(Value::array(line));
            }
            Ok(Value::array(out))
        }
        (Some(ra), None) => {
            if ra[0].len() != b.len() {
                return shape_error(format!(
                    "a {}x{} matrix times a vector of {}",
                    ra.len(),
                    ra[0].len(),
                    b.len()
                ));
            }
            let out = ra
                .iter()
                .map(|r| dot(r, b, types))
                .collect::<Eval<Vec<_>>>()?;
            Ok(Value::array(out))
        }
        (None, Some(rb)) => {
            if a.len() != rb.len() {
                return shape_error(format!(
                    "a vector of {} times a {}x{} matrix",
                    a.len(),
                    rb.len(),
                    rb[0].len()
                ));
            }
            let m = rb[0].len();
            let out = (0..m)
                .map(|j| {
                    let column: Vec<Value> = rb.iter().map(|r| r[j].clone()).collect();
                    dot(a, &column, types)
                })
                .collect::<Eval<Vec<_>>>()?;
            Ok(Value::array(out))
        }
        (None, None) => {
            if a.len() != b.len() {
                return shape_error(format!("vectors of {} and {} items", a.len(), b.len()));
            }
            dot(a, b, types)
        }
    }
}
