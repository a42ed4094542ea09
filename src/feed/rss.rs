//! RSS 2.0 through the `rss` crate, plus the Best Practices rewrite of its
//! output. Written in pieces (the head, the items chunk by chunk, the foot)
//! so a feed never sits whole in memory; each piece is cut from what the
//! crate writes for a whole channel, so the bytes are the crate's own.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::Extension;
use rss::{Category, Channel, Guid, Item};

use super::xml_text::{escape_html, find, rfind, rss_best_practices};
use super::{clean, whole_seconds, FeedPlan, ItemImage, Prepared, GENERATOR};
use crate::post::Post;

const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";
const MEDIA_NAMESPACE: &str = "http://search.yahoo.com/mrss/";
const CONTENT_NAMESPACE: &str = "http://purl.org/rss/1.0/modules/content/";
const DC_NAMESPACE: &str = "http://purl.org/dc/elements/1.1/";

/// RFC 822 with a four-digit year and a numeric zone: `Sat, 02 Nov 2024 08:14:09 +0000`.
pub(crate) fn rfc822(time: DateTime<FixedOffset>) -> String {
    time.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// The channel without its items, as the whole feed would start it. The
/// `rss` crate declares a namespace for what the items use, so the caller
/// says which: `content` (an item with HTML), `dc` (an item with authors).
pub(super) fn head(plan: &FeedPlan<'_>, posts: &[Post], images: &[Option<ItemImage>], with_content: bool) -> Vec<u8> {
    let site = &plan.config.site;
    let mut channel = Channel {
        title: clean(&plan.title).into_owned(),
        link: site.url.to_string(),
        description: clean(&plan.description).into_owned(),
        language: Some(clean(&site.language).into_owned()),
        generator: Some(GENERATOR.to_string()),
        last_build_date: plan.newest(posts).map(rfc822),
        ..Channel::default()
    };
    // The validator wants the feed to name its own address (atom:link rel="self").
    let self_link = Extension {
        name: "atom:link".to_string(),
        attrs: BTreeMap::from([
            ("href".to_string(), plan.self_url.clone()),
            ("rel".to_string(), "self".to_string()),
            ("type".to_string(), "application/rss+xml".to_string()),
        ]),
        ..Extension::default()
    };
    let mut links = vec![self_link];
    // WebSub: subscribers learn the hub from the feed itself.
    if let Some(hub) = &site.websub_hub {
        links.push(Extension {
            name: "atom:link".to_string(),
            attrs: BTreeMap::from([("href".to_string(), hub.to_string()), ("rel".to_string(), "hub".to_string())]),
            ..Extension::default()
        });
    }
    channel.namespaces.insert("atom".to_string(), ATOM_NAMESPACE.to_string());
    channel.extensions.entry("atom".to_string()).or_default().insert("link".to_string(), links);
    if plan.items.iter().any(|&index| images.get(index).is_some_and(Option::is_some)) {
        channel.namespaces.insert("media".to_string(), MEDIA_NAMESPACE.to_string());
    }
    if plan.items.iter().any(|&index| !posts[index].authors.is_empty()) {
        channel.namespaces.insert("dc".to_string(), DC_NAMESPACE.to_string());
    }
    if with_content {
        channel.namespaces.insert("content".to_string(), CONTENT_NAMESPACE.to_string());
    }
    let mut bytes = write_channel(&channel);
    let end = rfind(&bytes, CHANNEL_END).unwrap_or(bytes.len());
    bytes.truncate(end);
    bytes
}

/// What follows the last item.
pub(super) const FOOT: &[u8] = b"</channel></rss>";
const CHANNEL_END: &[u8] = b"</channel>";

/// The items of one chunk, serialised as they are inside the whole feed,
/// and whether any has HTML content (which the head must declare).
pub(super) fn items(posts: &[Post], chunk: &[(usize, &Prepared)], full_content: bool) -> (Vec<u8>, bool) {
    if chunk.is_empty() {
        return (Vec::new(), false);
    }
    let channel = Channel {
        items: chunk.iter().map(|&(index, prepared)| item(&posts[index], prepared, full_content)).collect(),
        ..Channel::default()
    };
    let with_content = channel.items.iter().any(|item| item.content.is_some());
    let mut bytes = write_channel(&channel);
    // Text and CDATA never hold a raw `<item>` before the first item, and the
    // channel's end tag is the last thing but `</rss>`.
    let start = find(&bytes, b"<item>").unwrap_or(0);
    let end = rfind(&bytes, CHANNEL_END).unwrap_or(bytes.len());
    bytes.truncate(end.max(start));
    bytes.drain(..start);
    (bytes, with_content)
}

/// The channel's bytes with the Best Practices rewrite applied.
fn write_channel(channel: &Channel) -> Vec<u8> {
    // Writing into a Vec cannot fail (quick-xml only reports I/O errors).
    let mut bytes = channel.write_to(Vec::new()).unwrap_or_default();
    rss_best_practices(&mut bytes);
    bytes
}

fn item(post: &Post, prepared: &Prepared, full_content: bool) -> Item {
    let mut item = Item {
        title: Some(clean(&post.title).into_owned()),
        // What a reader opens: the external page for a link post.
        link: Some(post.link.as_ref().unwrap_or(&post.permalink).to_string()),
        // RSS descriptions are HTML; the summary is plain text, so escape it
        // (the crate then wraps it in CDATA) and readers show it literally.
        description: Some(escape_html(&prepared.summary).into_owned()),
        categories: post
            .tags
            .iter()
            .map(|tag| Category { name: clean(tag.trim()).into_owned(), domain: None })
            .collect(),
        // The permalink is the stable id, never the external link.
        guid: Some(Guid { value: post.permalink.to_string(), permalink: true }),
        pub_date: Some(rfc822(whole_seconds(post.published))),
        content: if full_content { prepared.html.clone() } else { None },
        // RSS <author> must be an e-mail address; dc:creator takes a name.
        dublin_core_ext: (!post.authors.is_empty()).then(|| DublinCoreExtension {
            creators: post.authors.iter().map(|author| clean(author).into_owned()).collect(),
            ..DublinCoreExtension::default()
        }),
        ..Item::default()
    };
    if let Some(image) = &prepared.image {
        // Media RSS is what feed readers look at for an item's picture.
        let mut attrs =
            BTreeMap::from([("url".to_string(), image.url.to_string()), ("medium".to_string(), "image".to_string())]);
        let optional = [
            ("type", image.mime_type.clone()),
            ("width", image.width.map(|w| w.to_string())),
            ("height", image.height.map(|h| h.to_string())),
            ("fileSize", image.length.map(|n| n.to_string())),
        ];
        attrs.extend(optional.into_iter().filter_map(|(key, value)| Some((key.to_string(), value?))));
        let content = Extension { name: "media:content".to_string(), attrs, ..Extension::default() };
        item.extensions.entry("media".to_string()).or_default().insert("content".to_string(), vec![content]);
    }
    item
}
