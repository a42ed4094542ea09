//! Shaping: split text into runs by bidi level, font and language, shape
//! each run with harfrust, and keep advances in em units so any size is a
//! multiplication.

use super::fonts::{FontFace, RenderFonts, Role};
use super::script::{self, Cjk, Writing};
use harfrust::Direction;
use unicode_bidi::{BidiInfo, Level};
use unicode_normalization::UnicodeNormalization;
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
    /// This run's glyphs, in visual order (the shaper reverses RTL runs).
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
    /// Glyphs the shaper gave as the font's "no such glyph" box (glyph 0),
    /// left out of `glyphs`: non-zero only when a face lacking a character
    /// had to be used. Read by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub notdef: usize,
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

/// Characters that draw nothing and so never count as missing: spaces,
/// controls, the default-ignorable ones (joiners, variation selectors, bidi
/// marks, soft hyphens) and code points that are no characters at all
/// (unassigned, noncharacters such as U+FFFE).
fn is_invisible(c: char) -> bool {
    c.is_whitespace() || c.is_control() || script::is_ignorable(c)
}

/// Whether `face` draws every visible character of `grapheme`, as typed or
/// composed or decomposed (the shaper does either when the font needs it).
fn covers(face: &FontFace, grapheme: &str) -> bool {
    let drawn = |c: char| is_invisible(c) || face.has_char(c);
    grapheme.chars().all(drawn) || grapheme.nfc().all(drawn) || grapheme.nfd().all(drawn)
}

/// The face for a grapheme with visible characters: the first face found
/// for one of them that draws the whole grapheme, else the first found,
/// with the characters it lacks.
fn choose(grapheme: &str, role: Role, writing: Writing, fonts: &mut RenderFonts) -> (Option<usize>, Vec<char>) {
    let mut chars = grapheme.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // One character: the face picked for it draws it.
        let font = fonts.pick(role, writing, c);
        return (font, if font.is_some() { Vec::new() } else { vec![c] });
    }
    let mut first = None;
    for c in grapheme.chars().filter(|&c| !is_invisible(c)) {
        let Some(font) = fonts.pick(role, writing, c) else { continue };
        if covers(fonts.face(font), grapheme) {
            return (Some(font), Vec::new());
        }
        first.get_or_insert(font);
    }
    let lacks = |c: char| !is_invisible(c) && first.is_none_or(|f| !fonts.face(f).has_char(c));
    (first, grapheme.chars().filter(|&c| lacks(c)).collect())
}

/// A grapheme's font and writing system.
pub(crate) struct Pick {
    pub at: usize,
    pub font: usize,
    pub writing: Writing,
    /// Its visible characters the font lacks (all of them when no font
    /// has the first): drawn as nothing.
    pub lacking: Vec<char>,
    /// It has visible characters.
    pub visible: bool,
}

/// The font for each grapheme, chosen for its writing system; whitespace
/// stays with the font before it, so a space between two CJK words does
/// not split the run. Characters no font has are noted as missing.
pub(crate) fn pick_fonts(text: &str, role: Role, fonts: &mut RenderFonts) -> Vec<Pick> {
    let starts: Vec<usize> = text.grapheme_indices(true).map(|(at, _)| at).collect();
    let writings = script::writing_of(text, &starts, fonts.cjk(text));
    let mut picks: Vec<Pick> = Vec::with_capacity(starts.len());
    for (i, (&at, &writing)) in starts.iter().zip(&writings).enumerate() {
        let grapheme = &text[at..starts.get(i + 1).copied().unwrap_or(text.len())];
        let previous = picks.last().map(|p| p.font);
        let visible = !grapheme.chars().all(is_invisible);
        let (font, lacking) = if visible {
            choose(grapheme, role, writing, fonts)
        } else {
            // Not after emoji: a colour font's space is as wide as an emoji.
            let font = previous
                .filter(|&f| !fonts.face(f).bitmap && grapheme.chars().all(|c| fonts.face(f).has_char(c)))
                .or_else(|| grapheme.chars().next().and_then(|c| fonts.pick(role, writing, c)));
            (font, Vec::new())
        };
        lacking.iter().for_each(|&c| fonts.note_missing(c));
        let font = font.or(previous).unwrap_or(match role {
            Role::Title => 0,
            Role::Text => 1,
        });
        picks.push(Pick { at, font, writing, lacking, visible });
    }
    picks
}

/// The language the shaper is told for a run: the CJK locale for CJK
/// text (so a face with `locl` takes that locale's forms), else the post's.
fn run_language(writing: Writing) -> Option<Cjk> {
    match writing {
        Writing::Cjk(cjk) => Some(cjk),
        _ => None,
    }
}

/// A span of text in one font, bidi level and shaping language.
struct Span {
    start: usize,
    end: usize,
    font: usize,
    level: Level,
    cjk: Option<Cjk>,
}

pub(crate) fn shape(text: &str, role: Role, fonts: &mut RenderFonts) -> Shaped {
    let bidi = BidiInfo::new(text, None);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let picks = pick_fonts(text, role, fonts);

    let mut spans: Vec<Span> = Vec::new();
    for (i, pick) in picks.iter().enumerate() {
        let end = picks.get(i + 1).map_or(text.len(), |p| p.at);
        let (level, cjk) = (bidi.levels[pick.at], run_language(pick.writing));
        match spans.last_mut() {
            // Whitespace joins the run before it whatever its writing system.
            Some(last)
                if last.font == pick.font
                    && last.level == level
                    && (last.cjk == cjk || text[pick.at..end].chars().all(is_invisible)) =>
            {
                last.end = end
            }
            _ => spans.push(Span { start: pick.at, end, font: pick.font, level, cjk }),
        }
    }

    let mut glyphs = Vec::new();
    let mut runs = Vec::new();
    let mut per_byte = vec![0.0f32; text.len() + 1];
    let mut buffer = harfrust::Buffer::new();
    let mut notdef = 0;
    for Span { start, end, font, level, cjk } in spans {
        let face = fonts.face(font);
        buffer.clear();
        // The text around the run, so Arabic letters join across a font change.
        buffer.set_pre_context(&text[..start]);
        buffer.set_post_context(&text[end..]);
        buffer.push_str(&text[start..end]);
        buffer.set_direction(if level.is_rtl() { Direction::RightToLeft } else { Direction::LeftToRight });
        let language = cjk.map(Cjk::language).or(fonts.language());
        buffer.set_language(language.and_then(|l| l.parse::<harfrust::Language>().ok()));
        buffer.guess_segment_properties();
        let shaper = harfrust::ShaperFont::new(face.shaper());
        let shaped = harfrust::shape(&shaper, &mut buffer, harfrust::ShapeOptions::new()).is_ok();
        let em = face.units_per_em;
        let first = glyphs.len();
        for (info, pos) in buffer.glyph_infos().iter().zip(buffer.glyph_positions()).filter(|_| shaped) {
            // Glyph 0 is the font's "no such glyph" box: never drawn. The
            // characters it stood for were noted as missing when picked.
            let Some(id) = u16::try_from(info.glyph_id).ok().filter(|&id| id != 0) else {
                notdef += 1;
                continue;
            };
            let cluster = start + info.cluster as usize;
            let advance = pos.x_advance as f32 / em;
            per_byte[cluster] += advance;
            glyphs.push(Glyph {
                font,
                id,
                cluster,
                advance,
                dx: pos.x_offset as f32 / em,
                dy: pos.y_offset as f32 / em,
            });
        }
        if !shaped {
            // A font the shaper cannot read: its characters are not drawn.
            text[start..end].chars().filter(|&c| !is_invisible(c)).for_each(|c| fonts.note_missing(c));
        }
        runs.push(Run { start, end, level, glyphs: first..glyphs.len() });
    }
    let mut prefix = Vec::with_capacity(per_byte.len());
    let mut sum = 0.0;
    for advance in per_byte {
        prefix.push(sum);
        sum += advance;
    }
    Shaped { text: text.to_string(), glyphs, runs, prefix, rtl, notdef }
}
