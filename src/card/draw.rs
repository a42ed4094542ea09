//! Text on the canvas: outlines through coverage masks, colour emoji
//! bitmaps on top.

use super::canvas::{step_table, Canvas, Pen};
use super::colour::Rgb;
use super::fonts::RenderFonts;
use super::glyphs::{Coverage, GlyphCache, SUBPIXEL};
use super::ink::{INK_ABOVE, INK_BELOW};
use super::layout::TextLine;

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
        let (steps, mut pen) = (step_table(), Pen::new(colour));
        for (row, line) in self.values.chunks(self.width).enumerate() {
            // Most of the mask is empty: find the inked span of each row first.
            let Some(first) = line.iter().position(|&c| c > 0) else { continue };
            let last = line.iter().rposition(|&c| c > 0).unwrap_or(first);
            let (x, y) = (self.x0 as usize + first, self.y0 as usize + row);
            canvas.blend_row(x, y, &line[first..=last], &steps, &mut pen);
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
