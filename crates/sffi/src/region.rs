//! The region table: every live region made by `rt_mmap` or `rt_malloc` in this process.
//!
//! This is the only logic in the SFFI crate, and it exists because no Simple code could do
//! it: before any wrapper dereferences a script-supplied address, or hands one to
//! `munmap`/`free`/`mprotect`/`madvise`/`msync`/`mlock`/`munlock`, the address range is
//! checked here. A violation is an [`SffiError`] naming the address — never a segfault and
//! never undefined behaviour.
//!
//! Rules:
//! * `rt_mmap`/`rt_malloc` insert `(start, len, attributes, kind)` on success. `len` is the length
//!   the script asked for; memory accesses must stay inside `[start, start + len)`.
//!   Page-granular operations (`mprotect`, `madvise`, …) may use the whole last page, i.e.
//!   `[start, start + round_up(len))`, for mapped regions.
//! * Reads need `PROT_READ` and writes need `PROT_WRITE` on every page they touch; malloc
//!   regions are always read/write. `rt_mprotect` updates the protection of the (page-rounded)
//!   sub-range it changed, so one mapping may have pages with different protections.
//! * Every page also records what backs it ([`Backing`]): private or shared anonymous memory,
//!   a private or shared file mapping, or nothing — a page of a file mapping wholly past the
//!   end of the file at map time, which the kernel would answer with SIGBUS. Accesses to such
//!   pages are errors. A `MAP_FIXED` mapping inside a region replaces the attributes of the
//!   pages it covers.
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

/// What backs a page of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backing {
    /// `MAP_PRIVATE | MAP_ANONYMOUS`: the only memory `MADV_DONTNEED` may drop (it reads
    /// back as zeros).
    AnonPrivate,
    /// `MAP_SHARED | MAP_ANONYMOUS`.
    AnonShared,
    /// A `MAP_PRIVATE` file mapping, inside the file.
    FilePrivate,
    /// A `MAP_SHARED` file mapping, inside the file.
    FileShared,
    /// A page of a file mapping wholly past the end of the file at map time: the kernel
    /// raises SIGBUS on any access, so the table refuses every access.
    PastEof,
    /// Pages a failed `MAP_FIXED` may have unmapped (the kernel can discard the old pages
    /// before the new mapping fails): no access.
    Lost,
    /// `rt_malloc` memory.
    Heap,
}

/// The attributes of a run of pages: protection and backing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attr {
    pub(crate) prot: i32,
    pub(crate) backing: Backing,
}

/// A live region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    /// Length the caller asked for, in bytes.
    pub(crate) len: usize,
    pub(crate) kind: Kind,
    /// Attribute runs: `(offset, attr)` sorted by offset, the first at offset 0; each run
    /// extends to the next run (or to the end of the page-rounded region). Offsets after the
    /// first are page-aligned; neighbouring runs differ.
    pub(crate) runs: Vec<(usize, Attr)>,
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

    /// The attributes at `off`.
    fn attr_at(&self, off: usize) -> Attr {
        let i = self.runs.partition_point(|&(o, _)| o <= off);
        self.runs[i.saturating_sub(1)].1
    }

    /// The runs touching `[lo, hi)`, each with its end.
    fn runs_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize, Attr)> + '_ {
        self.runs
            .iter()
            .enumerate()
            .filter_map(move |(i, &(off, attr))| {
                let end = self.runs.get(i + 1).map_or(usize::MAX, |&(o, _)| o);
                (off < hi && end > lo).then_some((off, end, attr))
            })
    }

    /// Makes a run start at `at` (if it is inside the region and none does).
    fn split_at(&mut self, at: usize) {
        if at == 0 || at >= self.extent() {
            return;
        }
        let i = self.runs.partition_point(|&(o, _)| o < at);
        if self.runs.get(i).is_some_and(|&(o, _)| o == at) {
            return;
        }
        let attr = self.attr_at(at);
        self.runs.insert(i, (at, attr));
    }

    /// Applies `f` to the attributes of `[lo, hi)` (offsets; `hi` is clamped to the extent),
    /// then merges equal neighbours.
    fn update(&mut self, lo: usize, hi: usize, f: impl Fn(Attr) -> Attr) {
        let hi = hi.min(self.extent());
        if hi <= lo {
            return;
        }
        self.split_at(lo);
        self.split_at(hi);
        for run in &mut self.runs {
            if run.0 >= lo && run.0 < hi {
                run.1 = f(run.1);
            }
        }
        self.runs.dedup_by(|b, a| a.1 == b.1);
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
    /// Mapped regions that byte views borrow, by region start (see `view.rs`).
    pub(crate) pins: BTreeMap<usize, crate::view::Pin>,
}

static REGIONS: Mutex<Table> = Mutex::new(Table {
    regions: BTreeMap::new(),
    pins: BTreeMap::new(),
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
    /// Records a new `rt_malloc` block. Called only after the malloc succeeded.
    pub(crate) fn insert_malloc(&mut self, start: usize, len: usize) {
        let attr = Attr {
            prot: libc::PROT_READ | libc::PROT_WRITE,
            backing: Backing::Heap,
        };
        self.regions.insert(
            start,
            Region {
                len,
                kind: Kind::Malloc,
                runs: vec![(0, attr)],
            },
        );
    }

    /// Records a new mapping of `len` bytes whose pages from `backed` on (rounded up to a
    /// page) lie past the end of its file. Called only after the mmap succeeded.
    pub(crate) fn insert_mapping(
        &mut self,
        start: usize,
        len: usize,
        prot: i32,
        backing: Backing,
        backed: usize,
    ) {
        let mut r = Region {
            len,
            kind: Kind::Mapped,
            runs: vec![(
                0,
                Attr {
                    prot: prot & PROT_MASK,
                    backing,
                },
            )],
        };
        r.update(round_up(backed), usize::MAX, |a| Attr {
            backing: Backing::PastEof,
            ..a
        });
        self.regions.insert(start, r);
    }

    /// Records a successful `MAP_FIXED` mapping at `addr` inside a live mapped region
    /// (checked by [`Table::check_fixed`]): its pages get the new attributes.
    pub(crate) fn replace_pages(
        &mut self,
        addr: usize,
        len: usize,
        prot: i32,
        backing: Backing,
        backed: usize,
    ) {
        let Some((start, _)) = self.containing(addr) else {
            return;
        };
        let Some(r) = self.regions.get_mut(&start) else {
            return;
        };
        let lo = addr - start;
        let hi = lo + round_up(len);
        let split = lo + round_up(backed).min(hi - lo);
        let attr = Attr {
            prot: prot & PROT_MASK,
            backing,
        };
        r.update(lo, split, |_| attr);
        r.update(split, hi, |_| Attr {
            backing: Backing::PastEof,
            ..attr
        });
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
    pub(crate) fn containing(&self, addr: usize) -> Option<(usize, &Region)> {
        let (&start, r) = self.regions.range(..=addr).next_back()?;
        (addr - start <= r.extent()).then_some((start, r))
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
        for (_, _, attr) in r.runs_in(a - start, end - start) {
            if attr.backing == Backing::Lost {
                return Err(SffiError(format!(
                    "{who}: address {addr:#x} ({}) is in the mapped region \
                     {start:#x}..{region_end:#x}, in pages a failed MAP_FIXED left unmapped",
                    bytes(size)
                )));
            }
            if attr.backing == Backing::PastEof {
                return Err(SffiError(format!(
                    "{who}: address {addr:#x} ({}) is in the mapped region \
                     {start:#x}..{region_end:#x}, in a page past the end of the file mapped \
                     there (a file mapping is usable only up to the file's size when it was \
                     mapped)",
                    bytes(size)
                )));
            }
            if attr.prot & bit == 0 {
                return Err(SffiError(format!(
                    "{who}: address {addr:#x} ({}) is in the mapped region \
                     {start:#x}..{region_end:#x}, which is not {what} there (protection {})",
                    bytes(size),
                    prot_names(attr.prot)
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
    /// `[addr, round_up(addr + len))` inside the containing mapped region get `prot` (their
    /// backing stays). The range was validated by [`Table::check_mapped_range`].
    pub(crate) fn set_prot(&mut self, addr: usize, len: usize, prot: i32) {
        let Some((start, _)) = self.containing(addr) else {
            return;
        };
        let Some(r) = self.regions.get_mut(&start) else {
            return;
        };
        let lo = addr - start;
        let hi = round_up(addr + len) - start;
        r.update(lo, hi, |a| Attr {
            prot: prot & PROT_MASK,
            ..a
        });
    }

    /// After a failed `MAP_FIXED` at `addr` (inside a live mapped region, checked before):
    /// if the kernel discarded any of the old pages (`mincore` fails with `ENOMEM` on a
    /// range that is not fully mapped), the whole range is marked [`Backing::Lost`].
    pub(crate) fn check_pages_after_failed_fixed(&mut self, addr: usize, len: usize) {
        let len = round_up(len);
        let p = page_size();
        let mut vec = [0u8; 512];
        let mapped = (0..len.div_ceil(p * vec.len())).all(|i| {
            let at = addr + i * p * vec.len();
            let n = (addr + len - at).min(p * vec.len());
            // SAFETY: `vec` has a byte for each of the at most 512 pages of `[at, at + n)`;
            // mincore only writes to it and does not touch the pages.
            unsafe { libc::mincore(at as *mut libc::c_void, n, vec.as_mut_ptr()) == 0 }
        });
        if mapped {
            return;
        }
        let Some((start, _)) = self.containing(addr) else {
            return;
        };
        if let Some(r) = self.regions.get_mut(&start) {
            let lo = addr - start;
            r.update(lo, lo + len, |a| Attr {
                backing: Backing::Lost,
                ..a
            });
        }
    }

    /// The backings of the pages of `[addr, round_up(addr + len))`, a range validated by
    /// [`Table::check_mapped_range`].
    pub(crate) fn backings(&self, addr: usize, len: usize) -> Vec<Backing> {
        let Some((start, r)) = self.containing(addr) else {
            return Vec::new();
        };
        let lo = addr - start;
        let hi = (round_up(addr + len) - start).max(lo + 1);
        r.runs_in(lo, hi).map(|(_, _, a)| a.backing).collect()
    }

    /// Checks that a `MAP_FIXED` request for `[addr, addr + round_up(len))` lies inside the
    /// page-rounded extent of one live mapped region: `MAP_FIXED` may only replace pages
    /// the script owns, never land on a free address (or on memory the table does not know).
    pub(crate) fn check_fixed(&self, addr: i64, len: usize) -> Result<(), SffiError> {
        let what = || format!("rt_mmap: MAP_FIXED at {addr:#x} ({})", bytes(len));
        let a = usize::try_from(addr).ok();
        if let Some((start, _)) = a.and_then(|a| self.containing(a)) {
            self.check_no_views(&what(), start)?;
        }
        let Some((start, r)) = a.and_then(|a| self.containing(a)) else {
            return Err(SffiError(format!(
                "{} is not inside a live region made by rt_mmap; MAP_FIXED may only replace \
                 pages of a mapping the script owns (map a PROT_NONE region first to reserve \
                 the range), or use MAP_FIXED_NOREPLACE",
                what()
            )));
        };
        let a = a.unwrap_or(0);
        if r.kind != Kind::Mapped {
            return Err(SffiError(format!(
                "{} is in a region made by rt_malloc, not rt_mmap",
                what()
            )));
        }
        let fits = a
            .checked_add(round_up(len))
            .is_some_and(|end| end <= start + r.extent());
        if !fits {
            return Err(SffiError(format!(
                "{} runs past the end of the mapped region {start:#x}..{:#x}",
                what(),
                start + r.len
            )));
        }
        Ok(())
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

    fn prots(t: &Table, start: usize) -> Vec<(usize, i32)> {
        t.get(start)
            .unwrap()
            .runs
            .iter()
            .map(|&(o, a)| (o, a.prot))
            .collect()
    }

    #[test]
    fn access_inside_one_region_is_allowed() {
        let mut t = Table::default();
        let base = 0x10_0000;
        t.insert_mapping(base, 100, R | W, Backing::AnonPrivate, usize::MAX);
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
        t.insert_mapping(base, 100, R | W, Backing::AnonPrivate, usize::MAX);
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
        t.insert_mapping(base, 64, R, Backing::AnonPrivate, usize::MAX);
        assert!(t.check_access("t", base as i64, 8, Access::Read).is_ok());
        let e = t.check_access("rt_write_u8", base as i64, 1, Access::Write);
        assert_eq!(
            e.unwrap_err().0,
            "rt_write_u8: address 0x200000 (1 byte) is in the mapped region \
             0x200000..0x200040, which is not writable there (protection PROT_READ)"
        );
        t.insert_mapping(base + 0x10_0000, 64, 0, Backing::AnonPrivate, usize::MAX);
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
        t.insert_malloc(0x5000, 10);
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
        t.insert_mapping(base, pg() + 1, R, Backing::AnonPrivate, usize::MAX);
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
        t.insert_mapping(base, 10, R, Backing::AnonPrivate, usize::MAX);
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
        t.insert_mapping(base, 4 * p, R, Backing::AnonPrivate, usize::MAX);
        t.set_prot(base + p, p, R | W);
        assert_eq!(prots(&t, base), vec![(0, R), (p, R | W), (2 * p, R)]);
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
        assert_eq!(prots(&t, base), vec![(0, R), (p, R | W), (3 * p, R)]);
        t.set_prot(base, 4 * p, R);
        assert_eq!(prots(&t, base), vec![(0, R)]);
        t.set_prot(base + 3 * p, p, 0);
        assert_eq!(prots(&t, base), vec![(0, R), (3 * p, 0)]);
        assert!(
            t.check_access("t", (base + 3 * p) as i64, 1, Access::Read)
                .is_err()
        );
    }

    #[test]
    fn pages_past_the_end_of_the_file_are_not_accessible() {
        let mut t = Table::default();
        let p = pg();
        let base = 0x200_0000usize;
        // 3 pages mapped over a file of p + 10 bytes: the second page is partly backed (the
        // kernel reads zeros past the end inside it), the third not at all.
        t.insert_mapping(base, 3 * p, R | W, Backing::FileShared, p + 10);
        assert!(
            t.check_access("t", base as i64, 2 * p, Access::Read)
                .is_ok()
        );
        assert!(
            t.check_access("t", (base + 2 * p - 8) as i64, 8, Access::Write)
                .is_ok()
        );
        let e = t
            .check_access("rt_read_u8", (base + 2 * p) as i64, 1, Access::Read)
            .unwrap_err();
        assert!(e.0.contains("past the end of the file mapped there"), "{e}");
        assert!(
            t.check_access("t", (base + 2 * p - 1) as i64, 2, Access::Read)
                .is_err()
        );
        // mprotect keeps the backing: PastEof pages stay inaccessible
        t.set_prot(base, 3 * p, R);
        assert!(
            t.check_access("t", (base + 2 * p) as i64, 1, Access::Read)
                .is_err()
        );
        // a mapping at or past the end of its file has no accessible page
        t.insert_mapping(base + 0x10_0000, p, R, Backing::FilePrivate, 0);
        assert!(
            t.check_access("t", (base + 0x10_0000) as i64, 1, Access::Read)
                .is_err()
        );
    }

    #[test]
    fn map_fixed_must_lie_inside_one_mapped_region_and_replaces_its_pages() {
        let mut t = Table::default();
        let p = pg();
        let base = 0x300_0000usize;
        t.insert_mapping(base, 4 * p, 0, Backing::AnonPrivate, usize::MAX);
        assert!(t.check_fixed((base + p) as i64, 2 * p).is_ok());
        assert!(t.check_fixed(base as i64, 4 * p).is_ok());
        assert!(t.check_fixed((base + 3 * p) as i64, 1).is_ok());
        let e = t.check_fixed((base + 3 * p) as i64, 2 * p).unwrap_err();
        assert!(
            e.0.contains("runs past the end of the mapped region"),
            "{e}"
        );
        let e = t.check_fixed((base + 8 * p) as i64, p).unwrap_err();
        assert!(
            e.0.contains("is not inside a live region made by rt_mmap"),
            "{e}"
        );
        assert!(t.check_fixed(-4096, p).is_err());
        assert!(t.check_fixed(i64::MAX - 10, p).is_err());
        t.insert_malloc(0x7000, 64);
        assert!(t.check_fixed(0x7000, 64).is_err());
        // a file of p + 1 bytes mapped over pages 1..4: pages 1 and 2 are backed
        t.replace_pages(base + p, 3 * p, R, Backing::FilePrivate, p + 1);
        assert_eq!(
            t.get(base).unwrap().runs,
            vec![
                (
                    0,
                    Attr {
                        prot: 0,
                        backing: Backing::AnonPrivate
                    }
                ),
                (
                    p,
                    Attr {
                        prot: R,
                        backing: Backing::FilePrivate
                    }
                ),
                (
                    3 * p,
                    Attr {
                        prot: R,
                        backing: Backing::PastEof
                    }
                ),
            ]
        );
        assert!(
            t.check_access("t", (base + p) as i64, 2 * p, Access::Read)
                .is_ok()
        );
        assert!(
            t.check_access("t", (base + 3 * p) as i64, 1, Access::Read)
                .is_err()
        );
        assert!(t.check_access("t", base as i64, 1, Access::Read).is_err());
        assert_eq!(
            t.backings(base, 2 * p),
            vec![Backing::AnonPrivate, Backing::FilePrivate]
        );
        assert_eq!(t.backings(base + 3 * p, 1), vec![Backing::PastEof]);
    }
}
