//! The feeds of a build: which are out of date, and writing those.

use std::collections::BTreeMap;

use super::cards::CardPlan;
use super::{BuildReport, Run};
use crate::config::Config;
use crate::feed::{self, FeedOutline, ItemImage};
use crate::fingerprint::Fingerprint;
use crate::manifest::Manifest;
use crate::output::{OutputError, WriteOutcome};
use crate::post::Post;

/// Every feed file with the hash of its inputs and whether the file from
/// the last run is still current. A post's picture counts by its card's
/// input hash, which decides the card's bytes.
pub(super) fn plan_feeds(
    posts: &[Post],
    cards: &[Option<CardPlan>],
    run: &Run<'_>,
) -> BTreeMap<String, (String, bool)> {
    let Run { config, output, previous, force, .. } = *run;
    let settings = settings_fingerprint(config);
    let mut post_hashes: Vec<Option<String>> = vec![None; posts.len()];
    let mut feeds = BTreeMap::new();
    let no_images = vec![None; posts.len()];
    let wanted = |outline: FeedOutline<'_>| {
        let mut hash = settings.clone();
        hash.add_str(outline.path);
        for &index in outline.items {
            let post = &posts[index];
            hash.add_str(post_hashes[index].get_or_insert_with(|| post_fingerprint(post)));
            match &cards[index] {
                Some(card) => hash.add_str(&card.hash),
                None => hash.add_str(post.image.as_ref().map_or("", |image| image.as_str())),
            };
        }
        let hash = hash.finish();
        let current = !force && previous.files.get(outline.path) == Some(&hash) && output.exists(outline.path);
        feeds.insert(outline.path.to_string(), (hash, current));
        false
    };
    feed::for_each_feed_where(posts, config, &no_images, wanted, |_| {});
    feeds
}

/// Writes the feeds that are not current; the others are not even rendered.
pub(super) fn write_feeds(
    posts: &[Post],
    images: &[Option<ItemImage>],
    feeds: BTreeMap<String, (String, bool)>,
    run: &Run<'_>,
    manifest: &mut Manifest,
    report: &mut BuildReport,
) -> Result<(), OutputError> {
    let mut failure = None;
    let stale = |outline: FeedOutline<'_>| feeds.get(outline.path).is_none_or(|(_, current)| !current);
    // Each feed is written and dropped before the next is made: memory stays at one feed.
    feed::for_each_feed_where(posts, run.config, images, stale, |file| {
        if failure.is_some() {
            return;
        }
        match run.output.write(&file.path, &file.bytes) {
            Ok(outcome) => report.record(file.path, outcome),
            Err(error) => failure = Some(error),
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    for (path, (hash, current)) in feeds {
        if current {
            report.record(path.clone(), WriteOutcome::Unchanged);
        }
        manifest.files.insert(path, hash);
    }
    Ok(())
}

/// Everything in the config that can change a feed's bytes.
fn settings_fingerprint(config: &Config) -> Fingerprint {
    let mut hash = Fingerprint::new();
    hash.add_str(&format!("{:?}", config.site)).add_str(&format!("{:?}", config.feeds));
    hash
}

/// Everything in a post that can change a feed's bytes.
fn post_fingerprint(post: &Post) -> String {
    let mut hash = Fingerprint::new();
    let optional = [
        post.updated.map(|date| date.to_rfc3339()),
        post.link.as_ref().map(|link| link.to_string()),
        post.description.clone(),
        (!post.authors.is_empty()).then(|| post.authors.join("\n")),
        post.lang.clone(),
        post.image.as_ref().map(|image| image.to_string()),
    ];
    hash.add_str(&post.slug).add_str(&post.title).add_str(&post.published.to_rfc3339());
    hash.add_str(post.permalink.as_str()).add_str(&post.body);
    for field in optional {
        // Present-but-empty and absent must differ.
        hash.add(&[u8::from(field.is_some())]).add_str(field.as_deref().unwrap_or(""));
    }
    hash.add(&post.tags.len().to_le_bytes());
    for tag in &post.tags {
        hash.add_str(tag);
    }
    hash.finish()
}
