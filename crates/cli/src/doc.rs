//! `simple doc [NAME]`: the reference of the built-in functions and
//! methods and of the std modules (see `simple_interp::reference`).

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to show: a function (`print`), a method (`text.split`, or
    /// `split` for every kind that has one), a kind (`text`, `array`,
    /// `dict`), a std module (`std.io`) or one of its names
    /// (`std.io.read_text`). Without NAME, everything.
    #[arg(value_name = "NAME")]
    name: Option<String>,
    /// Print the whole reference as Markdown (what docs/reference.md holds).
    #[arg(long, conflicts_with = "name")]
    markdown: bool,
}

/// Exit 0 with the entry on stdout; 1 with a suggestion on stderr when
/// nothing has that name.
pub fn run(args: Args) -> ExitCode {
    let shown = if args.markdown {
        Ok(simple_interp::reference::markdown())
    } else {
        simple_interp::reference::lookup(args.name.as_deref().unwrap_or(""))
    };
    match shown {
        Ok(text) if crate::common::write_stdout(&text) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(2),
        Err(message) => {
            eprintln!("simple doc: {message}");
            ExitCode::from(1)
        }
    }
}
