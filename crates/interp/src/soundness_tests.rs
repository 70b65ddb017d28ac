//! A running function must survive its own global being changed under it
//! (issue 11, "Safe by construction"). The public API no longer hands out
//! the machine, so these attacks are made from inside the crate, with a
//! native function that clears a global mid-call; they pass when nothing
//! crashes (run them under Miri too: `scripts/miri.sh`).

use std::rc::Rc;

use crate::function::NativeFn;
use crate::machine::Machine;
use crate::{Interpreter, Value};

/// The index of the module-level binding `name` (the latest one).
fn global_index(m: &Machine, name: &str) -> usize {
    m.program
        .global_names
        .iter()
        .rposition(|s| s.as_str() == name)
        .unwrap_or_else(|| panic!("no global `{name}`"))
}

/// A native function that sets global `target` to nil when called.
fn clobberer(target: usize) -> Value {
    Value::Native(Rc::new(NativeFn {
        name: "clobber".into(),
        min_args: 0,
        max_args: Some(0),
        f: Box::new(move |m: &mut Machine, _args: &mut [Value]| {
            m.globals[target] = Value::Nil;
            // Reuse the freed memory, so that a dangling body would run
            // garbage rather than happen to still work.
            let junk: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 256]).collect();
            drop(junk);
            Ok(Value::Nil)
        }),
    }))
}

/// A module-level function whose global is set to nil while its body runs
/// (a native function with `&mut Machine` can do it): the running call keeps
/// the function alive until it returns.
#[test]
fn running_function_survives_its_global_being_cleared() {
    let (mut interp, out) = Interpreter::new_captured();
    interp
        .eval(
            "<attack>",
            "var clobber = nil\n\
             fn victim(n):\n    \
                 val before = n * 2\n    \
                 clobber()\n    \
                 val text = \"after the clobber, still running: \" + str(before)\n    \
                 print(text)\n    \
                 return before + 1\n",
        )
        .unwrap();
    let m = &mut interp.machine;
    let victim = global_index(m, "victim");
    let clobber = global_index(m, "clobber");
    m.globals[clobber] = clobberer(victim);
    let v = interp.eval("<attack>", "victim(20)").unwrap();
    assert_eq!(v, Value::Int(41));
    interp.flush();
    assert_eq!(
        String::from_utf8_lossy(&out.borrow()),
        "after the clobber, still running: 40\n"
    );
    // The global is gone; calling it again is an ordinary error.
    assert!(interp.eval("<attack>", "victim(1)").is_err());
}

/// The same attack from an argument of the call: the argument runs after
/// the callee was looked up, before its body starts.
#[test]
fn callee_survives_its_global_being_cleared_by_an_argument() {
    let mut interp = Interpreter::new_captured().0;
    interp
        .eval(
            "<attack>",
            "var clobber = nil\n\
             fn victim(a, b):\n    \
                 return a + 1\n",
        )
        .unwrap();
    let m = &mut interp.machine;
    let victim = global_index(m, "victim");
    let clobber = global_index(m, "clobber");
    m.globals[clobber] = clobberer(victim);
    let v = interp.eval("<attack>", "victim(1, clobber())").unwrap();
    assert_eq!(v, Value::Int(2));
}

/// A recursive function cleared in its deepest call: every active call
/// still finishes.
#[test]
fn recursion_survives_its_global_being_cleared() {
    let mut interp = Interpreter::new_captured().0;
    interp
        .eval(
            "<attack>",
            "var clobber = nil\n\
             fn down(n):\n    \
                 if n == 0:\n        \
                     clobber()\n        \
                     return 0\n    \
                 return down(n - 1) + 1\n",
        )
        .unwrap();
    let m = &mut interp.machine;
    let down = global_index(m, "down");
    let clobber = global_index(m, "clobber");
    m.globals[clobber] = clobberer(down);
    let v = interp.eval("<attack>", "down(5)").unwrap();
    assert_eq!(v, Value::Int(5));
}
