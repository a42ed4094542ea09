//! The reader: the only code that reads posts. It returns every valid post and
//! every problem found in every file, never just the first.

mod date;
mod front_matter;
mod parse;
mod slug;
mod tags;
mod text;
mod walk;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use url::Url;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

pub use date::{parse_date, ACCEPTED_DATE_FORMS};
pub use parse::parse_post;
pub use slug::slugify;
pub use text::decode_entities;

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

/// Whether a post with valid front matter goes in the feeds. (A post dated
/// after the build time is counted by [`read_posts`] as not published yet.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostStatus {
    Published,
    /// `draft: true`, or Jekyll's `published: false`.
    Draft,
}

/// One post read from one file, with the warnings it raised.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPost {
    pub post: Post,
    pub status: PostStatus,
    pub warnings: Vec<Diagnostic>,
}

/// What [`parse_post`] made of a Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Post(ParsedPost),
    /// No front matter at all: a README or notes, not a post.
    NoFrontMatter,
}

/// Reads every `*.md` under `config.input`. Posts dated after `now` are
/// counted as `future`, drafts as `drafts`; neither is in `posts`.
pub fn read_posts(config: &Config, now: DateTime<Utc>) -> ReadOutcome {
    let (files, mut diagnostics) = walk::markdown_files(&config.input);
    // Collected in file order, so the outcome does not depend on threads.
    let results: Vec<_> = files.par_iter().map(|path| (path, load(path, config))).collect();

    let mut outcome = ReadOutcome { files: files.len(), ..ReadOutcome::default() };
    let mut slugs: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (path, result) in results {
        let parsed = match result {
            Ok(Parsed::Post(parsed)) => parsed,
            Ok(Parsed::NoFrontMatter) => {
                outcome.skipped += 1;
                diagnostics.push(no_front_matter(path, Diagnostic::notice));
                continue;
            }
            Err(problems) => {
                diagnostics.extend(problems);
                continue;
            }
        };
        diagnostics.extend(parsed.warnings);
        let post = parsed.post;
        if parsed.status == PostStatus::Draft {
            outcome.drafts += 1;
            continue;
        }
        // Scheduled posts count too: they will share an address once published.
        if let Some(first) = slugs.get(&post.slug) {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    None,
                    format!(
                        "the address `{}` (slug `{}`) is also used by {}",
                        post.permalink,
                        post.slug,
                        first.display()
                    ),
                )
                .with_help("give one of the two posts a different `slug:`"),
            );
            continue;
        }
        slugs.insert(post.slug.clone(), path.clone());
        if post.published > now {
            outcome.future += 1;
        } else {
            outcome.posts.push(post);
        }
    }
    outcome.posts.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.slug.cmp(&b.slug)));
    // Stable: within a file, problems stay in the order they were found.
    diagnostics.sort_by(|a, b| a.file.cmp(&b.file));
    outcome.diagnostics = diagnostics;
    outcome
}

/// Reads one post file (`feedcard card POST.md`). A file without front matter
/// is an error here: it was named as a post.
pub fn read_post_file(path: &Path, config: &Config) -> Result<ParsedPost, Vec<Diagnostic>> {
    match load(path, config)? {
        Parsed::Post(parsed) => Ok(parsed),
        Parsed::NoFrontMatter => Err(vec![no_front_matter(path, Diagnostic::error)]),
    }
}

/// Reads and parses one file, checking its size before reading it.
fn load(path: &Path, config: &Config) -> Result<Parsed, Vec<Diagnostic>> {
    let cannot_read = |e: std::io::Error| {
        vec![Diagnostic::error(path, None, format!("cannot read the file: {e}"))
            .with_help("check that it exists and that its permissions let you read it")]
    };
    let size = std::fs::metadata(path).map_err(cannot_read)?.len();
    if size > config.max_post_bytes {
        return Err(vec![parse::too_large(path, size, config.max_post_bytes)]);
    }
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    parse_post(path, &bytes, config)
}

fn no_front_matter(path: &Path, severity: fn(PathBuf, Option<usize>, String) -> Diagnostic) -> Diagnostic {
    severity(path.to_path_buf(), Some(1), "no front matter, so this is not a post; skipped".to_string())
        .with_help("to make it a post, start it with `---`, a `title:` and a `date:` line, and `---`")
}
