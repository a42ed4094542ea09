//! Feeds read back with real parsers: quick-xml (well-formedness, every
//! character XML 1.0 allows) and feed-rs (what a feed reader sees).

use std::path::PathBuf;

use chrono::DateTime;
use quick_xml::events::Event;
use quick_xml::Reader;
use url::Url;

use super::*;
use crate::config::Config;

fn config() -> Config {
    let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
    config.site.title = "Example Blog".to_string();
    config.site.description = "Notes & <things>".to_string();
    config
}

fn post(slug: &str, date: &str) -> Post {
    Post {
        source: PathBuf::from(format!("{slug}.md")),
        slug: slug.to_string(),
        title: format!("Post {slug}"),
        published: DateTime::parse_from_rfc3339(date).unwrap(),
        updated: None,
        link: None,
        permalink: Url::parse(&format!("https://blog.example.com/{slug}/")).unwrap(),
        tags: Vec::new(),
        description: None,
        authors: Vec::new(),
        lang: None,
        image: None,
        card: Default::default(),
        body: format!("Body of {slug} with a [relative link](../other/)."),
        front_values: Vec::new(),
        body_on_disk: None,
    }
}

fn file<'a>(files: &'a [FeedFile], path: &str) -> &'a str {
    let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&file.bytes).unwrap()
}

/// Text and attribute values by element path (`rss/channel/item/title`,
/// `feed/entry/link@href`), after a strict read: every tag closed, every
/// entity defined, every character one XML 1.0 allows.
fn xml_values(xml: &str) -> Vec<(String, String)> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let mut text = String::new();
    let attributes = |e: &quick_xml::events::BytesStart<'_>, path: &str, values: &mut Vec<(String, String)>| {
        for attr in e.attributes() {
            let attr = attr.unwrap();
            let value = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned();
            assert!(value.chars().all(allowed), "bad character in {value:?}");
            values.push((format!("{path}@{}", attr.key.as_ref()), value));
        }
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                path.push(e.name().as_ref().to_string());
                attributes(&e, &path.join("/"), &mut values);
                text.clear();
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                attributes(&e, &format!("{}/{name}", path.join("/")), &mut values);
            }
            Event::End(_) => {
                values.push((path.join("/"), std::mem::take(&mut text)));
                path.pop();
            }
            Event::Text(t) => text.push_str(&t),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("undefined entity &{other};"),
                }),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "unclosed elements {path:?}");
    for (_, value) in &values {
        assert!(value.chars().all(allowed), "bad character in {value:?}");
    }
    values
}

fn values_at(values: &[(String, String)], path: &str) -> Vec<String> {
    values.iter().filter(|(p, _)| p == path).map(|(_, v)| v.clone()).collect()
}

/// Undoes HTML escaping the way a reader displaying an HTML description would.
fn html_unescape(html: &str) -> String {
    html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

fn link_post() -> Post {
    let mut post = post("linked", "2024-11-02T08:14:09.402117+00:00");
    post.link = Some(Url::parse("https://example.org/essays/why-release-trains/").unwrap());
    post.title = "A maintainer's notes".to_string();
    post
}

#[test]
fn link_post_markup_keeps_the_permalink_as_id() {
    let files = render_feeds(&[link_post()], &config());
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["rss.xml", "atom.xml", "feed.json"]);

    let rss = xml_values(file(&files, "rss.xml"));
    assert_eq!(values_at(&rss, "rss/channel/item/link"), ["https://example.org/essays/why-release-trains/"]);
    assert_eq!(values_at(&rss, "rss/channel/item/guid"), ["https://blog.example.com/linked/"]);
    assert_eq!(values_at(&rss, "rss/channel/item/guid@isPermaLink"), ["true"]);
    assert_eq!(values_at(&rss, "rss/channel/item/pubDate"), ["Sat, 02 Nov 2024 08:14:09 +0000"]);
    assert_eq!(values_at(&rss, "rss/channel/lastBuildDate"), ["Sat, 02 Nov 2024 08:14:09 +0000"]);
    assert_eq!(values_at(&rss, "rss/channel/atom:link@href"), ["https://blog.example.com/rss.xml"]);
    assert_eq!(values_at(&rss, "rss/channel/atom:link@rel"), ["self"]);
    assert_eq!(values_at(&rss, "rss/channel/generator"), [GENERATOR]);

    let atom = xml_values(file(&files, "atom.xml"));
    let links: Vec<(String, String)> =
        values_at(&atom, "feed/entry/link@rel").into_iter().zip(values_at(&atom, "feed/entry/link@href")).collect();
    assert_eq!(
        links,
        [
            ("alternate".to_string(), "https://example.org/essays/why-release-trains/".to_string()),
            ("related".to_string(), "https://blog.example.com/linked/".to_string()),
        ]
    );
    assert_eq!(values_at(&atom, "feed/entry/id"), ["https://blog.example.com/linked/"]);
    assert_eq!(values_at(&atom, "feed/entry/published"), ["2024-11-02T08:14:09+00:00"]);
    assert_eq!(values_at(&atom, "feed/entry/updated"), ["2024-11-02T08:14:09+00:00"]);
    assert_eq!(values_at(&atom, "feed/id"), ["https://blog.example.com/atom.xml"]);
    assert_eq!(values_at(&atom, "feed@xml:lang"), ["en"]);

    let json: serde_json::Value = serde_json::from_str(file(&files, "feed.json")).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["id"], "https://blog.example.com/linked/");
    assert_eq!(item["url"], "https://blog.example.com/linked/");
    assert_eq!(item["external_url"], "https://example.org/essays/why-release-trains/");
    assert_eq!(item["date_published"], "2024-11-02T08:14:09+00:00");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["feed_url"], "https://blog.example.com/feed.json");
}

#[test]
fn a_post_without_external_link_points_at_its_permalink() {
    let files = render_feeds(&[post("plain", "2024-01-05T10:00:00+02:00")], &config());
    let rss = xml_values(file(&files, "rss.xml"));
    assert_eq!(values_at(&rss, "rss/channel/item/link"), ["https://blog.example.com/plain/"]);
    assert_eq!(values_at(&rss, "rss/channel/item/pubDate"), ["Fri, 05 Jan 2024 10:00:00 +0200"]);
    let atom = xml_values(file(&files, "atom.xml"));
    assert_eq!(values_at(&atom, "feed/entry/link@rel"), ["alternate"]);
    assert_eq!(values_at(&atom, "feed/entry/link@href"), ["https://blog.example.com/plain/"]);
    let json: serde_json::Value = serde_json::from_str(file(&files, "feed.json")).unwrap();
    assert!(json["items"][0].get("external_url").is_none());
}

#[test]
fn categories_and_titles_use_hex_references_and_round_trip() {
    let mut p = post("amp", "2024-03-01T00:00:00Z");
    p.title = "Fish & Chips <3".to_string();
    p.tags = vec!["R&D".to_string(), "a<b".to_string()];
    let files = render_feeds(&[p], &config());
    let text = file(&files, "rss.xml");
    assert!(text.contains("<category>R&#x26;D</category>"), "{text}");
    assert!(text.contains("<category>a&#x3C;b</category>"), "{text}");
    assert!(text.contains("<title>Fish &#x26; Chips &#x3C;3</title>"), "{text}");
    assert!(text.contains("<description>Notes &#x26; &#x3C;things&gt;</description>"), "{text}");
    let rss = xml_values(text);
    assert_eq!(values_at(&rss, "rss/channel/item/category"), ["R&D", "a<b"]);
    assert_eq!(values_at(&rss, "rss/channel/item/title"), ["Fish & Chips <3"]);

    let feed = feed_rs::parser::parse(text.as_bytes()).unwrap();
    let terms: Vec<&str> = feed.entries[0].categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["R&D", "a<b"]);

    let atom = xml_values(file(&files, "atom.xml"));
    assert_eq!(values_at(&atom, "feed/entry/category@term"), ["R&D", "a<b"]);
    assert_eq!(values_at(&atom, "feed/entry/title"), ["Fish & Chips <3"]);
}

#[test]
fn plain_text_description_is_escaped_as_html() {
    let mut p = post("desc", "2024-03-01T00:00:00Z");
    p.description = Some("a <brackets> & b ]]> end".to_string());
    let files = render_feeds(&[p], &config());
    let rss = xml_values(file(&files, "rss.xml"));
    let description = values_at(&rss, "rss/channel/item/description");
    // After XML parsing it is HTML; after HTML parsing, the original text.
    assert_eq!(description, ["a &lt;brackets&gt; &amp; b ]]&gt; end"]);
    assert_eq!(html_unescape(&description[0]), "a <brackets> & b ]]> end");

    let atom = xml_values(file(&files, "atom.xml"));
    assert_eq!(values_at(&atom, "feed/entry/summary"), ["a <brackets> & b ]]> end"]);
    let json: serde_json::Value = serde_json::from_str(file(&files, "feed.json")).unwrap();
    assert_eq!(json["items"][0]["summary"], "a <brackets> & b ]]> end");
}

#[test]
fn cdata_terminator_in_the_body_stays_well_formed() {
    let mut p = post("cdata", "2024-03-01T00:00:00Z");
    p.body = "Look: `]]>` here\n\n<div>raw ]]> html</div>\n".to_string();
    let files = render_feeds(&[p], &config());
    let rss = xml_values(file(&files, "rss.xml"));
    let content = values_at(&rss, "rss/channel/item/content:encoded");
    assert_eq!(content.len(), 1);
    assert!(content[0].contains("<code>]]&gt;</code>"), "{content:?}");
    // The sanitiser writes the `>` of the text as `&gt;`, which HTML reads the same.
    assert!(content[0].contains("<div>raw ]]&gt; html</div>"), "{content:?}");
    let atom = xml_values(file(&files, "atom.xml"));
    assert!(values_at(&atom, "feed/entry/content")[0].contains("<div>raw ]]&gt; html</div>"));
}

#[test]
fn forbidden_control_characters_are_removed() {
    let mut p = post("ctl", "2024-03-01T00:00:00Z");
    p.title = "bell\u{7} nul\u{0} esc\u{1B} nonchar\u{FFFE} c1\u{85}".to_string();
    p.tags = vec!["t\u{1}ag".to_string()];
    p.description = Some("d\u{8}escription".to_string());
    p.authors = vec!["Ann\u{B}e".to_string()];
    p.body = "body\u{7} \u{1B}[31m red".to_string();
    let files = render_feeds(&[p], &config());
    for path in ["rss.xml", "atom.xml"] {
        let values = xml_values(file(&files, path));
        assert!(values.iter().any(|(_, v)| v == "bell nul esc nonchar c1"), "{path}: {values:?}");
        assert!(values.iter().any(|(_, v)| v == "tag"), "{path}");
    }
    let feed = feed_rs::parser::parse(file(&files, "atom.xml").as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 1);
}

#[test]
fn iri_links_are_written_as_uris() {
    let mut p = post("iri", "2024-03-01T00:00:00Z");
    p.link = Some(Url::parse("https://bücher.example/straße?q=ü").unwrap());
    let files = render_feeds(&[p], &config());
    let expected = "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC";
    let rss = xml_values(file(&files, "rss.xml"));
    assert_eq!(values_at(&rss, "rss/channel/item/link"), [expected]);
    let atom = xml_values(file(&files, "atom.xml"));
    assert_eq!(values_at(&atom, "feed/entry/link@href")[0], expected);
}

#[test]
fn relative_links_in_content_are_absolute() {
    let files = render_feeds(&[post("rel", "2024-03-01T00:00:00Z")], &config());
    let rss = xml_values(file(&files, "rss.xml"));
    let content = &values_at(&rss, "rss/channel/item/content:encoded")[0];
    assert!(content.contains("href=\"https://blog.example.com/other/\""), "{content}");
}

#[test]
fn newest_first_ties_by_slug_and_limit() {
    let posts = vec![
        post("b", "2024-03-01T00:00:00Z"),
        post("old", "2023-01-01T00:00:00Z"),
        post("a", "2024-03-01T01:00:00+01:00"),
        post("new", "2024-05-01T00:00:00Z"),
    ];
    let mut config = config();
    config.feeds.rss.limit = 3;
    config.feeds.atom.limit = 0;
    let files = render_feeds(&posts, &config);
    let rss = feed_rs::parser::parse(file(&files, "rss.xml").as_bytes()).unwrap();
    let titles: Vec<String> = rss.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(titles, ["Post new", "Post a", "Post b"]);
    let atom = feed_rs::parser::parse(file(&files, "atom.xml").as_bytes()).unwrap();
    assert_eq!(atom.entries.len(), 4);
    assert_eq!(atom.entries[3].id, "https://blog.example.com/old/");
}

#[test]
fn summary_mode_has_no_full_content() {
    let mut config = config();
    config.feeds.rss.content = ContentMode::Summary;
    config.feeds.atom.content = ContentMode::Summary;
    config.feeds.json.content = ContentMode::Summary;
    let files = render_feeds(&[post("s", "2024-03-01T00:00:00Z")], &config);
    let rss = file(&files, "rss.xml");
    assert!(!rss.contains("content:encoded") && !rss.contains("xmlns:content"), "{rss}");
    let atom = xml_values(file(&files, "atom.xml"));
    assert!(values_at(&atom, "feed/entry/content").is_empty());
    assert_eq!(values_at(&atom, "feed/entry/summary"), ["Body of s with a relative link."]);
    let json: serde_json::Value = serde_json::from_str(file(&files, "feed.json")).unwrap();
    assert!(json["items"][0].get("content_html").is_none());
    assert_eq!(json["items"][0]["content_text"], "Body of s with a relative link.");
}

#[test]
fn per_tag_feeds_group_tags_by_slug() {
    let mut a = post("a", "2024-03-02T00:00:00Z");
    a.tags = vec!["Rust Lang".to_string()];
    let mut b = post("b", "2024-03-01T00:00:00Z");
    b.tags = vec!["rust-lang".to_string(), "Other".to_string(), "RUST LANG".to_string()];
    let files = render_feeds(&[b, a], &config());
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        // `Other` has one post: below the default `tags_min_posts: 2`.
        ["rss.xml", "atom.xml", "feed.json", "tags/rust-lang/rss.xml", "tags/rust-lang/atom.xml"]
    );
    let feed = feed_rs::parser::parse(file(&files, "tags/rust-lang/rss.xml").as_bytes()).unwrap();
    assert_eq!(feed.title.unwrap().content, "Example Blog — #Rust Lang");
    assert_eq!(feed.entries.len(), 2);
    let rss = xml_values(file(&files, "tags/rust-lang/rss.xml"));
    assert_eq!(values_at(&rss, "rss/channel/atom:link@href"), ["https://blog.example.com/tags/rust-lang/rss.xml"]);
}

fn tagged_posts() -> Vec<Post> {
    let tagged = |slug: &str, date: &str, tags: &[&str]| {
        let mut p = post(slug, date);
        p.tags = tags.iter().map(|t| t.to_string()).collect();
        p
    };
    vec![
        tagged("a", "2024-03-03T00:00:00Z", &["rust", "once"]),
        tagged("b", "2024-03-02T00:00:00Z", &["rust", "web"]),
        tagged("c", "2024-03-01T00:00:00Z", &["rust", "web"]),
    ]
}

fn tag_folders(files: &[FeedFile]) -> Vec<&str> {
    let mut folders: Vec<&str> = files.iter().filter_map(|f| f.path.strip_prefix("tags/")?.split('/').next()).collect();
    folders.dedup();
    folders
}

#[test]
fn tags_min_posts_sets_how_many_posts_a_tag_feed_needs() {
    let mut config = config();
    assert_eq!(tag_folders(&render_feeds(&tagged_posts(), &config)), ["rust", "web"]);
    config.feeds.tags_min_posts = 3;
    assert_eq!(tag_folders(&render_feeds(&tagged_posts(), &config)), ["rust"]);
    config.feeds.tags_min_posts = 1;
    assert_eq!(tag_folders(&render_feeds(&tagged_posts(), &config)), ["once", "rust", "web"]);
}

#[test]
fn a_tags_list_publishes_exactly_those_tags_and_warns_about_unused_names() {
    let mut config = config();
    config.feeds.tags_only = Some(crate::config::ChosenTags {
        names: vec!["Once".into(), "Web".into(), "Go Lang".into()],
        slugs: vec!["once".into(), "web".into(), "go-lang".into()],
        file: "feedcard.yaml".into(),
    });
    let posts = tagged_posts();
    // Chosen tags are published even with one post; `rust` is not chosen.
    assert_eq!(tag_folders(&render_feeds(&posts, &config)), ["once", "web"]);
    let warnings = unused_chosen_tags(&posts, &config);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].to_string(), "feedcard.yaml: feeds.tags lists `Go Lang`, but no published post has that tag (check its spelling against the posts' tags, or take it out of the list)");
}

#[test]
fn same_input_same_bytes_and_input_order_does_not_matter() {
    let mut posts: Vec<Post> = (0..20)
        .map(|n| {
            let mut p = post(&format!("p{n:02}"), &format!("2024-03-{:02}T00:00:00Z", 1 + n % 5));
            p.tags = vec![format!("t{}", n % 3), "all".to_string()];
            p
        })
        .collect();
    let first = render_feeds(&posts, &config());
    posts.reverse();
    assert_eq!(first, render_feeds(&posts, &config()));
}

#[test]
fn feed_rs_reads_all_three_formats() {
    let mut posts = vec![link_post(), post("two", "2024-01-01T00:00:00Z")];
    posts[1].authors = vec!["Ann".to_string(), "Bo".to_string()];
    posts[1].tags = vec!["x".to_string()];
    posts[1].image = Some(Url::parse("https://blog.example.com/two/card.png").unwrap());
    let files = render_feeds(&posts, &config());
    for path in ["rss.xml", "atom.xml", "feed.json"] {
        let feed = feed_rs::parser::parse(file(&files, path).as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(feed.entries.len(), 2, "{path}");
        assert_eq!(feed.entries[0].title.as_ref().unwrap().content, "A maintainer's notes", "{path}");
        assert_eq!(feed.entries[1].title.as_ref().unwrap().content, "Post two", "{path}");
        assert_eq!(feed.entries[1].authors[0].name.as_deref(), Some("Ann"), "{path}");
        // RSS has one dc:creator per author; Atom and JSON Feed a list of people.
        let names: Vec<_> = feed.entries[1].authors.iter().filter_map(|a| a.name.as_deref()).collect();
        assert!(names.contains(&"Bo"), "{path}: {names:?}");
        assert!(feed.entries[1].links.iter().any(|l| l.href == "https://blog.example.com/two/"), "{path}");
    }
    let json: serde_json::Value = serde_json::from_str(file(&files, "feed.json")).unwrap();
    assert_eq!(json["items"][1]["image"], "https://blog.example.com/two/card.png");
    assert!(file(&files, "feed.json").ends_with("}\n"));
}

#[test]
fn no_posts_still_gives_valid_feeds_without_a_clock() {
    let files = render_feeds(&[], &config());
    let rss = xml_values(file(&files, "rss.xml"));
    assert!(values_at(&rss, "rss/channel/lastBuildDate").is_empty());
    let atom = xml_values(file(&files, "atom.xml"));
    assert_eq!(values_at(&atom, "feed/updated"), ["1970-01-01T00:00:00+00:00"]);
}

#[test]
fn namespaces_are_declared_only_when_used() {
    let mut config = config();
    config.feeds.rss.content = ContentMode::Summary;
    let files = render_feeds(&[post("n", "2024-03-01T00:00:00Z")], &config);
    let rss = file(&files, "rss.xml");
    assert!(rss.contains("xmlns:atom=") && !rss.contains("xmlns:dc=") && !rss.contains("xmlns:content="), "{rss}");
}

#[test]
fn atom_entries_never_share_an_updated_time() {
    // Three posts dated by day only: the validator warns on equal `updated`.
    let mut posts: Vec<Post> = ["a", "b", "c"].iter().map(|slug| post(slug, "2024-03-26T00:00:00+00:00")).collect();
    posts[0].tags = vec!["t".to_string()];
    posts[2].tags = vec!["t".to_string()];
    let files = render_feeds(&posts, &config());
    let updated = |name: &str| -> Vec<String> {
        xml_values(file(&files, name)).into_iter().filter(|(p, _)| p == "feed/entry/updated").map(|v| v.1).collect()
    };
    // Feed order is newest first, then slug; ties move later in slug order.
    assert_eq!(
        updated("atom.xml"),
        ["2024-03-26T00:00:00+00:00", "2024-03-26T00:00:01+00:00", "2024-03-26T00:00:02+00:00"]
    );
    // The same entry has the same time in every feed that holds it.
    assert_eq!(updated("tags/t/atom.xml"), ["2024-03-26T00:00:00+00:00", "2024-03-26T00:00:02+00:00"]);
    // RSS and JSON keep the stated times.
    assert_eq!(file(&files, "rss.xml").matches("Tue, 26 Mar 2024 00:00:00 +0000").count(), 4);
}
