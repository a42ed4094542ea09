//! The feeds of a build: which are out of date, and staging those.

use std::collections::BTreeMap;

use super::cards::{CardPlan, StagedFile};
use super::{BuildError, BuildReport, Run};
use crate::config::Config;
use crate::feed::{self, FeedOutline, ItemImage};
use crate::fingerprint::Fingerprint;
use crate::manifest::{FileEntry, Manifest};
use crate::output::{Check, Stamp, WriteOutcome};
use crate::post::Post;

/// A feed file: the hash of its inputs, and what the file from an earlier
/// run holds when that is still current.
pub(super) struct FeedState {
    inputs: String,
    current: Option<Stamp>,
}

/// Every feed file of this run and whether the file from the last run is
/// still current: made from the same inputs, and still holding what was
/// written (an emptied or edited feed is made again). A post's picture
/// counts by its card's input hash, which decides the card's bytes.
pub(super) fn plan_feeds(posts: &[Post], cards: &[Option<CardPlan>], run: &Run<'_>) -> BTreeMap<String, FeedState> {
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
                // The feeds show the card's address, which holds the hash of its bytes.
                Some(card) => hash.add_str(&card.hash).add_str(card.stamp.as_ref().map_or("", |s| s.hash.as_str())),
                None => hash.add_str(post.image.as_ref().map_or("", |image| image.as_str())),
            };
        }
        let inputs = hash.finish();
        let written = previous.files.get(outline.path).filter(|file| !force && file.inputs == inputs);
        let current = match written.and_then(|file| file.written.as_ref()).map(|s| output.check(outline.path, s)) {
            Some(Check::Same(stamp)) => Some(stamp),
            _ => None,
        };
        feeds.insert(outline.path.to_string(), FeedState { inputs, current });
        false
    };
    feed::for_each_feed_where(posts, config, &no_images, run.now.fixed_offset(), wanted, |_| {});
    feeds
}

/// Stages the feeds that are not current (the others are not even
/// rendered) and enters every feed in the manifest. Each feed is written to
/// its temporary file, closed and dropped before the next is made: memory
/// stays at one feed, and no file stays open.
pub(super) fn stage_feeds(
    posts: &[Post],
    images: &[Option<ItemImage>],
    feeds: BTreeMap<String, FeedState>,
    run: &Run<'_>,
    manifest: &mut Manifest,
    report: &mut BuildReport,
) -> Result<Vec<StagedFile>, BuildError> {
    let mut failure: Option<BuildError> = None;
    let mut staged = Vec::new();
    let stale = |outline: FeedOutline<'_>| feeds.get(outline.path).is_none_or(|feed| feed.current.is_none());
    feed::for_each_feed_where(posts, run.config, images, run.now.fixed_offset(), stale, |file| {
        if failure.is_some() {
            return;
        }
        if let Err(stopped) = run.stop.check() {
            failure = Some(stopped.into());
            return;
        }
        match run.output.stage(&file.path, &file.bytes) {
            Ok(file_staged) => {
                if let Some(feed) = feeds.get(&file.path) {
                    let entry = FileEntry { inputs: feed.inputs.clone(), written: Some(file_staged.stamp().clone()) };
                    manifest.files.insert(file.path.clone(), entry);
                }
                staged.push((file.path, file_staged));
            }
            Err(error) => failure = Some(error.into()),
        }
    });
    if let Some(error) = failure {
        return Err(error);
    }
    // Cheap to stage every run: the writer leaves a file with the same bytes alone.
    if let Some(sheet) = feed::stylesheet_file(run.config) {
        let sheet_staged = run.output.stage(&sheet.path, &sheet.bytes)?;
        let inputs = Fingerprint::new().add(&sheet.bytes).finish();
        manifest.files.insert(sheet.path.clone(), FileEntry { inputs, written: Some(sheet_staged.stamp().clone()) });
        staged.push((sheet.path, sheet_staged));
    }
    for (path, feed) in feeds {
        if let Some(stamp) = feed.current {
            report.record(path.clone(), WriteOutcome::Unchanged);
            manifest.files.insert(path, FileEntry { inputs: feed.inputs, written: Some(stamp) });
        }
    }
    Ok(staged)
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
