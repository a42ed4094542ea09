//! Shaping: split text into runs by bidi level and font, shape each run with
//! rustybuzz, and keep advances in em units so any size is a multiplication.

use super::fonts::{RenderFonts, Role};
use unicode_bidi::{BidiInfo, Level};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Glyph {
    pub font: usize,
    pub id: u16,
    /// Byte offset of the first character this glyph draws.
    pub cluster: usize,
    /// Advance and offsets in ems.
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
}

#[derive(Clone, Debug)]
struct Run {
    start: usize,
    end: usize,
    level: Level,
    /// This run's glyphs, in visual order (rustybuzz reverses RTL runs).
    glyphs: std::ops::Range<usize>,
}

pub(crate) struct Shaped {
    pub text: String,
    glyphs: Vec<Glyph>,
    runs: Vec<Run>,
    /// `prefix[i]`: advance of everything before byte `i`, in ems.
    prefix: Vec<f32>,
    /// The paragraph reads right to left.
    pub rtl: bool,
}

impl Shaped {
    /// Width in ems of the text between two byte offsets.
    pub fn width(&self, start: usize, end: usize) -> f32 {
        self.prefix[end] - self.prefix[start]
    }

    pub fn total_width(&self) -> f32 {
        self.width(0, self.text.len())
    }

    /// Every glyph, in the order of the runs.
    pub fn glyphs(&self) -> &[Glyph] {
        &self.glyphs
    }

    /// The glyphs of `start..end` in visual order, with pen positions in ems.
    pub fn line(&self, start: usize, end: usize) -> Vec<(f32, Glyph)> {
        let pieces: Vec<&Run> = self.runs.iter().filter(|r| r.start < end && r.end > start).collect();
        let levels: Vec<Level> = pieces.iter().map(|r| r.level).collect();
        let mut pen = 0.0;
        let mut out = Vec::new();
        for i in BidiInfo::reorder_visual(&levels) {
            for g in &self.glyphs[pieces[i].glyphs.clone()] {
                if (start..end).contains(&g.cluster) {
                    out.push((pen, *g));
                    pen += g.advance;
                }
            }
        }
        out
    }
}

/// Characters that draw nothing and so never count as missing.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || matches!(c, '\u{E0000}'..='\u{E0FFF}')
}

/// The font for each grapheme: the first in the stack that has its first
/// visible character; whitespace stays with the font before it, so a
/// space between two CJK words does not split the run.
fn pick_fonts(text: &str, role: Role, fonts: &mut RenderFonts) -> Vec<(usize, usize)> {
    let mut picks: Vec<(usize, usize)> = Vec::new();
    for (at, grapheme) in text.grapheme_indices(true) {
        let previous = picks.last().map(|&(_, f)| f);
        let font = match grapheme.chars().find(|&c| !is_invisible(c)) {
            // Not after emoji: a colour font's space is as wide as an emoji.
            None => previous
                .filter(|&f| !fonts.face(f).bitmap && grapheme.chars().all(|c| fonts.face(f).has_char(c)))
                .or_else(|| grapheme.chars().next().and_then(|c| fonts.pick(role, c))),
            Some(c) if grapheme.contains('\u{FE0F}') => fonts.pick_colour(role, c).or_else(|| fonts.pick(role, c)),
            Some(c) => fonts.pick(role, c),
        };
        for c in grapheme.chars().filter(|&c| !is_invisible(c)) {
            if font.is_none() || (fonts.pick(role, c).is_none()) {
                fonts.note_missing(c);
            }
        }
        let font = font.or(previous).unwrap_or(match role {
            Role::Title => 0,
            Role::Text => 1,
        });
        picks.push((at, font));
    }
    picks
}

pub(crate) fn shape(text: &str, role: Role, fonts: &mut RenderFonts) -> Shaped {
    let bidi = BidiInfo::new(text, None);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let picks = pick_fonts(text, role, fonts);

    // Runs: maximal spans with one font and one bidi level.
    let mut spans: Vec<(usize, usize, usize, Level)> = Vec::new();
    for (i, &(at, font)) in picks.iter().enumerate() {
        let end = picks.get(i + 1).map_or(text.len(), |p| p.0);
        let level = bidi.levels[at];
        match spans.last_mut() {
            Some(last) if last.2 == font && last.3 == level => last.1 = end,
            _ => spans.push((at, end, font, level)),
        }
    }

    let mut glyphs = Vec::new();
    let mut runs = Vec::new();
    let mut per_byte = vec![0.0f32; text.len() + 1];
    for (start, end, font, level) in spans {
        let face = fonts.face(font);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&text[start..end]);
        buffer.set_direction(if level.is_rtl() {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&face.views().shaper, &[], buffer);
        let em = face.units_per_em;
        let first = glyphs.len();
        for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            let cluster = start + info.cluster as usize;
            let advance = pos.x_advance as f32 / em;
            per_byte[cluster] += advance;
            glyphs.push(Glyph {
                font,
                id: info.glyph_id as u16,
                cluster,
                advance,
                dx: pos.x_offset as f32 / em,
                dy: pos.y_offset as f32 / em,
            });
        }
        runs.push(Run { start, end, level, glyphs: first..glyphs.len() });
    }
    let mut prefix = Vec::with_capacity(per_byte.len());
    let mut sum = 0.0;
    for advance in per_byte {
        prefix.push(sum);
        sum += advance;
    }
    Shaped { text: text.to_string(), glyphs, runs, prefix, rtl }
}
