//! The front-matter keys that change a post's card: `card: false`,
//! `card_title:`, and the files its `image:` and `avatar:` name.

use super::front_matter::{Field, Fields};
use super::parse::flag;
use super::tags::scalar_text;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// What a post says about its card.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PostCard {
    /// `card: false`: no card for this post.
    pub off: bool,
    /// `card_title:`, shown instead of the title.
    pub title: Option<String>,
    /// `image:` as a file: the card's background.
    pub image: Option<CardFile>,
    /// `avatar:` as a file: the author's picture.
    pub avatar: Option<CardFile>,
}

/// A file a post names for its card.
#[derive(Debug, Clone, PartialEq)]
pub struct CardFile {
    /// As written in the front matter, and where.
    pub written: String,
    pub line: usize,
    /// Found on disk by [`locate`]; `None` until then.
    pub path: Option<PathBuf>,
}

/// The card keys of `fields`, with warnings for values that cannot be used.
pub(super) fn read(source: &Path, fields: &Fields) -> (PostCard, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut card = PostCard::default();
    if let Some(field) = fields.get("card").filter(|f| !f.value.is_null()) {
        match flag(&field.value) {
            Some(on) => card.off = !on,
            None => warnings.push(
                Diagnostic::warning(
                    source,
                    Some(field.line),
                    format!("`{}` must be true or false; ignored", field.key),
                )
                .with_help("write `card: false` to make no card for this post"),
            ),
        }
    }
    card.title = fields.get("card_title").and_then(text).map(|(_, t)| super::decode_entities(&t));
    // A web address is for the feeds; only a file can be drawn.
    let file = |field: Option<&Field>| {
        let (field, written) = text(field?)?;
        let is_address = url::Url::parse(&written).is_ok() || written.starts_with("//");
        (!is_address).then_some(CardFile { written, line: field.line, path: None })
    };
    card.image = file(fields.get("image"));
    card.avatar = file(fields.get("avatar"));
    (card, warnings)
}

fn text(field: &Field) -> Option<(&Field, String)> {
    let text = scalar_text(&field.value)?.trim().to_string();
    (!text.is_empty()).then_some((field, text))
}

/// Finds the files the card keys name: beside the post, else on the site
/// (its root, then `static/` and `public/`, where generators keep files
/// served as they are). A file that is not there is a warning: the card is
/// drawn without it, and the post is published as usual (a theme may resolve
/// paths its own way).
pub(super) fn locate(source: &Path, card: &mut PostCard, config: &Config) -> Vec<Diagnostic> {
    if !config.card.enabled || card.off {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    let post_dir = source.parent().unwrap_or(Path::new(""));
    let keys = [("image", config.card.post_image, &mut card.image), ("avatar", true, &mut card.avatar)];
    for (key, wanted, file) in keys {
        let Some(found) = file.as_mut() else { continue };
        if !wanted {
            *file = None;
            continue;
        }
        // `cover.png?v=2`: the query is for browsers.
        let written = found.written.split(['?', '#']).next().unwrap_or_default();
        let (relative, from_root) = match written.strip_prefix('/') {
            Some(rest) => (rest, true),
            None => (written, false),
        };
        let mut places = Vec::new();
        if !from_root {
            places.push(post_dir.join(relative));
        }
        for site in [&config.site_root, &config.input] {
            for dir in ["", "static", "public"] {
                let place = site.join(dir).join(relative);
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
        match places.iter().find(|p| p.is_file()) {
            Some(path) => found.path = Some(path.clone()),
            None => {
                let written = found.written.clone();
                let line = found.line;
                *file = None;
                let looked: Vec<String> = places.iter().map(|p| p.display().to_string()).collect();
                warnings.push(
                    Diagnostic::warning(
                        source,
                        Some(line),
                        format!(
                            "`{key}: {written}` names no file (looked for {}); the card is drawn without it",
                            looked.join(", ")
                        ),
                    )
                    .with_help(if key == "image" {
                        "fix the path (relative to the post, or to the site with a leading `/`), or set `card.post_image: false` in feedcard.yaml"
                    } else {
                        "fix the path (relative to the post, or to the site with a leading `/`), or remove the key"
                    }),
                );
            }
        }
    }
    warnings
}
