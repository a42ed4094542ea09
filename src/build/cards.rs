//! The cards of a build: which are out of date, drawing them into
//! temporary files, and their entries in the manifest.

use crate::par::prelude::*;

use super::meta::{post_meta, CardImage};
use super::{BuildError, BuildReport, Run};
use crate::card::{contrast_message, missing_font_help, CardRenderer, CardText, Pair, RenderedCard};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::feed::ItemImage;
use crate::fingerprint::Fingerprint;
use crate::input_file::{read_regular, MAX_IMAGE_BYTES};
use crate::manifest::{FileEntry, Manifest, PostEntry};
use crate::output::{Check, OutputDir, Staged, Stamp, WriteOutcome};
use crate::post::CardFile;
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

/// What a card shows for `post`; `images` holds the files its front matter names.
pub fn card_text<'a>(post: &'a Post, config: &'a Config, date: &'a str, images: &'a PostImages) -> CardText<'a> {
    // The site's own name as the author would show the brand twice.
    let author = post.authors.first().map_or(config.site.author.name.as_str(), String::as_str);
    let author = if author.trim() == config.site.title.trim() { "" } else { author };
    let lang = post.lang.as_deref().filter(|lang| !lang.trim().is_empty()).unwrap_or(&config.site.language);
    CardText {
        title: post.card.title.as_deref().unwrap_or(&post.title),
        tags: &post.tags,
        site: &config.site.title,
        date,
        description: post.description.as_deref().unwrap_or_default(),
        author,
        image: images.image.as_deref(),
        avatar: images.avatar.as_deref(),
        lang,
    }
}

/// The bytes of the files a post's `image:` and `avatar:` name for its card.
#[derive(Default)]
pub struct PostImages {
    pub image: Option<Vec<u8>>,
    pub avatar: Option<Vec<u8>>,
}

impl PostImages {
    /// Reads the files the reader found; a problem is an error for the post.
    pub fn read(post: &Post) -> Result<PostImages, Diagnostic> {
        let read = |key: &str, file: &Option<CardFile>| {
            let Some((file, path)) = file.as_ref().and_then(|f| Some((f, f.path.as_ref()?))) else { return Ok(None) };
            read_regular(path, MAX_IMAGE_BYTES).map(Some).map_err(|e| {
                Diagnostic::error(&post.source, Some(file.line), format!("cannot read `{key}: {}`: {e}", file.written))
                    .with_help("point it at a PNG or JPEG file feedcard can read")
            })
        };
        Ok(PostImages { image: read("image", &post.card.image)?, avatar: read("avatar", &post.card.avatar)? })
    }

    fn hash_into(&self, hash: &mut Fingerprint) {
        for bytes in [&self.image, &self.avatar] {
            hash.add_str(if bytes.is_some() { "file" } else { "none" }).add(bytes.as_deref().unwrap_or_default());
        }
    }
}

/// The date as a card shows it, in the site's time zone: `2 November 2024`.
pub fn card_date(post: &Post, config: &Config) -> String {
    post.published.with_timezone(&config.site.timezone).format("%-d %B %Y").to_string()
}

pub(super) fn plan_cards(posts: &[Post], config: &Config, renderer: &CardRenderer) -> Vec<Option<CardPlan>> {
    let fingerprint = renderer.fingerprint();
    // In parallel: the images a post names are read and hashed here.
    posts
        .par_iter()
        .map(|post| {
            if post.card.off {
                return None;
            }
            let date = card_date(post, config);
            // A file that cannot be read now is reported when the card is drawn.
            let images = PostImages::read(post).unwrap_or_default();
            let text = card_text(post, config, &date, &images);
            let mut hash = Fingerprint::new();
            hash.add_str(&fingerprint).add_str(text.title).add_str(text.site).add_str(text.date).add_str(text.lang);
            hash.add_str(text.description).add_str(text.author);
            images.hash_into(&mut hash);
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
    warnings: Vec<Diagnostic>,
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
            let result = match render_card(post, config, renderer) {
                Ok(card) => {
                    let staged = output.stage(&plan.path, &card.png)?;
                    plan.bytes = Some(card.png.len() as u64);
                    plan.missing = card.missing_glyphs;
                    plan.stamp = Some(staged.stamp().clone());
                    let staged = Some((plan.path.clone(), staged));
                    let warnings = image_contrast_warnings(post, &card.low_contrast);
                    CardResult { plan: Some(plan), staged, problem: None, warnings }
                }
                Err(problem) => CardResult {
                    plan: previous_card(post, previous, output),
                    staged: None,
                    problem: Some(problem),
                    warnings: Vec::new(),
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
        report.diagnostics.extend(result.warnings);
        plans.push(result.plan);
    }
    Ok((plans, staged))
}

/// Draws a post's card in memory (`build` and `preview` alike); a file its
/// front matter names that cannot be read, or a card that cannot be made,
/// is an error for the post.
pub fn render_card(post: &Post, config: &Config, renderer: &CardRenderer) -> Result<RenderedCard, Diagnostic> {
    let date = card_date(post, config);
    PostImages::read(post).and_then(|images| {
        renderer
            .render(&card_text(post, config, &date, &images))
            .map_err(|error| Diagnostic::error(&post.source, None, format!("cannot make the card: {error}")))
    })
}

/// Text colours hard to read on the post's own image, even under the scrim.
pub fn image_contrast_warnings(post: &Post, low: &[Pair]) -> Vec<Diagnostic> {
    let line = post.card.image.as_ref().map(|i| i.line);
    low.iter()
        .map(|pair| {
            Diagnostic::warning(&post.source, line, format!("card: {}", contrast_message(pair, "its image")))
                .with_help("raise card.scrim (up to 1), or choose a card colour that stands out from the image")
        })
        .collect()
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

/// Enters each post's card in the manifest and gives the picture its feed
/// items show. A card's address carries `?v=` and the first 8 hex digits of
/// the hash of its bytes (from its stamp, so a card left unchanged needs no
/// reading), so that a redrawn card has a new address.
pub(super) fn record_cards(
    posts: &[Post],
    config: &Config,
    mut cards: Vec<Option<CardPlan>>,
    manifest: &mut Manifest,
) -> Vec<Option<ItemImage>> {
    cards.resize(posts.len(), None);
    // In parallel: a run that changed nothing still makes every entry.
    let recorded: Vec<(Option<ItemImage>, Option<CardEntries>)> = posts
        .par_iter()
        .zip(cards.into_par_iter())
        .map(|(post, card)| {
            let own_image = || ItemImage::from_front_matter(std::slice::from_ref(post)).pop().flatten();
            match card.and_then(|card| record_card(post, config, card)) {
                Some((image, entries)) => (Some(image), Some(entries)),
                None => (own_image(), None),
            }
        })
        .collect();
    recorded
        .into_iter()
        .map(|(image, entries)| {
            if let Some((slug, file, post)) = entries {
                manifest.files.insert(post.card.clone(), file);
                manifest.posts.insert(slug, post);
            }
            image
        })
        .collect()
}

/// A card's entries in the manifest: the post's slug, the card file's, the post's.
type CardEntries = (String, FileEntry, PostEntry);

/// A drawn card's picture for the feeds and its entries in the manifest;
/// `None` for a card not made.
fn record_card(post: &Post, config: &Config, card: CardPlan) -> Option<(ItemImage, CardEntries)> {
    let (Some(bytes), Some(stamp)) = (card.bytes, card.stamp) else { return None };
    let version = card_version(&stamp);
    // Cards are served from the output folder, which is the site's root.
    let url = config.site.url.join(&format!("{}?v={version}", card.path)).ok()?;
    let alt = post.card.title.clone().unwrap_or_else(|| post.title.clone());
    let image = CardImage { url: url.as_str(), width: card.width, height: card.height, alt: &alt };
    let meta = post_meta(post, config, &image);
    let file = FileEntry { inputs: card.hash.clone(), written: Some(stamp) };
    let entry = PostEntry {
        title: post.title.clone(),
        permalink: post.permalink.to_string(),
        link: post.link.as_ref().map(|l| l.to_string()),
        card: card.path,
        card_url: url.to_string(),
        card_version: version,
        width: card.width,
        height: card.height,
        bytes,
        alt,
        hash: card.hash,
        missing_glyphs: card.missing,
        meta,
    };
    let image = ItemImage {
        url,
        mime_type: Some("image/png".to_string()),
        width: Some(card.width),
        height: Some(card.height),
        length: Some(bytes),
    };
    Some((image, (post.slug.clone(), file, entry)))
}

/// The `v` of a card's address: the first 8 hex digits of the BLAKE3 hash
/// of its bytes, as `b3sum` prints it.
pub(super) fn card_version(stamp: &Stamp) -> String {
    stamp.hash.chars().take(8).collect()
}
