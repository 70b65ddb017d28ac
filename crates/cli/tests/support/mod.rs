//! Shared by the integration tests that run the `simple` binary on fixture
//! programs: running a prepared command with a time limit.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a finished run printed and how it ended.
pub struct Outcome {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    /// Each test binary compiles this module on its own, and not all read it.
    #[allow(dead_code)]
    pub elapsed: Duration,
}

/// Runs `cmd` (stdin closed, output captured), killing it after `limit`.
/// `what` names the run in panic messages. A run killed by a signal panics.
pub fn run_with_limit(mut cmd: Command, what: &str, limit: Duration) -> Outcome {
    let mut child = cmd
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start simple");
    // Drain both pipes on threads so a chatty program cannot block on a full pipe.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for simple") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    let status = status.code().unwrap_or_else(|| {
        panic!("{what}: simple was killed by a signal ({status:?})\nstderr:\n{stderr}")
    });
    Outcome {
        status,
        stdout,
        stderr,
        elapsed,
    }
}
