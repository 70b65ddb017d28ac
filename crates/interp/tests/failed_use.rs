//! A `use` whose module fails to load — a syntax or name error in it, a
//! runtime error in its top level, a missing file — leaves nothing of the
//! module behind in the importer: none of its names, no half-run module a
//! later `use` would accept silently. A later `use` loads it again (so a
//! fixed file loads). The error names the module's file with line and
//! column, and the importing `use`.

use std::path::{Path, PathBuf};

use simple_interp::{Error, Interpreter, Value};

/// A scratch folder of modules, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(test: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("simple-failed-use-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).unwrap();
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn interp(dir: &Dir) -> Interpreter {
    let (mut interp, _out) = Interpreter::new_captured();
    interp.add_search_path(dir.path());
    interp
}

/// The error of `src`, rendered as `simple` prints it.
#[track_caller]
fn error_of(interp: &mut Interpreter, src: &str) -> String {
    match interp.eval("<input>", src) {
        Ok(v) => panic!("expected an error from {src:?}, got {}", interp.display(&v)),
        Err(e) => interp.render_error(&e, false),
    }
}

#[track_caller]
fn unknown(interp: &mut Interpreter, src: &str, name: &str) {
    let e = error_of(interp, src);
    assert!(
        e.contains(&format!("unknown name `{name}`")),
        "{src:?} should not see `{name}`: {e}"
    );
}

const RUNTIME_FAILURE: &str = "\
fn helper() -> i64: 41
val X = 10
val Y = 10 / (X - 10)
fn after() -> i64: X + 1
";

#[test]
fn runtime_error_in_the_top_level() {
    let dir = Dir::new("runtime");
    dir.write("bad.spl", RUNTIME_FAILURE);
    let mut interp = interp(&dir);
    let e = error_of(&mut interp, "val a = 1\nuse bad\n");
    assert!(e.contains("division by zero"), "{e}");
    assert!(e.contains("bad.spl:3:9"), "the failing line: {e}");
    assert!(e.contains("<input>:2:1"), "the importing `use`: {e}");
    // Nothing of the module is visible: not its functions (hoisted, so
    // they were defined before the error), not its values, not the module.
    unknown(&mut interp, "helper()", "helper");
    unknown(&mut interp, "after()", "after");
    unknown(&mut interp, "X", "X");
    unknown(&mut interp, "bad.X", "bad");
    assert!(interp.global("helper").is_none());
    assert!(interp.call::<i64>("after", ()).is_err());
    // The input's own definitions before the `use` stay, as in any input
    // that fails part way.
    assert_eq!(interp.eval("<input>", "a").unwrap(), Value::Int(1));
    // Using it again runs it again (and fails again) instead of accepting
    // the half-run module.
    let again = error_of(&mut interp, "use bad\nhelper()\n");
    assert!(
        again.contains("division by zero") && again.contains("bad.spl:3:9"),
        "{again}"
    );
    unknown(&mut interp, "helper()", "helper");
    // Fixed on disk, it loads.
    dir.write("bad.spl", &RUNTIME_FAILURE.replace("(X - 10)", "(X - 5)"));
    assert_eq!(
        interp
            .eval("<input>", "use bad\n(helper(), after(), Y, bad.X)\n")
            .unwrap(),
        interp.eval("<input>", "(41, 11, 2, 10)").unwrap()
    );
}

#[test]
fn selected_and_glob_imports_of_a_failing_module() {
    let dir = Dir::new("names");
    dir.write("bad.spl", RUNTIME_FAILURE);
    let mut interp = interp(&dir);
    for src in ["use bad.{helper, X}\n", "use bad.*\n", "use bad.helper\n"] {
        let e = error_of(&mut interp, src);
        assert!(e.contains("division by zero"), "{src}: {e}");
        unknown(&mut interp, "helper()", "helper");
        unknown(&mut interp, "X", "X");
    }
}

#[test]
fn syntax_error_in_the_module() {
    let dir = Dir::new("syntax");
    dir.write(
        "broken.spl",
        "fn ok() -> i64: 1\nval x = (1 +\nfn also(): 2\n",
    );
    let mut interp = interp(&dir);
    for _ in 0..2 {
        // Reported each time, with the module's file and position, and the
        // `use` that imported it.
        let e = error_of(&mut interp, "use broken\n");
        assert!(e.contains("broken.spl:2:"), "{e}");
        assert!(e.contains("module `broken` has"), "{e}");
        assert!(e.contains("<input>:1:5"), "{e}");
        unknown(&mut interp, "ok()", "ok");
        unknown(&mut interp, "broken.ok()", "broken");
    }
}

#[test]
fn name_error_in_the_module() {
    let dir = Dir::new("resolve");
    dir.write(
        "typo.spl",
        "fn good() -> i64: 1\nfn bad() -> i64: undefined_thing + 1\n",
    );
    let mut interp = interp(&dir);
    for _ in 0..2 {
        let e = error_of(&mut interp, "use typo.*\n");
        assert!(
            e.contains("typo.spl:2:18") && e.contains("undefined_thing"),
            "{e}"
        );
        unknown(&mut interp, "good()", "good");
    }
}

#[test]
fn missing_module() {
    let dir = Dir::new("missing");
    let mut interp = interp(&dir);
    for _ in 0..2 {
        let e = error_of(&mut interp, "use nowhere.{f}\n");
        assert!(e.contains("module `nowhere` not found"), "{e}");
        assert!(e.contains("<input>:1:5"), "{e}");
        unknown(&mut interp, "f()", "f");
    }
}

#[test]
fn failure_two_modules_down() {
    // main uses outer, outer uses bad: both fail, neither leaves names.
    let dir = Dir::new("nested");
    dir.write("bad.spl", RUNTIME_FAILURE);
    dir.write(
        "outer.spl",
        "fn outer_fn() -> i64: 7\nuse bad\nval Z = helper()\n",
    );
    let mut interp = interp(&dir);
    for _ in 0..2 {
        let e = error_of(&mut interp, "use outer\n");
        assert!(e.contains("bad.spl:3:9"), "{e}");
        assert!(e.contains("outer.spl:2:1"), "outer's `use bad`: {e}");
        assert!(e.contains("<input>:1:1"), "the input's `use outer`: {e}");
        unknown(&mut interp, "outer_fn()", "outer_fn");
        unknown(&mut interp, "helper()", "helper");
    }
    // A module that was fine stays loaded once: `use` of it again does
    // not rerun it.
    dir.write("fine.spl", "var runs = 0\nruns += 1\n");
    interp.eval("<input>", "use fine\n").unwrap();
    interp.eval("<input>", "use fine\n").unwrap();
    assert_eq!(interp.eval("<input>", "fine.runs").unwrap(), Value::Int(1));
}

#[test]
fn embedder_runs_a_program_whose_import_fails() {
    let dir = Dir::new("embedder");
    dir.write("bad.spl", RUNTIME_FAILURE);
    let main = dir.path().join("main.spl");
    std::fs::write(&main, "use bad\nfn main_fn() -> i64: helper()\n").unwrap();
    let mut interp = interp(&dir);
    match interp.run_main(&main) {
        Err(Error::Runtime(e)) => {
            let shown = interp.render_error(&Error::Runtime(e), false);
            assert!(shown.contains("bad.spl:3:9"), "{shown}");
            assert!(shown.contains("main.spl:1:1"), "{shown}");
        }
        other => panic!("expected a runtime error, got {other:?}"),
    }
    assert!(interp.global("helper").is_none());
    assert!(interp.global("after").is_none());
    // The module is not left half-run for the next program either.
    let e = error_of(&mut interp, "use bad\n");
    assert!(e.contains("division by zero"), "{e}");
}

#[test]
fn use_of_one_name_runs_the_module() {
    // `use m.helper` binds a name of module `m`: `m`'s top level runs, as
    // for any other `use` (it used not to, leaving `helper` "used before
    // its definition has run").
    let dir = Dir::new("single");
    dir.write("m.spl", "fn helper() -> i64: X + 1\nval X = 41\n");
    let mut interp = interp(&dir);
    assert_eq!(
        interp.eval("<input>", "use m.helper\nhelper()\n").unwrap(),
        Value::Int(42)
    );
}

#[test]
fn standard_module_needing_sffi_in_a_sandbox() {
    // The case: `use std.sys` without the SFFI host functions fails
    // at its first `extern fn`; repeating it must fail the same way, not
    // "succeed" and leave `rt_getpid` "used before its definition has run".
    let (mut interp, _out) = Interpreter::new_captured();
    let first = error_of(&mut interp, "use std.sys\n");
    assert!(first.contains("sys.spl:"), "{first}");
    assert!(first.contains("<input>:1:1"), "{first}");
    let again = error_of(&mut interp, "use std.sys\n");
    assert_eq!(first, again);
    unknown(&mut interp, "rt_getpid()", "rt_getpid");
    unknown(&mut interp, "sys.getpid()", "sys");
}

#[test]
fn names_a_failed_module_imported_stay_with_their_module() {
    // `bad` imports `good` and one of its names before failing: the
    // session's own `use good` and `shared` are not taken away with `bad`.
    let dir = Dir::new("imports");
    dir.write("good.spl", "fn shared() -> i64: 5\n");
    dir.write(
        "bad.spl",
        "use good\nuse good.{shared}\nfn mine() -> i64: 1\nval boom = 1 / 0\n",
    );
    let mut interp = interp(&dir);
    interp
        .eval("<input>", "use good\nuse good.{shared}\n")
        .unwrap();
    let e = error_of(&mut interp, "use bad\n");
    assert!(e.contains("division by zero"), "{e}");
    unknown(&mut interp, "mine()", "mine");
    assert_eq!(
        interp.eval("<input>", "good.shared() + shared()").unwrap(),
        Value::Int(10)
    );
}
