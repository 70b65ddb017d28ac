//! Command-line habits that carry over from other interpreters: `simple FILE`,
//! `simple -e`/`-c`, programs from standard input, program arguments after the
//! file, `simple check FOLDER`, and `simple test` name and line filters.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn simple(args: &[&str]) -> Output {
    simple_in(args, None)
}

fn simple_in(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SIMPLE_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run simple");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().expect("wait for simple")
}

/// A fresh folder for one test.
fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("simple-cli-habits-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARGS: &str = "print(args()[1:])\n";

#[test]
fn a_file_runs_without_a_subcommand() {
    let d = dir("bare");
    let f = write(
        &d,
        "prog.spl",
        "fn main():\n    print(\"main\", args()[1:])\n",
    );
    let o = simple(&[&f, "a", "-h", "--x"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "main [a, -h, --x]\n");
}

#[test]
fn everything_after_the_file_goes_to_the_program() {
    let d = dir("after");
    let f = write(&d, "prog.spl", ARGS);
    let o = simple(&["run", &f, "-h"]);
    assert_eq!(out(&o), "[-h]\n", "{}", err(&o));
    let o = simple(&["run", &f, "--help", "--", "x"]);
    assert_eq!(out(&o), "[--help, --, x]\n", "{}", err(&o));
    // `simple run --help` before a file is still the command's help.
    let o = simple(&["run", "--help"]);
    assert!(out(&o).contains("Usage: simple run"), "{}", out(&o));
}

#[test]
fn dash_e_and_dash_c_run_code() {
    let o = simple(&["-e", "print(1 + 2)"]);
    assert_eq!((o.status.code(), out(&o)), (Some(0), "3\n".into()));
    let o = simple(&["-c", "print(args())", "x", "-y"]);
    assert_eq!(out(&o), "[-c, x, -y]\n", "{}", err(&o));
    let o = simple(&["-e", "fn main():\n    print(\"in main\")"]);
    assert_eq!(out(&o), "in main\n", "{}", err(&o));
    let o = simple(&["-e", "exit(3)"]);
    assert_eq!(o.status.code(), Some(3));
    let o = simple(&["-e", "print(nope)"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("<-e>:1:7"), "{}", err(&o));
    let o = simple(&["-e"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("-e needs the code"), "{}", err(&o));
}

#[test]
fn a_program_can_come_from_stdin() {
    let program = "fn main():\n    print(\"hi\", args())\n";
    let o = simple_in(&["-", "a"], Some(program));
    assert_eq!(out(&o), "hi [-, a]\n", "{}", err(&o));
    let o = simple_in(&["run", "-"], Some(program));
    assert_eq!(out(&o), "hi [-]\n", "{}", err(&o));
    let o = simple_in(&["-"], Some("print(x)\n"));
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("<stdin>:1:7"), "{}", err(&o));
}

#[test]
fn a_program_reads_its_stdin_with_std_io() {
    let d = dir("stdin");
    let f = write(
        &d,
        "upper.spl",
        "use std.io\nwhile val line = read_line():\n    print(line.upper())\nprint(read_line())\n",
    );
    let o = simple_in(&[&f], Some("ab\ncd"));
    assert_eq!(out(&o), "AB\nCD\nnil\n", "{}", err(&o));
    let f = write(
        &d,
        "count.spl",
        "use std.io\nval lines = stdin_lines()?\nprint(lines.len(), lines)\n",
    );
    let o = simple_in(&[&f], Some("1\n2\r\n3\n"));
    assert_eq!(out(&o), "3 [1, 2, 3]\n", "{}", err(&o));
}

#[test]
fn check_accepts_folders() {
    let d = dir("check");
    write(&d, "a.spl", "print(1)\n");
    write(&d, "sub/b.spl", "print(nope)\n");
    write(&d, "sub/notes.txt", "not simple code (\n");
    let o = simple(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("b.spl:1:7"), "{}", err(&o));
    assert!(!err(&o).contains("notes.txt"), "{}", err(&o));
    std::fs::remove_file(d.join("sub/b.spl")).unwrap();
    let o = simple(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

const SPEC: &str = "\
describe \"math\":
    it \"adds\":
        expect(1 + 1).to_equal(2)

    it \"subtracts\":
        val a = 3
        expect(a - 1).to_equal(2)

describe \"text\":
    it \"joins\":
        expect(\"a\" + \"b\").to_equal(\"ab\")
";

#[test]
fn test_arguments_that_are_not_paths_filter_by_name() {
    let d = dir("names");
    let f = write(&d, "x_spec.spl", SPEC);
    let o = simple(&["test", &f, "math"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(
        text.contains("adds") && text.contains("subtracts"),
        "{text}"
    );
    assert!(!text.contains("joins"), "{text}");
    assert!(
        text.contains("2 passed, 0 failed, 1 filtered out"),
        "{text}"
    );
    // Several filters: an example matching any of them runs.
    let o = simple(&["test", &f, "adds", "text joins"]);
    assert!(
        out(&o).contains("2 passed, 0 failed, 1 filtered out"),
        "{}",
        out(&o)
    );
    // Without a filter nothing is filtered out, and the summary says nothing.
    let o = simple(&["test", &f]);
    assert!(out(&o).contains("3 passed, 0 failed\n"), "{}", out(&o));
}

#[test]
fn test_file_colon_line_selects_the_example_holding_the_line() {
    let d = dir("lines");
    let f = write(&d, "x_spec.spl", SPEC);
    // Line 7 is in the body of "subtracts"; line 5 is its `it` line.
    for line in [5, 7] {
        let o = simple(&["test", &format!("{f}:{line}")]);
        let text = out(&o);
        assert_eq!(o.status.code(), Some(0), "{text}{}", err(&o));
        assert!(text.contains("subtracts"), "{text}");
        assert!(!text.contains("adds") && !text.contains("joins"), "{text}");
        assert!(
            text.contains("1 passed, 0 failed, 2 filtered out"),
            "{text}"
        );
    }
}

#[test]
fn test_filter_matching_nothing_fails() {
    let d = dir("nothing");
    let f = write(&d, "x_spec.spl", SPEC);
    let o = simple(&["test", &f, "no such example"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("no example matches `no such example`"),
        "{}",
        err(&o)
    );
    assert!(
        out(&o).contains("0 passed, 0 failed, 3 filtered out"),
        "{}",
        out(&o)
    );
    // A line outside every example selects nothing either.
    let o = simple(&["test", &format!("{f}:8")]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let o = simple(&["test", "--list", &f, "zzz"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn test_missing_spec_file_is_an_error_not_a_filter() {
    let d = dir("missing");
    let missing = d.join("gone_spec.spl");
    let missing = missing.to_str().unwrap();
    for arg in [missing.to_string(), format!("{missing}:3")] {
        let o = simple(&["test", &arg]);
        assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
        assert!(err(&o).contains("cannot read"), "{}", err(&o));
    }
}

const FAILING_SPEC: &str = "\
describe \"b\":
    it \"fails\":
        print(\"noise\")
        expect(1).to_equal(2)

    skip_it \"later\":
        pass
";

#[test]
fn test_jobs_keeps_file_order_and_matches_a_serial_run() {
    let d = dir("jobs");
    let mut files = Vec::new();
    for i in 0..4 {
        files.push(write(&d, &format!("f{i}_spec.spl"), SPEC));
    }
    files.push(write(&d, "f9_spec.spl", FAILING_SPEC));
    let folder = d.to_str().unwrap();
    let serial = simple(&["test", folder]);
    let parallel = simple(&["test", "--jobs", "3", folder]);
    assert_eq!(out(&parallel), out(&serial));
    assert_eq!(parallel.status.code(), Some(1));
    let text = out(&parallel);
    let positions: Vec<usize> = (0..4)
        .map(|i| text.find(&format!("f{i}_spec.spl")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("12 passed, 1 failed, 1 skipped"), "{text}");
    assert!(text.contains("| noise"), "{text}");
    // Filters reach the workers.
    let o = simple(&["test", "-j", "2", folder, "joins"]);
    assert!(
        out(&o).contains("4 passed, 0 failed, 10 filtered out"),
        "{}",
        out(&o)
    );
}

#[test]
fn test_format_json_and_junit() {
    let d = dir("formats");
    let f = write(&d, "a_spec.spl", SPEC);
    let g = write(&d, "b_spec.spl", FAILING_SPEC);
    let o = simple(&["test", "--format", "json", &f, &g]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).expect("json");
    assert_eq!(v["passed"], 3);
    assert_eq!(v["failed"], 1);
    assert_eq!(v["skipped"], 1);
    let failed = &v["examples"][3];
    assert_eq!(failed["name"], "b fails");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["failure"]["message"], "expected 1 to equal 2");
    assert_eq!(failed["failure"]["output"], "noise\n");
    let o = simple(&["test", "--format", "junit", &f, &g]);
    let xml = out(&o);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<testsuites name=\"simple test\" tests=\"5\" failures=\"1\" skipped=\"1\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<failure message=\"expected 1 to equal 2\">"),
        "{xml}"
    );
    assert!(xml.contains("<skipped/>"), "{xml}");
    // The same report with --jobs.
    let o = simple(&["test", "--format", "json", "-j", "2", &f, &g]);
    let w: serde_json::Value = serde_json::from_str(&out(&o)).expect("json");
    assert_eq!(w["examples"], v["examples"]);
}
