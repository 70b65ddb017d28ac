//! Ctrl-C while code runs: SIGINT asks the running evaluation to stop
//! (through the interpreter's `InterruptHandle`), so the session survives.
//! A second Ctrl-C before the first is noticed — the program is stuck in
//! one long host call, which the interpreter cannot interrupt — ends the
//! process as the terminal asked. At the prompt the line editor reads
//! Ctrl-C as a key and puts this handler back when it is done.

use simple_interp::InterruptHandle;

#[cfg(unix)]
mod imp {
    use std::ptr::null_mut;
    use std::sync::atomic::{AtomicPtr, Ordering};

    use simple_interp::InterruptHandle;

    /// The handle of the session's current interpreter. A signal handler
    /// can only reach a static; the pointer is never freed, because the
    /// handler may be reading it when a new one replaces it (one small
    /// allocation per `:reset`).
    static HANDLE: AtomicPtr<InterruptHandle> = AtomicPtr::new(null_mut());

    extern "C" fn on_sigint(_: libc::c_int) {
        let handle = HANDLE.load(Ordering::Acquire);
        if handle.is_null() {
            return;
        }
        // SAFETY: a non-null pointer came from `Box::into_raw` in `watch`
        // and is never freed. `is_interrupted` and `interrupt` are atomic
        // loads and stores, safe in a signal handler.
        let handle = unsafe { &*handle };
        if handle.is_interrupted() {
            // SAFETY: sigaction and raise are async-signal-safe.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(libc::SIGINT, &action, null_mut());
                libc::raise(libc::SIGINT);
            }
        } else {
            handle.interrupt();
        }
    }

    pub fn install() {
        // SAFETY: the handler only touches atomics and async-signal-safe
        // functions; the struct is fully initialised before the call.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigint as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESTART;
            libc::sigaction(libc::SIGINT, &action, null_mut());
        }
    }

    pub fn watch(handle: InterruptHandle) {
        HANDLE.store(Box::into_raw(Box::new(handle)), Ordering::Release);
    }
}

#[cfg(not(unix))]
mod imp {
    use simple_interp::InterruptHandle;

    // Elsewhere Ctrl-C keeps its default: it ends the process.
    pub fn install() {}
    pub fn watch(_: InterruptHandle) {}
}

/// Makes Ctrl-C interrupt the running code instead of ending the process.
pub fn install() {
    imp::install();
}

/// Directs Ctrl-C at the interpreter owning `handle` (after `:reset`, the
/// new one).
pub fn watch(handle: InterruptHandle) {
    imp::watch(handle);
}
