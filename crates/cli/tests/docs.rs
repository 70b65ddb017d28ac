//! Every Simple example in the documentation runs.
//!
//! Code blocks fenced as ```` ```simple ```` in `README.md` and `docs/*.md` are
//! written to a file and run with `simple run`; each must exit 0 with no
//! error report. (The Rust examples are doctests of the `simple-sffi` crate.)

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
            let path = dir.join(format!("{}_{line}.spl", name.trim_end_matches(".md")));
            std::fs::write(&path, &code).unwrap();
            let out = Command::new(env!("CARGO_BIN_EXE_simple"))
                .arg("run")
                .arg(&path)
                .env("NO_COLOR", "1")
                .output()
                .expect("run simple");
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() || stderr.contains("error:") {
                failures.push(format!("{name}:{line}: {:?}\n{stderr}", out.status.code()));
            }
            ran += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The docs have Simple examples; finding none means the fence changed.
    assert!(ran >= 3, "only {ran} ```simple blocks found");
}
