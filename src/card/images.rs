//! Pictures on a card: the logo and avatar scaled, a background image
//! cropped to the card with its scrim, and the contrast left on it.

use super::layout::{self, Rows};
use super::settings::CardSettings;
use super::theme::Pair;
use super::{blocks, scrim, CardError};
use image::imageops::FilterType;
use image::{DynamicImage, RgbaImage};

/// The logo at the configured height, keeping its shape; a wordmark may be
/// up to 45% of the card's inner width before it is made smaller.
pub(crate) fn scale_logo(image: &DynamicImage, settings: &CardSettings) -> RgbaImage {
    let inner = settings.width.saturating_sub(2 * settings.padding) as f32;
    let (w, h) = blocks::logo_size((image.width(), image.height()), settings.logo_height, inner * 0.45);
    image::imageops::resize(&image.to_rgba8(), w, h, FilterType::CatmullRom)
}

/// A wordmark already writes the site's name.
pub(crate) fn is_wordmark(image: &DynamicImage) -> bool {
    image.width() as f32 >= super::WORDMARK_RATIO * image.height().max(1) as f32
}

/// The avatar cropped to a centred square at the byline's size.
pub(crate) fn scale_avatar(image: &DynamicImage, settings: &CardSettings) -> RgbaImage {
    let side = layout::avatar_size(settings.footer_size) as u32;
    image.resize_to_fill(side, side, FilterType::CatmullRom).to_rgba8()
}

pub(crate) fn decode_post_image(key: &'static str, bytes: &[u8]) -> Result<DynamicImage, CardError> {
    image::load_from_memory(bytes).map_err(|e| CardError::PostImageInvalid { key, reason: e.to_string() })
}

/// Scales the image to cover the card and crops the middle, as RGB bytes,
/// with the scrim laid over; also the text colours still hard to read on it.
pub(crate) fn background(image: &DynamicImage, settings: &CardSettings, rows: &Rows) -> (Vec<u8>, Vec<Pair>) {
    let (width, height) = (settings.width, settings.height);
    let mut pixels = image.resize_to_fill(width, height, FilterType::CatmullRom).to_rgb8().into_raw();
    let low =
        scrim::apply(&mut pixels, width, height, settings.theme.background, settings.scrim, &bands(settings, rows));
    (pixels, low)
}

/// Where each text colour goes. Tags sit on their own pills: not checked
/// here. Over an image the date and description take the text colour (see
/// `render`), so the muted colour is not drawn there.
fn bands(settings: &CardSettings, rows: &Rows) -> Vec<scrim::Band> {
    let t = &settings.theme;
    let text = ("the site name, author, date and description", "text_colour", t.text);
    let title = ("the title", "title_colour", t.title);
    let mut bands = vec![
        scrim::Band { rect: rows.top, texts: vec![text] },
        scrim::Band { rect: rows.middle, texts: vec![title, text] },
    ];
    if rows.bottom.height > 0.0 {
        bands.push(scrim::Band { rect: rows.bottom, texts: vec![text] });
    }
    bands
}
