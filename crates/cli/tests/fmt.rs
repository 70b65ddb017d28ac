//! `simple fmt`: rewriting files, `--check`, standard input, errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn simple(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run simple");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for simple")
}

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("simple-fmt-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const MESSY: &str = "fn f(x):\n  # twice\n  return x*2   # done\n\n\n\nprint(f( 3 ),-1)\n";
const TIDY: &str = "fn f(x):\n    # twice\n    return x * 2   # done\n\n\nprint(f(3), -1)\n";

#[test]
fn rewrites_files_in_place() {
    let d = dir("rewrite");
    let f = write(&d, "a.spl", MESSY);
    let o = simple(&["fmt", &f], "");
    assert_eq!(
        (text(&o.stdout), text(&o.stderr)),
        (String::new(), String::new())
    );
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&f).expect("read"), TIDY);
}

#[test]
fn check_lists_files_that_would_change_and_changes_nothing() {
    let d = dir("check");
    let messy = write(&d, "src/messy.spl", MESSY);
    write(&d, "src/tidy.spl", TIDY);
    write(&d, "src/notes.txt", MESSY);
    let folder = d.join("src");
    let o = simple(&["fmt", "--check", folder.to_str().expect("path")], "");
    assert_eq!(text(&o.stdout), format!("{messy}\n"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), MESSY);
    let tidy = d.join("src/tidy.spl");
    let o = simple(&["fmt", "--check", tidy.to_str().expect("path")], "");
    assert_eq!(text(&o.stdout), "");
    assert!(o.status.success());
}

#[test]
fn a_dash_formats_standard_input() {
    let o = simple(&["fmt", "-"], MESSY);
    assert_eq!(text(&o.stdout), TIDY);
    assert!(o.status.success());
    let o = simple(&["fmt", "--check", "-"], MESSY);
    assert_eq!(text(&o.stdout), "<stdin>\n");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_file_with_syntax_errors_is_reported_and_left_alone() {
    let d = dir("broken");
    let f = write(&d, "bad.spl", "val x = (1 +\nprint(x)\n");
    let o = simple(&["fmt", &f], "");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.starts_with(&format!("{f}:1:9: error: unclosed `(`")),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&f).expect("read"),
        "val x = (1 +\nprint(x)\n"
    );
}

#[test]
fn a_missing_file_is_status_2() {
    let o = simple(&["fmt", "/nonexistent/simple-fmt.spl"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).starts_with("simple: cannot read /nonexistent/simple-fmt.spl: "),
        "{}",
        text(&o.stderr)
    );
}

/// What `.ci/run` checks: the standard library and the examples are
/// formatted.
#[test]
fn the_repository_std_and_examples_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let spl = root.join("spl");
    let examples = root.join("examples");
    let o = simple(
        &[
            "fmt",
            "--check",
            spl.to_str().expect("path"),
            examples.to_str().expect("path"),
        ],
        "",
    );
    assert_eq!(
        text(&o.stdout),
        "",
        "not formatted (run `simple fmt spl examples`)"
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
}
