//! `simple doc`: the reference on the command line.

use std::process::{Command, Output};

fn simple(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simple"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run simple")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn one_entry() {
    let o = simple(&["doc", "dict.get"]);
    assert_eq!(
        text(&o.stdout),
        "dict.get(key, default?) -> any\n    The value at `key`, or `default` (nil when not given) when missing; `d[key]` fails instead.\n"
    );
    assert!(o.status.success());
}

#[test]
fn a_std_function() {
    let o = simple(&["doc", "std.io.read_lines"]);
    assert_eq!(
        text(&o.stdout),
        "fn read_lines(path: text) -> Result<[text], IoError>  (std.io.read_lines)\n    The file's lines, without their line endings.\n"
    );
}

#[test]
fn an_unknown_name_suggests_and_fails() {
    let o = simple(&["doc", "text.strp"]);
    assert_eq!(text(&o.stdout), "");
    assert_eq!(
        text(&o.stderr),
        "simple doc: no entry for `text.strp` in the reference; did you mean `text.strip`?\n"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn markdown_is_the_checked_in_reference() {
    let o = simple(&["doc", "--markdown"]);
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/reference.md");
    let have = std::fs::read_to_string(file).unwrap_or_default();
    assert!(
        text(&o.stdout) == have,
        "docs/reference.md is stale: cargo run -p simple-cli -- doc --markdown > docs/reference.md"
    );
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_simple"))
        .arg("doc")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run simple");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout
        .read_exact(&mut first)
        .expect("the start of the reference");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}
