//! One build: the reader feeds the two emitters, the output writer publishes,
//! and the manifest records what was written from which inputs.
//!
//! The order: read the posts; lock the output folder and load feedcard's
//! state (`state.rs`); draw the changed cards (`cards.rs`) and render the
//! changed feeds (`feeds.rs`) into temporary files, then the manifest; only
//! then rename them all into place and remove stale files (`publish.rs`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

mod cards;
mod feeds;
mod meta;
mod publish;
mod state;
mod websub;
mod wiring;

pub use cards::{card_date, card_text, image_contrast_warnings, missing_glyphs_error, render_card, PostImages};

use cards::{draw_cards, mark_if_current, plan_cards, previous_card, record_cards};
use feeds::{plan_feeds, stage_feeds};

use crate::card::{merge_font_uses, CardError, CardRenderer, FontUse};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::feed;
use crate::manifest::{Manifest, LEGACY_MANIFEST_FILE, MANIFEST_FILE};
use crate::output::{OutputDir, OutputError, WriteOutcome};
use crate::par::prelude::*;
use crate::post::{self, BodyBudget, Post};
use crate::stop::{Stop, Stopped};
use std::sync::Arc;

/// Which emitter a build runs; both when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Only {
    /// The feeds alone; the cards earlier builds made stay as they are.
    Feeds,
    /// The cards alone; the feeds stay as they are.
    Cards,
}

/// Told how the card drawing goes, e.g. to move a progress bar. Called from
/// the threads that draw the cards.
pub trait Progress: Send + Sync {
    /// Drawing starts: this many cards changed and will be drawn.
    fn start(&self, cards_to_draw: usize);
    /// One more card is drawn.
    fn card_done(&self);
    /// Every card is drawn.
    fn finish(&self);
}

/// How [`build`] runs: the time, and what the command line's flags set.
/// Start from [`BuildOptions::new`] and change the fields that differ.
#[derive(Clone)]
#[non_exhaustive]
pub struct BuildOptions {
    /// Posts dated after this are not published yet.
    pub now: DateTime<Utc>,
    /// Publish the valid posts even when others have errors.
    pub keep_going: bool,
    /// Warnings count as errors.
    pub strict: bool,
    /// How long to wait for another build that holds the output folder.
    pub lock_timeout: Duration,
    /// One emitter only; `None` runs both.
    pub only: Option<Only>,
    /// Render every card even when its inputs did not change.
    pub force: bool,
    /// Build even when `now` is earlier than the newest post already
    /// published (which unpublishes the posts dated after it).
    pub allow_earlier_now: bool,
    /// Told how the card drawing goes.
    pub progress: Option<std::sync::Arc<dyn Progress>>,
    /// Asked to stop (SIGINT, SIGTERM): the build backs out before
    /// publishing, or finishes publishing first.
    pub(crate) stop: Option<Arc<Stop>>,
    /// Decide everything, write nothing: the report lists what would be
    /// written and removed.
    pub dry_run: bool,
}

impl BuildOptions {
    /// The defaults of `feedcard build` at the time `now`: stop at the
    /// first error, wait 60 s for the lock, both emitters, only what changed.
    pub fn new(now: DateTime<Utc>) -> BuildOptions {
        BuildOptions {
            now,
            keep_going: false,
            strict: false,
            lock_timeout: Duration::from_secs(60),
            only: None,
            force: false,
            allow_earlier_now: false,
            progress: None,
            stop: None,
            dry_run: false,
        }
    }
}

/// How many Markdown files a build found, by what became of them.
#[derive(Debug, Default, Serialize)]
#[non_exhaustive]
pub struct PostCounts {
    /// Markdown files looked at.
    pub files: usize,
    /// Posts in the feeds.
    pub published: usize,
    /// Posts marked `draft: true` (or Jekyll's `published: false`).
    pub drafts: usize,
    /// Posts dated after the build's `now`: published by a later build.
    pub future: usize,
    /// On the site, but kept out of feeds (`feed: false`, expired).
    pub hidden: usize,
    /// Markdown files that are not posts (no front matter, pages, `_index.md`).
    pub skipped: usize,
}

/// What a build did (`feedcard build --format json` prints it).
#[derive(Debug, Default, Serialize)]
#[non_exhaustive]
pub struct BuildReport {
    /// The posts found.
    pub posts: PostCounts,
    /// Every problem found in the posts and the settings.
    pub diagnostics: Vec<Diagnostic>,
    /// False when errors stopped the run before anything was written.
    pub published: bool,
    /// Files written, relative to the output folder, `/`-separated.
    pub written: Vec<String>,
    /// Files left alone because their bytes did not change.
    pub unchanged: Vec<String>,
    /// Files an earlier build wrote that this one no longer makes, removed.
    pub removed: Vec<String>,
    /// Cards drawn this run (the rest were unchanged and skipped).
    pub cards_rendered: usize,
    /// `check` only: the font for each writing system of the cards.
    pub(crate) fonts: Vec<FontUse>,
    /// The feeds whose change the WebSub hub was told of (their addresses).
    pub announced: Vec<String>,
    /// What went wrong telling the WebSub hub: warnings, kept apart from
    /// `diagnostics` because they never fail a run, even under --strict
    /// (the files are published by then).
    pub hub_warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// How many of the diagnostics have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Errors, plus warnings under --strict: what makes the exit code 1.
    pub fn failed(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }

    fn record(&mut self, path: String, outcome: WriteOutcome) {
        match outcome {
            WriteOutcome::Written => self.written.push(path),
            WriteOutcome::Unchanged => self.unchanged.push(path),
        }
    }
}

/// Why a build stopped before it could report on the posts. Problems in
/// the posts are not errors here: they are in [`BuildReport::diagnostics`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The output folder cannot be locked, written or cleaned.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A font, logo or background the config names cannot be used.
    #[error(transparent)]
    Card(#[from] CardError),
    /// The posts' folder does not exist or is not a folder.
    #[error(
        "the input folder {0} does not exist or is not a folder (check INPUT or `input:` in feedcard.yaml); nothing was changed"
    )]
    NoInput(std::path::PathBuf),
    /// `now` is earlier than the newest post an earlier build published, and
    /// [`BuildOptions::allow_earlier_now`] is off.
    #[error(
        "the build's now, {now}, is earlier than {newest}, the date of the newest post already published \
         in {output}; building would take every post dated after {now} off the site (check the system clock and \
         SOURCE_DATE_EPOCH; if you mean it, pass --now {now} --allow-earlier-now)"
    )]
    ClockBehind {
        /// The build's time.
        now: String,
        /// The date of the newest post already published.
        newest: String,
        /// The output folder.
        output: std::path::PathBuf,
    },
    /// A post changed or went away while the build ran (its body is read
    /// again for the feeds); nothing was published.
    #[error("{0}")]
    PostChanged(Box<Diagnostic>),
    /// Stopped by this signal (SIGINT, SIGTERM) before publishing anything.
    #[error(
        "stopped by {}; nothing was published: this run's temporary files are removed and the previous outputs are as they were",
        signal_name(*.0)
    )]
    Stopped(i32),
}

impl From<Stopped> for BuildError {
    fn from(Stopped(signal): Stopped) -> Self {
        BuildError::Stopped(signal)
    }
}

/// `SIGTERM` for 15: what `kill` and Ctrl-C send.
pub fn signal_name(signal: i32) -> String {
    match signal {
        2 => "SIGINT (Ctrl-C)".to_string(),
        15 => "SIGTERM".to_string(),
        other => format!("signal {other}"),
    }
}

/// Reads and validates the posts without writing anything, and finds the
/// font for every writing system in the cards' titles and tags: a
/// character no font has is an error, as it is for `build`.
pub fn check(config: &Config, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (mut report, posts) = read(config, options);
    if config.card.enabled {
        let renderer = CardRenderer::new(&config.card)?;
        // Fonts do not depend on the images, so those are not read here.
        let no_images = PostImages::default();
        let per_card: Vec<Vec<FontUse>> = posts
            .par_iter()
            .map(|post| match post.card.off {
                true => Vec::new(),
                false => renderer.font_uses(&card_text(post, config, &card_date(post, config), &no_images)),
            })
            .collect();
        for (post, uses) in posts.iter().zip(per_card) {
            let missing: Vec<char> = uses.iter().flat_map(|u| u.missing.iter().copied()).collect();
            report.diagnostics.extend(missing_glyphs_error(post, &missing));
            merge_font_uses(&mut report.fonts, uses);
        }
    }
    Ok(report)
}

/// The posts and what reading them found (`preview` starts here too).
pub(crate) fn read(config: &Config, options: &BuildOptions) -> (BuildReport, Vec<Post>) {
    read_within(config, options, None)
}

/// [`read`], leaving bodies past `budget` on disk for the feeds to read again.
fn read_within(config: &Config, options: &BuildOptions, budget: Option<&BodyBudget>) -> (BuildReport, Vec<Post>) {
    let outcome = post::read_posts_within(config, options.now, budget);
    let mut report = BuildReport {
        posts: PostCounts {
            files: outcome.files,
            published: outcome.posts.len(),
            drafts: outcome.drafts,
            future: outcome.future,
            hidden: outcome.hidden,
            skipped: outcome.skipped,
        },
        diagnostics: outcome.diagnostics,
        ..BuildReport::default()
    };
    report.diagnostics.extend(config.warnings.iter().cloned());
    report.diagnostics.extend(feed::unused_chosen_tags(&outcome.posts, config));
    if outcome.posts.is_empty() && report.diagnostics.iter().all(|d| !d.is_error()) {
        report.diagnostics.push(no_posts_warning(config, &report.posts));
    }
    (report, outcome.posts)
}

/// Feeds with no items are almost always a wrong folder or a wrong guess
/// about where the posts are.
fn no_posts_warning(config: &Config, counts: &PostCounts) -> Diagnostic {
    let held_back = counts.drafts + counts.future + counts.hidden;
    let (message, help) = if counts.files == 0 {
        (
            "no Markdown files here, so the feeds have no items".to_string(),
            "check the folder, or set `input:` in feedcard.yaml",
        )
    } else {
        (
            format!(
                "none of the {} Markdown files is a published post ({} skipped as pages, {held_back} drafts, scheduled or hidden), so the feeds have no items",
                counts.files, counts.skipped
            ),
            "`feedcard check -v` says why each file was skipped; `include:` in feedcard.yaml adds files",
        )
    };
    Diagnostic::warning(&config.input, None, message).with_help(help)
}

/// Builds the site: reads the posts, draws the cards that changed, renders
/// the feeds, and publishes them into the output folder, each file renamed
/// into place and left alone when its bytes did not change, under a lock
/// on the folder. With errors in the posts (and no `keep_going`) nothing
/// is written, so the previous outputs stay exactly as they were; the
/// errors are in the report.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let site = tempfile::tempdir()?;
/// std::fs::create_dir(site.path().join("posts"))?;
/// std::fs::write(site.path().join("posts/hello.md"), "---\ntitle: Hello\ndate: 2024-11-02\n---\nHi.\n")?;
/// let config = feedcard::Config::builder()
///     .site_url("https://example.org/")
///     .posts_dir(site.path().join("posts"))
///     .output_dir(site.path().join("public"))
///     .system_fonts(false)
///     .build()?;
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
///
/// let report = feedcard::build(&config, &feedcard::BuildOptions::new(now))?;
/// assert!(report.published);
/// assert_eq!(report.posts.published, 1);
/// assert!(report.written.iter().any(|path| path == "cards/hello.png"));
/// assert!(site.path().join("public/rss.xml").is_file());
///
/// // Nothing changed: nothing is written again.
/// let again = feedcard::build(&config, &feedcard::BuildOptions::new(now))?;
/// assert!(again.written.is_empty());
/// # Ok(())
/// # }
/// ```
pub fn build(config: &Config, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    // Not a post error: with --keep-going it would publish an empty site.
    if !config.input.is_dir() {
        return Err(BuildError::NoInput(config.input.clone()));
    }
    // The feeds read a body again rather than hold every one (`post::body`).
    let budget = BodyBudget::new(post::BODY_BUDGET);
    let (mut report, mut posts) = read_within(config, options, Some(&budget));
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }
    // Fonts and images load before anything is written: a bad one changes nothing.
    let renderer = if config.card.enabled { Some(CardRenderer::new(&config.card)?) } else { None };
    if let Some(renderer) = &renderer {
        report.diagnostics.extend(background_contrast_warnings(config, renderer));
    }
    let output = match options.dry_run {
        true => OutputDir::dry_run(&config.output)?,
        false => OutputDir::open(&config.output, options.lock_timeout)?,
    };
    let mut state = state::load(&output)?;
    let previous = std::mem::take(&mut state.manifest);
    state::check_clock(&previous, options, &output)?;
    let mut manifest = Manifest::new();
    manifest.newest_post = state::newest_post(&posts, &previous, options);
    // Declared before any staged file, so dropped after every one of them.
    let stop = options.stop.clone().unwrap_or_default();
    let _staging = stop.staging();

    let run = Run {
        config,
        output: &output,
        previous: &previous,
        force: options.force,
        progress: options.progress.as_deref(),
        stop: &stop,
        now: options.now,
    };
    // 1. Decide what is out of date.
    let mut cards = match &renderer {
        Some(renderer) => plan_cards(&posts, config, renderer),
        None => vec![None; posts.len()],
    };
    for (card, post) in cards.iter_mut().zip(&posts).filter_map(|(card, post)| Some((card.as_mut()?, post))) {
        if !options.force {
            mark_if_current(card, post, &previous, &output);
        }
    }
    if options.only == Some(Only::Feeds) {
        // Point at the cards earlier runs made; this run draws none.
        for (card, post) in cards.iter_mut().zip(&posts) {
            if card.as_ref().is_some_and(|card| card.bytes.is_none()) {
                *card = previous_card(post, &previous, &output);
            }
        }
    }

    // 2. Draw the cards that changed into temporary files: a failure or a
    // --strict warning can still back out with nothing published.
    let (cards, staged_cards) = match &renderer {
        Some(renderer) if options.only != Some(Only::Feeds) => draw_cards(&posts, cards, renderer, &run, &mut report)?,
        _ => (cards, Vec::new()),
    };
    for (card, post) in cards.iter().zip(&posts) {
        if let Some(error) = card.as_ref().and_then(|card| missing_glyphs_error(post, &card.missing)) {
            report.diagnostics.push(error);
        }
    }
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }
    stop.check()?;

    // 3. Stage the feeds, then the manifest: every file of the run is
    // written before the first rename, so a full disk or a bad folder stops
    // the run with nothing published.
    let feeds = (options.only != Some(Only::Cards)).then(|| plan_feeds(&posts, &cards, &run)).transpose()?;
    let images = record_cards(&posts, config, cards, &mut manifest);
    let feed_links = wiring::record_feeds(&posts, config, &mut manifest);
    let feed_paths: Vec<String> = feeds.iter().flat_map(|feeds| feeds.keys().cloned()).collect();
    let staged_feeds = match feeds {
        Some(feeds) => {
            let mut staged = stage_feeds(&mut posts, &images, feeds, &run, &mut manifest, &mut report)?;
            staged.extend(wiring::stage_opml(&feed_links, &run, &mut manifest)?);
            staged
        }
        None => Vec::new(),
    };
    // A partial run (one emitter, or posts left out by errors) keeps what it
    // did not redo on the books and removes nothing.
    let partial = options.only.is_some() || report.count(Severity::Error) > 0;
    if partial {
        for (path, entry) in &previous.files {
            manifest.files.entry(path.clone()).or_insert_with(|| entry.clone());
        }
        for (slug, entry) in &previous.posts {
            manifest.posts.entry(slug.clone()).or_insert_with(|| entry.clone());
        }
        manifest.opml = manifest.opml.take().or_else(|| previous.opml.clone());
    }
    let staged_manifest = if manifest == previous {
        // Nothing new to record (a run that changed nothing): compared in
        // memory, where streaming would write a temporary copy to drop.
        output.stage(MANIFEST_FILE, &manifest.to_bytes())?
    } else {
        let mut writer = output.stage_writer(MANIFEST_FILE)?;
        let failed = |source| OutputError::Io { path: output.root().join(MANIFEST_FILE), source };
        manifest.write_to(&mut writer).map_err(failed)?;
        writer.finish()?
    };

    // 4. Publish: cards before the feeds that show them; the manifest last,
    // so a run killed before it still has the old one listing stale files.
    // A stop asked for from here on waits until every rename is done.
    stop.publishing()?;
    publish::commit_all(&output, staged_cards.into_iter().chain(staged_feeds), &mut report)?;
    if !partial {
        publish::remove_stale(&previous, &manifest, config, &output, &mut report);
    }
    publish::commit_all(&output, [(MANIFEST_FILE.to_string(), staged_manifest)], &mut report)?;
    if state.retire_legacy(&output)? {
        report.removed.push(LEGACY_MANIFEST_FILE.to_string());
    }
    report.diagnostics.append(&mut state.warnings);
    report.published = true;
    // Last, with everything published: the hub fetches what it is told of.
    if let (Some(hub), false) = (&config.site.websub_hub, options.dry_run) {
        websub::announce(hub, config, &feed_paths, &mut report);
    }
    Ok(report)
}

/// Text colours hard to read on `card.background_image`, at the image.
pub fn background_contrast_warnings(config: &Config, renderer: &CardRenderer) -> Vec<Diagnostic> {
    let Some(image) = &config.card.background_image else { return Vec::new() };
    renderer
        .background_contrast()
        .iter()
        .map(|pair| {
            Diagnostic::warning(image, None, format!("card: {}", crate::card::contrast_message(pair, "this image")))
                .with_help("raise card.scrim (up to 1), or choose a card colour that stands out from the image")
        })
        .collect()
}

/// What every card and feed of a run shares.
#[derive(Clone, Copy)]
pub(super) struct Run<'a> {
    pub(super) config: &'a Config,
    pub(super) output: &'a OutputDir,
    pub(super) previous: &'a Manifest,
    pub(super) force: bool,
    pub(super) progress: Option<&'a dyn Progress>,
    pub(super) stop: &'a Stop,
    /// The build's time (`--now`): dates a feed with no items.
    pub(super) now: DateTime<Utc>,
}
