//! SFFI through the real `simple` binary: every `tests/sffi/NAME.spl` runs with
//! `simple run` (stdout and stderr are pipes, so output is block-buffered, as when a
//! script's output is redirected to a file) and its output is compared with the expected
//! files next to it:
//!
//! * `NAME.out`: the exact stdout;
//! * `NAME.err`: the stderr (when absent, stderr must be empty). A line `...` matches any
//!   number of lines and a line ending in `...` any line starting with the rest, so an
//!   expectation can skip the source excerpt and the line numbers inside `std/sys.spl`;
//! * the exit status: 0, or `N` when the program's first line is `# exit: N`.
//!
//! Before comparing, long hexadecimal numbers (addresses, which change from run to run)
//! are replaced by `0xADDR`.
//!
//! The programs fork; they run one at a time (a global lock) so that the children of
//! several programs do not compete for the machine's cores, and each has a time limit, so
//! a `waitpid` that blocks fails the test instead of hanging it.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use support::{Outcome, run_with_limit};

static SERIAL: Mutex<()> = Mutex::new(());

const TIME_LIMIT: Duration = Duration::from_secs(60);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/sffi")
}

/// Runs `simple run NAME.spl` in the fixture folder, with a time limit.
fn run(name: &str) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_simple"));
    cmd.arg("run")
        .arg(format!("{name}.spl"))
        .current_dir(fixtures())
        .env_remove("SIMPLE_PATH");
    run_with_limit(cmd, &format!("{name}.spl"), TIME_LIMIT)
}

/// Replaces every `0x` followed by 8 or more hex digits with `0xADDR`.
fn normalize(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && b.get(i + 1) == Some(&b'x') {
            let digits = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if digits >= 8 {
                out.push_str("0xADDR");
                i += 2 + digits;
                continue;
            }
        }
        let ch = s[i..].chars().next().expect("char boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Whether `actual` matches `expected`, where an expected line `...` matches any lines and
/// a line ending in `...` matches any line that starts with the rest, and one starting
/// with `...` any line that ends with the rest.
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|k| lines_match(rest, &actual[k..])),
        Some((line, rest)) => {
            let same = match (actual.first(), line.strip_suffix("...")) {
                (Some(a), Some(prefix)) => a.starts_with(prefix),
                (Some(a), None) => match line.strip_prefix("...") {
                    Some(suffix) => a.ends_with(suffix),
                    None => a == line,
                },
                (None, _) => false,
            };
            same && lines_match(rest, &actual[1..])
        }
    }
}

/// Runs one fixture and checks its exit status, stdout and stderr.
fn check(name: &str) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = fixtures();
    let source = std::fs::read_to_string(dir.join(format!("{name}.spl")))
        .unwrap_or_else(|e| panic!("{name}.spl: {e}"));
    let expected_status = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# exit:"))
        .map_or(0, |n| n.trim().parse::<i32>().expect("`# exit: N`"));
    let expected_out = std::fs::read_to_string(dir.join(format!("{name}.out")))
        .unwrap_or_else(|e| panic!("{name}.out: {e}"));
    let expected_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap_or_default();

    let got = run(name);
    let stdout = normalize(&got.stdout);
    let stderr = normalize(&got.stderr);
    let report = format!(
        "{name}.spl\n--- exit status: {} (expected {expected_status})\n--- stdout:\n{stdout}--- stderr:\n{stderr}---",
        got.status
    );
    assert_eq!(
        stdout, expected_out,
        "stdout differs from {name}.out\n{report}"
    );
    let exp: Vec<&str> = expected_err.lines().collect();
    let act: Vec<&str> = stderr.lines().collect();
    assert!(
        lines_match(&exp, &act),
        "stderr does not match {name}.err:\n{expected_err}\n{report}"
    );
    assert_eq!(got.status, expected_status, "exit status\n{report}");
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        /// Every `.spl` in the fixture folder has a test above (none is silently skipped).
        #[test]
        fn every_fixture_has_a_test() {
            let known = [$(stringify!($name)),*];
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(fixtures()).expect("tests/sffi") {
                let path = entry.expect("dir entry").path();
                if path.extension().is_some_and(|e| e == "spl") {
                    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                    if !known.contains(&stem.as_str()) {
                        missing.push(stem);
                    }
                }
            }
            assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
        }
    };
}

fixtures! {
    // mappings shared with, or private from, forked children and files
    shared_anon_four_children,
    map_private_file,
    map_shared_file_child,
    // every std.sys wrapper, on success and failure paths
    sys_wrappers,
    // rt_fstat: size and mode from one call, the mode decoded in Simple
    fstat_kinds,
    // hazards
    map_empty_file,
    unaligned_offset,
    munmap_twice,
    munmap_twice_wrapper,
    munmap_never_mapped,
    read_after_unmap,
    write_readonly_mapping,
    shared_write_rdonly_fd,
    child_exit_300,
    child_signals,
    waitpid_reaped,
    kill_nonpositive,
    fd_no_leak,
    print_before_fork,
    // what the region table cannot model is refused (issue 17)
    madvise_dontfork,
    madvise_dontneed_file,
    map_past_eof,
    map_fixed_free_address,
    mmap_growsdown,
    mem_read_huge,
    // extern declarations
    extern_nope,
    extern_misspelled,
    extern_wrong_arity,
}

/// `Interpreter::new()` is a sandbox: without `register_all` no extern binds.
#[test]
fn sandbox_interpreter_rejects_externs() {
    let mut interp = simple_interp::Interpreter::new();
    assert!(interp.host_functions().is_empty());
    let err = interp
        .run_source(
            "sandbox.spl",
            "val x = 1\nextern fn rt_getpid() -> i64\nrt_getpid()\n",
        )
        .expect_err("a sandbox has no rt_getpid");
    let text = interp.render_error(&err, false);
    assert!(
        text.contains("sandbox.spl:2:1"),
        "error at the extern's line:\n{text}"
    );
    assert!(
        text.contains("`extern fn rt_getpid`: no host function named `rt_getpid` is registered"),
        "{text}"
    );
    assert!(
        text.contains("this interpreter has no host functions"),
        "{text}"
    );
}

/// `register_all` registers exactly the SFFI.md set, and the externs work in-process.
#[test]
fn register_all_provides_the_sffi_set() {
    let (mut interp, out) = simple_interp::Interpreter::new_captured();
    simple_sffi::register_all(&mut interp);
    let names = interp.host_functions();
    let expected = [
        "rt_malloc",
        "rt_free",
        "rt_read_u8",
        "rt_read_u16",
        "rt_read_u32",
        "rt_read_u64",
        "rt_read_i64",
        "rt_write_u8",
        "rt_write_u16",
        "rt_write_u32",
        "rt_write_u64",
        "rt_mem_read",
        "rt_mem_read_text",
        "rt_mem_write",
        "rt_mmap",
        "rt_munmap",
        "rt_mprotect",
        "rt_madvise",
        "rt_msync",
        "rt_mlock",
        "rt_munlock",
        "rt_page_size",
        "rt_open",
        "rt_close",
        "rt_file_size",
        "rt_fstat",
        "rt_read",
        "rt_pread",
        "rt_write",
        "rt_lseek",
        "rt_ftruncate",
        "rt_fsync",
        "rt_fadvise",
        "rt_unlink",
        "rt_mkdir",
        "rt_rmdir",
        "rt_mkdtemp",
        "rt_list_dir",
        "rt_path_kind",
        "rt_fd_handle",
        "rt_handle_fd",
        "rt_handle_close",
        "rt_view",
        "rt_view_bytes",
        "rt_view_revoke",
        "rt_cpu_count",
        "rt_sleep_ns",
        "rt_atomic_fetch_add",
        "rt_atomic_load",
        "rt_atomic_store",
        "rt_pipe",
        "rt_poll",
        "rt_fork",
        "rt_waitpid",
        "rt_kill",
        "rt_getpid",
        "rt_exit",
        "rt_clock_ns",
        "rt_errno",
        "rt_strerror",
        "rt_sys_const",
        "rt_flush",
    ];
    let mut sorted: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    sorted.sort();
    assert_eq!(names, sorted);

    let program = "\
extern fn rt_getpid() -> i64
extern fn rt_malloc(size: i64) -> i64
extern fn rt_write_u32(addr: i64, v: i64) -> i64
extern fn rt_read_u32(addr: i64) -> i64
extern fn rt_mem_write(addr: i64, data: [u8]) -> i64
extern fn rt_mem_read(addr: i64, len: i64) -> [u8]
extern fn rt_free(addr: i64) -> i64
extern fn rt_sys_const(name: text) -> i64
extern fn rt_flush() -> i64
val p = rt_malloc(16)
rt_write_u32(p, 0xBEEF)
rt_mem_write(p + 4, \"hi\")
print(rt_read_u32(p), rt_mem_read(p + 4, 2), type_of(rt_mem_read(p, 1)))
rt_free(p)
print(rt_getpid() == {pid}, rt_sys_const(\"O_RDONLY\"))
rt_flush()
"
    .replace("{pid}", &std::process::id().to_string());
    interp.run_source("inproc.spl", &program).expect("runs");
    interp.flush();
    assert_eq!(
        String::from_utf8_lossy(&out.borrow()),
        "48879 [104, 105] bytes\ntrue 0\n"
    );
}

/// A host function's `Err` (an `SffiError`) is a runtime error at the call, and
/// `std.sys` is not needed for it.
#[test]
fn sffi_errors_are_runtime_errors_at_the_call() {
    let (mut interp, _out) = simple_interp::Interpreter::new_captured();
    simple_sffi::register_all(&mut interp);
    let err = interp
        .run_source(
            "bad.spl",
            "extern fn rt_sys_const(name: text) -> i64\n\nrt_sys_const(\"PROT_RAED\")\n",
        )
        .expect_err("unknown constant");
    let text = interp.render_error(&err, false);
    assert!(text.contains("bad.spl:3:1"), "{text}");
    assert!(
        text.contains("unknown constant `PROT_RAED`; did you mean `PROT_READ`?"),
        "{text}"
    );
}

/// `print_before_fork.spl` again with stdout redirected to a file (block-buffered, like
/// `simple run x.spl > log`): the file holds each line exactly once.
#[test]
fn print_before_fork_into_a_file() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let log = std::env::temp_dir().join(format!("simple-sffi-fork-{}.log", std::process::id()));
    let file = std::fs::File::create(&log).expect("create log");
    let status = Command::new(env!("CARGO_BIN_EXE_simple"))
        .arg("run")
        .arg("print_before_fork.spl")
        .current_dir(fixtures())
        .env_remove("SIMPLE_PATH")
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(Stdio::null())
        .status()
        .expect("run simple");
    let written = std::fs::read_to_string(&log).expect("read log");
    let _ = std::fs::remove_file(&log);
    assert!(status.success(), "{status:?}");
    let expected = std::fs::read_to_string(fixtures().join("print_before_fork.out")).unwrap();
    assert_eq!(written, expected);
}
