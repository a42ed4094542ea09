//! Fitting the title into its area: the largest size at which it wraps in
//! whole words, then split words, then a cut with an ellipsis.

use super::breaks::SOFT_HYPHEN;
use super::fonts::{RenderFonts, Role};
use super::ink::Ink;
use super::lang::Language;
use super::layout::{place, with_tail, Rect, TextLine, ELLIPSIS};
use super::settings::CardSettings;
use super::shape::shape;
use super::wrap::Wrapper;

/// The least baseline-to-baseline distance of title lines, in ems; more
/// when the title's ink reaches further (see `Ink::line_pitch`).
const TITLE_LINE_HEIGHT: f32 = 1.12;

/// Drawn where a line ends at a soft hyphen.
const HYPHEN: &str = "-";

pub(super) struct FittedTitle {
    pub(super) lines: Vec<TextLine>,
    pub(super) strings: Vec<String>,
    pub(super) boxes: Vec<Rect>,
    pub(super) size: f32,
    pub(super) truncated: bool,
}

impl FittedTitle {
    /// From the top of the first line's capitals to the bottom of the last line.
    pub(super) fn used_height(&self) -> f32 {
        match (self.boxes.first(), self.boxes.last()) {
            (Some(first), Some(last)) => last.bottom() - first.y,
            _ => 0.0,
        }
    }

    pub(super) fn shift(&mut self, dy: f32) {
        for line in &mut self.lines {
            line.baseline += dy;
        }
        for b in &mut self.boxes {
            b.y += dy;
        }
    }
}

/// Lines that fit in `height` pixels at `size`, each `pitch` ems below the
/// last, with ink `above` the first baseline and `below` the last (in ems).
fn lines_for_height(height: f32, size: f32, above: f32, below: f32, pitch: f32) -> usize {
    let room = height / size - above - below;
    if room < 0.0 {
        0
    } else {
        (room / pitch).floor() as usize + 1
    }
}

/// The largest size from max down to min at which the title fits in whole
/// words; words are split only at the minimum size, and if even that does
/// not fit the title is cut with an ellipsis.
pub(super) fn fit_title(
    settings: &CardSettings,
    title: &str,
    language: Language,
    fonts: &mut RenderFonts,
    area: Rect,
) -> FittedTitle {
    let shaped = shape(title, Role::Title, fonts);
    let ellipsis = shape(ELLIPSIS, Role::Title, fonts);
    let hyphen = shape(HYPHEN, Role::Title, fonts);
    let wrapper = Wrapper::new(&shaped, language, hyphen.total_width());
    let ink = Ink::of(&shaped, fonts);
    let face = fonts.face(0);
    let (above, below) = (ink.above.max(face.cap_height), ink.below.max(face.descent));
    let pitch = ink.line_pitch(TITLE_LINE_HEIGHT);
    let max_lines = |size| settings.max_title_lines.min(lines_for_height(area.height, size, above, below, pitch));

    let (min, max) = (settings.title_size_min, settings.title_size_max);
    let mut chosen = None;
    let mut size = max.floor();
    while chosen.is_none() && size >= min {
        if max_lines(size) > 0 {
            chosen = wrapper.fit(area.width / size, max_lines(size), false).map(|lines| (size, lines, false));
        }
        size -= 1.0;
    }
    if chosen.is_none() && max_lines(min) > 0 {
        chosen = wrapper.fit(area.width / min, max_lines(min), true).map(|lines| (min, lines, false));
    }
    let (size, lines, truncated) = chosen.unwrap_or_else(|| {
        (min, wrapper.truncate(area.width / min, max_lines(min).max(1), ellipsis.total_width()), true)
    });

    // Rounded up, so rounding never brings two lines' ink together.
    let line_height = (size * pitch).ceil();
    let count = lines.len();
    // A short title sits in the middle of its box rather than hanging from the top.
    let used = (above + below) * size + (count.max(1) - 1) as f32 * line_height;
    let first_baseline = (area.y + ((area.height - used) / 2.0).max(0.0) + above * size).round();
    let mut out = FittedTitle { lines: Vec::new(), strings: Vec::new(), boxes: Vec::new(), size, truncated };
    for (i, line) in lines.into_iter().enumerate() {
        let range = line.range;
        let mut glyphs = shaped.line(range.start, range.end);
        // Marks stacked past the ink limits are left out, not drawn over other lines.
        glyphs.retain(|(_, g)| ink.drawn(g));
        let mut string: String = shaped.text[range].chars().filter(|&c| c != SOFT_HYPHEN).collect();
        if truncated && i + 1 == count {
            glyphs = with_tail(glyphs, &ellipsis, shaped.rtl);
            string.push_str(ELLIPSIS);
        } else if line.hyphen {
            glyphs = with_tail(glyphs, &hyphen, shaped.rtl);
            string.push_str(HYPHEN);
        }
        let width = glyphs.iter().map(|g| g.1.advance).sum::<f32>() * size;
        let x = if shaped.rtl { area.right() - width } else { area.x };
        let baseline = first_baseline + i as f32 * line_height;
        out.boxes.push(Rect { x, y: baseline - above * size, width, height: (above + below) * size });
        out.lines.push(place(glyphs, x, baseline, size));
        out.strings.push(string);
    }
    out
}
