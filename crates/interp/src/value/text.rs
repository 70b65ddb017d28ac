//! Texts: short ones inline in the value, long ones shared.
//!
//! [`Str`] is 15 bytes with alignment 1, so `Value::Text(Str)` still fits
//! the 16-byte `Value` (the tag takes the first byte). Texts of up to 14
//! bytes — most names, keys, words and numbers — live inline and need no
//! allocation; longer ones are an `Rc<String>` (shared, copy-on-write, and
//! appended to in place when not shared).
//!
//! Layout (a `#[repr(C)]` union, alignment 1): byte 0 is the inline length
//! (0..=14) or `HEAP`; inline bytes follow it; for a heap text, byte 1 says
//! whether the text is all ASCII (so that indexing by character position is
//! a byte index, without scanning the text each time), and bytes 7..15 hold
//! the `Rc<String>` pointer, stored and loaded as a pointer (unaligned,
//! since a `Str` may sit anywhere), so it keeps its provenance.

use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::rc::Rc;

const INLINE: usize = 14;
const HEAP: u8 = 0xFF;

pub struct Str {
    repr: Repr,
    /// A `Str` may own an `Rc`: it is neither `Send` nor `Sync`.
    _owns: PhantomData<Rc<String>>,
}

#[derive(Clone, Copy)]
#[repr(C)]
union Repr {
    /// Byte 0 is the length (or `HEAP`), then the text. Always fully
    /// initialized for an inline text.
    inline: [u8; 15],
    heap: Heap,
}

/// A heap text: the `HEAP` tag, whether the text is all ASCII (1 or 0),
/// then (unaligned) the pointer that `Rc::into_raw` made.
#[derive(Clone, Copy)]
#[repr(C, packed)]
struct Heap {
    tag: u8,
    ascii: u8,
    _gap: [u8; 5],
    ptr: *const String,
}

const _: () = assert!(std::mem::size_of::<Str>() == 15 && std::mem::align_of::<Str>() == 1);

impl Str {
    pub fn new(s: &str) -> Str {
        if s.len() <= INLINE {
            Str::inline(s)
        } else {
            Str::heap(Rc::new(s.to_owned()))
        }
    }

    pub fn from_string(s: String) -> Str {
        if s.len() <= INLINE {
            Str::inline(&s)
        } else {
            Str::heap(Rc::new(s))
        }
    }

    /// The one-character text of an ASCII byte (`s[i]` on an ASCII
    /// text): built inline, without a copy loop.
    #[inline(always)]
    pub fn ascii_char(b: u8) -> Str {
        debug_assert!(b.is_ascii());
        let mut bytes = [0u8; 15];
        bytes[0] = 1;
        bytes[1] = b;
        Str {
            repr: Repr { inline: bytes },
            _owns: PhantomData,
        }
    }

    fn inline(s: &str) -> Str {
        debug_assert!(s.len() <= INLINE);
        let mut bytes = [0u8; 15];
        bytes[0] = s.len() as u8;
        bytes[1..1 + s.len()].copy_from_slice(s.as_bytes());
        Str {
            repr: Repr { inline: bytes },
            _owns: PhantomData,
        }
    }

    fn heap(rc: Rc<String>) -> Str {
        // One scan when the text is made (which copied or built it anyway)
        // instead of one per character lookup.
        let ascii = rc.is_ascii() as u8;
        Str {
            repr: Repr {
                heap: Heap {
                    tag: HEAP,
                    ascii,
                    _gap: [0; 5],
                    ptr: Rc::into_raw(rc),
                },
            },
            _owns: PhantomData,
        }
    }

    /// Whether the text is all ASCII, so that character positions are byte
    /// positions. Constant time (it shadows `str::is_ascii`, which scans).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        if self.is_heap() {
            // SAFETY: a heap text's `Heap` form is initialized
            // (`Str::heap`), and `ascii` is a plain byte kept up to date by
            // every change of the text (`push_str`).
            unsafe { self.repr.heap.ascii != 0 }
        } else {
            self.inline_bytes().is_ascii()
        }
    }

    /// Whether both are the same heap text (one shared `String`).
    #[inline]
    pub fn same_storage(&self, other: &Str) -> bool {
        self.is_heap() && other.is_heap() && std::ptr::eq(self.heap_ptr(), other.heap_ptr())
    }

    /// The length in characters.
    #[inline]
    pub fn char_len(&self) -> usize {
        if self.is_ascii() {
            self.len()
        } else {
            self.as_str().chars().count()
        }
    }

    /// Byte 0: the inline length or `HEAP`.
    #[inline(always)]
    fn tag(&self) -> u8 {
        // SAFETY: byte 0 is initialized in both forms (`inline[0]`,
        // `Heap::tag`) and is a plain byte in both.
        unsafe { self.repr.heap.tag }
    }

    /// Whether the text is shared storage (an `Rc`) rather than bytes
    /// inside the value: an inline text owns nothing, and a bitwise copy
    /// of it is a complete clone (`Value::clone` relies on that).
    #[inline(always)]
    pub(crate) fn is_heap(&self) -> bool {
        self.tag() == HEAP
    }

    /// The `Rc<String>` pointer of a heap text.
    #[inline(always)]
    fn heap_ptr(&self) -> *const String {
        debug_assert!(self.is_heap());
        // SAFETY: a heap text's `Heap` form is initialized (`Str::heap`);
        // the packed field is read by value (an unaligned load).
        unsafe { self.repr.heap.ptr }
    }

    /// The inline bytes (length byte excluded) of an inline text.
    #[inline(always)]
    fn inline_bytes(&self) -> &[u8] {
        debug_assert!(!self.is_heap());
        // SAFETY: an inline text's bytes are all initialized (`inline`).
        let bytes = unsafe { &self.repr.inline };
        &bytes[1..1 + bytes[0] as usize]
    }

    /// The heap text, borrowed as an `Rc` without touching its count.
    fn heap_rc(&self) -> ManuallyDrop<Rc<String>> {
        // SAFETY: a heap `Str` owns one strong count of this pointer, made
        // by `Rc::into_raw`; ManuallyDrop keeps this view from releasing it.
        ManuallyDrop::new(unsafe { Rc::from_raw(self.heap_ptr()) })
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        if self.is_heap() {
            // SAFETY: the pointer is a live `Rc<String>` this `Str` holds a
            // count of, so the String outlives `&self`.
            unsafe { (*self.heap_ptr()).as_str() }
        } else {
            // SAFETY: inline bytes are always copied from a `&str` (and
            // appended to at character boundaries).
            unsafe { std::str::from_utf8_unchecked(self.inline_bytes()) }
        }
    }

    /// Appends, in place when this text is inline with room or is a heap
    /// text nobody else holds; otherwise into a new text.
    pub fn push_str(&mut self, s: &str) {
        if !self.is_heap() {
            let len = self.tag() as usize;
            if len + s.len() <= INLINE {
                // SAFETY: an inline text's bytes are all initialized, and
                // writing bytes keeps it so.
                let bytes = unsafe { &mut self.repr.inline };
                bytes[1 + len..1 + len + s.len()].copy_from_slice(s.as_bytes());
                bytes[0] = (len + s.len()) as u8;
                return;
            }
        } else {
            let mut rc = self.heap_rc();
            if let Some(text) = Rc::get_mut(&mut rc) {
                // The count is one: this is the only reference, and the
                // String may be changed in place.
                text.push_str(s);
                if !s.is_ascii() {
                    // (Writing a plain byte of the union needs no unsafe.)
                    self.repr.heap.ascii = 0;
                }
                return;
            }
        }
        let mut grown = String::with_capacity((self.len() + s.len()).max(32));
        grown.push_str(self.as_str());
        grown.push_str(s);
        *self = Str::heap(Rc::new(grown));
    }
}

impl Clone for Str {
    #[inline]
    fn clone(&self) -> Str {
        if self.is_heap() {
            // SAFETY: the pointer is a live Rc this Str holds a count of.
            unsafe { Rc::increment_strong_count(self.heap_ptr()) };
        }
        Str {
            repr: self.repr,
            _owns: PhantomData,
        }
    }
}

impl Drop for Str {
    fn drop(&mut self) {
        if self.is_heap() {
            // SAFETY: releases the one count this Str holds.
            drop(unsafe { Rc::from_raw(self.heap_ptr()) });
        }
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap() {
        let short = Str::new("hello");
        assert_eq!(&*short, "hello");
        let long = Str::new("a text longer than fourteen bytes");
        assert_eq!(&*long, "a text longer than fourteen bytes");
        let copy = long.clone();
        drop(long);
        assert_eq!(&*copy, "a text longer than fourteen bytes");
        assert_eq!(std::mem::size_of::<Str>(), 15);
    }

    #[test]
    fn ascii_is_known_and_kept_up_to_date() {
        let mut t = Str::new("a text longer than fourteen bytes");
        assert!(t.is_ascii() && t.char_len() == 33);
        let copy = t.clone();
        t.push_str("é");
        assert!(!t.is_ascii() && t.char_len() == 34);
        assert!(copy.is_ascii());
        t.push_str("x");
        assert!(!t.is_ascii());
        let mut u = Str::new("an ascii text that is long");
        u.push_str("!!");
        assert!(u.is_ascii() && u.char_len() == 28);
        let short = Str::new("héllo");
        assert!(!short.is_ascii() && short.char_len() == 5);
        assert!(Str::new("hello").is_ascii());
        assert!(!Str::from_string("ü".repeat(20)).is_ascii());
    }

    #[test]
    fn push_grows_and_keeps_shared_copies() {
        let mut a = Str::new("12345678901234");
        let before = a.clone();
        a.push_str("5");
        assert_eq!(&*a, "123456789012345");
        assert_eq!(&*before, "12345678901234");
        let shared = a.clone();
        a.push_str("xyz");
        assert_eq!(&*a, "123456789012345xyz");
        assert_eq!(&*shared, "123456789012345");
        let mut unique = Str::new("unique text that is long");
        unique.push_str("!");
        assert_eq!(&*unique, "unique text that is long!");
        let mut e = Str::new("");
        e.push_str("é");
        assert_eq!(&*e, "é");
    }
}
