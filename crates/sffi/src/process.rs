//! `rt_fork`, `rt_waitpid`, `rt_kill`, `rt_getpid`, `rt_exit`.
//!
//! Decoding wait statuses is logic and lives in Simple (bit operations on the raw status).

use crate::misc::{record_errno, set_errno};
use crate::region;
use std::io::Write;

/// `rt_fork() -> i64`: 0 in the child, the child's pid in the parent, -1 with errno.
///
/// Before forking, Rust's stdout/stderr are flushed (the interpreter's glue flushes its own
/// buffers before calling this), so nothing buffered is written twice. The stdout, stderr and
/// region-table locks are held across `fork()` and released on both sides, so the child
/// starts with all three unlocked and a consistent copy of the region table, even if other
/// threads were using them.
pub fn rt_fork() -> i64 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let _ = out.flush();
    let _ = err.flush();
    let regions = region::table();
    // SAFETY: fork has no memory-safety preconditions. The child has only this thread; the
    // locks this wrapper holds are released normally in both processes below. Locks held by
    // *other* threads stay locked in the child — embedders must fork from single-threaded
    // contexts (see docs/sffi.md).
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        record_errno();
    }
    drop(regions);
    drop(err);
    drop(out);
    i64::from(pid)
}

/// `rt_waitpid(pid, options) -> (pid, status)`: the reaped (or, with `WNOHANG`, 0) pid and
/// its raw wait status; `(-1, 0)` with errno on failure (`ECHILD` if `pid` is not an
/// unreaped child — returned at once, never blocking). One call: `EINTR` is returned.
pub fn rt_waitpid(pid: i64, options: i64) -> (i64, i64) {
    let (Some(pid), Some(options)) = (crate::c_int(pid), crate::c_int(options)) else {
        set_errno(libc::EINVAL);
        return (-1, 0);
    };
    let mut status: libc::c_int = 0;
    // SAFETY: `status` is a valid, writable c_int.
    let rc = unsafe { libc::waitpid(pid, &mut status, options) };
    if rc < 0 {
        record_errno();
        return (-1, 0);
    }
    (i64::from(rc), i64::from(status))
}

/// `rt_kill(pid, signal) -> i64`: 0, or -1 with errno.
pub fn rt_kill(pid: i64, signal: i64) -> i64 {
    let (Some(pid), Some(signal)) = (crate::c_int(pid), crate::c_int(signal)) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: kill has no memory-safety preconditions.
    let rc = unsafe { libc::kill(pid, signal) };
    if rc != 0 {
        record_errno();
        return -1;
    }
    0
}

/// `rt_getpid() -> i64`: this process's pid.
pub fn rt_getpid() -> i64 {
    // SAFETY: getpid has no preconditions and cannot fail.
    i64::from(unsafe { libc::getpid() })
}

/// `rt_exit(code) -> never`: flushes Rust's stdout/stderr, then ends the process with
/// `_exit(code)` — no destructors, no atexit handlers, no second flush of buffers a forked
/// child shares with its parent. The status the parent sees is `code & 0xff`.
pub fn rt_exit(code: i64) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: _exit has no preconditions; it ends the process immediately.
    unsafe { libc::_exit(code as libc::c_int) }
}

#[cfg(test)]
mod tests {
    // Fork tests: see the comment in `mmap::tests`. Children forked from this multi-threaded
    // test process only do async-signal-safe work (raw libc calls, `_exit`); the exceptions
    // are commented where they occur. Every test that forks holds FORK_LOCK.
    use super::*;
    use crate::misc::rt_errno;
    use crate::test_util::fork_lock;
    use std::time::{Duration, Instant};

    fn exited(status: i64) -> Option<i64> {
        (status & 0x7f == 0).then_some((status >> 8) & 0xff)
    }

    fn signaled(status: i64) -> Option<i64> {
        let sig = status & 0x7f;
        (sig != 0 && sig != 0x7f).then_some(sig)
    }

    #[test]
    fn getpid_is_this_process() {
        assert_eq!(rt_getpid(), i64::from(std::process::id()));
    }

    #[test]
    fn child_exit_code_300_decodes_to_44() {
        let _g = fork_lock();
        let pid = rt_fork();
        if pid == 0 {
            // Child: rt_exit flushes Rust's stdout/stderr before _exit. That takes their
            // locks, which is safe here only because rt_fork held them across fork(); the
            // buffers are empty (flushed before fork), so nothing is allocated or written.
            rt_exit(300);
        }
        assert!(pid > 0);
        let (got, status) = rt_waitpid(pid, 0);
        assert_eq!(got, pid);
        assert_eq!(exited(status), Some(44));
        assert_eq!(status, 44 << 8);
    }

    #[test]
    fn waitpid_on_an_already_reaped_child_is_echild_immediately() {
        let _g = fork_lock();
        let pid = rt_fork();
        if pid == 0 {
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(0) };
        }
        assert_eq!(rt_waitpid(pid, 0), (pid, 0));
        let t = Instant::now();
        assert_eq!(rt_waitpid(pid, 0), (-1, 0));
        assert_eq!(rt_errno(), libc::ECHILD as i64);
        assert!(t.elapsed() < Duration::from_millis(500));
        // no children at all (FORK_LOCK is held, so no other test has any)
        assert_eq!(rt_waitpid(-1, libc::WNOHANG as i64), (-1, 0));
        assert_eq!(rt_errno(), libc::ECHILD as i64);
    }

    #[test]
    fn sigkill_and_sigsegv_give_distinguishable_statuses() {
        let _g = fork_lock();
        let k = rt_fork();
        if k == 0 {
            loop {
                // SAFETY: pause is async-signal-safe; the child waits to be killed.
                unsafe { libc::pause() };
            }
        }
        let s = rt_fork();
        if s == 0 {
            // The test process may have a SIGSEGV handler (Rust's stack-overflow guard);
            // restore the default action first so the signal terminates the child.
            // SAFETY: signal and raise are async-signal-safe.
            unsafe {
                libc::signal(libc::SIGSEGV, libc::SIG_DFL);
                libc::raise(libc::SIGSEGV);
                libc::_exit(1);
            }
        }
        assert_eq!(rt_kill(k, libc::SIGKILL as i64), 0);
        let (pk, sk) = rt_waitpid(k, 0);
        let (ps, ss) = rt_waitpid(s, 0);
        assert_eq!((pk, ps), (k, s));
        assert_eq!(signaled(sk), Some(libc::SIGKILL as i64));
        assert_eq!(signaled(ss), Some(libc::SIGSEGV as i64));
        assert_eq!(exited(sk), None);
        assert_eq!(exited(ss), None);
        assert_ne!(sk & 0x7f, ss & 0x7f);
    }

    #[test]
    fn wnohang_returns_zero_while_the_child_runs() {
        let _g = fork_lock();
        let pid = rt_fork();
        if pid == 0 {
            loop {
                // SAFETY: pause is async-signal-safe.
                unsafe { libc::pause() };
            }
        }
        assert_eq!(rt_waitpid(pid, libc::WNOHANG as i64), (0, 0));
        assert_eq!(rt_kill(pid, libc::SIGTERM as i64), 0);
        let (got, status) = rt_waitpid(pid, 0);
        assert_eq!(got, pid);
        assert_eq!(signaled(status), Some(libc::SIGTERM as i64));
    }

    #[test]
    fn kill_failures_set_errno() {
        // signal 0 only checks that the process exists
        assert_eq!(rt_kill(rt_getpid(), 0), 0);
        assert_eq!(rt_kill(i64::from(i32::MAX), 0), -1);
        assert_eq!(rt_errno(), libc::ESRCH as i64);
        assert_eq!(rt_kill(rt_getpid(), 9999), -1);
        assert_eq!(rt_errno(), libc::EINVAL as i64);
        assert_eq!(rt_kill(1 << 40, 0), -1);
        assert_eq!(rt_errno(), libc::EINVAL as i64);
    }

    #[test]
    fn waitpid_bad_options_is_einval() {
        assert_eq!(rt_waitpid(-1, 0x4000_0000 | 0x1234), (-1, 0));
        assert_eq!(rt_errno(), libc::EINVAL as i64);
    }
}
