//! Clock, errno, error text, platform constants, page size, flushing.

use crate::SffiError;
use std::cell::Cell;
use std::io::Write;

thread_local! {
    /// errno of the most recent failing wrapper on this thread. Thread-local so that two
    /// threads running scripts (or two tests) never see each other's errors; a forked child
    /// inherits the forking thread's value.
    static LAST_ERRNO: Cell<i64> = const { Cell::new(0) };
}

/// Records the calling thread's current OS errno as the last wrapper error. Call it
/// immediately after the failing libc call, before anything else can touch errno.
pub(crate) fn record_errno() {
    let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    set_errno(e);
}

/// Records an explicit errno (for failures detected during argument conversion, or for
/// calls such as `posix_fadvise` that return the error number instead of setting errno).
pub(crate) fn set_errno(e: libc::c_int) {
    LAST_ERRNO.with(|c| c.set(i64::from(e)));
}

/// `rt_errno() -> i64`: the errno of the most recent failing wrapper on this thread
/// (successful calls do not reset it; 0 if nothing has failed yet).
pub fn rt_errno() -> i64 {
    LAST_ERRNO.with(Cell::get)
}

/// `rt_strerror(errno) -> text`: the C library's message for an errno value
/// (`"Unknown error N"` for values it does not know).
pub fn rt_strerror(errno: i64) -> String {
    let Ok(e) = libc::c_int::try_from(errno) else {
        return format!("Unknown error {errno}");
    };
    let mut buf = [0u8; 256];
    // SAFETY: `buf` is a writable buffer of the length passed; the XSI strerror_r (which
    // the libc crate links on glibc) writes a NUL-terminated string of at most that length.
    let rc = unsafe { libc::strerror_r(e, buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errno}");
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// `rt_clock_ns() -> i64`: `CLOCK_MONOTONIC` in nanoseconds.
pub fn rt_clock_ns() -> i64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_MONOTONIC always exists on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    if rc != 0 {
        record_errno();
        return -1;
    }
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// The page size in bytes (`sysconf(_SC_PAGESIZE)`), for internal page rounding.
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 { p as usize } else { 4096 }
}

/// `rt_page_size() -> i64`: the page size in bytes.
pub fn rt_page_size() -> i64 {
    page_size() as i64
}

/// `rt_flush() -> i64`: flushes Rust's `std::io` stdout and stderr; 0, or -1/errno.
///
/// The interpreter's registration glue flushes the interpreter's own output buffers and
/// then calls this, so that `rt_flush` in Simple flushes everything.
pub fn rt_flush() -> i64 {
    let a = std::io::stdout().flush();
    let b = std::io::stderr().flush();
    match a.and(b) {
        Ok(()) => 0,
        Err(e) => {
            set_errno(e.raw_os_error().unwrap_or(libc::EIO));
            -1
        }
    }
}

/// Every name `rt_sys_const` knows, with its value taken from the `libc` crate.
static SYS_CONSTS: &[(&str, i64)] = &[
    // mmap protection
    ("PROT_NONE", libc::PROT_NONE as i64),
    ("PROT_READ", libc::PROT_READ as i64),
    ("PROT_WRITE", libc::PROT_WRITE as i64),
    ("PROT_EXEC", libc::PROT_EXEC as i64),
    // mmap flags
    ("MAP_SHARED", libc::MAP_SHARED as i64),
    ("MAP_PRIVATE", libc::MAP_PRIVATE as i64),
    ("MAP_ANONYMOUS", libc::MAP_ANONYMOUS as i64),
    ("MAP_FIXED", libc::MAP_FIXED as i64),
    ("MAP_FIXED_NOREPLACE", libc::MAP_FIXED_NOREPLACE as i64),
    ("MAP_POPULATE", libc::MAP_POPULATE as i64),
    ("MAP_NORESERVE", libc::MAP_NORESERVE as i64),
    // madvise
    ("MADV_NORMAL", libc::MADV_NORMAL as i64),
    ("MADV_RANDOM", libc::MADV_RANDOM as i64),
    ("MADV_SEQUENTIAL", libc::MADV_SEQUENTIAL as i64),
    ("MADV_WILLNEED", libc::MADV_WILLNEED as i64),
    ("MADV_DONTNEED", libc::MADV_DONTNEED as i64),
    ("MADV_HUGEPAGE", libc::MADV_HUGEPAGE as i64),
    ("MADV_NOHUGEPAGE", libc::MADV_NOHUGEPAGE as i64),
    // msync
    ("MS_ASYNC", libc::MS_ASYNC as i64),
    ("MS_SYNC", libc::MS_SYNC as i64),
    ("MS_INVALIDATE", libc::MS_INVALIDATE as i64),
    // open
    ("O_RDONLY", libc::O_RDONLY as i64),
    ("O_WRONLY", libc::O_WRONLY as i64),
    ("O_RDWR", libc::O_RDWR as i64),
    ("O_CREAT", libc::O_CREAT as i64),
    ("O_TRUNC", libc::O_TRUNC as i64),
    ("O_APPEND", libc::O_APPEND as i64),
    ("O_EXCL", libc::O_EXCL as i64),
    ("O_CLOEXEC", libc::O_CLOEXEC as i64),
    ("O_DIRECTORY", libc::O_DIRECTORY as i64),
    ("O_NONBLOCK", libc::O_NONBLOCK as i64),
    // lseek
    ("SEEK_SET", libc::SEEK_SET as i64),
    ("SEEK_CUR", libc::SEEK_CUR as i64),
    ("SEEK_END", libc::SEEK_END as i64),
    // file modes, and the file types in st_mode (rt_fstat)
    ("S_IFMT", libc::S_IFMT as i64),
    ("S_IFREG", libc::S_IFREG as i64),
    ("S_IFDIR", libc::S_IFDIR as i64),
    ("S_IRWXU", libc::S_IRWXU as i64),
    ("S_IRUSR", libc::S_IRUSR as i64),
    ("S_IWUSR", libc::S_IWUSR as i64),
    ("S_IXUSR", libc::S_IXUSR as i64),
    ("S_IRGRP", libc::S_IRGRP as i64),
    ("S_IWGRP", libc::S_IWGRP as i64),
    ("S_IXGRP", libc::S_IXGRP as i64),
    ("S_IROTH", libc::S_IROTH as i64),
    ("S_IWOTH", libc::S_IWOTH as i64),
    ("S_IXOTH", libc::S_IXOTH as i64),
    // poll
    ("POLLIN", libc::POLLIN as i64),
    ("POLLOUT", libc::POLLOUT as i64),
    ("POLLERR", libc::POLLERR as i64),
    ("POLLHUP", libc::POLLHUP as i64),
    ("POLLNVAL", libc::POLLNVAL as i64),
    // signals
    ("SIGHUP", libc::SIGHUP as i64),
    ("SIGINT", libc::SIGINT as i64),
    ("SIGQUIT", libc::SIGQUIT as i64),
    ("SIGABRT", libc::SIGABRT as i64),
    ("SIGKILL", libc::SIGKILL as i64),
    ("SIGSEGV", libc::SIGSEGV as i64),
    ("SIGBUS", libc::SIGBUS as i64),
    ("SIGPIPE", libc::SIGPIPE as i64),
    ("SIGALRM", libc::SIGALRM as i64),
    ("SIGTERM", libc::SIGTERM as i64),
    ("SIGCHLD", libc::SIGCHLD as i64),
    ("SIGCONT", libc::SIGCONT as i64),
    ("SIGSTOP", libc::SIGSTOP as i64),
    ("SIGUSR1", libc::SIGUSR1 as i64),
    ("SIGUSR2", libc::SIGUSR2 as i64),
    // waitpid
    ("WNOHANG", libc::WNOHANG as i64),
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("WCONTINUED", libc::WCONTINUED as i64),
    // posix_fadvise
    ("POSIX_FADV_NORMAL", libc::POSIX_FADV_NORMAL as i64),
    ("POSIX_FADV_SEQUENTIAL", libc::POSIX_FADV_SEQUENTIAL as i64),
    ("POSIX_FADV_RANDOM", libc::POSIX_FADV_RANDOM as i64),
    ("POSIX_FADV_NOREUSE", libc::POSIX_FADV_NOREUSE as i64),
    ("POSIX_FADV_WILLNEED", libc::POSIX_FADV_WILLNEED as i64),
    ("POSIX_FADV_DONTNEED", libc::POSIX_FADV_DONTNEED as i64),
    // errno values
    ("EPERM", libc::EPERM as i64),
    ("ENOENT", libc::ENOENT as i64),
    ("ESRCH", libc::ESRCH as i64),
    ("EINTR", libc::EINTR as i64),
    ("EIO", libc::EIO as i64),
    ("EBADF", libc::EBADF as i64),
    ("ECHILD", libc::ECHILD as i64),
    ("EAGAIN", libc::EAGAIN as i64),
    ("EWOULDBLOCK", libc::EWOULDBLOCK as i64),
    ("ENOMEM", libc::ENOMEM as i64),
    ("EACCES", libc::EACCES as i64),
    ("EFAULT", libc::EFAULT as i64),
    ("EBUSY", libc::EBUSY as i64),
    ("EEXIST", libc::EEXIST as i64),
    ("ENOTDIR", libc::ENOTDIR as i64),
    ("EISDIR", libc::EISDIR as i64),
    ("EINVAL", libc::EINVAL as i64),
    ("EMFILE", libc::EMFILE as i64),
    ("EFBIG", libc::EFBIG as i64),
    ("ENOSPC", libc::ENOSPC as i64),
    ("ESPIPE", libc::ESPIPE as i64),
    ("EROFS", libc::EROFS as i64),
    ("EPIPE", libc::EPIPE as i64),
    ("ENAMETOOLONG", libc::ENAMETOOLONG as i64),
    ("ENOSYS", libc::ENOSYS as i64),
    ("ENOTEMPTY", libc::ENOTEMPTY as i64),
    ("ETIMEDOUT", libc::ETIMEDOUT as i64),
];

/// Looks a name up: the table, plus `MAP_FAILED`, which is a pointer constant in `libc` and
/// so cannot be converted to an integer inside a `static`.
fn lookup(name: &str) -> Option<i64> {
    if name == "MAP_FAILED" {
        return Some(libc::MAP_FAILED as i64);
    }
    SYS_CONSTS.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

/// The names `rt_sys_const` accepts (for docs, REPL completion, tests).
pub fn sys_const_names() -> impl Iterator<Item = &'static str> {
    SYS_CONSTS
        .iter()
        .map(|(n, _)| *n)
        .chain(std::iter::once("MAP_FAILED"))
}

/// `rt_sys_const(name) -> i64`: the platform's value of a named constant, taken from the
/// `libc` crate. An unknown name is an error that suggests the closest known names.
pub fn rt_sys_const(name: &str) -> Result<i64, SffiError> {
    if let Some(v) = lookup(name) {
        return Ok(v);
    }
    let upper = name.to_ascii_uppercase();
    let mut close: Vec<(usize, &str)> = sys_const_names()
        .map(|n| (edit_distance(&upper, n), n))
        .filter(|&(d, n)| d <= 1.max(n.len().min(upper.len()) / 3))
        .collect();
    close.sort();
    // only the closest names (ties included), at most three
    let best = close.first().map_or(0, |c| c.0);
    let names: Vec<String> = close
        .iter()
        .take_while(|c| c.0 == best)
        .take(3)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    let hint = if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", names.join(", "))
    };
    Err(SffiError(format!(
        "rt_sys_const: unknown constant `{name}`{hint}"
    )))
}

/// Levenshtein distance over bytes (names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_is_recorded_by_failing_calls_and_kept_across_successes() {
        set_errno(0);
        assert_eq!(rt_errno(), 0);
        assert_eq!(crate::rt_close(-5), -1);
        assert_eq!(rt_errno(), libc::EBADF as i64);
        // a successful wrapper does not reset it
        assert!(rt_clock_ns() > 0);
        assert_eq!(rt_page_size(), 4096.max(rt_page_size()));
        assert_eq!(rt_errno(), libc::EBADF as i64);
        // the most recent failure wins
        assert_eq!(crate::rt_unlink("/nonexistent-simple-sffi/x"), -1);
        assert_eq!(rt_errno(), libc::ENOENT as i64);
    }

    #[test]
    fn errno_is_per_thread() {
        set_errno(libc::EPERM);
        std::thread::spawn(|| {
            assert_eq!(rt_errno(), 0);
            set_errno(libc::EIO);
        })
        .join()
        .unwrap();
        assert_eq!(rt_errno(), libc::EPERM as i64);
    }

    #[test]
    fn strerror_gives_the_c_library_text() {
        assert_eq!(
            rt_strerror(libc::ENOENT as i64),
            "No such file or directory"
        );
        assert_eq!(rt_strerror(libc::EACCES as i64), "Permission denied");
        assert_eq!(rt_strerror(libc::EINVAL as i64), "Invalid argument");
        assert_eq!(rt_strerror(99999), "Unknown error 99999");
        assert_eq!(
            rt_strerror(1 << 40),
            format!("Unknown error {}", 1i64 << 40)
        );
    }

    #[test]
    fn clock_is_monotonic_nanoseconds() {
        let a = rt_clock_ns();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let b = rt_clock_ns();
        assert!(b - a >= 5_000_000, "{a} -> {b}");
        assert!(b - a < 5_000_000_000);
    }

    #[test]
    fn page_size_matches_sysconf() {
        // SAFETY: sysconf has no memory-safety preconditions.
        let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        assert_eq!(rt_page_size(), p);
        assert!(rt_page_size().count_ones() == 1);
    }

    #[test]
    fn flush_returns_zero() {
        assert_eq!(rt_flush(), 0);
    }

    #[test]
    fn sys_const_values_come_from_libc() {
        assert_eq!(rt_sys_const("PROT_READ"), Ok(libc::PROT_READ as i64));
        assert_eq!(rt_sys_const("PROT_NONE"), Ok(0));
        assert_eq!(rt_sys_const("MAP_SHARED"), Ok(libc::MAP_SHARED as i64));
        assert_eq!(
            rt_sys_const("MAP_ANONYMOUS"),
            Ok(libc::MAP_ANONYMOUS as i64)
        );
        assert_eq!(rt_sys_const("MAP_FAILED"), Ok(-1));
        assert_eq!(
            rt_sys_const("MADV_WILLNEED"),
            Ok(libc::MADV_WILLNEED as i64)
        );
        assert_eq!(rt_sys_const("MS_SYNC"), Ok(libc::MS_SYNC as i64));
        assert_eq!(rt_sys_const("O_RDONLY"), Ok(0));
        assert_eq!(rt_sys_const("O_CREAT"), Ok(libc::O_CREAT as i64));
        assert_eq!(rt_sys_const("SEEK_END"), Ok(2));
        assert_eq!(rt_sys_const("S_IRUSR"), Ok(0o400));
        assert_eq!(rt_sys_const("SIGKILL"), Ok(9));
        assert_eq!(rt_sys_const("SIGTERM"), Ok(libc::SIGTERM as i64));
        assert_eq!(rt_sys_const("WNOHANG"), Ok(libc::WNOHANG as i64));
        assert_eq!(
            rt_sys_const("POSIX_FADV_SEQUENTIAL"),
            Ok(libc::POSIX_FADV_SEQUENTIAL as i64)
        );
        assert_eq!(rt_sys_const("EINTR"), Ok(libc::EINTR as i64));
        assert_eq!(rt_sys_const("ECHILD"), Ok(libc::ECHILD as i64));
    }

    #[test]
    fn sys_const_names_are_unique() {
        let mut names: Vec<&str> = sys_const_names().collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn unknown_sys_const_is_an_error_with_suggestions() {
        let e = rt_sys_const("FOO").unwrap_err();
        assert_eq!(e.0, "rt_sys_const: unknown constant `FOO`");
        let e = rt_sys_const("PROT_RAED").unwrap_err();
        assert_eq!(
            e.0,
            "rt_sys_const: unknown constant `PROT_RAED`; did you mean `PROT_READ`?"
        );
        let e = rt_sys_const("map_shared").unwrap_err();
        assert!(e.0.contains("did you mean `MAP_SHARED`"), "{e}");
        let e = rt_sys_const("SIGUSR").unwrap_err();
        assert!(
            e.0.contains("`SIGUSR1`") && e.0.contains("`SIGUSR2`"),
            "{e}"
        );
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("PROT_READ", "PROT_READ"), 0);
    }
}
