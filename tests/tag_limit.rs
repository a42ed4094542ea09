//! Tags per post are capped (`max_tags_per_post`, default 100): each tag is
//! a folder of feeds, and 40,000 tags once took 70 s to check while holding
//! the lock. Over the cap is a post error naming the file, the line and the
//! key to raise; at the cap the post builds.

mod common;

use common::*;

fn tags(count: usize) -> String {
    let list: Vec<String> = (0..count).map(|n| format!("t{n}")).collect();
    format!("tags: [{}]\n", list.join(", "))
}

#[test]
fn forty_thousand_tags_are_rejected_naming_the_file_line_and_key() {
    let site = Site::with_url();
    site.post("many.md", &post("Many", "2025-01-01", &tags(40_000)));
    let output = site.build(&[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("posts/many.md:4: "), "{err}");
    assert!(err.contains("40000 tags, more than the limit of 100"), "{err}");
    assert!(err.contains("max_tags_per_post"), "{err}");
    assert!(files_below(&site.out()).is_empty(), "wrote {:?}", files_below(&site.out()));
}

#[test]
fn a_hundred_tags_build_and_the_limit_can_be_raised() {
    // Two posts share the tags, so each gets its feeds (`tags_min_posts: 2`).
    let site = Site::with_url();
    site.post("hundred.md", &post("Hundred", "2025-01-01", &tags(100)));
    site.post("again.md", &post("Again", "2025-01-02", &tags(100)));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("tags/t99/rss.xml").is_file());

    let site = Site::new(
        "site:\n  title: T\n  url: https://blog.example.com/\nmax_tags_per_post: 150\nfeeds: {tags_min_posts: 1}\n",
    );
    site.post("more.md", &post("More", "2025-01-01", &tags(150)));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("tags/t149/rss.xml").is_file());
}
