//! File and directory wrappers: open/close/read/pread/write/lseek/fstat/ftruncate/fsync/
//! posix_fadvise/unlink/mkdir/rmdir/mkdtemp.
//!
//! Each is one call; none retries on `EINTR` or loops over short reads/writes — the Simple
//! layer decides that. A path containing a NUL byte cannot reach the OS: it fails with
//! `EINVAL`. A negative length fails with `EINVAL` (these wrappers mirror `read(2)` and
//! report through nil/errno, not runtime errors).

use crate::misc::{record_errno, set_errno};
use crate::{c_fd, c_int};
use std::ffi::CString;

/// The most bytes one `read`/`pread` transfers on Linux; larger buffers would be wasted.
const MAX_IO: usize = 0x7fff_f000;

/// `path` as a C string, or `None` with errno `EINVAL` if it contains a NUL byte.
fn c_path(path: &str) -> Option<CString> {
    let p = CString::new(path).ok();
    if p.is_none() {
        set_errno(libc::EINVAL);
    }
    p
}

/// Maps a `-1`-style result to `-1` with errno recorded.
fn ret(rc: i64) -> i64 {
    if rc == -1 {
        record_errno();
    }
    rc
}

/// An empty buffer with room for `len` bytes (capped at [`MAX_IO`]), or `None` with errno.
fn read_buffer(len: i64) -> Option<Vec<u8>> {
    let Ok(len) = usize::try_from(len) else {
        set_errno(libc::EINVAL);
        return None;
    };
    let mut v = Vec::new();
    if v.try_reserve_exact(len.min(MAX_IO)).is_err() {
        set_errno(libc::ENOMEM);
        return None;
    }
    Some(v)
}

/// Completes a read of `n` bytes (or -1) into `buf`'s spare capacity.
fn finish_read(mut buf: Vec<u8>, n: isize) -> Option<Vec<u8>> {
    if n < 0 {
        record_errno();
        return None;
    }
    // SAFETY: the kernel initialised the first `n` bytes, and `n` is at most the length
    // passed to read, which is at most the capacity.
    unsafe { buf.set_len(n as usize) };
    buf.shrink_to_fit();
    Some(buf)
}

/// `rt_open(path, flags, mode) -> i64`: a file descriptor, or -1 with errno. Flags are
/// passed as given (add `O_CLOEXEC` yourself if wanted).
pub fn rt_open(path: &str, flags: i64, mode: i64) -> i64 {
    let Some(p) = c_path(path) else { return -1 };
    let (Some(flags), Ok(mode)) = (c_int(flags), libc::c_uint::try_from(mode)) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: `p` is a NUL-terminated string that outlives the call.
    ret(i64::from(unsafe { libc::open(p.as_ptr(), flags, mode) }))
}

/// `rt_close(fd) -> i64`: 0, or -1 with errno.
pub fn rt_close(fd: i64) -> i64 {
    // SAFETY: closing a descriptor number has no memory-safety preconditions. (Closing a
    // descriptor the host uses is a logic error, not UB, and is visible to the script.)
    ret(i64::from(unsafe { libc::close(c_fd(fd)) }))
}

/// `rt_file_size(fd) -> i64`: `st_size` from `fstat`, or -1 with errno.
pub fn rt_file_size(fd: i64) -> i64 {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable stat buffer.
    let rc = unsafe { libc::fstat(c_fd(fd), &mut st) };
    if rc != 0 {
        record_errno();
        return -1;
    }
    st.st_size
}

/// `rt_fstat(fd) -> (size, mode)`: `st_size` and `st_mode` from one `fstat`, or `(-1, 0)`
/// with errno. What the mode says (`S_IFMT` bits: a directory, a regular file, ...) is
/// decoded in Simple.
pub fn rt_fstat(fd: i64) -> (i64, i64) {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable stat buffer.
    let rc = unsafe { libc::fstat(c_fd(fd), &mut st) };
    if rc != 0 {
        record_errno();
        return (-1, 0);
    }
    (st.st_size, i64::from(st.st_mode))
}

/// `rt_read(fd, len) -> bytes?`: up to `len` bytes (fewer at end of file or for pipes; empty
/// at end of file), or nil with errno. One `read` call: `EINTR` is returned, not retried.
pub fn rt_read(fd: i64, len: i64) -> Option<Vec<u8>> {
    let mut buf = read_buffer(len)?;
    let cap = buf.capacity().min(MAX_IO);
    // SAFETY: the buffer has at least `cap` bytes of writable spare capacity.
    let n = unsafe { libc::read(c_fd(fd), buf.as_mut_ptr().cast(), cap.min(len as usize)) };
    finish_read(buf, n)
}

/// `rt_pread(fd, len, offset) -> bytes?`: like `rt_read` at `offset`, without moving the
/// file position.
pub fn rt_pread(fd: i64, len: i64, offset: i64) -> Option<Vec<u8>> {
    let mut buf = read_buffer(len)?;
    let cap = buf.capacity().min(MAX_IO);
    // SAFETY: the buffer has at least `cap` bytes of writable spare capacity.
    let n = unsafe {
        libc::pread(
            c_fd(fd),
            buf.as_mut_ptr().cast(),
            cap.min(len as usize),
            offset,
        )
    };
    finish_read(buf, n)
}

/// `rt_write(fd, data) -> i64`: the number of bytes written (possibly fewer than
/// `data.len()`), or -1 with errno. Text is passed as its UTF-8 bytes by the glue.
pub fn rt_write(fd: i64, data: &[u8]) -> i64 {
    // SAFETY: `data` is a valid readable slice for its whole length.
    ret(unsafe { libc::write(c_fd(fd), data.as_ptr().cast(), data.len()) } as i64)
}

/// `rt_lseek(fd, offset, whence) -> i64`: the new position, or -1 with errno.
pub fn rt_lseek(fd: i64, offset: i64, whence: i64) -> i64 {
    let Some(whence) = c_int(whence) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: lseek has no memory-safety preconditions.
    ret(unsafe { libc::lseek(c_fd(fd), offset, whence) })
}

/// `rt_ftruncate(fd, len) -> i64`: 0, or -1 with errno.
pub fn rt_ftruncate(fd: i64, len: i64) -> i64 {
    // SAFETY: ftruncate has no memory-safety preconditions (a mapping of the file may
    // SIGBUS on later access; see the SIGBUS handler in `mmap`).
    ret(i64::from(unsafe { libc::ftruncate(c_fd(fd), len) }))
}

/// `rt_fsync(fd) -> i64`: 0, or -1 with errno.
pub fn rt_fsync(fd: i64) -> i64 {
    // SAFETY: fsync has no memory-safety preconditions.
    ret(i64::from(unsafe { libc::fsync(c_fd(fd)) }))
}

/// `rt_fadvise(fd, offset, len, advice) -> i64`: 0, or -1 with errno. (`posix_fadvise`
/// returns its error number instead of setting errno; it is recorded as errno here.)
pub fn rt_fadvise(fd: i64, offset: i64, len: i64, advice: i64) -> i64 {
    let Some(advice) = c_int(advice) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: posix_fadvise has no memory-safety preconditions.
    let rc = unsafe { libc::posix_fadvise(c_fd(fd), offset, len, advice) };
    if rc != 0 {
        set_errno(rc);
        return -1;
    }
    0
}

/// `rt_unlink(path) -> i64`: 0, or -1 with errno.
pub fn rt_unlink(path: &str) -> i64 {
    let Some(p) = c_path(path) else { return -1 };
    // SAFETY: `p` is a NUL-terminated string that outlives the call.
    ret(i64::from(unsafe { libc::unlink(p.as_ptr()) }))
}

/// `rt_mkdir(path, mode) -> i64`: 0, or -1 with errno.
pub fn rt_mkdir(path: &str, mode: i64) -> i64 {
    let Some(p) = c_path(path) else { return -1 };
    let Ok(mode) = libc::mode_t::try_from(mode) else {
        set_errno(libc::EINVAL);
        return -1;
    };
    // SAFETY: `p` is a NUL-terminated string that outlives the call.
    ret(i64::from(unsafe { libc::mkdir(p.as_ptr(), mode) }))
}

/// `rt_rmdir(path) -> i64`: 0, or -1 with errno.
pub fn rt_rmdir(path: &str) -> i64 {
    let Some(p) = c_path(path) else { return -1 };
    // SAFETY: `p` is a NUL-terminated string that outlives the call.
    ret(i64::from(unsafe { libc::rmdir(p.as_ptr()) }))
}

/// `rt_mkdtemp(prefix) -> text?`: creates a new directory `prefix` + six random characters
/// (mode 0700) and returns its path, or nil with errno. `prefix` is a path prefix such as
/// `"/tmp/simple-"`.
pub fn rt_mkdtemp(prefix: &str) -> Option<String> {
    let template = c_path(&format!("{prefix}XXXXXX"))?;
    let mut bytes = template.into_bytes_with_nul();
    // SAFETY: `bytes` is a writable NUL-terminated template ending in "XXXXXX"; mkdtemp
    // rewrites those six bytes in place and returns a pointer into it (or null).
    let p = unsafe { libc::mkdtemp(bytes.as_mut_ptr().cast()) };
    if p.is_null() {
        record_errno();
        return None;
    }
    bytes.pop();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `rt_list_dir(path) -> text?`: the names in a directory (without `.` and `..`), each
/// followed by a NUL byte (a name can never contain one), in the order the OS gives them;
/// or nil with errno. A name that is not valid UTF-8 is converted lossily.
pub fn rt_list_dir(path: &str) -> Option<String> {
    c_path(path)?;
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            set_errno(e.raw_os_error().unwrap_or(libc::EIO));
            return None;
        }
    };
    let mut out = String::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                out.push_str(&entry.file_name().to_string_lossy());
                out.push('\0');
            }
            Err(e) => {
                set_errno(e.raw_os_error().unwrap_or(libc::EIO));
                return None;
            }
        }
    }
    Some(out)
}

/// `rt_path_kind(path) -> i64`: what `path` names, following symbolic links: 1 a regular
/// file, 2 a directory, 3 anything else; -1 with errno when it cannot be examined
/// (`ENOENT` when nothing is there).
pub fn rt_path_kind(path: &str) -> i64 {
    if c_path(path).is_none() {
        return -1;
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => 1,
        Ok(m) if m.is_dir() => 2,
        Ok(_) => 3,
        Err(e) => {
            set_errno(e.raw_os_error().unwrap_or(libc::EIO));
            -1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::misc::rt_errno;
    use crate::test_util::{TempDir, fds_exclusive, fds_shared};

    const RDONLY: i64 = libc::O_RDONLY as i64;
    const WRONLY: i64 = libc::O_WRONLY as i64;
    const RDWR: i64 = libc::O_RDWR as i64;
    const CREAT: i64 = libc::O_CREAT as i64;
    const EXCL: i64 = libc::O_EXCL as i64;
    const TRUNC: i64 = libc::O_TRUNC as i64;
    const APPEND: i64 = libc::O_APPEND as i64;

    fn errno_is(e: i32) {
        let got = rt_errno();
        assert_eq!(
            got,
            e as i64,
            "errno {got} ({})",
            crate::misc::rt_strerror(got)
        );
    }

    #[test]
    fn open_write_read_close() {
        let _f = fds_shared();
        let d = TempDir::new("owrc");
        let p = d.path("a.txt");
        let fd = rt_open(&p, WRONLY | CREAT | TRUNC, 0o600);
        assert!(fd >= 0);
        assert_eq!(rt_write(fd, b"hello, "), 7);
        assert_eq!(rt_write(fd, "wörld".as_bytes()), 6);
        assert_eq!(rt_write(fd, b""), 0);
        assert_eq!(rt_close(fd), 0);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let fd = rt_open(&p, RDONLY, 0);
        assert_eq!(rt_read(fd, 5), Some(b"hello".to_vec()));
        assert_eq!(rt_read(fd, 100), Some(", wörld".as_bytes().to_vec()));
        assert_eq!(rt_read(fd, 100), Some(vec![]), "end of file");
        assert_eq!(rt_read(fd, 0), Some(vec![]));
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn open_failures_set_errno() {
        let _f = fds_shared();
        let d = TempDir::new("openfail");
        assert_eq!(rt_open(&d.path("missing"), RDONLY, 0), -1);
        errno_is(libc::ENOENT);
        assert_eq!(rt_open("bad\0path", RDONLY, 0), -1);
        errno_is(libc::EINVAL);
        let p = d.path("x");
        let fd = rt_open(&p, WRONLY | CREAT | EXCL, 0o644);
        assert!(fd >= 0);
        assert_eq!(rt_close(fd), 0);
        assert_eq!(rt_open(&p, WRONLY | CREAT | EXCL, 0o644), -1);
        errno_is(libc::EEXIST);
        assert_eq!(rt_open(&p, RDONLY | libc::O_DIRECTORY as i64, 0), -1);
        errno_is(libc::ENOTDIR);
        assert_eq!(rt_open(&p, 1 << 40, 0), -1);
        errno_is(libc::EINVAL);
    }

    #[test]
    fn append_and_lseek() {
        let _f = fds_shared();
        let d = TempDir::new("lseek");
        let p = d.path("f");
        std::fs::write(&p, b"0123456789").unwrap();
        let fd = rt_open(&p, RDWR | APPEND, 0);
        assert_eq!(rt_write(fd, b"ab"), 2);
        assert_eq!(rt_lseek(fd, 0, libc::SEEK_CUR as i64), 12);
        assert_eq!(rt_lseek(fd, 3, libc::SEEK_SET as i64), 3);
        assert_eq!(rt_read(fd, 2), Some(b"34".to_vec()));
        assert_eq!(rt_lseek(fd, -1, libc::SEEK_END as i64), 11);
        assert_eq!(rt_read(fd, 9), Some(b"b".to_vec()));
        assert_eq!(rt_lseek(fd, -100, libc::SEEK_SET as i64), -1);
        errno_is(libc::EINVAL);
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn lseek_on_a_pipe_is_espipe() {
        let _f = fds_shared();
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: `fds` is a writable array of two c_ints.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        assert_eq!(rt_lseek(fds[0] as i64, 0, libc::SEEK_CUR as i64), -1);
        errno_is(libc::ESPIPE);
        assert_eq!(rt_write(fds[1] as i64, b"xyz"), 3);
        assert_eq!(
            rt_read(fds[0] as i64, 100),
            Some(b"xyz".to_vec()),
            "short read"
        );
        assert_eq!(rt_close(fds[0] as i64), 0);
        assert_eq!(rt_close(fds[1] as i64), 0);
    }

    #[test]
    fn pread_does_not_move_the_position() {
        let _f = fds_shared();
        let d = TempDir::new("pread");
        let p = d.path("f");
        std::fs::write(&p, b"abcdefgh").unwrap();
        let fd = rt_open(&p, RDONLY, 0);
        assert_eq!(rt_pread(fd, 3, 4), Some(b"efg".to_vec()));
        assert_eq!(rt_pread(fd, 10, 6), Some(b"gh".to_vec()));
        assert_eq!(rt_pread(fd, 10, 8), Some(vec![]));
        assert_eq!(rt_read(fd, 2), Some(b"ab".to_vec()));
        assert_eq!(rt_pread(fd, 1, -1), None);
        errno_is(libc::EINVAL);
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn read_failures_are_nil_with_errno() {
        let _f = fds_shared();
        assert_eq!(rt_read(-1, 10), None);
        errno_is(libc::EBADF);
        assert_eq!(rt_read(1 << 40, 10), None);
        errno_is(libc::EBADF);
        let d = TempDir::new("readfail");
        let fd = rt_open(d.0.to_str().unwrap(), RDONLY | libc::O_DIRECTORY as i64, 0);
        assert!(fd >= 0);
        assert_eq!(rt_read(fd, 10), None);
        errno_is(libc::EISDIR);
        assert_eq!(rt_read(fd, -1), None);
        errno_is(libc::EINVAL);
        assert_eq!(rt_pread(fd, -5, 0), None);
        errno_is(libc::EINVAL);
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn write_to_a_read_only_fd_is_ebadf() {
        let _f = fds_shared();
        let d = TempDir::new("wro");
        let p = d.path("f");
        std::fs::write(&p, b"x").unwrap();
        let fd = rt_open(&p, RDONLY, 0);
        assert_eq!(rt_write(fd, b"y"), -1);
        errno_is(libc::EBADF);
        assert_eq!(rt_close(fd), 0);
    }

    #[test]
    fn close_twice_is_ebadf() {
        // Exclusive: no other test thread may be handed the same descriptor number between
        // the two closes (the second close would then close *their* file).
        let _f = fds_exclusive();
        let d = TempDir::new("close2");
        let p = d.path("f");
        std::fs::write(&p, b"x").unwrap();
        let fd = rt_open(&p, RDONLY, 0);
        assert!(fd >= 0);
        assert_eq!(rt_close(fd), 0);
        assert_eq!(rt_close(fd), -1);
        errno_is(libc::EBADF);
    }

    #[test]
    fn file_size_ftruncate_fsync() {
        let _f = fds_shared();
        let d = TempDir::new("size");
        let p = d.path("f");
        let fd = rt_open(&p, RDWR | CREAT, 0o644);
        assert_eq!(rt_file_size(fd), 0);
        assert_eq!(rt_write(fd, &[1u8; 1000]), 1000);
        assert_eq!(rt_file_size(fd), 1000);
        assert_eq!(rt_ftruncate(fd, 10_000), 0);
        assert_eq!(rt_file_size(fd), 10_000);
        assert_eq!(rt_pread(fd, 2, 9_998), Some(vec![0, 0]));
        assert_eq!(rt_ftruncate(fd, 3), 0);
        assert_eq!(rt_file_size(fd), 3);
        assert_eq!(rt_fsync(fd), 0);
        assert_eq!(rt_ftruncate(fd, -1), -1);
        errno_is(libc::EINVAL);
        assert_eq!(rt_close(fd), 0);
        assert_eq!(rt_file_size(-1), -1);
        errno_is(libc::EBADF);
        assert_eq!(rt_fsync(-1), -1);
        errno_is(libc::EBADF);
    }

    #[test]
    fn fstat_gives_size_and_mode() {
        let _f = fds_shared();
        let d = TempDir::new("fstat");
        let p = d.path("f");
        std::fs::write(&p, [7u8; 1234]).unwrap();
        let fd = rt_open(&p, RDONLY, 0);
        let (size, mode) = rt_fstat(fd);
        assert_eq!(size, 1234);
        assert_eq!(mode & libc::S_IFMT as i64, libc::S_IFREG as i64);
        assert_eq!(rt_close(fd), 0);
        // A directory opened read-only (Linux allows it) is told apart by its mode.
        let dir = rt_open(&d.path(""), RDONLY, 0);
        assert!(dir >= 0);
        let (_, mode) = rt_fstat(dir);
        assert_eq!(mode & libc::S_IFMT as i64, libc::S_IFDIR as i64);
        assert_eq!(rt_close(dir), 0);
        assert_eq!(rt_fstat(-1), (-1, 0));
        errno_is(libc::EBADF);
    }

    #[test]
    fn fadvise_returns_zero_or_records_the_returned_error() {
        let _f = fds_shared();
        let d = TempDir::new("fadvise");
        let p = d.path("f");
        std::fs::write(&p, vec![0u8; 8192]).unwrap();
        let fd = rt_open(&p, RDONLY, 0);
        for adv in [
            libc::POSIX_FADV_NORMAL,
            libc::POSIX_FADV_SEQUENTIAL,
            libc::POSIX_FADV_RANDOM,
            libc::POSIX_FADV_WILLNEED,
            libc::POSIX_FADV_DONTNEED,
        ] {
            assert_eq!(rt_fadvise(fd, 0, 0, adv as i64), 0);
        }
        assert_eq!(rt_fadvise(fd, 0, 0, 999), -1);
        errno_is(libc::EINVAL);
        assert_eq!(rt_close(fd), 0);
        assert_eq!(rt_fadvise(-1, 0, 0, libc::POSIX_FADV_NORMAL as i64), -1);
        errno_is(libc::EBADF);
    }

    #[test]
    fn unlink_mkdir_rmdir() {
        let _f = fds_shared();
        let d = TempDir::new("dirs");
        let sub = d.path("sub");
        assert_eq!(rt_mkdir(&sub, 0o755), 0);
        assert!(std::path::Path::new(&sub).is_dir());
        assert_eq!(rt_mkdir(&sub, 0o755), -1);
        errno_is(libc::EEXIST);
        let f = format!("{sub}/f");
        std::fs::write(&f, b"x").unwrap();
        assert_eq!(rt_rmdir(&sub), -1);
        errno_is(libc::ENOTEMPTY);
        assert_eq!(rt_unlink(&sub), -1);
        errno_is(libc::EISDIR);
        assert_eq!(rt_unlink(&f), 0);
        assert_eq!(rt_unlink(&f), -1);
        errno_is(libc::ENOENT);
        assert_eq!(rt_rmdir(&sub), 0);
        assert_eq!(rt_rmdir(&sub), -1);
        errno_is(libc::ENOENT);
        assert_eq!(rt_mkdir("a\0b", 0o755), -1);
        errno_is(libc::EINVAL);
        assert_eq!(rt_mkdir(&sub, -1), -1);
        errno_is(libc::EINVAL);
    }

    #[test]
    fn mkdtemp_creates_a_fresh_private_directory() {
        let _f = fds_shared();
        let d = TempDir::new("mkdtemp");
        let prefix = d.path("run-");
        let a = rt_mkdtemp(&prefix).unwrap();
        let b = rt_mkdtemp(&prefix).unwrap();
        assert_ne!(a, b);
        for p in [&a, &b] {
            assert!(p.starts_with(&prefix));
            assert_eq!(p.len(), prefix.len() + 6);
            let md = std::fs::metadata(p).unwrap();
            assert!(md.is_dir());
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(md.permissions().mode() & 0o777, 0o700);
            assert_eq!(rt_rmdir(p), 0);
        }
        assert_eq!(rt_mkdtemp(&d.path("no/such/dir-")), None);
        errno_is(libc::ENOENT);
        assert_eq!(rt_mkdtemp("nul\0-"), None);
        errno_is(libc::EINVAL);
    }

    #[test]
    fn list_dir_and_path_kind() {
        let dir = TempDir::new("list");
        let base = dir.0.to_str().unwrap().to_string();
        std::fs::write(format!("{base}/b"), "x").unwrap();
        std::fs::create_dir(format!("{base}/a")).unwrap();
        let listed = rt_list_dir(&base).unwrap();
        let mut names: Vec<&str> = listed.split('\0').filter(|n| !n.is_empty()).collect();
        names.sort();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(rt_path_kind(&format!("{base}/b")), 1);
        assert_eq!(rt_path_kind(&format!("{base}/a")), 2);
        assert_eq!(rt_path_kind(&format!("{base}/none")), -1);
        errno_is(libc::ENOENT);
        assert!(rt_list_dir(&format!("{base}/none")).is_none());
        errno_is(libc::ENOENT);
        assert!(rt_list_dir(&format!("{base}/b")).is_none());
        errno_is(libc::ENOTDIR);
        assert!(rt_list_dir("a\0b").is_none());
        errno_is(libc::EINVAL);
        assert_eq!(rt_path_kind("a\0b"), -1);
        errno_is(libc::EINVAL);
    }
}
