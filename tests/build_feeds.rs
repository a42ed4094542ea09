//! Runs the binary on fixture sites and reads the feeds back with real parsers.

mod common;

use common::*;
use std::fs;
use std::thread;
use std::time::Duration;

fn rss_items(bytes: &[u8]) -> Vec<(String, String, String)> {
    // (title, link, guid) straight from the XML, as an RSS reader sees them.
    let channel = rss::Channel::read_from(bytes).expect("rss parses");
    channel
        .items()
        .iter()
        .map(|item| {
            (
                item.title().unwrap_or_default().to_string(),
                item.link().unwrap_or_default().to_string(),
                item.guid().map(|g| g.value().to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn example_site_builds_three_valid_feeds() {
    let out = tempfile::tempdir().unwrap();
    let output =
        feedcard(&["build", "examples/site", "-o", out.path().to_str().unwrap(), "--now", "2026-01-01T00:00:00Z"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for name in files_below(out.path()) {
        if name.ends_with(".xml") {
            let bytes = fs::read(out.path().join(&name)).unwrap();
            assert_well_formed_xml(&name, &bytes);
            parse_feed(&name, &bytes);
        }
    }
    let rss = parse_feed("rss.xml", &fs::read(out.path().join("rss.xml")).unwrap());
    let atom = parse_feed("atom.xml", &fs::read(out.path().join("atom.xml")).unwrap());
    let json = parse_feed("feed.json", &fs::read(out.path().join("feed.json")).unwrap());
    // 20 files: a README, a draft, a `published: false` and a scheduled post are left out.
    assert_eq!(rss.entries.len(), 16);
    assert_eq!(atom.entries.len(), 16);
    assert_eq!(json.entries.len(), 16);
    let titles: Vec<_> = rss.entries.iter().filter_map(|e| e.title.as_ref().map(|t| t.content.clone())).collect();
    assert!(titles.contains(&"Don’t forget the GMT form".to_string()), "{titles:?}");
    assert!(!titles.iter().any(|t| t.contains("Half-written") || t.contains("Scheduled")), "{titles:?}");
}

#[test]
fn link_posts_point_at_the_external_link_and_keep_the_permalink_as_id() {
    let site = Site::with_url();
    site.post(
        "a.md",
        &post("Linked", "2024-11-02 08:14:09.402117", "link: https://example.org/essays/why/\ntags: [oss]\n"),
    );
    site.post("b.md", &post("Own post", "2024-11-01", ""));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));

    let items = rss_items(&site.read_out("rss.xml"));
    assert_eq!(
        items,
        vec![
            ("Linked".into(), "https://example.org/essays/why/".into(), "https://blog.example.com/a/".into()),
            ("Own post".into(), "https://blog.example.com/b/".into(), "https://blog.example.com/b/".into()),
        ]
    );

    let atom = atom_syndication::Feed::read_from(&site.read_out("atom.xml")[..]).expect("atom parses");
    let entry = &atom.entries()[0];
    assert_eq!(entry.id(), "https://blog.example.com/a/");
    let rel = |rel: &str| entry.links().iter().find(|l| l.rel() == rel).map(|l| l.href().to_string());
    assert_eq!(rel("alternate").as_deref(), Some("https://example.org/essays/why/"));
    assert_eq!(rel("related").as_deref(), Some("https://blog.example.com/a/"));
    assert_eq!(entry.categories()[0].term(), "oss");

    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"][0]["id"], "https://blog.example.com/a/");
    assert_eq!(json["items"][0]["url"], "https://blog.example.com/a/");
    assert_eq!(json["items"][0]["external_url"], "https://example.org/essays/why/");
    assert!(json["items"][1].get("external_url").is_none());
}

#[test]
fn dates_are_in_the_site_time_zone_and_rfc822_in_rss() {
    let site = Site::new("site:\n  url: https://blog.example.com/\n  timezone: America/New_York\n");
    site.post("a.md", &post("Naive", "2024-11-02 08:14:09", ""));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let channel = rss::Channel::read_from(&site.read_out("rss.xml")[..]).unwrap();
    // 08:14 in New York on 2 November 2024 is EDT, four hours behind UTC.
    assert_eq!(channel.items()[0].pub_date(), Some("Sat, 02 Nov 2024 08:14:09 -0400"));
    assert_eq!(channel.last_build_date(), Some("Sat, 02 Nov 2024 08:14:09 -0400"));
    let feed = parse_feed("atom.xml", &site.read_out("atom.xml"));
    assert_eq!(feed.entries[0].published.unwrap().to_rfc3339(), "2024-11-02T12:14:09+00:00");
}

#[test]
fn drafts_and_future_posts_wait_and_scheduled_posts_appear_on_time() {
    let site = Site::with_url();
    site.post("now.md", &post("Now", "2025-06-01", ""));
    site.post("draft.md", &post("Draft", "2025-06-01", "draft: true\n"));
    site.post("later.md", &post("Later", "2026-03-01 09:00", ""));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let titles: Vec<_> = rss_items(&site.read_out("rss.xml")).into_iter().map(|i| i.0).collect();
    assert_eq!(titles, vec!["Now"]);

    let output = site.build(&["--now", "2026-03-01T09:00:01Z"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let titles: Vec<_> = rss_items(&site.read_out("rss.xml")).into_iter().map(|i| i.0).collect();
    assert_eq!(titles, vec!["Later", "Now"]);
}

#[test]
fn item_limit_and_per_tag_feeds() {
    let site = Site::new("site: {url: 'https://blog.example.com/'}\nfeeds: {limit: 2}\n");
    for day in 1..=4 {
        let tags = if day % 2 == 0 { "tags: [Rust, even]\n" } else { "tags: [rust]\n" };
        site.post(&format!("p{day}.md"), &post(&format!("Post {day}"), &format!("2025-01-0{day}"), tags));
    }
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let titles: Vec<_> = rss_items(&site.read_out("rss.xml")).into_iter().map(|i| i.0).collect();
    assert_eq!(titles, vec!["Post 4", "Post 3"], "newest first, cut at the limit");

    let even = parse_feed("tags/even/atom.xml", &site.read_out("tags/even/atom.xml"));
    assert_eq!(even.entries.len(), 2);
    let rust = rss_items(&site.read_out("tags/rust/rss.xml"));
    assert_eq!(rust.len(), 2, "per-tag feeds keep the same limit");
    assert!(!site.out().join("tags/even/feed.json").exists(), "JSON per-tag feeds are off by default");
}

#[test]
fn same_input_gives_same_bytes_and_leaves_mtimes_alone() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", "tags: [x, y]\nlink: https://example.com/a\n"));
    site.post("b.md", &post("B", "2025-01-01", "tags: [y]\n"));
    assert!(site.build(&[]).status.success());
    let names = files_below(&site.out());
    let before: Vec<_> = names
        .iter()
        .map(|n| (site.read_out(n), fs::metadata(site.out().join(n)).unwrap().modified().unwrap()))
        .collect();
    thread::sleep(Duration::from_millis(50));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(files_below(&site.out()), names);
    for (name, (bytes, mtime)) in names.iter().zip(before) {
        assert_eq!(site.read_out(name), bytes, "{name} changed");
        assert_eq!(fs::metadata(site.out().join(name)).unwrap().modified().unwrap(), mtime, "{name} was rewritten");
    }
}

#[test]
fn quiet_prints_nothing_on_success_and_the_summary_otherwise() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    let output = site.build(&["-q"]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty() && output.stderr.is_empty(), "{}", stderr(&output));
    let output = site.build(&[]);
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

#[test]
fn posts_folder_without_config_needs_a_site_url() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    let posts = site.path().join("posts");
    let out = site.out();
    let output = feedcard(&["build", posts.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--site-url"), "{}", stderr(&output));

    let output = feedcard(&[
        "build",
        posts.to_str().unwrap(),
        "--site-url",
        "https://other.example.net/blog/",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(rss_items(&site.read_out("rss.xml"))[0].2, "https://other.example.net/blog/a/");
}

#[test]
fn config_problems_exit_2_and_name_the_key() {
    let site = Site::new("site:\n  url: https://blog.example.com/\nfeeds:\n  rss: {limt: 3}\n");
    site.post("a.md", &post("A", "2025-01-01", ""));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("feedcard.yaml:4") && err.contains("limt"), "{err}");
    assert!(!site.out().exists());
}

#[test]
fn check_validates_without_writing() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    site.post("b.md", &post("B", "2025-13-45", ""));
    let output = feedcard(&["check", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("b.md:3"), "{}", stderr(&output));
    assert!(!site.out().exists() && !site.path().join("output").exists());
}

#[test]
fn control_characters_never_reach_the_xml_and_iri_links_become_uris() {
    let site = Site::with_url();
    site.post_bytes(
        "ctl.md",
        "---\ntitle: \"Bell\\a and escape\\e and \\uFFFE\"\ndate: 2025-01-01\nlink: https://bücher.example/straße?q=ü\ntags: [\"a\\0b\"]\n---\nBEL \u{7} in the body, <b>bold</b> and [a link](../x/).\n"
            .as_bytes(),
    );
    // A second post with the tag, so it gets its own feeds.
    site.post("other.md", "---\ntitle: Other\ndate: 2024-12-01\ntags: [ab]\n---\nText.\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The NUL is dropped at the reader, so the tag and its folder are `ab`.
    for name in ["rss.xml", "atom.xml", "tags/ab/rss.xml"] {
        assert_well_formed_xml(name, &site.read_out(name));
    }
    let items = rss_items(&site.read_out("rss.xml"));
    assert_eq!(items[0].0, "Bell and escape and");
    assert_eq!(items[0].1, "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC");
    let channel = rss::Channel::read_from(&site.read_out("rss.xml")[..]).unwrap();
    let content = channel.items()[0].content().unwrap_or_default();
    assert!(content.contains("href=\"https://blog.example.com/x/\""), "{content}");
    assert!(!content.contains('\u{7}'));
    assert_eq!(channel.items()[0].categories()[0].name(), "ab");
}

#[test]
fn tag_feeds_go_only_to_tags_with_enough_posts_or_to_the_tags_listed() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", "tags: [Rust, once]\n"));
    site.post("b.md", &post("B", "2025-01-02", "tags: [rust]\n"));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let tag_files = |site: &Site| -> Vec<String> {
        files_below(&site.out()).into_iter().filter_map(|f| f.strip_prefix("tags/").map(String::from)).collect()
    };
    assert_eq!(tag_files(&site), ["atom.xml", "rss.xml"].map(|f| format!("rust/{f}")));
    // The feed items still carry every tag as a category.
    let channel = rss::Channel::read_from(&site.read_out("rss.xml")[..]).unwrap();
    let categories: Vec<&str> = channel.items()[1].categories().iter().map(|c| c.name()).collect();
    assert_eq!(categories, ["Rust", "once"]);

    let listed = Site::new("site: {url: 'https://blog.example.com/'}\nfeeds:\n  tags: [Once, Typo]\n");
    listed.post("a.md", &post("A", "2025-01-01", "tags: [Rust, once]\n"));
    listed.post("b.md", &post("B", "2025-01-02", "tags: [rust]\n"));
    let output = listed.build(&[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(tag_files(&listed), ["atom.xml", "rss.xml"].map(|f| format!("once/{f}")));
    assert!(err.contains("feedcard.yaml: feeds.tags lists `Typo`, but no published post has that tag"), "{err}");
    // --strict makes the typo fail the run.
    assert_eq!(listed.build(&["--strict"]).status.code(), Some(1));
}

#[test]
fn a_site_with_no_posts_warns_and_dates_its_empty_feeds_with_the_run() {
    let site = Site::with_url();
    site.post("notes.md", "No front matter: a page, not a post.\n");
    let output = site.build(&[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("none of the 1 Markdown files is a published post (1 skipped as pages"), "{err}");
    let atom = feed_rs::parser::parse(&site.read_out("atom.xml")[..]).unwrap();
    assert!(atom.entries.is_empty());
    // The harness's --now, not 1970 (which the W3C validator calls implausible).
    assert_eq!(atom.updated.unwrap().to_rfc3339(), "2026-01-01T00:00:00+00:00");
    assert_eq!(site.build(&["--strict"]).status.code(), Some(1));
}
