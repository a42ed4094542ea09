//! Painting onto an RGB canvas: rounded rectangles, text through coverage
//! masks, colour emoji bitmaps and the logo.
//!
//! Anti-aliasing coverage is rounded to `LEVELS` steps so a flat card uses a
//! small, known set of colours and can be written as an indexed PNG.

use super::colour::Rgb;
use super::fonts::RenderFonts;
use super::glyphs::{Coverage, GlyphCache, SUBPIXEL};
use super::ink::{INK_ABOVE, INK_BELOW};
use super::layout::{Rect, TextLine};
use image::RgbaImage;

const LEVELS: u32 = 24;

fn quantise(coverage: f32) -> u8 {
    let step = (coverage.clamp(0.0, 1.0) * (LEVELS - 1) as f32 + 0.5) as u32;
    (step * 255 / (LEVELS - 1)) as u8
}

/// `quantise` for 8-bit coverage, as a table.
fn quantised_levels() -> [u8; 256] {
    std::array::from_fn(|c| quantise(c as f32 / 255.0))
}

pub(crate) struct Canvas {
    pub width: u32,
    pub height: u32,
    /// RGB, row by row.
    pub pixels: Vec<u8>,
}

impl Canvas {
    pub fn filled(width: u32, height: u32, colour: Rgb) -> Canvas {
        let pixels = [colour.0, colour.1, colour.2].repeat(width as usize * height as usize);
        Canvas { width, height, pixels }
    }

    fn blend(&mut self, x: i32, y: i32, colour: Rgb, alpha: u8) {
        if alpha == 0 || x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        let under = Rgb(self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]);
        let Rgb(r, g, b) = under.blend(colour, alpha);
        self.pixels[i..i + 3].copy_from_slice(&[r, g, b]);
    }

    /// A filled rectangle on whole pixels.
    pub fn fill_rect(&mut self, rect: Rect, colour: Rgb) {
        let (x0, y0) = (rect.x.round().max(0.0) as u32, rect.y.round().max(0.0) as u32);
        let (x1, y1) =
            (rect.right().round().min(self.width as f32) as u32, rect.bottom().round().min(self.height as f32) as u32);
        for y in y0..y1 {
            let row = y as usize * self.width as usize;
            for px in self.pixels[(row + x0 as usize) * 3..(row + x1.max(x0) as usize) * 3].chunks_exact_mut(3) {
                px.copy_from_slice(&[colour.0, colour.1, colour.2]);
            }
        }
    }

    /// A filled rectangle with round corners of `radius`, anti-aliased.
    pub fn round_rect(&mut self, rect: Rect, radius: f32, colour: Rgb) {
        let radius = radius.min(rect.width / 2.0).min(rect.height / 2.0);
        let (x0, y0) = (rect.x.floor() as i32, rect.y.floor() as i32);
        let (x1, y1) = (rect.right().ceil() as i32, rect.bottom().ceil() as i32);
        let (left, right) = (rect.x + radius, rect.right() - radius);
        for y in y0..y1 {
            // Between the round ends, coverage depends on the row alone.
            let mut middle = None;
            for x in x0..x1 {
                // Distance from the pixel centre to the rounded shape, as coverage.
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let inside = px >= left && px <= right;
                if let (true, Some(alpha)) = (inside, middle) {
                    self.blend(x, y, colour, alpha);
                    continue;
                }
                let cx = px.clamp(rect.x + radius, rect.right() - radius);
                let cy = py.clamp(rect.y + radius, rect.bottom() - radius);
                let d2 = (px - cx).powi(2) + (py - cy).powi(2);
                // Only corner pixels need the square root.
                let dist = if d2 == 0.0 { -radius } else { d2.sqrt() - radius };
                let edge_x = (px - rect.x).min(rect.right() - px) + 0.5;
                let edge_y = (py - rect.y).min(rect.bottom() - py) + 0.5;
                let alpha = quantise((0.5 - dist).min(edge_x).min(edge_y));
                if inside {
                    middle = Some(alpha);
                }
                self.blend(x, y, colour, alpha);
            }
        }
    }

    /// Draws a square image cut to the circle inside it (an avatar), with a
    /// soft edge.
    pub fn image_circle(&mut self, x: i32, y: i32, image: &RgbaImage) {
        let r = image.width().min(image.height()) as f32 / 2.0;
        for (ix, iy, p) in image.enumerate_pixels() {
            let d = ((ix as f32 + 0.5 - r).powi(2) + (iy as f32 + 0.5 - r).powi(2)).sqrt();
            let edge = (r - d + 0.5).clamp(0.0, 1.0);
            let alpha = (f32::from(p[3]) * edge).round() as u8;
            self.blend(x + ix as i32, y + iy as i32, Rgb(p[0], p[1], p[2]), alpha);
        }
    }

    /// Draws an image with straight alpha at `(x, y)`.
    pub fn image(&mut self, x: i32, y: i32, image: &RgbaImage) {
        for (ix, iy, p) in image.enumerate_pixels() {
            self.blend(x + ix as i32, y + iy as i32, Rgb(p[0], p[1], p[2]), p[3]);
        }
    }
}

/// Accumulated coverage of one colour over a rectangle of the canvas.
struct Mask {
    x0: i32,
    y0: i32,
    width: usize,
    height: usize,
    values: Vec<u8>,
}

impl Mask {
    fn around(lines: &[&TextLine], canvas: &Canvas) -> Option<Mask> {
        let mut x0 = i32::MAX;
        let mut x1 = i32::MIN;
        let mut y0 = i32::MAX;
        let mut y1 = i32::MIN;
        for line in lines {
            let (first, last) = (line.glyphs.first()?, line.glyphs.last()?);
            x0 = x0.min((first.0 - line.size).floor() as i32);
            x1 = x1.max((last.0 + 2.0 * line.size).ceil() as i32);
            y0 = y0.min((line.baseline - INK_ABOVE * line.size).floor() as i32);
            y1 = y1.max((line.baseline + INK_BELOW * line.size).ceil() as i32);
        }
        let (x0, y0) = (x0.max(0), y0.max(0));
        let (x1, y1) = (x1.min(canvas.width as i32), y1.min(canvas.height as i32));
        (x1 > x0 && y1 > y0).then(|| {
            let (width, height) = ((x1 - x0) as usize, (y1 - y0) as usize);
            Mask { x0, y0, width, height, values: vec![0; width * height] }
        })
    }

    fn add(&mut self, left: i32, top: i32, coverage: &Coverage) {
        let cov_width = coverage.width.max(1);
        // The columns of the coverage that land inside the mask, once per glyph.
        let skip = (self.x0 - left).max(0) as usize;
        let start = (left - self.x0).max(0) as usize;
        let take = cov_width.saturating_sub(skip).min(self.width.saturating_sub(start));
        if take == 0 {
            return;
        }
        for (row, line) in coverage.values.chunks(cov_width).enumerate() {
            let y = top + row as i32 - self.y0;
            if y < 0 || y as usize >= self.height {
                continue;
            }
            let at = y as usize * self.width + start;
            for (v, &c) in self.values[at..at + take].iter_mut().zip(&line[skip..]) {
                *v = v.saturating_add(c);
            }
        }
    }

    fn paint(&self, canvas: &mut Canvas, colour: Rgb) {
        let levels = quantised_levels();
        let width = canvas.width as usize;
        for (row, line) in self.values.chunks(self.width).enumerate() {
            // Most of the mask is empty: find the inked span of each row first.
            let Some(first) = line.iter().position(|&c| c > 0) else { continue };
            let last = line.iter().rposition(|&c| c > 0).unwrap_or(first);
            let y = self.y0 as usize + row;
            let x = self.x0 as usize + first;
            let pixels = &mut canvas.pixels[(y * width + x) * 3..(y * width + self.x0 as usize + last + 1) * 3];
            for (px, &c) in pixels.chunks_exact_mut(3).zip(&line[first..=last]) {
                let alpha = levels[usize::from(c)];
                // The inside of a glyph is solid: no blending to do.
                if alpha == 255 {
                    px.copy_from_slice(&[colour.0, colour.1, colour.2]);
                } else if alpha > 0 {
                    let Rgb(r, g, b) = Rgb(px[0], px[1], px[2]).blend(colour, alpha);
                    px.copy_from_slice(&[r, g, b]);
                }
            }
        }
    }
}

/// Draws lines of text in one colour: outlines through one mask, colour
/// bitmaps (emoji) on top.
pub(crate) fn text(canvas: &mut Canvas, lines: &[&TextLine], colour: Rgb, fonts: &RenderFonts, cache: &GlyphCache) {
    let Some(mut mask) = Mask::around(lines, canvas) else { return };
    let mut bitmaps = Vec::new();
    for line in lines {
        let baseline = line.baseline.round() as i32;
        for (pen, glyph) in &line.glyphs {
            let x = pen + glyph.dx * line.size;
            let y = baseline - (glyph.dy * line.size).round() as i32;
            if fonts.face(glyph.font).bitmap {
                bitmaps.push((x.round() as i32, y, glyph.font, glyph.id, line.size));
                continue;
            }
            let whole = x.floor();
            let sub = ((x - whole) * SUBPIXEL).floor() as u8;
            if let Some(cov) = cache.outline(fonts, glyph.font, glyph.id, line.size, sub) {
                mask.add(whole as i32 + cov.left, y + cov.top, &cov);
            }
        }
    }
    mask.paint(canvas, colour);
    for (x, y, font, id, size) in bitmaps {
        if let Some(bitmap) = cache.bitmap(fonts, font, id, size) {
            let (left, top, image) = &*bitmap;
            canvas.image(x + left, y + top, image);
        }
    }
}
