//! A generator's site built end to end with no feedcard.yaml and no flags
//! beyond the output folder: detection, addresses, tags and pages.

mod common;

use common::{feedcard_in, stderr};
use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the fixture site `name`, so a build may write beside it.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(name).join("site");
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&from, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("fixture").flatten() {
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn rss_items(dir: &Path) -> Vec<(String, Vec<String>)> {
    let bytes = fs::read(dir.join("out/rss.xml")).expect("rss.xml written");
    let channel = rss::Channel::read_from(&bytes[..]).expect("valid RSS");
    channel
        .items()
        .iter()
        .map(|item| {
            let guid = item.guid().map(|g| g.value().to_string()).unwrap_or_default();
            (guid, item.categories().iter().map(|c| c.name().to_string()).collect())
        })
        .collect()
}

#[test]
fn a_jekyll_site_builds_with_no_config_and_says_what_it_detected() {
    let site = copy_fixture("jekyll");
    let post = "---\ntitle: Spaced tags\ntags: rust web\n---\nBody\n";
    fs::write(site.path().join("_posts/2025-06-01-spaced-tags.md"), post).expect("post");
    let out = feedcard_in(site.path(), &["build", "-o", "out", "--now", "2026-01-01"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("jekyll site (from"), "{err}");
    assert!(err.contains("_config.yml) at https://jekyll.example.org/journal/"), "{err}");
    let items = rss_items(site.path());
    let spaced = items.iter().find(|(guid, _)| guid.contains("spaced-tags")).expect("the new post");
    assert!(spaced.0.starts_with("https://jekyll.example.org/journal/2025/06/01/"), "{}", spaced.0);
    // Jekyll splits a tags string at spaces.
    assert_eq!(spaced.1, ["rust", "web"]);
}

#[test]
fn an_eleventy_site_keeps_collection_tags_and_pages_out_of_the_feeds() {
    let site = copy_fixture("eleventy");
    let post = "---\ntitle: Tagged\ndate: 2025-05-05\ntags: [posts, rust]\n---\nBody\n";
    fs::write(site.path().join("content/blog/tagged.md"), post).expect("post");
    // A note with no front matter outside the posts collection is a page too.
    fs::create_dir_all(site.path().join("content/scratch")).expect("folder");
    fs::write(site.path().join("content/scratch/raw.md"), "# Just a note\n").expect("note");
    let out = feedcard_in(site.path(), &["build", "-o", "out", "--now", "2026-01-01", "--only", "feeds"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // Undated pages (about, index) are pages, not a warning.
    assert!(!err.contains("warning:"), "{err}");
    let items = rss_items(site.path());
    assert!(!items.is_empty());
    for (guid, tags) in &items {
        assert!(!tags.iter().any(|t| t == "posts" || t == "post"), "{guid}: {tags:?}");
    }
    let tagged = items.iter().find(|(guid, _)| guid.ends_with("/blog/tagged/")).expect("the tagged post");
    assert_eq!(tagged.1, ["rust"]);
}

#[test]
fn a_site_url_on_the_command_line_wins_over_the_generators() {
    let site = copy_fixture("hugo");
    let out = feedcard_in(
        site.path(),
        &["build", "-o", "out", "--now", "2026-01-01", "--only", "feeds", "--site-url", "https://mirror.example/"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let items = rss_items(site.path());
    assert!(items.iter().all(|(guid, _)| guid.starts_with("https://mirror.example/")), "{items:?}");
}
