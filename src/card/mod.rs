//! The card emitter: one PNG social preview card per post.
//!
//! Pure apart from reading font, logo and background files in
//! [`CardRenderer::new`] (and installed fonts, lazily, when a character no
//! configured font has turns up). [`CardRenderer::render`] takes `&self` and
//! is meant to be called from many threads at once.

mod blocks;
mod breaks;
mod canvas;
mod colour;
mod coverage;
mod draw;
mod fallback;
mod fonts;
mod glyphs;
mod images;
mod ink;
mod lang;
mod layout;
mod palette;
mod png;
mod scrim;
mod script;
mod settings;
mod shape;
mod tag_rules;
mod text;
mod theme;
mod title_fit;
mod typography;
mod values;
mod wrap;

#[cfg(test)]
mod design_tests;
#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lines;
#[cfg(test)]
mod tests_typography;

pub use coverage::{merge_font_uses, missing_font_help, FontUse};
pub use layout::{CardLayout, Rect};
pub use settings::{CardSettings, CardSettingsFile, WORDMARK_RATIO};
pub use theme::{contrast_message, preset, Pair, PRESETS};
// What the tests below name through `super::*`.
#[cfg(test)]
use {
    colour::Rgb,
    settings::FontPath,
    tag_rules::TagRules,
    theme::{Theme, MIN_CONTRAST},
};

use crate::input_file::{read_regular, ReadError, MAX_IMAGE_BYTES};
use fonts::{FontStack, RenderFonts};
use image::RgbaImage;
use std::path::{Path, PathBuf};

/// What one card shows. `date` is already formatted by the caller; an empty
/// string leaves a part out.
#[derive(Clone, Copy, Debug, Default)]
pub struct CardText<'a> {
    /// The post's title, entities decoded.
    pub title: &'a str,
    /// The post's tags, as written.
    pub tags: &'a [String],
    /// The site's name.
    pub site: &'a str,
    /// The date as the card shows it.
    pub date: &'a str,
    /// Under the title, when `card.description` is on.
    pub description: &'a str,
    /// The author's name.
    pub author: &'a str,
    /// The post's own background image, as the file's bytes.
    pub image: Option<&'a [u8]>,
    /// The author's picture for this post, as the file's bytes (else `card.avatar`).
    pub avatar: Option<&'a [u8]>,
    /// The language of the title, a BCP 47 tag (`en`, `de-CH`, `zh-TW`): the
    /// post's `lang`, else `site.language`. It picks the line-breaking rules
    /// and quotation marks; empty means English.
    pub lang: &'a str,
}

#[derive(Clone, Debug)]
pub struct RenderedCard {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Characters no font could draw, in order of first appearance: the
    /// card is drawn without them (never with placeholder boxes).
    pub missing_glyphs: Vec<char>,
    /// Text colours below the minimum contrast on the post's own image.
    pub low_contrast: Vec<Pair>,
    /// The title did not fit and ends with `…`.
    pub title_truncated: bool,
}

/// Why a card could not be drawn, or its settings not loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// A font, logo or background image that is missing, no regular file
    /// (a named pipe, `/dev/zero`), too large or unreadable.
    #[error("card.{key}: {} {problem}; {}", path.display(), unreadable_help(problem))]
    Unreadable {
        /// The `card.` setting that names it.
        key: &'static str,
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: ReadError,
    },
    /// A font file that does not parse.
    #[error(
        "{path} (face {index}) is not a font feedcard can read; point card.title_font, text_font or fallback_fonts at a TrueType or OpenType file (.ttf, .otf, .ttc)"
    )]
    FontInvalid {
        /// The file.
        path: PathBuf,
        /// The face in it.
        index: u32,
    },
    /// A logo or background image that does not decode.
    #[error("{path} is not an image feedcard can read ({reason}); point card.logo / card.background_image at a PNG or JPEG file")]
    ImageInvalid {
        /// The file.
        path: PathBuf,
        /// The decoder's reason.
        reason: String,
    },
    /// A post's `image:` or `avatar:` that does not decode.
    #[error("its {key} is not an image feedcard can read ({reason}); use a PNG or JPEG file")]
    PostImageInvalid {
        /// `image` or `avatar`.
        key: &'static str,
        /// The decoder's reason.
        reason: String,
    },
    /// A card over the 1 MB social sites accept.
    #[error(
        "the card is {size} bytes as PNG, over the 1 MB limit social sites accept; use a simpler or smaller background image"
    )]
    TooLarge {
        /// The PNG's size in bytes.
        size: usize,
    },
    /// The PNG encoder failed.
    #[error("could not encode the card as PNG: {0}")]
    Encode(String),
}

/// Renders cards with fonts, logo and background loaded once.
pub struct CardRenderer {
    settings: CardSettings,
    fonts: FontStack,
    logo: Option<RgbaImage>,
    /// `card.avatar`, for posts that name no picture of their own.
    avatar: Option<RgbaImage>,
    site_name: bool,
    /// The background image cropped to the card with its scrim, as RGB.
    background: Option<Vec<u8>>,
    /// Text colours hard to read on that background even under the scrim.
    background_contrast: Vec<Pair>,
    fingerprint: String,
    /// Glyphs rasterised for earlier cards.
    glyphs: glyphs::GlyphCache,
}

impl CardRenderer {
    /// Loads the fonts, logo, avatar and background image the settings name.
    pub fn new(settings: &CardSettings) -> Result<CardRenderer, CardError> {
        let fonts = FontStack::new(settings)?;
        let mut hash = Fingerprint::new();
        hash.add(env!("CARGO_PKG_VERSION").as_bytes());
        // Paths differ with where feedcard runs from; the files' bytes are
        // hashed below, so only their names take part here.
        let mut portable = settings.clone();
        let name_only = |path: &mut PathBuf| *path = path.file_name().map(PathBuf::from).unwrap_or_default();
        portable.logo.iter_mut().chain(portable.background_image.iter_mut()).for_each(name_only);
        portable.avatar.iter_mut().for_each(name_only);
        let named = portable.title_font.iter_mut().chain(portable.text_font.iter_mut());
        for font in named.chain(portable.fallback_fonts.iter_mut()) {
            name_only(&mut font.path);
        }
        hash.add(format!("{portable:?}").as_bytes());
        // Faces of one collection share their bytes: hash each file once.
        let mut seen = Vec::new();
        for face in fonts.loaded() {
            if !seen.contains(&face.bytes().as_ptr()) {
                seen.push(face.bytes().as_ptr());
                hash.add(face.bytes());
            }
        }
        let mut load = |key, path: &Option<PathBuf>| -> Result<_, CardError> {
            let Some(path) = path else { return Ok(None) };
            let (bytes, image) = read_image(key, path)?;
            hash.add(&bytes);
            Ok(Some(image))
        };
        let logo = load("logo", &settings.logo)?;
        let avatar = load("avatar", &settings.avatar)?;
        let background = load("background_image", &settings.background_image)?;
        let site_name = settings.site_name.unwrap_or(!logo.as_ref().is_some_and(images::is_wordmark));
        let logo = logo.map(|image| images::scale_logo(&image, settings));
        let logo_size = logo.as_ref().map(|l| (l.width(), l.height()));
        // Text may go anywhere a card has room for it: the scrim covers every row.
        let rows = layout::rows(settings, logo_size, true);
        let (background, background_contrast) = match background {
            Some(image) => {
                let (pixels, low) = images::background(&image, settings, &rows);
                (Some(pixels), low)
            }
            None => (None, Vec::new()),
        };
        Ok(CardRenderer {
            settings: settings.clone(),
            fonts,
            logo,
            avatar: avatar.map(|image| images::scale_avatar(&image, settings)),
            site_name,
            background,
            background_contrast,
            fingerprint: hash.finish(),
            glyphs: glyphs::GlyphCache::default(),
        })
    }

    /// Text colours that stay hard to read on `card.background_image` under
    /// the scrim (the colours' own pairs are checked with the config).
    pub fn background_contrast(&self) -> &[Pair] {
        &self.background_contrast
    }

    /// Where each part of the card goes, without drawing it.
    pub fn layout(&self, text: &CardText) -> CardLayout {
        let mut fonts = self.render_fonts(text);
        self.plan(text, self.avatar.is_some(), &mut fonts).summary
    }

    /// The fonts of one card, knowing its language.
    fn render_fonts(&self, text: &CardText) -> RenderFonts<'_> {
        let mut sample = String::from(text.title);
        text.tags.iter().take(64).for_each(|tag| sample.push_str(tag));
        let lang = Some(text.lang.trim()).filter(|lang| !lang.is_empty());
        RenderFonts::for_card(&self.fonts, lang, &sample)
    }

    fn plan(&self, text: &CardText, avatar: bool, fonts: &mut RenderFonts) -> layout::Plan {
        let logo = self.logo.as_ref().map(|l| (l.width(), l.height()));
        // Shaping costs grow with the text, but a card shows a few hundred
        // characters at most: cut what can never show before laying out.
        let s = &self.settings;
        let narrowest_glyph = 0.2 * s.title_size_min.min(s.tag_size).min(s.footer_size).max(1.0);
        let room = (s.width as f32 / narrowest_glyph) as usize * (s.max_title_lines + 1) + 16;
        let clip = |t: &str| text::clip(t, room).into_owned();
        let (title, site, date) = (clip(text.title), clip(text.site), clip(text.date));
        let (description, author) = (clip(text.description), clip(text.author));
        let tags: Vec<String> = text.tags.iter().take(room).map(|tag| clip(tag)).collect();
        let clipped = CardText {
            title: &title,
            tags: &tags,
            site: &site,
            date: &date,
            description: &description,
            author: &author,
            ..*text
        };
        let extras = layout::Extras { logo, avatar: avatar || text.avatar.is_some(), site_name: self.site_name };
        layout::plan(s, &clipped, extras, fonts)
    }

    /// Draws the card as a PNG.
    pub fn render(&self, text: &CardText) -> Result<RenderedCard, CardError> {
        let s = &self.settings;
        let theme = &s.theme;
        let avatar = match text.avatar {
            Some(bytes) => Some(images::scale_avatar(&images::decode_post_image("avatar", bytes)?, s)),
            None => None,
        };
        let avatar = avatar.as_ref().or(self.avatar.as_ref());
        let mut fonts = self.render_fonts(text);
        let plan = self.plan(text, avatar.is_some(), &mut fonts);
        let mut low_contrast = Vec::new();
        let pixels = match (text.image, &self.background) {
            (Some(bytes), _) => {
                let image = images::decode_post_image("image", bytes)?;
                let l = &plan.summary;
                let bottom_row = !l.tag_boxes.is_empty() || l.author_box.is_some();
                let rows = layout::rows(s, self.logo.as_ref().map(|l| (l.width(), l.height())), bottom_row);
                let (pixels, low) = images::background(&image, s, &rows);
                low_contrast = low;
                Some(pixels)
            }
            (None, Some(pixels)) => Some(pixels.clone()),
            (None, None) => None,
        };
        // A grey readable on a flat colour needs a much heavier scrim on a
        // photo: over an image the second tier of text takes the text colour.
        let muted = if pixels.is_some() { theme.text } else { theme.muted };
        // Colour emoji bring far more than 256 colours: such a card is drawn
        // in RGB from the start, not turned into RGB halfway.
        let lines = plan.title.iter().chain(&plan.description).chain(plan.pills.iter().map(|p| &p.label));
        let mut lines = lines.chain(plan.site.iter()).chain(plan.author.iter()).chain(plan.date.iter());
        let emoji = lines.any(|line| line.glyphs.iter().any(|(_, g)| fonts.face(g.font).bitmap));
        let mut canvas = match pixels {
            Some(pixels) => canvas::Canvas::from_rgb(s.width, s.height, pixels),
            None if emoji => canvas::Canvas::filled_rgb(s.width, s.height, theme.background),
            None => canvas::Canvas::filled(s.width, s.height, theme.background),
        };
        canvas.fill_rect(plan.summary.accent_box, theme.accent);
        let cache = &self.glyphs;
        let title: Vec<_> = plan.title.iter().collect();
        draw::text(&mut canvas, &title, theme.title, &fonts, cache);
        let description: Vec<_> = plan.description.iter().collect();
        draw::text(&mut canvas, &description, muted, &fonts, cache);
        for pill in &plan.pills {
            canvas.round_rect(pill.rect, pill.rect.height / 2.0, theme.tag_background);
            // A leading `#` (or the `+` of `+N`) in the accent colour, the tag in the tag colour.
            let (mark, name) = pill.label.split_at_cluster(usize::from(pill.marked));
            draw::text(&mut canvas, &[&mark], theme.accent, &fonts, cache);
            draw::text(&mut canvas, &[&name], theme.tag_text, &fonts, cache);
        }
        if let (Some(logo), Some(at)) = (&self.logo, plan.summary.logo_box) {
            canvas.image(at.x as i32, at.y as i32, logo);
        }
        if let (Some(avatar), Some(at)) = (avatar, plan.summary.avatar_box) {
            canvas.image_circle(at.x as i32, at.y as i32, avatar);
        }
        // One call per line: a mask spanning the card from top to bottom would cost more.
        for (line, colour) in [(&plan.site, theme.text), (&plan.author, theme.text), (&plan.date, muted)] {
            if let Some(line) = line {
                draw::text(&mut canvas, &[line], colour, &fonts, cache);
            }
        }
        let png = png::encode(&canvas)?;
        Ok(RenderedCard {
            png,
            width: s.width,
            height: s.height,
            missing_glyphs: fonts.missing,
            low_contrast,
            title_truncated: plan.summary.title_truncated,
        })
    }

    /// Changes whenever anything but the text would change the pixels:
    /// settings, font, logo and background bytes, and this crate's version.
    /// Installed fonts found at render time are not part of it.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }
}

/// What to do about a file named in `card:` that cannot be read.
fn unreadable_help(problem: &ReadError) -> &'static str {
    match problem {
        ReadError::NotRegular(_) => "point the key at a regular file, or remove it",
        ReadError::TooLarge { .. } => "use a smaller file, or remove the key",
        ReadError::Io(_) if problem.is_missing() => {
            "fix the path (relative paths start at the folder of feedcard.yaml) or remove the key"
        }
        ReadError::Io(_) => "check that the file's permissions let feedcard read it",
    }
}

/// A file named by `card.{key}`, read with the checks every input gets.
pub(crate) fn read_card_file(key: &'static str, path: &Path, limit: u64) -> Result<Vec<u8>, CardError> {
    read_regular(path, limit).map_err(|problem| CardError::Unreadable { key, path: path.to_path_buf(), problem })
}

fn read_image(key: &'static str, path: &Path) -> Result<(Vec<u8>, image::DynamicImage), CardError> {
    let bytes = read_card_file(key, path, MAX_IMAGE_BYTES)?;
    let image = image::load_from_memory(&bytes)
        .map_err(|e| CardError::ImageInvalid { path: path.to_path_buf(), reason: e.to_string() })?;
    Ok((bytes, image))
}

/// FNV-1a, 64 bit: stable across platforms and releases, unlike `std::hash`.
struct Fingerprint(u64);

impl Fingerprint {
    fn new() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, bytes: &[u8]) {
        // Length first, so ("ab", "c") and ("a", "bc") differ.
        for &b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}
