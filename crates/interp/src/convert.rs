//! Conversions between Rust and Simple values beyond the scalars of
//! `host.rs`: more integer types, `Vec`, `Option`, `Result`, maps, tuples,
//! argument lists for [`crate::Interpreter::call`], and host structs
//! ([`crate::host_struct!`]).
//!
//! ```
//! use std::collections::HashMap;
//! use simple_interp::{FromValue, IntoValue, Value};
//! let mut v = vec![(1_i64, "a".to_string()), (2, "b".to_string())].into_value();
//! assert_eq!(v.to_string(), "[(1, a), (2, b)]");
//! let back: Vec<(i64, String)> = FromValue::from_value(&mut v).unwrap();
//! assert_eq!(back[1].1, "b");
//! let mut d = HashMap::from([("k".to_string(), 1.5_f64)]).into_value();
//! let back: HashMap<String, f64> = FromValue::from_value(&mut d).unwrap();
//! assert_eq!(back["k"], 1.5);
//! ```

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::rc::Rc;

use simple_syntax::Symbol;

use crate::host::{FromValue, IntoValue};
use crate::types::{TypeKind, TypeTable};
use crate::value::{Dict, DictKey, Instance, Value};

macro_rules! int_conversions {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            const EXPECTED: &'static str = concat!("an int (", stringify!($t), ")");
            fn from_value(v: &mut Value) -> Option<Self> {
                match v {
                    Value::Int(i) => <$t>::try_from(*i).ok(),
                    _ => None,
                }
            }
        }
        /// Values beyond `i64` saturate.
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                #[allow(irrefutable_let_patterns)]
                Value::Int(i64::try_from(self).unwrap_or(i64::MAX))
            }
        }
    )*};
}

// Not `u8`: `Vec<u8>` converts as bytes (see `host.rs`).
int_conversions!(i8, i16, i32, u16, u32, u64, usize, isize);

impl FromValue for f32 {
    const EXPECTED: &'static str = "a number";
    fn from_value(v: &mut Value) -> Option<Self> {
        f64::from_value(v).map(|f| f as f32)
    }
}

impl IntoValue for f32 {
    fn into_value(self) -> Value {
        Value::Float(self as f64)
    }
}

impl FromValue for () {
    const EXPECTED: &'static str = "nil";
    fn from_value(v: &mut Value) -> Option<Self> {
        v.is_nil().then_some(())
    }
}

fn items_from<T>(v: &mut Value, mut f: impl FnMut(&mut Value) -> Option<T>) -> Option<Vec<T>> {
    match v {
        Value::Array(items) | Value::Tuple(items) => items.iter().map(|mut x| f(&mut x)).collect(),
        _ => None,
    }
}

/// An array (or a tuple) whose items all convert.
impl<T: FromValue> FromValue for Vec<T> {
    const EXPECTED: &'static str = "an array";
    fn from_value(v: &mut Value) -> Option<Self> {
        items_from(v, T::from_value)
    }
    fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
        items_from(v, |x| T::from_value_in(x, types))
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::array(self.into_iter().map(T::into_value).collect())
    }
    fn into_value_in(self, types: &TypeTable) -> Value {
        Value::array(self.into_iter().map(|x| x.into_value_in(types)).collect())
    }
}

/// nil is `None`; anything else converts as `T`.
impl<T: FromValue> FromValue for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn from_value(v: &mut Value) -> Option<Self> {
        if v.is_nil() {
            return Some(None);
        }
        T::from_value(v).map(Some)
    }
    fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
        if v.is_nil() {
            return Some(None);
        }
        T::from_value_in(v, types).map(Some)
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::Nil, IntoValue::into_value)
    }
    fn into_value_in(self, types: &TypeTable) -> Value {
        self.map_or(Value::Nil, |x| x.into_value_in(types))
    }
}

/// Simple's `Ok(v)` / `Err(e)`.
impl<T: FromValue, E: FromValue> FromValue for Result<T, E> {
    const EXPECTED: &'static str = "a result (`Ok` or `Err`)";
    fn from_value(v: &mut Value) -> Option<Self> {
        let (ok, inner) = v.as_result()?;
        let mut inner = inner.clone();
        Some(if ok {
            Ok(T::from_value(&mut inner)?)
        } else {
            Err(E::from_value(&mut inner)?)
        })
    }
    fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
        let (ok, inner) = v.as_result()?;
        let mut inner = inner.clone();
        Some(if ok {
            Ok(T::from_value_in(&mut inner, types)?)
        } else {
            Err(E::from_value_in(&mut inner, types)?)
        })
    }
}

/// A Rust `Result` that converts into Simple's `Ok(v)` / `Err(e)`.
///
/// `Result` itself does not implement [`IntoValue`]: a host function that
/// returns a `Result` raises its `Err` as a runtime error. Wrap it to hand
/// the program a value it can `match` on instead.
#[derive(Clone, Debug, PartialEq)]
pub struct SimpleResult<T, E>(pub Result<T, E>);

impl<T: IntoValue, E: IntoValue> IntoValue for SimpleResult<T, E> {
    fn into_value(self) -> Value {
        match self.0 {
            Ok(v) => Value::ok(v.into_value()),
            Err(e) => Value::err(e.into_value()),
        }
    }
    fn into_value_in(self, types: &TypeTable) -> Value {
        match self.0 {
            Ok(v) => Value::ok(v.into_value_in(types)),
            Err(e) => Value::err(e.into_value_in(types)),
        }
    }
}

impl<T: FromValue, E: FromValue> FromValue for SimpleResult<T, E> {
    const EXPECTED: &'static str = "a result (`Ok` or `Err`)";
    fn from_value(v: &mut Value) -> Option<Self> {
        Result::from_value(v).map(SimpleResult)
    }
    fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
        Result::from_value_in(v, types).map(SimpleResult)
    }
}

fn entries_from<K: FromValue, V: FromValue>(
    v: &mut Value,
    types: Option<&TypeTable>,
) -> Option<Vec<(K, V)>> {
    let Value::Dict(d) = v else { return None };
    d.iter()
        .map(|(k, x)| {
            let (mut k, mut x) = (k.value().clone(), x.clone());
            Some(match types {
                Some(t) => (K::from_value_in(&mut k, t)?, V::from_value_in(&mut x, t)?),
                None => (K::from_value(&mut k)?, V::from_value(&mut x)?),
            })
        })
        .collect()
}

/// Keys that cannot be dict keys (floats, arrays, ...) are left out.
pub(crate) fn dict_of(entries: impl Iterator<Item = (Value, Value)>) -> Value {
    let mut d = Dict::new();
    for (k, v) in entries {
        if let Some(k) = DictKey::new(k) {
            d.insert(k, v);
        }
    }
    Value::Dict(Rc::new(d))
}

macro_rules! map_conversions {
    ($map:ident, $($bound:path),*) => {
        impl<K: FromValue $(+ $bound)*, V: FromValue> FromValue for $map<K, V> {
            const EXPECTED: &'static str = "a dict";
            fn from_value(v: &mut Value) -> Option<Self> {
                entries_from(v, None).map(|e| e.into_iter().collect())
            }
            fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
                entries_from(v, Some(types)).map(|e| e.into_iter().collect())
            }
        }

        /// Keys that cannot be dict keys (floats, arrays, ...) are left out.
        impl<K: IntoValue, V: IntoValue> IntoValue for $map<K, V> {
            fn into_value(self) -> Value {
                dict_of(self.into_iter().map(|(k, v)| (k.into_value(), v.into_value())))
            }
            fn into_value_in(self, types: &TypeTable) -> Value {
                dict_of(
                    self.into_iter()
                        .map(|(k, v)| (k.into_value_in(types), v.into_value_in(types))),
                )
            }
        }
    };
}

map_conversions!(HashMap, Eq, Hash);
map_conversions!(BTreeMap, Ord);

macro_rules! tuple_conversions {
    ($n:expr; $($t:ident $i:tt),*) => {
        /// A tuple (or an array) of exactly this many items.
        impl<$($t: FromValue),*> FromValue for ($($t,)*) {
            const EXPECTED: &'static str = concat!("a tuple of ", stringify!($n));
            fn from_value(v: &mut Value) -> Option<Self> {
                let mut items = items_from(v, |x| Some(std::mem::take(x)))?;
                if items.len() != $n {
                    return None;
                }
                Some(($($t::from_value(&mut items[$i])?,)*))
            }
            fn from_value_in(v: &mut Value, types: &TypeTable) -> Option<Self> {
                let mut items = items_from(v, |x| Some(std::mem::take(x)))?;
                if items.len() != $n {
                    return None;
                }
                Some(($($t::from_value_in(&mut items[$i], types)?,)*))
            }
        }

        impl<$($t: IntoValue),*> IntoValue for ($($t,)*) {
            fn into_value(self) -> Value {
                Value::tuple(vec![$(self.$i.into_value()),*])
            }
            fn into_value_in(self, types: &TypeTable) -> Value {
                Value::tuple(vec![$(self.$i.into_value_in(types)),*])
            }
        }

        impl<$($t: IntoValue),*> IntoArgs for ($($t,)*) {
            fn into_args(self) -> Vec<Value> {
                vec![$(self.$i.into_value()),*]
            }
            fn into_args_in(self, types: &TypeTable) -> Vec<Value> {
                vec![$(self.$i.into_value_in(types)),*]
            }
        }
    };
}

tuple_conversions!(1; A 0);
tuple_conversions!(2; A 0, B 1);
tuple_conversions!(3; A 0, B 1, C 2);
tuple_conversions!(4; A 0, B 1, C 2, D 3);
tuple_conversions!(5; A 0, B 1, C 2, D 3, E 4);
tuple_conversions!(6; A 0, B 1, C 2, D 3, E 4, F 5);

/// The arguments of [`crate::Interpreter::call`]: a tuple of values that
/// convert ([`IntoValue`]), `()` for none, or a `Vec<Value>`.
pub trait IntoArgs {
    fn into_args(self) -> Vec<Value>;
    #[doc(hidden)]
    fn into_args_in(self, _types: &TypeTable) -> Vec<Value>
    where
        Self: Sized,
    {
        self.into_args()
    }
}

impl IntoArgs for () {
    fn into_args(self) -> Vec<Value> {
        Vec::new()
    }
}

impl IntoArgs for Vec<Value> {
    fn into_args(self) -> Vec<Value> {
        self
    }
}

/// The fields `names` of a struct, class instance or dict, for
/// [`crate::host_struct!`]. With the program's types, a struct's fields are
/// found by name; without, by position (the count must match).
#[doc(hidden)]
pub fn struct_fields(v: &Value, types: Option<&TypeTable>, names: &[&str]) -> Option<Vec<Value>> {
    let by_instance = |inst: &Instance| -> Option<Vec<Value>> {
        match types {
            Some(t) => {
                let info = t.get(inst.ty);
                names
                    .iter()
                    .map(|n| {
                        let i = info.field_index(Symbol::intern(n))?;
                        inst.fields.get(i).cloned()
                    })
                    .collect()
            }
            None if inst.fields.len() == names.len() => Some(inst.fields.to_vec()),
            None => None,
        }
    };
    match v {
        Value::Struct(inst) => by_instance(inst),
        Value::Object(obj) => by_instance(&*obj.try_borrow().ok()?),
        Value::Dict(d) => names
            .iter()
            .map(|n| d.get(&DictKey::new(Value::text(*n))?).cloned())
            .collect(),
        _ => None,
    }
}

/// A host struct as a Simple value: an instance of the program's struct (or
/// class) of the same name when there is one (fields it lacks are nil),
/// otherwise a dict of the fields.
#[doc(hidden)]
pub fn struct_value(types: Option<&TypeTable>, name: &str, fields: Vec<(&str, Value)>) -> Value {
    if let Some(t) = types
        && let Some(ty) = t.find_struct(name)
    {
        let info = t.get(ty);
        let mut fields = fields;
        let values = info
            .fields
            .iter()
            .map(|f| {
                fields
                    .iter_mut()
                    .find(|(n, _)| *n == f.as_str())
                    .map(|(_, v)| std::mem::take(v))
                    .unwrap_or(Value::Nil)
            })
            .collect();
        let inst = Instance { ty, fields: values };
        return match info.kind {
            TypeKind::Class => Value::Object(Rc::new(RefCell::new(inst))),
            _ => Value::Struct(Rc::new(inst)),
        };
    }
    dict_of(fields.into_iter().map(|(n, v)| (Value::text(n), v)))
}

/// Converts a Rust struct to and from a Simple struct with the same name and
/// field names.
///
/// With `struct`, it declares the Rust struct too; without, it implements
/// the conversions for a struct declared elsewhere. Going to Simple, the
/// value is an instance of the program's struct of that name (a dict of the
/// fields when the program declares none); coming from Simple, a struct,
/// class instance or dict with those fields converts.
///
/// ```
/// use simple_interp::{Interpreter, host_struct};
/// host_struct!(#[derive(Debug, PartialEq)] pub struct Point { x: i64, y: i64 });
///
/// let mut interp = Interpreter::new();
/// interp.eval("<doc>", "struct Point:\n    x: i64\n    y: i64\nfn flip(p: Point) -> Point:\n    Point(x: p.y, y: p.x)").unwrap();
/// let p: Point = interp.call("flip", (Point { x: 1, y: 2 },)).unwrap();
/// assert_eq!(p, Point { x: 2, y: 1 });
/// ```
#[macro_export]
macro_rules! host_struct {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($fvis:vis $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        $vis struct $name { $($fvis $field: $ty),* }
        $crate::host_struct!($name { $($field: $ty),* });
    };
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        impl $crate::FromValue for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name));
            fn from_value(v: &mut $crate::Value) -> Option<Self> {
                let fields = $crate::__private::struct_fields(v, None, &[$(stringify!($field)),*])?;
                let mut it = fields.into_iter();
                Some($name { $($field: <$ty as $crate::FromValue>::from_value(&mut it.next()?)?),* })
            }
            fn from_value_in(v: &mut $crate::Value, types: &$crate::__private::TypeTable) -> Option<Self> {
                let fields = $crate::__private::struct_fields(v, Some(types), &[$(stringify!($field)),*])?;
                let mut it = fields.into_iter();
                Some($name { $($field: <$ty as $crate::FromValue>::from_value_in(&mut it.next()?, types)?),* })
            }
        }
        impl $crate::IntoValue for $name {
            fn into_value(self) -> $crate::Value {
                $crate::__private::struct_value(None, stringify!($name), vec![
                    $((stringify!($field), $crate::IntoValue::into_value(self.$field))),*
                ])
            }
            fn into_value_in(self, types: &$crate::__private::TypeTable) -> $crate::Value {
                $crate::__private::struct_value(Some(types), stringify!($name), vec![
                    $((stringify!($field), $crate::IntoValue::into_value_in(self.$field, types))),*
                ])
            }
        }
    };
}

/// The text `print` shows. Without the program's types at hand, the names
/// of struct and enum types are placeholders; [`crate::Interpreter::display`]
/// shows them.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::value::DisplayValue(self, None).fmt(f)
    }
}
