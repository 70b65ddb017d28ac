//! Host-owned handles: a file descriptor owned by a Simple value, closed when the value
//! is dropped.
//!
//! Simple values are reference-counted, so the last reference to a value going away is a
//! precise moment to release what it owns. A handle is a host function value
//! (`Value::Native`) whose closure owns an [`FdOwner`]: when the handle is dropped — the
//! `File` object holding it in a field is dropped, the variable goes out of scope — the
//! closure is dropped with it, and `FdOwner`'s `Drop` closes the descriptor. No evaluator
//! change is needed: this is the ordinary drop glue of `Rc`.
//!
//! * `rt_fd_handle(fd) -> handle` takes ownership of `fd`.
//! * `rt_handle_fd(handle) -> i64` is the descriptor, or -1 once the handle was closed.
//!   Calling the handle itself (`h()`) gives the same.
//! * `rt_handle_close(handle) -> i64` closes the descriptor now: 0, or -1 with errno
//!   (`EBADF` when it was closed already). Dropping the handle afterwards does nothing,
//!   so a descriptor number reused since is never closed by mistake.
//!
//! A value that is not a handle is an error in `rt_handle_fd`/`rt_handle_close`. Handles
//! are recognised through a per-thread table from the handle's address to its owner
//! (interpreter values never cross threads).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use simple_interp::Value;

use crate::SffiError;
use crate::misc::{record_errno, set_errno};

/// Owns a descriptor; closes it on drop unless it was closed explicitly.
struct FdOwner {
    fd: Cell<libc::c_int>,
    /// The handle's key in [`HANDLES`], set once the handle exists.
    key: Cell<usize>,
}

impl Drop for FdOwner {
    fn drop(&mut self) {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: the descriptor was handed to this owner, and nothing else closes it
            // (rt_handle_close takes it out first).
            unsafe { libc::close(fd) };
        }
        let key = self.key.get();
        // The table may be gone (thread exit) or borrowed (never while a value is
        // dropped by the wrappers below, but a failed borrow must not panic in drop).
        let _ = HANDLES.try_with(|h| {
            if let Ok(mut h) = h.try_borrow_mut() {
                h.remove(&key);
            }
        });
    }
}

thread_local! {
    /// Live handles on this thread: the handle's `NativeFn` address -> its owner.
    static HANDLES: RefCell<HashMap<usize, Weak<FdOwner>>> = RefCell::new(HashMap::new());
}

/// A handle's key in [`HANDLES`]: the address of its function.
fn key_of(v: &Value) -> Option<usize> {
    match v {
        Value::Native(f) => Some(Rc::as_ptr(f) as usize),
        _ => None,
    }
}

/// The owner behind `v`, if `v` is a live handle.
fn owner_of(v: &Value) -> Option<Rc<FdOwner>> {
    let key = key_of(v)?;
    HANDLES.with(|h| h.borrow().get(&key).and_then(Weak::upgrade))
}

fn not_a_handle(who: &str) -> SffiError {
    SffiError(format!(
        "{who}: the argument is not a handle made by rt_fd_handle"
    ))
}

/// `rt_fd_handle(fd) -> handle`: a value that owns `fd` and closes it when the last
/// reference to it is dropped. A negative or out-of-range `fd` is an error.
pub fn rt_fd_handle(fd: i64) -> Result<Value, SffiError> {
    let Some(fd) = crate::c_int(fd).filter(|&fd| fd >= 0) else {
        return Err(SffiError(format!("rt_fd_handle: {fd} is not a descriptor")));
    };
    let owner = Rc::new(FdOwner {
        fd: Cell::new(fd),
        key: Cell::new(0),
    });
    let weak = Rc::downgrade(&owner);
    let inner = Rc::clone(&owner);
    let f = Value::host_function("fd handle", move || i64::from(inner.fd.get()));
    let Some(key) = key_of(&f) else {
        return Err(SffiError("rt_fd_handle: not a function value".to_string()));
    };
    owner.key.set(key);
    HANDLES.with(|h| h.borrow_mut().insert(key, weak));
    Ok(f)
}

/// `rt_handle_fd(handle) -> i64`: the descriptor, or -1 once the handle was closed.
pub fn rt_handle_fd(handle: Value) -> Result<i64, SffiError> {
    let owner = owner_of(&handle).ok_or_else(|| not_a_handle("rt_handle_fd"))?;
    Ok(i64::from(owner.fd.get()))
}

/// `rt_handle_close(handle) -> i64`: closes the descriptor now; 0, or -1 with errno
/// (`EBADF` if the handle was closed already).
pub fn rt_handle_close(handle: Value) -> Result<i64, SffiError> {
    let owner = owner_of(&handle).ok_or_else(|| not_a_handle("rt_handle_close"))?;
    let fd = owner.fd.replace(-1);
    if fd < 0 {
        set_errno(libc::EBADF);
        return Ok(-1);
    }
    // SAFETY: the descriptor belonged to this handle, which gave it up above.
    if unsafe { libc::close(fd) } != 0 {
        record_errno();
        return Ok(-1);
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::{rt_file_size, rt_open};
    use crate::misc::rt_errno;
    use crate::test_util::fds_exclusive;

    fn is_open(fd: i64) -> bool {
        rt_file_size(fd) >= 0
    }

    #[test]
    fn dropping_the_last_reference_closes_the_descriptor() {
        let _f = fds_exclusive();
        let fd = rt_open("/dev/null", libc::O_RDONLY as i64, 0);
        let h = rt_fd_handle(fd).unwrap();
        let copy = h.clone();
        assert_eq!(rt_handle_fd(h.clone()), Ok(fd));
        drop(h);
        assert!(is_open(fd), "another reference is alive");
        drop(copy);
        assert!(!is_open(fd), "closed with the last reference");
        assert_eq!(rt_errno(), libc::EBADF as i64);
    }

    #[test]
    fn closing_explicitly_gives_the_descriptor_up_once() {
        let _f = fds_exclusive();
        let fd = rt_open("/dev/null", libc::O_RDONLY as i64, 0);
        let h = rt_fd_handle(fd).unwrap();
        assert_eq!(rt_handle_close(h.clone()), Ok(0));
        assert!(!is_open(fd));
        assert_eq!(rt_handle_fd(h.clone()), Ok(-1));
        assert_eq!(rt_handle_close(h.clone()), Ok(-1));
        assert_eq!(rt_errno(), libc::EBADF as i64);
        // The number is reused; dropping the closed handle must not close the new one.
        let again = rt_open("/dev/null", libc::O_RDONLY as i64, 0);
        assert_eq!(again, fd);
        drop(h);
        assert!(is_open(again));
        assert_eq!(crate::rt_close(again), 0);
    }

    #[test]
    fn other_values_are_not_handles() {
        let e = rt_handle_fd(Value::Int(3)).unwrap_err();
        assert_eq!(
            e.0,
            "rt_handle_fd: the argument is not a handle made by rt_fd_handle"
        );
        assert!(rt_handle_close(Value::Nil).is_err());
        assert!(rt_fd_handle(-1).is_err());
        assert!(rt_fd_handle(1 << 40).is_err());
    }
}
