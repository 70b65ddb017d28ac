//! `simple repl`: an interactive session.
//!
//! Each input is evaluated in one persistent session, so names defined by
//! one input are visible to the next. A non-nil result is echoed in debug
//! form (texts quoted), as in Python. Errors are shown and the session
//! goes on. The front end decides where an input ends (see
//! `helper::ready`).
//!
//! With a terminal on standard input the session is line-edited
//! (`helper`): colours, completion, history hints, auto-indent; Ctrl-C
//! stops running code (`interrupt`). Otherwise (`simple repl < file`, a
//! pipe) the lines are read as they come, with no banner or prompts, and
//! any error makes the exit status 1.

mod commands;
mod helper;
mod interrupt;

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;

use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Editor, EventHandler, KeyCode, KeyEvent, Modifiers};
use simple_interp::{Error, Interpreter, Value};
use simple_syntax::{InputStatus, input_status};

#[derive(clap::Args, Default)]
pub struct Args {
    /// Start without the SFFI host functions (a sandbox).
    #[arg(long)]
    sandbox: bool,
}

/// What the session does after an input.
pub enum Step {
    Continue,
    Quit,
    /// `exit(n)` was called.
    Exit(i32),
}

pub struct Session {
    /// Shared with the line editor's helper, which completes from it
    /// between inputs.
    interp: Rc<RefCell<Interpreter>>,
    sandbox: bool,
    /// Whether some input failed (the exit status of piped input).
    failed: bool,
    /// Colour for diagnostics on stderr.
    color: bool,
    /// Whether Ctrl-C is routed to the interpreter (interactive only).
    interruptible: bool,
}

impl Session {
    fn new(sandbox: bool, interruptible: bool) -> Session {
        let session = Session {
            interp: Rc::new(RefCell::new(new_interpreter(sandbox))),
            sandbox,
            failed: false,
            color: simple_syntax::diagnostic::stderr_color(),
            interruptible,
        };
        session.watch_interrupts();
        session
    }

    fn watch_interrupts(&self) {
        if self.interruptible {
            interrupt::watch(self.interp.borrow().interrupt_handle());
        }
    }

    /// Forgets every definition.
    fn reset(&mut self) {
        *self.interp.borrow_mut() = new_interpreter(self.sandbox);
        self.watch_interrupts();
    }

    fn failed(&mut self) -> Step {
        self.failed = true;
        Step::Continue
    }

    /// Evaluates an input and echoes its value unless it is nil.
    fn eval(&mut self, name: &str, text: &str) -> Step {
        let interp = self.interp.clone();
        self.eval_then(name, text, |v| {
            if *v != Value::Nil {
                println!("{}", interp.borrow().debug(v));
            }
        })
    }

    /// Evaluates an input in the session and hands its value to `show`, or
    /// reports its error.
    fn eval_then(&mut self, name: &str, text: &str, show: impl FnOnce(&Value)) -> Step {
        let result = {
            let mut interp = self.interp.borrow_mut();
            // A Ctrl-C that came while nothing ran is not meant for this input.
            interp.interrupt_handle().clear();
            let result = interp.eval(name, text);
            interp.flush();
            result
        };
        match result {
            Ok(v) => {
                show(&v);
                Step::Continue
            }
            Err(Error::Exit(code)) => Step::Exit(code),
            Err(e) => {
                eprint!("{}", self.interp.borrow().render_error(&e, self.color));
                self.failed()
            }
        }
    }

    /// Runs the `at_exit` functions; the process's exit status.
    fn finish(&mut self, status: i32) -> ExitCode {
        let mut interp = self.interp.borrow_mut();
        let errors = interp.run_exit_handlers();
        for e in errors.iter().filter(|e| !matches!(e, Error::Exit(_))) {
            eprint!("{}", interp.render_error(e, self.color));
        }
        ExitCode::from(simple_interp::exit_status(status, &errors) as u8)
    }
}

fn new_interpreter(sandbox: bool) -> Interpreter {
    let mut interp = Interpreter::new();
    if !sandbox {
        simple_sffi::register_all(&mut interp);
    }
    // `use name` finds `name.spl` in the directory the REPL started in, as
    // it would beside a script.
    interp.add_search_path(".");
    interp
}

pub fn run(args: Args) -> ExitCode {
    if std::io::stdin().is_terminal() {
        interactive(args)
    } else {
        piped(args)
    }
}

/// Where history is kept: `$SIMPLE_HISTORY`, else `simple/history` in the
/// platform's data directory.
fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SIMPLE_HISTORY") {
        return Some(PathBuf::from(path));
    }
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let data = if cfg!(windows) {
        env("APPDATA")?
    } else if cfg!(target_os = "macos") {
        env("HOME")?.join("Library/Application Support")
    } else {
        env("XDG_DATA_HOME").or_else(|| Some(env("HOME")?.join(".local/share")))?
    };
    Some(data.join("simple").join("history"))
}

fn interactive(args: Args) -> ExitCode {
    let mut session = Session::new(args.sandbox, true);
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(10_000)
        .and_then(|b| b.history_ignore_dups(true))
        .map(|b| b.build());
    let editor = config.and_then(Editor::<helper::ReplHelper, FileHistory>::with_config);
    let mut editor = match editor {
        Ok(e) => e,
        Err(e) => {
            eprintln!("simple: cannot start the line editor: {e}");
            return ExitCode::from(2);
        }
    };
    editor.set_helper(Some(helper::ReplHelper::new(session.interp.clone(), color)));
    editor.bind_sequence(
        KeyEvent(KeyCode::Enter, Modifiers::NONE),
        EventHandler::Conditional(Box::new(helper::EnterKey)),
    );
    editor.bind_sequence(
        KeyEvent(KeyCode::Backspace, Modifiers::NONE),
        EventHandler::Conditional(Box::new(helper::BackspaceKey)),
    );
    let history = history_path();
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.load_history(path);
    }
    interrupt::install();
    println!(
        "Simple {} — :help for help, Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut count = 0;
    let status = loop {
        let text = match editor.readline(">>> ") {
            Ok(text) => text,
            // Ctrl-C at the prompt abandons the line.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break 0,
            Err(e) => {
                eprintln!("simple: cannot read input: {e}");
                break 1;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(text.trim_end());
        // Saved after every input, so that a session that is killed keeps
        // its history too.
        if let Some(path) = &history {
            let _ = editor.append_history(path);
        }
        let step = if text.trim_start().starts_with(':') {
            commands::run(&mut session, &text)
        } else {
            count += 1;
            session.eval(&format!("<input {count}>"), &text)
        };
        match step {
            Step::Continue => {}
            Step::Quit => break 0,
            Step::Exit(code) => break code,
        }
    };
    session.finish(status)
}

/// Reads standard input line by line, running each input as soon as it is
/// complete. Unlike typing, a blank line does not end a block (a file has
/// blank lines inside functions); a line back at the left margin does, and
/// so does the end of input, which runs whatever is left.
fn piped(args: Args) -> ExitCode {
    let mut session = Session::new(args.sandbox, false);
    let mut chunk = String::new();
    // Lines before the chunk, which is evaluated after as many blank lines:
    // errors then give their line in the whole input.
    let mut chunk_line = 0;
    let mut line_no = 0;
    let mut lines = std::io::stdin().lock().lines();
    // `Some(status)` once the session is over.
    let over = |session: &Session, step: Step| match step {
        Step::Continue => None,
        Step::Quit => Some(i32::from(session.failed)),
        Step::Exit(code) => Some(code),
    };
    let status = loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => {
                eprintln!("simple: cannot read standard input: {e}");
                break 1;
            }
            None => {
                let step = run_chunk(&mut session, &mut chunk, chunk_line);
                break over(&session, step).unwrap_or(i32::from(session.failed));
            }
        };
        line_no += 1;
        // A command at the left margin ends a block before it, as a line of
        // code there would (inside brackets or a string it is just text).
        if line.starts_with(':') && input_status(&chunk) == InputStatus::InBlock {
            let step = run_chunk(&mut session, &mut chunk, chunk_line);
            if let Some(status) = over(&session, step) {
                break status;
            }
        }
        if chunk.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            if line.trim_start().starts_with(':') {
                let step = commands::run(&mut session, &line);
                match over(&session, step) {
                    Some(status) => break status,
                    None => continue,
                }
            }
            chunk_line = line_no - 1;
        }
        chunk.push_str(&line);
        chunk.push('\n');
        if input_status(&chunk) == InputStatus::Complete {
            let step = run_chunk(&mut session, &mut chunk, chunk_line);
            if let Some(status) = over(&session, step) {
                break status;
            }
        }
    };
    session.finish(status)
}

/// Evaluates `chunk` (which starts on line `first_line + 1` of the input)
/// and empties it.
fn run_chunk(session: &mut Session, chunk: &mut String, first_line: usize) -> Step {
    let text = std::mem::take(chunk);
    if text.trim().is_empty() {
        return Step::Continue;
    }
    let padded = format!("{}{text}", "\n".repeat(first_line));
    session.eval("<stdin>", &padded)
}
