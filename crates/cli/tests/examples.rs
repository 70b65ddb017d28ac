//! The examples under `examples/` that have an expected-output file
//! (`examples/NAME.out`) run with `simple run` from the repository root and
//! must exit 0 with exactly that stdout. (`file_staging_parallel.spl` checks
//! itself and is run by `tests/staging.rs`.) `UPDATE_EXPECT=1` rewrites the
//! `.out` files; review the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn check_example(name: &str) {
    let root = repo_root();
    let script = format!("examples/{name}.spl");
    let expected_path = root.join(format!("examples/{name}.out"));
    let out = Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(["run", &script])
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run simple");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} failed ({})\n--- stdout:\n{stdout}--- stderr:\n{stderr}",
        out.status
    );
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0") {
        std::fs::write(&expected_path, stdout.as_bytes()).expect("write expected output");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected_path.display()));
    assert!(
        stdout == expected,
        "{script}: stdout differs from {}\n--- expected:\n{expected}--- got:\n{stdout}--- stderr:\n{stderr}",
        expected_path.display()
    );
}

#[test]
fn example_smf_cache() {
    check_example("smf_cache");
}

/// Every example is either checked here (it has a `.out` file) or checks
/// itself in another test; a new example must not go unrun.
#[test]
fn every_example_is_run() {
    let self_checking = ["file_staging_parallel"];
    let checked_here = ["smf_cache"];
    let mut unrun = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("examples")).expect("examples/") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "spl") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !self_checking.contains(&stem.as_str()) && !checked_here.contains(&stem.as_str()) {
                unrun.push(stem);
            }
        }
    }
    assert!(unrun.is_empty(), "examples no test runs: {unrun:?}");
}
