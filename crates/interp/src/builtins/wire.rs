//! `__wire_encode(v) -> bytes` and `__wire_decode(bytes) -> value`: a value as bytes, for
//! sending results from a forked worker back to its parent (`spl/std/io/fs/workers.spl`
//! moves the bytes through a pipe; the transport is Simple code).
//!
//! Structs, class instances and enum values are written with their type ids, which is
//! why this is a built-in and not Simple code over SDN: only the interpreter knows a
//! value's type and fields. A forked worker runs the same program as its parent, so the
//! ids mean the same types on both sides; decoding checks each id against the type table
//! (kind, field count, and the type's name, which is written too) and refuses anything
//! that does not match.
//!
//! What has no wire form is an error naming it: functions, closures, bound methods, types,
//! modules. Decoding never panics on bad input: every length is checked against the bytes
//! left, nesting is limited to [`MAX_DEPTH`], and a bad tag or id is an error.

use std::rc::Rc;

use crate::ops::type_name;
use crate::types::{TypeKind, TypeTable};
use crate::value::{Dict, DictKey, Instance, RangeObj, Value, VariantObj};

/// Containers nested deeper than this are refused (a cycle of class instances would
/// otherwise never end).
pub const MAX_DEPTH: usize = 200;

const MAGIC: &[u8; 4] = b"SVW1";

mod tag {
    pub const NIL: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const TRUE: u8 = 2;
    pub const INT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const TEXT: u8 = 5;
    pub const BYTES: u8 = 6;
    pub const ARRAY: u8 = 7;
    pub const TUPLE: u8 = 8;
    pub const DICT: u8 = 9;
    pub const STRUCT: u8 = 10;
    pub const OBJECT: u8 = 11;
    pub const VARIANT: u8 = 12;
    pub const UNIT: u8 = 13;
    pub const RANGE: u8 = 14;
    pub const SET: u8 = 15;
    pub const U64: u8 = 16;
}

/// `v` as bytes, or an error naming the first part that has no wire form.
pub fn encode(v: &Value, types: &TypeTable) -> Result<Vec<u8>, String> {
    let mut out = MAGIC.to_vec();
    put(&mut out, v, types, 0)?;
    Ok(out)
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_type(out: &mut Vec<u8>, ty: u32, types: &TypeTable) {
    out.extend_from_slice(&ty.to_le_bytes());
    let name = types.name(ty);
    put_u64(out, name.as_str().len() as u64);
    out.extend_from_slice(name.as_str().as_bytes());
}

fn put_seq<'a>(
    out: &mut Vec<u8>,
    items: impl ExactSizeIterator<Item = &'a Value>,
    types: &TypeTable,
    depth: usize,
) -> Result<(), String> {
    put_u64(out, items.len() as u64);
    for x in items {
        put(out, x, types, depth + 1)?;
    }
    Ok(())
}

fn put(out: &mut Vec<u8>, v: &Value, types: &TypeTable, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the value is nested more than {MAX_DEPTH} levels deep (or refers to itself)"
        ));
    }
    match v {
        Value::Nil => out.push(tag::NIL),
        Value::Bool(b) => out.push(if *b { tag::TRUE } else { tag::FALSE }),
        Value::Int(i) => {
            out.push(tag::INT);
            out.extend_from_slice(&i.to_le_bytes());
        }
        Value::Float(f) => {
            out.push(tag::FLOAT);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        Value::Text(s) => {
            out.push(tag::TEXT);
            put_u64(out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        Value::Bytes(b) => {
            out.push(tag::BYTES);
            put_u64(out, b.len() as u64);
            out.extend_from_slice(b);
        }
        Value::View(w) => {
            let b = w.bytes()?;
            out.push(tag::BYTES);
            put_u64(out, b.len() as u64);
            out.extend_from_slice(b);
        }
        Value::Array(a) | Value::Tuple(a) => {
            out.push(if matches!(v, Value::Array(_)) {
                tag::ARRAY
            } else {
                tag::TUPLE
            });
            let items = a.values();
            put_seq(out, items.iter(), types, depth)?;
        }
        Value::Dict(d) => {
            out.push(tag::DICT);
            put_u64(out, d.len() as u64);
            for (k, x) in d.iter() {
                put(out, k.value(), types, depth + 1)?;
                put(out, x, types, depth + 1)?;
            }
        }
        Value::U64(u) => {
            out.push(tag::U64);
            out.extend_from_slice(&u.to_le_bytes());
        }
        Value::Set(d) => {
            out.push(tag::SET);
            put_u64(out, d.len() as u64);
            for k in d.keys() {
                put(out, k.value(), types, depth + 1)?;
            }
        }
        Value::Range(r) => {
            out.push(tag::RANGE);
            out.extend_from_slice(&r.start.to_le_bytes());
            out.extend_from_slice(&r.end.to_le_bytes());
            out.push(r.inclusive as u8);
            out.extend_from_slice(&r.step.to_le_bytes());
        }
        Value::Struct(s) => {
            out.push(tag::STRUCT);
            put_type(out, s.ty, types);
            put_seq(out, s.fields.iter(), types, depth)?;
        }
        Value::Object(o) => {
            let inst = o
                .try_borrow()
                .map_err(|_| "the object is being modified".to_string())?;
            out.push(tag::OBJECT);
            put_type(out, inst.ty, types);
            put_seq(out, inst.fields.iter(), types, depth)?;
        }
        Value::Variant(var) => {
            out.push(tag::VARIANT);
            put_type(out, var.ty, types);
            out.extend_from_slice(&var.variant.to_le_bytes());
            put_seq(out, var.fields.iter(), types, depth)?;
        }
        Value::UnitVariant(ty, variant) => {
            out.push(tag::UNIT);
            put_type(out, *ty, types);
            out.extend_from_slice(&variant.to_le_bytes());
        }
        other => {
            return Err(format!(
                "{} has no wire form (only data can be sent: nil, bools, numbers, texts, \
                 bytes, arrays, tuples, dicts, sets, ranges, structs, class instances, enum values)",
                match other {
                    Value::Type(_) => "a type".to_string(),
                    Value::Module(_) => "a module".to_string(),
                    _ => format!("a {}", type_name(other, Some(types))),
                }
            ));
        }
    }
    Ok(())
}

type Res<T> = Result<T, String>;

/// Reads a value written by [`encode`].
pub fn decode(data: &[u8], types: &TypeTable) -> Res<Value> {
    let Some(rest) = data.strip_prefix(MAGIC) else {
        return Err("not an encoded value (bad header)".into());
    };
    let mut r = Reader { data: rest, types };
    let v = r.value(0)?;
    if !r.data.is_empty() {
        return Err(format!(
            "{} unexpected byte(s) after the encoded value",
            r.data.len()
        ));
    }
    Ok(v)
}

struct Reader<'a> {
    data: &'a [u8],
    types: &'a TypeTable,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        if n > self.data.len() {
            return Err("the encoded value is cut short".into());
        }
        let (a, b) = self.data.split_at(n);
        self.data = b;
        Ok(a)
    }

    fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Res<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Res<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn i64(&mut self) -> Res<i64> {
        Ok(self.u64()? as i64)
    }

    /// A length, which cannot exceed the bytes left (every item takes at least one).
    fn len(&mut self) -> Res<usize> {
        let n = self.u64()?;
        if n > self.data.len() as u64 {
            return Err("the encoded value is cut short".into());
        }
        Ok(n as usize)
    }

    /// A type id and name, checked against the table: the type must exist, have that
    /// name and be of `kind`.
    fn ty(&mut self, kind: TypeKind) -> Res<u32> {
        let id = self.u32()?;
        let n = self.len()?;
        let name = self.take(n)?;
        let ok = self
            .types
            .types
            .get(id as usize)
            .is_some_and(|t| t.kind == kind && t.name.as_str().as_bytes() == name);
        if !ok {
            return Err(format!(
                "the encoded value names type #{id} `{}`, which this program does not have",
                String::from_utf8_lossy(name)
            ));
        }
        Ok(id)
    }

    fn items(&mut self, depth: usize) -> Res<Vec<Value>> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.value(depth + 1)?);
        }
        Ok(out)
    }

    fn fields(&mut self, ty: u32, depth: usize) -> Res<Vec<Value>> {
        let fields = self.items(depth)?;
        let want = self.types.get(ty).fields.len();
        if fields.len() != want {
            return Err(format!(
                "the encoded `{}` has {} field(s), the type has {want}",
                self.types.name(ty),
                fields.len()
            ));
        }
        Ok(fields)
    }

    fn value(&mut self, depth: usize) -> Res<Value> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the encoded value is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        Ok(match self.u8()? {
            tag::NIL => Value::Nil,
            tag::FALSE => Value::Bool(false),
            tag::TRUE => Value::Bool(true),
            tag::INT => Value::Int(self.i64()?),
            tag::FLOAT => Value::Float(f64::from_bits(self.u64()?)),
            tag::TEXT => {
                let n = self.len()?;
                match std::str::from_utf8(self.take(n)?) {
                    Ok(s) => Value::text(s),
                    Err(_) => return Err("an encoded text is not UTF-8".into()),
                }
            }
            tag::BYTES => {
                let n = self.len()?;
                Value::bytes(self.take(n)?.to_vec())
            }
            tag::ARRAY => Value::array(self.items(depth)?),
            tag::TUPLE => Value::tuple(self.items(depth)?),
            tag::DICT => {
                let n = self.len()?;
                let mut d = Dict::new();
                for _ in 0..n {
                    let k = self.value(depth + 1)?;
                    let x = self.value(depth + 1)?;
                    let Some(key) = DictKey::new(k) else {
                        return Err("an encoded dict key cannot be a key".into());
                    };
                    d.insert(key, x);
                }
                Value::Dict(Rc::new(d))
            }
            tag::U64 => match self.u64()? {
                u if u > i64::MAX as u64 => Value::U64(u),
                _ => return Err("an encoded u64 is in the i64 range".into()),
            },
            tag::SET => {
                let n = self.len()?;
                let mut d = Dict::new();
                for _ in 0..n {
                    let Some(key) = DictKey::new(self.value(depth + 1)?) else {
                        return Err("an encoded set element cannot be an element".into());
                    };
                    d.insert(key, Value::Nil);
                }
                Value::Set(Rc::new(d))
            }
            tag::RANGE => {
                let start = self.i64()?;
                let end = self.i64()?;
                let inclusive = self.u8()? != 0;
                let step = self.i64()?;
                if step == 0 {
                    return Err("an encoded range has step 0".into());
                }
                Value::Range(Rc::new(RangeObj {
                    start,
                    end,
                    inclusive,
                    step,
                }))
            }
            t @ (tag::STRUCT | tag::OBJECT) => {
                let kind = if t == tag::STRUCT {
                    TypeKind::Struct
                } else {
                    TypeKind::Class
                };
                let ty = self.ty(kind)?;
                let inst = Instance {
                    ty,
                    fields: self.fields(ty, depth)?.into_iter().collect(),
                };
                if t == tag::STRUCT {
                    Value::Struct(Rc::new(inst))
                } else {
                    Value::Object(Rc::new(std::cell::RefCell::new(inst)))
                }
            }
            tag::VARIANT => {
                let ty = self.ty(TypeKind::Enum)?;
                let variant = self.u32()?;
                let fields = self.items(depth)?;
                let info = self.types.get(ty).variants.get(variant as usize);
                if info.is_none_or(|v| v.unit || v.fields.len() != fields.len()) {
                    return Err(format!(
                        "the encoded `{}` variant #{variant} does not match the type",
                        self.types.name(ty)
                    ));
                }
                Value::Variant(Rc::new(VariantObj {
                    ty,
                    variant,
                    fields: fields.into(),
                }))
            }
            tag::UNIT => {
                let ty = self.ty(TypeKind::Enum)?;
                let variant = self.u32()?;
                if self
                    .types
                    .get(ty)
                    .variants
                    .get(variant as usize)
                    .is_none_or(|v| !v.unit)
                {
                    return Err(format!(
                        "the encoded `{}` variant #{variant} does not match the type",
                        self.types.name(ty)
                    ));
                }
                Value::UnitVariant(ty, variant)
            }
            other => return Err(format!("bad tag {other} in an encoded value")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_round_trip() {
        let types = TypeTable::new();
        let mut d = Dict::new();
        d.insert(DictKey::new(Value::text("k")).unwrap(), Value::Float(1.5));
        let v = Value::array(vec![
            Value::Nil,
            Value::Bool(true),
            Value::Int(-7),
            Value::text("héllo"),
            Value::bytes(vec![0, 255]),
            Value::tuple(vec![Value::Int(1)]),
            Value::Dict(Rc::new(d)),
            Value::set([DictKey::new(Value::Int(2)).unwrap()]),
            Value::U64(u64::MAX),
            Value::range(1, 5, true),
            Value::ok(Value::Int(3)),
            Value::err(Value::text("e")),
        ]);
        let bytes = encode(&v, &types).unwrap();
        assert!(decode(&bytes, &types).unwrap() == v);
    }

    #[test]
    fn bad_input_is_an_error_never_a_panic() {
        let types = TypeTable::new();
        let good = encode(
            &Value::array(vec![Value::text("abc"), Value::Int(1)]),
            &types,
        )
        .unwrap();
        for cut in 0..good.len() {
            assert!(decode(&good[..cut], &types).is_err(), "cut at {cut}");
        }
        for i in 4..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0xff;
            let _ = decode(&bad, &types);
        }
        // A type id the table does not have.
        let mut v = MAGIC.to_vec();
        v.push(tag::STRUCT);
        v.extend_from_slice(&99u32.to_le_bytes());
        v.extend_from_slice(&0u64.to_le_bytes());
        v.extend_from_slice(&0u64.to_le_bytes());
        assert!(decode(&v, &types).is_err());
        // Deep nesting.
        let mut deep = MAGIC.to_vec();
        for _ in 0..10_000 {
            deep.push(tag::ARRAY);
            deep.extend_from_slice(&1u64.to_le_bytes());
        }
        assert!(decode(&deep, &types).is_err());
    }
}
