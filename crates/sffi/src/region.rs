//! The region table: every live region made by `rt_mmap` or `rt_malloc` in this process.
//!
//! This is the only logic in the SFFI crate, and it exists because no Simple code could do
//! it: before any wrapper dereferences a script-supplied address, or hands one to
//! `munmap`/`free`/`mprotect`/`madvise`/`msync`/`mlock`/`munlock`, the address range is
//! checked here. A violation is an [`SffiError`] naming the address — never a segfault and
//! never undefined behaviour.
//!
//! Rules:
//! * `rt_mmap`/`rt_malloc` insert `(start, len, prot, kind)` on success. `len` is the length
//!   the script asked for; memory accesses must stay inside `[start, start + len)`.
//!   Page-granular operations (`mprotect`, `madvise`, …) may use the whole last page, i.e.
//!   `[start, start + round_up(len))`, for mapped regions.
//! * Reads need `PROT_READ` and writes need `PROT_WRITE` on every page they touch; malloc
//!   regions are always read/write. `rt_mprotect` updates the protection of the (page-rounded)
//!   sub-range it changed, so one mapping may have pages with different protections.
//! * `rt_munmap`/`rt_free` remove a region; they only accept an exact live region.
//! * Accesses are performed while the table lock is held, so another thread cannot unmap the
//!   region between the check and the access. `rt_fork` also holds the lock across `fork()`,
//!   so the child's copy of the table is consistent and its lock is free.
//!
//! Everything here is crate-private on purpose: a public way to add a region would let safe
//! code make the accessors dereference arbitrary memory.

use crate::SffiError;
use crate::misc::page_size;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// How a region was made, which decides how it may be released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Made by `rt_mmap`; released by `rt_munmap`.
    Mapped,
    /// Made by `rt_malloc`; released by `rt_free`. Always readable and writable.
    Malloc,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Mapped => "mapped",
            Kind::Malloc => "malloc",
        }
    }
}

/// The access a memory operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

/// A live region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    /// Length the caller asked for, in bytes.
    pub(crate) len: usize,
    pub(crate) kind: Kind,
    /// Protection runs: `(offset, prot)` sorted by offset, the first at offset 0; each run
    /// extends to the next run (or to the end of the page-rounded region). Offsets after the
    /// first are page-aligned.
    pub(crate) prot: Vec<(usize, i32)>,
}

impl Region {
    /// The extent page-granular calls may touch: the length rounded up to whole pages for
    /// mapped regions, the exact length for malloc regions.
    fn extent(&self) -> usize {
        match self.kind {
            Kind::Mapped => round_up(self.len),
            Kind::Malloc => self.len,
        }
    }

    /// The protection at `off`.
    fn prot_at(&self, off: usize) -> i32 {
        let i = self.prot.partition_point(|&(o, _)| o <= off);
        self.prot[i.saturating_sub(1)].1
    }
}

/// Rounds up to a multiple of the page size (saturating; callers reject overflow first).
pub(crate) fn round_up(n: usize) -> usize {
    let p = page_size();
    n.div_ceil(p).saturating_mul(p)
}

const PROT_MASK: i32 = libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC;

/// The table, keyed by start address.
#[derive(Debug, Default)]
pub(crate) struct Table {
    regions: BTreeMap<usize, Region>,
}

static REGIONS: Mutex<Table> = Mutex::new(Table {
    regions: BTreeMap::new(),
});

/// Locks the process-global table. A poisoned lock is recovered: the table is only mutated
/// after the corresponding syscall succeeded, by code that cannot panic half-way.
pub(crate) fn table() -> MutexGuard<'static, Table> {
    REGIONS.lock().unwrap_or_else(|e| e.into_inner())
}

fn prot_names(prot: i32) -> String {
    if prot & PROT_MASK == 0 {
        return "PROT_NONE".to_string();
    }
    let mut v = Vec::new();
    if prot & libc::PROT_READ != 0 {
        v.push("PROT_READ");
    }
    if prot & libc::PROT_WRITE != 0 {
        v.push("PROT_WRITE");
    }
    if prot & libc::PROT_EXEC != 0 {
        v.push("PROT_EXEC");
    }
    v.join("|")
}

/// `"1 byte"`, `"4 bytes"`: sizes in error messages.
fn bytes(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

impl Table {
    /// Records a new region. Called only after the mmap/malloc succeeded.
    pub(crate) fn insert(&mut self, start: usize, len: usize, prot: i32, kind: Kind) {
        let prot = match kind {
            Kind::Mapped => prot & PROT_MASK,
            Kind::Malloc => libc::PROT_READ | libc::PROT_WRITE,
        };
        self.regions.insert(
            start,
            Region {
                len,
                kind,
                prot: vec![(0, prot)],
            },
        );
    }

    /// Forgets the region starting at `start`.
    pub(crate) fn remove(&mut self, start: usize) -> Option<Region> {
        self.regions.remove(&start)
    }

    /// The region starting exactly at `start`.
    #[cfg(test)]
    fn get(&self, start: usize) -> Option<&Region> {
        self.regions.get(&start)
    }

    /// True if there are no live regions.
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// The region containing `addr` (by its page-rounded extent), with its start.
    fn containing(&self, addr: usize) -> Option<(usize, &Region)> {
        let (&start, r) = self.regions.range(..=addr).next_back()?;
        (addr - start <= r.extent()).then_some((start, r))
    }

    /// The first live region overlapping `[start, start + len)`, if any.
    pub(crate) fn overlapping(&self, start: usize, len: usize) -> Option<(usize, &Region)> {
        let end = start.saturating_add(len);
        self.regions
            .range(..=start)
            .next_back()
            .map(|(&s, r)| (s, r))
            .filter(|(s, r)| s + r.extent() > start)
            .or_else(|| self.regions.range(start..end).next().map(|(&s, r)| (s, r)))
    }

    /// Checks that `[addr, addr + size)` lies inside one live region whose pages all allow
    /// `need`, and returns the address as a pointer.
    pub(crate) fn check_access(
        &self,
        who: &str,
        addr: i64,
        size: usize,
        need: Access,
    ) -> Result<*mut u8, SffiError> {
        let outside = || {
            SffiError(format!(
                "{who}: address {addr:#x} ({}) is not inside a live mapped or allocated region",
                bytes(size)
            ))
        };
        let a = usize::try_from(addr).map_err(|_| outside())?;
        let end = a.checked_add(size).ok_or_else(outside)?;
        let (start, r) = self.regions.range(..=a).next_back().ok_or_else(outside)?;
        let region_end = start + r.len;
        if a > region_end || (a == region_end && size > 0) {
            return Err(outside());
        }
        if end > region_end {
            return Err(SffiError(format!(
                "{who}: range {addr:#x}..{end:#x} ({}) runs past the end of the {} \
                 region {start:#x}..{region_end:#x} ({})",
                bytes(size),
                r.kind.describe(),
                bytes(r.len)
            )));
        }
        let (bit, what) = match need {
            Access::Read => (libc::PROT_READ, "readable"),
            Access::Write => (libc::PROT_WRITE, "writable"),
        };
        let (lo, hi) = (a - start, end - start);
        for (i, &(off, prot)) in r.prot.iter().enumerate() {
            let run_end = r.prot.get(i + 1).map_or(usize::MAX, |&(o, _)| o);
            let touches = off < hi && run_end > lo;
            if touches && prot & bit == 0 {
                return Err(SffiError(format!(
                    "{who}: address {addr:#x} ({}) is in the mapped region \
                     {start:#x}..{region_end:#x}, which is not {what} there (protection {})",
                    bytes(size),
                    prot_names(prot)
                )));
            }
        }
        Ok(a as *mut u8)
    }

    /// Checks that `[addr, addr + len)` lies inside the page-rounded extent of one live
    /// *mapped* region (for mprotect, madvise, msync, mlock, munlock).
    pub(crate) fn check_mapped_range(
        &self,
        who: &str,
        addr: i64,
        len: i64,
    ) -> Result<(), SffiError> {
        if len < 0 {
            return Err(SffiError(format!("{who}: negative length {len}")));
        }
        let outside = || {
            SffiError(format!(
                "{who}: range {addr:#x} ({len} bytes) is not inside a live region made by \
                 rt_mmap"
            ))
        };
        let a = usize::try_from(addr).map_err(|_| outside())?;
        let end = a.checked_add(len as usize).ok_or_else(outside)?;
        let (start, r) = self.containing(a).ok_or_else(outside)?;
        if r.kind != Kind::Mapped {
            return Err(SffiError(format!(
                "{who}: address {addr:#x} is in a region made by rt_malloc, not rt_mmap"
            )));
        }
        if end > start + r.extent() {
            return Err(SffiError(format!(
                "{who}: range {addr:#x}..{end:#x} ({len} bytes) runs past the end of the \
                 mapped region {start:#x}..{:#x}",
                start + r.len
            )));
        }
        Ok(())
    }

    /// Checks that `(addr, len)` is exactly a live mapped region: same start, and a length
    /// covering the same number of pages.
    pub(crate) fn check_unmap(&self, who: &str, addr: i64, len: i64) -> Result<(), SffiError> {
        let Some(r) = usize::try_from(addr)
            .ok()
            .and_then(|a| self.regions.get(&a))
        else {
            return Err(SffiError(format!(
                "{who}: address {addr:#x} is not the start of a live region made by rt_mmap \
                 (never mapped, or already unmapped)"
            )));
        };
        if r.kind != Kind::Mapped {
            return Err(SffiError(format!(
                "{who}: address {addr:#x} was allocated by rt_malloc; release it with rt_free"
            )));
        }
        if len <= 0 || round_up(len as usize) != round_up(r.len) {
            return Err(SffiError(format!(
                "{who}: length {len} does not match the mapped region at {addr:#x} ({} bytes); \
                 only whole regions can be unmapped",
                r.len
            )));
        }
        Ok(())
    }

    /// Checks that `addr` is exactly a live malloc region.
    pub(crate) fn check_free(&self, who: &str, addr: i64) -> Result<(), SffiError> {
        match usize::try_from(addr)
            .ok()
            .and_then(|a| self.regions.get(&a))
        {
            Some(r) if r.kind == Kind::Malloc => Ok(()),
            Some(_) => Err(SffiError(format!(
                "{who}: address {addr:#x} was mapped by rt_mmap; release it with rt_munmap"
            ))),
            None => Err(SffiError(format!(
                "{who}: address {addr:#x} is not a live allocation made by rt_malloc \
                 (never allocated, or already freed)"
            ))),
        }
    }

    /// Records a successful `mprotect(addr, len, prot)`: the pages of
    /// `[addr, round_up(addr + len))` inside the containing mapped region get `prot`.
    /// The range was validated by [`Table::check_mapped_range`].
    pub(crate) fn set_prot(&mut self, addr: usize, len: usize, prot: i32) {
        let Some((start, _)) = self.containing(addr) else {
            return;
        };
        let Some(r) = self.regions.get_mut(&start) else {
            return;
        };
        let lo = addr - start;
        let hi = round_up(addr + len).min(start + r.extent()) - start;
        if hi <= lo {
            return;
        }
        let after = r.prot_at(hi);
        r.prot.retain(|&(o, _)| o < lo || o > hi);
        let i = r.prot.partition_point(|&(o, _)| o < lo);
        r.prot.insert(i, (lo, prot & PROT_MASK));
        if hi < r.extent() && r.prot.get(i + 1).is_none_or(|&(o, _)| o != hi) {
            r.prot.insert(i + 1, (hi, after));
        }
        r.prot.dedup_by(|b, a| a.1 == b.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // These tests use a private Table with made-up addresses: nothing is dereferenced.
    const R: i32 = libc::PROT_READ;
    const W: i32 = libc::PROT_WRITE;

    fn pg() -> usize {
        page_size()
    }

    #[test]
    fn access_inside_one_region_is_allowed() {
        let mut t = Table::default();
        let base = 0x10_0000;
        t.insert(base, 100, R | W, Kind::Mapped);
        assert_eq!(
            t.check_access("t", base as i64, 100, Access::Read),
            Ok(base as *mut u8)
        );
        assert!(
            t.check_access("t", base as i64 + 96, 4, Access::Write)
                .is_ok()
        );
        assert!(
            t.check_access("t", base as i64 + 100, 0, Access::Read)
                .is_ok()
        );
    }

    #[test]
    fn access_outside_or_across_the_end_is_rejected_with_the_address() {
        let mut t = Table::default();
        let base = 0x10_0000usize;
        t.insert(base, 100, R | W, Kind::Mapped);
        let e = t.check_access("rt_read_u32", base as i64 - 4, 4, Access::Read);
        assert_eq!(
            e.unwrap_err().0,
            "rt_read_u32: address 0xffffc (4 bytes) is not inside a live mapped or allocated \
             region"
        );
        let e = t.check_access("rt_read_u64", base as i64 + 96, 8, Access::Read);
        assert_eq!(
            e.unwrap_err().0,
            "rt_read_u64: range 0x100060..0x100068 (8 bytes) runs past the end of the mapped \
             region 0x100000..0x100064 (100 bytes)"
        );
        // inside the last page but past the requested length: still rejected
        assert!(
            t.check_access("t", base as i64 + 200, 1, Access::Read)
                .is_err()
        );
        assert!(t.check_access("t", -1, 1, Access::Read).is_err());
        assert!(t.check_access("t", i64::MAX, 2, Access::Read).is_err());
        assert!(t.check_access("t", 0, 1, Access::Read).is_err());
    }

    #[test]
    fn access_needs_the_right_protection() {
        let mut t = Table::default();
        let base = 0x20_0000usize;
        t.insert(base, 64, R, Kind::Mapped);
        assert!(t.check_access("t", base as i64, 8, Access::Read).is_ok());
        let e = t.check_access("rt_write_u8", base as i64, 1, Access::Write);
        assert_eq!(
            e.unwrap_err().0,
            "rt_write_u8: address 0x200000 (1 byte) is in the mapped region \
             0x200000..0x200040, which is not writable there (protection PROT_READ)"
        );
        t.insert(base + 0x10_0000, 64, 0, Kind::Mapped);
        let e = t.check_access("t", (base + 0x10_0000) as i64, 1, Access::Read);
        assert!(
            e.unwrap_err()
                .0
                .contains("not readable there (protection PROT_NONE)")
        );
    }

    #[test]
    fn malloc_regions_are_read_write_and_exact() {
        let mut t = Table::default();
        t.insert(0x5000, 10, 0, Kind::Malloc);
        assert!(t.check_access("t", 0x5000, 10, Access::Write).is_ok());
        assert!(t.check_access("t", 0x5000, 11, Access::Read).is_err());
        assert!(t.check_mapped_range("rt_madvise", 0x5000, 10).is_err());
        assert!(t.check_free("rt_free", 0x5000).is_ok());
        assert!(t.check_unmap("rt_munmap", 0x5000, 10).is_err());
        assert!(t.check_free("rt_free", 0x5001).is_err());
    }

    #[test]
    fn unmap_requires_exact_start_and_same_page_count() {
        let mut t = Table::default();
        let base = 0x40_0000usize;
        t.insert(base, pg() + 1, R, Kind::Mapped);
        assert!(t.check_unmap("m", base as i64, (pg() + 1) as i64).is_ok());
        assert!(t.check_unmap("m", base as i64, (2 * pg()) as i64).is_ok());
        assert!(t.check_unmap("m", base as i64, pg() as i64).is_err());
        assert!(t.check_unmap("m", base as i64, 0).is_err());
        assert!(
            t.check_unmap("m", (base + pg()) as i64, pg() as i64)
                .is_err()
        );
        t.remove(base);
        let e = t
            .check_unmap("rt_munmap", base as i64, pg() as i64)
            .unwrap_err();
        assert_eq!(
            e.0,
            "rt_munmap: address 0x400000 is not the start of a live region made by rt_mmap \
             (never mapped, or already unmapped)"
        );
        assert!(t.is_empty());
    }

    #[test]
    fn mapped_range_checks_are_page_rounded() {
        let mut t = Table::default();
        let base = 0x80_0000usize;
        t.insert(base, 10, R, Kind::Mapped);
        assert!(t.check_mapped_range("m", base as i64, pg() as i64).is_ok());
        assert!(
            t.check_mapped_range("m", base as i64, pg() as i64 + 1)
                .is_err()
        );
        assert!(t.check_mapped_range("m", base as i64, -1).is_err());
        assert!(t.check_mapped_range("m", base as i64 - 1, 2).is_err());
    }

    #[test]
    fn set_prot_splits_and_merges_runs() {
        let mut t = Table::default();
        let base = 0x100_0000usize;
        let p = pg();
        t.insert(base, 4 * p, R, Kind::Mapped);
        t.set_prot(base + p, p, R | W);
        assert_eq!(
            t.get(base).unwrap().prot,
            vec![(0, R), (p, R | W), (2 * p, R)]
        );
        assert!(
            t.check_access("t", (base + p) as i64, p, Access::Write)
                .is_ok()
        );
        assert!(
            t.check_access("t", (base + p) as i64, p + 1, Access::Write)
                .is_err()
        );
        assert!(
            t.check_access("t", (base + p - 1) as i64, 2, Access::Write)
                .is_err()
        );
        // partial length rounds up to the page
        t.set_prot(base + 2 * p, 1, R | W);
        assert_eq!(
            t.get(base).unwrap().prot,
            vec![(0, R), (p, R | W), (3 * p, R)]
        );
        t.set_prot(base, 4 * p, R);
        assert_eq!(t.get(base).unwrap().prot, vec![(0, R)]);
        t.set_prot(base + 3 * p, p, 0);
        assert_eq!(t.get(base).unwrap().prot, vec![(0, R), (3 * p, 0)]);
        assert!(
            t.check_access("t", (base + 3 * p) as i64, 1, Access::Read)
                .is_err()
        );
    }

    #[test]
    fn overlapping_finds_neighbours() {
        let mut t = Table::default();
        let p = pg();
        t.insert(10 * p, p, R, Kind::Mapped);
        assert_eq!(t.overlapping(9 * p, p), None);
        assert_eq!(t.overlapping(9 * p, p + 1).map(|x| x.0), Some(10 * p));
        assert_eq!(t.overlapping(10 * p + 5, 1).map(|x| x.0), Some(10 * p));
        assert_eq!(t.overlapping(11 * p, p), None);
    }
}
