//! The scrim: the theme's background colour laid over a background image as
//! a top-to-bottom gradient, made stronger where text would be hard to read,
//! and the contrast check of each text colour against the result.

use super::colour::Rgb;
use super::layout::Rect;
use super::theme::{Pair, MIN_CONTRAST};

/// Never cover the image completely: it is there to be seen.
const MAX_STRENGTH: f32 = 0.92;
/// Share of a text band's pixels allowed below the minimum contrast: a few
/// stray highlights do not make text unreadable.
const OUTLIERS: f64 = 0.02;
const BINS: usize = 1024;

/// Rows of the card where text of these colours goes.
pub(crate) struct Band {
    pub rect: Rect,
    /// What is drawn there: (what, config key, colour).
    pub texts: Vec<(&'static str, &'static str, Rgb)>,
}

/// How many pixels of a band have each luminance (in `BINS` steps).
struct Histogram {
    counts: Vec<u32>,
    total: u64,
}

fn linear(c: u8) -> f64 {
    Rgb(c, c, c).luminance()
}

fn histogram(pixels: &[u8], width: u32, height: u32, rect: Rect, table: &[f64; 256]) -> Histogram {
    let (y0, y1) = (rect.y.max(0.0) as usize, (rect.bottom().ceil() as usize).min(height as usize));
    let row = width as usize * 3;
    let mut counts = vec![0u32; BINS];
    let mut total = 0;
    for y in y0..y1 {
        for px in pixels[y * row..(y + 1) * row].chunks_exact(3) {
            let l = 0.2126 * table[usize::from(px[0])]
                + 0.7152 * table[usize::from(px[1])]
                + 0.0722 * table[usize::from(px[2])];
            counts[((l * (BINS - 1) as f64).round() as usize).min(BINS - 1)] += 1;
            total += 1;
        }
    }
    Histogram { counts, total }
}

impl Histogram {
    /// The contrast of `text` that all but [`OUTLIERS`] of the pixels reach,
    /// each bin taken as a grey of its luminance with `bg` laid over at `alpha`.
    fn contrast(&self, text: Rgb, bg: Rgb, alpha: f32) -> f64 {
        if self.total == 0 {
            return 21.0;
        }
        let mut by_contrast: Vec<(f64, u32)> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(i, &n)| {
                let grey = grey_of(i as f64 / (BINS - 1) as f64);
                let a = (alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
                (text.contrast(Rgb(grey, grey, grey).blend(bg, a)), n)
            })
            .collect();
        by_contrast.sort_by(|a, b| a.0.total_cmp(&b.0));
        let allowed = (self.total as f64 * OUTLIERS) as u64;
        let mut seen = 0u64;
        for (contrast, n) in &by_contrast {
            seen += u64::from(*n);
            if seen > allowed {
                return *contrast;
            }
        }
        by_contrast.last().map_or(21.0, |c| c.0)
    }
}

/// The sRGB grey with luminance `l`.
fn grey_of(l: f64) -> u8 {
    let v = if l <= 0.0031308 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 };
    (v * 255.0).round().clamp(0.0, 255.0) as u8
}

/// The weakest scrim (from `floor` up) under which every text of the band
/// reaches the minimum contrast, or the strongest allowed.
fn needed(histogram: &Histogram, band: &Band, bg: Rgb, floor: f32) -> f32 {
    let passes = |alpha: f32| band.texts.iter().all(|t| histogram.contrast(t.2, bg, alpha) >= MIN_CONTRAST);
    if passes(floor) {
        return floor;
    }
    if !passes(MAX_STRENGTH) {
        return MAX_STRENGTH;
    }
    let (mut low, mut high) = (floor, MAX_STRENGTH);
    for _ in 0..12 {
        let mid = (low + high) / 2.0;
        if passes(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Lays the scrim over `pixels` (RGB rows of `width`) and returns the pairs
/// still below the minimum contrast on the result. `strength: None` draws
/// no scrim, but still checks.
pub(crate) fn apply(
    pixels: &mut [u8],
    width: u32,
    height: u32,
    bg: Rgb,
    strength: Option<f32>,
    bands: &[Band],
) -> Vec<Pair> {
    let table: [f64; 256] = std::array::from_fn(|c| linear(c as u8));
    if let Some(strength) = strength {
        let h = height as f32;
        // A straight gradient, lighter at the top where the photo shows
        // most, raised as a whole until every band of text is readable.
        let (mut top, mut bottom) = (strength * 0.6, strength);
        let at = |top: f32, bottom: f32, y: f32| top + (bottom - top) * (y / h).clamp(0.0, 1.0);
        for band in bands {
            let floor = at(top, bottom, band.rect.y);
            let need = needed(&histogram(pixels, width, height, band.rect, &table), band, bg, floor);
            top = (top + need - floor).min(MAX_STRENGTH);
            bottom = (bottom + need - floor).min(MAX_STRENGTH);
        }
        let row = width as usize * 3;
        for (y, line) in pixels.chunks_exact_mut(row).enumerate() {
            let alpha = at(top, bottom, y as f32 + 0.5);
            let a = (alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
            for px in line.chunks_exact_mut(3) {
                let Rgb(r, g, b) = Rgb(px[0], px[1], px[2]).blend(bg, a);
                px.copy_from_slice(&[r, g, b]);
            }
        }
    }
    let mut low = Vec::new();
    for band in bands {
        let histogram = histogram(pixels, width, height, band.rect, &table);
        for &(what, key, colour) in &band.texts {
            // The worst pixel that counts, as the background of the pair.
            let contrast = histogram.contrast(colour, bg, 0.0);
            if contrast < MIN_CONTRAST {
                let worst = worst_grey(&histogram, colour);
                low.push(Pair { what, fg_key: key, bg_key: "background_image", fg: colour, bg: worst });
            }
        }
    }
    low
}

/// The grey that stands for the pixels a text colour is hardest to read on.
fn worst_grey(histogram: &Histogram, text: Rgb) -> Rgb {
    let target = histogram.contrast(text, Rgb(0, 0, 0), 0.0);
    let grey = (0..BINS)
        .filter(|&i| histogram.counts[i] > 0)
        .map(|i| grey_of(i as f64 / (BINS - 1) as f64))
        .min_by(|&a, &b| {
            let da = (text.contrast(Rgb(a, a, a)) - target).abs();
            let db = (text.contrast(Rgb(b, b, b)) - target).abs();
            da.total_cmp(&db)
        })
        .unwrap_or(0);
    Rgb(grey, grey, grey)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pale(width: u32, height: u32) -> Vec<u8> {
        // A pale photo: light greys with a little texture.
        (0..width * height).flat_map(|i| [235 - (i % 7) as u8, 240 - (i % 5) as u8, 230]).collect()
    }

    fn bands(height: f32, colour: Rgb) -> Vec<Band> {
        let rect = Rect { x: 0.0, y: height * 0.3, width: 100.0, height: height * 0.4 };
        vec![Band { rect, texts: vec![("the title", "title_colour", colour)] }]
    }

    #[test]
    fn white_text_on_a_pale_photo_is_readable_under_the_scrim() {
        let (w, h) = (120, 90);
        let white = Rgb(255, 255, 255);
        let dark = Rgb(0x0f, 0x17, 0x2a);
        let mut bare = pale(w, h);
        let low = apply(&mut bare, w, h, dark, None, &bands(h as f32, white));
        assert_eq!(low.len(), 1, "white on a pale photo should fail with no scrim");
        assert!(low[0].contrast() < 1.5, "{:.2}", low[0].contrast());

        let mut scrimmed = pale(w, h);
        let low = apply(&mut scrimmed, w, h, dark, Some(0.3), &bands(h as f32, white));
        assert!(low.is_empty(), "{low:?}");
        // Measured on the pixels themselves, not on the model of them.
        let i = ((h / 2 * w + w / 2) * 3) as usize;
        let under = Rgb(scrimmed[i], scrimmed[i + 1], scrimmed[i + 2]);
        assert!(white.contrast(under) >= MIN_CONTRAST, "{under} gives {:.2}", white.contrast(under));
        // The top keeps more of the photo: the gradient is lighter there.
        assert!(scrimmed[0] > under.0, "the top is not lighter than the title band");
    }

    #[test]
    fn a_text_colour_too_close_to_the_scrim_is_reported() {
        let (w, h) = (60, 60);
        let dark = Rgb(0x0f, 0x17, 0x2a);
        let mut pixels = pale(w, h);
        let low = apply(&mut pixels, w, h, dark, Some(0.5), &bands(h as f32, Rgb(0x20, 0x28, 0x3a)));
        assert_eq!(low.len(), 1);
        assert_eq!(low[0].bg_key, "background_image");
    }
}
