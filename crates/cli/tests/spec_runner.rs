//! Tests of the `simple test` runner itself, on the fixture files in
//! `tests/spec_runner/`. The fixtures fail on purpose, so they are not named
//! `*_spec.spl` (a run over a folder never picks them up) and are always given
//! to the runner explicitly, from the repository root with relative paths so
//! that the output is stable.
//!
//! `UPDATE_EXPECT=1` rewrites the expected output files (`*.out`) that
//! differ; review the rewrite (`git diff tests/spec_runner`) before
//! committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "tests/spec_runner";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Both streams, for assertion messages.
    fn shown(&self) -> String {
        format!(
            "exit code {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The last non-empty line of stdout.
    fn last_line(&self) -> &str {
        self.stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }
}

/// Runs `simple test ARGS` in `cwd` with `NO_COLOR=1`.
fn simple_test_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_simple"))
        .arg("test")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("SIMPLE_PATH")
        .output()
        .expect("run simple test");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `simple test ARGS` from the repository root.
fn simple_test(args: &[&str]) -> Run {
    simple_test_in(&repo_root(), args)
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// Compares `actual` with the expected file `name` in the fixtures folder
/// (or rewrites it under `UPDATE_EXPECT=1`).
fn check_expected(name: &str, actual: &str, run: &Run) {
    let path = repo_root().join(FIXTURES).join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, actual).expect("write expected file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    if expected != actual {
        let mut diff = String::new();
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            match (e.get(i), a.get(i)) {
                (Some(x), Some(y)) if x == y => diff.push_str(&format!("  {x}\n")),
                (x, y) => {
                    if let Some(x) = x {
                        diff.push_str(&format!("- {x}\n"));
                    }
                    if let Some(y) = y {
                        diff.push_str(&format!("+ {y}\n"));
                    }
                }
            }
        }
        panic!(
            "output differs from {FIXTURES}/{name} (- expected, + actual, line by line):\n{diff}\n{}",
            run.shown()
        );
    }
}

#[test]
fn failures_are_reported_in_full_and_the_run_goes_on() {
    let run = simple_test(&[&fixture("failures.spl")]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert_eq!(run.stderr, "", "{}", run.shown());
    check_expected("failures.out", &run.stdout, &run);
}

#[test]
fn no_color_codes_when_stdout_is_not_a_terminal() {
    // Without NO_COLOR: stdout is a pipe here, so there must be no escapes.
    let out = Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(["test", &fixture("failures.spl")])
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .output()
        .expect("run simple test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains('\x1b'), "escape codes in:\n{stdout}");
    let expected = std::fs::read_to_string(repo_root().join(FIXTURES).join("failures.out"))
        .expect("failures.out");
    assert_eq!(stdout, expected);
}

#[test]
fn filter_matches_a_substring_of_the_full_name() {
    let file = fixture("filter.spl");
    // "Math adds" spans the group name and the example name.
    let run = simple_test(&[&file, "--filter", "Math adds"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.stdout,
        "tests/spec_runner/filter.spl\n  Math\n    ok   adds\n\n1 passed, 0 failed, 4 filtered out\n",
        "{}",
        run.shown()
    );

    // A context name followed by the start of an example name.
    let run = simple_test(&[&file, "--filter", "floats adds"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert!(run.stdout.contains("ok   adds floats"), "{}", run.shown());
    assert_eq!(
        run.last_line(),
        "1 passed, 0 failed, 4 filtered out",
        "{}",
        run.shown()
    );

    // Matches in several groups; the selected Text example fails because its
    // group's before_all raises.
    let run = simple_test(&[&file, "--filter", "adds"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(!run.stdout.contains("subtracts"), "{}", run.shown());
    assert!(
        run.stdout
            .contains("FAIL adds strings (fails if run: before_all raises)"),
        "{}",
        run.shown()
    );
    assert_eq!(
        run.last_line(),
        "2 passed, 1 failed, 2 filtered out",
        "{}",
        run.shown()
    );

    // The filter is case-sensitive; matching nothing is an error (exit 1),
    // so a mistyped filter never looks like success.
    let run = simple_test(&[&file, "--filter", "math adds"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert_eq!(
        run.last_line(),
        "0 passed, 0 failed, 5 filtered out",
        "{}",
        run.shown()
    );
}

#[test]
fn list_shows_examples_without_running_them() {
    let file = fixture("filter.spl");
    let run = simple_test(&[&file, "--list"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.stdout,
        "tests/spec_runner/filter.spl\n\
         \x20 Math adds  [tests/spec_runner/filter.spl:5]\n\
         \x20 Math subtracts (fails if run)  [tests/spec_runner/filter.spl:8]\n\
         \x20 Math with floats adds floats  [tests/spec_runner/filter.spl:12]\n\
         \x20 Text adds strings (fails if run: before_all raises)  [tests/spec_runner/filter.spl:19]\n\
         \x20 Text is skipped (skipped)  [tests/spec_runner/filter.spl:22]\n\
         5 examples\n",
        "{}",
        run.shown()
    );

    let run = simple_test(&[&file, "--list", "--filter", "with floats"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(run.last_line(), "1 example", "{}", run.shown());
    assert!(!run.stdout.contains("Math adds "), "{}", run.shown());
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let (first, second) = (fixture("fail_fast.spl"), fixture("load_ok.spl"));
    let run = simple_test(&[&first, &second, "--fail-fast"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(run.stdout.contains("FAIL fails second"), "{}", run.shown());
    assert!(!run.stdout.contains("would fail third"), "{}", run.shown());
    // The next file is not even started.
    assert!(!run.stdout.contains("load_ok.spl"), "{}", run.shown());
    assert!(!run.stdout.contains("2) "), "{}", run.shown());
    assert_eq!(run.last_line(), "1 passed, 1 failed", "{}", run.shown());

    // Without the flag every example of both files runs.
    let run = simple_test(&[&first, &second]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(
        run.stdout.contains("FAIL would fail third"),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout.contains("ok   runs after a broken file"),
        "{}",
        run.shown()
    );
    assert_eq!(run.last_line(), "2 passed, 2 failed", "{}", run.shown());
}

#[test]
fn hooks_run_in_order_and_share_state_with_examples() {
    // The fixture records every hook call in a shared array and checks the
    // sequence in its last example; hook state is checked inside examples.
    let run = simple_test(&[&fixture("hooks.spl")]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.stdout,
        "tests/spec_runner/hooks.spl\n\
         \x20 outer\n\
         \x20   ok   first\n\
         \x20   inner\n\
         \x20     ok   second\n\
         \x20     ok   third\n\
         \x20 afterwards\n\
         \x20   ok   saw every hook in order\n\
         \n\
         4 passed, 0 failed\n",
        "{}",
        run.shown()
    );

    // One inner example selected alone still gets its group's hooks: its
    // check of the state set by the inner before_each passes.
    let run = simple_test(&[&fixture("hooks.spl"), "--filter", "inner second"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.last_line(),
        "1 passed, 0 failed, 3 filtered out",
        "{}",
        run.shown()
    );
}

#[test]
fn an_error_inside_an_example_fails_only_that_example() {
    let run = simple_test(&[&fixture("example_broken.spl")]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(
        run.stdout.contains(
            "    FAIL has a syntax error\n    FAIL names something unknown\n    ok   still runs\n"
        ),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout.contains(
            "tests/spec_runner/example_broken.spl:5:13: error: unexpected `=`, expected a name"
        ),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout.contains("error: unknown name `no_such_name`"),
        "{}",
        run.shown()
    );
    assert_eq!(run.last_line(), "1 passed, 2 failed", "{}", run.shown());
}

#[test]
fn an_example_that_exits_fails_and_the_run_goes_on() {
    let run = simple_test(&[&fixture("exits.spl")]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(
        run.stdout
            .contains("    FAIL calls rt_exit\n    FAIL calls exit\n    ok   still runs\n"),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout
            .contains("error: rt_exit(0) inside a spec example would end the whole test run"),
        "{}",
        run.shown()
    );
    assert_eq!(run.last_line(), "1 passed, 2 failed", "{}", run.shown());
}

#[test]
fn a_file_that_fails_to_load_counts_as_a_failure_and_others_still_run() {
    let files = [
        fixture("load_broken.spl"),
        fixture("load_raises.spl"),
        fixture("load_ok.spl"),
    ];
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let run = simple_test(&args);
    assert_eq!(run.code, 1, "{}", run.shown());
    // The syntax error and the top-level runtime error are reported with
    // file:line:col.
    assert!(
        run.stdout
            .contains("tests/spec_runner/load_broken.spl:3:9: error: unclosed `(`"),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout
            .contains("tests/spec_runner/load_raises.spl:5:13: error: key \"nope\" not found"),
        "{}",
        run.shown()
    );
    // Each failed load is a failure of its own.
    for f in ["load_broken.spl", "load_raises.spl"] {
        assert!(
            run.stdout
                .contains(&format!("tests/spec_runner/{f} (loading the file)")),
            "{}",
            run.shown()
        );
    }
    for example in ["never registers", "never runs"] {
        assert!(!run.stdout.contains(example), "{}", run.shown());
    }
    assert!(
        run.stdout.contains(
            "tests/spec_runner/load_ok.spl\n  loads\n    ok   runs after a broken file\n"
        ),
        "{}",
        run.shown()
    );
    assert_eq!(run.last_line(), "1 passed, 2 failed", "{}", run.shown());
}

#[test]
fn a_failing_after_all_is_reported() {
    let run = simple_test(&[&fixture("after_all_fails.spl")]);
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(
        run.stdout.contains("index 0 out of range for length 0"),
        "{}",
        run.shown()
    );
    assert!(run.last_line().contains("1 failed"), "{}", run.shown());
}

/// A fresh empty folder under the system temp folder (its path, and the
/// guard that removes it on drop).
struct TempDir(PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("simple-spec-runner-{tag}-"))
            .tempdir()
            .expect("create temp dir");
        TempDir(dir.path().to_path_buf(), dir)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(path, text).expect("write file");
    }
}

#[test]
fn default_path_is_the_tests_folder_searched_recursively() {
    let dir = TempDir::new("default");
    dir.write(
        "tests/x_spec.spl",
        "describe \"x\":\n    it \"runs\":\n        expect(1 + 1).to_equal(2)\n",
    );
    dir.write(
        "tests/sub/y_spec.spl",
        "describe \"y\":\n    it \"runs too\":\n        expect(\"y\").to_have_length(1)\n",
    );
    // Not a spec file: never run by a folder search (it would fail).
    dir.write(
        "tests/helper.spl",
        "describe \"helper\":\n    it \"must not run\":\n        expect(1).to_equal(2)\n",
    );
    // Outside tests/: not searched by default.
    dir.write(
        "other/z_spec.spl",
        "describe \"z\":\n    it \"must not run\":\n        expect(1).to_equal(2)\n",
    );
    let run = simple_test_in(&dir.0, &[]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.stdout,
        "tests/sub/y_spec.spl\n  y\n    ok   runs too\n\
         tests/x_spec.spl\n  x\n    ok   runs\n\
         \n2 passed, 0 failed\n",
        "{}",
        run.shown()
    );
}

#[test]
fn missing_default_folder_is_an_error() {
    let dir = TempDir::new("empty");
    let run = simple_test_in(&dir.0, &[]);
    assert_ne!(run.code, 0, "{}", run.shown());
    assert!(run.stderr.contains("tests"), "{}", run.shown());
}

#[test]
fn summary_line_formats() {
    // Without skipped examples: `N passed, N failed`, after an empty line.
    let run = simple_test(&[&fixture("hooks.spl")]);
    assert!(
        run.stdout.ends_with("\n\n4 passed, 0 failed\n"),
        "{}",
        run.shown()
    );

    // With skipped examples: `, N skipped` follows, and skips alone do not
    // fail the run.
    let run = simple_test(&[&fixture("skipped.spl")]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(
        run.stdout,
        "tests/spec_runner/skipped.spl\n  skips\n    ok   passes\n    skip is skipped\n\
         \n1 passed, 0 failed, 1 skipped\n",
        "{}",
        run.shown()
    );

    // Failures and skips together.
    let run = simple_test(&[&fixture("failures.spl")]);
    assert_eq!(
        run.last_line(),
        "3 passed, 8 failed, 1 skipped",
        "{}",
        run.shown()
    );
}

#[test]
fn a_symlink_cycle_does_not_loop_the_folder_walk() {
    let dir = TempDir::new("cycle");
    dir.write(
        "tests/x_spec.spl",
        "describe \"x\":\n    it \"runs\":\n        expect(1 + 1).to_equal(2)\n",
    );
    std::os::unix::fs::symlink(dir.0.join("tests"), dir.0.join("tests/loop"))
        .expect("make a symlink");
    let run = simple_test_in(&dir.0, &["tests"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(run.last_line(), "1 passed, 0 failed", "{}", run.shown());
}

#[test]
fn an_example_that_runs_too_long_times_out_and_the_run_goes_on() {
    let start = std::time::Instant::now();
    let run = simple_test(&["--timeout", "1", &fixture("slow.spl")]);
    assert!(start.elapsed().as_secs() < 30, "{}", run.shown());
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(
        run.stdout
            .contains("    FAIL loops forever\n    FAIL recurses for ages\n    ok   still runs\n"),
        "{}",
        run.shown()
    );
    assert_eq!(
        run.stdout.matches("timed out after 1 s").count(),
        2,
        "{}",
        run.shown()
    );
    assert_eq!(run.last_line(), "1 passed, 2 failed", "{}", run.shown());
}
