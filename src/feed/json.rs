//! JSON Feed 1.1 through serde. Field order is the struct order; absent
//! values are left out rather than written as `null`.

use serde::Serialize;

use super::{absolute_url, capacity_hint, whole_seconds, FeedPlan, Prepared};
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

pub(super) fn write(plan: &FeedPlan<'_>, posts: &[Post], prepared: &[Prepared]) -> Vec<u8> {
    let site = &plan.config.site;
    let items = plan
        .items
        .iter()
        .map(|&index| {
            let (post, prepared) = (&posts[index], &prepared[index]);
            let html = if plan.full_content { prepared.html.as_deref() } else { None };
            JsonItem {
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
            }
        })
        .collect();
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
        items,
    };
    let mut bytes = Vec::with_capacity(capacity_hint(plan, prepared));
    // Serialising plain structs into a Vec cannot fail; on the impossible
    // error the feed is left empty rather than panicking.
    if serde_json::to_writer_pretty(&mut bytes, &feed).is_err() {
        bytes.clear();
    }
    bytes.push(b'\n');
    bytes
}

/// RFC 3339 to the second, the same instants the XML feeds state.
fn rfc3339(time: chrono::DateTime<chrono::FixedOffset>) -> String {
    whole_seconds(time).to_rfc3339()
}
