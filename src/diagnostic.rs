//! Problems found in the input, reported all at once rather than one at a time.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The post (or the build) cannot be published as it is.
    Error,
    /// Published, but probably not as meant; `--strict` makes it an error.
    Warning,
    /// Worth knowing; never fails a build.
    Notice,
}

/// One problem in one file: `path:line: message (help)`, as its `Display`
/// writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The file it is in (a post, feedcard.yaml, an image).
    pub file: PathBuf,
    /// The line, 1-based, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, line, message)
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, line, message)
    }

    pub(crate) fn notice(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Notice, file, line, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { severity, file: file.into(), line, message: message.into(), help: None }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem, as an error (a file named on the command line).
    pub(crate) fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Printable(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", Printable(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, " ({})", Printable(help))?;
        }
        Ok(())
    }
}

/// Text from a post shown on a terminal: control characters are written as
/// `\u{1b}`, so a hostile file name or value cannot send escape sequences.
pub struct Printable<'a>(pub &'a str);

impl fmt::Display for Printable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "\\u{{{:x}}}", c as u32)?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        let d = Diagnostic::error("posts/\u{1b}[31mred.md", Some(2), "`title` is `\u{7}bell\u{0}`");
        assert_eq!(d.to_string(), "posts/\\u{1b}[31mred.md:2: `title` is `\\u{7}bell\\u{0}`");
    }
}
