//! `simple repl`, driven the ways people use it: piped standard input
//! (exact output and exit status), and a real pseudo-terminal (line
//! editing, completion, blocks, Ctrl-C, history). Timeouts here only guard
//! against a hang; nothing asserts how long something took.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SIMPLE: &str = env!("CARGO_BIN_EXE_simple");

/// Runs `simple repl` with `input` on a pipe: (stdout, stderr, status).
fn piped(input: &str) -> (String, String, i32) {
    let mut child = Command::new(SIMPLE)
        .arg("repl")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start simple");
    let mut stdin = child.stdin.take().expect("piped");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("simple repl still running after a minute (killed)");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    writer.join().expect("writer");
    let out = child.wait_with_output().expect("output");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().expect("exited"),
    )
}

#[test]
fn piped_input_runs_every_block_without_prompts() {
    let (out, err, status) = piped("fn f(x):\n    x*2\nprint(f(21))\n");
    assert_eq!((out.as_str(), err.as_str(), status), ("42\n", "", 0));
}

#[test]
fn piped_input_echoes_values_and_runs_a_final_open_block() {
    let input = "val x = 5\nx\n\"text\"\nfn g():\n    val a = 1\n\n    a + x\ng()\nfn h():\n    print(\"last\")\nh()";
    let (out, err, status) = piped(input);
    assert_eq!(err, "");
    assert_eq!(out, "5\n\"text\"\n6\nlast\n");
    assert_eq!(status, 0);
}

#[test]
fn piped_input_ending_inside_a_block_runs_it() {
    let (out, err, status) =
        piped("fn h():\n    print(\"ran\")\n    42\nh()\nif true:\n    print(h())");
    assert_eq!(err, "");
    assert_eq!(out, "ran\n42\nran\n42\n");
    assert_eq!(status, 0);
}

#[test]
fn piped_errors_are_located_in_the_whole_input_and_fail_the_run() {
    let (out, err, status) = piped("val a = 1\n\nprint(a)\nval b = a / 0\nprint(\"after\")\n");
    assert_eq!(out, "1\nafter\n");
    assert_eq!(status, 1);
    assert!(
        err.starts_with("<stdin>:4:9: error: division by zero\n"),
        "{err}"
    );
    assert!(err.contains(" 4 │ val b = a / 0\n"), "{err}");
    assert!(err.contains("─┬─"), "underline missing:\n{err}");
}

#[test]
fn piped_syntax_error_fails_the_run() {
    let (out, err, status) = piped("val x = )\nprint(2)\n");
    assert_eq!(status, 1);
    assert!(err.starts_with("<stdin>:1:9: error: "), "{err}");
    assert!(err.contains(" 1 │ val x = )\n"), "{err}");
    assert_eq!(out, "2\n");
}

#[test]
fn piped_exit_sets_the_status() {
    let (out, err, status) = piped("print(1)\nexit(3)\nprint(2)\n");
    assert_eq!((out.as_str(), err.as_str(), status), ("1\n", "", 3));
}

#[test]
fn piped_commands() {
    let input = "val n = 4\nval name = \"ann\"\nfn sq(x):\n    \"\"\"Squares x.\"\"\"\n    x * x\n:type n\n:type sq(n) * 1.5\n:vars\n:doc sq\n:reset\n:vars\n:quit\nprint(\"not run\")\n";
    let (out, err, status) = piped(input);
    assert_eq!(err, "");
    assert_eq!(
        out,
        "int\nfloat\nn: int = 4\nname: text = \"ann\"\nsq: function\nSquares x.\nsession reset\n"
    );
    assert_eq!(status, 0);
}

#[test]
fn piped_command_errors_fail_the_run() {
    let (out, err, status) =
        piped(":nope\n:doc\n:doc missing\n:load /no/such/file.spl\nprint(\"still here\")\n");
    assert_eq!(out, "still here\n");
    assert_eq!(
        err,
        "simple: unknown command `:nope` (try :help)\n\
         simple: `:doc` needs name: :doc NAME\n\
         simple: no name `missing` in this session\n\
         simple: cannot read /no/such/file.spl: No such file or directory (os error 2)\n"
    );
    assert_eq!(status, 1);
}

#[test]
fn piped_load_runs_a_file_in_the_session() {
    let dir = temp_dir("load");
    let file = dir.join("lib.spl");
    std::fs::write(&file, "fn triple(x):\n    x * 3\n").expect("write");
    let (out, err, status) = piped(&format!(":load {}\ntriple(5)\n", file.display()));
    assert_eq!((out.as_str(), err.as_str(), status), ("15\n", "", 0));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn piped_time_shows_the_value_and_a_duration() {
    let (out, err, status) = piped(":time 6 * 7\n");
    assert_eq!((err.as_str(), status), ("", 0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0], "42");
    assert!(lines[1].starts_with("time: "), "{out}");
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("simple-repl-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[cfg(unix)]
mod pty {
    use rexpect::session::{PtySession, spawn_command};

    use super::{SIMPLE, temp_dir};

    /// A hang guard, not a measurement.
    const TIMEOUT_MS: u64 = 20_000;

    fn start(history: &std::path::Path) -> PtySession {
        let mut cmd = std::process::Command::new(SIMPLE);
        cmd.arg("repl")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("SIMPLE_HISTORY", history);
        let mut p = spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn simple repl");
        p.exp_string(":help for help").expect("banner");
        prompt(&mut p);
        p
    }

    /// Waits until the editor reads a new input. Its prompt text is no
    /// marker (the editor redraws it with the line at every key); turning
    /// on bracketed paste is, as the editor does that once per input, after
    /// entering raw mode. Keys typed before then may be lost: the editor
    /// drops what it read beyond the end of the previous input.
    fn prompt(p: &mut PtySession) {
        p.exp_string("\x1b[?2004h").expect("a new prompt");
    }

    /// Types `keys` (a real terminal sends `\r` for Enter).
    fn send(p: &mut PtySession, keys: &str) {
        p.send(keys).expect("send");
        p.flush().expect("flush");
    }

    fn quit(mut p: PtySession) {
        prompt(&mut p);
        send(&mut p, ":quit\r");
        p.exp_eof().expect("the REPL ends");
    }

    #[test]
    fn tab_completes_names_members_and_modules() {
        let dir = temp_dir("complete");
        let mut p = start(&dir.join("history"));
        send(&mut p, "val answer_value = 42\r");
        prompt(&mut p);
        send(&mut p, "answ\t");
        p.exp_string("answer_value").expect("completed name");
        send(&mut p, "\r");
        p.exp_string("42").expect("its value");
        prompt(&mut p);
        send(&mut p, "val greeting = \"hi\"\r");
        prompt(&mut p);
        send(&mut p, "greeting.upperc\t");
        p.exp_string("greeting.uppercase")
            .expect("completed method");
        send(&mut p, "()\r");
        p.exp_string("\"HI\"").expect("method result");
        prompt(&mut p);
        send(&mut p, "use std.io.f\t");
        p.exp_string("use std.io.fs")
            .expect("completed module path");
        // Ctrl-C at the prompt drops the line; the next one starts clean.
        p.send_control('c').expect("ctrl-c");
        prompt(&mut p);
        send(&mut p, "1 + 1\r");
        p.exp_string("2").expect("a clean line");
        quit(p);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn blocks_span_lines_and_end_at_a_blank_or_dedented_line() {
        let dir = temp_dir("blocks");
        let mut p = start(&dir.join("history"));
        // Enter after the header indents the next line by itself.
        send(&mut p, "fn twice(x):\r");
        send(&mut p, "x * 2\r");
        send(&mut p, "\r");
        prompt(&mut p);
        send(&mut p, "twice(21)\r");
        p.exp_string("42").expect("the function works");
        prompt(&mut p);
        // Backspace leaves the block; the dedented line ends the input.
        send(&mut p, "if true:\r");
        send(&mut p, "print(\"in\" + \"side\")\r");
        send(&mut p, "\x7fprint(\"out\" + \"side\")\r");
        p.exp_string("inside").expect("block ran");
        p.exp_string("outside").expect("the line after it ran");
        quit(p);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn ctrl_c_stops_running_code_and_keeps_the_session() {
        let dir = temp_dir("interrupt");
        let mut p = start(&dir.join("history"));
        send(&mut p, "val kept = 7\r");
        prompt(&mut p);
        // Printing first tells the test the loop is running (and the
        // terminal is out of the editor's raw mode, so Ctrl-C is a signal).
        send(&mut p, "if true:\r");
        send(&mut p, "eprint(\"spin\" + \"ning\")\r");
        send(&mut p, "while true:\r");
        send(&mut p, "pass\r\r");
        p.exp_string("spinning").expect("the loop started");
        p.send_control('c').expect("ctrl-c");
        p.exp_string("error: interrupted").expect("interrupted");
        prompt(&mut p);
        send(&mut p, "kept * 6\r");
        p.exp_string("42").expect("earlier definitions survive");
        quit(p);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn history_is_kept_across_sessions_and_ctrl_d_leaves() {
        let dir = temp_dir("history");
        let history = dir.join("history");
        let mut p = start(&history);
        send(&mut p, "val first_session = 1\r");
        quit(p);
        let saved = std::fs::read_to_string(&history).expect("history file");
        assert!(saved.contains("val first_session = 1"), "{saved}");

        let mut p = start(&history);
        // Up recalls the previous session's input; running it defines the
        // name again in this session.
        // The latest entry is the `:quit` that ended the first session.
        send(&mut p, "\x1b[A\x1b[A");
        p.exp_string("val first_session = 1").expect("recalled");
        send(&mut p, "\r");
        prompt(&mut p);
        send(&mut p, "first_session + 41\r");
        p.exp_string("42").expect("ran the recalled line");
        prompt(&mut p);
        p.send_control('d').expect("ctrl-d");
        p.exp_eof().expect("Ctrl-D leaves");
        let _ = std::fs::remove_dir_all(dir);
    }
}
