//! `feedcard init` and `feedcard check` on a site with no feedcard.yaml:
//! what was detected is shown, and the written config reads back.

mod common;

use common::{feedcard_in, stderr};
use std::fs;

fn posts_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.md"), "---\ntitle: A\ndate: 2024-01-01\n---\nBody\n").expect("post");
    fs::write(dir.path().join("b.md"), "+++\ntitle = \"B\"\ndate = 2024-01-02\n+++\nBody\n").expect("post");
    dir
}

#[test]
fn init_writes_a_config_that_builds_and_refuses_to_overwrite() {
    let dir = posts_folder();
    let out = feedcard_in(dir.path(), &["init", "--site-url", "https://me.example/blog/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("feedcard.yaml")).expect("feedcard.yaml written");
    assert!(text.contains("url: https://me.example/blog/"), "{text}");
    assert!(stderr(&out).contains("generator: none"), "{}", stderr(&out));

    let again = feedcard_in(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(dir.path().join("feedcard.yaml")).expect("kept"), text);

    let build = feedcard_in(dir.path(), &["build", "-o", "out", "--now", "2026-01-01", "-q"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let rss = fs::read_to_string(dir.path().join("out/rss.xml")).expect("rss.xml");
    assert!(rss.contains("https://me.example/blog/b/"), "the TOML post is published: {rss}");
}

#[test]
fn init_without_a_url_leaves_it_empty_so_a_build_stops_with_a_clear_message() {
    let dir = posts_folder();
    let out = feedcard_in(dir.path(), &["init", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let build = feedcard_in(dir.path(), &["build", "-o", "out"]);
    assert_eq!(build.status.code(), Some(2));
    assert!(stderr(&build).contains("site URL is not set"), "{}", stderr(&build));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn check_says_where_each_setting_came_from() {
    let dir = posts_folder();
    fs::write(dir.path().join("feedcard.yaml"), "site:\n  url: https://me.example/\n  timezone: Asia/Seoul\n")
        .expect("config");
    let out = feedcard_in(dir.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("time zone: Asia/Seoul (from"), "{err}");
    assert!(err.contains("feedcard.yaml)"), "{err}");
    assert!(err.contains("title: me.example (from default)"), "{err}");
}
