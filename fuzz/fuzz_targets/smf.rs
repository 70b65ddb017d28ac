//! `std.loader.smf_cache` on arbitrary file contents: loading the file (and, when it
//! loads, reading and verifying every section) must give values — a module or an
//! `SmfError` — and never a runtime error, an abort or a signal.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use simple_interp::{Interpreter, Value};

const PROGRAM: &str = r#"
use std.loader.smf_cache

fn fuzz_smf(path: text) -> bool:
    val cache = SmfCache.new()
    val ok = match cache.load(path):
        case Ok(m):
            for name in m.section_names():
                m.section(name)
                m.section_text(name)
            m.verify()
            true
        case Err(e):
            e.message()
            false
    cache.close()
    ok
"#;

thread_local! {
    static STATE: RefCell<(Interpreter, String)> = RefCell::new({
        let (mut interp, _out) = Interpreter::new_captured();
        simple_sffi::register_all(&mut interp);
        interp.run_source("fuzz_smf.spl", PROGRAM).expect("the harness program runs");
        let path = std::env::temp_dir().join(format!("simple-fuzz-smf-{}.smf", std::process::id()));
        (interp, path.to_string_lossy().into_owned())
    });
}

fuzz_target!(|data: &[u8]| {
    STATE.with(|cell| {
        let (interp, path) = &mut *cell.borrow_mut();
        // A new file each time (unlink, then create): the previous run's mapping is gone,
        // but replacing is what writers are told to do.
        let _ = std::fs::remove_file(&*path);
        std::fs::write(&*path, data).expect("write the input file");
        if let Err(e) = interp.call::<Value>("fuzz_smf", vec![Value::text(path.as_str())]) {
            panic!("runtime error: {}", interp.render_error(&e, false));
        }
    });
});
