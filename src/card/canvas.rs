//! The pixels of a card, kept as palette indices while they fit in 256
//! colours.
//!
//! A flat card (one background, text and pills in a handful of colours,
//! edges anti-aliased at `LEVELS` steps) uses few colours, so it is drawn at
//! one byte a pixel and written as an indexed PNG with no pass to find its
//! colours. A background photo, a colour emoji or a 257th colour turns the
//! canvas into RGB; every pixel keeps its colour either way.

use super::colour::Rgb;
use super::layout::Rect;
use super::palette::ColourTable;
use image::RgbaImage;

/// Anti-aliasing steps: coverage is rounded to one of them, so a flat card
/// uses a small, known set of colours.
pub(crate) const LEVELS: usize = 24;

/// The coverage step (0 ..= `LEVELS - 1`) of `coverage` (0.0 ..= 1.0).
pub(crate) fn step(coverage: f32) -> u8 {
    (coverage.clamp(0.0, 1.0) * (LEVELS - 1) as f32 + 0.5) as u8
}

/// The alpha (0 ..= 255) a coverage step blends with.
fn alpha(step: u8) -> u8 {
    (u32::from(step) * 255 / (LEVELS as u32 - 1)) as u8
}

/// The step of each 8-bit coverage value.
pub(crate) fn step_table() -> [u8; 256] {
    std::array::from_fn(|c| step(c as f32 / 255.0))
}

/// Steps passed through unchanged.
fn identity() -> [u8; 256] {
    std::array::from_fn(|c| c as u8)
}

pub(crate) enum Pixels {
    /// One palette index a pixel, row by row.
    Indexed { indices: Vec<u8>, palette: Box<ColourTable> },
    /// RGB, row by row.
    Rgb(Vec<u8>),
}

pub(crate) struct Canvas {
    pub width: u32,
    pub height: u32,
    pub pixels: Pixels,
}

/// One colour to blend at coverage steps, with the palette index of each
/// (colour under, step) already worked out: text edges repeat the same few.
pub(crate) struct Pen {
    colour: Rgb,
    /// For each index under the pen, its row in `known` + 1 (0: none yet):
    /// a pen meets few colours, and zeroing a full table per pen cost more
    /// than the blending.
    rows: [u16; 256],
    /// Per step, the blended colour's index + 1; 0 unknown.
    known: Vec<[u16; LEVELS]>,
    /// The pen's own index + 1 (0 unknown): the solid inside of a glyph
    /// covers any colour, so needs no lookup by the colour under it.
    solid: u16,
}

impl Pen {
    pub fn new(colour: Rgb) -> Pen {
        Pen { colour, rows: [0; 256], known: Vec::new(), solid: 0 }
    }

    /// The remembered results for blending over `under`.
    fn row(&mut self, under: u8) -> &mut [u16; LEVELS] {
        let mut row = usize::from(self.rows[usize::from(under)]);
        if row == 0 {
            self.known.push([0; LEVELS]);
            // At most 256 rows, one per index.
            row = self.known.len();
            self.rows[usize::from(under)] = row as u16;
        }
        &mut self.known[row - 1]
    }
}

impl Canvas {
    pub fn filled(width: u32, height: u32, colour: Rgb) -> Canvas {
        let mut palette = Box::<ColourTable>::default();
        // The first colour of an empty table always fits.
        let index = palette.index_of_rgb(colour).unwrap_or(0);
        let indices = vec![index; width as usize * height as usize];
        Canvas { width, height, pixels: Pixels::Indexed { indices, palette } }
    }

    /// An RGB canvas of one colour, for a card that will not fit a palette.
    pub fn filled_rgb(width: u32, height: u32, colour: Rgb) -> Canvas {
        let pixels = [colour.0, colour.1, colour.2].repeat(width as usize * height as usize);
        Canvas::from_rgb(width, height, pixels)
    }

    /// A canvas over RGB pixels (a background photo with its scrim).
    pub fn from_rgb(width: u32, height: u32, pixels: Vec<u8>) -> Canvas {
        Canvas { width, height, pixels: Pixels::Rgb(pixels) }
    }

    /// The pixels as RGB, row by row.
    #[cfg(test)]
    pub fn rgb(&self) -> Vec<u8> {
        match &self.pixels {
            Pixels::Rgb(pixels) => pixels.clone(),
            Pixels::Indexed { indices, palette } => expand(indices, palette),
        }
    }

    /// From indices to RGB, once the palette is full.
    fn make_rgb(&mut self) {
        if let Pixels::Indexed { indices, palette } = &self.pixels {
            self.pixels = Pixels::Rgb(expand(indices, palette));
        }
    }

    /// `colour` over the pixel at `(x, y)` with straight alpha.
    fn blend(&mut self, x: i32, y: i32, colour: Rgb, alpha: u8) {
        if alpha == 0 || x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = y as usize * self.width as usize + x as usize;
        let blended = match &mut self.pixels {
            Pixels::Rgb(pixels) => {
                let px = &mut pixels[i * 3..i * 3 + 3];
                let Rgb(r, g, b) = Rgb(px[0], px[1], px[2]).blend(colour, alpha);
                px.copy_from_slice(&[r, g, b]);
                return;
            }
            Pixels::Indexed { indices, palette } => {
                let blended = palette.colour(indices[i]).blend(colour, alpha);
                if let Some(index) = palette.index_of_rgb(blended) {
                    indices[i] = index;
                    return;
                }
                blended
            }
        };
        self.make_rgb();
        if let Pixels::Rgb(pixels) = &mut self.pixels {
            pixels[i * 3..i * 3 + 3].copy_from_slice(&[blended.0, blended.1, blended.2]);
        }
    }

    /// Blends `pen` over row `y` from column `x` on, at the step
    /// `to_step[value]` of each value (0 leaves the pixel alone). The
    /// values must lie inside the canvas.
    pub fn blend_row(&mut self, x: usize, y: usize, values: &[u8], to_step: &[u8; 256], pen: &mut Pen) {
        let start = y * self.width as usize + x;
        let done = match &mut self.pixels {
            Pixels::Indexed { indices, palette } => {
                let row = &mut indices[start..start + values.len()];
                match blend_indexed(row, values, to_step, pen, palette) {
                    None => return,
                    Some(done) => done,
                }
            }
            Pixels::Rgb(pixels) => {
                blend_rgb(&mut pixels[start * 3..(start + values.len()) * 3], values, to_step, pen.colour);
                return;
            }
        };
        // The palette is full: go on in RGB from the pixel that did not fit.
        self.make_rgb();
        self.blend_row(x + done, y, &values[done..], to_step, pen);
    }

    /// A filled rectangle on whole pixels.
    pub fn fill_rect(&mut self, rect: Rect, colour: Rgb) {
        let x0 = rect.x.round().clamp(0.0, self.width as f32) as usize;
        let y0 = rect.y.round().max(0.0) as usize;
        let x1 = (rect.right().round().min(self.width as f32).max(0.0) as usize).max(x0);
        let y1 = rect.bottom().round().min(self.height as f32).max(0.0) as usize;
        let width = self.width as usize;
        if let Pixels::Indexed { palette, .. } = &mut self.pixels {
            if palette.index_of_rgb(colour).is_none() {
                self.make_rgb();
            }
        }
        for y in y0..y1 {
            let (start, end) = (y * width + x0, y * width + x1);
            match &mut self.pixels {
                Pixels::Indexed { indices, palette } => {
                    let index = palette.index_of_rgb(colour).unwrap_or(0);
                    indices[start..end].fill(index);
                }
                Pixels::Rgb(pixels) => {
                    for px in pixels[start * 3..end * 3].chunks_exact_mut(3) {
                        px.copy_from_slice(&[colour.0, colour.1, colour.2]);
                    }
                }
            }
        }
    }

    /// A filled rectangle with round corners of `radius`, anti-aliased.
    pub fn round_rect(&mut self, rect: Rect, radius: f32, colour: Rgb) {
        let radius = radius.min(rect.width / 2.0).min(rect.height / 2.0);
        let (x0, y0) = (rect.x.floor() as i32, rect.y.floor() as i32);
        let (x1, y1) = (rect.right().ceil() as i32, rect.bottom().ceil() as i32);
        // Only the part inside the canvas is drawn.
        let (from, to) = (x0.max(0), x1.min(self.width as i32));
        let (left, right) = (rect.x + radius, rect.right() - radius);
        let (mut pen, steps) = (Pen::new(colour), identity());
        let mut row = Vec::with_capacity((to - from).max(0) as usize);
        for y in y0.max(0)..y1.min(self.height as i32) {
            row.clear();
            // Between the round ends, coverage depends on the row alone:
            // the first pixel there sets it for the rest.
            let mut middle = None;
            for x in x0..to {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let inside = px >= left && px <= right;
                let step = match (inside, middle) {
                    (true, Some(step)) => step,
                    _ => {
                        // Distance from the pixel centre to the rounded shape, as coverage.
                        let cx = px.clamp(rect.x + radius, rect.right() - radius);
                        let cy = py.clamp(rect.y + radius, rect.bottom() - radius);
                        let d2 = (px - cx).powi(2) + (py - cy).powi(2);
                        // Only corner pixels need the square root.
                        let dist = if d2 == 0.0 { -radius } else { d2.sqrt() - radius };
                        let edge_x = (px - rect.x).min(rect.right() - px) + 0.5;
                        let edge_y = (py - rect.y).min(rect.bottom() - py) + 0.5;
                        let step = step((0.5 - dist).min(edge_x).min(edge_y));
                        if inside {
                            middle = Some(step);
                        }
                        step
                    }
                };
                if x >= from {
                    row.push(step);
                }
            }
            if !row.is_empty() {
                self.blend_row(from as usize, y as usize, &row, &steps, &mut pen);
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

fn expand(indices: &[u8], palette: &ColourTable) -> Vec<u8> {
    let colours: Vec<Rgb> = (0..=255).map(|i| palette.colour(i)).collect();
    let mut rgb = vec![0; indices.len() * 3];
    for (px, &i) in rgb.chunks_exact_mut(3).zip(indices) {
        let Rgb(r, g, b) = colours[usize::from(i)];
        px.copy_from_slice(&[r, g, b]);
    }
    rgb
}

/// Blends over palette indices; `Some(i)` when the colour of pixel `i` did
/// not fit in the palette (pixels from `i` on are left alone).
fn blend_indexed(
    row: &mut [u8],
    values: &[u8],
    to_step: &[u8; 256],
    pen: &mut Pen,
    palette: &mut ColourTable,
) -> Option<usize> {
    for (i, (px, &value)) in row.iter_mut().zip(values).enumerate() {
        let step = to_step[usize::from(value)];
        if step == 0 {
            continue;
        }
        // Full coverage gives the pen's colour whatever lies under it.
        if usize::from(step) == LEVELS - 1 {
            if pen.solid == 0 {
                let Some(index) = palette.index_of_rgb(pen.colour) else { return Some(i) };
                pen.solid = u16::from(index) + 1;
            }
            *px = (pen.solid - 1) as u8;
            continue;
        }
        let colour = pen.colour;
        let known = &mut pen.row(*px)[usize::from(step)];
        let index = match *known {
            0 => {
                let blended = palette.colour(*px).blend(colour, alpha(step));
                let index = palette.index_of_rgb(blended);
                let Some(index) = index else { return Some(i) };
                *known = u16::from(index) + 1;
                index
            }
            known => (known - 1) as u8,
        };
        *px = index;
    }
    None
}

fn blend_rgb(pixels: &mut [u8], values: &[u8], to_step: &[u8; 256], colour: Rgb) {
    for (px, &value) in pixels.chunks_exact_mut(3).zip(values) {
        let step = to_step[usize::from(value)];
        // The inside of a glyph is solid: no blending to do.
        if step as usize == LEVELS - 1 {
            px.copy_from_slice(&[colour.0, colour.1, colour.2]);
        } else if step > 0 {
            let Rgb(r, g, b) = Rgb(px[0], px[1], px[2]).blend(colour, alpha(step));
            px.copy_from_slice(&[r, g, b]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_keep_the_ends_exact() {
        assert_eq!((step(0.0), alpha(0)), (0, 0));
        assert_eq!(alpha(step(1.0)), 255);
        assert_eq!(step_table()[255] as usize, LEVELS - 1);
    }

    #[test]
    fn a_257th_colour_turns_the_canvas_to_rgb_with_every_pixel_kept() {
        let mut canvas = Canvas::filled(300, 2, Rgb(0, 0, 0));
        let mut image = RgbaImage::new(300, 1);
        for (x, _, p) in image.enumerate_pixels_mut() {
            *p = image::Rgba([x as u8, (x / 256) as u8, 9, 255]);
        }
        canvas.image(0, 1, &image);
        assert!(matches!(canvas.pixels, Pixels::Rgb(_)));
        let rgb = canvas.rgb();
        assert_eq!(&rgb[..900], &[0; 900][..], "the first row stays black");
        for x in 0..300 {
            assert_eq!(&rgb[900 + 3 * x..903 + 3 * x], &[x as u8, (x / 256) as u8, 9]);
        }
    }

    #[test]
    fn indexed_and_rgb_canvases_blend_alike() {
        let draw = |canvas: &mut Canvas| {
            canvas.round_rect(Rect { x: 3.3, y: 2.5, width: 60.0, height: 21.0 }, 10.5, Rgb(200, 30, 90));
            let values: Vec<u8> = (0..=255).collect();
            canvas.blend_row(0, 30, &values, &step_table(), &mut Pen::new(Rgb(250, 250, 240)));
            canvas.fill_rect(Rect { x: 10.0, y: 5.0, width: 5.0, height: 5.0 }, Rgb(1, 2, 3));
        };
        let mut indexed = Canvas::filled(256, 40, Rgb(15, 23, 42));
        draw(&mut indexed);
        assert!(matches!(indexed.pixels, Pixels::Indexed { .. }));
        let mut rgb = Canvas::from_rgb(256, 40, Canvas::filled(256, 40, Rgb(15, 23, 42)).rgb());
        draw(&mut rgb);
        assert_eq!(indexed.rgb(), rgb.rgb());
    }
}
