//! An interpreter kept in a `thread_local!` (the natural way to reuse one per thread, as
//! the fuzzing harness does) is dropped during thread teardown, possibly after the
//! interpreter's own per-thread drop queue was destroyed. That drop must not panic:
//! a panic in a thread-local destructor aborts the whole process. Found by the `smf`
//! fuzz target (it aborted at exit).
//!
//! The scenario runs in a child process (this test binary, re-run with an environment
//! variable), since the failure is an abort.

use std::cell::RefCell;
use std::process::Command;

use simple_interp::Interpreter;

const CHILD: &str = "SIMPLE_TLS_DROP_CHILD";

thread_local! {
    static KEPT: RefCell<Option<Interpreter>> = const { RefCell::new(None) };
}

/// In the child: a thread stores an interpreter holding nested values in a thread-local,
/// drops some nested values (which creates the interpreter's drop queue *after* `KEPT`,
/// so the queue is destroyed first at thread exit), and ends.
fn scenario() {
    std::thread::spawn(|| {
        KEPT.with(|k| {
            let mut interp = Interpreter::new();
            interp
                .run_source(
                    "kept.spl",
                    "var keep = [[[1], [2]], [[3]]]\nvar gone = [[[4]]]\ngone = nil\n",
                )
                .expect("runs");
            *k.borrow_mut() = Some(interp);
        });
    })
    .join()
    .expect("the thread ends without a panic");
}

#[test]
fn an_interpreter_in_a_thread_local_drops_cleanly_at_thread_exit() {
    if std::env::var_os(CHILD).is_some() {
        scenario();
        return;
    }
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "an_interpreter_in_a_thread_local_drops_cleanly_at_thread_exit",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .expect("run the child");
    assert!(
        out.status.success(),
        "child failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
