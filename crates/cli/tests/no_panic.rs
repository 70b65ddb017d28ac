//! No program crashes the interpreter: mutants of the `tests/run/` programs
//! (lines deleted, duplicated, swapped, re-indented, tokens replaced, the
//! file cut short) are run through the real binary, and each must end with
//! a clean exit — 0, `exit(n)`'s code, or 1 with an error report — never a
//! panic (exit 101), an abort or a signal.
//!
//! The mutants come from a fixed-seed generator, so a failure names a case
//! that can be rebuilt: set `NO_PANIC_SEED` to rerun another set and
//! `NO_PANIC_CASES` for more of them. Programs that use externs or the
//! standard library's process and file modules are left out (a mutant must
//! not fork or touch files), as are mutants that run longer than the time
//! limit (a deleted `i += 1` makes an endless loop, which is not a crash).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn programs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "spl") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/run");
    let mut out = Vec::new();
    walk(&root, &mut out);
    out.sort();
    out.retain(|p| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        !["extern", "std.sys", "std.io", "rt_"]
            .iter()
            .any(|w| text.contains(w))
    });
    out
}

/// Replacements for a token: edge values and other kinds.
const TOKENS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
    "\"\"",
    "nil",
    "true",
    "[]",
    "{}",
    "()",
    "x",
    "self",
    "(",
    ")",
    ":",
    "\"{",
    "match",
    "fn",
    "?",
    "..",
    "**",
    "/",
    "%",
];

fn mutate(src: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return String::new();
    }
    for _ in 0..1 + rng.below(3) {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(7) {
            0 if n > 1 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => lines.swap(i, rng.below(n)),
            3 => lines[i] = format!("    {}", lines[i]),
            4 => lines[i] = lines[i].trim_start().to_string(),
            5 => {
                // Replace one whitespace-separated word.
                let words: Vec<&str> = lines[i].split(' ').collect();
                let w = rng.below(words.len());
                let mut new: Vec<String> = words.iter().map(|s| s.to_string()).collect();
                new[w] = TOKENS[rng.below(TOKENS.len())].to_string();
                lines[i] = new.join(" ");
            }
            _ => {
                // Cut the program short at a random byte.
                let text = lines.join("\n");
                let mut cut = rng.below(text.len() + 1);
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                return text[..cut].to_string();
            }
        }
    }
    lines.join("\n") + "\n"
}

enum Outcome {
    Clean,
    TimedOut,
    Crashed(String),
}

fn run(path: &Path) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_simple"))
        .arg("run")
        .arg(path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run simple");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            let _ = child.wait();
            return Outcome::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    let crashed = match status.code() {
        None => true,
        Some(101) => true,
        Some(_) => stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE"),
    };
    if crashed {
        Outcome::Crashed(format!("status {status}\n{stderr}"))
    } else {
        Outcome::Clean
    }
}

#[test]
fn mutated_programs_never_crash_the_interpreter() {
    let seed: u64 = std::env::var("NO_PANIC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    let cases: usize = std::env::var("NO_PANIC_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let programs = programs();
    assert!(
        programs.len() > 50,
        "found only {} programs",
        programs.len()
    );
    let dir = std::env::temp_dir().join(format!("simple-no-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(seed | 1);
    let mut crashes = Vec::new();
    let mut timed_out = 0;
    for case in 0..cases {
        let original = &programs[rng.below(programs.len())];
        let src = std::fs::read_to_string(original).unwrap();
        let mutant = mutate(&src, &mut rng);
        let path = dir.join(format!("case_{case}.spl"));
        std::fs::write(&path, &mutant).unwrap();
        match run(&path) {
            Outcome::Clean => {}
            Outcome::TimedOut => timed_out += 1,
            Outcome::Crashed(report) => {
                let keep = dir.with_file_name(format!("simple-no-panic-case-{case}.spl"));
                let _ = std::fs::copy(&path, &keep);
                crashes.push(format!(
                    "case {case} (seed {seed}, from {}), kept at {}:\n{report}",
                    original.display(),
                    keep.display()
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(crashes.is_empty(), "{}", crashes.join("\n\n"));
    // Endless loops are expected now and then, but if most mutants time
    // out the test is not testing anything.
    assert!(
        timed_out * 10 < cases,
        "{timed_out} of {cases} mutants timed out"
    );
}
