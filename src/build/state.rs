//! feedcard's own state in the output folder: the previous run's manifest,
//! read from `.feedcard/manifest.json`, or from the `manifest.json` an older
//! feedcard wrote at the root (migrated, then removed).

use chrono::{DateTime, SecondsFormat};

use super::{BuildError, BuildOptions};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, LEGACY_MANIFEST_FILE, MANIFEST_FILE};
use crate::output::{OutputDir, OutputError};
use crate::post::Post;

/// What the previous run left, and what to tidy once this run's state is written.
pub(super) struct PreviousState {
    pub manifest: Manifest,
    /// The bytes of an older feedcard's `manifest.json` at the root, removed
    /// once the new manifest is in place (and only if it still holds them).
    legacy: Option<Vec<u8>>,
    /// Said after publishing: feedcard's own state never stops a run.
    pub warnings: Vec<Diagnostic>,
}

/// Reads the previous manifest. A damaged one in feedcard's own folder is
/// treated as absent (everything is rebuilt); a root `manifest.json` counts
/// only when an older feedcard wrote it (a web app manifest is the site's).
pub(super) fn load(output: &OutputDir) -> Result<PreviousState, OutputError> {
    let legacy = output.read(LEGACY_MANIFEST_FILE)?.and_then(|bytes| Some((Manifest::parse(&bytes)?, bytes)));
    let mut warnings = Vec::new();
    let manifest = match output.read(MANIFEST_FILE)? {
        Some(bytes) => Manifest::parse(&bytes).unwrap_or_else(|| {
            warnings.push(
                Diagnostic::warning(
                    output.root().join(MANIFEST_FILE),
                    None,
                    "feedcard's manifest is empty or damaged, so every card and feed was made again and no old file was removed",
                )
                .with_help("nothing to do: this run wrote a new one"),
            );
            Manifest::default()
        }),
        None => legacy.as_ref().map(|(manifest, _)| manifest.clone()).unwrap_or_default(),
    };
    Ok(PreviousState { manifest, legacy: legacy.map(|(_, bytes)| bytes), warnings })
}

/// A now earlier than the newest post already published is a clock set
/// back (a machine without a real-time clock, `SOURCE_DATE_EPOCH=0`), not a
/// wish to unpublish the site, unless the caller says so.
pub(super) fn check_clock(previous: &Manifest, options: &BuildOptions, output: &OutputDir) -> Result<(), BuildError> {
    let Some(newest) = previous.newest_post.as_deref() else { return Ok(()) };
    let Ok(newest) = DateTime::parse_from_rfc3339(newest) else { return Ok(()) };
    if options.allow_earlier_now || options.now >= newest {
        return Ok(());
    }
    Err(BuildError::ClockBehind {
        now: options.now.to_rfc3339_opts(SecondsFormat::Secs, true),
        newest: newest.to_rfc3339_opts(SecondsFormat::Secs, true),
        output: output.root().to_path_buf(),
    })
}

/// The newest post date to record: the latest of this run's posts and the
/// date recorded before (a post deleted since was still published once, so
/// a now before it is still a clock set back), unless an earlier now was
/// asked for: then this run's posts alone.
pub(super) fn newest_post(posts: &[Post], previous: &Manifest, options: &BuildOptions) -> Option<String> {
    let newest = posts.iter().map(|post| post.published).max();
    let recorded = previous.newest_post.as_deref().and_then(|date| DateTime::parse_from_rfc3339(date).ok());
    let newest = match (newest, recorded) {
        (Some(newest), Some(recorded)) if recorded > newest && !options.allow_earlier_now => Some(recorded),
        (None, recorded) if !options.allow_earlier_now => recorded,
        (newest, _) => newest,
    };
    newest.map(|date| date.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

impl PreviousState {
    /// Removes an older feedcard's root `manifest.json` and lock, now that
    /// their successors are in place; `true` when the manifest went.
    pub fn retire_legacy(&mut self, output: &OutputDir) -> Result<bool, OutputError> {
        let Some(bytes) = self.legacy.take() else { return Ok(false) };
        output.remove_legacy_lock();
        // Replaced by the site since it was read: then it is the site's now.
        if output.read(LEGACY_MANIFEST_FILE)?.as_deref() != Some(bytes.as_slice()) {
            return Ok(false);
        }
        output.remove(LEGACY_MANIFEST_FILE)
    }
}
