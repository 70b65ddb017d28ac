//! The REPL's `:` commands. Each prints to stdout, or its error to stderr
//! (which counts as a failed input for the exit status of piped input).

use std::time::Instant;

use simple_interp::Value;

use super::{Session, Step};

/// Every command and its one-line description (`:help`, completion).
pub const COMMANDS: &[(&str, &str)] = &[
    ("help", "this text"),
    (
        "doc NAME",
        "the docstring of a function or type, or a built-in's entry",
    ),
    ("type EXPR", "evaluate EXPR and show the type of its value"),
    ("time EXPR", "evaluate EXPR and show how long it took"),
    (
        "load FILE",
        "run FILE in this session (its names stay defined)",
    ),
    ("vars", "the names this session defined, with their values"),
    ("reset", "forget every definition: start a fresh session"),
    ("quit", "leave (also Ctrl-D)"),
];

/// The longest value `:vars` shows on one line.
const VARS_WIDTH: usize = 100;

/// Runs the command line `line` (starting with `:`).
pub fn run(session: &mut Session, line: &str) -> Step {
    let line = line.trim();
    let command = line.strip_prefix(':').unwrap_or(line);
    let (name, arg) = match command.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, arg.trim()),
        None => (command, ""),
    };
    let needs_arg = |what: &str| {
        if arg.is_empty() {
            eprintln!(
                "simple: `:{name}` needs {what}: :{name} {}",
                what.to_uppercase()
            );
            true
        } else {
            false
        }
    };
    match name {
        "q" | "quit" | "exit" => return Step::Quit,
        "h" | "help" | "?" => print!("{}", help()),
        "doc" => {
            if needs_arg("name") {
                return session.failed();
            }
            return doc(session, arg);
        }
        "type" => {
            if needs_arg("expr") {
                return session.failed();
            }
            let interp = session.interp.clone();
            return session.eval_then("<type>", arg, |v| {
                println!("{}", interp.borrow().type_name(v));
            });
        }
        "time" => {
            if needs_arg("expr") {
                return session.failed();
            }
            let start = Instant::now();
            let interp = session.interp.clone();
            return session.eval_then("<time>", arg, |v| {
                let took = start.elapsed();
                if *v != Value::Nil {
                    println!("{}", interp.borrow().debug(v));
                }
                println!("time: {took:.3?}");
            });
        }
        "load" => {
            if needs_arg("file") {
                return session.failed();
            }
            return match simple_syntax::source::read_text(std::path::Path::new(arg)) {
                Ok(text) => session.eval_then(arg, &text, |_| {}),
                Err(e) => {
                    eprintln!("simple: cannot read {arg}: {e}");
                    session.failed()
                }
            };
        }
        "vars" => vars(session),
        "reset" => {
            session.reset();
            println!("session reset");
        }
        other => {
            eprintln!("simple: unknown command `:{other}` (try :help)");
            return session.failed();
        }
    }
    Step::Continue
}

fn help() -> String {
    let mut out = String::from(
        "Enter Simple code to run it; a value is shown unless it is nil.\n\
         A line ending in `:` opens a block; a blank line (or a line back at the\n\
         left margin) ends it. Tab completes names, `use` paths and members after\n\
         `.`; Ctrl-C stops running code or clears the line; Ctrl-D leaves.\n\
         Commands:\n",
    );
    for (name, what) in COMMANDS {
        out.push_str(&format!("  :{name:<12} {what}\n"));
    }
    out
}

fn doc(session: &mut Session, name: &str) -> Step {
    let interp = session.interp.borrow();
    if let Some(doc) = interp.doc(name) {
        println!("{}", doc.trim());
        return Step::Continue;
    }
    let known = interp.global(name).is_some() || interp.visible_names().iter().any(|n| n == name);
    drop(interp);
    if known {
        println!("`{name}` has no docstring");
        Step::Continue
    } else if let Ok(text) = simple_interp::reference::lookup(name) {
        // A built-in function or method (`:doc text.split`).
        print!("{text}");
        Step::Continue
    } else {
        eprintln!("simple: no name `{name}` in this session");
        session.failed()
    }
}

fn vars(session: &Session) {
    let interp = session.interp.borrow();
    for (name, value) in interp.session_values() {
        let ty = interp.type_name(&value);
        if ty == "function" {
            println!("{name}: function");
            continue;
        }
        let mut shown = interp.debug(&value);
        if let Some((cut, _)) = shown.char_indices().nth(VARS_WIDTH) {
            shown.truncate(cut);
            shown.push_str("...");
        }
        println!("{name}: {ty} = {shown}");
    }
}
