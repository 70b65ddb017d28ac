//! A small in-process run of the evaluator over the paths that use unsafe
//! code (`Ret`'s register-built results, scalar copies and overwrites,
//! inline and heap texts, argument pushes and frame pops, `return`).
//! Small enough to run under Miri: `scripts/miri.sh`.

use simple_interp::{Interpreter, Value};

fn run(src: &str) -> (Value, String) {
    let (mut interp, out) = Interpreter::new_captured();
    let v = interp
        .eval("<eval>", src)
        .unwrap_or_else(|e| panic!("{}", interp.render_error(&e, false)));
    interp.flush();
    let text = String::from_utf8_lossy(&out.borrow()).into_owned();
    (v, text)
}

#[test]
fn ints_and_bools() {
    let src = "var total = 0\n\
               var i = 0\n\
               while i < 20:\n    \
                   total += i * i % 7\n    \
                   i += 1\n\
               val big = 9_223_372_036_854_775_807\n\
               print(total, big, -big - 1, total > 10 and not (i == 3))\n\
               total";
    let (v, out) = run(src);
    assert_eq!(v, Value::Int(41));
    assert_eq!(out, "41 9223372036854775807 -9223372036854775808 true\n");
}

#[test]
fn floats() {
    let (v, out) = run("val x = 1.5\nvar y = x * 4.0 - 0.5\ny /= 2.0\nprint(y, y > 2.0)\ny");
    assert_eq!(v, Value::Float(2.75));
    assert_eq!(out, "2.75 true\n");
}

#[test]
fn texts_inline_and_heap() {
    let src = "var s = \"ab\"\n\
               s += \"cd\"\n\
               val short = s\n\
               var long = \"a text longer than fourteen bytes\"\n\
               val keep = long\n\
               long += \"!\"\n\
               s += \" grows past the inline limit\"\n\
               print(short, len(s), keep, long)\n\
               \"{short}-{len(long)}\"";
    let (v, out) = run(src);
    assert_eq!(v.as_str(), Some("abcd-34"));
    assert_eq!(
        out,
        "abcd 32 a text longer than fourteen bytes a text longer than fourteen bytes!\n"
    );
}

#[test]
fn calls_recursion_and_return() {
    let src = "fn fib(n):\n    \
                   if n < 2:\n        \
                       return n\n    \
                   return fib(n - 1) + fib(n - 2)\n\
               fn greet(name, punct = \"!\"):\n    \
                   \"hello \" + name + punct\n\
               val f = \\x: x * 3\n\
               print(greet(\"a name that is rather long\"), f(4))\n\
               fib(10)";
    let (v, out) = run(src);
    assert_eq!(v, Value::Int(55));
    assert_eq!(out, "hello a name that is rather long! 12\n");
}

#[test]
fn structs_and_methods() {
    let src = "struct Point:\n    \
                   x: i64\n    \
                   y: i64\n\
               \n    \
                   fn dot(other: Point) -> i64:\n        \
                       self.x * other.x + self.y * other.y\n\
               \n    \
                   me shift(d: i64):\n        \
                       self.x += d\n\
               var total = 0\n\
               for i in 0..5:\n    \
                   var p = Point(i, i + 1)\n    \
                   p.shift(1)\n    \
                   total += p.dot(Point(3, 4))\n\
               total";
    let (v, _) = run(src);
    // the sum over i of 3(i + 1) + 4(i + 1)
    assert_eq!(v, Value::Int(7 * 15));
}

#[test]
fn lists_and_dicts() {
    let src = "var a = [1, 2, 3]\n\
               a.push(4)\n\
               a[0] = 10\n\
               val b = a.map(\\x: x * 2).filter(\\x: x > 5)\n\
               val flags = [true] * 10\n\
               var d = {\"one\": 1, \"a key longer than fourteen\": 2}\n\
               d[\"three\"] = 3\n\
               print(a, b, len(flags), d.get_or(\"a key longer than fourteen\", 0))\n\
               b.reduce(0, \\s, x: s + x)";
    let (v, out) = run(src);
    assert_eq!(v, Value::Int(20 + 6 + 8));
    assert_eq!(out, "[10, 2, 3, 4] [20, 6, 8] 10 2\n");
}

#[test]
fn errors_unwind_frames() {
    let mut interp = Interpreter::new_captured().0;
    let e = interp
        .eval(
            "<eval>",
            "fn inner(t):\n    t.length() / 0\nfn outer():\n    inner(\"a text longer than fourteen bytes\")\nouter()",
        )
        .unwrap_err();
    assert!(interp.render_error(&e, false).contains("inner"));
    // The machine is usable afterwards.
    assert_eq!(interp.eval("<eval>", "1 + 1").unwrap(), Value::Int(2));
}
