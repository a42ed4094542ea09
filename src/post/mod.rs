//! The reader: the only code that reads posts. It returns every valid post and
//! every problem found in every file, never just the first.

use chrono::{DateTime, FixedOffset};
use std::path::PathBuf;
use url::Url;

use crate::diagnostic::Diagnostic;

/// A validated, published-or-not post, ready for the emitters.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The file it came from, as found under the input folder (for messages).
    pub source: PathBuf,
    /// One safe path segment: `[a-z0-9-]+`.
    pub slug: String,
    /// Plain text, HTML entities decoded once.
    pub title: String,
    pub published: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    /// The external page the post is about (what a feed reader opens).
    pub link: Option<Url>,
    /// The post's own stable address: site URL + permalink pattern.
    pub permalink: Url,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub lang: Option<String>,
    /// `image:` from the front matter, made absolute against the permalink.
    pub image: Option<Url>,
    /// The Markdown body after the front matter.
    pub body: String,
}

impl Post {
    /// Updated time if given, else published: what feeds call "updated".
    pub fn last_modified(&self) -> DateTime<FixedOffset> {
        self.updated.unwrap_or(self.published)
    }
}

/// What the reader found in the input folder.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// Published posts only, newest first, ties broken by slug.
    pub posts: Vec<Post>,
    pub drafts: usize,
    pub future: usize,
    /// Markdown files without front matter (a README in the folder).
    pub skipped: usize,
    /// Files looked at.
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl ReadOutcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
