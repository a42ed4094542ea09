//! The reader: the only code that reads posts. It returns every valid post and
//! every problem found in every file, never just the first.

mod body;
mod card;
mod date;
pub(crate) mod front_matter;
mod parse;
mod read;
mod slug;
mod tags;
mod text;
mod walk;

use chrono::{DateTime, FixedOffset};
use std::path::PathBuf;
use url::Url;

use crate::diagnostic::Diagnostic;

pub(crate) use body::{body_text, BodyBudget, BODY_BUDGET};
pub use card::{CardFile, PostCard};
pub use date::parse_date;
pub(crate) use parse::flag;
pub use parse::parse_post;
#[cfg(feature = "cli")]
pub use read::read_post_file;
pub use read::read_posts;
pub(crate) use read::read_posts_within;
pub(crate) use slug::slug_source_from_path;
pub use slug::slugify;
pub(crate) use tags::{collect_tags, scalar_text};
pub use text::decode_entities;
pub(crate) use walk::relative as relative_path;

/// A validated, published-or-not post, ready for the emitters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Post {
    /// The file it came from, as found under the input folder (for messages).
    pub source: PathBuf,
    /// One safe path segment, `[a-z0-9-]+`, unique among the posts: names
    /// the post's card. (The address uses the generator's own slug.)
    pub slug: String,
    /// Plain text, HTML entities decoded once.
    pub title: String,
    /// `date`, with its offset (the site's time zone when it had none).
    pub published: DateTime<FixedOffset>,
    /// `updated` (or the generator's own key for it), when given.
    pub updated: Option<DateTime<FixedOffset>>,
    /// The external page the post is about (what a feed reader opens).
    pub link: Option<Url>,
    /// The post's own stable address, as the site's generator makes it.
    pub permalink: Url,
    /// Tags as written, duplicates removed, in the post's order.
    pub tags: Vec<String>,
    /// `description` (or `summary`, `excerpt`), when given.
    pub description: Option<String>,
    /// Names, in the order the post gives them.
    pub authors: Vec<String>,
    /// The post's language tag, when it gives one (else the site's).
    pub lang: Option<String>,
    /// `image:` from the front matter, made absolute against the permalink.
    pub image: Option<Url>,
    /// What the front matter says about the post's card.
    pub(crate) card: PostCard,
    /// The Markdown body after the front matter (empty when `body_on_disk` is set).
    pub body: String,
    /// A build's reader left the body in the file, to be read again when
    /// the feeds need it ([`body_text`]): the hash of the body it read, which
    /// the text read again must match.
    pub(crate) body_on_disk: Option<String>,
    /// The front matter's text, number and yes/no values by key as written,
    /// for Liquid output (`{{ page.external_url }}`) in the body; kept only
    /// when the body has `{{`.
    pub(crate) front_values: Vec<(String, String)>,
}

impl Post {
    /// Updated time if given, else published: what feeds call "updated".
    pub fn last_modified(&self) -> DateTime<FixedOffset> {
        self.updated.unwrap_or(self.published)
    }
}

/// What the reader found in the input folder: [`read_posts`]'s answer.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ReadOutcome {
    /// Published posts only, newest first, ties broken by slug.
    pub posts: Vec<Post>,
    /// Posts marked `draft: true` (or Jekyll's `published: false`).
    pub drafts: usize,
    /// Posts dated after the `now` given: not published yet.
    pub future: usize,
    /// Published by the site but kept out of feeds (`feed: false`, expired).
    pub hidden: usize,
    /// Markdown files that are not posts: no front matter (a README), or
    /// not where the site's generator keeps posts (`_index.md`, pages).
    pub skipped: usize,
    /// Files looked at.
    pub files: usize,
    /// Every problem found, in every file.
    pub diagnostics: Vec<Diagnostic>,
}

impl ReadOutcome {
    /// Whether any of the diagnostics is an error (the posts with errors
    /// are left out of `posts`).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Whether a post with valid front matter goes in the feeds. (A post dated
/// after the build time is counted by [`read_posts`] as not published yet.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostStatus {
    Published,
    /// `draft: true`, or Jekyll's `published: false`.
    Draft,
    /// On the site, but kept out of feeds; says why.
    Hidden(String),
}

/// One post read from one file, with the warnings it raised.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPost {
    pub post: Post,
    pub status: PostStatus,
    /// When the site starts showing it: `date`, or Hugo's `publishDate`.
    pub publish_at: DateTime<FixedOffset>,
    /// When the site stops showing it (Hugo's `expiryDate`).
    pub expires_at: Option<DateTime<FixedOffset>>,
    pub warnings: Vec<Diagnostic>,
}

/// What [`parse_post`] made of a Markdown file.
// One per file, moved once into the outcome: boxing would only cost callers.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A post, valid.
    Post(ParsedPost),
    /// No front matter at all: a README or notes, not a post.
    NoFrontMatter,
    /// A page the site's generator does not publish as a post (an undated
    /// Eleventy page outside its posts collection).
    NotAPost(&'static str),
}
