//! Equality and ordering of values.
//!
//! `==` is structural for everything but class instances (identity) and
//! functions (identity). Ordering is defined on numbers, texts (byte order),
//! and arrays/tuples/bytes (lexicographic); other pairs are not ordered.

use std::cmp::Ordering;
use std::rc::Rc;

use super::Value;

use super::guarded;

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        values_equal(self, other)
    }
}

pub fn values_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Nil, Nil) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y,
        (U64(x), U64(y)) => x == y,
        (U64(x), Float(y)) | (Float(y), U64(x)) => (*x as f64) == *y,
        (Text(x), Text(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (View(_), View(_) | Bytes(_) | Array(_)) | (Bytes(_) | Array(_), View(_)) => {
            super::view::view_equal(a, b)
        }
        (Bytes(x), Array(y)) | (Array(y), Bytes(x)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| q == Int(*p as i64))
        }
        (Array(x), Array(y)) | (Tuple(x), Tuple(y)) => {
            Rc::ptr_eq(x, y)
                || guarded(|| x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p == q))
        }
        (Dict(x), Dict(y)) => {
            Rc::ptr_eq(x, y)
                || guarded(|| {
                    x.len() == y.len()
                        && x.iter()
                            .zip(y.iter())
                            .all(|((k1, v1), (k2, v2))| k1 == k2 && v1 == v2)
                })
        }
        (Set(x), Set(y)) => {
            Rc::ptr_eq(x, y) || (x.len() == y.len() && x.keys().all(|k| y.contains(k)))
        }
        (Range(x), Range(y)) => x == y,
        (Struct(x), Struct(y)) => {
            Rc::ptr_eq(x, y) || (x.ty == y.ty && guarded(|| x.fields == y.fields))
        }
        (Object(x), Object(y)) => Rc::ptr_eq(x, y),
        (Variant(x), Variant(y)) => {
            Rc::ptr_eq(x, y)
                || (x.ty == y.ty && x.variant == y.variant && guarded(|| x.fields == y.fields))
        }
        (UnitVariant(t1, v1), UnitVariant(t2, v2)) => t1 == t2 && v1 == v2,
        (Function(x), Function(y)) => Rc::ptr_eq(x, y),
        (Closure(x), Closure(y)) => Rc::ptr_eq(x, y),
        (Native(x), Native(y)) => Rc::ptr_eq(x, y),
        (Type(x), Type(y)) => x == y,
        (Module(x), Module(y)) => x == y,
        (Host(x), Host(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// Orders two values; `None` when the pair has no order (the caller reports
/// an error naming both kinds).
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Float(x), Float(y)) => x.partial_cmp(y),
        (Int(x), Float(y)) => (*x as f64).partial_cmp(y),
        (Float(x), Int(y)) => x.partial_cmp(&(*y as f64)),
        // A `U64` is above every `Int` (it holds only values past `i64::MAX`).
        (U64(x), U64(y)) => Some(x.cmp(y)),
        (U64(_), Int(_)) => Some(Ordering::Greater),
        (Int(_), U64(_)) => Some(Ordering::Less),
        (U64(x), Float(y)) => (*x as f64).partial_cmp(y),
        (Float(x), U64(y)) => x.partial_cmp(&(*y as f64)),
        (Text(x), Text(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
        (View(_), View(_) | Bytes(_)) | (Bytes(_), View(_)) => super::view::view_compare(a, b),
        (Array(x), Array(y)) | (Tuple(x), Tuple(y)) => {
            guarded(|| compare_seq(&x.values(), &y.values()))
        }
        _ => None,
    }
}

fn compare_seq(x: &[Value], y: &[Value]) -> Option<Ordering> {
    for (p, q) in x.iter().zip(y.iter()) {
        match compare(p, q)? {
            Ordering::Equal => {}
            other => return Some(other),
        }
    }
    Some(x.len().cmp(&y.len()))
}
