//! Every Simple example in the documentation runs.
//!
//! Code blocks fenced as ```` ```simple ```` in `README.md` and `docs/*.md` are
//! written to a file and run with `simple run` (with empty standard input) —
//! or, when a line starts with `describe `, as a `*_spec.spl` file with
//! `simple test`; each must exit 0 with no error report. (The Rust examples are doctests of the `simple-sffi` crate.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The ```simple blocks of a Markdown file, with the line each starts on.
fn simple_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```simple" => current = Some((i + 2, String::new())),
            None => {}
            Some(_) if line.trim_end() == "```" => blocks.extend(current.take()),
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
        }
    }
    assert!(current.is_none(), "an unclosed ```simple block");
    blocks
}

fn doc_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn every_simple_example_in_the_docs_runs() {
    let dir = std::env::temp_dir().join(format!("simple-docs-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ran = 0;
    let mut failures = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (line, code) in simple_blocks(&text) {
            // A block with a top-level `describe` is a spec file: `simple test` runs it.
            let spec = code.lines().any(|l| l.starts_with("describe "));
            let suffix = if spec { "_spec" } else { "" };
            let path = dir.join(format!(
                "{}_{line}{suffix}.spl",
                name.trim_end_matches(".md")
            ));
            std::fs::write(&path, &code).unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_simple"))
                .arg(if spec { "test" } else { "run" })
                .arg(&path)
                .env("NO_COLOR", "1")
                .stdin(std::process::Stdio::null())
                .output()
                .expect("run simple");
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() || stderr.contains("error:") {
                let stdout = String::from_utf8_lossy(&out.stdout);
                failures.push(format!(
                    "{name}:{line}: {:?}\n{stdout}{stderr}",
                    out.status.code()
                ));
            }
            ran += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The docs have Simple examples; finding none means the fence changed.
    assert!(ran >= 3, "only {ran} ```simple blocks found");
}
