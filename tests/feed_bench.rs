//! The feed emitter's performance target: 10,000 posts of ~1,000 words, full
//! content, no limit, three feeds, no per-tag feeds. Not a timed test: run it
//! and read the figures (peak memory from `/usr/bin/time -v`):
//!
//! ```sh
//! cargo test --release --test feed_bench --no-run
//! /usr/bin/time -v target/release/deps/feed_bench-* --ignored --nocapture --exact ten_thousand_full_posts
//! /usr/bin/time -v target/release/deps/feed_bench-* --ignored --nocapture --exact ten_thousand_full_posts_streamed
//! ```

use std::time::Instant;

use feedcard::config::{Config, ContentMode};
use feedcard::feed::{for_each_feed, render_feeds};
use feedcard::post::Post;

const WORDS: &[&str] = &[
    "release",
    "train",
    "maintainer",
    "the",
    "of",
    "and",
    "schedule",
    "a",
    "contributors",
    "review",
    "to",
    "in",
    "fixed",
    "dates",
    "cost",
    "us",
    "project",
    "users",
    "which",
    "changelog",
    "every",
    "weeks",
    "it",
    "we",
];

/// About 1,000 words in ten paragraphs, with a heading, links and emphasis.
fn body(seed: usize) -> String {
    let mut body = String::with_capacity(7_000);
    body.push_str("## Notes\n\n");
    for paragraph in 0..10 {
        for word in 0..100 {
            let w = WORDS[(seed * 7 + paragraph * 31 + word * 13) % WORDS.len()];
            match word {
                40 => body.push_str("[a link](../other/) "),
                70 => {
                    body.push_str("**");
                    body.push_str(w);
                    body.push_str("** ");
                }
                _ => {
                    body.push_str(w);
                    body.push(' ');
                }
            }
        }
        body.push_str("\n\n");
    }
    body
}

fn setup() -> Result<(Config, Vec<Post>), Box<dyn std::error::Error>> {
    let mut config = Config::with_site_url("https://blog.example.com/")?;
    for feed in [&mut config.feeds.rss, &mut config.feeds.atom, &mut config.feeds.json] {
        feed.limit = 0;
        feed.content = ContentMode::Full;
        feed.per_tag = false;
    }
    let start = chrono::DateTime::parse_from_rfc3339("2000-01-01T00:00:00+00:00")?;
    let posts = (0..10_000)
        .map(|n| -> Result<Post, url::ParseError> {
            Ok(Post {
                source: format!("posts/p{n}.md").into(),
                slug: format!("p{n}"),
                title: format!("Post number {n} & more"),
                published: start + chrono::Duration::hours(n),
                updated: None,
                link: None,
                permalink: url::Url::parse(&format!("https://blog.example.com/p{n}/"))?,
                tags: vec!["oss".into(), "process".into()],
                description: (n % 2 == 0).then(|| format!("Description of post {n}.")),
                author: None,
                lang: None,
                image: None,
                body: body(n as usize),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((config, posts))
}

/// Every feed held in memory at once, as `render_feeds` returns them.
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn ten_thousand_full_posts() -> Result<(), Box<dyn std::error::Error>> {
    let (config, posts) = setup()?;
    let input: usize = posts.iter().map(|p| p.body.len()).sum();
    let clock = Instant::now();
    let files = render_feeds(&posts, &config);
    let elapsed = clock.elapsed();
    for file in &files {
        eprintln!("{:>10} bytes  {}", file.bytes.len(), file.path);
    }
    eprintln!("{input} bytes of Markdown -> {} files in {elapsed:.2?}", files.len());
    assert_eq!(files.len(), 3);
    Ok(())
}

/// Each feed dropped once made, as a writer using `for_each_feed` would.
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn ten_thousand_full_posts_streamed() -> Result<(), Box<dyn std::error::Error>> {
    let (config, posts) = setup()?;
    let clock = Instant::now();
    let mut total = 0;
    for_each_feed(&posts, &config, |file| total += file.bytes.len());
    eprintln!("{total} bytes streamed in {:.2?}", clock.elapsed());
    Ok(())
}
