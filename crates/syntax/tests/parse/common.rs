//! Shared helpers of the parser tests: parsing from text, the fixture
//! runner (`.spl` → `.ast` / `.err`), and span lookups.
//!
//! Expected files are regenerated with `UPDATE_EXPECT=1 cargo test`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use simple_syntax::ast::Module;
use simple_syntax::printer::print_module;
use simple_syntax::{Diagnostic, SourceFile, parse_module};

pub fn parse(src: &str) -> (Module, Vec<Diagnostic>) {
    parse_module(&SourceFile::new("test.spl", src))
}

/// Renders diagnostics without color, as `simple check` would.
pub fn render(name: &str, src: &str, diags: &[Diagnostic]) -> String {
    let file = SourceFile::new(name, src);
    diags.iter().map(|d| d.render(&file, false)).collect()
}

/// Parses `src`, fails on any diagnostic, returns the AST dump.
#[track_caller]
pub fn dump(src: &str) -> String {
    let (m, diags) = parse(src);
    if !diags.is_empty() {
        panic!(
            "unexpected diagnostics for:\n{src}\n{}",
            render("test.spl", src, &diags)
        );
    }
    print_module(&m)
}

/// Asserts that `src` parses cleanly to exactly `expected` (trimmed).
#[track_caller]
pub fn assert_ast(src: &str, expected: &str) {
    let got = dump(src);
    assert_eq!(got.trim(), expected.trim(), "source:\n{src}");
}

/// The dump of a single expression statement.
#[track_caller]
pub fn expr(src: &str) -> String {
    dump(&format!("{src}\n")).trim().to_string()
}

/// The error messages for `src` (no rendering).
pub fn messages(src: &str) -> Vec<String> {
    parse(src).1.into_iter().map(|d| d.message).collect()
}

fn dir(family: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(family)
}

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "spl"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    cases
}

fn check_expected(path: &Path, got: &str, failures: &mut Vec<String>) {
    if update() {
        std::fs::write(path, got).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(want) if want == got => {}
        Ok(want) => failures.push(format!(
            "{}: mismatch\n--- expected\n{want}\n--- got\n{got}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{}: missing (run with UPDATE_EXPECT=1)\n--- got\n{got}",
            path.display()
        )),
    }
}

/// Every `tests/parse/<family>/*.spl` must parse without diagnostics to
/// the dump in the `.ast` file beside it.
pub fn run_parse_fixtures(family: &str) {
    let mut failures = Vec::new();
    for case in cases(&dir(&format!("parse/{family}"))) {
        let src = std::fs::read_to_string(&case).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let file = SourceFile::new(name.clone(), src.clone());
        let (m, diags) = parse_module(&file);
        if !diags.is_empty() {
            failures.push(format!(
                "{name}: unexpected diagnostics\n{}",
                render(&name, &src, &diags)
            ));
            continue;
        }
        check_expected(
            &case.with_extension("ast"),
            &print_module(&m),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every `tests/errors/*.spl` must produce at least one diagnostic, rendered
/// (color off) exactly as in the `.err` file beside it.
pub fn run_error_fixtures() -> usize {
    let mut failures = Vec::new();
    let all = cases(&dir("errors"));
    for case in &all {
        let src = std::fs::read_to_string(case).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let (_, diags) = parse_module(&SourceFile::new(name.clone(), src.clone()));
        if diags.is_empty() {
            failures.push(format!("{name}: expected at least one diagnostic"));
            continue;
        }
        check_expected(
            &case.with_extension("err"),
            &render(&name, &src, &diags),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    all.len()
}
