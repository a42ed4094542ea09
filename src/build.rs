//! One build: the reader feeds the emitters, the output writer publishes.

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::feed;
use crate::output::{OutputDir, OutputError, WriteOutcome};
use crate::post::{self, Post};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Posts dated after this are not published yet.
    pub now: DateTime<Utc>,
    /// Publish the valid posts even when others have errors.
    pub keep_going: bool,
    /// Warnings count as errors.
    pub strict: bool,
    pub lock_timeout: Duration,
}

#[derive(Debug, Default, Serialize)]
pub struct PostCounts {
    pub files: usize,
    pub published: usize,
    pub drafts: usize,
    pub future: usize,
    pub skipped: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct BuildReport {
    pub posts: PostCounts,
    pub diagnostics: Vec<Diagnostic>,
    /// False when errors stopped the run before anything was written.
    pub published: bool,
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

impl BuildReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Errors, plus warnings under --strict: what makes the exit code 1.
    pub fn failed(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }
}

/// Reads and validates the posts without writing anything.
pub fn check(config: &Config, options: &BuildOptions) -> BuildReport {
    read(config, options).0
}

fn read(config: &Config, options: &BuildOptions) -> (BuildReport, Vec<Post>) {
    let outcome = post::read_posts(config, options.now);
    let report = BuildReport {
        posts: PostCounts {
            files: outcome.files,
            published: outcome.posts.len(),
            drafts: outcome.drafts,
            future: outcome.future,
            skipped: outcome.skipped,
        },
        diagnostics: outcome.diagnostics,
        ..BuildReport::default()
    };
    (report, outcome.posts)
}

/// Reads, renders and writes. With errors (and no `keep_going`) nothing is
/// written, so the previous outputs stay exactly as they were.
pub fn build(config: &Config, options: &BuildOptions) -> Result<BuildReport, OutputError> {
    let (mut report, posts) = read(config, options);
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }
    let output = OutputDir::open(&config.output, options.lock_timeout)?;
    let mut failure = None;
    // Each feed is written and dropped before the next is made: memory stays at one feed.
    feed::for_each_feed(&posts, config, |file| {
        if failure.is_some() {
            return;
        }
        match output.write(&file.path, &file.bytes) {
            Ok(WriteOutcome::Written) => report.written.push(file.path),
            Ok(WriteOutcome::Unchanged) => report.unchanged.push(file.path),
            Err(error) => failure = Some(error),
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    report.published = true;
    Ok(report)
}
