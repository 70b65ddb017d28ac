//! Writing to stdout can fail: a full disk must end the program with a
//! message and a non-zero status; a closed pipe must stop it quietly with a
//! non-zero status (and never a panic).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn script(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("simple-output-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn simple() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_simple"));
    c.env("NO_COLOR", "1").stdin(Stdio::null());
    c
}

#[test]
fn a_full_disk_is_an_error_at_exit() {
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return;
    };
    let path = script("hi.spl", "print(\"hi\")\n");
    let out = simple()
        .arg("run")
        .arg(&path)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write to stdout"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_full_disk_stops_a_printing_loop() {
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return;
    };
    let path = script(
        "loop_full.spl",
        "var i = 0\nwhile true:\n    print(i)\n    i = i + 1\n",
    );
    let out = simple()
        .arg("run")
        .arg(&path)
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: cannot write to stdout"), "{stderr}");
}

#[test]
fn a_closed_pipe_stops_the_program_quietly() {
    let path = script(
        "loop_pipe.spl",
        "var i = 0\nwhile true:\n    print(i)\n    i = i + 1\n",
    );
    let mut child = simple()
        .arg("run")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    let _ = stdout.read(&mut first).unwrap();
    drop(stdout); // like `| head -1`
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the program kept running after its stdout was closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(141), "{stderr}");
    assert_eq!(stderr, "", "a closed pipe is not an error to report");
}
