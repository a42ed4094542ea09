//! Where everything goes on the card: auto-fitted title, tag pills, footer.

use super::breaks::SOFT_HYPHEN;
use super::fonts::{RenderFonts, Role};
use super::ink::Ink;
use super::lang::Language;
use super::settings::CardSettings;
use super::shape::{shape, Glyph, Shaped};
use super::wrap::Wrapper;
use super::CardText;

/// The least baseline-to-baseline distance of title lines, in ems; more
/// when the title's ink reaches further (see `Ink::line_pitch`).
const TITLE_LINE_HEIGHT: f32 = 1.12;
const ACCENT_BAR: (f32, f32) = (96.0, 10.0);
const GAP_BELOW_ACCENT: f32 = 44.0;
const GAP_ABOVE_TAGS: f32 = 40.0;
const GAP_ABOVE_FOOTER: f32 = 44.0;
const TAG_GAP: f32 = 12.0;
const MAX_TAG_ROWS: usize = 2;
const ELLIPSIS: &str = "\u{2026}";
/// Drawn where a line ends at a soft hyphen.
const HYPHEN: &str = "-";

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
}

/// What went where, for tests and for callers that want to know (e.g. to
/// warn about a truncated title).
#[derive(Clone, Debug, PartialEq)]
pub struct CardLayout {
    /// The title as drawn, one string per line; a cut line ends with `…`.
    pub title_lines: Vec<String>,
    pub title_size: f32,
    /// The title did not fit even at the minimum size and was cut.
    pub title_truncated: bool,
    /// The space the title may use, and the box each drawn line takes.
    pub title_box: Rect,
    pub title_line_boxes: Vec<Rect>,
    /// Pill labels as drawn (`#rust`), not counting the `+N` pill.
    pub tags_shown: Vec<String>,
    /// The N of the `+N` pill; 0 when every tag is shown.
    pub tags_overflow: usize,
    pub tag_rows: usize,
    /// Every pill, the `+N` pill last.
    pub tag_boxes: Vec<Rect>,
    pub accent_box: Rect,
    pub logo_box: Option<Rect>,
    pub footer_box: Rect,
}

/// A run of glyphs ready to draw: absolute pen positions in pixels.
pub(crate) struct TextLine {
    pub size: f32,
    pub baseline: f32,
    pub glyphs: Vec<(f32, Glyph)>,
}

impl TextLine {
    /// The glyphs drawing bytes before `at`, and the rest.
    pub fn split_at_cluster(&self, at: usize) -> (TextLine, TextLine) {
        let (before, after) = self.glyphs.iter().partition(|g| g.1.cluster < at);
        let part = |glyphs| TextLine { size: self.size, baseline: self.baseline, glyphs };
        (part(before), part(after))
    }
}

pub(crate) struct Pill {
    pub rect: Rect,
    pub label: TextLine,
}

pub(crate) struct Plan {
    pub summary: CardLayout,
    pub title: Vec<TextLine>,
    pub pills: Vec<Pill>,
    pub footer: Vec<TextLine>,
}

/// Logo size in pixels (already scaled to the footer).
pub(crate) type LogoSize = Option<(u32, u32)>;

/// Logo height for a footer font size: a little taller than the text.
pub(crate) fn logo_height(footer_size: f32) -> u32 {
    (footer_size * 1.6).round() as u32
}

pub(crate) fn plan(settings: &CardSettings, text: &CardText, logo: LogoSize, fonts: &mut RenderFonts) -> Plan {
    let (w, h, pad) = (settings.width as f32, settings.height as f32, settings.padding as f32);
    let inner = w - 2.0 * pad;
    let accent_box = Rect { x: pad, y: pad, width: ACCENT_BAR.0, height: ACCENT_BAR.1 };

    // Footer first: it sits on the bottom margin.
    let fs = settings.footer_size;
    let metrics = fonts.face(1);
    let (cap, descent) = (metrics.cap_height, metrics.descent);
    let baseline = (h - pad - descent * fs).floor();
    let text_top = baseline - cap * fs;
    let logo_box = logo.map(|(lw, lh)| {
        let centre = baseline - cap * fs / 2.0;
        let y = (centre - lh as f32 / 2.0).round().min(h - pad - lh as f32);
        Rect { x: pad, y, width: lw as f32, height: lh as f32 }
    });
    let footer_top = logo_box.map_or(text_top, |l| l.y.min(text_top));
    let footer_box = Rect { x: pad, y: footer_top, width: inner, height: h - pad - footer_top };
    let footer = footer_lines(text, fonts, fs, baseline, pad, inner, logo_box);

    // Tags above the footer, growing upwards.
    let pill_bottom = footer_top - GAP_ABOVE_FOOTER;
    let tags = tag_pills(text.tags, fonts, settings.tag_size, pad, inner, pill_bottom);
    let title_bottom = match tags.rows {
        0 => footer_top - GAP_ABOVE_FOOTER,
        _ => tags.top - GAP_ABOVE_TAGS,
    };
    let title_top = accent_box.bottom() + GAP_BELOW_ACCENT;
    let title_box = Rect { x: pad, y: title_top, width: inner, height: (title_bottom - title_top).max(0.0) };
    let language = Language::new(text.lang);
    let title = card_title(text.title, language, settings.smart_typography);
    let title = fit_title(settings, &title, language, fonts, title_box);

    let summary = CardLayout {
        title_lines: title.strings,
        title_size: title.size,
        title_truncated: title.truncated,
        title_box,
        title_line_boxes: title.boxes,
        tags_shown: tags.shown,
        tags_overflow: tags.overflow,
        tag_rows: tags.rows,
        tag_boxes: tags.pills.iter().map(|p| p.rect).collect(),
        accent_box,
        logo_box,
        footer_box,
    };
    Plan { summary, title: title.lines, pills: tags.pills, footer }
}

use super::text::card_title;

struct FittedTitle {
    lines: Vec<TextLine>,
    strings: Vec<String>,
    boxes: Vec<Rect>,
    size: f32,
    truncated: bool,
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
fn fit_title(
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

/// A line plus `tail` (`…`, or a hyphen) at its end: the right for
/// left-to-right text, the left otherwise.
fn with_tail(line: Vec<(f32, Glyph)>, tail: &Shaped, rtl: bool) -> Vec<(f32, Glyph)> {
    let dots = tail.line(0, tail.text.len());
    let (first, second) = if rtl { (dots, line) } else { (line, dots) };
    let width: f32 = first.iter().map(|g| g.1.advance).sum();
    let second = second.into_iter().map(|(x, g)| (x + width, g));
    first.into_iter().chain(second).collect()
}

fn place(glyphs: Vec<(f32, Glyph)>, x: f32, baseline: f32, size: f32) -> TextLine {
    TextLine { size, baseline, glyphs: glyphs.into_iter().map(|(pen, g)| (x + pen * size, g)).collect() }
}

/// `text` on one line at most `max` pixels wide, cut with an ellipsis if need be.
fn single_line(text: &str, role: Role, fonts: &mut RenderFonts, size: f32, max: f32) -> (Vec<(f32, Glyph)>, f32) {
    let shaped = shape(text, role, fonts);
    if shaped.total_width() * size <= max {
        return (shaped.line(0, text.len()), shaped.total_width() * size);
    }
    let ellipsis = shape(ELLIPSIS, role, fonts);
    let wrapper = Wrapper::new(&shaped, Language::default(), 0.0);
    let cut = wrapper.truncate(max / size, 1, ellipsis.total_width());
    let range = cut.into_iter().next().map_or(0..0, |line| line.range);
    let glyphs = with_tail(shaped.line(range.start, range.end), &ellipsis, shaped.rtl);
    let total = glyphs.iter().map(|g| g.1.advance).sum::<f32>() * size;
    (glyphs, total)
}

struct Tags {
    pills: Vec<Pill>,
    shown: Vec<String>,
    overflow: usize,
    rows: usize,
    /// Top edge of the first row.
    top: f32,
}

/// How many rows pills of these widths take, flowing left to right.
fn rows_needed(widths: &[f32], row_width: f32) -> (usize, Vec<(usize, f32)>) {
    let mut rows = 0;
    let mut x = f32::INFINITY;
    let mut placed = Vec::with_capacity(widths.len());
    for &w in widths {
        if x + w > row_width + 0.01 {
            rows += 1;
            x = 0.0;
        }
        placed.push((rows - 1, x));
        x += w + TAG_GAP;
    }
    (rows, placed)
}

fn tag_pills(tags: &[String], fonts: &mut RenderFonts, size: f32, left: f32, width: f32, bottom: f32) -> Tags {
    let height = (size * 2.0).round();
    let pad_x = (size * 0.75).round();
    let labels: Vec<String> = tags
        .iter()
        .map(|t| t.trim().trim_start_matches('#'))
        .filter(|t| !t.is_empty())
        .map(|t| format!("#{t}"))
        .collect();
    let mut shaped: Vec<(Vec<(f32, Glyph)>, f32)> =
        labels.iter().map(|l| single_line(l, Role::Text, fonts, size, width - 2.0 * pad_x)).collect();
    let pill_width = |text_width: f32| text_width + 2.0 * pad_x;

    // The most tags that fit in the rows, leaving room for a `+N` pill.
    let mut shown = labels.len();
    let more = loop {
        let mut widths: Vec<f32> = shaped[..shown].iter().map(|s| pill_width(s.1)).collect();
        let plus = (shown < labels.len())
            .then(|| single_line(&format!("+{}", labels.len() - shown), Role::Text, fonts, size, width));
        if let Some(p) = &plus {
            widths.push(pill_width(p.1));
        }
        if rows_needed(&widths, width).0 <= MAX_TAG_ROWS || shown == 0 {
            break plus;
        }
        shown -= 1;
    };
    shaped.truncate(shown);
    let overflow = labels.len() - shown;
    let mut items: Vec<(Vec<(f32, Glyph)>, f32)> = shaped;
    items.extend(more);
    let widths: Vec<f32> = items.iter().map(|s| pill_width(s.1)).collect();
    let (rows, placed) = rows_needed(&widths, width);
    let top = bottom - rows as f32 * height - rows.saturating_sub(1) as f32 * TAG_GAP;
    let cap = fonts.face(1).cap_height;
    let pills = items
        .into_iter()
        .zip(placed)
        .map(|((glyphs, text_width), (row, x))| {
            let rect = Rect {
                x: (left + x).round(),
                y: top + row as f32 * (height + TAG_GAP),
                width: pill_width(text_width).round(),
                height,
            };
            let baseline = (rect.y + height / 2.0 + cap * size / 2.0).round();
            Pill { rect, label: place(glyphs, rect.x + pad_x, baseline, size) }
        })
        .collect();
    Tags { pills, shown: labels[..shown].to_vec(), overflow, rows, top }
}

/// Site name (after the logo) on the left, date on the right.
fn footer_lines(
    text: &CardText,
    fonts: &mut RenderFonts,
    size: f32,
    baseline: f32,
    left: f32,
    width: f32,
    logo: Option<Rect>,
) -> Vec<TextLine> {
    let (date, date_width) = single_line(text.date.trim(), Role::Text, fonts, size, width / 2.0);
    let site_left = logo.map_or(left, |l| l.right() + (size * 0.6).round());
    let room = left + width - site_left - date_width - size * 1.5;
    let (site, _) = single_line(text.site.trim(), Role::Title, fonts, size, room.max(0.0));
    vec![place(site, site_left, baseline, size), place(date, left + width - date_width, baseline, size)]
}
