//! Line breaking on shaped text: UAX #14 opportunities, grapheme breaks inside
//! words too long for a line, greedy fitting, balancing, and truncation.

use super::shape::Shaped;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// A place a line may end.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Break {
    at: usize,
    /// Inside a word (no UAX #14 opportunity): only when the word cannot fit.
    forced: bool,
}

pub(crate) struct Wrapper<'a> {
    shaped: &'a Shaped,
    /// UAX #14 opportunities, ending with the text length.
    opportunities: Vec<usize>,
}

impl<'a> Wrapper<'a> {
    pub fn new(shaped: &'a Shaped) -> Self {
        let opportunities =
            unicode_linebreak::linebreaks(&shaped.text).map(|(at, _)| at).filter(|&at| at > 0).collect();
        Wrapper { shaped, opportunities }
    }

    /// Width of a line from `start` to `end`, not counting trailing spaces.
    pub fn line_width(&self, start: usize, end: usize) -> f32 {
        let text = &self.shaped.text[start..end];
        self.shaped.width(start, start + text.trim_end().len())
    }

    /// Break candidates for lines `max` ems wide: every opportunity, plus
    /// grapheme boundaries inside any word wider than a line.
    fn breaks(&self, max: f32) -> Vec<Break> {
        let mut out = Vec::with_capacity(self.opportunities.len());
        let mut start = 0;
        for &at in &self.opportunities {
            if self.line_width(start, at) > max {
                let word = &self.shaped.text[start..at];
                out.extend(
                    word.grapheme_indices(true)
                        .skip(1)
                        .map(|(i, _)| Break { at: start + i, forced: true })
                        .filter(|b| !self.shaped.text[b.at..at].trim().is_empty()),
                );
            }
            out.push(Break { at, forced: false });
            start = at;
        }
        out
    }

    /// Fewest lines at width `max`: take as much as fits on each line.
    fn greedy(&self, breaks: &[Break], max: f32) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut start = 0;
        let mut last_fit: Option<usize> = None;
        let mut i = 0;
        while i < breaks.len() {
            let at = breaks[i].at;
            if self.line_width(start, at) <= max {
                last_fit = Some(at);
                i += 1;
            } else if let Some(fit) = last_fit.take() {
                ends.push(fit);
                start = fit;
            } else {
                // A single grapheme wider than the line: it gets a line of its own.
                ends.push(at);
                start = at;
                i += 1;
            }
        }
        if let Some(fit) = last_fit {
            ends.push(fit);
        }
        ends
    }

    /// Exactly `lines` lines, minimising the sum of squared slack over all of
    /// them, so the last line is not left with one orphan word.
    fn balance(&self, breaks: &[Break], max: f32, lines: usize) -> Option<Vec<usize>> {
        let points: Vec<Break> =
            std::iter::once(Break { at: 0, forced: false }).chain(breaks.iter().copied()).collect();
        let n = points.len();
        // cost[l][j]: best cost of `l` lines ending at point j; from[l][j]: where that last line starts.
        let mut cost = vec![vec![f32::INFINITY; n]; lines + 1];
        let mut from = vec![vec![0usize; n]; lines + 1];
        cost[0][0] = 0.0;
        for l in 1..=lines {
            for j in 1..n {
                for i in 0..j {
                    if !cost[l - 1][i].is_finite() {
                        continue;
                    }
                    let width = self.line_width(points[i].at, points[j].at);
                    if width > max {
                        continue;
                    }
                    let slack = (max - width) / max;
                    let penalty = if points[j].forced && j + 1 < n { 4.0 } else { 0.0 };
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
            ends.push(points[j].at);
            j = from[l][j];
        }
        ends.reverse();
        Some(ends)
    }

    /// Lines for width `max`, or `None` if they would be more than
    /// `max_lines`, or if a word would need breaking and `break_words` is off.
    pub fn fit(&self, max: f32, max_lines: usize, break_words: bool) -> Option<Vec<Range<usize>>> {
        let mut breaks = self.breaks(max);
        if !break_words {
            breaks.retain(|b| !b.forced);
        }
        let greedy = self.greedy(&breaks, max);
        let mut start = 0;
        for &end in &greedy {
            if self.line_width(start, end) > max {
                return None;
            }
            start = end;
        }
        if greedy.len() > max_lines {
            return None;
        }
        let ends = if greedy.len() > 1 { self.balance(&breaks, max, greedy.len()).unwrap_or(greedy) } else { greedy };
        Some(self.ranges(&ends))
    }

    /// The first `max_lines` lines; the last is cut at a grapheme boundary so
    /// that it plus an ellipsis `ellipsis` ems wide fits.
    pub fn truncate(&self, max: f32, max_lines: usize, ellipsis: f32) -> Vec<Range<usize>> {
        let breaks = self.breaks(max);
        let greedy = self.greedy(&breaks, max);
        // A grapheme wider than a whole line (dozens of marks drawn as boxes)
        // gets a line of its own in `greedy`; it cannot be drawn inside the
        // margins, so the text is cut there like at the last line.
        let mut keep = greedy.len().min(max_lines);
        let mut start = 0;
        for (i, &end) in greedy[..keep].iter().enumerate() {
            if self.line_width(start, end) > max {
                keep = i + 1;
                break;
            }
            start = end;
        }
        let mut lines = self.ranges(&greedy[..keep]);
        let Some(last) = lines.last_mut() else { return lines };
        let text = &self.shaped.text;
        let start = last.start;
        let room = max - ellipsis;
        let fits = |end: usize| self.line_width(start, end) <= room;
        // Prefer ending at a word if that keeps most of the line.
        let at_word = self.opportunities.iter().copied().rev().find(|&at| at > start && fits(at));
        let at_grapheme =
            text[start..].grapheme_indices(true).map(|(i, g)| start + i + g.len()).take_while(|&end| fits(end)).last();
        let end = match (at_word, at_grapheme) {
            (Some(w), Some(g)) if self.line_width(start, w) >= 0.7 * self.line_width(start, g) => w,
            (_, Some(g)) => g,
            (w, None) => w.unwrap_or(start),
        };
        let kept = text[start..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
        last.end = start + kept.len();
        lines
    }

    fn ranges(&self, ends: &[usize]) -> Vec<Range<usize>> {
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let trimmed = start + self.shaped.text[start..end].trim_end().len();
                let range = start..trimmed;
                start = end;
                range
            })
            .collect()
    }
}
