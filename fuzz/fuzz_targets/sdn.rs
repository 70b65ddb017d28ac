//! `std.sdn` on arbitrary text, run by the interpreter: `sdn.parse` must return a value
//! (a document or an `SdnError`) and never raise a runtime error; a document it accepts
//! must survive `sdn.dump` and read back equal.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use simple_interp::{Interpreter, Value};

const PROGRAM: &str = r#"
use std.sdn

fn fuzz_sdn(source: text) -> bool:
    match sdn.parse(source):
        case Ok(doc):
            val again = sdn.parse(sdn.dump(doc))
            match again:
                case Ok(back):
                    if back != doc and str(back) != str(doc):
                        fail("dump did not round-trip: {repr(doc)} came back as {repr(back)}")
                case Err(e): fail("dump wrote what parse refuses: {e.to_text()}")
            true
        case Err(_): false
"#;

thread_local! {
    static INTERP: RefCell<Interpreter> = RefCell::new({
        let (mut interp, _out) = Interpreter::new_captured();
        interp.run_source("fuzz_sdn.spl", PROGRAM).expect("the harness program runs");
        interp
    });
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    INTERP.with(|cell| {
        let mut interp = cell.borrow_mut();
        if let Err(e) = interp.call::<Value>("fuzz_sdn", vec![Value::text(text)]) {
            panic!("runtime error: {}", interp.render_error(&e, false));
        }
    });
});
