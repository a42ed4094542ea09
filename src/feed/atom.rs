//! Atom 1.0 through the `atom_syndication` crate, written in pieces like RSS
//! (see `rss.rs`): the head, the entries chunk by chunk, the foot.

use atom_syndication::{Category, Content, Entry, Feed, Generator, Link, Person, Text};

use super::xml_text::{escape_html, find, looks_like_markup, rfind};
use chrono::{DateTime, FixedOffset};

use super::{absolute_url, clean, whole_seconds, FeedPlan, Prepared};
use crate::post::Post;

/// The feed up to its first entry. `updated[i]` is post `i`'s Atom
/// `updated` time, unique across the site.
pub(super) fn head(plan: &FeedPlan<'_>, posts: &[Post], updated: &[DateTime<FixedOffset>]) -> Vec<u8> {
    let site = &plan.config.site;
    let author = &site.author;
    let repository = env!("CARGO_PKG_REPOSITORY");
    let feed = Feed {
        title: text(&plan.title),
        // The feed's own address: stable, and distinct for every per-tag feed.
        id: plan.self_url.clone(),
        updated: plan
            .items
            .iter()
            .filter_map(|&index| updated.get(index).copied())
            .max()
            .or_else(|| plan.newest(posts))
            .unwrap_or(plan.empty_time),
        authors: vec![Person {
            name: clean(&author.name).into_owned(),
            email: author.email.as_deref().map(|email| clean(email).into_owned()),
            uri: author.url.as_deref().and_then(|uri| absolute_url(uri, &site.url)),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "feedcard".to_string(),
            uri: (!repository.is_empty()).then(|| repository.to_string()),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        links: [
            Some(link(&plan.self_url, "self", Some("application/atom+xml"))),
            Some(link(site.url.as_str(), "alternate", Some("text/html"))),
            // WebSub: subscribers learn the hub from the feed itself.
            site.websub_hub.as_ref().map(|hub| link(hub.as_str(), "hub", None)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        subtitle: (!plan.description.trim().is_empty()).then(|| text(&plan.description)),
        lang: Some(clean(&site.language).into_owned()),
        ..Feed::default()
    };
    let mut bytes = write_feed(&feed);
    let end = rfind(&bytes, FEED_END).unwrap_or(bytes.len());
    bytes.truncate(end);
    bytes
}

/// What follows the last entry.
pub(super) const FOOT: &[u8] = b"</feed>";
const FEED_END: &[u8] = FOOT;

/// The entries of one chunk, serialised as they are inside the whole feed.
pub(super) fn entries(posts: &[Post], chunk: &[(usize, &Prepared)], full_content: bool) -> Vec<u8> {
    if chunk.is_empty() {
        return Vec::new();
    }
    let feed = Feed {
        entries: chunk.iter().map(|&(index, prepared)| entry(&posts[index], prepared, full_content)).collect(),
        ..Feed::default()
    };
    let mut bytes = write_feed(&feed);
    // Text is escaped, so the first `<entry` is the first entry's tag.
    let start = find(&bytes, b"<entry").unwrap_or(0);
    let end = rfind(&bytes, FEED_END).unwrap_or(bytes.len());
    bytes.truncate(end.max(start));
    bytes.drain(..start);
    bytes
}

fn write_feed(feed: &Feed) -> Vec<u8> {
    // Writing into a Vec cannot fail (quick-xml only reports I/O errors).
    feed.write_to(Vec::new()).unwrap_or_default()
}

fn entry(post: &Post, prepared: &Prepared, full_content: bool) -> Entry {
    let mut links = vec![link(post.link.as_ref().unwrap_or(&post.permalink).as_str(), "alternate", None)];
    if post.link.is_some() {
        links.push(link(post.permalink.as_str(), "related", None));
    }
    if let Some(image) = &prepared.image {
        let mut enclosure = link(image.url.as_str(), "enclosure", image.mime_type.as_deref());
        enclosure.length = image.length.map(|n| n.to_string());
        links.push(enclosure);
    }
    Entry {
        title: text(&post.title),
        id: post.permalink.to_string(),
        updated: prepared.atom_updated.unwrap_or_else(|| whole_seconds(post.last_modified())),
        published: Some(whole_seconds(post.published)),
        authors: post
            .authors
            .iter()
            .map(|name| Person { name: clean(name).into_owned(), ..Person::default() })
            .collect(),
        categories: post
            .tags
            .iter()
            .map(|tag| Category { term: clean(tag.trim()).into_owned(), ..Category::default() })
            .collect(),
        links,
        summary: Some(text(&prepared.summary)),
        content: if full_content {
            prepared.html.clone().map(|html| Content {
                value: Some(html),
                content_type: Some("html".to_string()),
                ..Content::default()
            })
        } else {
            None
        },
        ..Entry::default()
    }
}

/// A plain-text construct. Text that the validator would take for markup
/// (`</p>`, `&amp;` written literally) goes as escaped `type="html"` instead,
/// which readers display the same.
fn text(value: &str) -> Text {
    let value = clean(value);
    if looks_like_markup(&value) {
        Text::html(escape_html(&value).into_owned())
    } else {
        Text::plain(value.into_owned())
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>) -> Link {
    Link { href: href.to_string(), rel: rel.to_string(), mime_type: mime_type.map(str::to_string), ..Link::default() }
}
