//! JSON Feed 1.1 through serde. Field order is the struct order; absent
//! values are left out rather than written as `null`. Written in pieces
//! (head, items chunk by chunk, foot) in serde_json's pretty layout.

use serde::Serialize;

use super::{absolute_url, whole_seconds, FeedPlan, Prepared};
use crate::post::Post;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    language: &'a str,
    authors: Vec<Author<'a>>,
    /// WebSub hubs (JSON Feed 1.1 `hubs`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    hubs: Vec<Hub<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct Hub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    /// JSON Feed needs `content_html` or `content_text`; summary mode uses the summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    authors: Vec<Author<'a>>,
}

/// The feed up to the opening `[` of its items.
pub(super) fn head(plan: &FeedPlan<'_>) -> Vec<u8> {
    let site = &plan.config.site;
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &plan.title,
        home_page_url: site.url.as_str(),
        feed_url: &plan.self_url,
        description: &plan.description,
        language: &site.language,
        authors: vec![Author {
            name: &site.author.name,
            url: site.author.url.as_deref().and_then(|url| absolute_url(url, &site.url)),
        }],
        hubs: site.websub_hub.iter().map(|hub| Hub { kind: "WebSub", url: hub.as_str() }).collect(),
        items: Vec::new(),
    };
    let mut bytes = pretty(&feed);
    // `items` is the last field: the document ends `"items": []` and `}`.
    if bytes.ends_with(EMPTY_END) {
        bytes.truncate(bytes.len() - EMPTY_END.len() + 1);
    }
    bytes
}

const EMPTY_END: &[u8] = b"[]\n}";

/// What follows the last item (`any`: the feed has items).
pub(super) fn foot(any: bool) -> &'static [u8] {
    match any {
        true => b"\n  ]\n}\n",
        false => b"]\n}\n",
    }
}

/// The items of one chunk as they are inside the whole feed; `first`: the
/// chunk starts the list (no comma before it).
pub(super) fn items(posts: &[Post], chunk: &[(usize, &Prepared)], full_content: bool, first: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (n, &(index, prepared)) in chunk.iter().enumerate() {
        let post = &posts[index];
        let html = if full_content { prepared.html.as_deref() } else { None };
        let item = JsonItem {
            id: post.permalink.as_str(),
            url: post.permalink.as_str(),
            external_url: post.link.as_ref().map(|link| link.as_str()),
            title: &post.title,
            summary: &prepared.summary,
            content_html: html,
            content_text: html.is_none().then_some(prepared.summary.as_str()),
            image: prepared.image.as_ref().map(|image| image.url.as_str()),
            date_published: rfc3339(post.published),
            date_modified: rfc3339(post.last_modified()),
            tags: post.tags.iter().map(|tag| tag.trim()).collect(),
            authors: post.authors.iter().map(|name| Author { name, url: None }).collect(),
        };
        if !(first && n == 0) {
            bytes.push(b',');
        }
        // Two levels deep, as serde_json indents an array item of the feed:
        // strings carry their newlines escaped, so every raw one is layout.
        bytes.extend_from_slice(b"\n    ");
        for (line, text) in pretty(&item).split(|&b| b == b'\n').enumerate() {
            if line > 0 {
                bytes.extend_from_slice(b"\n    ");
            }
            bytes.extend_from_slice(text);
        }
    }
    bytes
}

fn pretty(value: &impl Serialize) -> Vec<u8> {
    // Serialising plain structs into a Vec cannot fail; on the impossible
    // error the piece is left empty rather than panicking.
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

/// RFC 3339 to the second, the same instants the XML feeds state.
fn rfc3339(time: chrono::DateTime<chrono::FixedOffset>) -> String {
    whole_seconds(time).to_rfc3339()
}
