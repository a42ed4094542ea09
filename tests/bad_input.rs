//! Every kind of bad post: exit 1, a message naming the file and line, and
//! nothing written (or, with --keep-going, the good posts published).

mod common;

use common::*;
use std::fs;

/// (file name, contents, text the message must hold)
const BAD_POSTS: &[(&str, &str, &str)] = &[
    ("unclosed.md", "---\ntitle: Never closed\ndate: 2025-01-01\n", "unclosed.md:1"),
    ("bad-yaml.md", "---\ntitle: [unbalanced\ndate: 2025-01-01\n---\nx\n", "bad-yaml.md:"),
    ("impossible-date.md", "---\ntitle: T\ndate: 2024-13-45\n---\nx\n", "impossible-date.md:3"),
    ("word-date.md", "---\ntitle: T\ndate: yesterday\n---\nx\n", "word-date.md:3"),
    ("script-link.md", "---\ntitle: T\ndate: 2025-01-01\nlink: javascript:alert(1)\n---\nx\n", "script-link.md:4"),
    ("not-a-url.md", "---\ntitle: T\ndate: 2025-01-01\nlink: see my other post\n---\nx\n", "not-a-url.md:4"),
    ("list-title.md", "---\ntitle: [a, b]\ndate: 2025-01-01\n---\nx\n", "list-title.md:2"),
    ("map-tags.md", "---\ntitle: T\ndate: 2025-01-01\ntags: {a: 1}\n---\nx\n", "map-tags.md:4"),
    ("empty.md", "---\ndate: 2025-01-01\n---\n", "empty.md"),
];

fn good_site() -> Site {
    let site = Site::with_url();
    site.post("good.md", &post("Good", "2025-01-01", ""));
    site
}

#[test]
fn each_bad_post_fails_with_file_and_line_and_writes_nothing() {
    for (name, text, expected) in BAD_POSTS {
        let site = good_site();
        site.post(name, text);
        let output = site.build(&[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(expected), "{name}: expected `{expected}` in:\n{err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(files_below(&site.out()).is_empty(), "{name}: wrote {:?}", files_below(&site.out()));
    }
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = good_site();
    for (name, text, _) in BAD_POSTS {
        site.post(name, text);
    }
    let output = site.build(&[]);
    let err = stderr(&output);
    for (_, _, expected) in BAD_POSTS {
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
}

#[test]
fn a_bad_run_leaves_the_previous_output_byte_identical() {
    let site = good_site();
    assert!(site.build(&[]).status.success());
    let before: Vec<_> = files_below(&site.out()).into_iter().map(|n| (site.read_out(&n), n)).collect();
    site.post("broken.md", "---\ntitle: T\ndate: 2024-13-45\n---\n");
    site.post("good.md", &post("Good but changed", "2025-01-01", ""));
    assert_eq!(site.build(&[]).status.code(), Some(1));
    for (bytes, name) in before {
        assert_eq!(site.read_out(&name), bytes, "{name} changed after a failed run");
    }
}

#[test]
fn keep_going_publishes_the_valid_posts_and_still_exits_1() {
    let site = good_site();
    site.post("broken.md", "---\ntitle: T\ndate: 2024-13-45\n---\n");
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("broken.md:3"));
    let feed = parse_feed("rss.xml", &site.read_out("rss.xml"));
    assert_eq!(feed.entries.len(), 1);
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = good_site();
    site.post("a/same.md", &post("One", "2025-01-01", ""));
    site.post("b/same.md", &post("Two", "2025-01-02", ""));
    let output = site.build(&[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(err.contains("same.md") && err.contains("a/same.md") && err.contains("b/same.md"), "{err}");
}

#[test]
fn a_readme_without_front_matter_is_skipped_not_an_error() {
    let site = good_site();
    site.post("README.md", "# Notes\n\nNo front matter here.\n");
    let output = site.build(&["-v"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("README.md"));
    assert_eq!(parse_feed("rss.xml", &site.read_out("rss.xml")).entries.len(), 1);
}

#[test]
fn strict_turns_warnings_into_errors() {
    let site = good_site();
    // No title: one is made from the body, with a warning.
    site.post("note.md", "---\ndate: 2025-01-02\n---\nA short note about nothing much. More text.\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: "), "{}", stderr(&output));
    fs::remove_dir_all(site.out()).unwrap();
    let output = site.build(&["--strict"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(files_below(&site.out()).is_empty());
}

/// A feed file named like a folder feedcard needs (`cards`, `tags`), like its
/// state (`.feedcard`), or like a folder of another feed is a config error:
/// exit 2 before anything is written, not exit 4 on every run.
#[test]
fn feed_file_names_that_clash_with_folders_are_config_errors() {
    let cases = [
        "{rss: {file: cards}}",
        "{atom: {file: tags}}",
        "{json: {file: .feedcard}}",
        "{json: {file: .feedcard/manifest.json}}",
        "{rss: {file: Cards}}",
        "{rss: {file: feeds}, atom: {file: feeds/atom.xml}}",
    ];
    for feeds in cases {
        let site = Site::new(&format!("site: {{url: 'https://blog.example.com/'}}\nfeeds: {feeds}\n"));
        site.post("good.md", &post("Good", "2025-01-01", "tags: [rust]\n"));
        let output = site.build(&[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{feeds}: {err}");
        assert!(err.contains("feeds"), "{feeds}: the message names the setting: {err}");
        assert!(!site.out().exists(), "{feeds}: wrote {:?}", files_below(&site.out()));
    }
}
