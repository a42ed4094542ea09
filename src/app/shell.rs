//! `feedcard completions SHELL` and `feedcard man`: generated from the same
//! clap definition as `--help`, so they list exactly the real flags.

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{bold, roman, Roff};
use std::io::{self, Write};

use crate::cli::Cli;
use crate::exit_codes::ExitCode;

/// The completion script for `shell` on stdout.
pub(super) fn completions(shell: Shell) -> ExitCode {
    let mut command = Cli::command();
    let mut script = Vec::new();
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    clap_complete::generate(shell, &mut command, "feedcard", &mut script);
    write_stdout(&script)
}

/// The man page, roff, on stdout (`feedcard man | man -l -`), with a section
/// per subcommand so each one's flags are there too.
pub(super) fn man_page() -> ExitCode {
    let command = Cli::command();
    let mut page = Vec::new();
    if let Err(error) = render_man(&command, &mut page) {
        crate::console::say!("error: cannot make the man page: {error}");
        return ExitCode::Output;
    }
    write_stdout(&page)
}

fn render_man(command: &clap::Command, page: &mut Vec<u8>) -> io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(page)?;
    man.render_name_section(page)?;
    man.render_synopsis_section(page)?;
    man.render_description_section(page)?;
    man.render_options_section(page)?;
    man.render_subcommands_section(page)?;
    for sub in command.get_subcommands() {
        subcommand_section(sub).to_writer(page)?;
    }
    man.render_version_section(page)
}

/// `FEEDCARD BUILD`: what the subcommand does, its usage and each of its
/// arguments with its help.
fn subcommand_section(sub: &clap::Command) -> Roff {
    let name = format!("feedcard {}", sub.get_name());
    let mut roff = Roff::new();
    roff.control("SH", [name.to_uppercase().as_str()]);
    let about = sub.get_long_about().or(sub.get_about()).map(ToString::to_string).unwrap_or_default();
    roff.text([roman(about)]);
    let usage = sub.clone().bin_name(&name).render_usage().to_string();
    roff.control("PP", []).text([bold(usage.trim_start_matches("Usage: ").to_string())]);
    for arg in sub.get_arguments().filter(|arg| !arg.is_hide_set() && arg.get_id() != "color") {
        let mut names = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("-{short}"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("--{long}"));
        }
        let value = arg
            .get_value_names()
            .and_then(|values| values.first())
            .filter(|_| arg.get_action().takes_values())
            .map(|v| format!(" <{v}>"));
        let label = match names.is_empty() {
            true => format!("<{}>", arg.get_id().as_str().to_uppercase()),
            false => names.join(", ") + &value.unwrap_or_default(),
        };
        let help = arg.get_long_help().or(arg.get_help()).map(ToString::to_string).unwrap_or_default();
        roff.control("TP", []).text([bold(label)]).text([roman(help)]);
    }
    roff
}

/// A closed pipe (`| head`) is the reader's choice, not an error.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    let _ = io::stdout().lock().write_all(bytes);
    ExitCode::Success
}
