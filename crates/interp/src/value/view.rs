//! Byte views: a bytes-like value that borrows memory owned by something
//! else (a staged file's mapping, a byte buffer) instead of copying it.
//!
//! A [`ViewSource`] is one borrowed block: a start address, a length, an
//! owner that keeps the block alive (`keep`), and a *live* flag shared with
//! whoever may release the block. A [`ByteView`] is a window
//! `[start, start + len)` into a source; slicing a view makes another window
//! on the same source, so no byte is copied until a method asks for a copy
//! (`to_bytes`, `to_text`, `decode`).
//!
//! Safety rests on one rule, promised by whoever builds a source
//! ([`ViewSource::new`] is `unsafe`): the block stays readable for as long
//! as `keep` is alive. The host crate keeps a mapping mapped while any view
//! of it exists (its `munmap` only revokes the views and defers the unmap),
//! and refuses `mprotect`/`MAP_FIXED` on it; a byte buffer is kept by an
//! `Rc` of it, which copy-on-write never mutates while shared. Releasing the
//! block clears the live flag: every later access through any view of it is
//! a runtime error ("... was released"), never a read of freed memory.
//!
//! This module knows nothing of mappings or region tables: the layer that
//! owns the memory builds the source; values only read through it.

use std::any::Any;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One borrowed block of memory that views read.
pub struct ViewSource {
    base: *const u8,
    len: usize,
    live: Arc<AtomicBool>,
    /// Keeps the block alive; dropped with the last view.
    _keep: Box<dyn Any>,
    /// What the block is, for messages ("the staged file data.bin").
    what: Box<str>,
}

impl ViewSource {
    /// A source over `len` bytes at `base`.
    ///
    /// # Safety
    /// `[base, base + len)` must stay valid for reads, with contents that no
    /// Rust reference mutates, for as long as `keep` is alive, whatever
    /// happens to `live` (clearing it only stops further reads).
    pub unsafe fn new(
        base: *const u8,
        len: usize,
        live: Arc<AtomicBool>,
        keep: Box<dyn Any>,
        what: &str,
    ) -> ViewSource {
        ViewSource {
            base,
            len,
            live,
            _keep: keep,
            what: what.into(),
        }
    }

    /// A source over a byte buffer: the view keeps the buffer alive (the
    /// buffer is never mutated in place while shared: byte values are
    /// copy-on-write).
    pub fn over_bytes(data: Rc<Vec<u8>>, what: &str) -> ViewSource {
        let base = data.as_ptr();
        let len = data.len();
        // SAFETY: the Rc is kept in `keep`; a shared `Rc<Vec<u8>>` is only
        // ever mutated through `Rc::make_mut`, which copies while another
        // reference (ours) exists, so the bytes stay put and unchanged.
        unsafe {
            ViewSource::new(
                base,
                len,
                Arc::new(AtomicBool::new(true)),
                Box::new(data),
                what,
            )
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stops every view of this source from reading it.
    pub fn revoke(&self) {
        self.live.store(false, Ordering::Relaxed);
    }

    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::Relaxed)
    }

    pub fn what(&self) -> &str {
        &self.what
    }
}

/// A window onto a [`ViewSource`].
#[derive(Clone)]
pub struct ByteView {
    src: Rc<ViewSource>,
    start: usize,
    len: usize,
}

impl ByteView {
    /// The whole source.
    pub fn new(src: Rc<ViewSource>) -> ByteView {
        let len = src.len;
        ByteView { src, start: 0, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn source(&self) -> &Rc<ViewSource> {
        &self.src
    }

    /// The offset of this window in its source.
    pub fn offset(&self) -> usize {
        self.start
    }

    /// The bytes, or the error for a released source.
    #[inline]
    pub fn bytes(&self) -> Result<&[u8], String> {
        if !self.src.live.load(Ordering::Relaxed) {
            return Err(self.released());
        }
        // SAFETY: `start + len <= src.len` (every constructor keeps it), and
        // the source's block is readable while `src` (which holds `keep`)
        // is alive, by `ViewSource::new`'s contract.
        Ok(unsafe { std::slice::from_raw_parts(self.src.base.add(self.start), self.len) })
    }

    /// The byte at `i`, or an error: the released error, or `i` out of range
    /// (callers check the range first, for their own message).
    #[inline]
    pub fn byte(&self, i: usize) -> Result<u8, String> {
        if !self.src.live.load(Ordering::Relaxed) {
            return Err(self.released());
        }
        if i >= self.len {
            return Err(format!("index {i} out of range for length {}", self.len));
        }
        // SAFETY: as in `bytes`, and `i < len` was checked above.
        Ok(unsafe { *self.src.base.add(self.start + i) })
    }

    #[cold]
    pub fn released(&self) -> String {
        format!(
            "this view of {} cannot be used: it was released (a view borrows the staged \
             memory and is valid only while it stays staged)",
            self.src.what
        )
    }

    /// `[a, b)` of this window, sharing the source; the bounds are clamped to
    /// the window (`b` to `len`, `a` to `b`), so a sub-view never reaches
    /// past its parent.
    pub fn sub(&self, a: usize, b: usize) -> ByteView {
        let b = b.min(self.len);
        let a = a.min(b);
        ByteView {
            src: Rc::clone(&self.src),
            start: self.start + a,
            len: b - a,
        }
    }
}

/// FNV-1a, 64 bits: the fast, stable hash of `view.hash()` and
/// `bytes.fnv1a()`.
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The bytes of a view, a byte buffer or an array of small ints (for
/// comparisons); `None` for a released view or an array that is not bytes.
fn bytes_of(v: &super::Value) -> Option<std::borrow::Cow<'_, [u8]>> {
    use super::Value;
    use std::borrow::Cow;
    match v {
        Value::View(w) => w.bytes().ok().map(Cow::Borrowed),
        Value::Bytes(b) => Some(Cow::Borrowed(b.as_slice())),
        Value::Array(a) => a
            .iter()
            .map(|x| match x {
                Value::Int(i) => u8::try_from(i).ok(),
                _ => None,
            })
            .collect::<Option<Vec<u8>>>()
            .map(Cow::Owned),
        _ => None,
    }
}

/// `==` between a view and a view, bytes or an array: the same bytes. A
/// released view equals nothing.
pub(crate) fn view_equal(a: &super::Value, b: &super::Value) -> bool {
    matches!((bytes_of(a), bytes_of(b)), (Some(x), Some(y)) if x == y)
}

/// Ordering between views and bytes: lexicographic.
pub(crate) fn view_compare(a: &super::Value, b: &super::Value) -> Option<std::cmp::Ordering> {
    Some(bytes_of(a)?.cmp(&bytes_of(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_share_the_source_and_revoke_together() {
        let src = Rc::new(ViewSource::over_bytes(
            Rc::new(b"hello world".to_vec()),
            "buf",
        ));
        let v = ByteView::new(Rc::clone(&src));
        let w = v.sub(6, 11);
        assert_eq!(w.bytes().unwrap(), b"world");
        assert_eq!(w.sub(1, 3).bytes().unwrap(), b"or");
        assert_eq!(
            w.sub(3, 99).bytes().unwrap(),
            b"ld",
            "clamped to the window"
        );
        assert_eq!(w.sub(9, 4).len(), 0);
        assert!(w.byte(5).is_err());
        assert_eq!(v.byte(4).unwrap(), b'o');
        src.revoke();
        assert!(
            w.bytes()
                .unwrap_err()
                .contains("view of buf cannot be used")
        );
        assert!(v.byte(0).is_err());
    }

    #[test]
    fn fnv1a_known_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
