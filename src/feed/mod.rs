//! The feed emitter: posts + config in, RSS 2.0 / Atom 1.0 / JSON Feed 1.1
//! bytes out. Pure: no file system, no clock, no global state, so the same
//! inputs always give the same bytes.
//!
//! Every body is rendered from Markdown to HTML once (in parallel, a chunk of
//! posts at a time) and shared by all feeds, which are written side by side
//! as the chunks are rendered (`stream.rs`). Feeds come out in a fixed order: the enabled feeds in config
//! order (RSS, Atom, JSON), then for every tag (by slug) its per-tag feeds in
//! the same order.

mod atom;
mod json;
mod links;
mod opml;
mod rss;
mod stream;
mod stylesheet;
pub(crate) mod xml_text;

pub use links::{attribute, feed_links, link_tags, FeedLink};
pub use opml::opml_file;
pub use stylesheet::stylesheet_file;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, FixedOffset, Timelike};

use crate::config::{Config, ContentMode, FeedKind, FeedSettings};
use crate::diagnostic::Diagnostic;
use crate::post::{slugify, Post};
pub(crate) use stream::{Bodies, FeedOutput};
use xml_text::xml_safe;

/// One feed file, ready for the output writer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedFile {
    /// Relative to the output folder, `/`-separated: `rss.xml`, `tags/rust/atom.xml`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The picture a feed item shows: the post's card, or its own `image:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemImage {
    pub url: url::Url,
    pub mime_type: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Size in bytes (Atom enclosures state it).
    pub length: Option<u64>,
}

impl ItemImage {
    /// The front matter's `image:` of every post, where it has one.
    pub fn from_front_matter(posts: &[Post]) -> Vec<Option<ItemImage>> {
        posts
            .iter()
            .map(|post| {
                post.image.as_ref().map(|url| ItemImage {
                    url: url.clone(),
                    mime_type: None,
                    width: None,
                    height: None,
                    length: None,
                })
            })
            .collect()
    }
}

/// Renders every enabled feed and every per-tag feed, in a deterministic
/// order, with each post's front-matter `image:` as its picture. With
/// `feeds.stylesheet` on, RSS and Atom name the stylesheet that
/// [`stylesheet_file`] gives, to be written beside them.
#[cfg(test)]
pub fn render_feeds(posts: &[Post], config: &Config) -> Vec<FeedFile> {
    let mut files = Vec::new();
    for_each_feed(posts, config, &ItemImage::from_front_matter(posts), |file| files.push(file));
    files
}

/// Like [`render_feeds`], but hands each file to `sink` as soon as it is made,
/// so a caller that writes and drops them never holds every feed at once
/// (a full-content feed of thousands of posts is tens of megabytes).
/// `images[i]` is the picture of `posts[i]`.
#[cfg(test)]
pub fn for_each_feed(posts: &[Post], config: &Config, images: &[Option<ItemImage>], sink: impl FnMut(FeedFile)) {
    for_each_feed_where(posts, config, images, DateTime::UNIX_EPOCH.fixed_offset(), |_| true, sink);
}

/// A feed file before it is made: where it goes and which posts it holds.
#[derive(Debug, Clone, Copy)]
pub struct FeedOutline<'a> {
    pub path: &'a str,
    /// Indices into the posts, in feed order, already limited.
    pub items: &'a [usize],
}

/// Like [`for_each_feed`], but makes only the feeds `wanted` accepts, and
/// renders only the bodies those feeds hold: an incremental build asks for
/// the feeds whose inputs changed. `now` dates a feed with no items.
pub fn for_each_feed_where(
    posts: &[Post],
    config: &Config,
    images: &[Option<ItemImage>],
    now: DateTime<FixedOffset>,
    wanted: impl FnMut(FeedOutline<'_>) -> bool,
    sink: impl FnMut(FeedFile),
) {
    in_memory(posts, config, images, now, wanted, stream::CHUNK).into_iter().for_each(sink);
}

/// The feeds as files in memory, in plan order, rendered `chunk` posts at a time.
fn in_memory(
    posts: &[Post],
    config: &Config,
    images: &[Option<ItemImage>],
    now: DateTime<FixedOffset>,
    wanted: impl FnMut(FeedOutline<'_>) -> bool,
    chunk: usize,
) -> Vec<FeedFile> {
    // Handed out in plan order, whichever feed is complete first.
    let mut files: Vec<Option<FeedFile>> = Vec::new();
    let done = |at: usize, path: &str, bytes: Vec<u8>| {
        files.resize_with(files.len().max(at + 1), || None);
        files[at] = Some(FeedFile { path: path.to_string(), bytes });
        Ok(())
    };
    // Writing into memory cannot fail.
    let _ = write_feeds_in_chunks(posts, Bodies::Borrowed(posts), config, images, now, wanted, &InMemory, done, chunk);
    files.into_iter().flatten().collect()
}

/// Plans the feeds `wanted` accepts and writes them to `output`;
/// `finished(i, path, writer)` gets the writer of the `i`th of them once its
/// feed is complete.
#[allow(clippy::too_many_arguments)] // a build's inputs, each used once
pub(crate) fn write_feeds<O: FeedOutput>(
    posts: &[Post],
    bodies: Bodies<'_>,
    config: &Config,
    images: &[Option<ItemImage>],
    now: DateTime<FixedOffset>,
    wanted: impl FnMut(FeedOutline<'_>) -> bool,
    output: &O,
    finished: impl FnMut(usize, &str, O::Writer) -> Result<(), O::Error>,
) -> Result<(), O::Error> {
    let chunk = stream::CHUNK;
    write_feeds_in_chunks(posts, bodies, config, images, now, wanted, output, finished, chunk)
}

#[allow(clippy::too_many_arguments)]
fn write_feeds_in_chunks<O: FeedOutput>(
    posts: &[Post],
    bodies: Bodies<'_>,
    config: &Config,
    images: &[Option<ItemImage>],
    now: DateTime<FixedOffset>,
    mut wanted: impl FnMut(FeedOutline<'_>) -> bool,
    output: &O,
    mut finished: impl FnMut(usize, &str, O::Writer) -> Result<(), O::Error>,
    chunk: usize,
) -> Result<(), O::Error> {
    let order = newest_first(posts);
    let plans: Vec<FeedPlan<'_>> = plan_feeds(posts, config, &order, now)
        .into_iter()
        .filter(|plan| wanted(FeedOutline { path: &plan.path, items: &plan.items }))
        .collect();
    if plans.is_empty() {
        return Ok(());
    }
    let shared = stream::Shared {
        config,
        posts,
        images,
        updated: distinct_updated_times(posts),
        stylesheet: config.feeds.stylesheet.as_deref(),
        sanitize: config.feeds.sanitize,
        chunk,
    };
    stream::write_feeds(&shared, bodies, &plans, &order, output, |at, writer| finished(at, &plans[at].path, writer))
}

/// Feeds written into memory.
struct InMemory;

impl FeedOutput for InMemory {
    type Writer = Vec<u8>;
    type Error = std::io::Error;

    fn open(&self, _path: &str) -> Result<Vec<u8>, std::io::Error> {
        Ok(Vec::new())
    }

    fn write_failed(&self, _path: &str, error: std::io::Error) -> std::io::Error {
        error
    }

    fn read_failed(&self, problem: Diagnostic) -> std::io::Error {
        std::io::Error::other(problem.to_string())
    }
}

/// Post indices, newest first, ties broken by slug (then input order).
fn newest_first(posts: &[Post]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by(|&a, &b| posts[b].published.cmp(&posts[a].published).then_with(|| posts[a].slug.cmp(&posts[b].slug)));
    order
}

/// Everything about one feed file except the bytes.
pub(crate) struct FeedPlan<'a> {
    pub kind: FeedKind,
    pub path: String,
    pub config: &'a Config,
    pub title: String,
    pub description: String,
    /// The feed's own absolute address (for `rel="self"` and ids).
    pub self_url: String,
    pub full_content: bool,
    /// When the feed has no items (a site with no posts yet), the time of
    /// the run: Atom needs a time, and the validator calls 1970 implausible.
    pub empty_time: DateTime<FixedOffset>,
    /// Post indices in feed order, already limited.
    pub items: Vec<usize>,
}

impl FeedPlan<'_> {
    /// The newest updated-or-published time of the included posts.
    pub fn newest(&self, posts: &[Post]) -> Option<DateTime<FixedOffset>> {
        self.items.iter().map(|&i| posts[i].last_modified()).max().map(whole_seconds)
    }
}

/// Feeds state dates to the second; sub-second parts only make them noisier.
pub(crate) fn whole_seconds(time: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    time.with_nanosecond(0).unwrap_or(time)
}

fn plan_feeds<'a>(
    posts: &[Post],
    config: &'a Config,
    order: &[usize],
    now: DateTime<FixedOffset>,
) -> Vec<FeedPlan<'a>> {
    let site = &config.site;
    let mut plans = Vec::new();
    let plan = |kind, settings: &FeedSettings, path: String, title, description, items: &[usize]| {
        let limit = if settings.limit == 0 { items.len() } else { settings.limit.min(items.len()) };
        FeedPlan {
            kind,
            config,
            self_url: site.url.join(&path).map_or_else(|_| site.url.to_string(), String::from),
            path,
            title,
            description,
            full_content: settings.content == ContentMode::Full,
            items: items[..limit].to_vec(),
            empty_time: now,
        }
    };
    for (kind, settings) in config.enabled_feeds() {
        if let Some(file) = &settings.file {
            plans.push(plan(kind, settings, file.clone(), site.title.clone(), site.description.clone(), order));
        }
    }
    let feeds = &config.feeds;
    let publish = |tag: &TagGroup| match &feeds.tags_only {
        Some(chosen) => chosen.slugs.contains(&tag.slug),
        None => tag.posts.len() >= feeds.tags_min_posts,
    };
    for tag in group_tags(posts, order).into_iter().filter(publish) {
        for (kind, settings) in config.enabled_feeds().filter(|(_, s)| s.per_tag) {
            if let Some(file) = &settings.file {
                let path = format!("tags/{}/{}", tag.slug, file);
                let title = format!("{} — #{}", site.title, tag.name);
                let description = format!("Posts tagged #{} on {}", tag.name, site.title);
                plans.push(plan(kind, settings, path, title, description, &tag.posts));
            }
        }
    }
    plans
}

/// A warning per tag `feeds.tags` lists that no published post has: likely a typo.
pub fn unused_chosen_tags(posts: &[Post], config: &Config) -> Vec<Diagnostic> {
    let Some(chosen) = &config.feeds.tags_only else { return Vec::new() };
    let used: HashSet<String> = posts.iter().flat_map(|post| &post.tags).filter_map(|tag| slugify(tag)).collect();
    chosen
        .names
        .iter()
        .zip(&chosen.slugs)
        .filter(|(_, slug)| !used.contains(*slug))
        .map(|(name, _)| {
            Diagnostic::warning(
                &chosen.file,
                None,
                format!("feeds.tags lists `{name}`, but no published post has that tag"),
            )
            .with_help("check its spelling against the posts' tags, or take it out of the list")
        })
        .collect()
}

/// The posts of one tag; tags are grouped by slug, the first spelling names it.
struct TagGroup {
    slug: String,
    name: String,
    posts: Vec<usize>,
}

fn group_tags(posts: &[Post], order: &[usize]) -> Vec<TagGroup> {
    let mut groups: BTreeMap<String, TagGroup> = BTreeMap::new();
    for &index in order {
        for tag in &posts[index].tags {
            let Some(slug) = slugify(tag) else { continue };
            let group = groups.entry(slug).or_insert_with_key(|slug| TagGroup {
                slug: slug.clone(),
                name: tag.trim().to_string(),
                posts: Vec::new(),
            });
            // A post listing `Rust` and `rust` belongs to the feed once.
            if group.posts.last() != Some(&index) {
                group.posts.push(index);
            }
        }
    }
    groups.into_values().collect()
}

/// What the feeds share per post: the rendered body and the plain-text summary.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    /// Rendered once, for every feed that shows it.
    pub html: Option<String>,
    /// The description, else an excerpt of the body, else the title.
    pub summary: String,
    pub image: Option<ItemImage>,
    /// The Atom `updated` time, unique across the site.
    pub atom_updated: Option<DateTime<FixedOffset>>,
}

/// The validator warns when two Atom entries share an `updated` time, which
/// every blog with two day-only posts on one day would hit. Posts that tie
/// are moved a second later each, in slug order, the same in every feed
/// (never before they were published, never by more than the tie needs).
fn distinct_updated_times(posts: &[Post]) -> Vec<DateTime<FixedOffset>> {
    let mut updated: Vec<_> = posts.iter().map(|post| whole_seconds(post.last_modified())).collect();
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by(|&a, &b| updated[a].cmp(&updated[b]).then_with(|| posts[a].slug.cmp(&posts[b].slug)));
    let mut taken = std::collections::BTreeSet::new();
    for index in order {
        while !taken.insert(updated[index].timestamp()) {
            updated[index] += chrono::TimeDelta::seconds(1);
        }
    }
    updated
}

/// The generator string, fixed per release so output stays deterministic.
pub const GENERATOR: &str = concat!("feedcard ", env!("CARGO_PKG_VERSION"));

/// `uri` as an absolute URI (an IRI comes out punycoded and percent-encoded),
/// resolved against `base` when relative; `None` when it is no URL at all.
pub(crate) fn absolute_url(uri: &str, base: &url::Url) -> Option<String> {
    url::Url::parse(uri.trim()).or_else(|_| base.join(uri.trim())).ok().map(String::from)
}

/// `text` ready for XML: forbidden characters removed, borrowed when clean.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    xml_safe(text)
}

#[cfg(test)]
mod tests;
