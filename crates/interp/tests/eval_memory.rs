//! Many `eval` calls in one host must not grow memory beyond what the
//! session keeps (issue 11: the parser's grammar leaked about 18 kB per
//! parse). A counting allocator measures the live heap of this test binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use simple_interp::{Interpreter, Value};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Resident set size in bytes, from /proc/self/statm (Linux only).
fn rss() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[test]
fn twenty_thousand_evals_keep_memory_flat() {
    const CALLS: usize = 20_000;
    let mut interp = Interpreter::new_captured().0;
    let program =
        "fn f(n):\n    return [n, n * 2, \"a text longer than fourteen bytes\"]\nf(3)[1] + 1";
    // Warm up: first-use allocations (symbol table, buffers) are not growth.
    for _ in 0..100 {
        assert_eq!(interp.eval("<eval>", program).unwrap(), Value::Int(7));
    }
    let live_before = LIVE.load(Ordering::Relaxed);
    let rss_before = rss();
    for _ in 0..CALLS {
        assert_eq!(interp.eval("<eval>", program).unwrap(), Value::Int(7));
    }
    let live_growth = (LIVE.load(Ordering::Relaxed) - live_before) / CALLS as isize;
    eprintln!("live heap growth: {live_growth} bytes per eval");
    assert!(
        live_growth < 1024,
        "the live heap grew by {live_growth} bytes per eval"
    );
    if let (Some(before), Some(after)) = (rss_before, rss()) {
        let rss_growth = after.saturating_sub(before) / CALLS;
        eprintln!("RSS growth: {rss_growth} bytes per eval");
        assert!(rss_growth < 1024, "RSS grew by {rss_growth} bytes per eval");
    }
}
