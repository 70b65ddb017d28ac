//! Dictionaries: keys are texts, ints, bools or tuples of those, and
//! iteration is in sorted key order (bools, then ints, then texts, then
//! tuples).

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

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
        Value::Tuple(items) => items.iter().all(|i| is_key(&i)),
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
                match key_cmp(&p, &q) {
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

impl std::hash::Hash for DictKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        hash_key(&self.0, state)
    }
}

fn hash_key<H: std::hash::Hasher>(v: &Value, state: &mut H) {
    match v {
        Value::Int(i) => state.write_u64(*i as u64),
        Value::Text(s) => {
            state.write_u8(2);
            state.write(s.as_bytes());
        }
        Value::Bool(b) => state.write_u8(*b as u8 + 10),
        Value::Tuple(items) => {
            state.write_u8(3);
            for item in items.iter() {
                hash_key(&item, state);
            }
        }
        _ => {}
    }
}

/// A fast hasher for dict keys (ints hash by a multiply; texts by bytes).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        // Mix the high bits down: hashbrown uses the top 7 bits as a tag.
        let h = self.0;
        h ^ (h >> 29) ^ (h << 17)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        self.write_u64(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(n as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap = HashMap<DictKey, Value, BuildHasherDefault<KeyHasher>>;

/// A dict: a hash map for lookups, plus the keys in sorted order, computed
/// when first needed and kept until the next change (iteration is in
/// sorted key order).
#[derive(Clone, Default)]
pub struct Dict {
    map: KeyMap,
    order: OnceCell<Vec<DictKey>>,
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

    #[inline]
    pub fn get(&self, key: &DictKey) -> Option<&Value> {
        self.map.get(key)
    }

    pub fn get_mut(&mut self, key: &DictKey) -> Option<&mut Value> {
        self.map.get_mut(key)
    }

    #[inline]
    pub fn contains(&self, key: &DictKey) -> bool {
        self.map.contains_key(key)
    }

    pub fn insert(&mut self, key: DictKey, value: Value) -> Option<Value> {
        match self.map.get_mut(&key) {
            // Replacing a value keeps the key order.
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.order.take();
                self.map.insert(key, value)
            }
        }
    }

    pub fn remove(&mut self, key: &DictKey) -> Option<Value> {
        let removed = self.map.remove(key);
        if removed.is_some() {
            self.order.take();
        }
        removed
    }

    pub fn clear(&mut self) {
        self.order.take();
        self.map.clear()
    }

    fn sorted(&self) -> &[DictKey] {
        self.order.get_or_init(|| {
            let mut keys: Vec<DictKey> = self.map.keys().cloned().collect();
            keys.sort();
            keys
        })
    }

    /// Entries in sorted key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&DictKey, &Value)> + ExactSizeIterator {
        self.sorted().iter().map(|k| (k, &self.map[k]))
    }

    /// Keys in sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &DictKey> {
        self.sorted().iter()
    }

    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }
}

impl FromIterator<(DictKey, Value)> for Dict {
    fn from_iter<T: IntoIterator<Item = (DictKey, Value)>>(iter: T) -> Dict {
        Dict {
            map: iter.into_iter().collect(),
            order: OnceCell::new(),
        }
    }
}
