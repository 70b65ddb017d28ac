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
    #[inline]
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

#[inline]
fn is_key(v: &Value) -> bool {
    match v {
        Value::Bool(_) | Value::Int(_) | Value::Text(_) => true,
        Value::Tuple(items) => super::guarded(|| items.iter().all(|i| is_key(&i))),
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
        (Value::Tuple(x), Value::Tuple(y)) => super::guarded(|| {
            for (p, q) in x.iter().zip(y.iter()) {
                match key_cmp(&p, &q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }),
        _ => kind_rank(a).cmp(&kind_rank(b)),
    }
}

impl PartialEq for DictKey {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a.as_bytes() == b.as_bytes(),
            (a, b) => key_cmp(a, b) == Ordering::Equal,
        }
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
        state.write_u64(key_hash(&self.0))
    }
}

/// Hashes a key. An int keeps its own value in the low bits (which pick
/// the bucket), so nearby ints land in nearby buckets and a loop over
/// sequential keys walks memory in order, as CPython's dicts do; the top
/// bits (which the table uses as a tag) are mixed so tags still differ.
#[inline]
fn key_hash(v: &Value) -> u64 {
    const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
    const TAG_BITS: u64 = 0x7f << 57;
    match v {
        Value::Int(i) => {
            let i = *i as u64;
            (i & !TAG_BITS) ^ (i.wrapping_mul(MIX) & TAG_BITS)
        }
        Value::Text(s) => {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for chunk in s.as_bytes().chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(MIX);
            }
            (h ^ s.len() as u64).wrapping_mul(MIX) ^ (h >> 29)
        }
        Value::Bool(b) => (*b as u64 + 1).wrapping_mul(MIX),
        Value::Tuple(items) => super::guarded(|| {
            let mut h: u64 = 3;
            for item in items.iter() {
                h = (h.rotate_left(7) ^ key_hash(&item)).wrapping_mul(MIX);
            }
            h
        }),
        _ => 0,
    }
}

/// Passes through the hash `DictKey::hash` computed.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
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
    /// Made unchangeable by `freeze` (copies keep it; `unfreeze` clears it).
    frozen: bool,
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

    /// Whether `freeze` made this dict (or set) unchangeable.
    #[inline(always)]
    pub fn is_frozen(&self) -> bool {
        self.frozen
    }

    pub fn set_frozen(&mut self, frozen: bool) {
        self.frozen = frozen;
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
            frozen: false,
        }
    }
}
