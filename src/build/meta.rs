//! The `<meta>` tags of a post's page, ready to paste: Open Graph and
//! Twitter, with the card as the image, each value escaped for a
//! double-quoted attribute.

use crate::config::Config;
use crate::feed::attribute;
use crate::post::Post;

/// The card as a page shows it.
pub(super) struct CardImage<'a> {
    /// Absolute, with its `?v=` version.
    pub url: &'a str,
    pub width: u32,
    pub height: u32,
    pub alt: &'a str,
}

/// One `<meta>` tag a line. Open Graph tags take `property`, Twitter's `name`.
pub(super) fn post_meta(post: &Post, config: &Config, card: &CardImage<'_>) -> String {
    let description =
        post.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(crate::content::plain_text);
    let (width, height) = (card.width.to_string(), card.height.to_string());
    let published = post.published.to_rfc3339();
    let tags: [(&str, &str, Option<&str>); 15] = [
        ("property", "og:type", Some("article")),
        ("property", "og:title", Some(&post.title)),
        ("property", "og:description", description.as_deref()),
        ("property", "og:url", Some(post.permalink.as_str())),
        ("property", "og:site_name", Some(config.site.title.as_str()).filter(|t| !t.trim().is_empty())),
        ("property", "article:published_time", Some(&published)),
        ("property", "og:image", Some(card.url)),
        ("property", "og:image:type", Some("image/png")),
        ("property", "og:image:width", Some(&width)),
        ("property", "og:image:height", Some(&height)),
        ("property", "og:image:alt", Some(card.alt)),
        ("name", "twitter:card", Some("summary_large_image")),
        ("name", "twitter:title", Some(&post.title)),
        ("name", "twitter:image", Some(card.url)),
        ("name", "twitter:image:alt", Some(card.alt)),
    ];
    // Pushed piece by piece: a run that changed nothing still makes these
    // for every post, and `format!` per tag was most of their cost.
    let mut html = String::with_capacity(1024);
    for (key, name, value) in tags {
        if let Some(value) = value {
            for piece in ["<meta ", key, "=\"", name, "\" content=\"", &attribute(value), "\">\n"] {
                html.push_str(piece);
            }
        }
    }
    html
}
