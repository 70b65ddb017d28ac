//! `simple repl`: an interactive session.
//!
//! Each input is evaluated in one persistent session, so names defined by
//! one input are visible to the next. A non-nil result is echoed in debug
//! form (texts quoted), as in Python. An input ending in `:` (or with open
//! brackets) continues on `... ` lines until a blank line. Errors are shown
//! and the session goes on.

use std::process::ExitCode;

use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;
use simple_interp::{Error, Interpreter, Value};

#[derive(clap::Args, Default)]
pub struct Args {
    /// Start without the SFFI host functions (a sandbox).
    #[arg(long)]
    sandbox: bool,
}

const HELP: &str = "\
Enter Simple code; a block (a line ending in `:`) ends with a blank line.
Commands:
  :help          this text
  :doc NAME      the docstring of a function or type, or a built-in's entry
  :quit          leave (also Ctrl-D)
";

/// Whether `text` needs more lines: an open bracket or string, a trailing
/// `:` or `\\`, or an indented block not yet closed by a blank line.
fn incomplete(text: &str) -> bool {
    let mut depth: i64 = 0;
    let mut in_string: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match in_string {
            Some(q) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    in_string = None;
                }
            }
            None => match c {
                '"' | '\'' => in_string = Some(c),
                '#' => {
                    for n in chars.by_ref() {
                        if n == '\n' {
                            break;
                        }
                    }
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            },
        }
    }
    if depth > 0 || in_string.is_some() {
        return true;
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(last) = lines.last() else {
        return false;
    };
    let trimmed = last.trim_end();
    if trimmed.ends_with(':') || trimmed.ends_with('\\') {
        return true;
    }
    // Inside a block: keep reading until a blank line.
    lines.len() > 1 && !text.ends_with("\n\n") && lines.iter().any(|l| l.trim_end().ends_with(':'))
}

pub fn run(args: Args) -> ExitCode {
    let mut interp = Interpreter::new();
    if !args.sandbox {
        simple_sffi::register_all(&mut interp);
    }
    let mut editor = match DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("simple: cannot start the line editor: {e}");
            return ExitCode::from(2);
        }
    };
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".simple_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!(
        "Simple {} — :help for help, Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let color = simple_syntax::diagnostic::stderr_color();
    let mut count = 0;
    loop {
        let mut text = String::new();
        let mut prompt = ">>> ";
        let done = loop {
            match editor.readline(prompt) {
                Ok(line) => {
                    text.push_str(&line);
                    text.push('\n');
                    if !incomplete(&text) {
                        break false;
                    }
                    prompt = "... ";
                }
                Err(ReadlineError::Interrupted) => {
                    text.clear();
                    break false;
                }
                Err(_) => break true,
            }
        };
        if done {
            break;
        }
        let input = text.trim();
        if input.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(input);
        if let Some(command) = input.strip_prefix(':') {
            let (name, arg) = command.split_once(' ').unwrap_or((command, ""));
            match name {
                "q" | "quit" | "exit" => break,
                "help" | "h" => print!("{HELP}"),
                // A name defined in the session first, then the reference.
                "doc" => match interp.doc(arg.trim()) {
                    Some(doc) => println!("{}", doc.trim()),
                    None => match simple_interp::reference::lookup(arg.trim()) {
                        Ok(text) => print!("{text}"),
                        Err(message) => println!("{message}"),
                    },
                },
                other => println!("unknown command `:{other}` (try :help)"),
            }
            continue;
        }
        count += 1;
        let result = interp.eval(&format!("<input {count}>"), &text);
        interp.flush();
        match result {
            Ok(Value::Nil) => {}
            Ok(v) => println!("{}", interp.debug(&v)),
            Err(Error::Exit(code)) => {
                let errors = interp.run_exit_handlers();
                for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
                    eprint!("{}", interp.render_error(e, color));
                }
                return ExitCode::from(simple_interp::exit_status(code, &errors) as u8);
            }
            Err(e) => eprint!("{}", interp.render_error(&e, color)),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    let errors = interp.run_exit_handlers();
    for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
        eprint!("{}", interp.render_error(e, color));
    }
    ExitCode::from(simple_interp::exit_status(0, &errors) as u8)
}

#[cfg(test)]
mod tests {
    use super::incomplete;

    #[test]
    fn detects_incomplete_input() {
        assert!(incomplete("fn f(x):\n"));
        assert!(incomplete("fn f(x):\n    x + 1\n"));
        assert!(!incomplete("fn f(x):\n    x + 1\n\n"));
        assert!(incomplete("val xs = [1,\n"));
        assert!(!incomplete("val x = 1\n"));
        assert!(!incomplete("print(\"a:\")\n"));
        assert!(incomplete("val s = \"open\n"));
    }
}
