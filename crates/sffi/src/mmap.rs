//! `rt_mmap`, `rt_munmap`, `rt_mprotect`, `rt_madvise`, `rt_msync`, `rt_mlock`,
//! `rt_munlock`, and the SIGBUS handler for file mappings.
//!
//! Design choices (see `docs/sffi.md`):
//! * **MAP_FIXED** replaces only pages of a live mapping the script owns: the whole
//!   page-rounded range must lie inside one region made by `rt_mmap` (reserve a range with a
//!   `PROT_NONE` mapping first). At any other address it is an [`SffiError`]; use
//!   `MAP_FIXED_NOREPLACE` to map at a free address.
//! * **Flags and advice** the region table cannot model are errors: protection bits other
//!   than `PROT_READ|PROT_WRITE|PROT_EXEC`, mapping flags outside an allow-list, and advice
//!   other than `MADV_NORMAL/RANDOM/SEQUENTIAL/WILLNEED/HUGEPAGE/NOHUGEPAGE` and
//!   `MADV_DONTNEED` on private anonymous memory.
//! * **File mappings** are clamped to the file: pages wholly past the end of the file at
//!   map time are recorded as such, and accessing them is an error instead of SIGBUS.
//! * **rt_munmap** only unmaps whole regions (same start; a length covering the same number
//!   of pages). Partial unmapping is an error; unmap the region and map what you need again.
//! * **SIGBUS**: the first successful file-backed `rt_mmap` installs a SIGBUS handler that
//!   writes one line naming the faulting address to stderr and ends the process with
//!   `_exit(135)` (128 + SIGBUS). Touching a page of a mapped file that no longer exists
//!   (the file was truncated by someone after it was mapped) cannot be recovered from.

use crate::SffiError;
use crate::misc::{record_errno, set_errno};
use crate::region::{Backing, table};
use std::sync::Once;

/// The protection bits the region table models. Anything else (`PROT_GROWSDOWN`,
/// `PROT_GROWSUP`, unknown bits) would let the kernel change pages the table does not
/// describe.
const PROT_BITS: i32 = libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC;

/// The `rt_mmap` flags the region table models, besides the sharing type (exactly
/// `MAP_SHARED` or `MAP_PRIVATE`). `MAP_GROWSDOWN` and `MAP_STACK` (stack regions that
/// grow), `MAP_HUGETLB`, `MAP_LOCKED`, `MAP_32BIT`, `MAP_SHARED_VALIDATE`, `MAP_SYNC` and
/// unknown bits are refused.
const MAP_BITS: i32 = libc::MAP_ANONYMOUS
    | libc::MAP_FIXED
    | libc::MAP_FIXED_NOREPLACE
    | libc::MAP_POPULATE
    | libc::MAP_NORESERVE;

/// Refuses protection bits the region table cannot model.
fn check_prot(who: &str, prot: i32) -> Result<(), SffiError> {
    let extra = prot & !PROT_BITS;
    if extra != 0 {
        let names = match extra {
            libc::PROT_GROWSDOWN => " (PROT_GROWSDOWN)",
            libc::PROT_GROWSUP => " (PROT_GROWSUP)",
            _ => "",
        };
        return Err(SffiError(format!(
            "{who}: protection {prot:#x} has bits {extra:#x}{names} that are not supported; \
             only PROT_READ, PROT_WRITE and PROT_EXEC (or PROT_NONE) are"
        )));
    }
    Ok(())
}

/// Refuses `rt_mmap` flags the region table cannot model.
fn check_map_flags(flags: i32) -> Result<(), SffiError> {
    let kind = flags & libc::MAP_TYPE;
    if kind != libc::MAP_SHARED && kind != libc::MAP_PRIVATE && kind != 0 {
        return Err(SffiError(format!(
            "rt_mmap: flags {flags:#x}: the mapping type must be MAP_SHARED or MAP_PRIVATE"
        )));
    }
    let extra = flags & !(libc::MAP_TYPE | MAP_BITS);
    if extra != 0 {
        let named = [
            (libc::MAP_GROWSDOWN, "MAP_GROWSDOWN"),
            (libc::MAP_STACK, "MAP_STACK"),
            (libc::MAP_HUGETLB, "MAP_HUGETLB"),
            (libc::MAP_LOCKED, "MAP_LOCKED"),
        ];
        let names: Vec<&str> = named
            .iter()
            .filter(|&&(bit, _)| extra & bit != 0)
            .map(|&(_, n)| n)
            .collect();
        let names = if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join(", "))
        };
        return Err(SffiError(format!(
            "rt_mmap: flags {flags:#x} have bits {extra:#x}{names} that are not supported; \
             only MAP_SHARED or MAP_PRIVATE with MAP_ANONYMOUS, MAP_FIXED, \
             MAP_FIXED_NOREPLACE, MAP_POPULATE and MAP_NORESERVE are"
        )));
    }
    Ok(())
}

/// How many bytes of a file mapping at `offset` the file backs: its size at map time minus
/// the offset (0 at or past the end). `Err(errno)` for a descriptor that is not a regular
/// file (`ENODEV`: only regular files have a size the table can rely on); `Ok(None)` when
/// `fstat` fails, so that the kernel reports the bad descriptor.
fn file_backed(fd: libc::c_int, offset: i64) -> Result<Option<usize>, libc::c_int> {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable stat buffer.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Ok(None);
    }
    if st.st_mode & libc::S_IFMT != libc::S_IFREG {
        return Err(libc::ENODEV);
    }
    let size = u64::try_from(st.st_size).unwrap_or(0);
    let offset = u64::try_from(offset).unwrap_or(0);
    Ok(Some(
        usize::try_from(size.saturating_sub(offset)).unwrap_or(usize::MAX),
    ))
}

/// `rt_mmap(addr, length, prot, flags, fd, offset) -> i64`: the mapping's address, or -1
/// with errno. On success the mapping is recorded in the region table with `prot`.
///
/// `length == 0` fails with `EINVAL` and an unaligned `offset` with `EINVAL`, as from the
/// kernel. A negative `length`, protection or flag bits the table cannot model, and
/// `MAP_FIXED` outside a live mapping are errors. A file mapping must be of a regular file
/// (else -1/`ENODEV`); its pages wholly past the end of the file are recorded as such, and
/// accessing them is an error instead of SIGBUS.
pub fn rt_mmap(
    addr: i64,
    length: i64,
    prot: i64,
    flags: i64,
    fd: i64,
    offset: i64,
) -> Result<i64, SffiError> {
    if length < 0 {
        return Err(SffiError(format!("rt_mmap: negative length {length}")));
    }
    let (Some(prot), Some(flags)) = (crate::c_int(prot), crate::c_int(flags)) else {
        set_errno(libc::EINVAL);
        return Ok(-1);
    };
    check_prot("rt_mmap", prot)?;
    check_map_flags(flags)?;
    let len = length as usize;
    let anonymous = flags & libc::MAP_ANONYMOUS != 0;
    let shared = flags & libc::MAP_TYPE == libc::MAP_SHARED;
    let backing = match (anonymous, shared) {
        (true, false) => Backing::AnonPrivate,
        (true, true) => Backing::AnonShared,
        (false, false) => Backing::FilePrivate,
        (false, true) => Backing::FileShared,
    };
    let fd = crate::c_fd(fd);
    let backed = if anonymous {
        usize::MAX
    } else {
        match file_backed(fd, offset) {
            Ok(b) => b.unwrap_or(0),
            Err(errno) => {
                set_errno(errno);
                return Ok(-1);
            }
        }
    };
    let mut t = table();
    // MAP_FIXED (without MAP_FIXED_NOREPLACE, which never replaces anything) replaces the
    // pages at `addr`: only pages of a mapping the script owns.
    let replace = flags & libc::MAP_FIXED != 0 && flags & libc::MAP_FIXED_NOREPLACE == 0;
    let exact = flags & (libc::MAP_FIXED | libc::MAP_FIXED_NOREPLACE) != 0;
    if replace && len > 0 {
        t.check_fixed(addr, len)?;
    }
    // SAFETY: without MAP_FIXED the kernel never replaces an existing mapping, so mmap cannot
    // invalidate memory Rust or the interpreter uses; with MAP_FIXED the range lies inside a
    // mapping owned by scripts (checked above, under the lock), which only checked accessors
    // touch.
    let p = unsafe {
        libc::mmap(
            addr as usize as *mut libc::c_void,
            len,
            prot,
            flags,
            fd,
            offset,
        )
    };
    if p == libc::MAP_FAILED {
        record_errno();
        if replace && len > 0 {
            // The kernel may have unmapped the old pages before failing.
            t.check_pages_after_failed_fixed(addr as usize, len);
        }
        return Ok(-1);
    }
    if exact && p as i64 != addr {
        // A kernel older than 4.17 ignores MAP_FIXED_NOREPLACE and treats the address as a
        // hint; the request could not be honoured without replacing memory.
        // SAFETY: `p` is the mapping of `len` bytes just created and not yet shared.
        unsafe { libc::munmap(p, len) };
        set_errno(libc::EEXIST);
        return Ok(-1);
    }
    if replace {
        t.replace_pages(p as usize, len, prot, backing, backed);
    } else {
        t.insert_mapping(p as usize, len, prot, backing, backed);
    }
    drop(t);
    if !anonymous {
        install_sigbus_handler();
    }
    Ok(p as i64)
}

/// `rt_munmap(addr, length) -> i64`: 0, or -1 with errno. `(addr, length)` must be exactly a
/// live mapping from `rt_mmap` (the length may differ only within the last page); anything
/// else — never mapped, already unmapped, a malloc block, a partial range — is an error.
pub fn rt_munmap(addr: i64, length: i64) -> Result<i64, SffiError> {
    let mut t = table();
    t.check_unmap("rt_munmap", addr, length)?;
    if t.revoke_views(addr as usize) {
        // Views still borrow the pages: they are revoked, and the last of them unmaps the
        // pages (see view.rs). The region is gone from the table now.
        t.remove(addr as usize);
        return Ok(0);
    }
    // SAFETY: the table says this is exactly a live mapping made by rt_mmap; script memory
    // only ever reaches Rust as copies, so nothing references it. Removing it from the table
    // (under the same lock) makes later accesses errors.
    let rc = unsafe { libc::munmap(addr as usize as *mut libc::c_void, length as usize) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    t.remove(addr as usize);
    Ok(0)
}

/// `rt_mprotect(addr, length, prot) -> i64`: 0, or -1 with errno. The range must lie in a
/// live mapping and `prot` may only hold `PROT_READ`, `PROT_WRITE` and `PROT_EXEC`; on
/// success the (page-rounded) range gets `prot` in the region table.
pub fn rt_mprotect(addr: i64, length: i64, prot: i64) -> Result<i64, SffiError> {
    let mut t = table();
    t.check_mapped_range("rt_mprotect", addr, length)?;
    if let Some((start, _)) = usize::try_from(addr).ok().and_then(|a| t.containing(a)) {
        t.check_no_views("rt_mprotect", start)?;
    }
    let Some(prot) = crate::c_int(prot) else {
        set_errno(libc::EINVAL);
        return Ok(-1);
    };
    check_prot("rt_mprotect", prot)?;
    // SAFETY: the range lies in a mapping owned by scripts (checked above); changing its
    // protection cannot affect Rust memory, and checked accessors consult the updated table.
    let rc = unsafe { libc::mprotect(addr as usize as *mut libc::c_void, length as usize, prot) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    t.set_prot(addr as usize, length as usize, prot);
    Ok(0)
}

/// The advice `rt_madvise` accepts. Everything else is refused: advice that changes what
/// memory holds or which process has it (`MADV_FREE`, `MADV_REMOVE`, `MADV_DONTFORK`,
/// `MADV_WIPEONFORK`, guard pages, ...) would make the region table wrong.
const ADVICE: &[(libc::c_int, &str)] = &[
    (libc::MADV_NORMAL, "MADV_NORMAL"),
    (libc::MADV_RANDOM, "MADV_RANDOM"),
    (libc::MADV_SEQUENTIAL, "MADV_SEQUENTIAL"),
    (libc::MADV_WILLNEED, "MADV_WILLNEED"),
    (libc::MADV_DONTNEED, "MADV_DONTNEED"),
    (libc::MADV_HUGEPAGE, "MADV_HUGEPAGE"),
    (libc::MADV_NOHUGEPAGE, "MADV_NOHUGEPAGE"),
];

/// Names of refused advice, for the error message.
fn refused_advice_name(advice: libc::c_int) -> Option<&'static str> {
    Some(match advice {
        libc::MADV_FREE => "MADV_FREE",
        libc::MADV_REMOVE => "MADV_REMOVE",
        libc::MADV_DONTFORK => "MADV_DONTFORK",
        libc::MADV_DOFORK => "MADV_DOFORK",
        libc::MADV_MERGEABLE => "MADV_MERGEABLE",
        libc::MADV_UNMERGEABLE => "MADV_UNMERGEABLE",
        libc::MADV_DONTDUMP => "MADV_DONTDUMP",
        libc::MADV_DODUMP => "MADV_DODUMP",
        libc::MADV_WIPEONFORK => "MADV_WIPEONFORK",
        libc::MADV_KEEPONFORK => "MADV_KEEPONFORK",
        libc::MADV_COLD => "MADV_COLD",
        libc::MADV_PAGEOUT => "MADV_PAGEOUT",
        libc::MADV_HWPOISON => "MADV_HWPOISON",
        22 => "MADV_POPULATE_READ",
        23 => "MADV_POPULATE_WRITE",
        24 => "MADV_DONTNEED_LOCKED",
        25 => "MADV_COLLAPSE",
        102 => "MADV_GUARD_INSTALL",
        103 => "MADV_GUARD_REMOVE",
        _ => return None,
    })
}

/// `rt_madvise(addr, length, advice) -> i64`: 0, or -1 with errno. The range must lie in a
/// live mapping, and the advice must be one the region table can model: `MADV_NORMAL`,
/// `MADV_RANDOM`, `MADV_SEQUENTIAL`, `MADV_WILLNEED`, `MADV_HUGEPAGE`, `MADV_NOHUGEPAGE`,
/// and `MADV_DONTNEED` on private anonymous pages only (it zeroes them). Anything else is
/// an error.
pub fn rt_madvise(addr: i64, length: i64, advice: i64) -> Result<i64, SffiError> {
    let t = table();
    t.check_mapped_range("rt_madvise", addr, length)?;
    let Some(advice) = crate::c_int(advice).filter(|a| ADVICE.iter().any(|&(v, _)| v == *a)) else {
        let name = crate::c_int(advice)
            .and_then(refused_advice_name)
            .map_or(String::new(), |n| format!(" ({n})"));
        let allowed: Vec<&str> = ADVICE.iter().map(|&(_, n)| n).collect();
        return Err(SffiError(format!(
            "rt_madvise: advice {advice}{name} is not supported; only {} are",
            allowed.join(", ")
        )));
    };
    if advice == libc::MADV_DONTNEED {
        let backings = t.backings(addr as usize, length as usize);
        if let Some(b) = backings.iter().find(|&&b| b != Backing::AnonPrivate) {
            let what = match b {
                Backing::AnonShared => "shared anonymous memory",
                Backing::FilePrivate | Backing::FileShared => "a file mapping",
                _ => "pages that are not backed",
            };
            return Err(SffiError(format!(
                "rt_madvise: MADV_DONTNEED at {addr:#x} ({length} bytes) touches {what}; it \
                 is allowed only on MAP_PRIVATE | MAP_ANONYMOUS memory (which it zeroes)"
            )));
        }
    }
    // SAFETY: the range lies in a script-owned mapping (checked above, kept alive by the
    // lock), and the advice is one that leaves every page mapped with the attributes the
    // table records (MADV_DONTNEED only on private anonymous pages, which read back as
    // zeros).
    let rc = unsafe { libc::madvise(addr as usize as *mut libc::c_void, length as usize, advice) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    Ok(0)
}

/// `rt_msync(addr, length, flags) -> i64`: 0, or -1 with errno. The range must lie in a live
/// mapping.
pub fn rt_msync(addr: i64, length: i64, flags: i64) -> Result<i64, SffiError> {
    let t = table();
    t.check_mapped_range("rt_msync", addr, length)?;
    let Some(flags) = crate::c_int(flags) else {
        set_errno(libc::EINVAL);
        return Ok(-1);
    };
    // SAFETY: the range lies in a live script-owned mapping (checked above); msync reads the
    // mapping and writes it back to its file, it does not change the memory.
    let rc = unsafe { libc::msync(addr as usize as *mut libc::c_void, length as usize, flags) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    Ok(0)
}

/// `rt_mlock(addr, length) -> i64`: 0, or -1 with errno (`ENOMEM`/`EPERM` beyond
/// `RLIMIT_MEMLOCK`). The range must lie in a live mapping.
pub fn rt_mlock(addr: i64, length: i64) -> Result<i64, SffiError> {
    let t = table();
    t.check_mapped_range("rt_mlock", addr, length)?;
    // SAFETY: the range lies in a live script-owned mapping (checked above); locking pages
    // in RAM does not change memory contents.
    let rc = unsafe { libc::mlock(addr as usize as *const libc::c_void, length as usize) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    Ok(0)
}

/// `rt_munlock(addr, length) -> i64`: 0, or -1 with errno. The range must lie in a live
/// mapping.
pub fn rt_munlock(addr: i64, length: i64) -> Result<i64, SffiError> {
    let t = table();
    t.check_mapped_range("rt_munlock", addr, length)?;
    // SAFETY: the range lies in a live script-owned mapping (checked above); unlocking pages
    // does not change memory contents.
    let rc = unsafe { libc::munlock(addr as usize as *const libc::c_void, length as usize) };
    if rc != 0 {
        record_errno();
        return Ok(-1);
    }
    Ok(0)
}

static SIGBUS_ONCE: Once = Once::new();

/// Installs [`on_sigbus`] for SIGBUS, once per process. It replaces the previous
/// disposition (the Rust runtime's default handler, which would just re-raise).
fn install_sigbus_handler() {
    SIGBUS_ONCE.call_once(|| {
        // SAFETY: an all-zero sigaction is a valid starting value (empty mask, no flags).
        let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
        sa.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        sa.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        // SAFETY: `sa` is fully initialised; the handler only uses async-signal-safe calls
        // (write, _exit) on stack memory.
        unsafe {
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
        }
    });
}

/// Formats the SIGBUS message for fault address `addr` into `buf`; returns its length.
/// Allocation-free so the signal handler can use it.
fn sigbus_message(addr: usize, buf: &mut [u8; 192]) -> usize {
    const HEAD: &[u8] = b"simple: fatal: SIGBUS at address 0x";
    const TAIL: &[u8] = b": a memory-mapped file no longer backs this page (the file was \
truncated, or the access is past its end); exiting with status 135\n";
    let mut n = 0;
    for &b in HEAD {
        buf[n] = b;
        n += 1;
    }
    for i in (0..16).rev() {
        buf[n] = b"0123456789abcdef"[(addr >> (i * 4)) & 0xf];
        n += 1;
    }
    for &b in TAIL {
        buf[n] = b;
        n += 1;
    }
    n
}

/// The SIGBUS handler: one line to stderr, then `_exit(135)`. Only async-signal-safe calls.
extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    let addr = if info.is_null() {
        0
    } else {
        // SAFETY: the kernel passes a valid siginfo_t for SA_SIGINFO handlers; for SIGBUS
        // the si_addr union member is the one that is set.
        unsafe { (*info).si_addr() as usize }
    };
    let mut buf = [0u8; 192];
    let n = sigbus_message(addr, &mut buf);
    // SAFETY: write and _exit are async-signal-safe; `buf[..n]` is initialised stack memory.
    unsafe {
        libc::write(2, buf.as_ptr().cast(), n);
        libc::_exit(135);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{rt_close, rt_ftruncate, rt_open, rt_read};
    use crate::memory::{rt_mem_read, rt_read_u8, rt_read_u64, rt_write_u8, rt_write_u64};
    use crate::misc::{rt_errno, rt_page_size};
    use crate::process::{rt_fork, rt_waitpid};
    use crate::test_util::{TempDir, fds_exclusive, fds_shared, fork_lock};

    const R: i64 = libc::PROT_READ as i64;
    const W: i64 = libc::PROT_WRITE as i64;
    const SHARED: i64 = libc::MAP_SHARED as i64;
    const PRIVATE: i64 = libc::MAP_PRIVATE as i64;
    const ANON: i64 = libc::MAP_ANONYMOUS as i64;

    fn pg() -> i64 {
        rt_page_size()
    }

    fn anon(len: i64, prot: i64) -> i64 {
        rt_mmap(0, len, prot, PRIVATE | ANON, -1, 0).unwrap()
    }

    /// A file of `len` bytes (byte i = i % 251) in `dir`, returned as its path.
    fn file_with(dir: &TempDir, name: &str, len: usize) -> String {
        let p = dir.path(name);
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, data).unwrap();
        p
    }

    fn o_rdwr() -> i64 {
        libc::O_RDWR as i64
    }

    #[test]
    fn anonymous_mapping_roundtrip_and_unmap() {
        let a = anon(pg(), R | W);
        assert!(a > 0);
        assert_eq!(a % pg(), 0);
        assert_eq!(rt_read_u64(a), Ok(0), "anonymous memory is zeroed");
        assert_eq!(rt_write_u64(a + pg() - 8, 77), Ok(0));
        assert_eq!(rt_read_u64(a + pg() - 8), Ok(77));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn mmap_length_zero_is_einval() {
        assert_eq!(rt_mmap(0, 0, R, PRIVATE | ANON, -1, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
    }

    #[test]
    fn mmap_negative_length_is_an_error() {
        assert_eq!(
            rt_mmap(0, -1, R, PRIVATE | ANON, -1, 0).unwrap_err().0,
            "rt_mmap: negative length -1"
        );
    }

    #[test]
    fn mmap_unaligned_offset_is_einval() {
        let _f = fds_shared();
        let dir = TempDir::new("unaligned");
        let p = file_with(&dir, "f", 3 * pg() as usize);
        let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
        assert!(fd >= 0);
        assert_eq!(rt_mmap(0, pg(), R, PRIVATE, fd, 100), Ok(-1));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn file_mapping_at_an_offset_sees_the_file() {
        let _f = fds_shared();
        let dir = TempDir::new("offset");
        let p = file_with(&dir, "f", 3 * pg() as usize);
        let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
        let a = rt_mmap(0, pg(), R, PRIVATE, fd, pg()).unwrap();
        assert!(a > 0);
        let expect: Vec<u8> = (pg()..pg() + 4).map(|i| (i % 251) as u8).collect();
        assert_eq!(rt_mem_read(a, 4), Ok(expect));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn munmap_twice_is_an_error() {
        let a = anon(pg(), R);
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        assert_eq!(
            rt_munmap(a, pg()).unwrap_err().0,
            format!(
                "rt_munmap: address {a:#x} is not the start of a live region made by rt_mmap \
                 (never mapped, or already unmapped)"
            )
        );
    }

    #[test]
    fn munmap_of_a_never_mapped_address_is_an_error() {
        let local = [0u8; 64];
        let addr = local.as_ptr() as i64;
        assert!(rt_munmap(addr, 64).is_err());
        assert!(rt_munmap(0x1000, 4096).is_err());
        assert!(rt_munmap(-4096, 4096).is_err());
    }

    #[test]
    fn munmap_of_a_partial_range_or_wrong_length_is_an_error() {
        let a = anon(4 * pg(), R);
        let e = rt_munmap(a, pg()).unwrap_err();
        assert!(e.0.contains("only whole regions can be unmapped"), "{e}");
        assert!(rt_munmap(a + pg(), pg()).is_err());
        assert!(rt_munmap(a, 0).is_err());
        // the region is intact
        assert_eq!(rt_read_u8(a + 3 * pg()), Ok(0));
        // a length within the same last page is accepted
        assert_eq!(rt_munmap(a, 3 * pg() + 1), Ok(0));
    }

    #[test]
    fn munmap_of_a_malloc_block_is_an_error() {
        let m = crate::memory::rt_malloc(64);
        let e = rt_munmap(m, 64).unwrap_err();
        assert!(e.0.contains("release it with rt_free"), "{e}");
        assert_eq!(crate::memory::rt_free(m), Ok(0));
    }

    #[test]
    fn read_after_unmap_is_an_error() {
        let a = anon(pg(), R | W);
        assert_eq!(rt_write_u8(a, 5), Ok(0));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        // Another test thread may map something at the freed address at
        // once; hold it with a mapping the region table does not know (and
        // skip the checks if another thread was faster).
        // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping;
        // the page is PROT_NONE and unmapped again below.
        let held = unsafe {
            libc::mmap(
                a as *mut libc::c_void,
                pg() as usize,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED_NOREPLACE,
                -1,
                0,
            )
        };
        if held as i64 != a {
            if held != libc::MAP_FAILED {
                // SAFETY: a page the kernel placed elsewhere, ours alone.
                unsafe { libc::munmap(held, pg() as usize) };
            }
            return;
        }
        assert_eq!(
            rt_read_u8(a).unwrap_err().0,
            format!(
                "rt_read_u8: address {a:#x} (1 byte) is not inside a live mapped or allocated \
                 region"
            )
        );
        assert!(rt_write_u8(a, 5).is_err());
        // SAFETY: `held` is the page mapped just above, used by nothing else.
        unsafe { libc::munmap(held, pg() as usize) };
    }

    #[test]
    fn write_to_a_read_only_mapping_is_an_error_until_mprotect() {
        let a = anon(2 * pg(), R);
        assert_eq!(rt_read_u64(a), Ok(0));
        let e = rt_write_u64(a, 1).unwrap_err();
        assert!(
            e.0.contains("not writable there (protection PROT_READ)"),
            "{e}"
        );
        assert_eq!(rt_mprotect(a, 2 * pg(), R | W), Ok(0));
        assert_eq!(rt_write_u64(a, 1), Ok(0));
        assert_eq!(rt_read_u64(a), Ok(1));
        // back to read-only for the second page only
        assert_eq!(rt_mprotect(a + pg(), pg(), R), Ok(0));
        assert_eq!(rt_write_u64(a + 8, 2), Ok(0));
        assert!(rt_write_u64(a + pg(), 2).is_err());
        assert!(
            rt_write_u64(a + pg() - 4, 2).is_err(),
            "straddles into the read-only page"
        );
        // PROT_NONE: no reads either
        assert_eq!(rt_mprotect(a, pg(), 0), Ok(0));
        assert!(rt_read_u8(a).is_err());
        assert_eq!(rt_read_u8(a + pg()), Ok(0));
        assert_eq!(rt_munmap(a, 2 * pg()), Ok(0));
    }

    #[test]
    fn mprotect_unaligned_is_einval_and_changes_nothing() {
        let a = anon(pg(), R);
        assert_eq!(rt_mprotect(a + 1, 10, R | W), Ok(-1));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert!(rt_write_u8(a + 1, 1).is_err());
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn page_ops_outside_a_mapping_are_errors() {
        let local = [0u8; 64];
        let addr = local.as_ptr() as i64;
        let e = rt_madvise(addr, 64, libc::MADV_DONTNEED as i64).unwrap_err();
        assert_eq!(
            e.0,
            format!(
                "rt_madvise: range {addr:#x} (64 bytes) is not inside a live region made by \
                 rt_mmap"
            )
        );
        assert!(rt_mprotect(addr, 64, R).is_err());
        assert!(rt_msync(addr, 64, libc::MS_SYNC as i64).is_err());
        assert!(rt_mlock(addr, 64).is_err());
        assert!(rt_munlock(addr, 64).is_err());
        let a = anon(pg(), R);
        let e = rt_madvise(a, 2 * pg(), libc::MADV_DONTNEED as i64).unwrap_err();
        assert!(
            e.0.contains("runs past the end of the mapped region"),
            "{e}"
        );
        assert!(rt_madvise(a, -1, 0).is_err());
        let m = crate::memory::rt_malloc(16);
        assert!(rt_madvise(m, 16, 0).is_err());
        assert_eq!(crate::memory::rt_free(m), Ok(0));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn madvise_advice_and_dontneed_zeroes_private_anonymous_memory() {
        let a = anon(2 * pg(), R | W);
        assert_eq!(rt_write_u64(a, 42), Ok(0));
        for adv in [
            libc::MADV_NORMAL,
            libc::MADV_RANDOM,
            libc::MADV_SEQUENTIAL,
            libc::MADV_WILLNEED,
        ] {
            assert_eq!(rt_madvise(a, 2 * pg(), adv as i64), Ok(0));
        }
        assert_eq!(rt_read_u64(a), Ok(42));
        assert_eq!(rt_madvise(a, pg(), libc::MADV_DONTNEED as i64), Ok(0));
        assert_eq!(rt_read_u64(a), Ok(0));
        assert_eq!(rt_munmap(a, 2 * pg()), Ok(0));
    }

    #[test]
    fn mlock_and_munlock_a_page() {
        // One page is far below the default RLIMIT_MEMLOCK (64 KiB..8 MiB).
        let a = anon(pg(), R | W);
        assert_eq!(rt_mlock(a, pg()), Ok(0));
        assert_eq!(rt_munlock(a, pg()), Ok(0));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn msync_bad_flags_is_einval() {
        let a = anon(pg(), R | W);
        assert_eq!(rt_msync(a, pg(), libc::MS_SYNC as i64), Ok(0));
        let both = (libc::MS_SYNC | libc::MS_ASYNC) as i64;
        assert_eq!(rt_msync(a, pg(), both), Ok(-1));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn shared_writable_mapping_of_a_read_only_fd_is_eacces() {
        let _f = fds_shared();
        let dir = TempDir::new("eacces");
        let p = file_with(&dir, "f", pg() as usize);
        let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
        assert_eq!(rt_mmap(0, pg(), R | W, SHARED, fd, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::EACCES as i64);
        // a private (copy-on-write) writable mapping of the same fd is fine
        let a = rt_mmap(0, pg(), R | W, PRIVATE, fd, 0).unwrap();
        assert!(a > 0);
        assert_eq!(rt_write_u8(a, 200), Ok(0));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        assert_eq!(
            std::fs::read(&p).unwrap()[0],
            0,
            "private writes stay private"
        );
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn map_fixed_replaces_pages_inside_a_live_region_only() {
        let _f = fds_shared();
        let fixed = PRIVATE | ANON | libc::MAP_FIXED as i64;
        // Reserve four pages, then map a file into the middle two.
        let a = anon(4 * pg(), 0);
        assert!(rt_read_u8(a).is_err(), "PROT_NONE");
        let dir = TempDir::new("fixed");
        let p = file_with(&dir, "f", pg() as usize + 10);
        let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
        let f = PRIVATE | libc::MAP_FIXED as i64;
        assert_eq!(rt_mmap(a + pg(), 2 * pg(), R, f, fd, 0), Ok(a + pg()));
        // the file's second page is partly backed, so both pages are usable
        assert_eq!(rt_read_u8(a + pg() + 5), Ok(5));
        // inside the file's last page, past its end: zeros, as the kernel gives
        assert_eq!(rt_read_u8(a + 2 * pg() + 100), Ok(0));
        assert!(rt_read_u8(a).is_err(), "page 0 is still PROT_NONE");
        // anonymous pages over the file's pages
        assert_eq!(
            rt_mmap(a + 2 * pg(), pg(), R | W, fixed, -1, 0),
            Ok(a + 2 * pg())
        );
        assert_eq!(rt_write_u8(a + 2 * pg(), 7), Ok(0));
        // never outside the region, never across its end
        let e = rt_mmap(a + 3 * pg(), 2 * pg(), R, fixed, -1, 0).unwrap_err();
        assert!(
            e.0.contains("runs past the end of the mapped region"),
            "{e}"
        );
        // an SffiError is not an OS failure: errno is unchanged
        assert_eq!(rt_mmap(a, 0, R, fixed, -1, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert!(rt_mmap(a + 8 * pg(), pg(), R, fixed, -1, 0).is_err());
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        // unmapping the region unmaps what was mapped into it
        assert_eq!(rt_munmap(a, 4 * pg()), Ok(0));
        assert!(rt_read_u8(a + pg()).is_err());
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn map_fixed_at_a_free_or_untracked_address_is_an_error() {
        // The test binary's own heap: MAP_FIXED would silently replace it.
        let v = vec![7u8; 4 * pg() as usize];
        let page = (v.as_ptr() as i64 + pg()) & !(pg() - 1);
        let fixed = PRIVATE | ANON | libc::MAP_FIXED as i64;
        let e = rt_mmap(page, pg(), R | W, fixed, -1, 0).unwrap_err();
        assert!(
            e.0.contains("MAP_FIXED may only replace pages of a mapping the script owns"),
            "{e}"
        );
        assert!(v.iter().all(|&b| b == 7));
        // a free address: also refused (MAP_FIXED_NOREPLACE is the way there)
        let a = anon(pg(), R);
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        assert!(rt_mmap(a, pg(), R | W, fixed, -1, 0).is_err());
        let m = crate::memory::rt_malloc(64);
        assert!(rt_mmap(m, 64, R, fixed, -1, 0).is_err());
        assert_eq!(crate::memory::rt_free(m), Ok(0));
    }

    #[test]
    fn map_fixed_noreplace_maps_at_a_free_address_and_never_over_memory() {
        let noreplace = PRIVATE | ANON | libc::MAP_FIXED_NOREPLACE as i64;
        let v = vec![7u8; 4 * pg() as usize];
        let page = (v.as_ptr() as i64 + pg()) & !(pg() - 1);
        assert_eq!(rt_mmap(page, pg(), R | W, noreplace, -1, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::EEXIST as i64);
        assert!(v.iter().all(|&b| b == 7));
        let a = anon(pg(), R);
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        let b = rt_mmap(a, pg(), R | W, noreplace, -1, 0).unwrap();
        if b == -1 {
            // another test thread may have taken the range in between
            assert_eq!(rt_errno(), libc::EEXIST as i64);
            return;
        }
        assert_eq!(b, a);
        assert_eq!(rt_write_u8(b, 1), Ok(0));
        assert_eq!(rt_munmap(b, pg()), Ok(0));
    }

    #[test]
    fn protection_and_flag_bits_the_table_cannot_model_are_errors() {
        let growsdown = libc::PROT_GROWSDOWN as i64;
        let e = rt_mmap(0, pg(), R | growsdown, PRIVATE | ANON, -1, 0).unwrap_err();
        assert!(
            e.0.contains("(PROT_GROWSDOWN) that are not supported"),
            "{e}"
        );
        for bad in [
            libc::MAP_GROWSDOWN,
            libc::MAP_STACK,
            libc::MAP_HUGETLB,
            libc::MAP_LOCKED,
            0x0100_0000,
        ] {
            let e = rt_mmap(0, pg(), R, PRIVATE | ANON | bad as i64, -1, 0).unwrap_err();
            assert!(e.0.contains("that are not supported"), "{bad:#x}: {e}");
        }
        let validate = libc::MAP_SHARED_VALIDATE as i64;
        assert!(rt_mmap(0, pg(), R, validate | ANON, -1, 0).is_err());
        let a = anon(pg(), R);
        let e = rt_mprotect(a, pg(), R | libc::PROT_GROWSUP as i64).unwrap_err();
        assert!(e.0.starts_with("rt_mprotect: protection"), "{e}");
        assert!(rt_mprotect(a, pg(), 0x100).is_err());
        assert_eq!(rt_read_u8(a), Ok(0), "nothing changed");
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn madvise_accepts_only_the_allow_list() {
        let a = anon(pg(), R | W);
        for adv in [libc::MADV_HUGEPAGE, libc::MADV_NOHUGEPAGE] {
            assert_eq!(rt_madvise(a, pg(), adv as i64), Ok(0));
        }
        for (adv, name) in [
            (libc::MADV_DONTFORK, "MADV_DONTFORK"),
            (libc::MADV_WIPEONFORK, "MADV_WIPEONFORK"),
            (libc::MADV_FREE, "MADV_FREE"),
            (libc::MADV_REMOVE, "MADV_REMOVE"),
            (102, "MADV_GUARD_INSTALL"),
        ] {
            let e = rt_madvise(a, pg(), adv as i64).unwrap_err();
            assert_eq!(
                e.0,
                format!(
                    "rt_madvise: advice {adv} ({name}) is not supported; only MADV_NORMAL, \
                     MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, \
                     MADV_HUGEPAGE, MADV_NOHUGEPAGE are"
                )
            );
        }
        assert!(rt_madvise(a, pg(), 12345).is_err());
        assert!(rt_madvise(a, pg(), 1 << 40).is_err());
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn madvise_dontneed_only_on_private_anonymous_memory() {
        let _f = fds_shared();
        let dontneed = libc::MADV_DONTNEED as i64;
        let s = rt_mmap(0, pg(), R | W, SHARED | ANON, -1, 0).unwrap();
        let e = rt_madvise(s, pg(), dontneed).unwrap_err();
        assert!(e.0.contains("touches shared anonymous memory"), "{e}");
        assert_eq!(rt_munmap(s, pg()), Ok(0));
        let dir = TempDir::new("dontneed");
        let p = file_with(&dir, "f", pg() as usize);
        let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
        let f = rt_mmap(0, pg(), R | W, PRIVATE, fd, 0).unwrap();
        assert_eq!(rt_write_u8(f + 1, 99), Ok(0));
        let e = rt_madvise(f, pg(), dontneed).unwrap_err();
        assert!(e.0.contains("touches a file mapping"), "{e}");
        assert_eq!(rt_read_u8(f + 1), Ok(99), "the private copy is kept");
        assert_eq!(rt_munmap(f, pg()), Ok(0));
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn a_file_mapping_is_usable_only_up_to_the_file_size_at_map_time() {
        let _f = fds_shared();
        let dir = TempDir::new("pasteof");
        let p = file_with(&dir, "f", 10);
        let fd = rt_open(&p, o_rdwr(), 0);
        let a = rt_mmap(0, 3 * pg(), R | W, SHARED, fd, 0).unwrap();
        assert!(a > 0);
        assert_eq!(rt_read_u8(a + 9), Ok(9));
        // the rest of the first page reads as zeros (the kernel's rule)
        assert_eq!(rt_read_u8(a + pg() - 1), Ok(0));
        // the pages wholly past the end would raise SIGBUS: errors instead
        let e = rt_read_u8(a + pg()).unwrap_err();
        assert!(e.0.contains("past the end of the file mapped there"), "{e}");
        assert!(rt_write_u8(a + 2 * pg(), 1).is_err());
        assert!(rt_mem_read(a, pg() + 1).is_err());
        assert_eq!(rt_munmap(a, 3 * pg()), Ok(0));
        // at an offset past the end, nothing is usable
        let b = rt_mmap(0, pg(), R, PRIVATE, fd, pg()).unwrap();
        assert!(rt_read_u8(b).is_err());
        assert_eq!(rt_munmap(b, pg()), Ok(0));
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn only_regular_files_can_be_mapped() {
        let _f = fds_shared();
        let fd = rt_open("/dev/zero", libc::O_RDONLY as i64, 0);
        assert!(fd >= 0);
        assert_eq!(rt_mmap(0, pg(), R, PRIVATE, fd, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::ENODEV as i64);
        assert_eq!(rt_close(fd), 0);
        assert_eq!(rt_mmap(0, pg(), R, PRIVATE, 1 << 20, 0), Ok(-1));
        assert_eq!(rt_errno(), libc::EBADF as i64);
    }

    #[test]
    fn a_copy_too_large_to_allocate_is_an_error_not_an_abort() {
        // A read-only private anonymous mapping costs no memory until touched; 64 TiB
        // is more than any machine can allocate for the copy.
        let len: i64 = 64 << 40;
        let norsv = PRIVATE | ANON | libc::MAP_NORESERVE as i64;
        let a = rt_mmap(0, len, R, norsv, -1, 0).unwrap();
        if a == -1 {
            // an address-space limit (ulimit -v): nothing to test here
            return;
        }
        let e = rt_mem_read(a, len).unwrap_err();
        assert_eq!(
            e.0,
            format!(
                "rt_mem_read: cannot allocate {len} bytes for the copy (out of memory); read \
                 the range in smaller pieces"
            )
        );
        assert!(crate::memory::rt_mem_read_text(a, len).is_err());
        assert_eq!(rt_mem_read(a, 3), Ok(vec![0, 0, 0]));
        assert_eq!(rt_munmap(a, len), Ok(0));
    }

    /// Entries in /proc/self/fd (includes the directory handle used to count them).
    fn fd_count() -> usize {
        std::fs::read_dir("/proc/self/fd").unwrap().count()
    }

    #[test]
    fn ten_thousand_open_mmap_munmap_close_cycles_leak_no_fds() {
        let dir = TempDir::new("fdleak");
        let p = file_with(&dir, "f", pg() as usize);
        let _f = fds_exclusive();
        let before = fd_count();
        for i in 0..10_000 {
            let fd = rt_open(&p, libc::O_RDONLY as i64, 0);
            assert!(fd >= 0, "open failed at {i}: errno {}", rt_errno());
            let a = rt_mmap(0, pg(), R, PRIVATE, fd, 0).unwrap();
            assert!(a > 0, "mmap failed at {i}: errno {}", rt_errno());
            assert_eq!(rt_read_u8(a + 1), Ok(1));
            assert_eq!(rt_munmap(a, pg()), Ok(0));
            assert_eq!(rt_close(fd), 0);
        }
        assert_eq!(fd_count(), before);
    }

    // ---- fork tests -------------------------------------------------------------------
    //
    // `cargo test` runs tests on several threads, so these tests fork a multi-threaded
    // process. Only the forking thread exists in the child, and any lock another thread held
    // at the moment of the fork stays locked forever in the child (the allocator's, stdout's,
    // ...). The children therefore only do async-signal-safe work: raw pointer writes into
    // memory that already exists, raw libc calls, and `libc::_exit` — no allocation, no
    // locks, no panics, no `assert!`. Each fork test holds FORK_LOCK so that `waitpid` in
    // one test never reaps another test's child.

    #[test]
    fn shared_anonymous_memory_written_by_four_children_is_seen_by_the_parent() {
        let _g = fork_lock();
        let a = rt_mmap(0, pg(), R | W, SHARED | ANON, -1, 0).unwrap();
        let mut pids = [0i64; 4];
        for (i, pid) in pids.iter_mut().enumerate() {
            *pid = rt_fork();
            if *pid == 0 {
                // Child: async-signal-safe only (see above).
                // SAFETY: `a` is a live read/write MAP_SHARED mapping of one page inherited
                // from the parent; slot i (8 bytes at a + 8*i) is inside it.
                unsafe {
                    ((a as usize + 8 * i) as *mut u64).write_volatile((i as u64 + 1) * 1111);
                    libc::_exit(0);
                }
            }
            assert!(*pid > 0);
        }
        for pid in pids {
            assert_eq!(rt_waitpid(pid, 0), (pid, 0));
        }
        for i in 0..4 {
            assert_eq!(rt_read_u64(a + 8 * i), Ok((i + 1) * 1111));
        }
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn private_anonymous_memory_written_by_a_child_is_not_seen_by_the_parent() {
        let _g = fork_lock();
        let a = anon(pg(), R | W);
        let pid = rt_fork();
        if pid == 0 {
            // SAFETY: `a` is a live read/write private mapping inherited from the parent.
            unsafe {
                (a as usize as *mut u64).write_volatile(99);
                libc::_exit(0);
            }
        }
        assert_eq!(rt_waitpid(pid, 0), (pid, 0));
        assert_eq!(rt_read_u64(a), Ok(0));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn shared_file_mapping_written_by_a_child_reaches_parent_and_file() {
        let _g = fork_lock();
        let _f = fds_shared();
        let dir = TempDir::new("sharedfile");
        let p = dir.path("f");
        std::fs::write(&p, vec![0u8; pg() as usize]).unwrap();
        let fd = rt_open(&p, o_rdwr(), 0);
        let a = rt_mmap(0, pg(), R | W, SHARED, fd, 0).unwrap();
        assert!(a > 0);
        let pid = rt_fork();
        if pid == 0 {
            // Child: async-signal-safe only.
            // SAFETY: `a` is a live read/write MAP_SHARED file mapping of one page.
            unsafe {
                let base = a as usize as *mut u8;
                for (i, b) in b"written by child".iter().enumerate() {
                    base.add(100 + i).write_volatile(*b);
                }
                libc::_exit(0);
            }
        }
        assert_eq!(rt_waitpid(pid, 0), (pid, 0));
        assert_eq!(rt_mem_read(a + 100, 16), Ok(b"written by child".to_vec()));
        assert_eq!(rt_msync(a, pg(), libc::MS_SYNC as i64), Ok(0));
        let on_disk = std::fs::read(&p).unwrap();
        assert_eq!(&on_disk[100..116], b"written by child");
        assert_eq!(rt_munmap(a, pg()), Ok(0));
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn the_region_table_is_inherited_by_a_forked_child() {
        let _g = fork_lock();
        let a = rt_mmap(0, pg(), R | W, SHARED | ANON, -1, 0).unwrap();
        let pid = rt_fork();
        if pid == 0 {
            // Child. rt_write_u64 takes the region-table lock, which is safe here although
            // other test threads exist: rt_fork held that lock across fork(), so it is free
            // in the child, and the success path of rt_write_u64 does not allocate. The exit
            // code reports what the checked accessors did (no assert! in a child).
            let ok = rt_write_u64(a, 4242) == Ok(0);
            let foreign = rt_read_u8(8).is_err();
            let code = if ok && foreign { 0 } else { 1 };
            // SAFETY: _exit is async-signal-safe and ends the child without unwinding.
            unsafe { libc::_exit(code) };
        }
        assert_eq!(rt_waitpid(pid, 0), (pid, 0));
        assert_eq!(rt_read_u64(a), Ok(4242));
        assert_eq!(rt_munmap(a, pg()), Ok(0));
    }

    #[test]
    fn sigbus_message_formats_the_address() {
        let mut buf = [0u8; 192];
        let n = sigbus_message(0x7f3a_0000_1234, &mut buf);
        assert_eq!(
            std::str::from_utf8(&buf[..n]).unwrap(),
            "simple: fatal: SIGBUS at address 0x00007f3a00001234: a memory-mapped file no \
             longer backs this page (the file was truncated, or the access is past its end); \
             exiting with status 135\n"
        );
    }

    #[test]
    fn access_to_a_truncated_mapped_file_exits_135_with_a_message() {
        let _g = fork_lock();
        let _f = fds_shared();
        let dir = TempDir::new("sigbus");
        let p = file_with(&dir, "f", 2 * pg() as usize);
        let fd = rt_open(&p, o_rdwr(), 0);
        let a = rt_mmap(0, 2 * pg(), R, SHARED, fd, 0).unwrap();
        assert!(a > 0);
        assert_eq!(rt_read_u8(a + pg() + 1), Ok((pg() + 1) % 251));
        // "another process" truncates the file
        assert_eq!(rt_ftruncate(fd, 0), 0);
        let mut pipe = [0 as libc::c_int; 2];
        // SAFETY: `pipe` is a writable array of two c_ints.
        assert_eq!(unsafe { libc::pipe(pipe.as_mut_ptr()) }, 0);
        let pid = rt_fork();
        if pid == 0 {
            // Child: stderr into the pipe, then touch the vanished page; the SIGBUS handler
            // installed by rt_mmap reports and exits. Raw libc only.
            // SAFETY: dup2/close are async-signal-safe on valid fds; `a + pg()` is a live
            // mapped page whose file backing was truncated away, so the volatile read raises
            // SIGBUS (handled by on_sigbus, which exits) rather than returning.
            unsafe {
                libc::dup2(pipe[1], 2);
                libc::close(pipe[0]);
                ((a + pg()) as usize as *const u8).read_volatile();
                libc::_exit(1);
            }
        }
        assert_eq!(rt_close(pipe[1] as i64), 0);
        let (got, status) = rt_waitpid(pid, 0);
        assert_eq!(got, pid);
        assert_eq!(status & 0x7f, 0, "exited normally, status {status:#x}");
        assert_eq!((status >> 8) & 0xff, 135);
        let mut out = Vec::new();
        loop {
            let chunk = rt_read(pipe[0] as i64, 4096).unwrap();
            if chunk.is_empty() {
                break;
            }
            out.extend(chunk);
        }
        assert_eq!(rt_close(pipe[0] as i64), 0);
        let msg = String::from_utf8(out).unwrap();
        assert!(
            msg.starts_with(&format!(
                "simple: fatal: SIGBUS at address {:#018x}:",
                a + pg()
            )),
            "{msg}"
        );
        assert_eq!(rt_munmap(a, 2 * pg()), Ok(0));
        assert_eq!(rt_close(fd), 0);
    }
}
