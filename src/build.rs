//! One build: the reader feeds the two emitters, the output writer publishes,
//! and the manifest records what was written from which inputs.

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use std::time::Duration;

use crate::card::{CardError, CardRenderer, CardText};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::feed::{self, ItemImage};
use crate::fingerprint::Fingerprint;
use crate::manifest::{Manifest, PostEntry, MANIFEST_FILE};
use crate::output::{OutputDir, OutputError, WriteOutcome};
use crate::post::{self, Post};

/// Which emitter a build runs; both when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Feeds,
    Cards,
}

#[derive(Debug, Clone)]
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
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct PostCounts {
    pub files: usize,
    pub published: usize,
    pub drafts: usize,
    pub future: usize,
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
    let (mut report, posts) = read(config, options);
    if report.failed(options.strict) && !options.keep_going {
        return Ok(report);
    }
    // Fonts and images load before anything is written: a bad one changes nothing.
    let renderer = if config.card.enabled { Some(CardRenderer::new(&config.card)?) } else { None };
    let output = OutputDir::open(&config.output, options.lock_timeout)?;
    let previous = Manifest::parse(output.read(MANIFEST_FILE)?.as_deref());
    let mut manifest = Manifest::new();

    let cards = match &renderer {
        Some(renderer) => plan_cards(&posts, config, renderer),
        None => Vec::new(),
    };
    let images = if options.only == Some(Only::Feeds) {
        // Point only at cards an earlier run already made from these inputs.
        let current: Vec<Option<CardPlan>> = cards
            .into_iter()
            .zip(&posts)
            .map(|(card, post)| {
                let mut card = card?;
                card.bytes = Some(current_card_size(&card, post, &previous, &output)?);
                Some(card)
            })
            .collect();
        record_cards(&posts, &config.site.url, current, &mut manifest)
    } else {
        let drawn = match &renderer {
            Some(renderer) => {
                forget_cards_about_to_change(&cards, &previous, &output)?;
                let run = Run { config, output: &output, previous: &previous, force: options.force };
                write_cards(&posts, cards, renderer, &run, &mut report)?
            }
            None => cards,
        };
        record_cards(&posts, &config.site.url, drawn, &mut manifest)
    };

    if options.only != Some(Only::Cards) {
        write_feeds(&posts, config, &images, &output, &mut manifest, &mut report)?;
    }
    // A partial run keeps the other emitter's files on the books.
    for (path, hash) in &previous.files {
        let other_kind = match options.only {
            Some(Only::Feeds) => is_card_path(path),
            Some(Only::Cards) => !is_card_path(path),
            None => false,
        };
        if other_kind && !manifest.files.contains_key(path) {
            manifest.files.insert(path.clone(), hash.clone());
        }
    }
    if options.only == Some(Only::Cards) {
        for (slug, entry) in &previous.posts {
            manifest.posts.entry(slug.clone()).or_insert_with(|| entry.clone());
        }
    }
    let outcome = output.write(MANIFEST_FILE, &manifest.to_bytes())?;
    report.record(MANIFEST_FILE.to_string(), outcome);
    report.published = true;
    Ok(report)
}

const CARD_FOLDER: &str = "cards/";

fn is_card_path(path: &str) -> bool {
    path.starts_with(CARD_FOLDER)
}

/// Where a post's card goes and the hash of everything that decides its pixels.
#[derive(Debug, Clone)]
struct CardPlan {
    path: String,
    hash: String,
    width: u32,
    height: u32,
    /// Filled once the card exists: its size in bytes.
    bytes: Option<u64>,
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
            })
        })
        .collect()
}

/// The size of the card an earlier run made from the same inputs, if it is
/// still in place.
fn current_card_size(plan: &CardPlan, post: &Post, previous: &Manifest, output: &OutputDir) -> Option<u64> {
    let entry = previous.posts.get(&post.slug)?;
    let current = entry.hash == plan.hash && previous.files.get(&plan.path) == Some(&plan.hash);
    (current && output.exists(&plan.path)).then_some(entry.bytes)
}

/// The manifest is written last, so a run killed while drawing leaves the
/// old one, still vouching for cards it may have replaced. Before the first
/// card is replaced, it stops vouching for those, so the next run redraws
/// them even if the posts go back to what the old manifest describes.
fn forget_cards_about_to_change(
    cards: &[Option<CardPlan>],
    previous: &Manifest,
    output: &OutputDir,
) -> Result<(), OutputError> {
    let mut interim = previous.clone();
    for plan in cards.iter().flatten() {
        if previous.files.get(&plan.path).is_some_and(|hash| *hash != plan.hash) {
            interim.files.remove(&plan.path);
        }
    }
    if interim.files.len() < previous.files.len() {
        output.write(MANIFEST_FILE, &interim.to_bytes())?;
    }
    Ok(())
}

/// What every card of a run shares.
#[derive(Clone, Copy)]
struct Run<'a> {
    config: &'a Config,
    output: &'a OutputDir,
    previous: &'a Manifest,
    force: bool,
}

/// What happened to one post's card.
struct CardResult {
    plan: Option<CardPlan>,
    outcome: Option<WriteOutcome>,
    problem: Option<Diagnostic>,
}

/// Renders, in parallel, the cards whose inputs changed (or all, with
/// `force`), writing each as soon as it is drawn so memory stays flat.
fn write_cards(
    posts: &[Post],
    cards: Vec<Option<CardPlan>>,
    renderer: &CardRenderer,
    run: &Run<'_>,
    report: &mut BuildReport,
) -> Result<Vec<Option<CardPlan>>, OutputError> {
    let Run { config, output, previous, force } = *run;
    let results = cards
        .into_par_iter()
        .zip(posts.par_iter())
        .map(|(plan, post)| {
            let Some(mut plan) = plan else { return Ok(CardResult { plan: None, outcome: None, problem: None }) };
            if let Some(bytes) = current_card_size(&plan, post, previous, output).filter(|_| !force) {
                plan.bytes = Some(bytes);
                return Ok(CardResult { plan: Some(plan), outcome: Some(WriteOutcome::Unchanged), problem: None });
            }
            let date = card_date(post, config);
            match renderer.render(&card_text(post, config, &date)) {
                Ok(card) => {
                    let outcome = output.write(&plan.path, &card.png)?;
                    plan.bytes = Some(card.png.len() as u64);
                    let problem = missing_glyphs_warning(post, &card.missing_glyphs);
                    Ok(CardResult { plan: Some(plan), outcome: Some(outcome), problem })
                }
                Err(error) => Ok(CardResult {
                    plan: None,
                    outcome: None,
                    problem: Some(Diagnostic::error(&post.source, None, format!("cannot make the card: {error}"))),
                }),
            }
        })
        .collect::<Result<Vec<_>, OutputError>>()?;
    let mut plans = Vec::with_capacity(results.len());
    for result in results {
        if let (Some(plan), Some(outcome)) = (&result.plan, result.outcome) {
            if outcome == WriteOutcome::Written || force {
                report.cards_rendered += 1;
            }
            report.record(plan.path.clone(), outcome);
        }
        report.diagnostics.extend(result.problem);
        plans.push(result.plan);
    }
    Ok(plans)
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

fn write_feeds(
    posts: &[Post],
    config: &Config,
    images: &[Option<ItemImage>],
    output: &OutputDir,
    manifest: &mut Manifest,
    report: &mut BuildReport,
) -> Result<(), OutputError> {
    let mut failure = None;
    // Each feed is written and dropped before the next is made: memory stays at one feed.
    feed::for_each_feed(posts, config, images, |file| {
        if failure.is_some() {
            return;
        }
        match output.write(&file.path, &file.bytes) {
            Ok(outcome) => {
                manifest.files.insert(file.path.clone(), String::new());
                report.record(file.path, outcome);
            }
            Err(error) => failure = Some(error),
        }
    });
    failure.map_or(Ok(()), Err)
}
