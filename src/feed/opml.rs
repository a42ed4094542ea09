//! The OPML 2.0 subscription list of a site's feeds (`feeds.opml`): a
//! reader imports it to follow the site, or a few of its tags, at once.

use super::links::{attribute, FeedLink};
use super::FeedFile;
use crate::config::{Config, FeedKind};

/// The OPML file listing `feeds` (from [`super::feed_links`]); `None` when
/// `feeds.opml` is off. No creation date: the same feeds give the same bytes.
pub fn opml_file(feeds: &[FeedLink], config: &Config) -> Option<FeedFile> {
    let path = config.feeds.opml.clone()?;
    let site = &config.site;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n");
    xml.push_str(&format!("    <title>{}</title>\n", attribute(&format!("Feeds of {}", site.title))));
    if !site.author.name.trim().is_empty() {
        xml.push_str(&format!("    <ownerName>{}</ownerName>\n", attribute(&site.author.name)));
    }
    // No <docs>: optional, and the W3C validator's OPML check (of 1.0) calls it an error.
    xml.push_str("  </head>\n  <body>\n");
    let (tagged, site_feeds): (Vec<&FeedLink>, Vec<&FeedLink>) = feeds.iter().partition(|feed| feed.tag.is_some());
    for feed in site_feeds {
        xml.push_str(&outline(feed, site.url.as_str(), "    "));
    }
    if !tagged.is_empty() {
        xml.push_str("    <outline text=\"Tags\">\n");
        for feed in tagged {
            xml.push_str(&outline(feed, site.url.as_str(), "      "));
        }
        xml.push_str("    </outline>\n");
    }
    xml.push_str("  </body>\n</opml>\n");
    Some(FeedFile { path, bytes: xml.into_bytes() })
}

/// One subscription: OPML 2.0 calls every feed `type="rss"`, and names the
/// format in `version` where it has a name for it.
fn outline(feed: &FeedLink, home: &str, indent: &str) -> String {
    let (format, version) = match feed.kind {
        FeedKind::Rss => ("RSS", " version=\"RSS2\""),
        FeedKind::Atom => ("Atom", ""),
        FeedKind::Json => ("JSON Feed", ""),
    };
    let text = attribute(&format!("{} ({format})", feed.title));
    format!(
        "{indent}<outline type=\"rss\" text=\"{text}\" title=\"{text}\" xmlUrl=\"{}\" htmlUrl=\"{}\"{version}/>\n",
        attribute(&feed.url),
        attribute(home)
    )
}
