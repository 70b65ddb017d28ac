//! The registration glue: every wrapper registered under its SFFI name, one line each.
//!
//! ```
//! let mut interp = simple_interp::Interpreter::new();
//! simple_sffi::register_all(&mut interp);
//! ```
//!
//! `Interpreter::new()` alone is a sandbox with no host functions; an embedder registers
//! the full set with [`register_all`], or only the externs it wants with the same
//! `interp.register(name, f)` lines as below.
//!
//! `rt_fork`, `rt_exit` and `rt_flush` are registered raw: they need the interpreter
//! itself, to flush its buffered stdout and stderr before forking, exiting or flushing
//! Rust's own streams.

use simple_interp::{HostContext, HostError, Interpreter, Value};

use crate::*;

/// Registers every SFFI wrapper (the whole `shared/spec/SFFI.md` set) on `interp`.
pub fn register_all(interp: &mut Interpreter) {
    // memory
    interp.register("rt_malloc", rt_malloc);
    interp.register("rt_free", rt_free);
    interp.register("rt_read_u8", rt_read_u8);
    interp.register("rt_read_u16", rt_read_u16);
    interp.register("rt_read_u32", rt_read_u32);
    interp.register("rt_read_u64", rt_read_u64);
    interp.register("rt_read_i64", rt_read_i64);
    interp.register("rt_write_u8", rt_write_u8);
    interp.register("rt_write_u16", rt_write_u16);
    interp.register("rt_write_u32", rt_write_u32);
    interp.register("rt_write_u64", rt_write_u64);
    interp.register("rt_mem_read", rt_mem_read);
    interp.register("rt_mem_read_text", rt_mem_read_text);
    interp.register("rt_mem_write", |a: i64, d: Vec<u8>| rt_mem_write(a, &d));
    // mmap
    interp.register("rt_mmap", rt_mmap);
    interp.register("rt_munmap", rt_munmap);
    interp.register("rt_mprotect", rt_mprotect);
    interp.register("rt_madvise", rt_madvise);
    interp.register("rt_msync", rt_msync);
    interp.register("rt_mlock", rt_mlock);
    interp.register("rt_munlock", rt_munlock);
    interp.register("rt_page_size", rt_page_size);
    // files
    interp.register("rt_open", |p: String, f: i64, m: i64| rt_open(&p, f, m));
    interp.register("rt_close", rt_close);
    interp.register("rt_file_size", rt_file_size);
    interp.register("rt_fstat", rt_fstat);
    interp.register("rt_read", rt_read);
    interp.register("rt_pread", rt_pread);
    interp.register("rt_write", |fd: i64, d: Vec<u8>| rt_write(fd, &d));
    interp.register("rt_lseek", rt_lseek);
    interp.register("rt_ftruncate", rt_ftruncate);
    interp.register("rt_fsync", rt_fsync);
    interp.register("rt_fadvise", rt_fadvise);
    interp.register("rt_unlink", |p: String| rt_unlink(&p));
    interp.register("rt_mkdir", |p: String, m: i64| rt_mkdir(&p, m));
    interp.register("rt_rmdir", |p: String| rt_rmdir(&p));
    interp.register("rt_mkdtemp", |p: String| rt_mkdtemp(&p));
    interp.register("rt_list_dir", |p: String| rt_list_dir(&p));
    interp.register("rt_path_kind", |p: String| rt_path_kind(&p));
    // host-owned handles
    interp.register("rt_fd_handle", rt_fd_handle);
    interp.register("rt_handle_fd", rt_handle_fd);
    interp.register("rt_handle_close", rt_handle_close);
    // byte views (zero-copy reads of mapped regions)
    interp.register("rt_view", |a: i64, n: i64, what: String| {
        rt_view(a, n, &what)
    });
    interp.register("rt_view_bytes", |d: Value, what: String| {
        rt_view_bytes(d, &what)
    });
    interp.register("rt_view_revoke", rt_view_revoke);
    // pools: CPUs, sleeping, atomics on region memory, pipes
    interp.register("rt_cpu_count", rt_cpu_count);
    interp.register("rt_sleep_ns", rt_sleep_ns);
    interp.register("rt_atomic_fetch_add", rt_atomic_fetch_add);
    interp.register("rt_atomic_load", rt_atomic_load);
    interp.register("rt_atomic_store", rt_atomic_store);
    interp.register("rt_pipe", rt_pipe);
    interp.register("rt_poll", rt_poll);
    // processes
    interp.register_raw("rt_fork", 0, Some(0), raw_fork);
    interp.register("rt_waitpid", rt_waitpid);
    interp.register("rt_kill", rt_kill);
    interp.register("rt_getpid", rt_getpid);
    interp.register_raw("rt_exit", 1, Some(1), raw_exit);
    // misc
    interp.register("rt_clock_ns", rt_clock_ns);
    interp.register("rt_errno", rt_errno);
    interp.register("rt_strerror", rt_strerror);
    interp.register("rt_sys_const", |n: String| rt_sys_const(&n));
    interp.register_raw("rt_flush", 0, Some(0), raw_flush);
}

/// `rt_fork()`: flush the interpreter's buffers, then fork (which flushes Rust's).
fn raw_fork(ctx: &mut HostContext<'_>, _: &mut [Value]) -> Result<Value, HostError> {
    ctx.flush();
    Ok(Value::Int(rt_fork()))
}

/// `rt_exit(code)`: flush the interpreter's buffers, then `_exit` (which flushes Rust's).
fn raw_exit(ctx: &mut HostContext<'_>, args: &mut [Value]) -> Result<Value, HostError> {
    let code = match args {
        [Value::Int(code)] => *code,
        [other] => {
            return Err(HostError(format!(
                "argument 1 of `rt_exit` must be an int, found {}",
                ctx.display(other)
            )));
        }
        _ => return Err(HostError("`rt_exit` takes 1 argument".into())),
    };
    if ctx.in_spec_run() {
        // The runner's own process: the example fails, the run goes on.
        return Err(HostError(format!(
            "rt_exit({code}) inside a spec example would end the whole test run"
        )));
    }
    ctx.flush();
    rt_exit(code)
}

/// `rt_flush()`: the interpreter's buffers, then Rust's `std::io` streams.
fn raw_flush(ctx: &mut HostContext<'_>, _: &mut [Value]) -> Result<Value, HostError> {
    ctx.flush();
    Ok(Value::Int(rt_flush()))
}
