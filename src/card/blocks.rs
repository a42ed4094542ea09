//! The parts of a card around the title: the brand row (logo, site name,
//! date), the byline (avatar, author), tag pills and the description.

use super::fonts::{RenderFonts, Role};
use super::lang::Language;
use super::layout::{place, single_line, Pill, Rect, TextLine, ELLIPSIS};
use super::shape::{shape, Glyph};
use super::wrap::Wrapper;

const TAG_GAP: f32 = 12.0;

/// A line of text placed on the card, with the box its ink may take.
pub(crate) struct Placed {
    pub line: TextLine,
    pub rect: Rect,
}

/// `text` on one line from `x` (its left edge) at `baseline`, at most `max` wide.
pub(crate) fn line_at(
    text: &str,
    role: Role,
    fonts: &mut RenderFonts,
    size: f32,
    max: f32,
    x: f32,
    baseline: f32,
) -> Option<Placed> {
    let text = text.trim();
    if text.is_empty() || max <= 0.0 {
        return None;
    }
    let (glyphs, width) = single_line(text, role, fonts, size, max);
    let face = fonts.face(role_face(role));
    let rect = Rect { x, y: baseline - face.cap_height * size, width, height: (face.cap_height + face.descent) * size };
    Some(Placed { line: place(glyphs, x, baseline, size), rect })
}

/// The first configured face of a role: its metrics place the role's lines.
pub(crate) fn role_face(role: Role) -> usize {
    match role {
        Role::Title => 0,
        Role::Text => 1,
    }
}

/// Up to `max_lines` lines of `text`, `width` wide, the last cut with `…` if
/// it does not all fit. Right-aligned when the text reads right to left.
pub(crate) fn paragraph(
    text: &str,
    fonts: &mut RenderFonts,
    size: f32,
    area: Rect,
    max_lines: usize,
    line_height: f32,
    language: Language,
) -> Vec<Placed> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() || max_lines == 0 {
        return Vec::new();
    }
    let shaped = shape(&text, Role::Text, fonts);
    let wrapper = Wrapper::new(&shaped, language, 0.0);
    let ellipsis = shape(ELLIPSIS, Role::Text, fonts);
    let em = area.width / size;
    let (lines, cut) = match wrapper.fit(em, max_lines, true) {
        Some(lines) => (lines, false),
        None => (wrapper.truncate(em, max_lines, ellipsis.total_width()), true),
    };
    let face = fonts.face(1);
    let (cap, descent) = (face.cap_height, face.descent);
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let mut glyphs = shaped.line(line.range.start, line.range.end);
            if cut && i + 1 == count {
                glyphs = super::layout::with_tail(glyphs, &ellipsis, shaped.rtl);
            }
            let width = glyphs.iter().map(|g| g.1.advance).sum::<f32>() * size;
            let x = if shaped.rtl { area.right() - width } else { area.x };
            let baseline = (area.y + cap * size + i as f32 * line_height).round();
            let rect = Rect { x, y: baseline - cap * size, width, height: (cap + descent) * size };
            Placed { line: place(glyphs, x, baseline, size), rect }
        })
        .collect()
}

/// A pill's glyphs, their width, and whether they start with a mark.
type Label = (Vec<(f32, Glyph)>, f32, bool);

pub(crate) struct Tags {
    pub pills: Vec<Pill>,
    pub shown: Vec<String>,
    pub overflow: usize,
}

/// Pills for `labels` on one row of `height` whose right edge is `right`
/// (or left edge `left` when `align_left`), at most `room` wide; those that
/// do not fit become a `+N` pill.
pub(crate) fn tag_row(
    labels: &[String],
    fonts: &mut RenderFonts,
    size: f32,
    room: f32,
    (left, right, align_left): (f32, f32, bool),
    top: f32,
) -> Tags {
    let height = pill_height(size);
    let pad_x = (size * 0.75).round();
    let pill_width = |text_width: f32| (text_width + 2.0 * pad_x).round();
    let mut items: Vec<Label> = labels
        .iter()
        .map(|l| {
            let (glyphs, width) = single_line(l, Role::Text, fonts, size, (room - 2.0 * pad_x).max(0.0));
            (glyphs, width, l.starts_with('#'))
        })
        .collect();
    // The most tags that fit, leaving room for a `+N` pill.
    let mut shown = items.len();
    let plus = loop {
        let plus = (shown < labels.len()).then(|| {
            let (glyphs, width) = single_line(&format!("+{}", labels.len() - shown), Role::Text, fonts, size, room);
            (glyphs, width, true)
        });
        let total: f32 = items[..shown].iter().chain(plus.iter()).map(|s| pill_width(s.1) + TAG_GAP).sum::<f32>();
        if total - TAG_GAP <= room + 0.01 || shown == 0 {
            break plus.filter(|p| pill_width(p.1) <= room);
        }
        shown -= 1;
    };
    items.truncate(shown);
    items.extend(plus);
    let width = (items.iter().map(|s| pill_width(s.1) + TAG_GAP).sum::<f32>() - TAG_GAP).max(0.0);
    let mut x = if align_left { left } else { right - width };
    let cap = fonts.face(1).cap_height;
    let pills = items
        .into_iter()
        .map(|(glyphs, text_width, marked)| {
            let rect = Rect { x: x.round(), y: top, width: pill_width(text_width), height };
            x += rect.width + TAG_GAP;
            let baseline = (rect.y + height / 2.0 + cap * size / 2.0).round();
            Pill { rect, label: place(glyphs, rect.x + pad_x, baseline, size), marked }
        })
        .collect();
    Tags { pills, shown: labels[..shown].to_vec(), overflow: labels.len() - shown }
}

pub(crate) fn pill_height(size: f32) -> f32 {
    (size * 2.0).round()
}

/// A logo `height` pixels tall keeping its shape, narrowed (and so made
/// shorter) only if wider than `max_width`.
pub(crate) fn logo_size((w, h): (u32, u32), height: u32, max_width: f32) -> (u32, u32) {
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    let mut size = ((height as f32 * w / h).round(), height as f32);
    if size.0 > max_width {
        size = (max_width.floor(), (max_width * h / w).round());
    }
    ((size.0 as u32).max(1), (size.1 as u32).max(1))
}
