//! How far the ink of shaped text reaches above and below the baseline, so
//! title lines are spaced by what is drawn (an `Å` under a `y`, Thai tone
//! marks) rather than by a fixed factor of the size.

use super::fonts::RenderFonts;
use super::shape::{Glyph, Shaped};
use ab_glyph::{Font, GlyphId};
use std::collections::HashMap;

/// Ink further from the baseline than this, in ems, is not drawn: a stack
/// of combining marks (Zalgo text) is cut there rather than run into the
/// next line or out of the card.
pub(crate) const INK_ABOVE: f32 = 1.5;
pub(crate) const INK_BELOW: f32 = 0.6;

/// Space between the lowest ink of a line and the highest of the next, in ems.
const GAP: f32 = 0.06;

/// The ink of one text: each glyph's reach and the largest.
pub(crate) struct Ink {
    /// (font, glyph) -> (above, below) the baseline in ems, before offsets.
    glyphs: HashMap<(usize, u16), (f32, f32)>,
    /// The most any drawn glyph reaches above and below the baseline, in ems.
    pub above: f32,
    pub below: f32,
}

impl Ink {
    pub fn of(shaped: &Shaped, fonts: &RenderFonts) -> Ink {
        let mut ink = Ink { glyphs: HashMap::new(), above: 0.0, below: 0.0 };
        for g in shaped.glyphs() {
            let (above, below) = *ink.glyphs.entry((g.font, g.id)).or_insert_with(|| reach(fonts, g));
            let (above, below) = (above + g.dy, below - g.dy);
            if above <= INK_ABOVE && below <= INK_BELOW {
                ink.above = ink.above.max(above);
                ink.below = ink.below.max(below);
            }
        }
        ink
    }

    /// The glyph's ink stays within [`INK_ABOVE`] and [`INK_BELOW`].
    pub fn drawn(&self, g: &Glyph) -> bool {
        self.glyphs
            .get(&(g.font, g.id))
            .is_none_or(|&(above, below)| above + g.dy <= INK_ABOVE && below - g.dy <= INK_BELOW)
    }

    /// Baseline to baseline, in ems: at least `least`, and enough that the
    /// deepest ink of one line never meets the highest of the next.
    pub fn line_pitch(&self, least: f32) -> f32 {
        least.max(self.above + self.below + GAP)
    }
}

/// How far a glyph reaches above and below the baseline, in ems.
fn reach(fonts: &RenderFonts, g: &Glyph) -> (f32, f32) {
    let face = fonts.face(g.font);
    let em = face.units_per_em;
    if face.bitmap {
        // Drawn from the largest image, scaled to the size as `draw` does.
        let image = face.views().glyphs.glyph_raster_image2(GlyphId(g.id), u16::MAX);
        return image.map_or((0.0, 0.0), |image| {
            let ppem = f32::from(image.pixels_per_em.max(1));
            ((image.origin.y + f32::from(image.height)) / ppem, -image.origin.y / ppem)
        });
    }
    let bounds = face.views().tables.glyph_bounding_box(ttf_parser::GlyphId(g.id));
    bounds.map_or((0.0, 0.0), |b| (f32::from(b.y_max) / em, -f32::from(b.y_min) / em))
}
