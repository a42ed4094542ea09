//! Feeds written as they are rendered: the posts go in chunks, newest
//! first; each chunk's bodies are rendered in parallel, appended to every
//! feed that shows them (the feeds side by side), and dropped. Memory holds
//! one chunk being written and the next being rendered, whatever the number
//! of posts; each body is rendered once for all the feeds.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};

use super::{atom, json, rss, stylesheet, FeedPlan, ItemImage, Prepared};
use crate::config::{Config, FeedKind};
use crate::diagnostic::Diagnostic;
use crate::par::prelude::*;
use crate::post::{body_text, Post};

/// Posts rendered at a time: enough to keep both cores busy, few enough
/// that two chunks of HTML stay a few megabytes.
pub(super) const CHUNK: usize = 256;

/// Where the feeds go: a writer per feed file.
pub(crate) trait FeedOutput: Sync {
    type Writer: Write + Send;
    type Error: Send;
    /// A writer for the feed at `path` (relative to the output folder).
    fn open(&self, path: &str) -> Result<Self::Writer, Self::Error>;
    /// Writing to the feed at `path` failed.
    fn write_failed(&self, path: &str, error: io::Error) -> Self::Error;
    /// A body could not be read again from its file.
    fn read_failed(&self, problem: Diagnostic) -> Self::Error;
    /// Called between chunks: an error stops the feeds there.
    fn carry_on(&self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// The posts' bodies: their own, or taken out of them to be dropped once rendered.
pub(crate) enum Bodies<'a> {
    Borrowed(&'a [Post]),
    Owned(Vec<String>),
}

impl<'a> Bodies<'a> {
    fn take(&mut self, index: usize) -> Cow<'a, str> {
        match self {
            Bodies::Borrowed(posts) => Cow::Borrowed(posts[index].body.as_str()),
            Bodies::Owned(bodies) => Cow::Owned(std::mem::take(&mut bodies[index])),
        }
    }
}

/// What the feeds share about the posts, beyond the posts themselves.
pub(super) struct Shared<'a> {
    pub config: &'a Config,
    pub posts: &'a [Post],
    pub images: &'a [Option<ItemImage>],
    /// Each post's Atom `updated` time, unique across the site.
    pub updated: Vec<DateTime<FixedOffset>>,
    pub stylesheet: Option<&'a str>,
    pub sanitize: bool,
    /// Posts rendered at a time ([`CHUNK`]; tests vary it).
    pub chunk: usize,
}

/// Writes every planned feed to its writer from `output`, in chunks of
/// posts; `finished(i, writer)` gets plan `i`'s writer once its feed is
/// complete. `order`: the posts, newest first.
pub(super) fn write_feeds<'a, O: FeedOutput>(
    shared: &Shared<'_>,
    mut bodies: Bodies<'a>,
    plans: &[FeedPlan<'_>],
    order: &[usize],
    output: &O,
    mut finished: impl FnMut(usize, O::Writer) -> Result<(), O::Error>,
) -> Result<(), O::Error> {
    let posts = shared.posts;
    // Which posts some feed shows, and whether one shows its HTML.
    let mut needs = vec![(false, false); posts.len()];
    for plan in plans {
        for &index in &plan.items {
            needs[index].0 = true;
            needs[index].1 |= plan.full_content;
        }
    }
    let needed: Vec<usize> = order.iter().copied().filter(|&index| needs[index].0).collect();
    // Where each post is in `needed`: a feed's items come in that order too.
    let mut rank = vec![usize::MAX; posts.len()];
    for (at, &index) in needed.iter().enumerate() {
        rank[index] = at;
    }
    let mut feeds = Vec::with_capacity(plans.len());
    for plan in plans {
        feeds.push(Some(OpenFeed::new(output.open(&plan.path)?)));
    }
    let render = |chunk: Vec<(usize, Cow<'a, str>)>| -> Result<Vec<Prepared>, Diagnostic> {
        chunk
            .into_par_iter()
            .map(|(index, body)| {
                let post = &posts[index];
                let body = if post.body_on_disk.is_some() { body_text(post, shared.config)? } else { body };
                Ok(prepare(shared, index, &body, needs[index].1))
            })
            .collect()
    };
    let take = |bodies: &mut Bodies<'a>, from: usize| -> Vec<(usize, Cow<'a, str>)> {
        let end = (from + shared.chunk.max(1)).min(needed.len());
        needed[from..end].iter().map(|&index| (index, bodies.take(index))).collect()
    };
    let mut start = 0;
    let mut current = render(take(&mut bodies, 0)).map_err(|problem| output.read_failed(problem))?;
    loop {
        output.carry_on()?;
        let end = start + current.len();
        let next_bodies = take(&mut bodies, end);
        let write = || {
            feeds.par_iter_mut().zip(plans.par_iter()).try_for_each(|(feed, plan)| match feed {
                Some(feed) => feed
                    .write_chunk(shared, plan, &rank, start, &current)
                    .map_err(|error| output.write_failed(&plan.path, error)),
                None => Ok(()),
            })
        };
        let (next, written) = crate::par::join(|| render(next_bodies), write);
        written?;
        let next = next.map_err(|problem| output.read_failed(problem))?;
        drop(current);
        for (at, feed) in feeds.iter_mut().enumerate() {
            if feed.as_ref().is_some_and(|feed| feed.done) {
                if let Some(feed) = feed.take() {
                    finished(at, feed.writer)?;
                }
            }
        }
        if end >= needed.len() {
            return Ok(());
        }
        start = end;
        current = next;
    }
}

/// One feed being written.
struct OpenFeed<W> {
    writer: W,
    /// How many of the plan's items are written.
    written: usize,
    /// The head is written (RSS waits to know whether any item has HTML).
    headed: bool,
    /// RSS items that wait for the head.
    waiting: Vec<u8>,
    done: bool,
}

impl<W: Write> OpenFeed<W> {
    fn new(writer: W) -> Self {
        OpenFeed { writer, written: 0, headed: false, waiting: Vec::new(), done: false }
    }

    /// Appends the plan's items among the posts `needed[start..]` that
    /// `chunk` holds; ends the feed after its last item.
    fn write_chunk(
        &mut self,
        shared: &Shared<'_>,
        plan: &FeedPlan<'_>,
        rank: &[usize],
        start: usize,
        chunk: &[Prepared],
    ) -> io::Result<()> {
        let end = start + chunk.len();
        let items: Vec<(usize, &Prepared)> = plan.items[self.written..]
            .iter()
            .take_while(|&&index| rank[index] < end)
            .map(|&index| (index, &chunk[rank[index] - start]))
            .collect();
        let posts = shared.posts;
        let first = self.written == 0;
        self.written += items.len();
        let last = self.written == plan.items.len();
        match plan.kind {
            FeedKind::Rss => {
                let (bytes, with_content) = rss::items(posts, &items, plan.full_content);
                // Summary feeds never have HTML: their head is known at once.
                if !self.headed && (with_content || !plan.full_content) {
                    self.head(shared, plan, with_content)?;
                }
                match self.headed {
                    true => self.writer.write_all(&bytes)?,
                    false => self.waiting.extend_from_slice(&bytes),
                }
                if last {
                    if !self.headed {
                        self.head(shared, plan, false)?;
                    }
                    self.writer.write_all(rss::FOOT)?;
                }
            }
            FeedKind::Atom => {
                if !self.headed {
                    self.head(shared, plan, false)?;
                }
                self.writer.write_all(&atom::entries(posts, &items, plan.full_content))?;
                if last {
                    self.writer.write_all(atom::FOOT)?;
                }
            }
            FeedKind::Json => {
                if !self.headed {
                    self.head(shared, plan, false)?;
                }
                self.writer.write_all(&json::items(posts, &items, plan.full_content, first))?;
                if last {
                    self.writer.write_all(json::foot(!plan.items.is_empty()))?;
                }
            }
        }
        self.done = last;
        Ok(())
    }

    /// Writes the head, then any items that waited for it.
    fn head(&mut self, shared: &Shared<'_>, plan: &FeedPlan<'_>, with_content: bool) -> io::Result<()> {
        let mut head = match plan.kind {
            FeedKind::Rss => rss::head(plan, shared.posts, shared.images, with_content),
            FeedKind::Atom => atom::head(plan, shared.posts, &shared.updated),
            FeedKind::Json => json::head(plan),
        };
        if let (FeedKind::Rss | FeedKind::Atom, Some(sheet)) = (plan.kind, shared.stylesheet) {
            stylesheet::add_instruction(&mut head, &plan.path, sheet);
        }
        self.writer.write_all(&head)?;
        self.writer.write_all(&std::mem::take(&mut self.waiting))?;
        self.headed = true;
        Ok(())
    }
}

/// Renders one post for the feeds (sanitised when asked): the HTML only
/// when a feed shows it.
fn prepare(shared: &Shared<'_>, index: usize, body: &str, want_html: bool) -> Prepared {
    let post = &shared.posts[index];
    let description = post.description.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let rendered = crate::content::render(body, &post.permalink, want_html, description.is_none(), shared.sanitize);
    let summary = match (description, rendered.excerpt) {
        (Some(description), _) => crate::content::plain_text(description),
        (None, Some(excerpt)) if !excerpt.is_empty() => excerpt,
        _ => super::xml_safe(&post.title).into_owned(),
    };
    Prepared {
        // A link post with no body has no content, not an empty one.
        html: rendered.html.filter(|html| !html.trim().is_empty()),
        summary,
        image: shared.images.get(index).cloned().flatten(),
        atom_updated: shared.updated.get(index).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{in_memory, ItemImage};
    use crate::config::Config;
    use crate::post::Post;
    use chrono::{DateTime, TimeDelta};
    use std::path::PathBuf;
    use url::Url;

    /// `count` posts, a day apart; the newest `empty` have no body, every
    /// third has an author, a picture and two tags.
    fn posts(count: usize, empty: usize) -> Vec<Post> {
        let start = DateTime::parse_from_rfc3339("2020-01-01T08:00:00+01:00").unwrap();
        (0..count)
            .map(|n| {
                let slug = format!("post-{n}");
                let permalink = Url::parse(&format!("https://blog.example.com/{slug}/")).unwrap();
                let extra = n % 3 == 0;
                Post {
                    source: PathBuf::from(format!("{slug}.md")),
                    title: format!("Post {n} & <more> ]]> done"),
                    published: start + TimeDelta::days(n as i64),
                    updated: None,
                    link: None,
                    tags: if extra { vec!["Rust".into(), format!("t{}", n % 2)] } else { Vec::new() },
                    description: (n % 2 == 0).then(|| format!("About {n}")),
                    authors: if extra { vec![format!("Author {n}")] } else { Vec::new() },
                    lang: None,
                    image: extra.then(|| permalink.join("card.png").unwrap()),
                    card: Default::default(),
                    body: match n + empty >= count {
                        true => String::new(),
                        false => format!("Body of **{n}** with `]]>` and a [link](../other/).\n\n<p>html</p>\n"),
                    },
                    front_values: Vec::new(),
                    body_on_disk: None,
                    slug,
                    permalink,
                }
            })
            .collect()
    }

    fn feeds(posts: &[Post], config: &Config, chunk: usize) -> Vec<(String, String)> {
        let images = ItemImage::from_front_matter(posts);
        let now = DateTime::UNIX_EPOCH.fixed_offset();
        in_memory(posts, config, &images, now, |_| true, chunk)
            .into_iter()
            .map(|file| (file.path, String::from_utf8(file.bytes).unwrap()))
            .collect()
    }

    #[test]
    fn every_chunk_size_writes_the_same_bytes() {
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        config.feeds.tags_min_posts = 1;
        config.feeds.rss.limit = 0;
        config.feeds.atom.limit = 0;
        config.feeds.json.limit = 7;
        config.feeds.json.per_tag = true;
        // The newest 30 have no HTML: RSS learns it needs `content` later.
        let posts = posts(700, 30);
        let whole = feeds(&posts, &config, 10_000);
        assert_eq!(whole.len(), 3 + 3 * 3, "three feeds, and three for each of three tags");
        for chunk in [1, 7, 256] {
            for ((path, a), (_, b)) in feeds(&posts, &config, chunk).iter().zip(&whole) {
                let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                assert!(
                    a == b,
                    "chunks of {chunk} posts, {path} at {at}: {:?} vs {:?}",
                    &a[at.saturating_sub(80)..(at + 80).min(a.len())],
                    &b[at.saturating_sub(80)..(at + 80).min(b.len())]
                );
            }
        }
        let rss = &whole[0].1;
        assert_eq!(rss.matches("xmlns:content=").count(), 1);
        assert_eq!(rss.matches("<item>").count(), 700);
        let json: serde_json::Value = serde_json::from_str(&whole[2].1).unwrap();
        assert_eq!(json["items"].as_array().map(Vec::len), Some(7));
        let parsed = feed_rs::parser::parse(whole[1].1.as_bytes()).unwrap();
        assert_eq!(parsed.entries.len(), 700);
        assert_eq!(parsed.entries[0].id, "https://blog.example.com/post-699/", "newest first");
    }

    #[test]
    fn an_rss_feed_without_html_declares_no_content_namespace() {
        let config = Config::with_site_url("https://blog.example.com/").unwrap();
        let posts = posts(20, 20);
        for chunk in [1, 256] {
            let files = feeds(&posts, &config, chunk);
            assert!(!files[0].1.contains("xmlns:content"), "{}", files[0].1);
            assert!(files[0].1.ends_with("</item></channel></rss>"));
            let json: serde_json::Value = serde_json::from_str(&files[2].1).unwrap();
            assert_eq!(json["items"].as_array().map(Vec::len), Some(20));
        }
    }
}
