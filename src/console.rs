//! Everything the command line prints goes through here. A closed pipe
//! (`feedcard build ... 2>&1 | true`, `| head`) is the reader's choice, not
//! a crash: `eprintln!` and `println!` panic when the write fails, these
//! ignore the failure, and the exit code stays the run's own.

use std::fmt;
use std::io::{self, Write};

/// One line on stderr, where messages go.
pub fn to_stderr(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// One line on stdout, where `--format json` goes.
pub fn to_stdout(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stdout().lock(), "{line}");
}

/// `eprintln!` that never panics.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::console::to_stderr(format_args!($($arg)*))
    };
}

pub(crate) use say;
