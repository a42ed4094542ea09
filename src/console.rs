//! Everything the command line prints goes through here. A closed pipe
//! (`feedcard build ... 2>&1 | true`, `| head`) is the reader's choice, not
//! a crash: `eprintln!` and `println!` panic when the write fails, these
//! ignore the failure, and the exit code stays the run's own.
//!
//! Colour is decided here and only here, once per run ([`set_colour`]):
//! `error:` red bold, `warning:` yellow bold, and the file a diagnostic
//! names in bold. Text from posts is already made printable (control
//! characters escaped) before it reaches this module, so the only escape
//! sequences on stderr are the ones added below.

use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--color`: when to colour stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourChoice {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` asks for it anyway).
    Auto,
    Always,
    Never,
}

static COLOUR: AtomicBool = AtomicBool::new(false);

/// Decides, from the flag, the environment and stderr, whether this run colours.
pub fn set_colour(choice: ColourChoice) {
    let env = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    let on = wants_colour(choice, env("NO_COLOR").is_some(), env("CLICOLOR_FORCE").is_some_and(|v| v != "0"), || {
        io::stderr().is_terminal()
    });
    COLOUR.store(on, Ordering::Relaxed);
}

/// The rule, apart from the process's environment so tests can state it:
/// the flag first; in auto mode <https://no-color.org> (`NO_COLOR` non-empty)
/// beats `CLICOLOR_FORCE`, which beats the terminal check.
pub fn wants_colour(choice: ColourChoice, no_color: bool, force: bool, is_terminal: impl FnOnce() -> bool) -> bool {
    match choice {
        ColourChoice::Always => true,
        ColourChoice::Never => false,
        ColourChoice::Auto => !no_color && (force || is_terminal()),
    }
}

/// One line on stderr, where messages go.
pub fn to_stderr(line: fmt::Arguments<'_>) {
    let text = line.to_string();
    // Line by line: one message may hold several problems (config errors).
    let text = match COLOUR.load(Ordering::Relaxed) {
        true => text.split('\n').map(paint).collect::<Vec<_>>().join("\n"),
        false => text,
    };
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// One line on stdout, where `--format json` goes.
pub fn to_stdout(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stdout().lock(), "{line}");
}

const RED_BOLD: &str = "\x1b[1;31m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// `error: posts/a.md:3: …` with the label coloured and, when the text
/// before the next `: ` names a file that exists (a line number allowed),
/// that file in bold.
fn paint(line: &str) -> String {
    let labels = [("error:", RED_BOLD), ("warning:", YELLOW_BOLD)];
    let Some((label, colour, rest)) =
        labels.iter().find_map(|(label, colour)| line.strip_prefix(label).map(|rest| (*label, *colour, rest)))
    else {
        return line.to_string();
    };
    let mut out = format!("{colour}{label}{RESET}");
    let body = rest.strip_prefix(' ').unwrap_or(rest);
    if body.len() < rest.len() {
        out.push(' ');
    }
    match body.split_once(": ") {
        Some((head, tail)) if names_a_file(head) => {
            out.push_str(&format!("{BOLD}{head}{RESET}: {tail}"));
        }
        _ => out.push_str(body),
    }
    out
}

/// `posts/a.md` or `posts/a.md:12`, if that file (or folder) is there.
fn names_a_file(head: &str) -> bool {
    let path = match head.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => path,
        _ => head,
    };
    !path.is_empty() && Path::new(path).exists()
}

/// `eprintln!` that never panics.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::to_stderr(format_args!($($arg)*))
    };
}

pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_no_color_then_force_then_the_terminal() {
        use ColourChoice::*;
        let never_asked = || panic!("the terminal check should not be needed");
        assert!(wants_colour(Always, true, false, never_asked));
        assert!(!wants_colour(Never, false, true, never_asked));
        assert!(!wants_colour(Auto, true, true, never_asked));
        assert!(wants_colour(Auto, false, true, never_asked));
        assert!(wants_colour(Auto, false, false, || true));
        assert!(!wants_colour(Auto, false, false, || false));
    }

    #[test]
    fn labels_are_coloured_and_an_existing_file_is_bold() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let name = file.path().display().to_string();
        let painted = paint(&format!("error: {name}:3: no title"));
        assert_eq!(painted, format!("{RED_BOLD}error:{RESET} {BOLD}{name}:3{RESET}: no title"));
        let painted = paint("warning: 2 posts have no date: see above");
        assert_eq!(painted, format!("{YELLOW_BOLD}warning:{RESET} 2 posts have no date: see above"));
        assert_eq!(paint("feedcard: wrote 3 files"), "feedcard: wrote 3 files");
    }
}
