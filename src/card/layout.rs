//! Where everything goes on the card: auto-fitted title, tag pills, footer.

use super::blocks;
use super::fonts::{RenderFonts, Role};
use super::lang::Language;
use super::settings::CardSettings;
use super::shape::{shape, Glyph, Shaped};
use super::text::card_title;
use super::title_fit::fit_title;
use super::wrap::Wrapper;
use super::CardText;

pub(crate) const ELLIPSIS: &str = "\u{2026}";

/// A box on the card, in pixels from the top left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
    /// Bottom edge.
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
    /// The description under the title, one box per line (none when hidden).
    pub description_boxes: Vec<Rect>,
    /// Pill labels as drawn (`#rust`, `police brutality`), not counting the `+N` pill.
    pub tags_shown: Vec<String>,
    /// The N of the `+N` pill; 0 when every tag is shown.
    pub tags_overflow: usize,
    /// 0 or 1: the tags share the bottom row with the author.
    pub tag_rows: usize,
    /// Every pill, the `+N` pill last.
    pub tag_boxes: Vec<Rect>,
    /// The accent band along the bottom edge of the card.
    pub accent_box: Rect,
    pub logo_box: Option<Rect>,
    pub site_box: Option<Rect>,
    pub date_box: Option<Rect>,
    pub avatar_box: Option<Rect>,
    pub author_box: Option<Rect>,
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
    /// The label starts with a `#` or `+` drawn in the accent colour.
    pub marked: bool,
}

pub(crate) struct Plan {
    pub summary: CardLayout,
    pub title: Vec<TextLine>,
    pub description: Vec<TextLine>,
    pub pills: Vec<Pill>,
    pub site: Option<TextLine>,
    pub date: Option<TextLine>,
    pub author: Option<TextLine>,
}

/// Logo size in pixels (already scaled to the card).
pub(crate) type LogoSize = Option<(u32, u32)>;

/// What the renderer has for this card besides its words.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Extras {
    pub logo: LogoSize,
    /// An avatar picture to draw beside the author.
    pub avatar: bool,
    /// Write the site's name (not beside a wordmark logo).
    pub site_name: bool,
}

/// The rows of a card, from the settings alone: what text may go where,
/// whatever the words (the scrim is made from these).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rows {
    /// Brand and date, along the top margin.
    pub top: Rect,
    /// Title and description.
    pub middle: Rect,
    /// Author and tags, along the bottom margin (zero height when empty).
    pub bottom: Rect,
    pub band: Rect,
    pub gap: f32,
}

pub(crate) fn rows(settings: &CardSettings, logo: LogoSize, bottom_row: bool) -> Rows {
    let (w, h, pad) = (settings.width as f32, settings.height as f32, settings.padding as f32);
    let inner = w - 2.0 * pad;
    let fs = settings.footer_size;
    let gap = (fs * 1.5).round();
    let top_height = logo.map_or(0.0, |l| l.1 as f32).max((fs * 1.2).round());
    let top = Rect { x: pad, y: pad, width: inner, height: top_height };
    let bottom_height = if bottom_row { avatar_size(fs).max(blocks::pill_height(settings.tag_size)) } else { 0.0 };
    let bottom = Rect { x: pad, y: h - pad - bottom_height, width: inner, height: bottom_height };
    let middle_top = top.bottom() + gap;
    let middle_bottom = if bottom_row { bottom.y - gap } else { h - pad };
    let middle = Rect { x: pad, y: middle_top, width: inner, height: (middle_bottom - middle_top).max(0.0) };
    let band_height = (h / 63.0).round().max(2.0).min(pad / 3.0);
    let band = Rect { x: 0.0, y: h - band_height, width: w, height: band_height };
    Rows { top, middle, bottom, band, gap }
}

/// The avatar's diameter next to the author's name.
pub(crate) fn avatar_size(footer_size: f32) -> f32 {
    (footer_size * 2.0).round()
}

/// How much of a line a description line takes, as a multiple of its size.
const DESCRIPTION_LINE_HEIGHT: f32 = 1.3;

pub(crate) fn plan(settings: &CardSettings, text: &CardText, extras: Extras, fonts: &mut RenderFonts) -> Plan {
    let Extras { logo, avatar, site_name } = extras;
    let fs = settings.footer_size;
    let labels = settings.tags.labels(text.tags);
    let author = if settings.author { text.author.trim() } else { "" };
    let bottom_row = !labels.is_empty() || !author.is_empty();
    let rows = rows(settings, logo, bottom_row);
    let (top, bottom) = (rows.top, rows.bottom);

    // Top row: the brand on the left, the date on the right, on one baseline.
    let cap = fonts.face(1).cap_height;
    let baseline = (top.y + top.height / 2.0 + cap * fs / 2.0).round();
    let logo_box = logo.map(|(lw, lh)| Rect {
        x: top.x,
        y: (top.y + (top.height - lh as f32) / 2.0).round(),
        width: lw as f32,
        height: lh as f32,
    });
    let date = blocks::line_at(text.date, Role::Text, fonts, fs, top.width / 3.0, 0.0, baseline).map(|mut d| {
        let x = top.right() - d.rect.width;
        shift_x(&mut d, x);
        d
    });
    let site_x = logo_box.map_or(top.x, |l| l.right() + (fs * 0.6).round());
    let site_room = top.right() - site_x - date.as_ref().map_or(0.0, |d| d.rect.width + rows.gap);
    let site =
        if site_name { blocks::line_at(text.site, Role::Title, fonts, fs, site_room, site_x, baseline) } else { None };

    // Bottom row: avatar and author on the left, tags on the right.
    let avatar_d = avatar_size(fs);
    let avatar_box = (avatar && !author.is_empty()).then(|| Rect {
        x: bottom.x,
        y: (bottom.y + (bottom.height - avatar_d) / 2.0).round(),
        width: avatar_d,
        height: avatar_d,
    });
    let author_x = avatar_box.map_or(bottom.x, |a| a.right() + (fs * 0.5).round());
    let author_baseline = (bottom.y + bottom.height / 2.0 + cap * fs / 2.0).round();
    let author_line = blocks::line_at(author, Role::Text, fonts, fs, bottom.width / 2.0, author_x, author_baseline);
    let author_right = author_line.as_ref().map(|a| a.rect.right()).or(avatar_box.map(|a| a.right()));
    let tag_room = author_right.map_or(bottom.width, |r| bottom.right() - r - rows.gap);
    let tag_top = (bottom.y + (bottom.height - blocks::pill_height(settings.tag_size)) / 2.0).round();
    let edges = (bottom.x, bottom.right(), author_right.is_none());
    let tags = blocks::tag_row(&labels, fonts, settings.tag_size, tag_room, edges, tag_top);

    // The middle: the title, and the description under it when there is room.
    let middle = rows.middle;
    let ds = (fs * 1.1).round();
    let line_height = (ds * DESCRIPTION_LINE_HEIGHT).round();
    let description = if settings.description { text.description.trim() } else { "" };
    let language = Language::new(text.lang);
    let title_text = card_title(text.title, language, settings.smart_typography);
    let mut fitted = None;
    if !description.is_empty() {
        let reserved = 2.0 * line_height + rows.gap / 2.0;
        let area = Rect { height: (middle.height - reserved).max(0.0), ..middle };
        let title = fit_title(settings, &title_text, language, fonts, area);
        // A description is worth less than a readable title.
        if !title.truncated && title.size >= settings.title_size_max * 0.6 {
            let lines = ((area.height - title.used_height()) / line_height).floor().clamp(1.0, 2.0) as usize;
            fitted = Some((title, area, lines));
        }
    }
    let (mut title, title_box, description_lines) =
        fitted.unwrap_or_else(|| (fit_title(settings, &title_text, language, fonts, middle), middle, 0));
    let description_area = Rect {
        y: title.boxes.last().map_or(middle.y, |b| b.bottom()) + rows.gap / 2.0,
        width: middle.width.min(ds * 40.0),
        ..middle
    };
    let mut description =
        blocks::paragraph(description, fonts, ds, description_area, description_lines, line_height, language);
    if let Some(last) = title.boxes.last().copied() {
        // Title and description together sit in the middle of the free space.
        let first = title.boxes[0].y;
        let end = description.last().map_or(last.bottom(), |d| d.rect.bottom());
        let dy = (middle.y + (middle.height - (end - first)) / 2.0 - first).round();
        title.shift(dy);
        for line in &mut description {
            line.line.baseline += dy;
            line.rect.y += dy;
        }
    }

    let summary = CardLayout {
        title_lines: title.strings,
        title_size: title.size,
        title_truncated: title.truncated,
        title_box,
        title_line_boxes: title.boxes,
        description_boxes: description.iter().map(|d| d.rect).collect(),
        tags_shown: tags.shown,
        tags_overflow: tags.overflow,
        tag_rows: usize::from(!tags.pills.is_empty()),
        tag_boxes: tags.pills.iter().map(|p| p.rect).collect(),
        accent_box: rows.band,
        logo_box,
        site_box: site.as_ref().map(|s| s.rect),
        date_box: date.as_ref().map(|d| d.rect),
        avatar_box: avatar_box.filter(|_| author_line.is_some()),
        author_box: author_line.as_ref().map(|a| a.rect),
    };
    Plan {
        summary,
        title: title.lines,
        description: description.into_iter().map(|d| d.line).collect(),
        pills: tags.pills,
        site: site.map(|s| s.line),
        date: date.map(|d| d.line),
        author: author_line.map(|a| a.line),
    }
}

/// Moves a placed line so that its left edge is at `x`.
fn shift_x(placed: &mut blocks::Placed, x: f32) {
    let dx = x - placed.rect.x;
    placed.rect.x = x;
    for glyph in &mut placed.line.glyphs {
        glyph.0 += dx;
    }
}

/// A line plus `tail` (`…`, or a hyphen) at its end: the right for
/// left-to-right text, the left otherwise.
pub(crate) fn with_tail(line: Vec<(f32, Glyph)>, tail: &Shaped, rtl: bool) -> Vec<(f32, Glyph)> {
    let dots = tail.line(0, tail.text.len());
    let (first, second) = if rtl { (dots, line) } else { (line, dots) };
    let width: f32 = first.iter().map(|g| g.1.advance).sum();
    let second = second.into_iter().map(|(x, g)| (x + width, g));
    first.into_iter().chain(second).collect()
}

pub(crate) fn place(glyphs: Vec<(f32, Glyph)>, x: f32, baseline: f32, size: f32) -> TextLine {
    TextLine { size, baseline, glyphs: glyphs.into_iter().map(|(pen, g)| (x + pen * size, g)).collect() }
}

/// `text` on one line at most `max` pixels wide, cut with an ellipsis if need be.
pub(crate) fn single_line(
    text: &str,
    role: Role,
    fonts: &mut RenderFonts,
    size: f32,
    max: f32,
) -> (Vec<(f32, Glyph)>, f32) {
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
