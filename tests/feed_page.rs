//! The feed page: RSS and Atom feeds point browsers at `feed.xsl`, which the
//! build writes beside them, lists in its manifest, and removes once turned off.
//! tests/feed_page.py opens the page in a real browser.

mod common;

use common::*;
use quick_xml::events::Event;
use std::fs;

const CONFIG: &str = "site:\n  title: Test Site\n  url: https://blog.example.com/blog/\n";

fn site(extra_config: &str) -> Site {
    let site = Site::new(&format!("{CONFIG}{extra_config}"));
    site.post("a.md", &post("Fish & Chips", "2024-11-02", "tags: [rust]\n"));
    site.post("b.md", &post("Second <post>", "2024-11-03", "tags: [rust]\n"));
    site
}

/// The `href` of the `<?xml-stylesheet?>` instruction, read as an XML parser
/// does: it must come before the root element, after the declaration.
fn stylesheet_href(name: &str, bytes: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap_or_else(|e| panic!("{name}: {e}")) {
            Event::PI(pi) => {
                if pi.target() != "xml-stylesheet" {
                    continue;
                }
                let attrs = pi.content();
                assert!(attrs.contains("type=\"text/xsl\""), "{name}: {attrs}");
                let href = attrs.split("href=\"").nth(1).and_then(|rest| rest.split('"').next());
                return href.map(String::from);
            }
            Event::Start(_) | Event::Empty(_) | Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn manifest_files(site: &Site) -> Vec<String> {
    let manifest: serde_json::Value = serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).unwrap();
    manifest["files"].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn rss_and_atom_point_at_the_stylesheet_written_beside_them() {
    let site = site("");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feeds = ["rss.xml", "atom.xml", "tags/rust/rss.xml", "tags/rust/atom.xml"];
    for name in feeds {
        let bytes = site.read_out(name);
        let href = stylesheet_href(name, &bytes).unwrap_or_else(|| panic!("{name} names no stylesheet"));
        // Resolved against the feed's own address, under the site's base path.
        let feed_url = url::Url::parse("https://blog.example.com/blog/").unwrap().join(name).unwrap();
        assert_eq!(feed_url.join(&href).unwrap().as_str(), "https://blog.example.com/blog/feed.xsl", "{name}");
        assert_well_formed_xml(name, &bytes);
        let feed = parse_feed(name, &bytes);
        assert_eq!(feed.entries.len(), 2, "{name}");
    }
    let json = site.read_out("feed.json");
    assert!(serde_json::from_slice::<serde_json::Value>(&json).is_ok());
    assert!(!String::from_utf8_lossy(&json).contains("xml-stylesheet"));

    let sheet = site.read_out("feed.xsl");
    assert_well_formed_xml("feed.xsl", &sheet);
    let mut reader = quick_xml::Reader::from_reader(sheet.as_slice());
    let mut buf = Vec::new();
    let root = loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(start) => break start.into_owned(),
            Event::Eof => panic!("feed.xsl has no root element"),
            _ => buf.clear(),
        }
    };
    assert_eq!(root.name().into_inner(), "xsl:stylesheet");
    let version = root.try_get_attribute("version").unwrap().unwrap();
    assert_eq!(&*version.value, "1.0", "browsers run XSLT 1.0");
    assert!(manifest_files(&site).contains(&"feed.xsl".to_string()), "{:?}", manifest_files(&site));
    assert_eq!(files_below(&site.out()).iter().filter(|name| name.ends_with(".xsl")).count(), 1);
}

#[test]
fn turned_off_the_stylesheet_goes_and_the_feeds_name_none() {
    let site = site("");
    assert!(site.build(&[]).status.success());
    assert!(site.out().join("feed.xsl").is_file());
    fs::write(site.path().join("feedcard.yaml"), format!("{CONFIG}feeds:\n  stylesheet: false\n")).unwrap();
    let report = build_json(&site, &[]);
    assert!(names(&report["files"]["removed"]).contains(&"feed.xsl".to_string()), "{report}");
    assert!(!site.out().join("feed.xsl").exists());
    assert!(!manifest_files(&site).contains(&"feed.xsl".to_string()));
    for name in ["rss.xml", "atom.xml", "tags/rust/rss.xml", "tags/rust/atom.xml"] {
        let bytes = site.read_out(name);
        assert_eq!(stylesheet_href(name, &bytes), None, "{name}");
        parse_feed(name, &bytes);
    }
}

#[test]
fn a_site_with_only_json_feed_gets_no_stylesheet() {
    let site = site("feeds:\n  rss: false\n  atom: false\n");
    assert!(site.build(&[]).status.success());
    assert!(!site.out().join("feed.xsl").exists());
}

#[test]
fn a_stylesheet_value_that_is_not_true_or_false_or_a_feed_named_like_it_is_a_config_error() {
    let cases = [
        ("feeds:\n  stylesheet: sometimes\n", "feedcard.yaml:5"),
        ("feeds:\n  rss: {file: feed.xsl}\n", "`feed.xsl` is a name feedcard uses itself"),
    ];
    for (config, expected) in cases {
        let site = site(config);
        let output = site.build(&[]);
        assert_eq!(output.status.code(), Some(2), "{config}: {}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{config}: {}", stderr(&output));
        assert!(!site.out().exists(), "{config}");
    }
}
