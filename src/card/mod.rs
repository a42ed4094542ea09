//! The card emitter: one PNG social preview card per post.
//!
//! Pure apart from reading font, logo and background files in
//! [`CardRenderer::new`] (and installed fonts, lazily, when a character no
//! configured font has turns up). [`CardRenderer::render`] takes `&self` and
//! is meant to be called from many threads at once.

mod colour;
mod coverage;
mod draw;
mod fallback;
mod fonts;
mod layout;
mod png;
mod script;
mod settings;
mod shape;
mod text;
mod wrap;

#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod tests;

pub use colour::Rgb;
pub use coverage::{merge_font_uses, missing_font_help, FaceUse, FontUse};
pub use fonts::FontOrigin;
pub use layout::{CardLayout, Rect};
pub use png::MAX_PNG_BYTES;
pub use settings::{CardSettings, CardSettingsFile, FontPath, Theme};
pub use text::clean_title;

use crate::input_file::{read_regular, ReadError, MAX_IMAGE_BYTES};
use fonts::{FontStack, RenderFonts};
use image::RgbaImage;
use std::path::{Path, PathBuf};

/// The words on one card. `date` is already formatted by the caller.
#[derive(Clone, Copy, Debug)]
pub struct CardText<'a> {
    pub title: &'a str,
    pub tags: &'a [String],
    pub site: &'a str,
    pub date: &'a str,
    /// The post's language (BCP 47: `zh-CN`, `ja`, `de`), else the site's:
    /// chooses the CJK face (Simplified, Traditional, Japanese, Korean
    /// forms) and the fonts' language-specific forms.
    pub lang: Option<&'a str>,
}

#[derive(Clone, Debug)]
pub struct RenderedCard {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Characters no font could draw, in order of first appearance: the
    /// card is drawn without them (never with placeholder boxes).
    pub missing_glyphs: Vec<char>,
}

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// A font, logo or background image that is missing, no regular file
    /// (a named pipe, `/dev/zero`), too large or unreadable.
    #[error("card.{key}: {} {problem}; {}", path.display(), unreadable_help(problem))]
    Unreadable { key: &'static str, path: PathBuf, problem: ReadError },
    #[error(
        "{path} (face {index}) is not a font feedcard can read; point card.title_font, text_font or fallback_fonts at a TrueType or OpenType file (.ttf, .otf, .ttc)"
    )]
    FontInvalid { path: PathBuf, index: u32 },
    #[error("{path} is not an image feedcard can read ({reason}); point card.logo / card.background_image at a PNG or JPEG file")]
    ImageInvalid { path: PathBuf, reason: String },
    #[error(
        "the card is {size} bytes as PNG, over the 1 MB limit social sites accept; use a simpler or smaller background image"
    )]
    TooLarge { size: usize },
    #[error("could not encode the card as PNG: {0}")]
    Encode(String),
}

/// Renders cards with fonts, logo and background loaded once.
pub struct CardRenderer {
    settings: CardSettings,
    fonts: FontStack,
    logo: Option<RgbaImage>,
    /// The background image scaled and cropped to the card, as RGB.
    background: Option<Vec<u8>>,
    fingerprint: String,
}

impl CardRenderer {
    pub fn new(settings: &CardSettings) -> Result<CardRenderer, CardError> {
        let fonts = FontStack::new(settings)?;
        let mut hash = Fingerprint::new();
        hash.add(env!("CARGO_PKG_VERSION").as_bytes());
        // Paths differ with where feedcard runs from; the files' bytes are
        // hashed below, so only their names take part here.
        let mut portable = settings.clone();
        let name_only = |path: &mut PathBuf| *path = path.file_name().map(PathBuf::from).unwrap_or_default();
        portable.logo.iter_mut().chain(portable.background_image.iter_mut()).for_each(name_only);
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
        let logo = match &settings.logo {
            Some(path) => {
                let (bytes, image) = read_image("logo", path)?;
                hash.add(&bytes);
                Some(scale_logo(&image, layout::logo_height(settings.footer_size)))
            }
            None => None,
        };
        let background = match &settings.background_image {
            Some(path) => {
                let (bytes, image) = read_image("background_image", path)?;
                hash.add(&bytes);
                Some(cover(&image, settings.width, settings.height))
            }
            None => None,
        };
        Ok(CardRenderer { settings: settings.clone(), fonts, logo, background, fingerprint: hash.finish() })
    }

    pub fn layout(&self, text: &CardText) -> CardLayout {
        let mut fonts = self.render_fonts(text);
        self.plan(text, &mut fonts).summary
    }

    /// The fonts of one card, knowing its language.
    fn render_fonts(&self, text: &CardText) -> RenderFonts<'_> {
        let mut sample = String::from(text.title);
        text.tags.iter().take(64).for_each(|tag| sample.push_str(tag));
        RenderFonts::for_card(&self.fonts, text.lang, &sample)
    }

    fn plan(&self, text: &CardText, fonts: &mut RenderFonts) -> layout::Plan {
        let logo = self.logo.as_ref().map(|l| (l.width(), l.height()));
        // Shaping costs grow with the text, but a card shows a few hundred
        // characters at most: cut what can never show before laying out.
        let s = &self.settings;
        let narrowest_glyph = 0.2 * s.title_size_min.min(s.tag_size).min(s.footer_size).max(1.0);
        let room = (s.width as f32 / narrowest_glyph) as usize * (s.max_title_lines + 1) + 16;
        let title = text::clip(text.title, room);
        let site = text::clip(text.site, room);
        let date = text::clip(text.date, room);
        let tags: Vec<String> = text.tags.iter().take(room).map(|tag| text::clip(tag, room).into_owned()).collect();
        let clipped = CardText { title: &title, tags: &tags, site: &site, date: &date, lang: text.lang };
        layout::plan(s, &clipped, logo, fonts)
    }

    pub fn render(&self, text: &CardText) -> Result<RenderedCard, CardError> {
        let s = &self.settings;
        let theme = &s.theme;
        let mut fonts = self.render_fonts(text);
        let plan = self.plan(text, &mut fonts);
        let mut canvas = match &self.background {
            Some(rgb) => draw::Canvas { width: s.width, height: s.height, pixels: rgb.clone() },
            None => draw::Canvas::filled(s.width, s.height, theme.background),
        };
        let accent = plan.summary.accent_box;
        canvas.round_rect(accent, accent.height / 2.0, theme.accent);
        let mut cache = draw::GlyphCache::default();
        let title: Vec<_> = plan.title.iter().collect();
        draw::text(&mut canvas, &title, theme.title, &fonts, &mut cache);
        for pill in &plan.pills {
            canvas.round_rect(pill.rect, pill.rect.height / 2.0, theme.tag_background);
            // The `#` in the accent colour, the tag itself in the tag colour.
            let (hash, name) = pill.label.split_at_cluster(1);
            draw::text(&mut canvas, &[&hash], theme.accent, &fonts, &mut cache);
            draw::text(&mut canvas, &[&name], theme.tag_text, &fonts, &mut cache);
        }
        if let (Some(logo), Some(at)) = (&self.logo, plan.summary.logo_box) {
            canvas.image(at.x as i32, at.y as i32, logo);
        }
        let colours = [theme.text, theme.muted];
        for (line, colour) in plan.footer.iter().zip(colours) {
            draw::text(&mut canvas, &[line], colour, &fonts, &mut cache);
        }
        let png = png::encode(&canvas)?;
        Ok(RenderedCard { png, width: s.width, height: s.height, missing_glyphs: fonts.missing })
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

/// The logo at `height` pixels, at most four times as wide as tall.
fn scale_logo(image: &image::DynamicImage, height: u32) -> RgbaImage {
    let (w, h) = (image.width().max(1) as f32, image.height().max(1) as f32);
    let mut target = (height as f32, (height as f32 * w / h).round());
    if target.1 > 4.0 * target.0 {
        target = ((4.0 * target.0 * h / w).round(), 4.0 * target.0);
    }
    image::imageops::resize(
        &image.to_rgba8(),
        (target.1 as u32).max(1),
        (target.0 as u32).max(1),
        image::imageops::FilterType::CatmullRom,
    )
}

/// Scales the image to cover the card and crops the middle, as RGB bytes.
fn cover(image: &image::DynamicImage, width: u32, height: u32) -> Vec<u8> {
    let scaled = image.resize_to_fill(width, height, image::imageops::FilterType::CatmullRom);
    scaled.to_rgb8().into_raw()
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
