//! What a run tells its user: diagnostics and one summary line on stderr, or
//! one JSON object on stdout for scripts (`--format json`).

use serde::Serialize;
use std::path::Path;
use std::time::Duration;

use crate::build::{BuildReport, PostCounts};
use crate::card::FontUse;
use crate::console::say;
use crate::diagnostic::{Diagnostic, Severity};
use crate::exit_codes::ExitCode;

/// How loud the human output is.
#[derive(Debug, Clone, Copy)]
pub struct Verbosity {
    pub quiet: bool,
    pub verbose: bool,
    pub strict: bool,
}

/// Prints each diagnostic as `error: path:line: message (help)`. Under
/// `--strict` warnings are errors; `-q` hides warnings of a successful run.
pub fn print_diagnostics(diagnostics: &[Diagnostic], failed: bool, verbosity: Verbosity) {
    for diagnostic in diagnostics {
        let label = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning if verbosity.strict => "error",
            Severity::Warning if verbosity.quiet && !failed => continue,
            Severity::Warning => "warning",
            Severity::Notice if verbosity.verbose => "note",
            Severity::Notice => continue,
        };
        say!("{label}: {diagnostic}");
    }
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

/// `feedcard: 16 posts published (2 drafts, 1 scheduled); 3 files written, 50 unchanged in output (0.05 s)`
pub fn build_line(report: &BuildReport, output: &Path, elapsed: Duration) -> String {
    let posts = &report.posts;
    let mut line = format!("feedcard: {} published", plural(posts.published, "post"));
    let mut held = Vec::new();
    if posts.drafts > 0 {
        held.push(plural(posts.drafts, "draft"));
    }
    if posts.future > 0 {
        held.push(format!("{} scheduled", posts.future));
    }
    if posts.hidden > 0 {
        held.push(format!("{} kept out of feeds", posts.hidden));
    }
    if posts.skipped > 0 {
        held.push(format!("{} other Markdown files skipped", posts.skipped));
    }
    let hub_warnings = report.hub_warnings.len();
    for (severity, word, more) in [(Severity::Error, "error", 0), (Severity::Warning, "warning", hub_warnings)] {
        let count = report.count(severity) + more;
        if count > 0 {
            held.push(plural(count, word));
        }
    }
    if !held.is_empty() {
        line.push_str(&format!(" ({})", held.join(", ")));
    }
    if !report.published {
        line.push_str("; nothing written, previous output left as it was (fix the errors above, or pass --keep-going)");
        return line;
    }
    line.push_str(&format!("; {} written, {} unchanged", plural(report.written.len(), "file"), report.unchanged.len()));
    if !report.removed.is_empty() {
        line.push_str(&format!(", {} removed", report.removed.len()));
    }
    line.push_str(&format!(" in {}", output.display()));
    if report.cards_rendered > 0 {
        line.push_str(&format!("; {} drawn", plural(report.cards_rendered, "card")));
    }
    line.push_str(&format!(" ({:.2} s)", elapsed.as_secs_f64()));
    line
}

/// `feedcard: checked 20 files: 16 publishable, 2 drafts, 1 scheduled, 0 errors, 1 warning`
pub fn check_line(report: &BuildReport) -> String {
    let posts = &report.posts;
    let mut others = String::new();
    if posts.hidden > 0 {
        others.push_str(&format!(", {} kept out of feeds", posts.hidden));
    }
    if posts.skipped > 0 {
        others.push_str(&format!(", {} not posts", posts.skipped));
    }
    format!(
        "feedcard: checked {}: {} publishable, {}, {} scheduled{others}, {}, {}",
        plural(posts.files, "file"),
        posts.published,
        plural(posts.drafts, "draft"),
        posts.future,
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning")
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    exit_code: i32,
    posts: &'a PostCounts,
    errors: Vec<&'a Diagnostic>,
    warnings: Vec<&'a Diagnostic>,
    notices: Vec<&'a Diagnostic>,
    /// False when errors stopped the run before anything was written.
    published: bool,
    files: JsonFiles<'a>,
    cards_drawn: usize,
    /// `check`: the font for each writing system of the cards.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fonts: &'a [FontUse],
    /// The feeds the WebSub hub was told of.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    announced: &'a [String],
}

#[derive(Serialize)]
struct JsonFiles<'a> {
    written: &'a [String],
    unchanged: usize,
    removed: &'a [String],
}

/// The whole report as one line of JSON, for `--format json`.
pub fn json(report: &BuildReport, exit_code: ExitCode) -> String {
    let of = |severity: Severity| report.diagnostics.iter().filter(|d| d.severity == severity).collect::<Vec<_>>();
    let body = JsonReport {
        exit_code: exit_code.into(),
        posts: &report.posts,
        errors: of(Severity::Error),
        warnings: of(Severity::Warning).into_iter().chain(&report.hub_warnings).collect(),
        notices: of(Severity::Notice),
        published: report.published,
        files: JsonFiles { written: &report.written, unchanged: report.unchanged.len(), removed: &report.removed },
        cards_drawn: report.cards_rendered,
        fonts: &report.fonts,
        announced: &report.announced,
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// `  fonts: CJK (zh-Hans) in titles: Noto Sans CJK SC, /usr/share/…/NotoSansCJK-Bold.ttc#2`,
/// one line per writing system and role, for `check`.
pub fn font_lines(fonts: &[FontUse]) -> Vec<String> {
    fonts
        .iter()
        .map(|use_| {
            let place = if use_.role == "title" { "titles" } else { "tags" };
            let head = format!("fonts: {} in {place} ({})", use_.script, plural(use_.cards, "card"));
            let names: Vec<&str> = use_.fonts.iter().map(|f| f.font.as_str()).collect();
            let drawn = match names.split_first() {
                None => None,
                Some((first, [])) => Some(first.to_string()),
                Some((first, rest)) => Some(format!("{first} (and {} for some characters)", rest.join("; "))),
            };
            let (names, packages) = crate::card::missing_font_help(&use_.missing);
            match (drawn, use_.missing.is_empty()) {
                (Some(drawn), true) => format!("{head}: {drawn}"),
                (Some(drawn), false) => {
                    format!("{head}: {drawn}; no font has {names}; install {}", packages.join(" "))
                }
                (None, _) => format!("{head}: no font has {names}; install {}", packages.join(" ")),
            }
        })
        .collect()
}

/// A run that stopped before it could report on posts (config, lock, I/O).
pub fn json_failure(message: &str, exit_code: ExitCode) -> String {
    serde_json::json!({ "exit_code": i32::from(exit_code), "error": message }).to_string()
}
