//! Every feed a site offers, as its pages and subscribers see them: the
//! `<link rel="alternate">` autodiscovery tags a page's `<head>` carries,
//! and the list the OPML file is made from.

use chrono::DateTime;

use super::xml_text::{escape_html, xml_safe};
use super::{newest_first, plan_feeds};
use crate::config::{Config, FeedKind};
use crate::post::Post;

/// One feed file and how to point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    pub kind: FeedKind,
    /// Relative to the output folder: `rss.xml`, `tags/rust/atom.xml`.
    pub path: String,
    /// Its absolute address.
    pub url: String,
    pub title: String,
    /// The slug of the tag a per-tag feed is for.
    pub tag: Option<String>,
}

impl FeedLink {
    /// The media type autodiscovery and OPML readers go by.
    pub fn mime_type(&self) -> &'static str {
        mime_type(self.kind)
    }
}

/// `application/rss+xml`, `application/atom+xml` or `application/feed+json`.
pub fn mime_type(kind: FeedKind) -> &'static str {
    match kind {
        FeedKind::Rss => "application/rss+xml",
        FeedKind::Atom => "application/atom+xml",
        FeedKind::Json => "application/feed+json",
    }
}

/// Every feed the build writes, in the order it writes them: the site's
/// feeds, then each tag's.
pub fn feed_links(posts: &[Post], config: &Config) -> Vec<FeedLink> {
    let order = newest_first(posts);
    plan_feeds(posts, config, &order, DateTime::UNIX_EPOCH.fixed_offset())
        .into_iter()
        .map(|plan| FeedLink {
            kind: plan.kind,
            tag: plan
                .path
                .strip_prefix("tags/")
                .and_then(|rest| rest.split_once('/'))
                .map(|(slug, _)| slug.to_string()),
            url: plan.self_url,
            title: plan.title,
            path: plan.path,
        })
        .collect()
}

/// The autodiscovery tags for `feeds`, one a line:
/// `<link rel="alternate" type="application/rss+xml" title="…" href="…">`.
pub fn link_tags<'a>(feeds: impl IntoIterator<Item = &'a FeedLink>) -> String {
    let mut html = String::new();
    for feed in feeds {
        html.push_str(&format!(
            "<link rel=\"alternate\" type=\"{}\" title=\"{}\" href=\"{}\">\n",
            feed.mime_type(),
            attribute(&feed.title),
            attribute(&feed.url)
        ));
    }
    html
}

/// Text for a double-quoted attribute, in HTML or XML: characters neither
/// can carry removed, `& < > "` escaped.
pub fn attribute(text: &str) -> String {
    escape_html(&xml_safe(text)).into_owned()
}
