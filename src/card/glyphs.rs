//! Rasterised glyphs shared by every card a renderer draws: the site name,
//! dates, tags and common letters recur from card to card, and rasterising
//! them was a third of a card's time.

use super::fonts::{FontFace, RenderFonts};
use ab_glyph::{Font, GlyphId, PxScale};
use image::RgbaImage;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Sub-pixel steps per pixel horizontally.
pub(crate) const SUBPIXEL: f32 = 4.0;

/// Memory the cache may hold; past it, it starts again empty, so a run of
/// any length and any mix of sizes stays bounded.
const BUDGET_BYTES: usize = 32 << 20;

/// A glyph's coverage at one size and sub-pixel offset.
pub(crate) struct Coverage {
    pub left: i32,
    pub top: i32,
    pub width: usize,
    pub values: Vec<u8>,
}

/// A colour bitmap glyph scaled to the text size: left and top relative to
/// the pen position on the baseline, and the image.
pub(crate) type Bitmap = (i32, i32, RgbaImage);

/// The face (by address: faces live as long as the renderer and its
/// cache), glyph id, text size (as bits) and sub-pixel offset.
type Key = (usize, u16, u32, u8);

struct Store<V> {
    entries: HashMap<Key, Option<Arc<V>>>,
    bytes: usize,
}

impl<V> Default for Store<V> {
    fn default() -> Self {
        Store { entries: HashMap::new(), bytes: 0 }
    }
}

/// Thread-safe: cards are drawn on several threads at once.
#[derive(Default)]
pub(crate) struct GlyphCache {
    outlines: RwLock<Store<Coverage>>,
    bitmaps: RwLock<Store<Bitmap>>,
}

impl GlyphCache {
    pub fn outline(&self, fonts: &RenderFonts, font: usize, id: u16, size: f32, sub: u8) -> Option<Arc<Coverage>> {
        let face = fonts.face(font);
        let make = || {
            let coverage = rasterise(face, id, size, sub)?;
            let bytes = coverage.values.len() + std::mem::size_of::<Coverage>();
            Some((coverage, bytes))
        };
        cached(&self.outlines, key(face, id, size, sub), make)
    }

    pub fn bitmap(&self, fonts: &RenderFonts, font: usize, id: u16, size: f32) -> Option<Arc<Bitmap>> {
        let face = fonts.face(font);
        let make = || {
            let bitmap = scale_bitmap(face, id, size)?;
            let bytes = bitmap.2.as_raw().len() + std::mem::size_of::<Bitmap>();
            Some((bitmap, bytes))
        };
        cached(&self.bitmaps, key(face, id, size, 0), make)
    }
}

fn key(face: &FontFace, id: u16, size: f32, sub: u8) -> Key {
    (std::ptr::from_ref(face) as usize, id, size.to_bits(), sub)
}

/// The entry for `key`, made (outside the lock) and kept when missing.
fn cached<V>(store: &RwLock<Store<V>>, key: Key, make: impl FnOnce() -> Option<(V, usize)>) -> Option<Arc<V>> {
    if let Some(found) = store.read().ok().and_then(|s| s.entries.get(&key).cloned()) {
        return found;
    }
    let (value, bytes) = match make() {
        Some((value, bytes)) => (Some(Arc::new(value)), bytes),
        None => (None, 0),
    };
    if let Ok(mut store) = store.write() {
        if store.bytes + bytes > BUDGET_BYTES {
            *store = Store::default();
        }
        store.bytes += bytes + std::mem::size_of::<(Key, Option<Arc<V>>)>();
        store.entries.insert(key, value.clone());
    }
    value
}

fn rasterise(face: &FontFace, id: u16, size: f32, sub: u8) -> Option<Coverage> {
    let glyphs = &face.views().glyphs;
    let scale = PxScale::from(size * glyphs.height_unscaled() / face.units_per_em);
    let glyph = GlyphId(id).with_scale_and_position(scale, ab_glyph::point(f32::from(sub) / SUBPIXEL, 0.0));
    let outlined = glyphs.outline_glyph(glyph)?;
    let bounds = outlined.px_bounds();
    let (width, height) = (bounds.width() as usize, bounds.height() as usize);
    let mut values = vec![0u8; width * height];
    outlined.draw(|x, y, c| {
        if let Some(v) = values.get_mut(y as usize * width + x as usize) {
            *v = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    });
    Some(Coverage { left: bounds.min.x as i32, top: bounds.min.y as i32, width, values })
}

fn scale_bitmap(face: &FontFace, id: u16, size: f32) -> Option<Bitmap> {
    let raster = face.views().glyphs.glyph_raster_image2(GlyphId(id), size.ceil() as u16)?;
    if !matches!(raster.format, ab_glyph::GlyphImageFormat::Png) {
        return None;
    }
    let decoded = image::load_from_memory_with_format(raster.data, image::ImageFormat::Png).ok()?;
    let scale = size / f32::from(raster.pixels_per_em.max(1));
    let (w, h) = ((decoded.width() as f32 * scale).round(), (decoded.height() as f32 * scale).round());
    let scaled = image::imageops::resize(
        &decoded.to_rgba8(),
        (w as u32).max(1),
        (h as u32).max(1),
        image::imageops::FilterType::Triangle,
    );
    let left = (raster.origin.x * scale).round() as i32;
    let top = -((raster.origin.y * scale) + h).round() as i32;
    Some((left, top, scaled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::fonts::FontStack;
    use crate::card::CardSettings;

    #[test]
    fn a_glyph_is_rasterised_once_and_shared() {
        let stack = FontStack::new(&CardSettings { system_fonts: false, ..CardSettings::default() }).unwrap();
        let fonts = RenderFonts::new(&stack);
        let cache = GlyphCache::default();
        let id = fonts.face(0).views().glyphs.glyph_id('A').0;
        let first = cache.outline(&fonts, 0, id, 64.0, 1).unwrap();
        let again = cache.outline(&fonts, 0, id, 64.0, 1).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(first.values.contains(&255), "a 64 px A has solid pixels");
        let other_size = cache.outline(&fonts, 0, id, 32.0, 1).unwrap();
        assert!(other_size.values.len() < first.values.len());
    }
}
