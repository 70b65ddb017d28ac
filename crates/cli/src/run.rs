//! `simple run FILE [ARGS...]`: run a program. Also `simple FILE [ARGS...]`,
//! `simple -e CODE [ARGS...]` (or `-c`), and `simple -` / `simple run -`
//! (the program read from standard input); `main` routes those here.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use simple_interp::{Error, Interpreter};

#[derive(clap::Args)]
pub struct Args {
    /// The program to run (`-`: read it from standard input).
    pub file: PathBuf,
    /// Arguments for the program (`args()` returns them after the path).
    /// Everything after FILE is the program's, `-h` and `--` included.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Where the program's text comes from.
pub enum Source {
    /// A file (`-` means standard input).
    File(PathBuf),
    /// Code given on the command line; `flag` (`-e` or `-c`) stands in for
    /// the script path in `args()`.
    Code { flag: String, code: String },
}

/// Exit status: 0 on success, the code given to `exit(n)`, 1 on an error,
/// 2 when the file cannot be read.
pub fn run(args: Args) -> ExitCode {
    execute(Source::File(args.file), args.args)
}

/// Runs a program from `source` with `program_args` after its name in
/// `args()`.
pub fn execute(source: Source, program_args: Vec<String>) -> ExitCode {
    let mut interp = Interpreter::new();
    simple_sffi::register_all(&mut interp);
    let name = match &source {
        Source::File(p) => p.display().to_string(),
        Source::Code { flag, .. } => flag.clone(),
    };
    let mut argv = vec![name];
    argv.extend(program_args);
    interp.set_args(argv);
    let result = match source {
        Source::File(path) if path.as_os_str() == "-" => {
            let mut text = String::new();
            match std::io::stdin().read_to_string(&mut text) {
                Ok(_) => interp.run_main_source("<stdin>", &text),
                Err(e) => Err(Error::Io(format!("cannot read standard input: {e}"))),
            }
        }
        Source::File(path) => interp.run_main(&path),
        Source::Code { code, flag } => interp.run_main_source(&format!("<{flag}>"), &code),
    };
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
            // The `at_exit` functions may ask what ended the program.
            let plain = interp.render_error(&e, false);
            interp.set_exit_error(plain);
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
    if let Some(e) = interp.take_output_error() {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            code = simple_interp::BROKEN_PIPE_STATUS;
        } else {
            eprintln!("simple: cannot write to stdout: {e}");
            if code == 0 {
                code = 1;
            }
        }
    }
    ExitCode::from(code as u8)
}
