//! `simple test [PATH...]`: run spec files (`*_spec.spl`) the way
//! `cargo test` runs Rust tests.
//!
//! Each file gets a fresh interpreter with the SFFI host functions and the
//! spec DSL (`std.spec`) in scope. Its top level registers groups and
//! examples; then every selected example runs in isolation, with the hooks
//! of its groups around it. Results are printed as a tree of names with a
//! mark each, failures in detail at the end, and a closing line
//! `N passed, N failed` (`, N skipped` when any were skipped).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use simple_interp::spec::{ExampleInfo, Failure, Outcome};
use simple_interp::{Error, Interpreter};

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or folders (searched recursively for `*_spec.spl`);
    /// default: `tests/` in the current folder.
    paths: Vec<PathBuf>,
    /// Run only examples whose full name contains TEXT.
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    /// List the examples instead of running them.
    #[arg(long)]
    list: bool,
    /// Stop at the first failure.
    #[arg(long)]
    fail_fast: bool,
    /// Let examples print as they run (by default their output is shown
    /// only when they fail).
    #[arg(long)]
    nocapture: bool,
    /// Fail an example that runs longer than SECS seconds (0: no limit).
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    timeout: f64,
}

/// Every `*_spec.spl` under `path` (or `path` itself when it is a file),
/// in name order.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    collect_in(path, out, &mut std::collections::HashSet::new())
}

/// [`collect`], entering each directory once (by its canonical path), so
/// that a symlink cycle ends the walk instead of looping.
fn collect_in(
    path: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !seen.insert(std::fs::canonicalize(path)?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_in(&p, out, seen)?;
        } else if p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with("_spec.spl"))
        {
            out.push(p);
        }
    }
    Ok(())
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn mark(&self, outcome: &Outcome) -> String {
        match (outcome, self.color) {
            (Outcome::Passed, true) => self.paint("32", "✓"),
            (Outcome::Failed(_), true) => self.paint("31", "✗"),
            (Outcome::Skipped, true) => self.paint("33", "○"),
            (Outcome::Passed, false) => "ok  ".into(),
            (Outcome::Failed(_), false) => "FAIL".into(),
            (Outcome::Skipped, false) => "skip".into(),
        }
    }
}

#[derive(Default)]
struct Totals {
    passed: usize,
    failed: usize,
    skipped: usize,
    failures: Vec<(String, Failure)>,
}

pub fn run(args: Args) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from("tests")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in &roots {
        if let Err(e) = collect(root, &mut files) {
            eprintln!("simple: cannot read {}: {e}", root.display());
            return ExitCode::from(2);
        }
    }
    let style = Style {
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let err_color = simple_syntax::diagnostic::stderr_color();
    let mut totals = Totals::default();
    let mut listed = 0;
    for file in &files {
        if args.fail_fast && totals.failed > 0 {
            break;
        }
        println!("{}", style.paint("1", &file.display().to_string()));
        let mut interp = Interpreter::new();
        simple_sffi::register_all(&mut interp);
        interp.add_prelude("std.spec");
        let spec_file = match interp.load_spec_file(file) {
            Ok(id) => id,
            Err(e) => {
                interp.flush();
                println!(
                    "  {} (the file failed to load)",
                    style.mark(&Outcome::Failed(Box::new(empty_failure())))
                );
                totals.failed += 1;
                let mut f = empty_failure();
                f.message = "the spec file failed to load".into();
                f.location = file.display().to_string();
                f.report = Some(interp.render_error(&e, err_color));
                totals
                    .failures
                    .push((format!("{} (loading the file)", file.display()), f));
                continue;
            }
        };
        interp.machine().set_spec_capture(!args.nocapture);
        interp.machine().set_spec_timeout(
            (args.timeout > 0.0 && args.timeout.is_finite())
                .then(|| std::time::Duration::from_secs_f64(args.timeout)),
        );
        let filter = args.filter.clone();
        let selected = move |_: usize, info: &ExampleInfo| {
            filter
                .as_ref()
                .is_none_or(|f| info.full_name().contains(f.as_str()))
        };
        if args.list {
            for info in interp.machine().spec_examples() {
                if selected(0, &info) {
                    listed += 1;
                    let skip = if info.skip { " (skipped)" } else { "" };
                    println!("  {}{skip}  [{}]", info.full_name(), info.location);
                }
            }
            continue;
        }
        let mut shown: Vec<String> = Vec::new();
        interp.machine().run_specs(
            spec_file,
            &selected,
            args.fail_fast,
            &mut |info, outcome| {
                // Print the group names that changed since the last example.
                let groups = &info.path[..info.path.len() - 1];
                let common = shown.iter().zip(groups).take_while(|(a, b)| a == b).count();
                for (depth, g) in groups.iter().enumerate().skip(common) {
                    println!("{}{g}", "  ".repeat(depth + 1));
                }
                shown = groups.to_vec();
                let name = info.path.last().map(String::as_str).unwrap_or("");
                println!(
                    "{}{} {name}",
                    "  ".repeat(groups.len() + 1),
                    style.mark(outcome)
                );
                match outcome {
                    Outcome::Passed => totals.passed += 1,
                    Outcome::Skipped => totals.skipped += 1,
                    Outcome::Failed(f) => {
                        totals.failed += 1;
                        totals.failures.push((info.full_name(), (**f).clone()));
                    }
                }
            },
        );
        // A failing `at_exit` handler (or one calling `exit(n)`, n != 0)
        // fails the run.
        let errors = interp.run_exit_handlers();
        for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
            eprint!("{}", interp.render_error(e, err_color));
        }
        if simple_interp::exit_status(0, &errors) != 0 {
            totals.failed += 1;
            let mut f = empty_failure();
            f.message = "an `at_exit` handler failed".into();
            f.location = file.display().to_string();
            totals
                .failures
                .push((format!("{} (at_exit handlers)", file.display()), f));
        }
        interp.flush();
    }
    if args.list {
        println!("{listed} example{}", if listed == 1 { "" } else { "s" });
        return ExitCode::SUCCESS;
    }
    if !totals.failures.is_empty() {
        println!("\nfailures:");
        for (i, (name, f)) in totals.failures.iter().enumerate() {
            print_failure(i + 1, name, f, &style);
        }
    }
    let mut summary = format!("{} passed, {} failed", totals.passed, totals.failed);
    if totals.skipped > 0 {
        summary.push_str(&format!(", {} skipped", totals.skipped));
    }
    println!("\n{summary}");
    if totals.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_failure(n: usize, name: &str, f: &Failure, style: &Style) {
    println!("\n{n}) {}", style.paint("1", name));
    if !f.location.is_empty() {
        println!("   {}", f.location);
    }
    if !f.source.is_empty() {
        println!("   {}", f.source);
    }
    // A runtime error's report starts with its message.
    if f.report.is_none() || f.expected.is_some() {
        println!("   {}", style.paint("31", &f.message));
    }
    match (&f.texts, &f.expected, &f.actual) {
        (Some((expected, actual)), _, _) if expected.contains('\n') || actual.contains('\n') => {
            println!("   diff (- expected, + actual):");
            for line in diff_lines(expected, actual) {
                println!("     {line}");
            }
        }
        (_, Some(expected), Some(actual)) => {
            println!("   expected: {expected}");
            println!("     actual: {actual}");
        }
        _ => {}
    }
    if let Some(report) = &f.report {
        for line in report.lines() {
            println!("   {line}");
        }
    }
    if let Some(output) = &f.output {
        println!("   output:");
        for line in output.lines() {
            println!("   | {line}");
        }
    }
}

fn empty_failure() -> Failure {
    Failure {
        message: String::new(),
        location: String::new(),
        source: String::new(),
        expected: None,
        actual: None,
        texts: None,
        report: None,
        output: None,
    }
}

/// A line diff of two texts (longest common subsequence), as `  `, `- ` and
/// `+ ` prefixed lines.
fn diff_lines(expected: &str, actual: &str) -> Vec<String> {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let (n, m) = (a.len(), b.len());
    // Texts too long for the quadratic table: show both in full.
    if n * m > 4_000_000 {
        let mut out: Vec<String> = a.iter().map(|l| format!("- {l}")).collect();
        out.extend(b.iter().map(|l| format!("+ {l}")));
        return out;
    }
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(format!("  {}", a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("- {}", a[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::diff_lines;

    #[test]
    fn diff_marks_changed_lines() {
        let d = diff_lines("a\nb\nc", "a\nx\nc");
        assert_eq!(d, vec!["  a", "- b", "+ x", "  c"]);
    }
}
