//! Byte views over mapped regions: `rt_view(addr, len, what)` and `rt_view_revoke(view)`.
//!
//! A view (`simple_interp::value::ByteView`) reads memory directly, without taking the
//! table lock and without copying, so the memory must stay readable for as long as any
//! view of it exists. The table guarantees that with a *pin* per mapped region that views
//! borrow:
//!
//! * `rt_view` checks the range like any read (one live mapped region, readable pages
//!   backed by the file) and hands out a view holding the region's pin.
//! * `rt_munmap` of a pinned region revokes its views (every later access through them is
//!   a runtime error naming what was released) and, while views still exist, removes the
//!   region from the table but leaves the pages mapped: the last view dropped unmaps them.
//!   Nothing else can reach those pages meanwhile (they are no longer in the table), and
//!   the address range cannot be reused by a new mapping before it is unmapped.
//! * `rt_mprotect` and `MAP_FIXED` on a region some view still borrows are errors: they
//!   could make the pages unreadable under a view.
//! * `MADV_DONTNEED` (allowed only on private anonymous pages) leaves them readable.
//!
//! The one hazard left is the one every file mapping has: a file truncated by another
//! process while mapped (SIGBUS; see docs/sffi.md).

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use simple_interp::Value;
use simple_interp::{ByteView, ViewSource};

use crate::SffiError;
use crate::region::{Access, Kind, Table, table};

/// Keeps a mapping alive for the views that borrow it; unmaps it when the last view is
/// dropped after the script unmapped it.
#[derive(Debug)]
pub(crate) struct MapKeep {
    addr: usize,
    len: usize,
    unmap_on_drop: AtomicBool,
}

impl Drop for MapKeep {
    fn drop(&mut self) {
        if self.unmap_on_drop.load(Ordering::Acquire) {
            // SAFETY: the region was removed from the table when its unmap was deferred, so
            // nothing but the views (all gone now: this is the last reference) could reach
            // these pages; they are still the mapping `rt_mmap` made (MAP_FIXED is refused
            // while views exist, and the range left the table, so no later call can touch
            // it).
            unsafe { libc::munmap(self.addr as *mut libc::c_void, self.len) };
        }
    }
}

/// The views' hold on one mapped region.
#[derive(Debug)]
pub(crate) struct Pin {
    live: Arc<AtomicBool>,
    keep: Arc<MapKeep>,
}

impl Table {
    /// An error when views still borrow the region starting at `start`.
    pub(crate) fn check_no_views(&self, what: &str, start: usize) -> Result<(), SffiError> {
        match self.pins.get(&start) {
            Some(pin) if Arc::strong_count(&pin.keep) > 1 => Err(SffiError(format!(
                "{what}: views still borrow the mapped region at {start:#x}; release them first \
                 (the region cannot change its pages while a view reads them)"
            ))),
            _ => Ok(()),
        }
    }

    /// Called by `rt_munmap` (with the range checked): revokes the views of the region at
    /// `start`. True when views still hold it, in which case its unmap is deferred to the
    /// last of them and the caller only forgets the region.
    pub(crate) fn revoke_views(&mut self, start: usize) -> bool {
        let Some(pin) = self.pins.remove(&start) else {
            return false;
        };
        pin.live.store(false, Ordering::Relaxed);
        if Arc::strong_count(&pin.keep) > 1 {
            pin.keep.unmap_on_drop.store(true, Ordering::Release);
            return true;
        }
        false
    }
}

/// `rt_view(addr, len, what) -> view`: a zero-copy view of `len` bytes at `addr`, which
/// must lie in one live *mapped* region, readable and backed by its file throughout (the
/// checks of `rt_mem_read`). `what` names the memory in the error a released view gives.
pub fn rt_view(addr: i64, len: i64, what: &str) -> Result<Value, SffiError> {
    let n =
        usize::try_from(len).map_err(|_| SffiError(format!("rt_view: negative length {len}")))?;
    let mut t = table();
    let p = t.check_access("rt_view", addr, n, Access::Read)?;
    let Some((start, r)) = t.containing(p as usize) else {
        return Err(SffiError(format!(
            "rt_view: address {addr:#x} is not in a live region"
        )));
    };
    if r.kind != Kind::Mapped {
        return Err(SffiError(format!(
            "rt_view: address {addr:#x} is in a block made by rt_malloc; views borrow only \
             regions made by rt_mmap (copy with rt_mem_read instead)"
        )));
    }
    let region_len = r.len;
    let pin = t.pins.entry(start).or_insert_with(|| Pin {
        live: Arc::new(AtomicBool::new(true)),
        keep: Arc::new(MapKeep {
            addr: start,
            len: region_len,
            unmap_on_drop: AtomicBool::new(false),
        }),
    });
    // SAFETY: `[p, p + n)` is inside a live mapped region whose pages are readable and
    // backed (checked above, under the lock). The view holds `keep`, and while any holder
    // of `keep` exists the table refuses `mprotect` and `MAP_FIXED` on the region, and
    // `munmap` only revokes and defers the unmap to `MapKeep::drop`; so the pages stay
    // mapped and readable for the view's whole life. (A file truncated underneath by
    // another process raises SIGBUS, the documented hazard of every file mapping.) The
    // interpreter never writes through a view; writes by the script go through checked
    // accessors to the same pages, which is no Rust aliasing violation since the view
    // hands out only copies of single bytes or short-lived slices within one call.
    let src = unsafe {
        ViewSource::new(
            p.cast_const(),
            n,
            Arc::clone(&pin.live),
            Box::new(Arc::clone(&pin.keep)),
            what,
        )
    };
    Ok(Value::view(ByteView::new(Rc::new(src))))
}

/// `rt_view_bytes(data, what) -> view`: a view of a whole byte buffer, sharing it (no
/// copy), named `what` in the error a revoked view gives. Anything but bytes is an error.
pub fn rt_view_bytes(data: Value, what: &str) -> Result<Value, SffiError> {
    match data {
        Value::Bytes(b) => Ok(Value::view(ByteView::new(Rc::new(ViewSource::over_bytes(
            b, what,
        ))))),
        _ => Err(SffiError(
            "rt_view_bytes: the argument is not bytes".to_string(),
        )),
    }
}

/// `rt_view_revoke(view) -> i64`: stops every view made from the same memory as `view`
/// (for a byte buffer staged in memory, where no `rt_munmap` does it); 0. Anything other
/// than a view is an error.
pub fn rt_view_revoke(view: Value) -> Result<i64, SffiError> {
    match view {
        Value::View(v) => {
            v.source().revoke();
            Ok(0)
        }
        _ => Err(SffiError(
            "rt_view_revoke: the argument is not a view".to_string(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{rt_mmap, rt_mprotect, rt_munmap, rt_read_u8, rt_write_u8};

    fn anon(len: i64) -> i64 {
        let prot = (libc::PROT_READ | libc::PROT_WRITE) as i64;
        let flags = (libc::MAP_PRIVATE | libc::MAP_ANONYMOUS) as i64;
        rt_mmap(0, len, prot, flags, -1, 0).unwrap()
    }

    fn bytes_of(v: &Value) -> Result<Vec<u8>, String> {
        match v {
            Value::View(w) => w.bytes().map(<[u8]>::to_vec),
            _ => panic!("not a view"),
        }
    }

    #[test]
    fn views_read_the_region_without_copying() {
        let a = anon(4096);
        rt_write_u8(a + 1, 7).unwrap();
        let v = rt_view(a, 4, "test memory").unwrap();
        assert_eq!(bytes_of(&v).unwrap(), [0, 7, 0, 0]);
        // A write through the checked accessors is seen by the view (same memory).
        rt_write_u8(a + 2, 9).unwrap();
        assert_eq!(bytes_of(&v).unwrap(), [0, 7, 9, 0]);
        drop(v);
        assert_eq!(rt_munmap(a, 4096), Ok(0));
    }

    #[test]
    fn munmap_revokes_and_defers_while_views_live() {
        let a = anon(8192);
        let v = rt_view(a + 4096, 16, "the staged file x").unwrap();
        // mprotect and MAP_FIXED are refused while the view borrows the region.
        let e = rt_mprotect(a, 4096, libc::PROT_NONE as i64).unwrap_err();
        assert!(e.0.contains("views still borrow"), "{e}");
        let flags = (libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED) as i64;
        let e = rt_mmap(a, 4096, libc::PROT_READ as i64, flags, -1, 0).unwrap_err();
        assert!(e.0.contains("views still borrow"), "{e}");
        // munmap succeeds: the region leaves the table, the view is revoked.
        assert_eq!(rt_munmap(a, 8192), Ok(0));
        assert!(rt_read_u8(a).is_err());
        let e = bytes_of(&v).unwrap_err();
        assert!(
            e.contains("view of the staged file x cannot be used"),
            "{e}"
        );
        // The pages stay mapped until the last view goes (no new mapping lands there).
        let mut vec = [0u8; 2];
        // SAFETY: mincore only writes one byte per page into `vec`.
        let mapped = unsafe { libc::mincore(a as *mut libc::c_void, 8192, vec.as_mut_ptr()) };
        assert_eq!(mapped, 0, "still mapped while a view exists");
        // Dropping the last view unmaps them (not checked here: another test thread may
        // map something at the freed address at once).
        drop(v);
        assert!(rt_munmap(a, 8192).is_err(), "unmapping again is an error");
    }

    #[test]
    fn views_are_checked_like_reads() {
        let a = anon(4096);
        assert!(rt_view(a, 4097, "x").is_err());
        // Starting one byte before the region (two bytes, so the range
        // crosses its start even when another test's mapping ends there).
        assert!(rt_view(a - 1, 2, "x").is_err());
        assert!(rt_view(a, -1, "x").is_err());
        assert_eq!(rt_mprotect(a, 4096, libc::PROT_NONE as i64), Ok(0));
        assert!(rt_view(a, 1, "x").is_err());
        let m = crate::rt_malloc(16);
        let e = rt_view(m, 4, "x").unwrap_err();
        assert!(e.0.contains("rt_malloc"), "{e}");
        crate::rt_free(m).unwrap();
        assert_eq!(rt_munmap(a, 4096), Ok(0));
        assert!(rt_view_revoke(Value::Int(1)).is_err());
        assert!(rt_view_bytes(Value::Int(1), "x").is_err());
        let v = rt_view_bytes(Value::bytes(b"ab".to_vec()), "buf").unwrap();
        assert_eq!(bytes_of(&v).unwrap(), b"ab");
        assert_eq!(rt_view_revoke(v.clone()), Ok(0));
        assert!(bytes_of(&v).unwrap_err().contains("view of buf cannot"));
    }
}
