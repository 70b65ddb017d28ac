//! `rt_malloc`/`rt_free` and the checked memory accessors `rt_read_*`, `rt_write_*`,
//! `rt_mem_*`.
//!
//! Every accessor validates its range against the [region table](crate::region) and
//! performs the access while holding the table lock, so a concurrent `rt_munmap`/`rt_free`
//! cannot free the memory between the check and the access.

use crate::SffiError;
use crate::misc::{record_errno, set_errno};
use crate::region::{Access, table};

/// `rt_malloc(size) -> i64`: address of `size` fresh bytes, or 0 on failure (errno
/// `ENOMEM`). `size <= 0` returns 0 with errno `EINVAL`. The block is recorded as a
/// read/write region of exactly `size` bytes.
pub fn rt_malloc(size: i64) -> i64 {
    if size <= 0 {
        set_errno(libc::EINVAL);
        return 0;
    }
    let mut t = table();
    // SAFETY: malloc has no preconditions; a null result is handled below.
    let p = unsafe { libc::malloc(size as usize) };
    if p.is_null() {
        record_errno();
        return 0;
    }
    t.insert_malloc(p as usize, size as usize);
    p as i64
}

/// `rt_free(addr) -> i64`: frees a block from `rt_malloc`; 0. `rt_free(0)` is a no-op like
/// `free(NULL)`. Any other address that is not a live `rt_malloc` block (already freed, a
/// mapping, an interior pointer) is an error, not undefined behaviour.
pub fn rt_free(addr: i64) -> Result<i64, SffiError> {
    if addr == 0 {
        return Ok(0);
    }
    let mut t = table();
    t.check_free("rt_free", addr)?;
    // SAFETY: the table says `addr` is the start of a live block returned by malloc and not
    // yet freed; removing it below (under the same lock) prevents a second free.
    unsafe { libc::free(addr as usize as *mut libc::c_void) };
    t.remove(addr as usize);
    Ok(0)
}

/// Copies `N` bytes out of a checked region.
fn read_bytes<const N: usize>(who: &str, addr: i64) -> Result<[u8; N], SffiError> {
    let t = table();
    let p = t.check_access(who, addr, N, Access::Read)?;
    // SAFETY: `[p, p + N)` lies inside a live, readable region (checked above), and the lock
    // held in `t` keeps it alive for the duration of the read. Unaligned reads are allowed.
    Ok(unsafe { p.cast::<[u8; N]>().read_unaligned() })
}

/// Copies `N` bytes into a checked region.
fn write_bytes<const N: usize>(who: &str, addr: i64, bytes: [u8; N]) -> Result<i64, SffiError> {
    let t = table();
    let p = t.check_access(who, addr, N, Access::Write)?;
    // SAFETY: `[p, p + N)` lies inside a live, writable region (checked above), and the lock
    // held in `t` keeps it alive for the duration of the write. Unaligned writes are allowed.
    unsafe { p.cast::<[u8; N]>().write_unaligned(bytes) };
    Ok(0)
}

/// `rt_read_u8(addr) -> i64`.
pub fn rt_read_u8(addr: i64) -> Result<i64, SffiError> {
    Ok(i64::from(u8::from_le_bytes(read_bytes(
        "rt_read_u8",
        addr,
    )?)))
}

/// `rt_read_u16(addr) -> i64` (little-endian, unaligned allowed).
pub fn rt_read_u16(addr: i64) -> Result<i64, SffiError> {
    Ok(i64::from(u16::from_le_bytes(read_bytes(
        "rt_read_u16",
        addr,
    )?)))
}

/// `rt_read_u32(addr) -> i64` (little-endian, unaligned allowed).
pub fn rt_read_u32(addr: i64) -> Result<i64, SffiError> {
    Ok(i64::from(u32::from_le_bytes(read_bytes(
        "rt_read_u32",
        addr,
    )?)))
}

/// `rt_read_u64(addr) -> i64`: the 64 bits, reinterpreted as i64 (little-endian).
pub fn rt_read_u64(addr: i64) -> Result<i64, SffiError> {
    Ok(u64::from_le_bytes(read_bytes("rt_read_u64", addr)?) as i64)
}

/// `rt_read_i64(addr) -> i64` (little-endian, unaligned allowed).
pub fn rt_read_i64(addr: i64) -> Result<i64, SffiError> {
    Ok(i64::from_le_bytes(read_bytes("rt_read_i64", addr)?))
}

/// `rt_write_u8(addr, v) -> 0`: stores the low 8 bits of `v`.
pub fn rt_write_u8(addr: i64, v: i64) -> Result<i64, SffiError> {
    write_bytes("rt_write_u8", addr, (v as u8).to_le_bytes())
}

/// `rt_write_u16(addr, v) -> 0`: stores the low 16 bits of `v` (little-endian).
pub fn rt_write_u16(addr: i64, v: i64) -> Result<i64, SffiError> {
    write_bytes("rt_write_u16", addr, (v as u16).to_le_bytes())
}

/// `rt_write_u32(addr, v) -> 0`: stores the low 32 bits of `v` (little-endian).
pub fn rt_write_u32(addr: i64, v: i64) -> Result<i64, SffiError> {
    write_bytes("rt_write_u32", addr, (v as u32).to_le_bytes())
}

/// `rt_write_u64(addr, v) -> 0`: stores the 64 bits of `v` (little-endian).
pub fn rt_write_u64(addr: i64, v: i64) -> Result<i64, SffiError> {
    write_bytes("rt_write_u64", addr, (v as u64).to_le_bytes())
}

fn length(who: &str, len: i64) -> Result<usize, SffiError> {
    usize::try_from(len).map_err(|_| SffiError(format!("{who}: negative length {len}")))
}

/// An empty buffer with room for `n` bytes, or an error naming the size: a script-chosen
/// length must never abort the interpreter through a failed allocation. See [`reserve`].
fn buffer(who: &str, n: usize) -> Result<Vec<u8>, SffiError> {
    let mut v = Vec::new();
    reserve(who, n, |n| v.try_reserve_exact(n).is_ok())?;
    Ok(v)
}

/// Reserves `n` bytes with `try_reserve`, refusing first a copy larger than the machine's
/// physical memory: with memory overcommit the allocation itself might succeed, and the
/// copy would then end the process through the OOM killer instead of failing here.
fn reserve(who: &str, n: usize, try_reserve: impl FnOnce(usize) -> bool) -> Result<(), SffiError> {
    if n as u64 > physical_memory() || !try_reserve(n) {
        return Err(out_of_memory(who, n));
    }
    Ok(())
}

/// The machine's physical memory in bytes (`u64::MAX` if unknown).
fn physical_memory() -> u64 {
    // Miri does not model this query; `try_reserve` still bounds the copy.
    if cfg!(miri) {
        return u64::MAX;
    }
    // SAFETY: sysconf has no preconditions.
    let pages = unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) };
    u64::try_from(pages).map_or(u64::MAX, |p| {
        p.saturating_mul(crate::misc::page_size() as u64)
    })
}

fn out_of_memory(who: &str, n: usize) -> SffiError {
    SffiError(format!(
        "{who}: cannot allocate {n} bytes for the copy (out of memory); read the range in \
         smaller pieces"
    ))
}

/// `rt_mem_read(addr, len) -> bytes`: a copy of `len` bytes. A copy that cannot be
/// allocated is an error, not an abort.
pub fn rt_mem_read(addr: i64, len: i64) -> Result<Vec<u8>, SffiError> {
    let n = length("rt_mem_read", len)?;
    let t = table();
    let p = t.check_access("rt_mem_read", addr, n, Access::Read)?;
    let mut v = buffer("rt_mem_read", n)?;
    // SAFETY: `[p, p + n)` lies inside a live, readable region (checked above) that the held
    // lock keeps alive; it is copied into the Vec before the lock is released.
    v.extend_from_slice(unsafe { std::slice::from_raw_parts(p, n) });
    Ok(v)
}

/// `rt_mem_read_text(addr, len) -> text`: `len` bytes as UTF-8, invalid sequences replaced
/// by U+FFFD. As for `rt_mem_read`, a text that cannot be allocated is an error.
pub fn rt_mem_read_text(addr: i64, len: i64) -> Result<String, SffiError> {
    let n = length("rt_mem_read_text", len)?;
    let t = table();
    let p = t.check_access("rt_mem_read_text", addr, n, Access::Read)?;
    // SAFETY: as in `rt_mem_read`: checked, readable, kept alive by the held lock, copied.
    let bytes = unsafe { std::slice::from_raw_parts(p, n) };
    // The text has at least `n` bytes: refuse an impossible size before looking at them.
    reserve("rt_mem_read_text", n, |_| true)?;
    // Each invalid sequence becomes the 3 bytes of U+FFFD: size the text first.
    let size = bytes.utf8_chunks().fold(0usize, |acc, c| {
        let bad = if c.invalid().is_empty() { 0 } else { 3 };
        acc.saturating_add(c.valid().len() + bad)
    });
    let mut out = String::new();
    reserve("rt_mem_read_text", size, |n| {
        out.try_reserve_exact(n).is_ok()
    })?;
    for c in bytes.utf8_chunks() {
        out.push_str(c.valid());
        if !c.invalid().is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Ok(out)
}

/// `rt_mem_write(addr, data) -> i64`: copies `data` to `addr`; the number of bytes written.
pub fn rt_mem_write(addr: i64, data: &[u8]) -> Result<i64, SffiError> {
    let t = table();
    let p = t.check_access("rt_mem_write", addr, data.len(), Access::Write)?;
    // SAFETY: `[p, p + data.len())` lies inside a live, writable region (checked above) kept
    // alive by the held lock; `data` is a Rust slice and cannot overlap script memory
    // mutably, and `copy` tolerates overlap anyway.
    unsafe { std::ptr::copy(data.as_ptr(), p, data.len()) };
    Ok(data.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::misc::rt_errno;

    #[test]
    fn malloc_write_read_free_roundtrip() {
        let a = rt_malloc(16);
        assert_ne!(a, 0);
        assert_eq!(rt_write_u64(a, 0x0102_0304_0506_0708), Ok(0));
        assert_eq!(rt_read_u8(a), Ok(0x08));
        assert_eq!(rt_read_u16(a), Ok(0x0708));
        assert_eq!(rt_read_u32(a), Ok(0x0506_0708));
        assert_eq!(rt_read_u64(a), Ok(0x0102_0304_0506_0708));
        assert_eq!(rt_read_i64(a), Ok(0x0102_0304_0506_0708));
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn writes_are_little_endian_and_truncate_like_as() {
        let a = rt_malloc(8);
        assert_eq!(rt_write_u64(a, 0), Ok(0));
        assert_eq!(rt_write_u8(a, 0x1ff), Ok(0));
        assert_eq!(rt_read_u8(a), Ok(0xff));
        assert_eq!(rt_write_u16(a, 0x12345), Ok(0));
        assert_eq!(rt_mem_read(a, 2), Ok(vec![0x45, 0x23]));
        assert_eq!(rt_write_u32(a + 4, -1), Ok(0));
        assert_eq!(rt_read_u32(a + 4), Ok(0xffff_ffff));
        assert_eq!(
            rt_mem_read(a, 8),
            Ok(vec![0x45, 0x23, 0, 0, 0xff, 0xff, 0xff, 0xff])
        );
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn u64_bits_come_back_as_i64() {
        let a = rt_malloc(8);
        assert_eq!(rt_write_u64(a, -2), Ok(0));
        assert_eq!(rt_read_u64(a), Ok(-2));
        assert_eq!(rt_read_i64(a), Ok(-2));
        assert_eq!(
            rt_mem_read(a, 8),
            Ok(vec![0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        );
        assert_eq!(rt_write_u64(a, i64::MIN), Ok(0));
        assert_eq!(rt_read_u64(a), Ok(i64::MIN));
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn unaligned_accesses_work() {
        let a = rt_malloc(16);
        assert_eq!(rt_write_u64(a + 3, 0x1122_3344_5566_7788), Ok(0));
        assert_eq!(rt_read_u64(a + 3), Ok(0x1122_3344_5566_7788));
        assert_eq!(rt_read_u32(a + 5), Ok(0x3344_5566));
        assert_eq!(rt_read_u16(a + 9), Ok(0x1122));
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn mem_write_and_read_copy_bytes_and_text() {
        let a = rt_malloc(10);
        assert_eq!(rt_mem_write(a, b"hello"), Ok(5));
        assert_eq!(rt_mem_write(a + 5, &[0xff, b'!']), Ok(2));
        assert_eq!(rt_mem_read(a, 5), Ok(b"hello".to_vec()));
        assert_eq!(rt_mem_read_text(a, 7), Ok("hello\u{fffd}!".to_string()));
        assert_eq!(rt_mem_read_text(a, 0), Ok(String::new()));
        assert_eq!(rt_mem_write(a + 10, b""), Ok(0));
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn malloc_of_non_positive_size_returns_zero_with_einval() {
        assert_eq!(rt_malloc(0), 0);
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert_eq!(rt_malloc(-5), 0);
        assert_eq!(rt_errno(), libc::EINVAL as i64);
    }

    #[test]
    fn malloc_failure_returns_zero_with_enomem() {
        assert_eq!(rt_malloc(i64::MAX), 0);
        assert_eq!(rt_errno(), libc::ENOMEM as i64);
    }

    #[test]
    fn accesses_outside_the_block_are_errors() {
        let a = rt_malloc(4);
        let e = rt_read_u64(a).unwrap_err();
        assert_eq!(
            e.0,
            format!(
                "rt_read_u64: range {a:#x}..{:#x} (8 bytes) runs past the end of the malloc \
                 region {a:#x}..{:#x} (4 bytes)",
                a + 8,
                a + 4
            )
        );
        assert!(rt_write_u8(a + 4, 1).is_err());
        assert!(rt_mem_write(a + 2, b"abc").is_err());
        assert!(rt_mem_read(a, 5).is_err());
        assert_eq!(
            rt_mem_read(a, -1).unwrap_err().0,
            "rt_mem_read: negative length -1"
        );
        assert!(rt_mem_read_text(a, -1).is_err());
        assert_eq!(rt_free(a), Ok(0));
    }

    #[test]
    fn access_to_a_foreign_address_is_an_error_not_a_crash() {
        let local = 0u64;
        let addr = &local as *const u64 as i64;
        let e = rt_read_u32(addr).unwrap_err();
        assert_eq!(
            e.0,
            format!(
                "rt_read_u32: address {addr:#x} (4 bytes) is not inside a live mapped or \
                 allocated region"
            )
        );
        assert!(rt_read_u8(0).is_err());
        assert!(rt_write_u8(8, 1).is_err());
        assert!(rt_read_u8(-1).is_err());
    }

    #[test]
    fn use_after_free_and_double_free_are_errors() {
        let a = rt_malloc(8);
        assert_eq!(rt_free(a), Ok(0));
        assert!(rt_read_u8(a).is_err());
        assert!(rt_write_u8(a, 1).is_err());
        assert_eq!(
            rt_free(a).unwrap_err().0,
            format!(
                "rt_free: address {a:#x} is not a live allocation made by rt_malloc (never \
                 allocated, or already freed)"
            )
        );
    }

    #[test]
    fn free_of_an_interior_pointer_is_an_error_and_free_zero_is_a_no_op() {
        let a = rt_malloc(8);
        assert!(rt_free(a + 1).is_err());
        assert_eq!(rt_free(0), Ok(0));
        assert_eq!(rt_free(a), Ok(0));
    }
}
