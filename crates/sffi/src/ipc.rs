//! What worker pools need: `rt_cpu_count`, `rt_sleep_ns`, atomics on region memory,
//! `rt_pipe`, `rt_poll`. One libc call or one atomic operation each; the pool, the
//! result transport and every retry loop are Simple code (`spl/std/io/fs/workers.spl`,
//! `spl/std/io/pool.spl`).

use std::sync::atomic::{AtomicI64, Ordering};

use crate::SffiError;
use crate::misc::{record_errno, set_errno};
use crate::region::{Access, table};

/// `rt_cpu_count() -> i64`: the CPUs this process may run on (`sched_getaffinity`), or
/// -1/errno.
pub fn rt_cpu_count() -> i64 {
    // SAFETY: an all-zero cpu_set_t is a valid empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a writable cpu_set_t of the size passed.
    let rc =
        unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if rc != 0 {
        record_errno();
        return -1;
    }
    // SAFETY: `set` was filled in by the kernel above.
    i64::from(unsafe { libc::CPU_COUNT(&set) })
}

/// `rt_sleep_ns(ns) -> i64`: one `nanosleep`; 0, or -1/errno (`EINTR` when a signal cut
/// it short; a negative `ns` is `EINVAL`).
pub fn rt_sleep_ns(ns: i64) -> i64 {
    if ns < 0 {
        set_errno(libc::EINVAL);
        return -1;
    }
    let ts = libc::timespec {
        tv_sec: ns / 1_000_000_000,
        tv_nsec: ns % 1_000_000_000,
    };
    // SAFETY: `ts` is a valid timespec; the remainder pointer may be null.
    if unsafe { libc::nanosleep(&ts, std::ptr::null_mut()) } != 0 {
        record_errno();
        return -1;
    }
    0
}

/// Runs `f` on the 8-byte cell at `addr`, which must be 8-aligned and inside one live
/// region with the access `need`; the table lock is held throughout, so the region cannot
/// be unmapped meanwhile.
fn with_cell<R>(
    who: &str,
    addr: i64,
    need: Access,
    f: impl FnOnce(&AtomicI64) -> R,
) -> Result<R, SffiError> {
    if addr % 8 != 0 {
        return Err(SffiError(format!(
            "{who}: address {addr:#x} is not 8-byte aligned (atomics need aligned cells)"
        )));
    }
    let t = table();
    let p = t.check_access(who, addr, 8, need)?;
    // SAFETY: `p` is 8-aligned and `[p, p + 8)` lies in a live region with the access
    // needed (checked above); the lock held in `t` keeps the region mapped until `f`
    // returns. Other processes sharing the page access it atomically too (or race, as
    // with any shared memory), which an AtomicI64 tolerates.
    let cell = unsafe { AtomicI64::from_ptr(p.cast::<i64>()) };
    let r = f(cell);
    drop(t);
    Ok(r)
}

/// `rt_atomic_fetch_add(addr, v) -> i64`: adds `v` (wrapping) to the i64 at `addr`
/// atomically and returns the old value. The cell must be 8-aligned in a writable region.
pub fn rt_atomic_fetch_add(addr: i64, v: i64) -> Result<i64, SffiError> {
    with_cell("rt_atomic_fetch_add", addr, Access::Write, |c| {
        c.fetch_add(v, Ordering::SeqCst)
    })
}

/// `rt_atomic_load(addr) -> i64`: the i64 at `addr`, read atomically (8-aligned, readable).
pub fn rt_atomic_load(addr: i64) -> Result<i64, SffiError> {
    with_cell("rt_atomic_load", addr, Access::Read, |c| {
        c.load(Ordering::SeqCst)
    })
}

/// `rt_atomic_store(addr, v) -> i64`: stores `v` atomically (8-aligned, writable); 0.
pub fn rt_atomic_store(addr: i64, v: i64) -> Result<i64, SffiError> {
    with_cell("rt_atomic_store", addr, Access::Write, |c| {
        c.store(v, Ordering::SeqCst);
        0
    })
}

/// `rt_pipe() -> (i64, i64)`: `pipe2(O_CLOEXEC)`: `(read end, write end)`, or `(-1, -1)`
/// with errno.
pub fn rt_pipe() -> (i64, i64) {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        record_errno();
        return (-1, -1);
    }
    (i64::from(fds[0]), i64::from(fds[1]))
}

/// `rt_poll(fd, events, timeout_ms) -> i64`: one `poll` on one descriptor: the returned
/// events (`POLLIN`, `POLLHUP`, ...), 0 on timeout, -1/errno. A negative timeout waits
/// without limit; `events` must fit a C short (else `EINVAL`).
pub fn rt_poll(fd: i64, events: i64, timeout_ms: i64) -> i64 {
    let Ok(events) = libc::c_short::try_from(events) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    let timeout = libc::c_int::try_from(timeout_ms.max(-1)).unwrap_or(libc::c_int::MAX);
    let mut p = libc::pollfd {
        fd: crate::c_fd(fd),
        events,
        revents: 0,
    };
    // SAFETY: `p` is one valid pollfd, and the count passed is 1.
    let rc = unsafe { libc::poll(&mut p, 1, timeout) };
    if rc < 0 {
        record_errno();
        return -1;
    }
    if rc == 0 {
        return 0;
    }
    i64::from(p.revents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{rt_mmap, rt_munmap, rt_read, rt_write};

    #[test]
    fn cpu_count_is_positive() {
        assert!(rt_cpu_count() >= 1);
    }

    #[test]
    fn sleep_rejects_negative() {
        assert_eq!(rt_sleep_ns(-1), -1);
        assert_eq!(crate::rt_errno(), libc::EINVAL as i64);
        assert_eq!(rt_sleep_ns(1000), 0);
    }

    #[test]
    fn atomics_check_alignment_and_regions() {
        let len = 4096;
        let prot = (libc::PROT_READ | libc::PROT_WRITE) as i64;
        let flags = (libc::MAP_SHARED | libc::MAP_ANONYMOUS) as i64;
        let a = rt_mmap(0, len, prot, flags, -1, 0).unwrap();
        assert_eq!(rt_atomic_fetch_add(a + 8, 5), Ok(0));
        assert_eq!(rt_atomic_fetch_add(a + 8, 2), Ok(5));
        assert_eq!(rt_atomic_load(a + 8), Ok(7));
        assert_eq!(rt_atomic_store(a + 8, -3), Ok(0));
        assert_eq!(rt_atomic_load(a + 8), Ok(-3));
        let e = rt_atomic_load(a + 4).unwrap_err();
        assert!(e.0.contains("not 8-byte aligned"), "{e}");
        assert!(rt_atomic_load(a + len).is_err());
        assert_eq!(rt_munmap(a, len), Ok(0));
        assert!(rt_atomic_fetch_add(a, 1).is_err());
    }

    #[test]
    fn pipe_and_poll() {
        let _f = crate::test_util::fds_shared();
        let (r, w) = rt_pipe();
        assert!(r >= 0 && w >= 0);
        assert_eq!(rt_poll(r, libc::POLLIN as i64, 0), 0);
        assert_eq!(rt_write(w, b"hi"), 2);
        assert_eq!(rt_poll(r, libc::POLLIN as i64, 1000), libc::POLLIN as i64);
        assert_eq!(rt_read(r, 10), Some(b"hi".to_vec()));
        assert_eq!(crate::rt_close(w), 0);
        let ev = rt_poll(r, libc::POLLIN as i64, 1000);
        assert!(ev & libc::POLLHUP as i64 != 0, "{ev}");
        assert_eq!(rt_read(r, 10), Some(Vec::new()));
        assert_eq!(rt_poll(r, 1 << 20, 0), -1, "events outside a C short");
        assert_eq!(crate::rt_errno(), libc::EINVAL as i64);
        assert_eq!(crate::rt_close(r), 0);
    }
}
