//! What a run tells the site and its subscribers about the feeds: the
//! manifest's feed list and autodiscovery `<link>` tags, and the OPML file.

use std::collections::BTreeMap;

use super::cards::StagedFile;
use super::Run;
use crate::config::Config;
use crate::feed::{self, FeedLink};
use crate::fingerprint::Fingerprint;
use crate::manifest::{FeedEntry, FileEntry, FileLink, Manifest};
use crate::output::OutputError;
use crate::post::Post;

/// Enters every feed in the manifest, with the `<link>` tags for the site's
/// pages and for each tag's page; returns the feeds.
pub(super) fn record_feeds(posts: &[Post], config: &Config, manifest: &mut Manifest) -> Vec<FeedLink> {
    let feeds = feed::feed_links(posts, config);
    manifest.links = feed::link_tags(feeds.iter().filter(|feed| feed.tag.is_none()));
    let mut by_tag: BTreeMap<&str, Vec<&FeedLink>> = BTreeMap::new();
    for feed in &feeds {
        if let Some(tag) = &feed.tag {
            by_tag.entry(tag).or_default().push(feed);
        }
    }
    manifest.tag_links = by_tag.into_iter().map(|(tag, feeds)| (tag.to_string(), feed::link_tags(feeds))).collect();
    manifest.feeds = feeds
        .iter()
        .map(|feed| FeedEntry {
            path: feed.path.clone(),
            url: feed.url.clone(),
            mime_type: feed.mime_type().to_string(),
            title: feed.title.clone(),
            tag: feed.tag.clone(),
        })
        .collect();
    feeds
}

/// Stages the OPML file (cheap, so every run: the writer leaves a file with
/// the same bytes alone) and enters it in the manifest.
pub(super) fn stage_opml(
    feeds: &[FeedLink],
    run: &Run<'_>,
    manifest: &mut Manifest,
) -> Result<Option<StagedFile>, OutputError> {
    let Some(file) = feed::opml_file(feeds, run.config) else { return Ok(None) };
    let staged = run.output.stage(&file.path, &file.bytes)?;
    let inputs = Fingerprint::new().add(&file.bytes).finish();
    manifest.files.insert(file.path.clone(), FileEntry { inputs, written: Some(staged.stamp().clone()) });
    let url = run.config.site.url.join(&file.path).map(String::from).unwrap_or_default();
    manifest.opml = Some(FileLink { path: file.path.clone(), url });
    Ok(Some((file.path, staged)))
}
