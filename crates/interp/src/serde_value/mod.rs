//! Any `Serialize` / `Deserialize` type to and from Simple values (the
//! `serde` feature).
//!
//! | Rust (serde data model) | Simple |
//! |---|---|
//! | bool, integers (within `i64`), floats, char, string, bytes | bool, int, float, text, text, bytes |
//! | `None`, `()`, unit struct | nil |
//! | `Some(v)`, newtype struct | `v` |
//! | sequence | array (bytes and tuples also read back as sequences) |
//! | tuple, tuple struct | tuple |
//! | map | dict (a key must be a dict key: int, bool, text, tuple of those) |
//! | struct | the program's struct of the same name when there is one, else a dict of the fields |
//! | unit variant | the variant's name as a text |
//! | variant with data | a one-entry dict `{name: data}` |
//!
//! Reading back also accepts Simple structs and class instances as maps of
//! their fields, and a Simple enum value as the variant of the same name.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use simple_interp::{Interpreter, Serde};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Config { name: String, ports: Vec<u16>, debug: Option<bool> }
//!
//! let mut interp = Interpreter::new();
//! let config = Config { name: "api".into(), ports: vec![80, 443], debug: None };
//! interp.set_global("config", Serde(config));
//! let src = "val next = {\"name\": config[\"name\"] + \"-2\", \"ports\": config[\"ports\"] + [8080], \"debug\": true}";
//! interp.eval("<cfg>", src).unwrap();
//! let Serde(next) = interp.get_global::<Serde<Config>>("next").unwrap();
//! assert_eq!(next, Config { name: "api-2".into(), ports: vec![80, 443, 8080], debug: Some(true) });
//! ```

mod de;
mod ser;

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::host::{FromValue, IntoValue};
use crate::types::TypeTable;
use crate::value::Value;

/// Why a value could not be converted.
#[derive(Clone, Debug, PartialEq)]
pub struct SerdeError(pub String);

impl fmt::Display for SerdeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerdeError {}

impl serde::ser::Error for SerdeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerdeError(msg.to_string())
    }
}

impl serde::de::Error for SerdeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerdeError(msg.to_string())
    }
}

/// Converts a Rust value into a Simple value (structs become dicts: no
/// program is at hand to have a struct of that name).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, SerdeError> {
    value.serialize(ser::ValueSerializer { types: None })
}

/// Converts a Simple value into a Rust value. A Simple struct instance
/// needs its program's field names: convert it through [`Serde`] with an
/// interpreter (`get_global`, `call`, host function arguments) instead.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, SerdeError> {
    T::deserialize(de::ValueDeserializer::new(value.clone(), None))
}

/// Wraps a serde type for the interpreter's conversions: a host function
/// argument or result, `set_global`, `get_global`, `call`. A value that
/// does not serialize (a map with float keys, say) becomes nil; use
/// [`to_value`] to see the error.
#[derive(Clone, Debug, PartialEq)]
pub struct Serde<T>(pub T);

impl<T: Serialize> IntoValue for Serde<T> {
    fn into_value(self) -> Value {
        to_value(&self.0).unwrap_or(Value::Nil)
    }
    fn into_value_in(self, types: &TypeTable) -> Value {
        self.0
            .serialize(ser::ValueSerializer { types: Some(types) })
            .unwrap_or(Value::Nil)
    }
}

impl<T: DeserializeOwned> FromValue for Serde<T> {
    const EXPECTED: &'static str = "a value of the expected shape";
    fn from_value(v: &mut Value) -> Option<Self> {
        from_value(v).ok().map(Serde)
    }
    fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
        T::deserialize(de::ValueDeserializer::new(v.clone(), Some(types)))
            .ok()
            .map(Serde)
    }
}
