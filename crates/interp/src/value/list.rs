//! The items of an array or tuple, stored compactly when they allow it.
//!
//! A list of bools (the sieve's `[true] * (n + 1)`, flags, masks) is stored
//! one byte per item instead of a 16-byte value each; any other list is a
//! `Vec<Value>`. Storing something that does not fit the compact form turns
//! the list into the general form once (like V8's element kinds or PyPy's
//! list strategies), so the representation is invisible to programs.

use std::borrow::Cow;

use super::Value;

#[derive(Clone)]
enum Repr {
    Values(Vec<Value>),
    Bools(Vec<bool>),
}

/// The items, and whether the list is frozen (`freeze`): a frozen list
/// refuses every change (copies keep the flag; `unfreeze` clears it).
#[derive(Clone)]
pub struct List(Repr, bool);

impl Default for List {
    fn default() -> Self {
        List::of(Repr::Values(Vec::new()))
    }
}

impl List {
    fn of(r: Repr) -> List {
        List(r, false)
    }

    /// Whether `freeze` made this list unchangeable.
    #[inline(always)]
    pub fn is_frozen(&self) -> bool {
        self.1
    }

    pub fn set_frozen(&mut self, frozen: bool) {
        self.1 = frozen;
    }

    pub fn new() -> List {
        List::default()
    }

    /// A general list of `items`.
    pub fn from_values(items: Vec<Value>) -> List {
        List::of(Repr::Values(items))
    }

    /// A list of `items`, compact when every item is a bool (and there are
    /// enough of them for it to matter).
    pub fn from_values_compact(items: Vec<Value>) -> List {
        if items.len() >= 8 && items.iter().all(|v| matches!(v, Value::Bool(_))) {
            List::of(Repr::Bools(
                items
                    .iter()
                    .map(|v| matches!(v, Value::Bool(true)))
                    .collect(),
            ))
        } else {
            List::of(Repr::Values(items))
        }
    }

    /// `copies` repetitions of `self` (the `[x] * n` of arrays).
    pub fn repeat(&self, copies: usize) -> List {
        match &self.0 {
            Repr::Bools(b) => List::of(Repr::Bools(b.repeat(copies))),
            Repr::Values(v) if !v.is_empty() && v.iter().all(|x| matches!(x, Value::Bool(_))) => {
                let one: Vec<bool> = v.iter().map(|x| matches!(x, Value::Bool(true))).collect();
                List::of(Repr::Bools(one.repeat(copies)))
            }
            Repr::Values(v) => {
                let mut out = Vec::with_capacity(v.len() * copies);
                for _ in 0..copies {
                    out.extend(v.iter().cloned());
                }
                List::of(Repr::Values(out))
            }
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Values(v) => v.len(),
            Repr::Bools(b) => b.len(),
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `i`, if in range.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        match &self.0 {
            Repr::Values(v) => v.get(i).cloned(),
            Repr::Bools(b) => b.get(i).map(|x| Value::Bool(*x)),
        }
    }

    /// Replaces the item at `i` (which must be in range).
    #[inline(always)]
    pub fn set(&mut self, i: usize, item: Value) {
        match &mut self.0 {
            Repr::Values(v) => v[i].overwrite(item),
            Repr::Bools(b) => match as_bool(&item) {
                Some(x) => {
                    b[i] = x;
                    std::mem::forget(item);
                }
                None => self.values_mut()[i] = item,
            },
        }
    }

    pub fn push(&mut self, item: Value) {
        match &mut self.0 {
            Repr::Values(v) => v.push(item),
            Repr::Bools(b) => match as_bool(&item) {
                Some(x) => {
                    b.push(x);
                    std::mem::forget(item);
                }
                None => self.values_mut().push(item),
            },
        }
    }

    pub fn pop(&mut self) -> Option<Value> {
        match &mut self.0 {
            Repr::Values(v) => v.pop(),
            Repr::Bools(b) => b.pop().map(Value::Bool),
        }
    }

    pub fn insert(&mut self, i: usize, item: Value) {
        match (&mut self.0, item) {
            (Repr::Bools(b), Value::Bool(x)) => b.insert(i, x),
            (_, item) => self.values_mut().insert(i, item),
        }
    }

    pub fn remove(&mut self, i: usize) -> Value {
        match &mut self.0 {
            Repr::Values(v) => v.remove(i),
            Repr::Bools(b) => Value::Bool(b.remove(i)),
        }
    }

    pub fn extend(&mut self, items: impl IntoIterator<Item = Value>) {
        for item in items {
            self.push(item);
        }
    }

    pub fn clear(&mut self) {
        match &mut self.0 {
            Repr::Values(v) => v.clear(),
            Repr::Bools(b) => b.clear(),
        }
    }

    /// The items, in order (copies of scalars, shared references otherwise).
    pub fn iter(&self) -> ListIter<'_> {
        ListIter {
            list: self,
            next: 0,
        }
    }

    /// The items as values: borrowed when the list is general.
    pub fn values(&self) -> Cow<'_, [Value]> {
        match &self.0 {
            Repr::Values(v) => Cow::Borrowed(v),
            Repr::Bools(b) => Cow::Owned(b.iter().map(|x| Value::Bool(*x)).collect()),
        }
    }

    /// The items as a general vector, converting a compact list once (for
    /// changes that need a `&mut Value` of an item).
    pub fn values_mut(&mut self) -> &mut Vec<Value> {
        if let Repr::Bools(b) = &self.0 {
            self.0 = Repr::Values(b.iter().map(|x| Value::Bool(*x)).collect());
        }
        match &mut self.0 {
            Repr::Values(v) => v,
            Repr::Bools(_) => unreachable!("converted above"),
        }
    }

    pub fn into_values(mut self) -> Vec<Value> {
        std::mem::take(self.values_mut())
    }

    /// A copy of the items `[start, end)`.
    pub fn slice(&self, start: usize, end: usize) -> List {
        match &self.0 {
            Repr::Values(v) => List::of(Repr::Values(v[start..end].to_vec())),
            Repr::Bools(b) => List::of(Repr::Bools(b[start..end].to_vec())),
        }
    }

    /// Takes the general items out for dropping (see `drop.rs`); compact
    /// lists hold nothing that needs it.
    pub(super) fn take_values(&mut self) -> Vec<Value> {
        match &mut self.0 {
            Repr::Values(v) => std::mem::take(v),
            Repr::Bools(_) => Vec::new(),
        }
    }
}

impl FromIterator<Value> for List {
    fn from_iter<T: IntoIterator<Item = Value>>(iter: T) -> List {
        List::of(Repr::Values(iter.into_iter().collect()))
    }
}

impl PartialEq for List {
    fn eq(&self, other: &List) -> bool {
        match (&self.0, &other.0) {
            (Repr::Bools(a), Repr::Bools(b)) => a == b,
            _ => self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b),
        }
    }
}

pub struct ListIter<'a> {
    list: &'a List,
    next: usize,
}

impl Iterator for ListIter<'_> {
    type Item = Value;

    #[inline]
    fn next(&mut self) -> Option<Value> {
        let item = self.list.get(self.next)?;
        self.next += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.list.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for ListIter<'_> {}

/// The bool inside `v`, if it is one. Callers that store the bool then
/// forget `v`, which keeps drop glue off the bool paths.
#[inline(always)]
fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(x) => Some(*x),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bools_stay_compact_until_something_else_arrives() {
        let mut l = List::from_values(vec![Value::Bool(true)]).repeat(10);
        assert!(matches!(l.0, Repr::Bools(_)));
        l.set(3, Value::Bool(false));
        assert_eq!(l.get(3), Some(Value::Bool(false)));
        assert!(matches!(l.0, Repr::Bools(_)));
        l.push(Value::Int(7));
        assert!(matches!(l.0, Repr::Values(_)));
        assert_eq!(l.len(), 11);
        assert_eq!(l.get(10), Some(Value::Int(7)));
        assert_eq!(l.get(3), Some(Value::Bool(false)));
    }
}
