//! `simple`: the command-line front end of the Simple interpreter.
//!
//! `main` only dispatches; each subcommand lives in its own module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod common;
mod parse;
mod repl;
mod run;
mod test;

#[derive(Parser)]
#[command(name = "simple", version, about = "The Simple language interpreter")]
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
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
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
        None => repl::run(repl::Args::default()),
    }
}
