//! The feed page: an XSL stylesheet that browsers apply to the RSS and Atom
//! feeds, so a feed opened in a browser reads as a page instead of raw XML.
//! Feed readers skip the processing instruction that points at it.

use super::FeedFile;
use crate::config::Config;

/// The stylesheet. It holds nothing of the site: the page takes the title,
/// address and items from the feed it is applied to, so one file serves
/// every feed, per-tag feeds included.
const STYLESHEET: &[u8] = include_bytes!("feed.xsl");

/// The stylesheet file, when it is on and some feed uses it (JSON Feed has
/// no use for it).
pub fn stylesheet_file(config: &Config) -> Option<FeedFile> {
    let feeds = &config.feeds;
    let used = feeds.rss.file.is_some() || feeds.atom.file.is_some();
    let path = feeds.stylesheet.as_ref().filter(|_| used)?;
    Some(FeedFile { path: path.clone(), bytes: STYLESHEET.to_vec() })
}

/// `feed` (`tags/rust/rss.xml`) pointing at `stylesheet` (`feed.xsl`, at the
/// root of the output folder): a relative address, so it works wherever
/// the site is served from.
pub(super) fn add_instruction(xml: &mut Vec<u8>, feed: &str, stylesheet: &str) {
    let href = format!("{}{stylesheet}", "../".repeat(feed.matches('/').count()));
    let instruction = format!("<?xml-stylesheet type=\"text/xsl\" href=\"{href}\"?>\n");
    // After the XML declaration, which must come first.
    let at = match xml.starts_with(b"<?xml ") {
        true => xml.windows(2).position(|pair| pair == b"?>").map_or(0, |end| end + 2),
        false => 0,
    };
    let newline = usize::from(xml.get(at) == Some(&b'\n'));
    let mut inserted = Vec::with_capacity(instruction.len() + 1);
    if newline == 0 && at > 0 {
        inserted.push(b'\n');
    }
    inserted.extend_from_slice(instruction.as_bytes());
    xml.splice(at + newline..at + newline, inserted);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_instruction(xml: &str, feed: &str) -> String {
        let mut bytes = xml.as_bytes().to_vec();
        add_instruction(&mut bytes, feed, "feed.xsl");
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_instruction_follows_the_declaration_with_a_relative_address() {
        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
        assert_eq!(
            with_instruction(&format!("{decl}<rss/>"), "rss.xml"),
            format!("{decl}\n<?xml-stylesheet type=\"text/xsl\" href=\"feed.xsl\"?>\n<rss/>")
        );
        assert_eq!(
            with_instruction(&format!("{decl}\n<feed/>"), "tags/rust/atom.xml"),
            format!("{decl}\n<?xml-stylesheet type=\"text/xsl\" href=\"../../feed.xsl\"?>\n<feed/>")
        );
        assert_eq!(
            with_instruction("<rss/>", "feeds/rss.xml"),
            "<?xml-stylesheet type=\"text/xsl\" href=\"../feed.xsl\"?>\n<rss/>"
        );
    }

    #[test]
    fn the_file_is_made_only_for_xml_feeds_and_only_when_on() {
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        assert_eq!(stylesheet_file(&config).map(|file| file.path), Some("feed.xsl".to_string()));
        config.feeds.rss.file = None;
        config.feeds.atom.file = None;
        assert_eq!(stylesheet_file(&config), None, "JSON Feed alone needs no stylesheet");
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        config.feeds.stylesheet = None;
        assert_eq!(stylesheet_file(&config), None);
    }
}
