//! `std.io.fs` file staging through the real `simple` binary.
//!
//! Every `tests/staging/NAME.spl` runs with `simple run` (stdout and stderr are pipes) and
//! its output is compared with the expected files next to it:
//!
//! * `NAME.out`: the exact stdout;
//! * `NAME.err`: the stderr (when absent, stderr must be empty). A line `...` matches any
//!   number of lines and a line ending in `...` any line starting with the rest (worker
//!   pids, source excerpts and line numbers inside the standard library vary);
//! * the exit status: 0, or `N` when the program's first line is `# exit: N`.
//!
//! `errors.spl` checks that opening a mode-0o000 file is refused. A privileged process
//! (root, or one with `CAP_DAC_OVERRIDE`) is not refused, so when this test process can
//! open such a file the program is expected to print that it skips that one assertion
//! (`errors.privileged.out`); when it runs as root and `setpriv` is available, the program
//! is run a second time as the user `nobody`, where the assertion is made for real
//! (`errors.out`).
//!
//! `examples/file_staging_parallel.spl` runs too: it must exit 0, print no `FAIL`, and
//! finish in under 30 seconds.
//!
//! The programs fork; they run one at a time (a global lock) so that the workers of
//! several programs do not compete for the machine's cores, and each has a time limit, so
//! a `join` that blocks fails the test instead of hanging it.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use support::{Outcome, run_with_limit};

static SERIAL: Mutex<()> = Mutex::new(());

const TIME_LIMIT: Duration = Duration::from_secs(90);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    root().join("tests/staging")
}

/// Runs `simple run SCRIPT ARGS...` in `dir`, optionally as the user `nobody` (through
/// `setpriv`), with a time limit.
fn run_in(dir: &Path, script: &str, args: &[&str], as_nobody: bool) -> Outcome {
    let simple = env!("CARGO_BIN_EXE_simple");
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", simple]);
        c
    } else {
        Command::new(simple)
    };
    cmd.arg("run")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .env_remove("SIMPLE_PATH");
    run_with_limit(cmd, script, TIME_LIMIT)
}

/// Whether `actual` matches `expected`, where an expected line `...` matches any lines and
/// a line ending in `...` matches any line that starts with the rest, and one starting
/// with `...` any line that ends with the rest.
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|k| lines_match(rest, &actual[k..])),
        Some((line, rest)) => {
            let same = match (actual.first(), line.strip_suffix("...")) {
                (Some(a), Some(prefix)) => a.starts_with(prefix),
                (Some(a), None) => match line.strip_prefix("...") {
                    Some(suffix) => a.ends_with(suffix),
                    None => a == line,
                },
                (None, _) => false,
            };
            same && lines_match(rest, &actual[1..])
        }
    }
}

/// Runs one fixture (as `nobody` when asked) and checks its exit status, its stdout
/// against `out_file` and its stderr against `NAME.err`.
fn check_with(name: &str, out_file: &str, as_nobody: bool) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = fixtures();
    let source = std::fs::read_to_string(dir.join(format!("{name}.spl")))
        .unwrap_or_else(|e| panic!("{name}.spl: {e}"));
    let expected_status = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# exit:"))
        .map_or(0, |n| n.trim().parse::<i32>().expect("`# exit: N`"));
    let expected_out =
        std::fs::read_to_string(dir.join(out_file)).unwrap_or_else(|e| panic!("{out_file}: {e}"));
    let expected_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap_or_default();

    let got = run_in(&dir, &format!("{name}.spl"), &[], as_nobody);
    let report = format!(
        "{name}.spl (expected {out_file})\n--- exit status: {} (expected {expected_status})\n--- stdout:\n{}--- stderr:\n{}---",
        got.status, got.stdout, got.stderr
    );
    assert_eq!(
        got.stdout, expected_out,
        "stdout differs from {out_file}\n{report}"
    );
    let exp: Vec<&str> = expected_err.lines().collect();
    let act: Vec<&str> = got.stderr.lines().collect();
    assert!(
        lines_match(&exp, &act),
        "stderr does not match {name}.err:\n{expected_err}\n{report}"
    );
    assert_eq!(got.status, expected_status, "exit status\n{report}");
}

fn check(name: &str) {
    check_with(name, &format!("{name}.out"), false);
}

/// Every mode stages and reads back the exact bytes; empty files read empty.
#[test]
fn modes_exact() {
    check("modes_exact");
}

/// MAP_SHARED writes by a child are seen by the parent, MAP_PRIVATE ones are not; a
/// MmapShared staging shows an in-place edit, a Prefetch buffer keeps its snapshot.
#[test]
fn shared_private() {
    check("shared_private");
}

/// Exit codes 0, 3, 44 (300), values mapped to codes, SIGKILL/SIGTERM as -9/-15,
/// a runtime error in a worker, is_alive/kill on running and reaped workers.
#[test]
fn worker_codes() {
    check("worker_codes");
}

/// After join_all / reap_all, waitpid(-1, WNOHANG) gives ECHILD.
#[test]
fn no_zombies() {
    check("no_zombies");
}

/// A worker that spawns workers reaps them before it exits, also after a runtime error:
/// no grandchild is left an orphan (issue 17).
#[test]
fn nested_spawn() {
    check("nested_spawn");
}

/// A File dropped without close() closes its descriptor (host handle, issue 17).
#[test]
fn file_drop_closes() {
    check("file_drop_closes");
}

/// A parent that fails with an error value reaps its workers in its cleanup path.
#[test]
fn parent_fails() {
    check("parent_fails");
}

/// A path staged twice is mapped once; workers find files by path and map nothing.
#[test]
fn registry() {
    check("registry");
}

/// SharedSlots written by workers, read by the parent; misuse is a runtime error.
#[test]
fn shared_slots() {
    check("shared_slots");
}

/// Views of staged files in every mode: sub-views, byte methods, views in a worker, and
/// use after release as a runtime error.
#[test]
fn views() {
    check("views");
}

/// join() gives worker values and WorkerErrors, with each transport failure.
#[test]
fn worker_values() {
    check("worker_values");
}

/// Pool.map: input order, dynamic hand-out, errors.
#[test]
fn pool() {
    check("pool");
}

/// The staging budget.
#[test]
fn budget() {
    check("budget");
}

/// FilePath values; File.open_read in a worker finds the parent's staged file.
#[test]
fn filepath() {
    check("filepath");
}

/// std.io.fs, written as parts, still has every name it had as one file; module variables
/// are shared between the parts.
#[test]
fn exports() {
    check("exports");
}

/// The registry's Files hold a descriptor each until released; a folder among the paths
/// is refused and the call's files are closed again; every mode through the registry.
#[test]
fn registry_fds() {
    check("registry_fds");
}

/// Whether this process may open a file whose mode is 0o000 (root, CAP_DAC_OVERRIDE).
fn bypasses_permissions() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::temp_dir().join(format!("simple-staging-perm-{}", std::process::id()));
    std::fs::write(&path, b"x").expect("create probe file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let opened = std::fs::File::open(&path).is_ok();
    let _ = std::fs::remove_file(&path);
    opened
}

/// The effective uid, from /proc/self/status.
fn euid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

fn have_setpriv() -> bool {
    Command::new("setpriv")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Missing file, directory, permission denied, closed file, bad arguments.
#[test]
fn errors() {
    if bypasses_permissions() {
        eprintln!(
            "note: this test runs with permission checks bypassed (root or CAP_DAC_OVERRIDE): \
             errors.spl is expected to skip its permission-denied assertion"
        );
        check_with("errors", "errors.privileged.out", false);
        if euid() == Some(0) && have_setpriv() {
            eprintln!("note: running errors.spl again as `nobody`, where EACCES is checked");
            check_with("errors", "errors.out", true);
        } else {
            eprintln!("note: cannot run as `nobody` here; the EACCES assertion was skipped");
        }
    } else {
        check("errors");
    }
}

/// Every `.spl` in the fixture folder has a test (none is silently skipped).
#[test]
fn every_fixture_has_a_test() {
    let known = [
        "modes_exact",
        "shared_private",
        "worker_codes",
        "no_zombies",
        "nested_spawn",
        "file_drop_closes",
        "parent_fails",
        "registry",
        "shared_slots",
        "errors",
        "views",
        "worker_values",
        "pool",
        "budget",
        "filepath",
        "exports",
        "registry_fds",
    ];
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(fixtures()).expect("tests/staging") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "spl") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !known.contains(&stem.as_str()) {
                missing.push(stem);
            }
        }
    }
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
}

/// The example runs with no set-up, every check passes, it exits 0 in under 30 s.
#[test]
fn example_file_staging_parallel() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let got = run_in(&root(), "examples/file_staging_parallel.spl", &[], false);
    let report = format!(
        "--- exit status: {} in {:?}\n--- stdout:\n{}--- stderr:\n{}---",
        got.status, got.elapsed, got.stdout, got.stderr
    );
    assert_eq!(got.status, 0, "the example failed\n{report}");
    assert!(!got.stdout.contains("FAIL"), "a check failed\n{report}");
    assert!(
        got.stdout.contains(" passed, 0 failed"),
        "no summary line\n{report}"
    );
    assert!(
        got.stdout.matches("PASS").count() >= 30,
        "fewer checks than expected\n{report}"
    );
    assert!(got.stderr.is_empty(), "stderr is not empty\n{report}");
    assert!(
        got.elapsed < Duration::from_secs(30),
        "took {:?} (limit 30 s)\n{report}",
        got.elapsed
    );
}
