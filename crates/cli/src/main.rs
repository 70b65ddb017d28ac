//! `simple`: the command-line front end of the Simple interpreter.
//!
//! `main` only dispatches; each subcommand lives in its own module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod common;
mod doc;
mod fmt;
mod parse;
mod repl;
mod run;
mod test;

#[derive(Parser)]
#[command(
    name = "simple",
    version,
    about = "The Simple language interpreter",
    override_usage = "simple [COMMAND]\n       simple FILE [ARGS]...\n       simple -e CODE [ARGS]...\n       simple - [ARGS]...",
    after_help = "Without a command: `simple FILE [ARGS]...` runs FILE (as `simple run`), \
`simple -e CODE` or `simple -c CODE` runs CODE, `simple -` runs the program read from \
standard input, and bare `simple` starts the REPL. Everything after FILE, CODE or `-` \
goes to the program (`args()`)."
)]
struct Cli {
    /// With no command, `simple` starts the REPL.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse files and report every syntax error.
    Check(check::Args),
    /// Print the syntax tree of a file.
    Parse(parse::Args),
    /// Run a program.
    Run(run::Args),
    /// Start an interactive session.
    Repl(repl::Args),
    /// Run spec files (`*_spec.spl`).
    Test(test::Args),
    /// Show the reference of built-in functions, methods and std modules.
    Doc(doc::Args),
    /// Rewrite files in the canonical layout (`--check`: only list them).
    Fmt(fmt::Args),
}

/// What the command line asks for when it is not a subcommand's business:
/// running a file, code or standard input, with the rest of the line going to
/// the program untouched (clap never sees the program's arguments).
fn direct_run(argv: &[String]) -> Option<Result<(run::Source, Vec<String>), String>> {
    use clap::CommandFactory;
    let first = argv.get(1)?;
    let rest = |from: usize| argv.get(from..).unwrap_or_default().to_vec();
    match first.as_str() {
        "-e" | "-c" => Some(match argv.get(2) {
            Some(code) => Ok((
                run::Source::Code {
                    flag: first.clone(),
                    code: code.clone(),
                },
                rest(3),
            )),
            None => Err(format!(
                "{first} needs the code to run: simple {first} CODE"
            )),
        }),
        "-" => Some(Ok((run::Source::File("-".into()), rest(2)))),
        // `simple run FILE ARGS...`: ARGS are the program's, even `-h`.
        "run" => {
            let file = argv.get(2)?;
            if file.starts_with('-') && file != "-" {
                return None; // `simple run --help` and the like: clap's
            }
            Some(Ok((run::Source::File(file.into()), rest(3))))
        }
        _ if first.starts_with('-') => None,
        _ => {
            let command = Cli::command();
            let known = command
                .get_subcommands()
                .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first))
                || first == "help";
            if known {
                None
            } else {
                Some(Ok((run::Source::File(first.into()), rest(2))))
            }
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match direct_run(&argv) {
        Some(Ok((source, args))) => return run::execute(source, args),
        Some(Err(message)) => {
            eprintln!("simple: {message}");
            return ExitCode::from(2);
        }
        None => {}
    }
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` print and succeed; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Parse(args)) => parse::run(args),
        Some(Command::Run(args)) => run::run(args),
        Some(Command::Repl(args)) => repl::run(args),
        Some(Command::Test(args)) => test::run(args),
        Some(Command::Doc(args)) => doc::run(args),
        Some(Command::Fmt(args)) => fmt::run(args),
        None => repl::run(repl::Args::default()),
    }
}
