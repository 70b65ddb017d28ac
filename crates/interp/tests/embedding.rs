//! The embedding API: limits, output callbacks, globals, host functions
//! without `extern fn`, calls with tuple arguments and the conversions.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::rc::Rc;
use std::time::{Duration, Instant};

use simple_interp::{
    Error, ErrorKind, FromValue, Interpreter, IntoValue, SimpleResult, Value, host_struct,
};

fn quiet() -> Interpreter {
    Interpreter::new_captured().0
}

fn kind(r: Result<Value, Error>) -> ErrorKind {
    match r {
        Err(Error::Runtime(e)) => e.kind,
        other => panic!("expected a runtime error, got {other:?}"),
    }
}

/// The interpreter still evaluates after a limit stopped it.
fn still_usable(interp: &mut Interpreter) {
    let v = interp.eval("<after>", "var t = 0\nfor i in 0..10:\n    t += i\nt");
    assert_eq!(v.unwrap(), Value::Int(45));
}

const FOREVER: &str = "var n = 0\nwhile true:\n    n += 1\n";

#[test]
fn operation_limit_stops_a_loop() {
    let mut interp = quiet();
    interp.set_max_operations(100_000);
    let start = Instant::now();
    assert_eq!(
        kind(interp.eval("<loop>", FOREVER)),
        ErrorKind::OperationLimit
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    // Exactly the budget: 100,000 iterations ran.
    assert_eq!(interp.get_global::<i64>("n"), Some(100_000));
    still_usable(&mut interp);
}

#[test]
fn operation_limit_counts_calls() {
    let mut interp = quiet();
    interp.set_max_operations(50);
    let src = "fn f(n: i64) -> i64:\n    if n == 0:\n        return 0\n    f(n - 1)\nf(1000)";
    assert_eq!(kind(interp.eval("<calls>", src)), ErrorKind::OperationLimit);
    // The budget starts over at every evaluation.
    assert_eq!(interp.eval("<ok>", "f(10)").unwrap(), Value::Int(0));
    interp.set_max_operations(None);
    assert_eq!(interp.eval("<ok>", "f(1000)").unwrap(), Value::Int(0));
}

#[test]
fn time_limit_stops_a_loop_on_time() {
    let mut interp = quiet();
    let limit = Duration::from_millis(100);
    interp.set_time_limit(limit);
    let start = Instant::now();
    assert_eq!(kind(interp.eval("<loop>", FOREVER)), ErrorKind::TimeLimit);
    let took = start.elapsed();
    assert!(took >= limit, "stopped early: {took:?}");
    assert!(
        took < limit + Duration::from_millis(50),
        "stopped late: {took:?}"
    );
    interp.set_time_limit(None);
    still_usable(&mut interp);
}

#[test]
fn interrupt_from_another_thread() {
    let mut interp = quiet();
    let handle = interp.interrupt_handle();
    let delay = Duration::from_millis(100);
    let start = Instant::now();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(delay);
        handle.interrupt();
        Instant::now()
    });
    assert_eq!(kind(interp.eval("<loop>", FOREVER)), ErrorKind::Interrupted);
    let stopped = Instant::now();
    let asked = stopper.join().unwrap();
    assert!(stopped.duration_since(asked) < Duration::from_millis(50));
    assert!(start.elapsed() >= delay);
    // The request is used up: the next evaluation runs.
    assert!(!interp.interrupt_handle().is_interrupted());
    still_usable(&mut interp);
}

#[test]
fn interrupt_handle_is_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<simple_interp::InterruptHandle>();
}

#[test]
fn call_depth_limit() {
    let mut interp = quiet();
    interp.set_max_call_depth(200);
    let src = "fn down(n: i64) -> i64:\n    down(n + 1)\ndown(0)";
    assert_eq!(kind(interp.eval("<deep>", src)), ErrorKind::CallDepthLimit);
    let ok = "fn d2(n: i64) -> i64:\n    if n == 0:\n        return 0\n    d2(n - 1)\nd2(150)";
    assert_eq!(interp.eval("<ok>", ok).unwrap(), Value::Int(0));
    still_usable(&mut interp);
}

#[test]
fn memory_budget_stops_a_doubling_array() {
    let mut interp = quiet();
    interp.set_max_memory(1 << 20);
    let src = "var xs = [1]\nwhile true:\n    xs = xs + xs\n";
    assert_eq!(kind(interp.eval("<grow>", src)), ErrorKind::MemoryLimit);
    // The array stopped at the last size under the budget.
    let xs: Vec<i64> = interp.get_global("xs").unwrap();
    assert!(xs.len() * 16 <= 1 << 20 && xs.len() * 32 > 1 << 20);
    still_usable(&mut interp);
}

#[test]
fn memory_budget_leaves_an_appended_text_as_it_was() {
    let mut interp = quiet();
    interp.set_max_memory(1 << 16);
    // `s = s + s + "!"` appends in place; a failed append must not have
    // let go of the text first.
    let src = "var s = \"ab\"\nwhile true:\n    s = s + s + \"!\"\n";
    assert_eq!(kind(interp.eval("<grow>", src)), ErrorKind::MemoryLimit);
    let s: String = interp.get_global("s").unwrap();
    assert!(
        s.len() <= 1 << 16 && s.len() * 2 + 1 > 1 << 16,
        "{}",
        s.len()
    );
    assert!(s.starts_with("abab") && s.ends_with('!'));
    still_usable(&mut interp);
}

#[test]
fn memory_budget_covers_push_texts_and_dicts() {
    let mut interp = quiet();
    interp.set_max_memory(64 * 1024);
    let cases = [
        "var a = []\nwhile true:\n    a.push(1)\n",
        "fn fill():\n    var a = []\n    while true:\n        a.push(1)\nfill()",
        "fn fill2():\n    var a = []\n    for i in 0..10_000_000:\n        a.push(i)\nfill2()",
        "var s = \"x\"\nwhile true:\n    s = s + s\n",
        "var s = \"ab\"\nwhile true:\n    s = s * 2\n",
        "var d = {}\nvar i = 0\nwhile true:\n    d[i] = i\n    i += 1\n",
        "var b = [0]\nwhile true:\n    b.extend(b)\n",
    ];
    for src in cases {
        assert_eq!(
            kind(interp.eval("<grow>", src)),
            ErrorKind::MemoryLimit,
            "{src}"
        );
        still_usable(&mut interp);
    }
    interp.set_max_memory(None);
    let v = interp.eval("<big>", "var big = [0] * 100_000\nbig.len()");
    assert_eq!(v.unwrap(), Value::Int(100_000));
}

#[test]
fn print_callbacks() {
    let mut interp = Interpreter::new();
    let out = Rc::new(RefCell::new(Vec::<String>::new()));
    let err = Rc::new(RefCell::new(String::new()));
    let o = out.clone();
    interp.on_print(move |s| o.borrow_mut().push(s.to_string()));
    let e = err.clone();
    interp.on_eprint(move |s| e.borrow_mut().push_str(s));
    interp
        .eval("<print>", "print(\"a\", 1)\nprint(\"b\")\neprint(\"oops\")")
        .unwrap();
    assert_eq!(*out.borrow(), ["a 1\n", "b\n"]);
    assert_eq!(*err.borrow(), "oops\n");
}

#[test]
fn globals_from_the_host() {
    let mut interp = quiet();
    interp.set_global("limit", 10_i64);
    interp.set_global("names", vec!["a".to_string(), "b".to_string()]);
    let v = interp.eval("<g>", "limit * names.len()").unwrap();
    assert_eq!(v, Value::Int(20));
    // Programs run as main modules see them too.
    let v = interp.run_source("main.spl", "limit + 1").unwrap();
    assert_eq!(v, Value::Int(11));
    // Redefining changes what programs see.
    interp.set_global("limit", 3_i64);
    assert_eq!(interp.eval("<g>", "limit").unwrap(), Value::Int(3));
    // A program's own global is read and assigned by name.
    interp.eval("<g>", "var count = 5").unwrap();
    assert_eq!(interp.get_global::<i64>("count"), Some(5));
    interp.set_global("count", 6_i64);
    assert_eq!(interp.eval("<g>", "count").unwrap(), Value::Int(6));
    assert_eq!(interp.get_global::<i64>("missing"), None);
    assert_eq!(interp.get_global::<String>("count"), None);
}

#[test]
fn registered_functions_need_no_extern() {
    let mut interp = quiet();
    interp.register("add", |a: i64, b: i64| a + b);
    assert_eq!(interp.eval("<r>", "add(2, 3)").unwrap(), Value::Int(5));
    let v = interp.run_source("m.spl", "add(1, 1)").unwrap();
    assert_eq!(v, Value::Int(2));
    // The declaration stays valid, and checks the arity.
    let v = interp.eval("<r>", "extern fn add(a: i64, b: i64) -> i64\nadd(4, 4)");
    assert_eq!(v.unwrap(), Value::Int(8));
    let bad = interp.eval("<r>", "extern fn add(a: i64) -> i64");
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("declares 1 parameter")
    );
    // A program's own definition wins.
    let v = interp.run_source(
        "own.spl",
        "fn add(a: i64, b: i64) -> i64:\n    a * b\nadd(3, 4)",
    );
    assert_eq!(v.unwrap(), Value::Int(12));
}

#[test]
fn call_with_tuple_arguments() {
    let mut interp = quiet();
    interp
        .eval(
            "<c>",
            "fn scale(n: i64, by: f64) -> f64:\n    n * by\nfn none():\n    nil",
        )
        .unwrap();
    assert_eq!(interp.call::<f64>("scale", (2, 3.5)).unwrap(), 7.0);
    assert_eq!(
        interp
            .call::<Value>("scale", vec![Value::Int(1), Value::Float(0.5)])
            .unwrap(),
        Value::Float(0.5)
    );
    interp.call::<()>("none", ()).unwrap();
    let wrong = interp.call::<String>("scale", (2, 3.5)).unwrap_err();
    assert!(wrong.to_string().contains("expected a text"), "{wrong}");
    let missing = interp.call::<i64>("nope", ()).unwrap_err();
    assert!(missing.to_string().contains("no function named `nope`"));
}

fn round_trip<T: IntoValue + FromValue + Clone + PartialEq + Debug>(x: T) {
    let mut v = x.clone().into_value();
    let back = T::from_value(&mut v);
    assert_eq!(back.as_ref(), Some(&x), "via {v:?}");
    // And through a program: an identity function.
    let mut interp = quiet();
    interp.eval("<id>", "fn id(x):\n    x").unwrap();
    let back: T = interp.call("id", (x.clone(),)).unwrap();
    assert_eq!(back, x);
}

host_struct!(
    #[derive(Clone, Debug, PartialEq)]
    struct Point {
        x: i64,
        y: i64,
    }
);

#[derive(Clone, Debug, PartialEq)]
struct Config {
    name: String,
    retries: u32,
    ratio: f64,
}
host_struct!(Config {
    name: String,
    retries: u32,
    ratio: f64
});

#[test]
fn conversions_round_trip() {
    round_trip(42_i64);
    round_trip(-7_i32);
    round_trip(7_u32);
    round_trip(9_u64);
    round_trip(3_usize);
    round_trip(2.5_f64);
    round_trip(true);
    round_trip("text".to_string());
    round_trip(vec![1_u8, 2, 3]);
    round_trip(vec![1_i64, 2, 3]);
    round_trip(vec![vec!["a".to_string()], vec![]]);
    round_trip(Some(3_i64));
    round_trip(None::<i64>);
    round_trip(SimpleResult::<i64, String>(Ok(1)));
    round_trip(SimpleResult::<i64, String>(Err("bad".into())));
    round_trip(HashMap::from([
        ("a".to_string(), 1_i64),
        ("b".to_string(), 2),
    ]));
    round_trip(BTreeMap::from([
        (1_i64, vec![true]),
        (2, vec![false, true]),
    ]));
    round_trip((1_i64,));
    round_trip((1_i64, "two".to_string()));
    round_trip((1_i64, 2.0_f64, true));
    round_trip((1_i64, 2_i64, 3_i64, "four".to_string()));
    round_trip((1_i64, 2_i64, 3_i64, 4_i64, 5_i64, 6_i64));
    round_trip(Point { x: 1, y: -2 });
    round_trip(vec![Point { x: 1, y: 2 }, Point { x: 3, y: 4 }]);
    round_trip(Config {
        name: "svc".into(),
        retries: 3,
        ratio: 0.25,
    });
}

#[test]
fn results_convert_from_simple() {
    let mut interp = quiet();
    interp
        .eval(
            "<r>",
            "fn check(n: i64):\n    if n > 0:\n        return Ok(n)\n    Err(\"not positive\")",
        )
        .unwrap();
    let ok: Result<i64, String> = interp.call("check", (5,)).unwrap();
    assert_eq!(ok, Ok(5));
    let err: Result<i64, String> = interp.call("check", (-1,)).unwrap();
    assert_eq!(err, Err("not positive".to_string()));
}

#[test]
fn host_structs_are_simple_structs() {
    let mut interp = quiet();
    interp
        .eval(
            "<s>",
            "struct Point:\n    x: i64\n    y: i64\nfn norm1(p: Point) -> i64:\n    p.x + p.y\nfn make(a: i64) -> Point:\n    Point(x: a, y: a * 2)",
        )
        .unwrap();
    assert_eq!(
        interp
            .call::<i64>("norm1", (Point { x: 3, y: 4 },))
            .unwrap(),
        7
    );
    assert_eq!(
        interp.call::<Point>("make", (5,)).unwrap(),
        Point { x: 5, y: 10 }
    );
    interp.set_global("origin", Point { x: 0, y: 0 });
    let shown = interp.eval("<s>", "str(origin)").unwrap();
    assert_eq!(shown.to_string(), "Point(x: 0, y: 0)");
    // A host function taking and returning host structs.
    interp.register("shift", |p: Point, d: i64| Point {
        x: p.x + d,
        y: p.y + d,
    });
    assert_eq!(
        interp.eval("<s>", "shift(Point(x: 1, y: 1), 2).y").unwrap(),
        Value::Int(3)
    );
}

#[test]
fn errors_and_values_display() {
    let mut interp = quiet();
    let e = interp.eval("<e>", "1 / 0").unwrap_err();
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("division"), "{boxed}");
    let e = interp.eval("<e>", "fn (").unwrap_err();
    assert!(e.kind().is_none());
    assert!(!e.to_string().is_empty());
    let v = interp.eval("<v>", "[1, \"a\", (2, 3.5), nil]").unwrap();
    assert_eq!(v.to_string(), "[1, a, (2, 3.5), nil]");
    interp.eval("<v>", "print([1, \"a\"])").unwrap();
}

#[test]
fn host_example_config_runs_under_its_limits() {
    let mut interp = quiet();
    interp.set_max_operations(1_000_000);
    interp.set_max_memory(1 << 20);
    interp.register("log", |_message: String| {});
    interp.set_global("env", "dev");
    let source = include_str!("../../../examples/host/config.spl");
    interp.run_source("config.spl", source).unwrap();
    assert_eq!(interp.get_global::<i64>("workers"), Some(2));
    let backend: Option<String> = interp.call("route", ("/api/x",)).unwrap();
    assert_eq!(backend.as_deref(), Some("api:8080"));
    let e = interp.call::<()>("spin", ()).unwrap_err();
    assert_eq!(e.kind(), Some(&ErrorKind::OperationLimit));
}

#[test]
fn counted_loops_charge_exactly_what_runs() {
    let mut interp = quiet();
    interp.set_max_operations(100);
    // 31 iterations run (the 31st breaks), then 69: 100 operations.
    let src = |n: i64| {
        format!(
            "var t = 0\nfor i in 0..1000:\n    if i == 30:\n        break\n    t += 1\nfor i in 0..{n}:\n    t += 1\nt"
        )
    };
    assert_eq!(interp.eval("<ok>", &src(69)).unwrap(), Value::Int(99));
    assert_eq!(
        kind(interp.eval("<over>", &src(70))),
        ErrorKind::OperationLimit
    );
    // Arrays count the same way.
    let arr = "var n = 0\nfor x in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 10:\n    n += x\nn";
    assert_eq!(interp.eval("<arr>", arr).unwrap(), Value::Int(550));
    interp.set_max_operations(99);
    assert_eq!(kind(interp.eval("<arr>", arr)), ErrorKind::OperationLimit);
    assert_eq!(interp.get_global::<i64>("n"), Some(9 * 55 + 45));
}

/// Without the `spec` feature the spec DSL's built-ins say what is missing.
#[cfg(not(feature = "spec"))]
#[test]
fn spec_dsl_needs_the_spec_feature() {
    let mut interp = quiet();
    let e = interp
        .eval("<spec>", "use std.spec.*\ndescribe \"x\":\n    pass")
        .unwrap_err();
    assert!(
        e.to_string().contains("without spec support"),
        "unexpected: {e}"
    );
}
