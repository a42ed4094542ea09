//! Repeated runs: nothing changed means nothing written; one changed post
//! rewrites only what shows it; what belonged to a deleted post goes, and a
//! user's own files stay. Read through `--format json`.

mod common;

use common::*;
use serde_json::Value;
use std::fs;

#[test]
fn a_second_run_with_nothing_changed_writes_and_draws_nothing() {
    let site = three_posts();
    let first = build_json(&site, &[]);
    assert_eq!(first["exit_code"], 0);
    assert_eq!(first["cards_drawn"], 3);
    let second = build_json(&site, &[]);
    assert_eq!(names(&second["files"]["written"]), Vec::<String>::new());
    assert_eq!(second["cards_drawn"], 0);
    assert_eq!(second["files"]["unchanged"].as_u64(), first["files"]["written"].as_array().map(|w| w.len() as u64));
}

#[test]
fn one_changed_post_rewrites_its_card_its_feeds_and_the_manifest_only() {
    let site = three_posts();
    build_json(&site, &[]);
    site.post("b.md", &post("Beta, renamed", "2025-01-02", "tags: [shared, only-b]\n"));
    let report = build_json(&site, &[]);
    assert_eq!(
        names(&report["files"]["written"]),
        [
            ".feedcard/manifest.json",
            "atom.xml",
            "cards/b.png",
            "feed.json",
            "rss.xml",
            "tags/only-b/atom.xml",
            "tags/only-b/rss.xml",
            "tags/shared/atom.xml",
            "tags/shared/rss.xml",
        ]
    );
    assert_eq!(report["cards_drawn"], 1);
    // A body edit shows in the feeds but not on the card.
    site.post("c.md", &format!("{}More words.\n", post("Gamma", "2025-01-03", "tags: [shared]\n")));
    let report = build_json(&site, &[]);
    assert_eq!(report["cards_drawn"], 0);
    assert!(names(&report["files"]["written"]).contains(&"tags/shared/rss.xml".to_string()));
    assert!(!names(&report["files"]["written"]).iter().any(|n| n.starts_with("cards/") || n.contains("only-b")));
}

#[test]
fn stale_cards_and_tag_feeds_go_but_user_files_stay() {
    let site = three_posts();
    build_json(&site, &[]);
    fs::write(site.out().join("robots.txt"), "User-agent: *\n").unwrap();
    fs::create_dir_all(site.out().join("cards")).unwrap();
    fs::write(site.out().join("cards/hand-made.png"), b"mine").unwrap();
    fs::remove_file(site.path().join("posts/a.md")).unwrap();

    let report = build_json(&site, &[]);
    assert_eq!(names(&report["files"]["removed"]), ["cards/a.png", "tags/only-a/atom.xml", "tags/only-a/rss.xml"]);
    assert!(!site.out().join("tags/only-a").exists(), "the emptied tag folder goes too");
    assert_eq!(fs::read(site.out().join("robots.txt")).unwrap(), b"User-agent: *\n");
    assert_eq!(fs::read(site.out().join("cards/hand-made.png")).unwrap(), b"mine");
    let manifest: Value = serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).unwrap();
    assert!(manifest["posts"].get("a").is_none());
    assert!(manifest["files"].get("cards/a.png").is_none());
}

#[test]
fn json_report_lists_problems_with_file_and_line() {
    let site = three_posts();
    site.post("bad.md", "---\ntitle: Bad\ndate: someday\n---\n");
    let report = build_json(&site, &[]);
    assert_eq!(report["exit_code"], 1);
    assert_eq!(report["published"], false);
    let error = &report["errors"][0];
    assert!(error["file"].as_str().is_some_and(|f| f.ends_with("bad.md")), "{error}");
    assert_eq!(error["line"], 3);
    assert!(error["message"].as_str().is_some_and(|m| m.contains("someday")), "{error}");
    assert_eq!(report["posts"]["files"], 4);
    assert_eq!(report["posts"]["published"], 3);
}

#[test]
fn quiet_success_prints_nothing_at_all() {
    let site = three_posts();
    let output = site.build(&["-q"]);
    assert!(output.status.success());
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

#[test]
fn a_missing_posts_folder_is_fatal_even_with_keep_going() {
    let site = three_posts();
    build_json(&site, &[]);
    let before = snapshot(&site.out());
    fs::rename(site.path().join("posts"), site.path().join("posts-unmounted")).unwrap();
    // With no posts/ beside the config the site folder itself is the input, so name it.
    let config = fs::read_to_string(site.path().join("feedcard.yaml")).unwrap();
    fs::write(site.path().join("feedcard.yaml"), format!("{config}input: posts\n")).unwrap();
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("input folder"), "{}", stderr(&output));
    assert_eq!(snapshot(&site.out()), before, "an unmounted posts folder must not empty the site");
}

#[test]
fn an_output_folder_that_cannot_be_written_exits_4() {
    let site = three_posts();
    fs::write(site.path().join("a-file"), "").unwrap();
    let out = site.path().join("a-file/out");
    let output = feedcard(&["build", site.path().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains("a-file"), "{}", stderr(&output));
}
