//! `feedcard preview`: every post's card drawn in memory by the same code as
//! `build`, written with one HTML page that shows each card at full size
//! and as five sites show it, with what `build` reports about the post.
//! The folder is the preview's own and never the published output.

use crate::par::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod folder;
mod page;
mod platforms;

pub use folder::{DEFAULT_FOLDER, MARKER};

use crate::build::{self, BuildError, BuildOptions, BuildReport};
use crate::card::CardRenderer;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::output::OutputError;
use crate::post::Post;
use folder::{PreviewFolder, CARDS};
use page::{CardFile, Entry};

/// The page's file name inside the folder.
pub const PAGE: &str = "index.html";

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// No input folder, or a font, logo or background that cannot be used.
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(
        "refusing to write the preview into {folder}: it is inside the output folder {output}, which gets published; \
         pass a folder outside it with -o (without -o: ./{DEFAULT_FOLDER})"
    )]
    InsideOutput { folder: PathBuf, output: PathBuf },
    #[error(
        "refusing to write the preview into {0}: that folder has files in it and is not a feedcard preview \
         (no {MARKER} file), so nothing in it was changed; pass a new or empty folder with -o"
    )]
    NotOurs(PathBuf),
    #[error("the preview folder {0} is a file, not a folder; pass a folder with -o")]
    NotAFolder(PathBuf),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// What a preview run found and where it wrote the page.
#[derive(Debug)]
pub struct PreviewReport {
    /// The posts and every problem, as `check` and `build` report them.
    pub report: BuildReport,
    pub page: PathBuf,
    pub cards: usize,
}

/// Reads the site, draws every card, and writes `folder/index.html` and
/// `folder/cards/<slug>.png`. Problems in posts do not stop the page: they
/// are shown on it (and in the report, for the exit code).
pub fn preview(config: &Config, options: &BuildOptions, folder: &Path) -> Result<PreviewReport, PreviewError> {
    if !config.input.is_dir() {
        return Err(BuildError::NoInput(config.input.clone()).into());
    }
    let folder = PreviewFolder::claim(folder, &config.output)?;
    let renderer = CardRenderer::new(&config.card).map_err(BuildError::from)?;
    let (mut report, posts) = build::read(config, options);
    report.diagnostics.extend(build::background_contrast_warnings(config, &renderer));

    let drawn: Vec<_> = posts.par_iter().map(|post| draw(post, config, &renderer)).collect();
    let mut written = BTreeSet::new();
    let mut cards = Vec::with_capacity(posts.len());
    let mut problems = Vec::new();
    for (post, (card, diagnostics)) in posts.iter().zip(drawn) {
        let file = match card {
            Some(card) => {
                let name = format!("{}.png", post.slug);
                folder.write(&format!("{CARDS}/{name}"), &card.png)?;
                written.insert(name.clone());
                Some(CardFile {
                    path: format!("{CARDS}/{name}"),
                    width: card.width,
                    height: card.height,
                    bytes: card.png.len(),
                })
            }
            None => None,
        };
        cards.push(file);
        problems.extend(diagnostics);
    }
    report.diagnostics.extend(problems);
    report.cards_rendered = written.len();

    let entries: Vec<Entry> = posts
        .iter()
        .zip(cards)
        .map(|(post, card)| Entry {
            title: &post.title,
            slug: &post.slug,
            source: post.source.strip_prefix(&config.input).unwrap_or(&post.source).display().to_string(),
            description: post.description.as_deref().unwrap_or_default(),
            domain: post.permalink.host_str().unwrap_or_default(),
            card,
            diagnostics: report.diagnostics.iter().filter(|d| d.file == post.source).cloned().collect(),
        })
        .collect();
    let shown: BTreeSet<&Path> = posts.iter().map(|post| post.source.as_path()).collect();
    let site: Vec<Diagnostic> =
        report.diagnostics.iter().filter(|d| !shown.contains(d.file.as_path())).cloned().collect();
    let html = page::render(&config.site.title, &entries, &site);
    folder.write(PAGE, html.as_bytes())?;
    folder.remove_other_cards(&written);
    let cards = written.len();
    Ok(PreviewReport { report, page: folder.root().join(PAGE), cards })
}

/// A post's card, or none (`card: false`, or it cannot be made), and what
/// `build` would report about it; plus a note when the title was cut.
fn draw(post: &Post, config: &Config, renderer: &CardRenderer) -> (Option<crate::card::RenderedCard>, Vec<Diagnostic>) {
    if post.card.off {
        let note = Diagnostic::notice(&post.source, None, "no card: the post says `card: false`");
        return (None, vec![note]);
    }
    match build::render_card(post, config, renderer) {
        Ok(card) => {
            let mut diagnostics = build::image_contrast_warnings(post, &card.low_contrast);
            diagnostics.extend(build::missing_glyphs_error(post, &card.missing_glyphs));
            if card.title_truncated {
                diagnostics.push(
                    Diagnostic::notice(&post.source, None, "the title does not fit on the card and ends with `…`")
                        .with_help("shorten it, or give the card a shorter `card_title:`"),
                );
            }
            (Some(card), diagnostics)
        }
        Err(problem) => (None, vec![problem]),
    }
}
