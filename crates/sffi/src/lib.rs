//! SFFI ("Simple FFI"): the host functions behind Simple's `extern fn` declarations.
//!
//! Every public `rt_*` function here is a thin wrapper: one libc call plus the conversion
//! of its arguments and result. All logic — retries, caching, parsing, turning `-1` into an
//! error value, decoding wait statuses — is written in Simple on top of these. The contract
//! (names, signatures, return conventions) is `shared/spec/SFFI.md`; the user-facing
//! description is `docs/sffi.md`.
//!
//! # Boundary types
//!
//! * integers are `i64` in and out;
//! * byte data in is `&[u8]`, paths/text in are `&str`;
//! * bytes out are `Vec<u8>`, text out is `String`;
//! * "nil on error" results are `Option<_>`;
//! * misuse that no OS call could report safely (a memory access outside any live region,
//!   unmapping something that is not a region, an unknown constant name, a negative length)
//!   is `Err(SffiError)`, which the interpreter turns into a Simple runtime error.
//!
//! OS failures are **not** `SffiError`s: like the C call, the wrapper returns `-1` (or `None`,
//! or `0` for `rt_malloc`) and records `errno`, which [`rt_errno`] returns until the next
//! failing wrapper on the same thread.
//!
//! # The one piece of logic: the region table
//!
//! [`region`] keeps a process-global table of every live region created by [`rt_mmap`] or
//! [`rt_malloc`]. Each `rt_read_*`/`rt_write_*`/`rt_mem_*` access, and each
//! `rt_munmap`/`rt_free`/`rt_mprotect`/`rt_madvise`/`rt_msync`/`rt_mlock`/`rt_munlock`, is
//! checked against it, so a script can never crash the interpreter through memory.

#![cfg(unix)]

pub mod files;
pub mod handle;
pub mod ipc;
pub mod memory;
pub mod misc;
pub mod mmap;
pub mod process;
pub mod region;
pub mod register;
pub mod view;

pub use files::{
    rt_close, rt_fadvise, rt_file_size, rt_fstat, rt_fsync, rt_ftruncate, rt_list_dir, rt_lseek,
    rt_mkdir, rt_mkdtemp, rt_open, rt_path_kind, rt_pread, rt_read, rt_rmdir, rt_unlink, rt_write,
};
pub use handle::{rt_fd_handle, rt_handle_close, rt_handle_fd};
pub use ipc::{
    rt_atomic_fetch_add, rt_atomic_load, rt_atomic_store, rt_cpu_count, rt_pipe, rt_poll,
    rt_sleep_ns,
};
pub use memory::{
    rt_free, rt_malloc, rt_mem_read, rt_mem_read_text, rt_mem_write, rt_read_i64, rt_read_u8,
    rt_read_u16, rt_read_u32, rt_read_u64, rt_write_u8, rt_write_u16, rt_write_u32, rt_write_u64,
};
pub use misc::{
    rt_clock_ns, rt_errno, rt_flush, rt_page_size, rt_strerror, rt_sys_const, sys_const_names,
};
pub use mmap::{rt_madvise, rt_mlock, rt_mmap, rt_mprotect, rt_msync, rt_munlock, rt_munmap};
pub use process::{rt_exit, rt_fork, rt_getpid, rt_kill, rt_waitpid};
pub use register::register_all;
pub use view::{rt_view, rt_view_bytes, rt_view_revoke};

use std::fmt;

/// A misuse of a wrapper that must become a Simple runtime error (never a crash, never UB).
///
/// The message names the wrapper and, for memory errors, the address and range involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SffiError(pub String);

impl fmt::Display for SffiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SffiError {}

/// Converts an `i64` argument to a C `int`. Out-of-range values are not truncated (that
/// could silently turn fd `2^32 + 1` into fd 1): they yield `None`, and the wrapper fails
/// with `EINVAL` (or `EBADF` for descriptors) as the OS would for a nonsense value.
pub(crate) fn c_int(v: i64) -> Option<libc::c_int> {
    libc::c_int::try_from(v).ok()
}

/// Like [`c_int`] for file descriptors: an out-of-range descriptor becomes `-1`, which
/// every fd-taking call rejects with `EBADF`.
pub(crate) fn c_fd(v: i64) -> libc::c_int {
    libc::c_int::try_from(v).unwrap_or(-1)
}

#[cfg(test)]
pub(crate) mod test_util {
    use std::path::PathBuf;
    use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

    /// Every test that forks holds this, so at most one test has children at a time
    /// (`waitpid` tests must not reap each other's children).
    static FORK_LOCK: Mutex<()> = Mutex::new(());

    /// Tests that open file descriptors take this shared; the fd-leak test takes it
    /// exclusively so its count of `/proc/self/fd` is not disturbed by other test threads.
    static FD_LOCK: RwLock<()> = RwLock::new(());

    pub fn fork_lock() -> MutexGuard<'static, ()> {
        FORK_LOCK.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn fds_shared() -> RwLockReadGuard<'static, ()> {
        FD_LOCK.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn fds_exclusive() -> RwLockWriteGuard<'static, ()> {
        FD_LOCK.write().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh directory under the system temp dir (its path, and the guard
    /// that removes it recursively on drop).
    pub struct TempDir(pub PathBuf, #[allow(dead_code)] tempfile::TempDir);

    impl TempDir {
        pub fn new(tag: &str) -> TempDir {
            let dir = tempfile::Builder::new()
                .prefix(&format!("simple-sffi-test-{tag}-"))
                .tempdir()
                .unwrap();
            TempDir(dir.path().to_path_buf(), dir)
        }

        pub fn path(&self, name: &str) -> String {
            self.0.join(name).to_str().unwrap().to_string()
        }
    }
}

/// The Rust examples in the README and in `docs/sffi.md`, compiled and run
/// as doctests so that the documentation cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeExamples;

#[cfg(doctest)]
#[doc = include_str!("../../../docs/sffi.md")]
pub struct SffiDocExamples;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sffi_error_displays_its_message() {
        let e = SffiError("rt_free: boom".to_string());
        assert_eq!(e.to_string(), "rt_free: boom");
    }

    #[test]
    fn c_int_rejects_out_of_range_instead_of_truncating() {
        assert_eq!(c_int(5), Some(5));
        assert_eq!(c_int(-1), Some(-1));
        assert_eq!(c_int(1 << 32), None);
        assert_eq!(c_fd((1 << 32) + 1), -1);
        assert_eq!(c_fd(7), 7);
    }
}
