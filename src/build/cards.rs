//! The cards of a build: which are out of date, drawing them into
//! temporary files, and their entries in the manifest.

use rayon::prelude::*;

use super::{BuildError, BuildReport, Run};
use crate::card::{missing_font_help, CardRenderer, CardText};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::feed::ItemImage;
use crate::fingerprint::Fingerprint;
use crate::manifest::{FileEntry, Manifest, PostEntry};
use crate::output::{Check, OutputDir, Staged, Stamp, WriteOutcome};
use crate::post::Post;

const CARD_FOLDER: &str = "cards/";

/// Where a post's card goes and the hash of everything that decides its pixels.
#[derive(Debug, Clone)]
pub(super) struct CardPlan {
    pub(super) path: String,
    pub(super) hash: String,
    pub(super) width: u32,
    pub(super) height: u32,
    /// Filled once the card exists: its size in bytes.
    pub(super) bytes: Option<u64>,
    /// Characters no font had, remembered so every run reports them.
    pub(super) missing: Vec<char>,
    /// What the card file holds (or will, once staged files are renamed).
    pub(super) stamp: Option<Stamp>,
}

/// The words a card shows for `post`, in the post's language or the site's.
pub fn card_text<'a>(post: &'a Post, config: &'a Config, date: &'a str) -> CardText<'a> {
    let lang = post.lang.as_deref().or(Some(config.site.language.as_str()));
    CardText { title: &post.title, tags: &post.tags, site: &config.site.title, date, lang }
}

/// The date as a card shows it, in the site's time zone: `2 November 2024`.
pub fn card_date(post: &Post, config: &Config) -> String {
    post.published.with_timezone(&config.site.timezone).format("%-d %B %Y").to_string()
}

pub(super) fn plan_cards(posts: &[Post], config: &Config, renderer: &CardRenderer) -> Vec<Option<CardPlan>> {
    let fingerprint = renderer.fingerprint();
    posts
        .iter()
        .map(|post| {
            let date = card_date(post, config);
            let text = card_text(post, config, &date);
            let mut hash = Fingerprint::new();
            hash.add_str(&fingerprint).add_str(text.title).add_str(text.site).add_str(text.date);
            // The language picks the CJK face; an empty string never is one.
            hash.add_str(text.lang.unwrap_or(""));
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
                stamp: None,
            })
        })
        .collect()
}

/// Marks the card current (size, missing characters and stamp filled in)
/// when an earlier run made it from the same inputs and the file still holds
/// what it wrote: a damaged or replaced card is drawn again, and so is one
/// that lacked characters (a font for them may have been installed since).
pub(super) fn mark_if_current(plan: &mut CardPlan, post: &Post, previous: &Manifest, output: &OutputDir) {
    let current = |entry: &&PostEntry| entry.hash == plan.hash && entry.missing_glyphs.is_empty();
    let Some(entry) = previous.posts.get(&post.slug).filter(current) else { return };
    let Some(file) = previous.files.get(&plan.path).filter(|file| file.inputs == plan.hash) else { return };
    if let Some(Check::Same(stamp)) = file.written.as_ref().map(|stamp| output.check(&plan.path, stamp)) {
        plan.bytes = Some(entry.bytes);
        plan.missing = entry.missing_glyphs.clone();
        plan.stamp = Some(stamp);
    }
}

/// The card an earlier run made for this post, whatever its inputs were:
/// kept when this run cannot make a new one (a failed render, `--only feeds`).
pub(super) fn previous_card(post: &Post, previous: &Manifest, output: &OutputDir) -> Option<CardPlan> {
    let entry = previous.posts.get(&post.slug)?;
    let file = previous.files.get(&entry.card).filter(|file| !file.inputs.is_empty())?;
    let stamp = match &file.written {
        Some(stamp) => match output.check(&entry.card, stamp) {
            Check::Same(stamp) => stamp,
            Check::Changed | Check::Missing => return None,
        },
        // feedcard 0.1 kept no stamp: the card as it is now.
        None => output.stamp_of(&entry.card)?,
    };
    Some(CardPlan {
        path: entry.card.clone(),
        hash: file.inputs.clone(),
        width: entry.width,
        height: entry.height,
        bytes: Some(stamp.size),
        missing: entry.missing_glyphs.clone(),
        stamp: Some(stamp),
    })
}

/// What happened to one post's card.
#[derive(Default)]
struct CardResult {
    plan: Option<CardPlan>,
    staged: Option<StagedFile>,
    problem: Option<Diagnostic>,
}

/// A drawn card waiting to be renamed into place: its path and temporary file.
pub(super) type StagedFile = (String, Staged);

/// Draws, in parallel, the cards not already current (`bytes` unset) into
/// temporary files beside their targets, one at a time per thread so memory
/// stays flat. A card that fails keeps the previous run's card, if any.
pub(super) fn draw_cards(
    posts: &[Post],
    cards: Vec<Option<CardPlan>>,
    renderer: &CardRenderer,
    run: &Run<'_>,
    report: &mut BuildReport,
) -> Result<(Vec<Option<CardPlan>>, Vec<StagedFile>), BuildError> {
    let Run { config, output, previous, progress, stop, .. } = *run;
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
            // Asked to stop: the cards staged so far are dropped, and removed.
            stop.check()?;
            let date = card_date(post, config);
            let result = match renderer.render(&card_text(post, config, &date)) {
                Ok(card) => {
                    let staged = output.stage(&plan.path, &card.png)?;
                    plan.bytes = Some(card.png.len() as u64);
                    plan.missing = card.missing_glyphs;
                    plan.stamp = Some(staged.stamp().clone());
                    let staged = Some((plan.path.clone(), staged));
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
        .collect::<Result<Vec<_>, BuildError>>()?;
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

/// The error for characters no font has: the card would lose them.
pub fn missing_glyphs_error(post: &Post, missing: &[char]) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    let (names, packages) = missing_font_help(missing);
    Some(
        Diagnostic::error(&post.source, None, format!("no font has {names}: the card cannot show these characters"))
            .with_help(format!(
                "install fonts for them, on Debian and Ubuntu: apt-get install {}; or add a font to \
                 card.fallback_fonts; --keep-going publishes the card without them",
                packages.join(" ")
            )),
    )
}

pub(super) fn record_cards(
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
            let (Some(bytes), Some(stamp)) = (card.bytes, card.stamp) else { return own_image };
            // Cards are served from the output folder, which is the site's root.
            let Ok(url) = site_url.join(&card.path) else { return own_image };
            manifest.files.insert(card.path.clone(), FileEntry { inputs: card.hash.clone(), written: Some(stamp) });
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
