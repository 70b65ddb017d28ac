//! Behaviour tests: runs every program under `tests/run/` with `simple run`
//! and compares its stdout, stderr and exit status with the expected files
//! next to it. See `tests/run/README.md` for the layout and conventions.
//!
//! - `UPDATE_EXPECT=1` rewrites the expected files of the cases that differ
//!   (never those under `pending/`). Review every rewritten file: expected
//!   files state correct behaviour, not whatever the interpreter prints.
//! - `RUN_PENDING=1` runs only the cases under `pending/`, as if they were at
//!   their home location (`tests/run/pending/x/y.spl` is compared as
//!   `tests/run/x/y.spl`), and lists those that now pass.
//! - `RUN_FILTER=text` runs only the cases whose path contains `text`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Folder (relative to the repository root) holding the cases.
const CASES: &str = "tests/run";
/// Folders with this name hold helper modules, not cases.
const HELPERS: &str = "mods";
/// Folder holding cases whose expected behaviour is not implemented yet.
const PENDING: &str = "pending";
/// A case running longer than this is killed and reported.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Diff lines shown per mismatching stream.
const MAX_DIFF_LINES: usize = 60;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Collects the `.spl` cases under `dir` (paths relative to `root`), sorted,
/// and the expected files that belong to no case (`orphans`).
fn collect(
    root: &Path,
    dir: &Path,
    pending: bool,
    out: &mut Vec<PathBuf>,
    orphans: &mut Vec<PathBuf>,
) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| dir.join(e.expect("directory entry").file_name()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if root.join(&path).is_dir() {
            if name == HELPERS {
                continue;
            }
            let is_pending_root = name == PENDING && dir == Path::new(CASES);
            if is_pending_root && !pending {
                continue;
            }
            collect(root, &path, pending, out, orphans);
        } else {
            let in_pending = path.starts_with(Path::new(CASES).join(PENDING));
            if in_pending != pending {
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "spl" {
                out.push(path);
            } else if ["out", "err", "code"].contains(&ext)
                && !root.join(path.with_extension("spl")).is_file()
            {
                orphans.push(path);
            }
        }
    }
}

/// What a run produced, or what a case expects.
#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn read_expected(root: &Path, case: &Path) -> Result<Outcome, String> {
    let read = |ext: &str| std::fs::read_to_string(root.join(case.with_extension(ext))).ok();
    let stdout = read("out").ok_or_else(|| {
        format!(
            "missing {} (run with UPDATE_EXPECT=1 to create it)",
            case.with_extension("out").display()
        )
    })?;
    let stderr = read("err").unwrap_or_default();
    let code = match read("code") {
        None => 0,
        Some(text) => text.trim().parse().map_err(|_| {
            format!(
                "{}: not an exit status: {text:?}",
                case.with_extension("code").display()
            )
        })?,
    };
    Ok(Outcome {
        stdout,
        stderr,
        code,
    })
}

fn write_expected(root: &Path, case: &Path, actual: &Outcome) {
    let write = |ext: &str, text: Option<String>| {
        let path = root.join(case.with_extension(ext));
        match text {
            Some(text) => std::fs::write(&path, text),
            None if path.exists() => std::fs::remove_file(&path),
            None => Ok(()),
        }
        .unwrap_or_else(|e| panic!("cannot update {}: {e}", path.display()));
    };
    write("out", Some(actual.stdout.clone()));
    write(
        "err",
        (!actual.stderr.is_empty()).then(|| actual.stderr.clone()),
    );
    write(
        "code",
        (actual.code != 0).then(|| format!("{}\n", actual.code)),
    );
}

/// The case's standard input: `CASE.in` when it exists, otherwise nothing.
fn stdin_for(case: &Path) -> Stdio {
    match std::fs::File::open(case.with_extension("in")) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    }
}

/// Runs `simple run CASE` from the repository root.
fn run_case(root: &Path, case: &Path) -> Result<Outcome, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_simple"))
        .arg("run")
        .arg(case)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("SIMPLE_PATH")
        .stdin(stdin_for(&root.join(case)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start simple: {e}"))?;
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut s) = stream {
                let _ = s.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for simple: {e}")),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let code = match status.code() {
        Some(code) => code,
        None => return Err(format!("killed by a signal ({status}); stderr:\n{stderr}")),
    };
    Ok(Outcome {
        stdout,
        stderr,
        code,
    })
}

/// A line diff of `expected` against `actual` (a unified diff with three
/// lines of context), `-` expected, `+` actual, indented, at most
/// [`MAX_DIFF_LINES`] lines.
fn diff(expected: &str, actual: &str) -> String {
    let text = similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for line in lines.iter().take(MAX_DIFF_LINES) {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    if lines.len() > MAX_DIFF_LINES {
        out.push_str(&format!(
            "  ... ({} more diff lines)\n",
            lines.len() - MAX_DIFF_LINES
        ));
    }
    out
}

/// Compares one case; returns a report of the differences, if any.
fn check(expected: &Outcome, actual: &Outcome) -> Option<String> {
    let mut report = String::new();
    if expected.stdout != actual.stdout {
        report.push_str(" stdout differs (- expected, + actual):\n");
        report.push_str(&diff(&expected.stdout, &actual.stdout));
    }
    if expected.stderr != actual.stderr {
        report.push_str(" stderr differs (- expected, + actual):\n");
        report.push_str(&diff(&expected.stderr, &actual.stderr));
    }
    if expected.code != actual.code {
        report.push_str(&format!(
            " exit status: expected {}, got {}\n",
            expected.code, actual.code
        ));
    }
    (!report.is_empty()).then_some(report)
}

/// Rewrites the paths of a pending case's output to its home location.
fn unpend(actual: Outcome) -> Outcome {
    let from = format!("{CASES}/{PENDING}/");
    let to = format!("{CASES}/");
    Outcome {
        stdout: actual.stdout.replace(&from, &to),
        stderr: actual.stderr.replace(&from, &to),
        code: actual.code,
    }
}

enum Verdict {
    Pass,
    Updated,
    Fail(String),
}

#[test]
fn run_programs() {
    let root = repo_root();
    let pending = env_flag("RUN_PENDING");
    let update = env_flag("UPDATE_EXPECT") && !pending;
    let filter = std::env::var("RUN_FILTER").unwrap_or_default();
    let mut cases = Vec::new();
    let mut orphans = Vec::new();
    collect(&root, Path::new(CASES), pending, &mut cases, &mut orphans);
    assert!(
        orphans.is_empty(),
        "expected files without a program (rename or delete them):\n  {}",
        orphans
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    cases.retain(|c| c.to_string_lossy().contains(&filter));
    assert!(
        pending || !filter.is_empty() || cases.len() > 10,
        "found only {} cases under {CASES}",
        cases.len()
    );

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(PathBuf, Verdict)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let verdict = match run_case(&root, case) {
                        Err(problem) => Verdict::Fail(format!(" {problem}\n")),
                        Ok(actual) => {
                            let actual = if pending { unpend(actual) } else { actual };
                            let expected = read_expected(&root, case);
                            match expected {
                                Ok(expected) if expected == actual => Verdict::Pass,
                                _ if update => {
                                    write_expected(&root, case, &actual);
                                    Verdict::Updated
                                }
                                Ok(expected) => {
                                    Verdict::Fail(check(&expected, &actual).unwrap_or_default())
                                }
                                Err(problem) => Verdict::Fail(format!(" {problem}\n")),
                            }
                        }
                    };
                    results.lock().unwrap().push((case.clone(), verdict));
                }
            });
        }
    });

    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failed = Vec::new();
    let mut passed = Vec::new();
    let mut updated = Vec::new();
    for (case, verdict) in &results {
        match verdict {
            Verdict::Pass => passed.push(case),
            Verdict::Updated => updated.push(case),
            Verdict::Fail(report) => {
                eprintln!("FAIL {}\n{report}", case.display());
                failed.push(case);
            }
        }
    }
    for case in &updated {
        eprintln!("updated {} (review it!)", case.display());
    }
    if pending {
        for case in &passed {
            eprintln!("pending case now passes: {}", case.display());
        }
    }
    eprintln!(
        "{} cases{}: {} passed, {} failed{}",
        results.len(),
        if pending { " under pending/" } else { "" },
        passed.len(),
        failed.len(),
        if updated.is_empty() {
            String::new()
        } else {
            format!(", {} expected files rewritten", updated.len())
        }
    );
    if !failed.is_empty() {
        let list: Vec<String> = failed.iter().map(|c| c.display().to_string()).collect();
        panic!("{} case(s) failed:\n  {}", failed.len(), list.join("\n  "));
    }
}
