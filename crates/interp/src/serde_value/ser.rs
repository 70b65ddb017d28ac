//! Rust → Simple: a serde `Serializer` whose output is a [`Value`].

use serde::ser::{self, Serialize};

use super::SerdeError;
use crate::convert::{dict_of, struct_value};
use crate::types::TypeTable;
use crate::value::{DictKey, Value};

type Result<T> = std::result::Result<T, SerdeError>;

/// With the program's types, a struct becomes the program's struct of the
/// same name (as `host_struct!` does); without, a dict.
#[derive(Clone, Copy)]
pub struct ValueSerializer<'t> {
    pub types: Option<&'t TypeTable>,
}

fn int<T: TryInto<i64> + std::fmt::Display + Copy>(v: T) -> Result<Value> {
    v.try_into()
        .map(Value::Int)
        .map_err(|_| SerdeError(format!("{v} does not fit in a Simple int (i64)")))
}

/// `{variant: payload}`.
fn tagged(variant: &str, payload: Value) -> Value {
    dict_of(std::iter::once((Value::text(variant), payload)))
}

impl<'t> ser::Serializer for ValueSerializer<'t> {
    type Ok = Value;
    type Error = SerdeError;
    type SerializeSeq = Seq<'t>;
    type SerializeTuple = Seq<'t>;
    type SerializeTupleStruct = Seq<'t>;
    type SerializeTupleVariant = Seq<'t>;
    type SerializeMap = Map<'t>;
    type SerializeStruct = Struct<'t>;
    type SerializeStructVariant = Struct<'t>;

    fn serialize_bool(self, v: bool) -> Result<Value> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value> {
        int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Value> {
        int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Value> {
        int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Value> {
        int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Value> {
        int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Value> {
        int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Value> {
        int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Value> {
        int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Value> {
        int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Value> {
        int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Value> {
        Ok(Value::Float(v as f64))
    }
    fn serialize_f64(self, v: f64) -> Result<Value> {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Value> {
        Ok(Value::text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value> {
        Ok(Value::text(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value> {
        Ok(Value::bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Value> {
        Ok(Value::Nil)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value> {
        Ok(Value::Nil)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value> {
        Ok(Value::Nil)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value> {
        Ok(Value::text(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value> {
        Ok(tagged(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'t>> {
        Ok(Seq::new(self, len.unwrap_or(0), SeqKind::Array))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'t>> {
        Ok(Seq::new(self, len, SeqKind::Tuple))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'t>> {
        Ok(Seq::new(self, len, SeqKind::Tuple))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'t>> {
        Ok(Seq::new(self, len, SeqKind::Variant(variant)))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'t>> {
        Ok(Map {
            ser: self,
            entries: Vec::new(),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct<'t>> {
        Ok(Struct {
            ser: self,
            name,
            variant: None,
            fields: Vec::with_capacity(len),
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Struct<'t>> {
        Ok(Struct {
            ser: self,
            name: variant,
            variant: Some(variant),
            fields: Vec::with_capacity(len),
        })
    }
}

pub enum SeqKind {
    Array,
    Tuple,
    /// A tuple variant: `{name: (items...)}`.
    Variant(&'static str),
}

pub struct Seq<'t> {
    ser: ValueSerializer<'t>,
    items: Vec<Value>,
    kind: SeqKind,
}

impl<'t> Seq<'t> {
    fn new(ser: ValueSerializer<'t>, len: usize, kind: SeqKind) -> Seq<'t> {
        Seq {
            ser,
            // A length hint from a deserialized file is not to be trusted.
            items: Vec::with_capacity(len.min(4096)),
            kind,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> Value {
        match self.kind {
            SeqKind::Array => Value::array(self.items),
            SeqKind::Tuple => Value::tuple(self.items),
            SeqKind::Variant(name) => tagged(name, Value::tuple(self.items)),
        }
    }
}

macro_rules! seq_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Seq<'_> {
            type Ok = Value;
            type Error = SerdeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Value> {
                Ok(self.finish())
            }
        }
    };
}

seq_impl!(SerializeSeq, serialize_element);
seq_impl!(SerializeTuple, serialize_element);
seq_impl!(SerializeTupleStruct, serialize_field);
seq_impl!(SerializeTupleVariant, serialize_field);

pub struct Map<'t> {
    ser: ValueSerializer<'t>,
    entries: Vec<(Value, Value)>,
    key: Option<Value>,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let key = key.serialize(self.ser)?;
        if DictKey::new(key.clone()).is_none() {
            return Err(SerdeError(format!(
                "{} cannot be a dict key (keys are ints, bools, texts and tuples of those)",
                crate::ops::type_name(&key, self.ser.types)
            )));
        }
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerdeError("a map value without a key".into()))?;
        self.entries.push((key, value.serialize(self.ser)?));
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(dict_of(self.entries.into_iter()))
    }
}

pub struct Struct<'t> {
    ser: ValueSerializer<'t>,
    name: &'static str,
    /// A struct variant: `{name: {fields}}`.
    variant: Option<&'static str>,
    fields: Vec<(&'static str, Value)>,
}

impl Struct<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.fields.push((key, value.serialize(self.ser)?));
        Ok(())
    }

    fn finish(self) -> Value {
        match self.variant {
            Some(name) => tagged(
                name,
                dict_of(self.fields.into_iter().map(|(k, v)| (Value::text(k), v))),
            ),
            None => struct_value(self.ser.types, self.name, self.fields),
        }
    }
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for Struct<'_> {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.finish())
    }
}
