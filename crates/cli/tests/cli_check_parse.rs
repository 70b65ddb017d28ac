//! `simple check`, `simple parse`, `--help` and `--version`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn simple(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run simple")
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("simple-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_clean_file_exits_0() {
    let f = temp("clean.spl", "fn add(a, b):\n    a + b\nprint(add(1, 2))\n");
    let o = simple(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty());
}

#[test]
fn check_reports_every_error_and_exits_1() {
    let f = temp(
        "bad.spl",
        "val a = (1 +)\nval b = 2\nif b > 1\n    print(b)\n",
    );
    let o = simple(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bad.spl:1:13: error: unexpected `)`, expected an expression"),
        "{err}"
    );
    assert!(
        err.contains("bad.spl:3:9: error: expected `:` after the condition"),
        "{err}"
    );
}

#[test]
fn check_several_files() {
    let good = temp("good2.spl", "val x = 1\n");
    let bad = temp("bad2.spl", "val = 1\n");
    let o = simple(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad2.spl:1:5"));
}

/// A `*_spec.spl` file is checked with the spec DSL in scope (as `simple
/// test` runs it); the same text under another name is not.
#[test]
fn check_spec_files_with_the_spec_dsl() {
    let text = "describe \"x\":\n    it \"y\":\n        expect(1).to_equal(1)\n        expect(nope).to_be_nil()\n";
    let spec = temp("thing_spec.spl", text);
    let o = simple(&["check", spec.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("thing_spec.spl:4:16: error: unknown name `nope`"),
        "{err}"
    );
    assert!(
        !err.contains("`describe`") && !err.contains("`expect`"),
        "{err}"
    );
    let plain = temp("thing.spl", text);
    let err = stderr(&simple(&["check", plain.to_str().unwrap()]));
    assert!(err.contains("unknown name `describe`"), "{err}");
}

#[test]
fn missing_file_is_a_usage_error() {
    let o = simple(&["check", "/nonexistent/nope.spl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("simple: cannot read /nonexistent/nope.spl: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn no_arguments_is_a_usage_error() {
    assert_eq!(simple(&["check"]).status.code(), Some(2));
    assert_eq!(simple(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn parse_prints_the_tree() {
    let f = temp("tree.spl", "fn add(a, b = 1):\n    a + b\n");
    let o = simple(&["parse", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "(fn add (params a b=1) (body\n  (binary + (name a) (name b))))\n"
    );
}

#[test]
fn parse_with_errors_exits_1() {
    let f = temp("tree_bad.spl", "val x = \n");
    let o = simple(&["parse", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.is_empty());
}

#[test]
fn help_and_version() {
    let o = simple(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("check") && out.contains("parse"), "{out}");
    let o = simple(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("simple {}", env!("CARGO_PKG_VERSION"))
    );
}
