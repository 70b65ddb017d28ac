//! Runtime values.
//!
//! [`Value`] is 16 bytes: a tag and one 8-byte payload. Everything bigger
//! lives behind an `Rc`. Texts, arrays, dicts, tuples, structs and enum values
//! have value semantics implemented as copy-on-write: copying a value copies
//! the pointer, and mutation goes through `Rc::make_mut`, which copies the
//! shared storage only when someone else still holds it. Class instances are
//! the one reference type (`Rc<RefCell<..>>`).

mod dict;
mod display;
mod drop;
mod list;
mod order;
mod text;
mod view;
pub use order::{compare, values_equal};

use std::cell::RefCell;
use std::rc::Rc;

pub use dict::{Dict, DictKey};
pub use display::{DisplayValue, format_float, int_digits, write_debug, write_display};
pub(crate) use drop::drop_children;
pub use list::List;
pub use text::Str;
pub use view::{ByteView, ViewSource, fnv1a};

/// The error for a change to a value `freeze` made unchangeable.
#[cold]
pub(crate) fn frozen_error<T>(kind: &str) -> crate::error::Eval<T> {
    crate::error::fail(format!(
        "cannot change a frozen {kind}: `unfreeze(x)` gives a changeable copy"
    ))
}

/// `freeze(v)` (`frozen`) or `unfreeze(v)`: `v` with every array, dict and
/// set in it, nested ones included, frozen (or not). Storage is copied only
/// where a flag changes.
pub(crate) fn set_frozen(v: Value, frozen: bool) -> Value {
    guarded(|| match v {
        Value::Array(mut a) => {
            if a.is_frozen() != frozen || a.iter().any(|x| holds_container(&x)) {
                let list = Rc::make_mut(&mut a);
                if list.iter().any(|x| holds_container(&x)) {
                    for x in list.values_mut() {
                        let item = std::mem::take(x);
                        *x = set_frozen(item, frozen);
                    }
                }
                list.set_frozen(frozen);
            }
            Value::Array(a)
        }
        Value::Tuple(t) if t.iter().any(|x| holds_container(&x)) => {
            Value::tuple(t.iter().map(|x| set_frozen(x, frozen)).collect())
        }
        Value::Dict(mut d) => {
            if d.is_frozen() != frozen || d.values().any(holds_container) {
                let dict = Rc::make_mut(&mut d);
                let keys: Vec<DictKey> = dict.keys().cloned().collect();
                for k in keys {
                    if let Some(x) = dict.get_mut(&k)
                        && holds_container(x)
                    {
                        let item = std::mem::take(x);
                        *x = set_frozen(item, frozen);
                    }
                }
                dict.set_frozen(frozen);
            }
            Value::Dict(d)
        }
        Value::Set(mut d) => {
            if d.is_frozen() != frozen {
                Rc::make_mut(&mut d).set_frozen(frozen);
            }
            Value::Set(d)
        }
        other => other,
    })
}

/// Whether `freeze` has anything to do inside `v`.
fn holds_container(v: &Value) -> bool {
    matches!(
        v,
        Value::Array(_) | Value::Dict(_) | Value::Set(_) | Value::Tuple(_)
    )
}

/// Whether `v` is an array, dict or set that `freeze` made unchangeable.
pub(crate) fn is_frozen(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_frozen(),
        Value::Dict(d) | Value::Set(d) => d.is_frozen(),
        _ => false,
    }
}

/// Grows the native stack when a walk over values (equality, ordering, dict
/// key hashing and comparison) recurses into deeply nested values.
pub(crate) fn guarded<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

use crate::function::{Closure, FnDef, NativeFn};

/// Call arguments, inline for the common small counts.
pub type ArgBuf = smallvec::SmallVec<[Value; 4]>;

/// Index of a struct, class or enum in the program's type table.
pub type TypeId = u32;

/// `#[repr(u8)]` fixes the layout (a tag byte at offset 0, each variant's
/// fields after it as in a `#[repr(C)]` struct): `Ret` (`function.rs`)
/// builds and reads values by those rules. Tag 255 is reserved for `Ret`'s
/// control signals.
#[derive(Default)]
#[repr(u8)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Inline up to 14 bytes, shared beyond (see `text.rs`).
    Text(Str),
    /// A compact byte buffer (one allocation of bytes).
    Bytes(Rc<Vec<u8>>),
    /// A read-only window onto borrowed bytes (a staged file's mapping, a
    /// byte buffer): indexes, slices and iterates like bytes, copies
    /// nothing (see `view.rs`).
    View(Rc<ByteView>),
    Array(Rc<List>),
    Tuple(Rc<List>),
    Dict(Rc<Dict>),
    Range(Rc<RangeObj>),
    /// A struct instance (value semantics).
    Struct(Rc<Instance>),
    /// A class instance (reference semantics: all names see one object).
    Object(Rc<RefCell<Instance>>),
    /// An enum value with a payload (also `Ok(v)` and `Err(e)`).
    Variant(Rc<VariantObj>),
    /// An enum value without payload: (enum type, variant index).
    UnitVariant(TypeId, u32),
    /// A named function or a method, with no captured values.
    Function(Rc<FnDef>),
    /// A lambda (or nested fn) with the values it captured.
    Closure(Rc<Closure>),
    /// A built-in function or a host (extern) function.
    Native(Rc<NativeFn>),
    /// A method taken from a value without calling it (`p.norm`).
    Bound(Rc<BoundMethod>),
    /// A struct, class or enum type used as a value (`Point`, `Shape`).
    Type(TypeId),
    /// An imported module used as a value (`fs` after `use std.io.fs`).
    Module(u32),
    /// A Rust value the host handed over (reference semantics; see
    /// `host_type.rs`).
    Host(Rc<crate::host_type::HostObject>),
    /// A `u64` above `i64::MAX` (smaller unsigned values are `Int`s): made
    /// by `u64` literals and `as u64`; compares and prints as unsigned.
    U64(u64),
    /// A set: its elements are the keys of a dict whose values are nil
    /// (so the same kinds as dict keys, iterated in sorted order).
    Set(Rc<Dict>),
    /// A module-level binding whose declaration has not run yet. Never
    /// visible to programs: reading it is an error.
    Undefined,
}

impl Clone for Value {
    /// Scalars copy inline (reading a variable is on every hot path); the
    /// rest takes the out-of-line path.
    #[inline(always)]
    fn clone(&self) -> Value {
        if self.owns_heap() {
            self.clone_slow()
        } else {
            // SAFETY: a value that owns nothing is plain data; a bitwise
            // copy is a complete clone of it.
            unsafe { read_words(self) }
        }
    }
}

impl Value {
    #[inline(never)]
    fn clone_slow(&self) -> Value {
        match self {
            Value::Nil => Value::Nil,
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::Text(s) => Value::Text(s.clone()),
            Value::Bytes(r) => Value::Bytes(Rc::clone(r)),
            Value::View(r) => Value::View(Rc::clone(r)),
            Value::Array(r) => Value::Array(Rc::clone(r)),
            Value::Tuple(r) => Value::Tuple(Rc::clone(r)),
            Value::Dict(r) => Value::Dict(Rc::clone(r)),
            Value::Range(r) => Value::Range(Rc::clone(r)),
            Value::Struct(r) => Value::Struct(Rc::clone(r)),
            Value::Object(r) => Value::Object(Rc::clone(r)),
            Value::Variant(r) => Value::Variant(Rc::clone(r)),
            Value::UnitVariant(t, v) => Value::UnitVariant(*t, *v),
            Value::Function(r) => Value::Function(Rc::clone(r)),
            Value::Closure(r) => Value::Closure(Rc::clone(r)),
            Value::Native(r) => Value::Native(Rc::clone(r)),
            Value::Bound(r) => Value::Bound(Rc::clone(r)),
            Value::Type(t) => Value::Type(*t),
            Value::Module(m) => Value::Module(*m),
            Value::Host(r) => Value::Host(Rc::clone(r)),
            Value::Set(r) => Value::Set(Rc::clone(r)),
            Value::U64(u) => Value::U64(*u),
            Value::Undefined => Value::Undefined,
        }
    }

    /// Whether dropping this value releases anything (a scalar does not,
    /// nor does a short text, which lives inside the value).
    #[inline(always)]
    pub(crate) fn owns_heap(&self) -> bool {
        match self {
            Value::Nil
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::U64(_)
            | Value::UnitVariant(..)
            | Value::Type(_)
            | Value::Module(_)
            | Value::Undefined => false,
            Value::Text(s) => s.is_heap(),
            _ => true,
        }
    }

    /// Drops a value nobody needs (a statement's result), without calling
    /// the drop glue when it is a scalar.
    #[inline(always)]
    pub(crate) fn discard(self) {
        if self.owns_heap() {
            drop(self);
        } else {
            std::mem::forget(self);
        }
    }

    /// `*self = v`, without calling the drop glue when the old value is a
    /// scalar (the common case in loops).
    #[inline(always)]
    pub(crate) fn overwrite(&mut self, v: Value) {
        if self.owns_heap() {
            *self = v;
        } else {
            // SAFETY: the old value holds nothing to release, so skipping
            // its drop loses nothing.
            unsafe { std::ptr::write(self, v) }
        }
    }
}

/// Writes `v` to `dst` as two 8-byte stores, without dropping what was
/// there.
///
/// A value that comes back from a step sits in two registers; the plain
/// move (`ptr::write`, `Vec::push`) spills them with two 8-byte stores and
/// copies the 16 bytes with one load, which must wait for both stores to
/// retire (store-to-load forwarding fails on a wider load). On calls and
/// argument pushes that stall was the largest single cost. (Measured again
/// for issue 11 with `Vec::push`, `ptr::read` and `mem::take` in place of
/// `push_value`, `read_words` and `take_words`: the same instruction
/// counts, but 3-9% more CPU time on closures, dict and shapes, with two
/// thirds of `ArgCodes::push`'s samples on that one load. `overwrite`, on
/// the other hand, is faster with `ptr::write`: sieve -14%.)
///
/// The words are `MaybeUninit<u64>`, which hold any bytes, padding and
/// pointer provenance included, so this is a plain move in two halves.
///
/// # Safety
/// `dst` must be valid for writes and aligned for `Value`.
#[inline(always)]
pub(crate) unsafe fn write_words(dst: *mut Value, v: Value) {
    type Words = [std::mem::MaybeUninit<u64>; 2];
    const _: () = assert!(std::mem::size_of::<Value>() == std::mem::size_of::<Words>());
    // SAFETY: same size; MaybeUninit words hold any bytes (padding too).
    let w = unsafe { std::mem::transmute::<Value, Words>(v) };
    let d = dst.cast::<std::mem::MaybeUninit<u64>>();
    // SAFETY: the caller's promise; `Value` is 8-byte aligned.
    unsafe {
        d.write(w[0]);
        d.add(1).write(w[1]);
    }
}

/// A bitwise copy of `src` made with two 8-byte loads (a 16-byte load
/// would be split up byte by byte when the copy is returned as an `Eval`).
///
/// # Safety
/// The copy must not lead to a double drop: `src` owns nothing, or one
/// of the two is forgotten.
#[inline(always)]
pub(crate) unsafe fn read_words(src: &Value) -> Value {
    type Words = [std::mem::MaybeUninit<u64>; 2];
    let p = (src as *const Value).cast::<std::mem::MaybeUninit<u64>>();
    // SAFETY: `src` is a valid, aligned value of two words.
    unsafe {
        let w: Words = [p.read(), p.add(1).read()];
        std::mem::transmute::<Words, Value>(w)
    }
}

/// Takes the value out of `src` (leaving nil) with two 8-byte loads, the
/// counterpart of [`write_words`] for a value that was just written that
/// way (the `return` value).
#[inline(always)]
pub(crate) fn take_words(src: &mut Value) -> Value {
    type Words = [std::mem::MaybeUninit<u64>; 2];
    let p = (src as *mut Value).cast::<std::mem::MaybeUninit<u64>>();
    // SAFETY: `src` is a valid, aligned value; its bytes are read as two
    // words and become the result, and `src` is then overwritten with nil
    // without being dropped, so the value moves exactly once.
    unsafe {
        let w: Words = [p.read(), p.add(1).read()];
        write_words(src, Value::Nil);
        std::mem::transmute::<Words, Value>(w)
    }
}

/// Pushes `v` with [`write_words`].
#[inline(always)]
pub(crate) fn push_value(stack: &mut Vec<Value>, v: Value) {
    let len = stack.len();
    if len == stack.capacity() {
        stack.reserve(1);
    }
    // SAFETY: there is room for one more value at `len`.
    unsafe {
        write_words(stack.as_mut_ptr().add(len), v);
        stack.set_len(len + 1);
    }
}

/// An integer range: `a..b`, `a..=b`, or `range(a, b, step)`.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeObj {
    pub start: i64,
    /// The end as written (exclusive unless `inclusive`).
    pub end: i64,
    pub inclusive: bool,
    /// Never zero.
    pub step: i64,
}

impl RangeObj {
    pub fn new(start: i64, end: i64, inclusive: bool) -> RangeObj {
        RangeObj {
            start,
            end,
            inclusive,
            step: 1,
        }
    }

    /// The exclusive upper bound as i128 (so `..=i64::MAX` needs no care).
    pub fn end_exclusive(&self) -> i128 {
        self.end as i128 + self.inclusive as i128
    }

    pub fn len(&self) -> i64 {
        let (start, end, step) = (self.start as i128, self.end_exclusive(), self.step as i128);
        let n = if step > 0 {
            (end - start + step - 1).div_euclid(step)
        } else {
            (start - end + (-step) - 1).div_euclid(-step)
        };
        n.clamp(0, i64::MAX as i128) as i64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th element (`i < len()`).
    pub fn get(&self, i: i64) -> i64 {
        (self.start as i128 + i as i128 * self.step as i128) as i64
    }

    pub fn contains(&self, v: i64) -> bool {
        let (v, start, step) = (v as i128, self.start as i128, self.step as i128);
        let in_bounds = if step > 0 {
            v >= start && v < self.end_exclusive()
        } else {
            v <= start && v > self.end_exclusive()
        };
        in_bounds && (v - start) % step == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl Drop for List {
    fn drop(&mut self) {
        drop::drop_children(self.take_values());
    }
}

/// The fields of a struct or class instance, in declaration order.
#[derive(Clone)]
pub struct Instance {
    pub ty: TypeId,
    /// Up to four fields live inside the instance's own allocation.
    pub fields: Fields,
}

/// Field storage: inline for small types (one allocation per instance).
pub type Fields = smallvec::SmallVec<[Value; 4]>;

impl Drop for Instance {
    fn drop(&mut self) {
        drop::drop_children(std::mem::take(&mut self.fields));
    }
}

#[derive(Clone)]
pub struct VariantObj {
    pub ty: TypeId,
    pub variant: u32,
    /// Up to two payload fields live inside the variant's own allocation
    /// (one allocation per value, as for structs).
    pub fields: VariantFields,
}

/// Payload storage of an enum value.
pub type VariantFields = smallvec::SmallVec<[Value; 2]>;

impl Drop for VariantObj {
    fn drop(&mut self) {
        drop::drop_children(std::mem::take(&mut self.fields));
    }
}

#[derive(Clone)]
pub struct BoundMethod {
    pub receiver: Value,
    pub method: BoundKind,
}

/// What a bound method calls.
#[derive(Clone)]
pub enum BoundKind {
    /// A method written in Simple.
    User(Rc<FnDef>),
    /// A built-in method of the receiver's kind, by name.
    Builtin(simple_syntax::Symbol),
}

impl Value {
    /// A text value (an owned `String` is kept without copying).
    pub fn text(s: impl IntoText) -> Value {
        Value::Text(s.into_text())
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(List::from_values(items)))
    }

    /// A set of the given elements (each already checked to be a key).
    pub fn set(items: impl IntoIterator<Item = DictKey>) -> Value {
        Value::Set(Rc::new(
            items.into_iter().map(|k| (k, Value::Nil)).collect(),
        ))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(List::from_values(items)))
    }

    pub fn bytes(data: Vec<u8>) -> Value {
        Value::Bytes(Rc::new(data))
    }

    pub fn view(v: ByteView) -> Value {
        Value::View(Rc::new(v))
    }

    pub fn range(start: i64, end: i64, inclusive: bool) -> Value {
        Value::Range(Rc::new(RangeObj::new(start, end, inclusive)))
    }

    /// `range(start, end, step)` (`step` non-zero).
    pub fn stepped_range(start: i64, end: i64, step: i64) -> Value {
        Value::Range(Rc::new(RangeObj {
            start,
            end,
            inclusive: false,
            step,
        }))
    }

    /// Truthiness: `false`, `nil`, `0`, `0.0`, `""`, `[]`, `{}` (and empty
    /// tuples, byte buffers and ranges) are false; everything else is true.
    #[inline(always)]
    pub fn truthy(&self) -> bool {
        // Conditions are nearly always bools: test that inline, the rest
        // out of line.
        match self {
            Value::Bool(b) => *b,
            other => other.truthy_slow(),
        }
    }

    #[inline(never)]
    fn truthy_slow(&self) -> bool {
        match self {
            Value::Nil | Value::Undefined => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Text(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::View(v) => !v.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.is_empty(),
            Value::Range(r) => !r.is_empty(),
            _ => true,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s.as_str()),
            _ => None,
        }
    }
}

/// What `Value::text` accepts.
pub trait IntoText {
    fn into_text(self) -> Str;
}

impl IntoText for &str {
    fn into_text(self) -> Str {
        Str::new(self)
    }
}

impl IntoText for String {
    fn into_text(self) -> Str {
        Str::from_string(self)
    }
}

impl IntoText for &String {
    fn into_text(self) -> Str {
        Str::new(self)
    }
}

impl IntoText for std::borrow::Cow<'_, str> {
    fn into_text(self) -> Str {
        match self {
            std::borrow::Cow::Borrowed(s) => Str::new(s),
            std::borrow::Cow::Owned(s) => Str::from_string(s),
        }
    }
}

/// The fixed type ids of the built-in enums (`Ok`/`Err`).
pub mod builtin_types {
    use super::TypeId;
    /// `Result`: variant 0 is `Ok(v)`, variant 1 is `Err(e)`.
    pub const RESULT: TypeId = 0;
    pub const OK: u32 = 0;
    pub const ERR: u32 = 1;
    /// How many type ids are reserved for built-ins.
    pub const COUNT: u32 = 1;
}

impl Value {
    pub fn ok(v: Value) -> Value {
        Value::Variant(Rc::new(VariantObj {
            ty: builtin_types::RESULT,
            variant: builtin_types::OK,
            fields: smallvec::smallvec![v],
        }))
    }

    pub fn err(e: Value) -> Value {
        Value::Variant(Rc::new(VariantObj {
            ty: builtin_types::RESULT,
            variant: builtin_types::ERR,
            fields: smallvec::smallvec![e],
        }))
    }

    /// `Some(Ok(v))` → `v` for an `Ok`; `Some(Err(e))` → `e` for an `Err`.
    pub fn as_result(&self) -> Option<(bool, &Value)> {
        match self {
            Value::Variant(v) if v.ty == builtin_types::RESULT => {
                Some((v.variant == builtin_types::OK, &v.fields[0]))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }

    #[test]
    fn truthiness() {
        assert!(!Value::Nil.truthy());
        assert!(!Value::Int(0).truthy());
        assert!(Value::Int(-1).truthy());
        assert!(!Value::text("").truthy());
        assert!(Value::text("a").truthy());
        assert!(!Value::array(vec![]).truthy());
        assert!(!Value::Float(0.0).truthy());
    }
}
