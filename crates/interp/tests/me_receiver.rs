//! A `me` method's receiver is lent to it (issue 17 item 7): code the
//! method runs cannot read the variable it came from as `nil`, nor assign
//! to it only to have the assignment undone; an error in the method still
//! puts the receiver back, and the interpreter goes on.

use simple_interp::{Interpreter, Value};

const COUNTER: &str = "\
struct Counter:
    n: i64
    me inc():
        self.n += 1
    me inc_then_fail():
        self.n += 1
        self.n = self.n / (self.n - self.n)
    me peek() -> text:
        self.n += 1
        \"{c}\"
    me replace():
        self.n += 1
        c = Counter(n: 100)
var c = Counter(n: 0)
";

fn error(interp: &mut Interpreter, src: &str) -> String {
    match interp.eval("<input>", src) {
        Ok(v) => panic!("expected an error, got {}", interp.display(&v)),
        Err(e) => interp.render_error(&e, false),
    }
}

#[test]
fn receiver_is_back_after_each_outcome() {
    let (mut interp, _out) = Interpreter::new_captured();
    interp.eval("<setup>", COUNTER).unwrap();
    interp.eval("<input>", "c.inc()").unwrap();
    // An error inside the method: the changes made before it stay.
    let e = error(&mut interp, "c.inc_then_fail()");
    assert!(e.contains("division by zero"), "{e}");
    assert_eq!(interp.eval("<input>", "c.n").unwrap(), Value::Int(2));
    // Reading the variable inside: an error naming the method, not nil.
    let e = error(&mut interp, "c.peek()");
    assert!(
        e.contains("`c` is being changed by its `me` method `peek`"),
        "{e}"
    );
    assert_eq!(interp.eval("<input>", "c.n").unwrap(), Value::Int(3));
    // Assigning to it inside: an error, and the assignment stays.
    let e = error(&mut interp, "c.replace()");
    assert!(
        e.contains("`c` was assigned while its `me` method `replace`"),
        "{e}"
    );
    assert_eq!(interp.eval("<input>", "c.n").unwrap(), Value::Int(100));
    // Calling another `me` method on it from inside: the same error.
    interp
        .eval("<setup>", "struct Twice:\n    k: i64\n    me again():\n        self.k += 1\n        t.again()\nvar t = Twice(k: 0)\n")
        .unwrap();
    let e = error(&mut interp, "t.again()");
    assert!(
        e.contains("`t` is being changed by its `me` method `again`"),
        "{e}"
    );
    assert_eq!(interp.eval("<input>", "t.k").unwrap(), Value::Int(1));
    interp.eval("<input>", "c.inc()").unwrap();
    assert_eq!(interp.eval("<input>", "c.n").unwrap(), Value::Int(101));
}

#[test]
fn receivers_in_fields_and_elements() {
    let (mut interp, _out) = Interpreter::new_captured();
    interp.eval("<setup>", COUNTER).unwrap();
    let src = "\
struct Holder:
    items: [Counter]
class Box:
    inner: Counter
var h = Holder(items: [Counter(n: 1), Counter(n: 2)])
h.items[1].inc()
val b = Box(inner: Counter(n: 5))
b.inner.inc()
val alias = b
alias.inner.inc()
(h.items[1].n, b.inner.n, h.items[0].n)
";
    let v = interp.eval("<input>", src).unwrap();
    assert_eq!(interp.display(&v), "(3, 7, 1)");
    // A bad index: nothing is lent, nothing changes.
    let e = error(&mut interp, "h.items[5].inc()");
    assert!(e.contains("out of"), "{e}");
    let v = interp
        .eval("<input>", "(h.items[0].n, h.items[1].n)")
        .unwrap();
    assert_eq!(interp.display(&v), "(1, 3)");
}
