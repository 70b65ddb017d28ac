//! rusage: run a command and report its CPU time and peak RSS with microsecond
//! resolution (GNU time's `%U %S` round to 10 ms, too coarse for 40 ms runs).
//!
//! Usage: rusage -o FILE COMMAND [ARGS...]
//! The command inherits stdin/stdout/stderr. After it exits, FILE receives one line:
//!     <user seconds> <system seconds> <max RSS KiB> <exit code or -signal>
//! and rusage exits with the command's exit code (128 + N if killed by signal N).
//!
//! Built by bench/run.py with plain `rustc -O` (std only, Linux only); it is not a
//! workspace member. This process stays small (~1-2 MiB), so the peak RSS the kernel
//! carries over from the parent into the child's ru_maxrss is negligible, as with
//! /usr/bin/time.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, exit};

// struct rusage on 64-bit Linux: two struct timeval (2 x i64 each), then 14 longs.
#[repr(C)]
struct RUsage {
    fields: [i64; 18],
}

const RUSAGE_CHILDREN: i32 = -1;

unsafe extern "C" {
    fn getrusage(who: i32, usage: *mut RUsage) -> i32;
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 || args[1] != "-o" {
        eprintln!("usage: rusage -o FILE COMMAND [ARGS...]");
        exit(2);
    }
    let out_path = &args[2];
    let mut child = match Command::new(&args[3]).args(&args[4..]).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("rusage: cannot run {}: {}", args[3], e);
            exit(127);
        }
    };
    let status = match child.wait() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rusage: wait failed: {}", e);
            exit(2);
        }
    };
    let mut ru = RUsage { fields: [0; 18] };
    // SAFETY: `ru` is a properly sized and aligned struct rusage for 64-bit Linux.
    if unsafe { getrusage(RUSAGE_CHILDREN, &mut ru) } != 0 {
        eprintln!("rusage: getrusage failed");
        exit(2);
    }
    let f = &ru.fields;
    let user = f[0] as f64 + f[1] as f64 / 1e6;
    let sys = f[2] as f64 + f[3] as f64 / 1e6;
    let maxrss_kib = f[4];
    let (code_field, exit_code) = match (status.code(), status.signal()) {
        (Some(c), _) => (c, c),
        (None, Some(sig)) => (-sig, 128 + sig),
        (None, None) => (-1, 255),
    };
    let line = format!("{:.6} {:.6} {} {}\n", user, sys, maxrss_kib, code_field);
    if let Err(e) = std::fs::write(out_path, line) {
        eprintln!("rusage: cannot write {}: {}", out_path, e);
        exit(2);
    }
    exit(exit_code);
}
