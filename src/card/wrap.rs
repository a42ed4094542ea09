//! Line breaking on shaped text: the places `breaks` finds, graphemes inside
//! words too long for a line, greedy fitting, balancing, and truncation.

use super::breaks::{opportunities, Opportunity};
use super::lang::Language;
use super::shape::Shaped;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Balancing cost of a line ending in a drawn hyphen (a line's cost is its
/// squared slack, 0 to 1): taken when it evens the lines out clearly.
const HYPHEN_PENALTY: f32 = 0.25;
/// Balancing cost of a break inside a word.
const FORCED_PENALTY: f32 = 4.0;

/// A place a line may end.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Break {
    at: usize,
    /// Inside a word: only when the word cannot fit.
    forced: bool,
    /// The line ends with a drawn hyphen.
    hyphen: bool,
}

/// One line: the bytes it shows and whether a hyphen is drawn after them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Line {
    pub range: Range<usize>,
    pub hyphen: bool,
}

pub(crate) struct Wrapper<'a> {
    shaped: &'a Shaped,
    /// Ending with the text length.
    opportunities: Vec<Opportunity>,
    /// Width of the hyphen drawn at a soft hyphen, in ems.
    hyphen: f32,
}

impl<'a> Wrapper<'a> {
    pub fn new(shaped: &'a Shaped, language: Language, hyphen: f32) -> Self {
        Wrapper { shaped, opportunities: opportunities(&shaped.text, language), hyphen }
    }

    /// Width of a line from `start` to `end`, not counting trailing spaces.
    pub fn line_width(&self, start: usize, end: usize) -> f32 {
        let text = &self.shaped.text[start..end];
        self.shaped.width(start, start + text.trim_end().len())
    }

    /// Width of a line from `start` ending at `end`, its hyphen included.
    fn width_to(&self, start: usize, end: Break) -> f32 {
        self.line_width(start, end.at) + if end.hyphen { self.hyphen } else { 0.0 }
    }

    /// Break candidates for lines `max` ems wide: every place between words;
    /// inside a word wider than a line, the places inside it, then grapheme
    /// boundaries in any piece still too wide.
    fn breaks(&self, max: f32) -> Vec<Break> {
        let mut out = Vec::with_capacity(self.opportunities.len());
        let mut start = 0;
        let mut inside = Vec::new();
        for o in &self.opportunities {
            if o.inside_word {
                inside.push(o.at);
                continue;
            }
            let end = Break { at: o.at, forced: false, hyphen: o.hyphen };
            if self.width_to(start, end) > max {
                let mut from = start;
                for at in inside.iter().copied().chain([o.at]) {
                    if self.line_width(from, at) > max {
                        self.grapheme_breaks(from, at, &mut out);
                    }
                    if at != o.at {
                        out.push(Break { at, forced: true, hyphen: false });
                    }
                    from = at;
                }
            }
            inside.clear();
            out.push(end);
            start = o.at;
        }
        out
    }

    /// Grapheme boundaries strictly between `start` and `end`, not before trailing spaces.
    fn grapheme_breaks(&self, start: usize, end: usize, out: &mut Vec<Break>) {
        let piece = &self.shaped.text[start..end];
        out.extend(
            piece
                .grapheme_indices(true)
                .skip(1)
                .map(|(i, _)| start + i)
                .filter(|&at| !self.shaped.text[at..end].trim().is_empty())
                .map(|at| Break { at, forced: true, hyphen: false }),
        );
    }

    /// Fewest lines at width `max`: take as much as fits on each line.
    fn greedy(&self, breaks: &[Break], max: f32) -> Vec<Break> {
        let mut ends = Vec::new();
        let mut start = 0;
        let mut last_fit: Option<Break> = None;
        let mut i = 0;
        while i < breaks.len() {
            if self.width_to(start, breaks[i]) <= max {
                last_fit = Some(breaks[i]);
                i += 1;
            } else if let Some(fit) = last_fit.take() {
                ends.push(fit);
                start = fit.at;
            } else {
                // A single grapheme wider than the line: it gets a line of its own.
                ends.push(breaks[i]);
                start = breaks[i].at;
                i += 1;
            }
        }
        ends.extend(last_fit);
        ends
    }

    /// Exactly `lines` lines, minimising the sum of squared slack over all of
    /// them, so the last line is not left with one orphan word.
    fn balance(&self, breaks: &[Break], max: f32, lines: usize) -> Option<Vec<Break>> {
        let first = Break { at: 0, forced: false, hyphen: false };
        let points: Vec<Break> = std::iter::once(first).chain(breaks.iter().copied()).collect();
        let n = points.len();
        // cost[l][j]: best cost of `l` lines ending at point j; from[l][j]: where that last line starts.
        let mut cost = vec![vec![f32::INFINITY; n]; lines + 1];
        let mut from = vec![vec![0usize; n]; lines + 1];
        cost[0][0] = 0.0;
        for l in 1..=lines {
            for j in 1..n {
                let penalty = match points[j] {
                    _ if j + 1 == n => 0.0,
                    Break { forced: true, .. } => FORCED_PENALTY,
                    Break { hyphen: true, .. } => HYPHEN_PENALTY,
                    _ => 0.0,
                };
                for i in 0..j {
                    if !cost[l - 1][i].is_finite() {
                        continue;
                    }
                    let width = self.width_to(points[i].at, points[j]);
                    if width > max {
                        continue;
                    }
                    let slack = (max - width) / max;
                    let total = cost[l - 1][i] + slack * slack + penalty;
                    if total < cost[l][j] {
                        cost[l][j] = total;
                        from[l][j] = i;
                    }
                }
            }
        }
        if !cost[lines][n - 1].is_finite() {
            return None;
        }
        let mut ends = Vec::with_capacity(lines);
        let mut j = n - 1;
        for l in (1..=lines).rev() {
            ends.push(points[j]);
            j = from[l][j];
        }
        ends.reverse();
        Some(ends)
    }

    /// Lines for width `max`, or `None` if they would be more than
    /// `max_lines`, or if a word would need breaking and `break_words` is off.
    pub fn fit(&self, max: f32, max_lines: usize, break_words: bool) -> Option<Vec<Line>> {
        let mut breaks = self.breaks(max);
        if !break_words {
            breaks.retain(|b| !b.forced);
        }
        let greedy = self.greedy(&breaks, max);
        let mut start = 0;
        for &end in &greedy {
            if self.width_to(start, end) > max {
                return None;
            }
            start = end.at;
        }
        if greedy.len() > max_lines {
            return None;
        }
        let ends = if greedy.len() > 1 { self.balance(&breaks, max, greedy.len()).unwrap_or(greedy) } else { greedy };
        Some(self.lines(&ends))
    }

    /// The first `max_lines` lines; the last is cut at a grapheme boundary so
    /// that it plus an ellipsis `ellipsis` ems wide fits.
    pub fn truncate(&self, max: f32, max_lines: usize, ellipsis: f32) -> Vec<Line> {
        let breaks = self.breaks(max);
        let greedy = self.greedy(&breaks, max);
        // A grapheme wider than a whole line (dozens of marks drawn as boxes)
        // gets a line of its own in `greedy`; it cannot be drawn inside the
        // margins, so the text is cut there like at the last line.
        let mut keep = greedy.len().min(max_lines);
        let mut start = 0;
        for (i, &end) in greedy[..keep].iter().enumerate() {
            if self.width_to(start, end) > max {
                keep = i + 1;
                break;
            }
            start = end.at;
        }
        let mut lines = self.lines(&greedy[..keep]);
        let Some(last) = lines.last_mut() else { return lines };
        let text = &self.shaped.text;
        let start = last.range.start;
        let room = max - ellipsis;
        let fits = |end: usize| self.line_width(start, end) <= room;
        // Prefer ending between words if that keeps most of the line.
        let at_word =
            self.opportunities.iter().rev().filter(|o| !o.inside_word).map(|o| o.at).find(|&at| at > start && fits(at));
        let at_grapheme =
            text[start..].grapheme_indices(true).map(|(i, g)| start + i + g.len()).take_while(|&end| fits(end)).last();
        let end = match (at_word, at_grapheme) {
            (Some(w), Some(g)) if self.line_width(start, w) >= 0.7 * self.line_width(start, g) => w,
            (_, Some(g)) => g,
            (w, None) => w.unwrap_or(start),
        };
        let kept = text[start..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—\u{AD}".contains(c));
        *last = Line { range: start..start + kept.len(), hyphen: false };
        lines
    }

    fn lines(&self, ends: &[Break]) -> Vec<Line> {
        let mut start = 0;
        ends.iter()
            .map(|end| {
                let trimmed = start + self.shaped.text[start..end.at].trim_end().len();
                let line = Line { range: start..trimmed, hyphen: end.hyphen };
                start = end.at;
                line
            })
            .collect()
    }
}
