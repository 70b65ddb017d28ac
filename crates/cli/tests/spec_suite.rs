//! The language conformance suite: runs `simple test tests/spec` from the
//! repository root and fails, showing the runner's output, unless every
//! example passes. The suite is written in Simple's own spec DSL; the
//! examples that document interpreter bugs live in `tests/spec_pending/`
//! and are not run here (`simple test tests/spec_pending` runs them).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The suite must keep at least this many passing examples.
const MIN_PASSED: usize = 300;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// Reads the closing line `N passed, N failed[, N skipped]`.
fn summary(stdout: &str) -> Option<(usize, usize, usize)> {
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty())?;
    let mut counts = [None; 3];
    for part in line.split(", ") {
        let (n, what) = part.split_once(' ')?;
        let n: usize = n.parse().ok()?;
        let slot = match what {
            "passed" => 0,
            "failed" => 1,
            "skipped" => 2,
            _ => return None,
        };
        counts[slot] = Some(n);
    }
    Some((counts[0]?, counts[1]?, counts[2].unwrap_or(0)))
}

#[test]
fn conformance_suite_passes() {
    let out = Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(["test", "tests/spec"])
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .env_remove("SIMPLE_PATH")
        .output()
        .expect("run simple test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = format!("--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
    assert!(
        out.status.success(),
        "`simple test tests/spec` failed ({}):\n{shown}",
        out.status
    );
    let (passed, failed, _skipped) = summary(&stdout)
        .unwrap_or_else(|| panic!("no `N passed, N failed` summary line:\n{shown}"));
    assert_eq!(failed, 0, "failed examples:\n{shown}");
    assert!(
        passed >= MIN_PASSED,
        "only {passed} examples passed (at least {MIN_PASSED} expected):\n{shown}"
    );
}

#[test]
fn summary_line_is_parsed() {
    assert_eq!(summary("x\n\n3 passed, 0 failed\n"), Some((3, 0, 0)));
    assert_eq!(summary("1 passed, 2 failed, 4 skipped"), Some((1, 2, 4)));
    assert_eq!(summary("3 passed"), None);
    assert_eq!(summary("3 passed, 0 failed, many skipped"), None);
}
