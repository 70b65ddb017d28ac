//! Host types: Rust values programs hold as handles and call methods on.

use std::cell::Cell;
use std::rc::Rc;

use simple_interp::{Error, Host, Interpreter, Value};

#[derive(Default)]
struct Counter {
    n: i64,
}

fn with_counter() -> Interpreter {
    let mut interp = Interpreter::new_captured().0;
    interp
        .register_type::<Counter>("Counter")
        .method("add", |c: &mut Counter, by: i64| c.n += by)
        .method("get", |c: &mut Counter| c.n)
        .method("checked_add", |c: &mut Counter, by: i64| {
            if by < 0 {
                return Err(format!("cannot add {by}"));
            }
            c.n += by;
            Ok(c.n)
        });
    interp.register("counter", || Host(Counter::default()));
    interp
}

fn message(r: Result<Value, Error>) -> String {
    match r {
        Err(e) => e.to_string(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[test]
fn methods_change_the_one_rust_value_every_name_shares() {
    let mut interp = with_counter();
    let src = "val a = counter()\nval b = a\nb.add(2)\na.add(3)\n[a.get(), b.get(), a == b, a == counter()]";
    let v = interp.eval("<c>", src).unwrap();
    assert_eq!(v.to_string(), "[5, 5, true, false]");
}

#[test]
fn a_handle_has_its_type_name() {
    let mut interp = with_counter();
    interp.eval("<c>", "val c = counter()").unwrap();
    let v = interp.eval("<t>", "[type_of(c), str(c)]").unwrap();
    assert_eq!(v.to_string(), "[Counter, <Counter>]");
    let c = interp.global("c").unwrap();
    assert_eq!(interp.type_name(&c), "Counter");
    assert_eq!(interp.members(&c), ["add", "checked_add", "get"]);
}

#[test]
fn method_errors_are_runtime_errors() {
    let mut interp = with_counter();
    interp.eval("<c>", "val c = counter()").unwrap();
    assert_eq!(
        message(interp.eval("<e>", "c.add(\"x\")")),
        "argument 1 of `Counter.add` must be an int, found text"
    );
    assert_eq!(
        message(interp.eval("<e>", "c.add()")),
        "`Counter.add` takes 1 argument(s), 0 given"
    );
    assert_eq!(
        message(interp.eval("<e>", "c.checked_add(-1)")),
        "cannot add -1"
    );
    assert_eq!(
        message(interp.eval("<e>", "c.ad(1)")),
        "Counter has no method `ad`; did you mean one of `add`, `checked_add`?"
    );
    // Still usable, state intact.
    assert_eq!(
        interp.eval("<ok>", "c.checked_add(4)").unwrap(),
        Value::Int(4)
    );
}

#[test]
fn a_method_without_arguments_reads_like_a_property() {
    // As with built-in methods (`xs.len`), the parentheses are optional.
    let mut interp = with_counter();
    let v = interp.eval("<b>", "val c = counter()\nc.add(7)\n[c.get, c.get()]");
    assert_eq!(v.unwrap().to_string(), "[7, 7]");
}

#[derive(Clone, Debug, PartialEq)]
struct Point {
    x: i64,
    y: i64,
}

#[test]
fn host_values_round_trip_through_programs() {
    let mut interp = Interpreter::new_captured().0;
    interp
        .register_type::<Point>("Point")
        .method("x", |p: &mut Point| p.x);
    interp.eval("<id>", "fn keep(p):\n    [p, p.x()]").unwrap();
    let (p, x): (Host<Point>, i64) = interp.call("keep", (Host(Point { x: 3, y: 4 }),)).unwrap();
    assert_eq!((p.0, x), (Point { x: 3, y: 4 }, 3));
    // Not a point: no conversion.
    let e = interp.call::<Host<Point>>("keep", (1,)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "int has no method `x`; did you mean one of `exp2`, `expect`, `to_hex`?"
    );
}

#[test]
fn an_object_cannot_be_its_own_argument() {
    let mut interp = Interpreter::new_captured().0;
    interp
        .register_type::<Point>("Point")
        .method("same", |p: &mut Point, q: Host<Point>| *p == q.0);
    interp.register("origin", || Host(Point { x: 0, y: 0 }));
    let v = interp.eval("<s>", "val o = origin()\no.same(origin())");
    assert_eq!(v.unwrap(), Value::Bool(true));
    assert_eq!(
        message(interp.eval("<s>", "o.same(o)")),
        "argument 1 of `Point.same` must be a host object of the registered type, found Point"
    );
}

struct Tracked(Rc<Cell<u32>>);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn the_rust_value_is_dropped_with_the_last_handle() {
    let dropped = Rc::new(Cell::new(0));
    let mut interp = Interpreter::new_captured().0;
    interp
        .register_type::<Tracked>("Tracked")
        .method("drops", |t: &mut Tracked| t.0.get() as i64);
    let source = dropped.clone();
    interp.register("track", move || Host(Tracked(source.clone())));
    interp
        .eval("<d>", "var a = track()\nvar b = a\nfn scratch():\n    val t = track()\n    t.drops()\nscratch()")
        .unwrap();
    // The local one went when `scratch` returned; `a` and `b` share the other.
    assert_eq!(dropped.get(), 1);
    interp.eval("<d>", "a = nil").unwrap();
    assert_eq!(dropped.get(), 1);
    interp.eval("<d>", "b = nil").unwrap();
    assert_eq!(dropped.get(), 2);
}

#[test]
fn an_unregistered_type_is_an_opaque_handle() {
    struct Secret;
    let mut interp = Interpreter::new_captured().0;
    interp.register("secret", || Host(Secret));
    assert_eq!(
        interp.eval("<s>", "str(secret())").unwrap().to_string(),
        "<Secret>"
    );
    assert_eq!(
        message(interp.eval("<s>", "secret().open()")),
        "Secret has no method `open`"
    );
}
