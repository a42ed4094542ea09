//! Template syntax per generator: each site under `tests/content/` is built,
//! its `feed.json` read back with feed-rs, and every post's HTML checked
//! against `expected/<title>.html` (see tests/content/README.md).

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// What one item of a site's JSON feed holds.
struct Item {
    title: String,
    /// The content HTML.
    html: String,
    /// The item's id, its permalink.
    permalink: String,
    summary: String,
}

/// Every item of the site's JSON feed, read back with feed-rs.
fn build(site: &str) -> Vec<Item> {
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
        .map(|entry| Item {
            title: entry.title.as_ref().map(|t| t.content.clone()).unwrap_or_default(),
            html: entry.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default(),
            permalink: entry.id.clone(),
            summary: entry.summary.as_ref().map(|t| t.content.clone()).unwrap_or_default(),
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
        let Some(Item { html, .. }) = items.iter().find(|item| item.title == title) else {
            panic!("{site}: no feed item titled {title}");
        };
        // pulldown-cmark writes `<img … />`, the sanitiser's serialiser `<img …>`
        // (it only runs over posts with HTML of their own): the same element.
        let html = &html.replace(" />", ">");
        for line in fs::read_to_string(&path).unwrap().lines().filter(|l| !l.is_empty()) {
            match line.strip_prefix('!') {
                Some(absent) => assert!(!html.contains(absent), "{site}/{title}: {absent:?} is in\n{html}"),
                None => assert!(html.contains(line), "{site}/{title}: {line:?} is not in\n{html}"),
            }
        }
        checked += 1;
    }
    assert!(checked > 0);
    for Item { title, html, .. } in &items {
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

/// Every `#fn:…`/`#fnref:…` fragment the HTML links to.
fn footnote_fragments(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.split_once('#').map(|(_, fragment)| fragment))
        .filter(|fragment| fragment.starts_with("fn"))
        .collect()
}

#[test]
fn footnotes_follow_reference_order_with_back_links_in_jekyll_and_plain_folders() {
    let mut bodies = Vec::new();
    for site in ["plain", "jekyll"] {
        let items = build(site);
        let item = items.iter().find(|item| item.title == "footnotes").expect("the footnotes post");
        let html = &item.html;
        // The notes come after the text, in the order they are referenced
        // (the source defines them in another order).
        let order = [
            "stays as written",
            "Written second, referenced first",
            "Written first, referenced second",
            "A note with code",
            "Only referenced from another note",
        ];
        let at: Vec<usize> = order.iter().map(|text| html.find(text).expect(text)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{site}: notes out of order in\n{html}");
        // Every link lands on an anchor of the same item: 4 notes, 5 references.
        let fragments = footnote_fragments(html);
        assert_eq!(fragments.len(), 10, "{site}: {fragments:?}");
        for fragment in fragments {
            assert!(html.contains(&format!("id=\"{fragment}\"")), "{site}: no anchor {fragment} in\n{html}");
        }
        // The summary (an excerpt, as the post has no description) has no note text.
        let summary = &item.summary;
        assert!(summary.ends_with("stays as written.") && !summary.contains("Written"), "{site}: {summary}");
        bodies.push(html.replace(&item.permalink, "POST"));
    }
    assert_eq!(bodies[0], bodies[1], "kramdown-style footnotes render as in a plain folder");
}

#[test]
fn footnote_markup_is_the_same_with_or_without_the_sanitiser() {
    let post = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/content/plain/posts/footnotes.md"));
    let html = |config: &str| {
        let site = Site::new(config);
        site.post("footnotes.md", post.as_ref().unwrap());
        let output = site.build(&["--only", "feeds"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let feed = parse_feed("feed.json", &site.read_out("feed.json"));
        feed.entries[0].content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default()
    };
    let url = "site:\n  title: T\n  url: https://blog.example.com/\n";
    let sanitised = html(url);
    assert!(sanitised.contains("<li id=\"fn:4\">") && sanitised.contains("class=\"footnote-backref\""), "{sanitised}");
    assert_eq!(sanitised, html(&format!("{url}feeds:\n  sanitize: false\n")));
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

#[test]
fn astro_mdx_loses_its_javascript_and_keeps_its_text() {
    check_site("astro");
}

#[test]
fn liquid_raw_markers_leave_code_and_the_summary_in_jekyll() {
    let items = build("jekyll");
    let item = items.iter().find(|item| item.title == "raw-in-code").expect("the raw-in-code post");
    assert_eq!(item.summary, "The workflow: Inline: {{ page.title }}.");
}

#[test]
fn a_title_made_from_the_body_has_no_template_syntax_and_keeps_list_items_apart() {
    let items = build("eleventy");
    let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
    assert!(titles.contains(&"Watch on YouTube Also posted elsewhere."), "{titles:?}");
}
