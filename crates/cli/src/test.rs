//! `simple test [PATH|NAME|FILE:LINE]...`: run spec files (`*_spec.spl`)
//! the way `cargo test` runs Rust tests.
//!
//! An argument that names an existing file or folder is a place to look for
//! spec files; `FILE:LINE` selects the example of FILE whose body holds that
//! line; any other argument is a name filter (a part of an example's full
//! name, its group titles and its own joined by spaces).
//!
//! Each file gets a fresh interpreter with the SFFI host functions and the
//! spec DSL (`std.spec`) in scope. Its top level registers groups and
//! examples; then every selected example runs in isolation, with the hooks
//! of its groups around it. Results are printed as a tree of names with a
//! mark each, failures in detail at the end, and a closing line
//! `N passed, N failed` (`, N skipped` when any were skipped, `, N filtered
//! out` when a filter left examples out).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use simple_interp::spec::{ExampleInfo, Failure, Outcome};
use simple_interp::{Error, Interpreter, Sink};

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or folders (searched recursively for `*_spec.spl`;
    /// default: `tests/` in the current folder), `FILE:LINE` (the example
    /// whose body holds that line) or name filters (any other text: run the
    /// examples whose full name contains it).
    #[arg(value_name = "PATH|NAME|FILE:LINE")]
    paths: Vec<String>,
    /// Run only examples whose full name contains TEXT (may be repeated).
    #[arg(long, value_name = "TEXT")]
    filter: Vec<String>,
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
    /// Run N spec files at a time, each in its own process; the output stays
    /// in file order.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 1)]
    jobs: usize,
    /// `human` (a tree of results, failures, a summary), `json` or `junit`
    /// (JUnit XML), printed to stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Internal: run as a `--jobs` worker (the tree, then the results as
    /// JSON after a record separator).
    #[arg(long, hide = true)]
    worker: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
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
    /// Every example run, in order (for `--format json|junit` and workers).
    records: Vec<Record>,
}

/// One example's result.
#[derive(Clone)]
struct Record {
    file: String,
    /// Group titles, then the example's name.
    path: Vec<String>,
    location: String,
    /// `passed`, `failed` or `skipped`.
    status: &'static str,
    failure: Option<Failure>,
}

impl Totals {
    fn add(&mut self, record: Record) {
        match record.status {
            "passed" => self.passed += 1,
            "skipped" => self.skipped += 1,
            _ => {
                self.failed += 1;
                if let Some(f) = &record.failure {
                    self.failures.push((record.path.join(" "), f.clone()));
                }
            }
        }
        self.records.push(record);
    }
}

/// The command line's arguments sorted into places, line selections and
/// name filters.
#[derive(Default)]
struct Selection {
    roots: Vec<PathBuf>,
    /// `FILE:LINE` arguments: the file and its lines.
    lines: Vec<(PathBuf, usize)>,
    names: Vec<String>,
}

impl Selection {
    fn new(args: &Args) -> Selection {
        let mut sel = Selection::default();
        for arg in &args.paths {
            if Path::new(arg).exists() {
                sel.roots.push(PathBuf::from(arg));
            } else if let Some((file, line)) = file_line(arg) {
                sel.roots.push(file.clone());
                sel.lines.push((file, line));
            } else if looks_like_path(arg) {
                // A missing file is an error ("cannot read"), not a filter.
                let file = arg.rsplit_once(':').map_or(arg.as_str(), |(f, _)| f);
                sel.roots.push(PathBuf::from(file));
            } else {
                sel.names.push(arg.clone());
            }
        }
        sel.names.extend(args.filter.iter().cloned());
        if sel.roots.is_empty() {
            sel.roots.push(PathBuf::from("tests"));
        }
        sel.roots.dedup();
        sel
    }

    fn filtering(&self) -> bool {
        !self.names.is_empty() || !self.lines.is_empty()
    }

    /// The lines selected in `file` (empty: no line selection there).
    fn lines_in(&self, file: &Path) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|(f, _)| f == file)
            .map(|(_, l)| *l)
            .collect()
    }

    fn describe(&self) -> String {
        let mut parts: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        parts.extend(
            self.lines
                .iter()
                .map(|(f, l)| format!("line {l} of {}", f.display())),
        );
        parts.join(" or ")
    }
}

/// An argument meant as a path even when nothing is there: it names a
/// `.spl` file (possibly with `:LINE`) or has a `/`.
fn looks_like_path(arg: &str) -> bool {
    let file = match arg.rsplit_once(':') {
        Some((f, l)) if l.parse::<usize>().is_ok() => f,
        _ => arg,
    };
    file.ends_with(".spl") || file.contains('/')
}

/// `FILE:LINE` where FILE exists and LINE is a positive number.
fn file_line(arg: &str) -> Option<(PathBuf, usize)> {
    let (file, line) = arg.rsplit_once(':')?;
    let line: usize = line.parse().ok().filter(|l| *l > 0)?;
    Path::new(file)
        .is_file()
        .then(|| (PathBuf::from(file), line))
}

/// The lines (1-based, inclusive) an example starting at `start` spans in
/// `text`: its own line and every following line indented deeper (blank and
/// comment-only lines included).
fn example_extent(text: &str, start: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(first) = lines.get(start.wrapping_sub(1)) else {
        return (start, start);
    };
    let base = indent(first);
    let mut end = start;
    for (i, l) in lines.iter().enumerate().skip(start) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent(l) <= base {
            break;
        }
        end = i + 1;
    }
    (start, end)
}

/// The line number in an example's `file:line` location.
fn location_line(location: &str) -> Option<usize> {
    location.rsplit_once(':')?.1.parse().ok()
}

pub fn run(args: Args) -> ExitCode {
    let selection = Selection::new(&args);
    let human = args.format == Format::Human;
    let roots = selection.roots.clone();
    let mut files = Vec::new();
    for root in &roots {
        if let Err(e) = collect(root, &mut files) {
            eprintln!("simple: cannot read {}: {e}", root.display());
            return ExitCode::from(2);
        }
    }
    let style = Style {
        color: if args.worker {
            std::env::var_os(WORKER_COLOR).is_some()
        } else {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        },
    };
    let err_color = simple_syntax::diagnostic::stderr_color();
    let mut totals = Totals::default();
    let mut listed = 0;
    let mut filtered_out = 0;
    let in_parallel = args.jobs > 1 && files.len() > 1 && !args.list && !args.worker;
    if in_parallel {
        filtered_out = parallel(&args, &selection, &files, &style, &mut totals);
    }
    let serial: &[PathBuf] = if in_parallel { &[] } else { &files };
    for file in serial {
        if args.fail_fast && totals.failed > 0 {
            break;
        }
        if human {
            println!("{}", style.paint("1", &file.display().to_string()));
        }
        // With `--format json|junit`, stdout holds the report alone: what
        // the specs print outside an example goes to stderr.
        let mut interp = if human {
            Interpreter::new()
        } else {
            Interpreter::with_sinks(Sink::Stderr, Sink::Stderr)
        };
        simple_sffi::register_all(&mut interp);
        interp.add_prelude("std.spec");
        let spec_file = match interp.load_spec_file(file) {
            Ok(id) => id,
            Err(e) => {
                interp.flush();
                if human {
                    println!(
                        "  {} (the file failed to load)",
                        style.mark(&Outcome::Failed(Box::new(empty_failure())))
                    );
                }
                let mut f = empty_failure();
                f.message = "the spec file failed to load".into();
                f.location = file.display().to_string();
                f.report = Some(interp.render_error(&e, err_color && human));
                totals.add(Record {
                    file: file.display().to_string(),
                    path: vec![format!("{} (loading the file)", file.display())],
                    location: file.display().to_string(),
                    status: "failed",
                    failure: Some(f),
                });
                continue;
            }
        };
        interp.set_spec_capture(!args.nocapture);
        interp.set_spec_timeout(
            (args.timeout > 0.0 && args.timeout.is_finite())
                .then(|| std::time::Duration::from_secs_f64(args.timeout)),
        );
        let names = selection.names.clone();
        let lines = selection.lines_in(file);
        let text = if lines.is_empty() {
            String::new()
        } else {
            std::fs::read_to_string(file).unwrap_or_default()
        };
        let selected = move |_: usize, info: &ExampleInfo| {
            let by_name = names.is_empty() || {
                let full = info.full_name();
                names.iter().any(|n| full.contains(n.as_str()))
            };
            let by_line = lines.is_empty()
                || location_line(&info.location).is_some_and(|start| {
                    let (a, b) = example_extent(&text, start);
                    lines.iter().any(|l| (a..=b).contains(l))
                });
            by_name && by_line
        };
        filtered_out += interp
            .spec_examples()
            .iter()
            .filter(|info| !selected(0, info))
            .count();
        if args.list {
            for info in interp.spec_examples() {
                if selected(0, &info) {
                    listed += 1;
                    let skip = if info.skip { " (skipped)" } else { "" };
                    println!("  {}{skip}  [{}]", info.full_name(), info.location);
                }
            }
            continue;
        }
        let mut shown: Vec<String> = Vec::new();
        interp.run_specs(
            spec_file,
            &selected,
            args.fail_fast,
            &mut |info, outcome| {
                // Print the group names that changed since the last example.
                let groups = &info.path[..info.path.len() - 1];
                let common = shown.iter().zip(groups).take_while(|(a, b)| a == b).count();
                if human {
                    for (depth, g) in groups.iter().enumerate().skip(common) {
                        println!("{}{g}", "  ".repeat(depth + 1));
                    }
                }
                shown = groups.to_vec();
                let name = info.path.last().map(String::as_str).unwrap_or("");
                if human {
                    println!(
                        "{}{} {name}",
                        "  ".repeat(groups.len() + 1),
                        style.mark(outcome)
                    );
                }
                let (status, failure) = match outcome {
                    Outcome::Passed => ("passed", None),
                    Outcome::Skipped => ("skipped", None),
                    Outcome::Failed(f) => ("failed", Some((**f).clone())),
                };
                totals.add(Record {
                    file: file.display().to_string(),
                    path: info.path.clone(),
                    location: info.location.clone(),
                    status,
                    failure,
                });
            },
        );
        // A failing `at_exit` handler (or one calling `exit(n)`, n != 0)
        // fails the run.
        let errors = interp.run_exit_handlers();
        for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
            eprint!("{}", interp.render_error(e, err_color));
        }
        if simple_interp::exit_status(0, &errors) != 0 {
            let mut f = empty_failure();
            f.message = "an `at_exit` handler failed".into();
            f.location = file.display().to_string();
            totals.add(Record {
                file: file.display().to_string(),
                path: vec![format!("{} (at_exit handlers)", file.display())],
                location: file.display().to_string(),
                status: "failed",
                failure: Some(f),
            });
        }
        interp.flush();
    }
    let matched_nothing = selection.filtering()
        && if args.list {
            listed == 0
        } else {
            totals.passed + totals.failed + totals.skipped == 0
        };
    if args.list {
        println!("{listed} example{}", if listed == 1 { "" } else { "s" });
        if matched_nothing {
            eprintln!("simple: no example matches {}", selection.describe());
            return ExitCode::from(1);
        }
        return ExitCode::SUCCESS;
    }
    if args.worker {
        print!("{WORKER_SEPARATOR}{}", worker_json(&totals, filtered_out));
        return ExitCode::SUCCESS;
    }
    match args.format {
        Format::Human => {}
        Format::Json => println!("{}", report_json(&totals, filtered_out)),
        Format::Junit => print!("{}", report_junit(&totals)),
    }
    if matched_nothing && !human {
        eprintln!("simple: no example matches {}", selection.describe());
        return ExitCode::from(1);
    }
    if !human {
        return if totals.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
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
    if filtered_out > 0 {
        summary.push_str(&format!(", {filtered_out} filtered out"));
    }
    println!("\n{summary}");
    if matched_nothing {
        eprintln!("simple: no example matches {}", selection.describe());
        return ExitCode::from(1);
    }
    if totals.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Between a worker's tree output and its results.
const WORKER_SEPARATOR: char = '\u{1e}';
/// Set for workers when the parent paints its output.
const WORKER_COLOR: &str = "SIMPLE_TEST_WORKER_COLOR";

/// `--jobs N`: runs each file in a worker process (`simple test --worker
/// FILE`), at most N at a time, and prints their trees in file order as
/// they finish. Returns how many examples the selection left out.
fn parallel(
    args: &Args,
    selection: &Selection,
    files: &[PathBuf],
    style: &Style,
    totals: &mut Totals,
) -> usize {
    use std::collections::VecDeque;
    use std::process::{Command, Stdio};
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("simple"));
    let spawn = |file: &PathBuf| {
        let mut cmd = Command::new(&exe);
        cmd.arg("test").arg("--worker");
        cmd.arg("--timeout").arg(args.timeout.to_string());
        if args.nocapture {
            cmd.arg("--nocapture");
        }
        if args.fail_fast {
            cmd.arg("--fail-fast");
        }
        for name in &selection.names {
            cmd.arg("--filter").arg(name);
        }
        let lines = selection.lines_in(file);
        if lines.is_empty() {
            cmd.arg(file);
        }
        for line in lines {
            cmd.arg(format!("{}:{line}", file.display()));
        }
        if style.color {
            cmd.env(WORKER_COLOR, "1");
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let file = file.clone();
        std::thread::spawn(move || (file, cmd.output()))
    };
    let human = args.format == Format::Human;
    let mut filtered_out = 0;
    let mut pending = files.iter();
    let mut running = VecDeque::new();
    loop {
        while running.len() < args.jobs.max(1) {
            let stop = args.fail_fast && totals.failed > 0;
            match pending.next() {
                Some(file) if !stop => running.push_back(spawn(file)),
                _ => break,
            }
        }
        let Some(job) = running.pop_front() else {
            break;
        };
        let Ok((file, output)) = job.join() else {
            continue;
        };
        let (stdout, stderr) = match output {
            Ok(o) => (
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            ),
            Err(e) => (String::new(), format!("cannot start a worker: {e}\n")),
        };
        let parsed = stdout
            .rsplit_once(WORKER_SEPARATOR)
            .and_then(|(tree, json)| Some((tree, parse_worker(json)?)));
        match parsed {
            Some((tree, (records, filtered))) => {
                if human {
                    print!("{tree}");
                }
                eprint!("{stderr}");
                filtered_out += filtered;
                for r in records {
                    totals.add(r);
                }
            }
            None => {
                // The worker died before reporting (a crash, a signal).
                if human {
                    print!("{stdout}");
                    println!(
                        "  {} (the worker running the file failed)",
                        style.mark(&Outcome::Failed(Box::new(empty_failure())))
                    );
                }
                let mut f = empty_failure();
                f.message = "the process running the spec file ended without a report".into();
                f.location = file.display().to_string();
                f.report = Some(stderr);
                totals.add(Record {
                    file: file.display().to_string(),
                    path: vec![format!("{} (running the file)", file.display())],
                    location: file.display().to_string(),
                    status: "failed",
                    failure: Some(f),
                });
            }
        }
    }
    filtered_out
}

fn failure_json(f: &Failure) -> serde_json::Value {
    serde_json::json!({
        "message": f.message,
        "location": f.location,
        "source": f.source,
        "expected": f.expected,
        "actual": f.actual,
        "texts": f.texts.as_ref().map(|(e, a)| [e, a]),
        "report": f.report,
        "output": f.output,
    })
}

fn failure_from_json(v: &serde_json::Value) -> Option<Failure> {
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let texts = v.get("texts").and_then(|t| t.as_array()).and_then(|t| {
        Some((
            t.first()?.as_str()?.to_string(),
            t.get(1)?.as_str()?.to_string(),
        ))
    });
    Some(Failure {
        message: text("message")?,
        location: text("location").unwrap_or_default(),
        source: text("source").unwrap_or_default(),
        expected: text("expected"),
        actual: text("actual"),
        texts,
        report: text("report"),
        output: text("output"),
    })
}

fn record_json(r: &Record) -> serde_json::Value {
    serde_json::json!({
        "file": r.file,
        "path": r.path,
        "name": r.path.join(" "),
        "location": r.location,
        "status": r.status,
        "failure": r.failure.as_ref().map(failure_json),
    })
}

/// What a `--worker` prints after its tree.
fn worker_json(totals: &Totals, filtered_out: usize) -> String {
    let records: Vec<_> = totals.records.iter().map(record_json).collect();
    serde_json::json!({ "records": records, "filtered_out": filtered_out }).to_string()
}

fn parse_worker(json: &str) -> Option<(Vec<Record>, usize)> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let filtered = v.get("filtered_out")?.as_u64()? as usize;
    let mut records = Vec::new();
    for r in v.get("records")?.as_array()? {
        let text = |k: &str| r.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let status = match r.get("status")?.as_str()? {
            "passed" => "passed",
            "skipped" => "skipped",
            _ => "failed",
        };
        records.push(Record {
            file: text("file")?,
            path: r
                .get("path")?
                .as_array()?
                .iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
            location: text("location").unwrap_or_default(),
            status,
            failure: r.get("failure").and_then(failure_from_json),
        });
    }
    Some((records, filtered))
}

/// `--format json`: every example and the totals.
fn report_json(totals: &Totals, filtered_out: usize) -> String {
    let examples: Vec<_> = totals.records.iter().map(record_json).collect();
    let v = serde_json::json!({
        "examples": examples,
        "passed": totals.passed,
        "failed": totals.failed,
        "skipped": totals.skipped,
        "filtered_out": filtered_out,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// `--format junit`: one `<testsuite>` per spec file, one `<testcase>` per
/// example.
fn report_junit(totals: &Totals) -> String {
    use std::fmt::Write;
    let mut files: Vec<&str> = Vec::new();
    for r in &totals.records {
        if !files.contains(&r.file.as_str()) {
            files.push(&r.file);
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"simple test\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        totals.records.len(),
        totals.failed,
        totals.skipped
    );
    for file in files {
        let records: Vec<&Record> = totals.records.iter().filter(|r| r.file == file).collect();
        let count = |s: &str| records.iter().filter(|r| r.status == s).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            xml_escape(file),
            records.len(),
            count("failed"),
            count("skipped")
        );
        for r in records {
            let groups = r.path[..r.path.len().saturating_sub(1)].join(" ");
            let name = r.path.last().map(String::as_str).unwrap_or("");
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                xml_escape(&groups),
                xml_escape(name),
                xml_escape(&r.location)
            );
            match (r.status, &r.failure) {
                ("skipped", _) => out.push_str(">\n      <skipped/>\n    </testcase>\n"),
                ("failed", f) => {
                    let f = f.clone().unwrap_or_else(empty_failure);
                    let mut body = format!("{}\n{}", f.location, f.source);
                    if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                        let _ = write!(body, "\nexpected: {e}\n  actual: {a}");
                    }
                    if let Some(report) = &f.report {
                        let _ = write!(body, "\n{report}");
                    }
                    let _ = write!(
                        out,
                        ">\n      <failure message=\"{}\">{}</failure>\n",
                        xml_escape(&f.message),
                        xml_escape(&body)
                    );
                    if let Some(output) = &f.output {
                        let _ =
                            writeln!(out, "      <system-out>{}</system-out>", xml_escape(output));
                    }
                    out.push_str("    </testcase>\n");
                }
                _ => out.push_str("/>\n"),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
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
    Failure::new("")
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
    use super::{diff_lines, example_extent};

    #[test]
    fn extent_covers_the_indented_body() {
        let text =
            "describe a:\n    it b:\n        x\n\n        # c\n        y\n    it c:\n        z\n";
        assert_eq!(example_extent(text, 2), (2, 6));
        assert_eq!(example_extent(text, 7), (7, 8));
    }

    #[test]
    fn diff_marks_changed_lines() {
        let d = diff_lines("a\nb\nc", "a\nx\nc");
        assert_eq!(d, vec!["  a", "- b", "+ x", "  c"]);
    }
}
