//! `simple run FILE [ARGS...]`: run a program.

use std::path::PathBuf;
use std::process::ExitCode;

use simple_interp::{Error, Interpreter};

#[derive(clap::Args)]
pub struct Args {
    /// The program to run.
    file: PathBuf,
    /// Arguments for the program (`args()` returns them after the path).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// Exit status: 0 on success, the code given to `exit(n)`, 1 on an error,
/// 2 when the file cannot be read.
pub fn run(args: Args) -> ExitCode {
    let mut interp = Interpreter::new();
    simple_sffi::register_all(&mut interp);
    let mut argv = vec![args.file.display().to_string()];
    argv.extend(args.args);
    interp.set_args(argv);
    let result = interp.run_main(&args.file);
    interp.flush();
    let color = simple_syntax::diagnostic::stderr_color();
    let code = match result {
        Ok(_) => 0,
        Err(Error::Exit(code)) => code,
        Err(Error::Io(message)) => {
            eprintln!("simple: {message}");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprint!("{}", interp.render_error(&e, color));
            1
        }
    };
    // `at_exit` functions run however the program ended; an error or an
    // `exit(n)` in one sets the status.
    let errors = interp.run_exit_handlers();
    for e in &errors {
        if !matches!(e, Error::Exit(_)) {
            eprint!("{}", interp.render_error(e, color));
        }
    }
    let mut code = simple_interp::exit_status(code, &errors);
    // Output that could not be written at the end (a full disk, a closed
    // pipe) must not end the program as a success.
    interp.flush();
    if let Some(e) = interp.machine().out.take_failure() {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            code = simple_interp::machine::BROKEN_PIPE_STATUS;
        } else {
            eprintln!("simple: cannot write to stdout: {e}");
            if code == 0 {
                code = 1;
            }
        }
    }
    ExitCode::from(code as u8)
}
