//! One build: the reader feeds the two emitters, the output writer publishes,
//! and the manifest records what was written from which inputs.

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::card::{CardError, CardRenderer, CardText};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::feed::{self, FeedOutline, ItemImage};
use crate::fingerprint::Fingerprint;
use crate::manifest::{Manifest, PostEntry, MANIFEST_FILE};
use crate::output::{OutputDir, OutputError, Staged, WriteOutcome};
use crate::post::{self, Post};

/// Which emitter a build runs; both when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Feeds,
    Cards,
}

/// Told how the card drawing goes, e.g. to move a progress bar.
pub trait Progress: Send + Sync {
    fn start(&self, cards_to_draw: usize);
    fn card_done(&self);
    fn finish(&self);
}

#[derive(Clone)]
pub struct BuildOptions {
    /// Posts dated after this are not published yet.
    pub now: DateTime<Utc>,
    /// Publish the valid posts even when others have errors.
    pub keep_going: bool,
    /// Warnings count as errors.
    pub strict: bool,
    pub lock_timeout: Duration,
    pub only: Option<Only>,
    /// Render every card even when its inputs did not change.
    pub force: bool,
    pub progress: Option<std::sync::Arc<dyn Progress>>,
}

impl BuildOptions {
    pub fn new(now: DateTime<Utc>) -> BuildOptions {
        BuildOptions {
            now,
            keep_going: false,
            strict: false,
            lock_timeout: Duration::from_secs(60),
            only: None,
            force: false,
            progress: None,
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct PostCounts {
    pub files: usize,
    pub published: usize,
    pub drafts: usize,
    pub future: usize,
    /// On the site, but kept out of feeds (`feed: false`, expired).
    pub hidden: usize,
    /// Markdown files that are not posts (no front matter, pages, `_index.md`).
    pub skipped: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct BuildReport {
    pub posts: PostCounts,
    pub diagnostics: Vec<Diagnostic>,
    /// False when errors stopped the run before anything was written.
    pub published: bool,
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
    /// Cards drawn this run (the rest were unchanged and skipped).
    pub cards_rendered: usize,
}

impl BuildReport {
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

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A font, logo or background the config names cannot be used.
    #[error(transparent)]
    Card(#[from] CardError),
    #[error(
        "the input folder {0} does not exist or is not a folder (check INPUT or `input:` in feedcard.yaml); nothing was changed"
    )]
    NoInput(std::path::PathBuf),
    #[error(
        "{0} is not feedcard's manifest; feedcard will not overwrite it (move it, or choose another output folder with -o)"
    )]
    ForeignManifest(std::path::PathBuf),
}

/// Reads and validates the posts without writing anything.
pub fn check(config: &Config, options: &BuildOptions) -> BuildReport {
    read(config, options).0
}

fn read(config: &Config, options: &BuildOptions) -> (BuildReport, Vec<Post>) {
    let outcome = post::read_posts(config, options.now);
    let report = BuildReport {
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
    (report, outcome.posts)
}

/// Reads, renders and writes. With errors (and no `keep_going`) nothing is
/// written, so the previous outputs stay exactly as they were.
pub fn build(config: &Config, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    // Not a post error: with --keep-going it would publish an empty site.
    if !config.input.is_dir() {
        return Err(BuildError::NoInput(config.input.clone()));
    }
    let (mut report, posts) = read(config, options);
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }
    // Fonts and images load before anything is written: a bad one changes nothing.
    let renderer = if config.card.enabled { Some(CardRenderer::new(&config.card)?) } else { None };
    let output = OutputDir::open(&config.output, options.lock_timeout)?;
    let previous = Manifest::parse(output.read(MANIFEST_FILE)?.as_deref())
        .ok_or_else(|| BuildError::ForeignManifest(config.output.join(MANIFEST_FILE)))?;
    let mut manifest = Manifest::new();

    let run = Run {
        config,
        output: &output,
        previous: &previous,
        force: options.force,
        progress: options.progress.as_deref(),
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
    let (cards, staged) = match &renderer {
        Some(renderer) if options.only != Some(Only::Feeds) => draw_cards(&posts, cards, renderer, &run, &mut report)?,
        _ => (cards, Vec::new()),
    };
    for (card, post) in cards.iter().zip(&posts) {
        if let Some(warning) = card.as_ref().and_then(|card| missing_glyphs_warning(post, &card.missing)) {
            report.diagnostics.push(warning);
        }
    }
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }

    // 3. Publish: the manifest first stops vouching for what is replaced.
    let feeds = match options.only {
        Some(Only::Cards) => BTreeMap::new(),
        _ => plan_feeds(&posts, &cards, &run),
    };
    let feeds_to_write = feeds.iter().filter(|(_, (_, current))| !current);
    distrust_before_rewriting(
        staged
            .iter()
            .map(|(path, hash, _)| (path.as_str(), hash.as_str()))
            .chain(feeds_to_write.map(|(path, (hash, _))| (path.as_str(), hash.as_str()))),
        &previous,
        &output,
    )?;
    for (path, _, staged) in staged {
        let outcome = output.commit(staged)?;
        report.record(path, outcome);
    }
    let images = record_cards(&posts, &config.site.url, cards, &mut manifest);
    if options.only != Some(Only::Cards) {
        write_feeds(&posts, &images, feeds, &run, &mut manifest, &mut report)?;
    }
    // A partial run (one emitter, or posts left out by errors) keeps what it
    // did not redo on the books and removes nothing.
    let partial = options.only.is_some() || report.count(Severity::Error) > 0;
    if partial {
        for (path, hash) in &previous.files {
            manifest.files.entry(path.clone()).or_insert_with(|| hash.clone());
        }
        for (slug, entry) in &previous.posts {
            manifest.posts.entry(slug.clone()).or_insert_with(|| entry.clone());
        }
    } else {
        remove_stale(&previous, &manifest, &output, &mut report)?;
    }
    let outcome = output.write(MANIFEST_FILE, &manifest.to_bytes())?;
    report.record(MANIFEST_FILE.to_string(), outcome);
    report.published = true;
    Ok(report)
}

/// Removes what an earlier run wrote for a post or tag that is gone. Only
/// files the previous manifest lists are candidates: a user's own files in
/// the output folder are never touched.
fn remove_stale(
    previous: &Manifest,
    current: &Manifest,
    output: &OutputDir,
    report: &mut BuildReport,
) -> Result<(), OutputError> {
    for path in previous.files.keys().filter(|path| !current.files.contains_key(*path)) {
        match output.remove(path) {
            Ok(true) => report.removed.push(path.clone()),
            Ok(false) => {}
            // A hand-edited manifest or a symlinked folder cannot make
            // feedcard delete outside its output folder.
            Err(OutputError::Escapes(_) | OutputError::Symlink(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

const CARD_FOLDER: &str = "cards/";

/// Where a post's card goes and the hash of everything that decides its pixels.
#[derive(Debug, Clone)]
struct CardPlan {
    path: String,
    hash: String,
    width: u32,
    height: u32,
    /// Filled once the card exists: its size in bytes.
    bytes: Option<u64>,
    /// Characters no font had, remembered so every run reports them.
    missing: Vec<char>,
}

/// The words a card shows for `post`.
pub fn card_text<'a>(post: &'a Post, config: &'a Config, date: &'a str) -> CardText<'a> {
    CardText { title: &post.title, tags: &post.tags, site: &config.site.title, date }
}

/// The date as a card shows it, in the site's time zone: `2 November 2024`.
pub fn card_date(post: &Post, config: &Config) -> String {
    post.published.with_timezone(&config.site.timezone).format("%-d %B %Y").to_string()
}

fn plan_cards(posts: &[Post], config: &Config, renderer: &CardRenderer) -> Vec<Option<CardPlan>> {
    let fingerprint = renderer.fingerprint();
    posts
        .iter()
        .map(|post| {
            let date = card_date(post, config);
            let text = card_text(post, config, &date);
            let mut hash = Fingerprint::new();
            hash.add_str(&fingerprint).add_str(text.title).add_str(text.site).add_str(text.date);
            for tag in text.tags {
                hash.add_str(tag);
            }
            Some(CardPlan {
                path: format!("{CARD_FOLDER}{}.png", post.slug),
                hash: hash.finish(),
                width: config.card.width,
                height: config.card.height,
                bytes: None,
                missing: Vec::new(),
            })
        })
        .collect()
}

/// Marks the card current (size and missing characters filled in) when an
/// earlier run made it from the same inputs and it is still in place.
fn mark_if_current(plan: &mut CardPlan, post: &Post, previous: &Manifest, output: &OutputDir) {
    let Some(entry) = previous.posts.get(&post.slug) else { return };
    let current = entry.hash == plan.hash && previous.files.get(&plan.path) == Some(&plan.hash);
    if current && output.exists(&plan.path) {
        plan.bytes = Some(entry.bytes);
        plan.missing = entry.missing_glyphs.clone();
    }
}

/// The card an earlier run made for this post, whatever its inputs were:
/// kept when this run cannot make a new one (a failed render, `--only feeds`).
fn previous_card(post: &Post, previous: &Manifest, output: &OutputDir) -> Option<CardPlan> {
    let entry = previous.posts.get(&post.slug)?;
    let hash = previous.files.get(&entry.card).filter(|hash| !hash.is_empty())?;
    output.exists(&entry.card).then(|| CardPlan {
        path: entry.card.clone(),
        hash: hash.clone(),
        width: entry.width,
        height: entry.height,
        bytes: Some(entry.bytes),
        missing: entry.missing_glyphs.clone(),
    })
}

/// The manifest is written last, so a run killed midway leaves the old
/// one, still vouching for files it may have replaced. Before the first of
/// them is replaced it stops vouching for them (their hash is blanked, the
/// path stays listed for stale-file removal), so the next run redoes them
/// even if the posts go back to what the old manifest describes.
fn distrust_before_rewriting<'p>(
    about_to_change: impl Iterator<Item = (&'p str, &'p str)>,
    previous: &Manifest,
    output: &OutputDir,
) -> Result<(), OutputError> {
    let mut interim = previous.clone();
    let mut changed = false;
    for (path, new_hash) in about_to_change {
        if let Some(hash) = interim.files.get_mut(path).filter(|hash| hash.as_str() != new_hash && !hash.is_empty()) {
            hash.clear();
            changed = true;
        }
    }
    if changed {
        output.write(MANIFEST_FILE, &interim.to_bytes())?;
    }
    Ok(())
}

/// What every card and feed of a run shares.
#[derive(Clone, Copy)]
struct Run<'a> {
    config: &'a Config,
    output: &'a OutputDir,
    previous: &'a Manifest,
    force: bool,
    progress: Option<&'a dyn Progress>,
}

/// What happened to one post's card.
#[derive(Default)]
struct CardResult {
    plan: Option<CardPlan>,
    staged: Option<StagedCard>,
    problem: Option<Diagnostic>,
}

/// Renders, in parallel, the cards whose inputs changed (or all, with
/// `force`), writing each as soon as it is drawn so memory stays flat.
/// A drawn card waiting to be renamed into place: (path, input hash, file).
type StagedCard = (String, String, Staged);

/// Draws, in parallel, the cards not already current (`bytes` unset) into
/// temporary files beside their targets, one at a time per thread so memory
/// stays flat. A card that fails keeps the previous run's card, if any.
fn draw_cards(
    posts: &[Post],
    cards: Vec<Option<CardPlan>>,
    renderer: &CardRenderer,
    run: &Run<'_>,
    report: &mut BuildReport,
) -> Result<(Vec<Option<CardPlan>>, Vec<StagedCard>), OutputError> {
    let Run { config, output, previous, progress, .. } = *run;
    if let Some(progress) = progress {
        progress.start(cards.iter().flatten().filter(|card| card.bytes.is_none()).count());
    }
    let results = cards
        .into_par_iter()
        .zip(posts.par_iter())
        .map(|(plan, post)| {
            let Some(mut plan) = plan else { return Ok(CardResult::default()) };
            if plan.bytes.is_some() {
                return Ok(CardResult { plan: Some(plan), ..CardResult::default() });
            }
            let date = card_date(post, config);
            let result = match renderer.render(&card_text(post, config, &date)) {
                Ok(card) => {
                    let staged = output.stage(&plan.path, &card.png)?;
                    plan.bytes = Some(card.png.len() as u64);
                    plan.missing = card.missing_glyphs;
                    let staged = Some((plan.path.clone(), plan.hash.clone(), staged));
                    CardResult { plan: Some(plan), staged, problem: None }
                }
                Err(error) => CardResult {
                    plan: previous_card(post, previous, output),
                    staged: None,
                    problem: Some(Diagnostic::error(&post.source, None, format!("cannot make the card: {error}"))),
                },
            };
            if let Some(progress) = progress {
                progress.card_done();
            }
            Ok(result)
        })
        .collect::<Result<Vec<_>, OutputError>>()?;
    if let Some(progress) = progress {
        progress.finish();
    }
    let mut plans = Vec::with_capacity(results.len());
    let mut staged = Vec::new();
    for result in results {
        if let Some(card) = result.staged {
            report.cards_rendered += 1;
            staged.push(card);
        } else if let Some(plan) = result.plan.as_ref().filter(|_| result.problem.is_none()) {
            report.record(plan.path.clone(), WriteOutcome::Unchanged);
        }
        report.diagnostics.extend(result.problem);
        plans.push(result.plan);
    }
    Ok((plans, staged))
}

pub fn missing_glyphs_warning(post: &Post, missing: &[char]) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    let names: Vec<String> = missing.iter().map(|c| format!("U+{:04X} {c}", *c as u32)).collect();
    Some(
        Diagnostic::warning(
            &post.source,
            None,
            format!("no font has {}; the card shows a blank there", names.join(", ")),
        )
        .with_help("add a font that has it to card.fallback_fonts, or install one"),
    )
}

fn record_cards(
    posts: &[Post],
    site_url: &url::Url,
    cards: Vec<Option<CardPlan>>,
    manifest: &mut Manifest,
) -> Vec<Option<ItemImage>> {
    let front_matter = ItemImage::from_front_matter(posts);
    posts
        .iter()
        .zip(cards.into_iter().chain(std::iter::repeat(None)))
        .zip(front_matter)
        .map(|((post, card), own_image)| {
            let Some(card) = card else { return own_image };
            let Some(bytes) = card.bytes else { return own_image };
            // Cards are served from the output folder, which is the site's root.
            let Ok(url) = site_url.join(&card.path) else { return own_image };
            manifest.files.insert(card.path.clone(), card.hash.clone());
            manifest.posts.insert(
                post.slug.clone(),
                PostEntry {
                    title: post.title.clone(),
                    permalink: post.permalink.to_string(),
                    link: post.link.as_ref().map(|l| l.to_string()),
                    card: card.path.clone(),
                    card_url: url.to_string(),
                    width: card.width,
                    height: card.height,
                    bytes,
                    alt: post.title.clone(),
                    hash: card.hash,
                    missing_glyphs: card.missing,
                },
            );
            Some(ItemImage {
                url,
                mime_type: Some("image/png".to_string()),
                width: Some(card.width),
                height: Some(card.height),
                length: Some(bytes),
            })
        })
        .collect()
}

/// Every feed file with the hash of its inputs and whether the file from
/// the last run is still current. A post's picture counts by its card's
/// input hash, which decides the card's bytes.
fn plan_feeds(posts: &[Post], cards: &[Option<CardPlan>], run: &Run<'_>) -> BTreeMap<String, (String, bool)> {
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
fn write_feeds(
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
