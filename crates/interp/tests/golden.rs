//! The behaviour tests of `tests/run/` (see `tests/run/README.md`), run in
//! this process through [`Interpreter`] instead of by spawning `simple run`
//! (that runner is `crates/cli/tests/run.rs`). Running them here puts the
//! evaluator's unsafe fast paths under the tools that watch a process from
//! inside: Miri runs a few families (`scripts/miri.sh`), AddressSanitizer
//! all of them (`docs/performance.md`, "Unsafe code, and checking it").
//!
//! A case is run as `simple run` runs it, from the repository root: the
//! top level, then `main()`, then the `at_exit` handlers, with errors
//! rendered without color into the case's stderr. Its stdout, stderr and
//! exit status must match the expected files. Not run here: cases that read
//! standard input (`.in`), and those in [`NEEDS_THE_CLI`].
//!
//! One test per family, so a filter picks families:
//! `cargo test -p simple-interp --test golden -- closures functions`.
//! `GOLDEN_CASE=text` runs only the cases whose path contains `text`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use simple_interp::{Error, Interpreter, Sink};

/// Cases that need what only the `simple` command provides, and why.
const NEEDS_THE_CLI: &[(&str, &str)] = &[
    // The command registers the SFFI host functions (`simple-sffi`, which
    // depends on this crate).
    (
        "tests/run/errors/missing_extern.spl",
        "the error lists the SFFI functions",
    ),
    (
        "tests/run/modules/stdlib.spl",
        "std.sys binds SFFI functions",
    ),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a run produced, or what a case expects.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn expected(case: &Path) -> Outcome {
    let read = |ext: &str| std::fs::read_to_string(case.with_extension(ext)).ok();
    Outcome {
        stdout: read("out").unwrap_or_default(),
        stderr: read("err").unwrap_or_default(),
        code: read("code").map_or(0, |c| c.trim().parse().unwrap_or(-1)),
    }
}

/// Runs `case` (a path relative to the repository root, which is the
/// current directory) the way `crates/cli/src/run.rs` does.
fn run(case: &Path) -> Outcome {
    let out = Rc::new(RefCell::new(Vec::new()));
    let err = Rc::new(RefCell::new(Vec::new()));
    let mut interp = Interpreter::with_sinks(Sink::Buffer(out.clone()), Sink::Buffer(err.clone()));
    interp.set_args(vec![case.display().to_string()]);
    let result = interp.run_main(case);
    interp.flush();
    let report = |interp: &Interpreter, e: &Error| {
        err.borrow_mut()
            .extend_from_slice(interp.render_error(e, false).as_bytes());
    };
    let code = match result {
        Ok(_) => 0,
        Err(Error::Exit(code)) => code,
        Err(Error::Io(message)) => {
            // `simple run` stops at once, without the `at_exit` handlers.
            err.borrow_mut()
                .extend_from_slice(format!("simple: {message}\n").as_bytes());
            return outcome(&out, &err, 2);
        }
        Err(e) => {
            report(&interp, &e);
            1
        }
    };
    let errors = interp.run_exit_handlers();
    for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
        report(&interp, e);
    }
    interp.flush();
    outcome(&out, &err, simple_interp::exit_status(code, &errors))
}

fn outcome(out: &RefCell<Vec<u8>>, err: &RefCell<Vec<u8>>, code: i32) -> Outcome {
    let text = |b: &RefCell<Vec<u8>>| String::from_utf8_lossy(&b.borrow()).into_owned();
    Outcome {
        stdout: text(out),
        stderr: text(err),
        code,
    }
}

/// A line diff, `-` expected, `+` actual, with three lines of context.
fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// The cases of one family (sorted; helper modules and pending cases are
/// not cases).
fn cases(family: &str) -> Vec<PathBuf> {
    let dir = Path::new("tests/run").join(family);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| dir.join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == "spl"))
        .collect();
    found.sort();
    found
}

fn run_family(family: &str) {
    std::env::set_current_dir(repo_root()).expect("the repository root");
    let only = std::env::var("GOLDEN_CASE").unwrap_or_default();
    let chosen = cases(family).into_iter().filter(|case| {
        let shown = case.display().to_string();
        !NEEDS_THE_CLI.iter().any(|(c, _)| *c == shown)
            && !case.with_extension("in").exists()
            && shown.contains(&only)
    });
    run_cases(&format!("tests/run/{family}"), chosen.collect());
}

/// The cases `scripts/miri.sh` runs under Miri, where one case takes 15 s
/// to 2 minutes: small programs that go through the unsafe fast paths
/// (`Ret` on every step, argument moves and frame pops on calls, defaults,
/// captures, value overwrites and the `push` statement fast path).
const MIRI_CASES: &[&str] = &[
    "tests/run/functions/nested_and_main.spl",
    "tests/run/functions/defaults_fresh.spl",
    "tests/run/closures/capture_more.spl",
    "tests/run/arrays/mutation.spl",
];

#[test]
fn miri_subset() {
    run_cases(
        "the Miri subset",
        MIRI_CASES.iter().map(PathBuf::from).collect(),
    );
}

fn run_cases(what: &str, cases: Vec<PathBuf>) {
    std::env::set_current_dir(repo_root()).expect("the repository root");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases {
        let shown = case.display().to_string();
        let want = expected(&case);
        let start = std::time::Instant::now();
        let got = run(&case);
        // Shown with --nocapture: which cases are slow under Miri.
        eprintln!("{shown}: {:.2?}", start.elapsed());
        ran += 1;
        if got != want {
            let mut report = format!("{shown}:\n");
            if got.code != want.code {
                report += &format!("  exit status {} (expected {})\n", got.code, want.code);
            }
            for (name, w, g) in [
                ("stdout", &want.stdout, &got.stdout),
                ("stderr", &want.stderr, &got.stderr),
            ] {
                if w != g {
                    report += &format!("  {name}:\n{}", diff(w, g));
                }
            }
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} case(s) in {what} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

macro_rules! families {
    ($($family:ident),* $(,)?) => {
        $(
            #[test]
            fn $family() {
                run_family(stringify!($family));
            }
        )*

        /// Every family folder has a test above.
        #[test]
        fn every_family_is_run() {
            let known = [$(stringify!($family)),*];
            let dir = repo_root().join("tests/run");
            for entry in std::fs::read_dir(&dir).expect("tests/run") {
                let entry = entry.expect("a directory entry");
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() && name != "pending" {
                    assert!(known.contains(&name.as_str()), "tests/run/{name} is not in golden.rs's families");
                }
            }
        }
    };
}

families!(
    arrays,
    builtins,
    closures,
    control,
    dicts,
    enums,
    errors,
    functions,
    io,
    literals,
    misc,
    modules,
    operators,
    option_result,
    structs,
    texts,
    traits,
    tuples_ranges,
    values,
);
