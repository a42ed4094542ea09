//! Template syntax per generator: each site under `tests/content/` is built,
//! its `feed.json` read back with feed-rs, and every post's HTML checked
//! against `expected/<title>.html` (see tests/content/README.md).

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// `(title, content HTML)` of every item of the site's JSON feed.
fn build(site: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/content").join(site);
    let out = tempfile::tempdir().unwrap();
    let output = feedcard(&[
        "build",
        root.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--now",
        "2026-01-01T00:00:00Z",
        "--only",
        "feeds",
    ]);
    assert!(output.status.success(), "{site}: {}", stderr(&output));
    let feed = parse_feed("feed.json", &fs::read(out.path().join("feed.json")).unwrap());
    feed.entries
        .iter()
        .map(|entry| {
            let title = entry.title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
            let html = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default();
            (title, html)
        })
        .collect()
}

/// The HTML with every `<pre>…</pre>` and `<code>…</code>` cut out.
fn outside_code(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [("<pre", "</pre>"), ("<code", "</code>")] {
        while let Some(start) = text.find(open) {
            let end = text[start..].find(close).map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, "");
        }
    }
    text
}

fn check_site(site: &str) {
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/content").join(site).join("expected");
    let items = build(site);
    let mut checked = 0;
    for entry in fs::read_dir(&expected_dir).unwrap() {
        let path = entry.unwrap().path();
        let title = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some((_, html)) = items.iter().find(|(t, _)| *t == title) else {
            panic!("{site}: no feed item titled {title}");
        };
        for line in fs::read_to_string(&path).unwrap().lines().filter(|l| !l.is_empty()) {
            match line.strip_prefix('!') {
                Some(absent) => assert!(!html.contains(absent), "{site}/{title}: {absent:?} is in\n{html}"),
                None => assert!(html.contains(line), "{site}/{title}: {line:?} is not in\n{html}"),
            }
        }
        checked += 1;
    }
    assert!(checked > 0);
    for (title, html) in &items {
        let outside = outside_code(html);
        for syntax in ["{%", "{{<", "{{%", "{:", "{#"] {
            assert!(!outside.contains(syntax), "{site}/{title}: {syntax} left outside code in\n{html}");
        }
    }
}

#[test]
fn jekyll_liquid_and_kramdown() {
    check_site("jekyll");
}

#[test]
fn hugo_shortcodes() {
    check_site("hugo");
}

#[test]
fn eleventy_shortcodes() {
    check_site("eleventy");
}

#[test]
fn plain_folders_only_lose_clear_template_syntax() {
    check_site("plain");
}

#[test]
fn removed_constructs_are_counted_in_one_notice_per_post() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/content/jekyll");
    let out = tempfile::tempdir().unwrap();
    let args =
        ["build", root.to_str().unwrap(), "-o", out.path().to_str().unwrap(), "--now", "2026-01-01T00:00:00Z", "-v"];
    let output = feedcard(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    let notices: Vec<&str> = err.lines().filter(|l| l.contains("2024-01-05-include.md")).collect();
    assert_eq!(notices.len(), 1, "{err}");
    assert!(notices[0].contains("2 template constructs left out of the feeds"), "{err}");
    assert!(notices[0].contains("`{% include_cached %}`") && notices[0].contains("`{% include %}`"), "{err}");
    assert!(!err.contains("2024-01-01-highlight.md"), "rendered constructs are not notices: {err}");
}

#[test]
fn raw_html_is_sanitised_unless_the_site_trusts_its_authors() {
    let body = concat!(
        "<script>alert(1)</script><p onclick=\"x()\" style=\"color:red\">Hi</p>\n\n",
        "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n\n",
        "[j](javascript:alert(1)) <style>p{}</style>\n",
    );
    let feed_html = |config: &str| {
        let site = Site::new(config);
        site.post("a.md", &format!("---\ntitle: A\ndate: 2024-01-01\n---\n{body}"));
        let output = site.build(&["--only", "feeds"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
        json["items"][0]["content_html"].as_str().unwrap_or_default().to_string()
    };
    let url = "site:\n  title: T\n  url: https://blog.example.com/\n";
    let html = feed_html(url);
    for gone in ["<script", "alert", "onclick", "style", "<iframe", "javascript:"] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
    assert!(html.contains("<a href=\"https://www.youtube.com/embed/abc\">"), "{html}");
    let trusted = feed_html(&format!("{url}feeds:\n  sanitize: false\n"));
    assert!(trusted.contains("<script>alert(1)</script>") && trusted.contains("<iframe"), "{trusted}");
}

#[test]
fn a_post_with_no_body_has_no_content_and_summaries_are_plain_text() {
    let site = Site::with_url();
    site.post(
        "a.md",
        "---\ntitle: Linked\ndate: 2024-01-01\nlink: https://example.org/x\ndescription: \"Why *we* moved &amp; <b>what</b> [it](/x) cost\"\n---\n",
    );
    let output = site.build(&["--only", "feeds"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let atom = atom_syndication::Feed::read_from(&site.read_out("atom.xml")[..]).expect("atom parses");
    let entry = &atom.entries()[0];
    assert!(entry.content().is_none(), "{:?}", entry.content());
    let summary = entry.summary().expect("a summary");
    assert_eq!(
        (summary.value.as_str(), summary.r#type),
        ("Why we moved & what it cost", atom_syndication::TextType::Text)
    );
    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert!(json["items"][0].get("content_html").is_none(), "{json}");
    assert_eq!(json["items"][0]["content_text"], "Why we moved & what it cost");
    let rss = rss::Channel::read_from(&site.read_out("rss.xml")[..]).expect("rss parses");
    assert_eq!(rss.items()[0].content(), None);
}

#[test]
fn titles_decode_every_html5_entity_and_lose_formatting_tags() {
    let site = Site::with_url();
    site.post(
        "a.md",
        "---\ntitle: \"<del>old</del> new &check; &frac12; Vec<String>\"\ndate: 2024-01-01\n---\nBody.\n",
    );
    let output = site.build(&["--only", "feeds"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for name in ["rss.xml", "atom.xml", "feed.json"] {
        let feed = parse_feed(name, &site.read_out(name));
        let title = feed.entries[0].title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
        assert_eq!(title, "old new ✓ ½ Vec<String>", "{name}");
    }
}
