//! Long and deep programs through every stage (parse, resolve, compile, run,
//! display, drop) on a thread with a small native stack, as an embedder's
//! worker thread might have: long flat shapes (`elif` chains, operator
//! runs, statement lists) run; truly nested shapes run up to the nesting
//! limit and past it give one "too deeply nested" diagnostic with its
//! position — never a stack overflow. The programs are generated here.

use simple_interp::{Error, Interpreter, Value};

/// Runs `f` on a thread with a 512 KiB stack (smaller than any default),
/// so recursion proportional to the input would overflow it.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the thread finished without a panic")
}

/// Evaluates `src` in a fresh interpreter on a small stack; the result with
/// errors rendered as text (`Value` is not `Send`).
fn run(src: String) -> Result<String, String> {
    small_stack(move || {
        let (mut interp, out) = Interpreter::new_captured();
        let r = interp.eval("deep.spl", &src);
        let printed = String::from_utf8_lossy(&out.borrow()).into_owned();
        match r {
            Ok(v) => Ok(format!("{printed}{}", interp.display(&v))),
            Err(e) => Err(interp.render_error(&e, false)),
        }
    })
}

#[track_caller]
fn value(src: String) -> String {
    match run(src) {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn five_thousand_elifs() {
    let mut src = String::from("fn f(x: i64) -> i64:\n    if x == 0:\n        return 100\n");
    for i in 1..5_000 {
        src.push_str(&format!("    elif x == {i}:\n        return {i} * 2\n"));
    }
    src.push_str("    else:\n        return -1\n");
    src.push_str("[f(0), f(1), f(2500), f(4999), f(5000), f(-3)]\n");
    assert_eq!(value(src), "[100, 2, 5000, 9998, -1, -1]");
}

#[test]
fn long_elif_chain_as_a_value_with_bindings() {
    // As an expression, without `else` (nil), with `if val` arms that bind
    // in their own block only, and with `break` inside a loop.
    let mut arms = String::from("    val r = if i == 0: \"zero\"\n");
    for k in 1..40 {
        arms.push_str(&format!("    elif i == {k}: \"n{k}\"\n"));
    }
    arms.push_str("    elif val Some(v) = lookup(i): v\n");
    arms.push_str("    elif i == 99: break\n");
    let src = format!(
        "fn lookup(i: i64):\n    if i == 50: Some(\"found\") else: None\n\
         var out = []\nfor i in [0, 7, 39, 50, 60, 99, 1]:\n{arms}    out.push(r)\nout\n"
    );
    assert_eq!(value(src), "[zero, n7, n39, found, nil]");
}

#[test]
fn ten_thousand_term_sums() {
    let sum = vec!["1"; 10_000].join(" + ");
    assert_eq!(value(format!("{sum}\n")), "10000");
    let mixed: Vec<String> = (1..=10_000).map(|i| format!("{i} * 2 - 1")).collect();
    assert_eq!(value(format!("{}\n", mixed.join(" + "))), "100000000");
    let texts = vec!["\"ab\""; 5_000].join(" + ");
    assert_eq!(value(format!("({texts}).len()\n")), "10000");
}

#[test]
fn long_runs_keep_short_circuits() {
    // `and` stops at the first false operand, `or` at the first true one,
    // `??` at the first non-nil one: the rest are never evaluated.
    let calls = "var calls = 0\nfn t(v):\n    calls += 1\n    v\n";
    let mut ands = vec!["t(true)"; 5_000];
    ands[100] = "t(false)";
    let src = format!("{calls}val r = {}\n(r, calls)\n", ands.join(" and "));
    assert_eq!(value(src), "(false, 101)");
    let mut ors = vec!["t(0)"; 5_000];
    ors[20] = "t(7)";
    let src = format!("{calls}val r = {}\n(r, calls)\n", ors.join(" or "));
    assert_eq!(value(src), "(true, 21)");
    let mut nils = vec!["t(nil)"; 5_000];
    nils[10] = "t(3)";
    let src = format!("{calls}val r = {}\n(r, calls)\n", nils.join(" ?? "));
    assert_eq!(value(src), "(3, 11)");
    let all = vec!["t(1)"; 5_000].join(" and ");
    assert_eq!(value(format!("{calls}({all}, calls)\n")), "(true, 5000)");
}

#[test]
fn error_inside_a_long_run_points_at_its_term() {
    // The 3,001st term overflows: the error names the partial sum and the
    // term; its span runs from the first operand (line 2) to the failing
    // one, as for nested operators.
    let mut terms = vec!["1".to_string(); 5_000];
    terms[3_000] = "9223372036854775807".to_string();
    let src = format!("val a = 0\nval x = {}\n", terms.join(" +\n    "));
    let err = run(src).unwrap_err();
    assert!(err.contains("overflow"), "{err}");
    assert!(err.starts_with("deep.spl:2:9:"), "{err}");
    assert!(err.contains("3000 + 9223372036854775807"), "{err}");
}

#[test]
fn many_statements_and_functions() {
    let mut src = String::from("var x = 0\n");
    for _ in 0..20_000 {
        src.push_str("x += 1\n");
    }
    for i in 0..2_000 {
        src.push_str(&format!("fn f{i}(a: i64) -> i64: a + {i}\n"));
    }
    src.push_str("x + f1999(1)\n");
    assert_eq!(value(src), "22000");
}

#[test]
fn nesting_up_to_the_limit_runs() {
    // Each shape a few levels under the parser's limit of 1000.
    let n = 900;
    assert_eq!(value(format!("{}true\n", "not ".repeat(n))), "true");
    assert_eq!(value(format!("{}1\n", "-".repeat(n))), "1");
    assert_eq!(value(format!("5{}\n", ".abs()".repeat(n / 2 - 5))), "5");
    let lists = format!("{}1{}", "[".repeat(250), "]".repeat(250));
    assert_eq!(value(format!("val v = {lists}\nv == v\n")), "true");
    let parens = format!("{}1{}", "(1 + ".repeat(250), ")".repeat(250));
    assert_eq!(value(format!("{parens}\n")), "251");
    let lambdas = format!(
        "val f = {}42\nf{}\n",
        "fn(): ".repeat(200),
        "()".repeat(200)
    );
    assert_eq!(value(lambdas), "42");
    // Blocks nested to the layout's limit.
    let mut src = String::from("var hit = 0\n");
    for i in 0..95 {
        src.push_str(&format!("{}if true:\n", "    ".repeat(i)));
    }
    src.push_str(&format!("{}hit = 1\nhit\n", "    ".repeat(95)));
    assert_eq!(value(src), "1");
}

#[test]
fn nesting_past_the_limit_is_one_clean_diagnostic() {
    for src in [
        format!("val a = 1\nval x = {}1\n", "-".repeat(5_000)),
        format!("val a = 1\nval x = {}true\n", "not ".repeat(5_000)),
        format!("val a = 1\nval x = 5{}\n", ".abs()".repeat(5_000)),
        format!("val a = 1\nval x = 2{}\n", " ** 2".repeat(5_000)),
        format!("val a = 1\nval x = {}1\n", "fn(): ".repeat(5_000)),
    ] {
        let err = run(src).unwrap_err();
        assert!(
            err.starts_with("deep.spl:2:") && err.contains("too deeply nested"),
            "{err}"
        );
        assert_eq!(err.matches("too deeply nested").count(), 1, "{err}");
    }
}

#[test]
fn deep_values_built_at_run_time() {
    // Display, equality and drop of a 100,000-deep value.
    let src =
        "var v = []\nfor i in 0..100000:\n    v = [v]\nval s = str(v)\n(s.len() > 0, v == v)\n";
    assert_eq!(value(src.to_string()), "(true, true)");
}

#[test]
fn eval_twice_after_deep_input_errors() {
    // The interpreter stays usable after each kind of rejection.
    small_stack(|| {
        let (mut interp, _out) = Interpreter::new_captured();
        let deep = format!("{}1\n", "-".repeat(50_000));
        assert!(matches!(
            interp.eval("a.spl", &deep),
            Err(Error::Diagnostics(_))
        ));
        let long = format!("{}\n", vec!["2"; 20_000].join(" + "));
        assert_eq!(interp.eval("b.spl", &long).unwrap(), Value::Int(40_000));
    });
}

#[test]
fn nested_unwrap_fallbacks_stay_linear() {
    // `x unwrap or: d` used to copy `d` into two `match` arms, so nested
    // fallbacks doubled the tree at each level (20 levels took a minute).
    let src = format!("val x = nil\n{}7\n", "x unwrap or: ".repeat(200));
    assert_eq!(value(src), "7");
    let src = "val e = Err(1)\n(e unwrap or: Ok(5) unwrap or: 9, nil unwrap or: e unwrap or: 3, Ok(2) unwrap or: 0)\n";
    assert_eq!(value(src.to_string()), "(5, 3, 2)");
}
