//! The feeds of a build: which are out of date, and staging those.

use std::collections::BTreeMap;

use super::cards::{CardPlan, StagedFile};
use super::{BuildError, BuildReport, Run};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::feed::{self, Bodies, FeedOutline, FeedOutput, ItemImage};
use crate::fingerprint::Fingerprint;
use crate::manifest::{FileEntry, Manifest};
use crate::output::{Check, OutputError, StagedWriter, Stamp, WriteOutcome};
use crate::par::prelude::*;
use crate::post::{body_text, Post};

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
pub(super) fn plan_feeds(
    posts: &[Post],
    cards: &[Option<CardPlan>],
    run: &Run<'_>,
) -> Result<BTreeMap<String, FeedState>, BuildError> {
    let Run { config, output, previous, force, .. } = *run;
    // Which feeds there are and what they hold; nothing is rendered.
    let mut outlines: Vec<(String, Vec<usize>)> = Vec::new();
    let no_images = vec![None; posts.len()];
    let outline = |outline: FeedOutline<'_>| {
        outlines.push((outline.path.to_string(), outline.items.to_vec()));
        false
    };
    feed::for_each_feed_where(posts, config, &no_images, run.now.fixed_offset(), outline, |_| {});
    // Each post in a feed hashed once, in parallel (a body may be read again).
    let mut shown = vec![false; posts.len()];
    outlines.iter().flat_map(|(_, items)| items).for_each(|&index| shown[index] = true);
    let post_hashes: Vec<Option<String>> = posts
        .par_iter()
        .zip(shown)
        .map(|(post, shown)| shown.then(|| post_fingerprint(post, config)).transpose())
        .collect::<Result<_, _>>()
        .map_err(|problem| BuildError::PostChanged(Box::new(problem)))?;
    let settings = settings_fingerprint(config);
    let mut feeds = BTreeMap::new();
    for (path, items) in outlines {
        let mut hash = settings.clone();
        hash.add_str(&path);
        for index in items {
            hash.add_str(post_hashes[index].as_deref().unwrap_or_default());
            match &cards[index] {
                // The feeds show the card's address, which holds the hash of its bytes.
                Some(card) => hash.add_str(&card.hash).add_str(card.stamp.as_ref().map_or("", |s| s.hash.as_str())),
                None => hash.add_str(posts[index].image.as_ref().map_or("", |image| image.as_str())),
            };
        }
        let inputs = hash.finish();
        let written = previous.files.get(&path).filter(|file| !force && file.inputs == inputs);
        let current = match written.and_then(|file| file.written.as_ref()).map(|s| output.check(&path, s)) {
            Some(Check::Same(stamp)) => Some(stamp),
            _ => None,
        };
        feeds.insert(path, FeedState { inputs, current });
    }
    Ok(feeds)
}

/// Stages the feeds that are not current (the others are not even
/// rendered) and enters every feed in the manifest. Takes the posts'
/// bodies: nothing after the feeds reads them, and each is dropped once
/// rendered. The feeds are written to their temporary files as the posts
/// are rendered, a chunk at a time, so no feed is ever whole in memory.
pub(super) fn stage_feeds(
    posts: &mut [Post],
    images: &[Option<ItemImage>],
    feeds: BTreeMap<String, FeedState>,
    run: &Run<'_>,
    manifest: &mut Manifest,
    report: &mut BuildReport,
) -> Result<Vec<StagedFile>, BuildError> {
    let bodies = Bodies::Owned(posts.iter_mut().map(|post| std::mem::take(&mut post.body)).collect());
    let stale = |outline: FeedOutline<'_>| feeds.get(outline.path).is_none_or(|feed| feed.current.is_none());
    // In plan order, whichever feed is complete first.
    let mut written: Vec<Option<StagedFile>> = Vec::new();
    let finished = |at: usize, path: &str, writer: StagedWriter<'_>| -> Result<(), BuildError> {
        let file_staged = writer.finish()?;
        if let Some(feed) = feeds.get(path) {
            let entry = FileEntry { inputs: feed.inputs.clone(), written: Some(file_staged.stamp().clone()) };
            manifest.files.insert(path.to_string(), entry);
        }
        written.resize_with(written.len().max(at + 1), || None);
        written[at] = Some((path.to_string(), file_staged));
        Ok(())
    };
    let output = Staging(run);
    feed::write_feeds(posts, bodies, run.config, images, run.now.fixed_offset(), stale, &output, finished)?;
    let mut staged: Vec<StagedFile> = written.into_iter().flatten().collect();
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

/// The feeds of a run go to staged files in its output folder.
struct Staging<'a>(&'a Run<'a>);

impl<'a> FeedOutput for Staging<'a> {
    type Writer = StagedWriter<'a>;
    type Error = BuildError;

    fn open(&self, path: &str) -> Result<StagedWriter<'a>, BuildError> {
        Ok(self.0.output.stage_writer(path)?)
    }

    fn write_failed(&self, path: &str, source: std::io::Error) -> BuildError {
        OutputError::Io { path: self.0.output.root().join(path), source }.into()
    }

    fn read_failed(&self, problem: Diagnostic) -> BuildError {
        BuildError::PostChanged(Box::new(problem))
    }

    /// A stop asked for between chunks backs out before the next.
    fn carry_on(&self) -> Result<(), BuildError> {
        Ok(self.0.stop.check()?)
    }
}

/// Everything in the config that can change a feed's bytes.
fn settings_fingerprint(config: &Config) -> Fingerprint {
    let mut hash = Fingerprint::new();
    hash.add_str(&format!("{:?}", config.site)).add_str(&format!("{:?}", config.feeds));
    hash
}

/// Everything in a post that can change a feed's bytes.
fn post_fingerprint(post: &Post, config: &Config) -> Result<String, Diagnostic> {
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
    hash.add_str(post.permalink.as_str()).add_str(&body_text(post, config)?);
    for field in optional {
        // Present-but-empty and absent must differ.
        hash.add(&[u8::from(field.is_some())]).add_str(field.as_deref().unwrap_or(""));
    }
    hash.add(&post.tags.len().to_le_bytes());
    for tag in &post.tags {
        hash.add_str(tag);
    }
    Ok(hash.finish())
}
