//! Runs a Simple file with every limit set but none reached, to measure
//! what the checks cost (`bench/README.md`, "Limits"):
//! `run_limited FILE` (limits off) or `run_limited FILE --limits`.

use std::time::Duration;

use simple_interp::Interpreter;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: run_limited FILE [--limits]");
    let mut interp = Interpreter::new();
    if args.next().as_deref() == Some("--limits") {
        interp.set_max_operations(u64::MAX / 2);
        interp.set_max_memory(1 << 32);
        interp.set_time_limit(Duration::from_secs(3600));
        let _handle = interp.interrupt_handle();
    }
    if let Err(e) = interp.run_main(path.as_ref()) {
        eprint!("{}", interp.render_error(&e, false));
        std::process::exit(1);
    }
    interp.flush();
}
