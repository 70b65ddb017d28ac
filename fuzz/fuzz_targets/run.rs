//! The whole pipeline on arbitrary text: parse, resolve, compile and run it
//! in a sandboxed interpreter (no SFFI: no files, processes or raw memory)
//! with an operation budget, a per-value memory limit and a time limit.
//! Every outcome is fine — a value, diagnostics, a runtime error, a limit,
//! `exit(n)` — except a panic, an abort, a stack overflow or a hang.
//!
//! Each input runs twice in one interpreter (`eval`, as the REPL does), so
//! a failed first run must leave the interpreter usable for the second.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use simple_interp::Interpreter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut interp = Interpreter::new();
    interp.on_print(|_| {});
    interp.on_eprint(|_| {});
    interp.set_max_operations(20_000);
    interp.set_max_memory(256 * 1024);
    interp.set_max_call_depth(2_000);
    interp.set_time_limit(Duration::from_secs(2));
    for name in ["fuzz.spl", "again.spl"] {
        if let Err(e) = interp.eval(name, text) {
            // The report a user sees, with the quoted source.
            let _ = interp.render_error(&e, false);
        }
    }
    interp.flush();
});
