//! Dictionaries: keys are texts, ints, bools or tuples of those, and
//! iteration is in sorted key order (bools, then ints, then texts, then
//! tuples), so a BTreeMap is the natural representation.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::Value;

/// A value that may be used as a dict key. Construct with [`DictKey::new`],
/// which rejects other kinds.
#[derive(Clone)]
pub struct DictKey(Value);

impl DictKey {
    /// `None` when `v` cannot be a key (floats, arrays, structs, ...).
    pub fn new(v: Value) -> Option<DictKey> {
        if is_key(&v) { Some(DictKey(v)) } else { None }
    }

    pub fn value(&self) -> &Value {
        &self.0
    }

    pub fn into_value(self) -> Value {
        self.0
    }
}

fn is_key(v: &Value) -> bool {
    match v {
        Value::Bool(_) | Value::Int(_) | Value::Text(_) => true,
        Value::Tuple(items) => items.iter().all(is_key),
        _ => false,
    }
}

fn kind_rank(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 0,
        Value::Int(_) => 1,
        Value::Text(_) => 2,
        _ => 3,
    }
}

fn key_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Tuple(x), Value::Tuple(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match key_cmp(p, q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        _ => kind_rank(a).cmp(&kind_rank(b)),
    }
}

impl PartialEq for DictKey {
    fn eq(&self, other: &Self) -> bool {
        key_cmp(&self.0, &other.0) == Ordering::Equal
    }
}

impl Eq for DictKey {}

impl PartialOrd for DictKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DictKey {
    fn cmp(&self, other: &Self) -> Ordering {
        key_cmp(&self.0, &other.0)
    }
}

#[derive(Clone, Default)]
pub struct Dict {
    map: BTreeMap<DictKey, Value>,
}

impl Drop for Dict {
    fn drop(&mut self) {
        super::drop::drop_children(std::mem::take(&mut self.map).into_values());
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, key: &DictKey) -> Option<&Value> {
        self.map.get(key)
    }

    pub fn get_mut(&mut self, key: &DictKey) -> Option<&mut Value> {
        self.map.get_mut(key)
    }

    pub fn contains(&self, key: &DictKey) -> bool {
        self.map.contains_key(key)
    }

    pub fn insert(&mut self, key: DictKey, value: Value) -> Option<Value> {
        self.map.insert(key, value)
    }

    pub fn remove(&mut self, key: &DictKey) -> Option<Value> {
        self.map.remove(key)
    }

    pub fn clear(&mut self) {
        self.map.clear()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&DictKey, &Value)> + ExactSizeIterator {
        self.map.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &DictKey> {
        self.map.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.map.values()
    }
}

impl FromIterator<(DictKey, Value)> for Dict {
    fn from_iter<T: IntoIterator<Item = (DictKey, Value)>>(iter: T) -> Dict {
        Dict {
            map: iter.into_iter().collect(),
        }
    }
}
