//! Simple → Rust: a serde `Deserializer` reading a [`Value`].

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde::forward_to_deserialize_any;

use super::SerdeError;
use crate::convert::dict_of;
use crate::ops::type_name;
use crate::types::TypeTable;
use crate::value::Value;

type Result<T> = std::result::Result<T, SerdeError>;

/// Deeper values are refused rather than recursed into: a program can
/// build nesting deep enough to overflow the host's stack.
const MAX_DEPTH: usize = 128;

pub struct ValueDeserializer<'t> {
    pub v: Value,
    pub types: Option<&'t TypeTable>,
    pub depth: usize,
}

impl<'t> ValueDeserializer<'t> {
    pub fn new(v: Value, types: Option<&'t TypeTable>) -> ValueDeserializer<'t> {
        ValueDeserializer { v, types, depth: 0 }
    }

    fn child(&self, v: Value) -> Result<ValueDeserializer<'t>> {
        if self.depth >= MAX_DEPTH {
            return Err(SerdeError(format!(
                "value nested more than {MAX_DEPTH} levels deep"
            )));
        }
        Ok(ValueDeserializer {
            v,
            types: self.types,
            depth: self.depth + 1,
        })
    }

    fn shown(&self) -> String {
        type_name(&self.v, self.types)
    }

    /// The fields of a struct or class instance, by name.
    fn instance_fields(&self) -> Result<Vec<(Value, Value)>> {
        let inst = match &self.v {
            Value::Struct(s) => s.ty,
            Value::Object(o) => {
                o.try_borrow()
                    .map_err(|_| SerdeError("object is being modified".into()))?
                    .ty
            }
            _ => return Err(SerdeError(format!("{} is no struct", self.shown()))),
        };
        let Some(types) = self.types else {
            return Err(SerdeError(format!(
                "{} needs its program's field names: convert it with `Serde` through the interpreter",
                self.shown()
            )));
        };
        let names = &types.get(inst).fields;
        let values: Vec<Value> = match &self.v {
            Value::Struct(s) => s.fields.to_vec(),
            Value::Object(o) => o
                .try_borrow()
                .map_err(|_| SerdeError("object is being modified".into()))?
                .fields
                .to_vec(),
            _ => Vec::new(),
        };
        Ok(names
            .iter()
            .map(|n| Value::text(n.as_str()))
            .zip(values)
            .collect())
    }

    /// An enum value of the program as (variant name, payload): nil for a
    /// unit variant, the value for one positional field, a tuple for
    /// several, a dict for named fields.
    fn program_variant(&self) -> Option<(String, Value)> {
        let types = self.types?;
        match &self.v {
            Value::UnitVariant(ty, i) => {
                let info = types.types.get(*ty as usize)?.variants.get(*i as usize)?;
                Some((info.name.to_string(), Value::Nil))
            }
            Value::Variant(var) => {
                let info = types
                    .types
                    .get(var.ty as usize)?
                    .variants
                    .get(var.variant as usize)?;
                let payload = if info.named {
                    dict_of(
                        info.fields
                            .iter()
                            .map(|f| Value::text(f.as_str()))
                            .zip(var.fields.iter().cloned()),
                    )
                } else if var.fields.len() == 1 {
                    var.fields[0].clone()
                } else {
                    Value::tuple(var.fields.to_vec())
                };
                Some((info.name.to_string(), payload))
            }
            _ => None,
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_> {
    type Error = SerdeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.v {
            Value::Nil => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::U64(u) => visitor.visit_u64(*u),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Text(s) => visitor.visit_str(s),
            Value::Bytes(b) => visitor.visit_bytes(b),
            Value::Array(items) | Value::Tuple(items) => {
                let items: Vec<Value> = items.iter().collect();
                visitor.visit_seq(Seq::new(self, items))
            }
            Value::Set(d) => {
                let items: Vec<Value> = d.keys().map(|k| k.value().clone()).collect();
                visitor.visit_seq(Seq::new(self, items))
            }
            Value::Dict(d) => {
                let entries: Vec<(Value, Value)> = d
                    .iter()
                    .map(|(k, v)| (k.value().clone(), v.clone()))
                    .collect();
                visitor.visit_map(Map::new(self, entries))
            }
            Value::Struct(_) | Value::Object(_) => {
                let entries = self.instance_fields()?;
                visitor.visit_map(Map::new(self, entries))
            }
            Value::Variant(_) | Value::UnitVariant(..) => match self.program_variant() {
                Some((name, payload)) => {
                    let entries = vec![(Value::text(name), payload)];
                    visitor.visit_map(Map::new(self, entries))
                }
                None => Err(SerdeError(format!("cannot convert {}", self.shown()))),
            },
            _ => Err(SerdeError(format!(
                "cannot convert {} to a Rust value",
                self.shown()
            ))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.v {
            Value::Nil => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Bytes read as a sequence of ints too (`Vec<u8>` asks for a sequence).
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match &self.v {
            Value::Bytes(b) => {
                let items: Vec<Value> = b.iter().map(|&x| Value::Int(x as i64)).collect();
                visitor.visit_seq(Seq::new(self, items))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let (variant, payload) = match &self.v {
            Value::Text(s) => (s.to_string(), None),
            Value::Dict(d) if d.len() == 1 => {
                let (k, v) = d.iter().next().expect("one entry");
                match k.value() {
                    Value::Text(s) => (s.to_string(), Some(v.clone())),
                    _ => return Err(SerdeError("an enum's variant name must be a text".into())),
                }
            }
            _ => match self.program_variant() {
                Some((name, Value::Nil)) => (name, None),
                Some((name, payload)) => (name, Some(payload)),
                None => {
                    return Err(SerdeError(format!(
                        "expected an enum value (a variant name, or a one-entry dict), found {}",
                        self.shown()
                    )));
                }
            },
        };
        let payload = match payload {
            Some(p) => Some(self.child(p)?),
            None => None,
        };
        visitor.visit_enum(Enum { variant, payload })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct Seq<'t> {
    parent: ValueDeserializer<'t>,
    items: std::vec::IntoIter<Value>,
}

impl<'t> Seq<'t> {
    fn new(parent: ValueDeserializer<'t>, items: Vec<Value>) -> Seq<'t> {
        Seq {
            parent,
            items: items.into_iter(),
        }
    }
}

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = SerdeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.items.next() {
            Some(v) => seed.deserialize(self.parent.child(v)?).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'t> {
    parent: ValueDeserializer<'t>,
    entries: std::vec::IntoIter<(Value, Value)>,
    value: Option<Value>,
}

impl<'t> Map<'t> {
    fn new(parent: ValueDeserializer<'t>, entries: Vec<(Value, Value)>) -> Map<'t> {
        Map {
            parent,
            entries: entries.into_iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = SerdeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(self.parent.child(k)?).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let v = self
            .value
            .take()
            .ok_or_else(|| SerdeError("a map value without a key".into()))?;
        seed.deserialize(self.parent.child(v)?)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Enum<'t> {
    variant: String,
    payload: Option<ValueDeserializer<'t>>,
}

impl<'de, 't> EnumAccess<'de> for Enum<'t> {
    type Error = SerdeError;
    type Variant = Payload<'t>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Payload<'t>)> {
        let name: de::value::StringDeserializer<SerdeError> = self.variant.into_deserializer();
        Ok((seed.deserialize(name)?, Payload(self.payload)))
    }
}

struct Payload<'t>(Option<ValueDeserializer<'t>>);

impl<'de> VariantAccess<'de> for Payload<'_> {
    type Error = SerdeError;
    fn unit_variant(self) -> Result<()> {
        match self.0 {
            None => Ok(()),
            Some(d) if matches!(d.v, Value::Nil) => Ok(()),
            Some(d) => Err(SerdeError(format!(
                "a unit variant has no data, found {}",
                d.shown()
            ))),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        match self.0 {
            Some(d) => seed.deserialize(d),
            None => Err(SerdeError("this variant needs data".into())),
        }
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        match self.0 {
            Some(d) => de::Deserializer::deserialize_seq(d, visitor),
            None => Err(SerdeError("this variant needs data".into())),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.0 {
            Some(d) => de::Deserializer::deserialize_any(d, visitor),
            None => Err(SerdeError("this variant needs data".into())),
        }
    }
}
