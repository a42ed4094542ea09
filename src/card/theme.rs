//! Named colour presets and the contrast every text/background pair must have.

use super::colour::Rgb;

/// The colours of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub background: Rgb,
    /// The band along the bottom edge and the `#` of tags.
    pub accent: Rgb,
    pub title: Rgb,
    /// The site name and the author.
    pub text: Rgb,
    /// The date and the description.
    pub muted: Rgb,
    pub tag_background: Rgb,
    pub tag_text: Rgb,
}

impl Default for Theme {
    fn default() -> Self {
        PRESETS[0].1
    }
}

const fn rgb(hex: u32) -> Rgb {
    Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// The presets, `dark` first (the default). Every pair passes 4.5:1; a test checks.
pub const PRESETS: &[(&str, Theme)] = &[
    (
        "dark",
        Theme {
            background: rgb(0x0f172a),
            accent: rgb(0xfbbf24),
            title: rgb(0xf8fafc),
            text: rgb(0xe2e8f0),
            muted: rgb(0x94a3b8),
            tag_background: rgb(0x1e293b),
            tag_text: rgb(0xcbd5e1),
        },
    ),
    (
        "light",
        Theme {
            background: rgb(0xffffff),
            accent: rgb(0x1d4ed8),
            title: rgb(0x0f172a),
            text: rgb(0x1e293b),
            muted: rgb(0x52607a),
            tag_background: rgb(0xeef2f7),
            tag_text: rgb(0x334155),
        },
    ),
    (
        "paper",
        Theme {
            background: rgb(0xf7f1e5),
            accent: rgb(0xa4400c),
            title: rgb(0x2a1c0f),
            text: rgb(0x3d2b1a),
            muted: rgb(0x6b5843),
            tag_background: rgb(0xece1cb),
            tag_text: rgb(0x4a3826),
        },
    ),
    (
        "ocean",
        Theme {
            background: rgb(0x0c3b5e),
            accent: rgb(0x5eead4),
            title: rgb(0xf0f9ff),
            text: rgb(0xe0f2fe),
            muted: rgb(0xa5cde6),
            tag_background: rgb(0x124a73),
            tag_text: rgb(0xe0f2fe),
        },
    ),
    (
        "forest",
        Theme {
            background: rgb(0x163a2b),
            accent: rgb(0xfcd34d),
            title: rgb(0xf3faf5),
            text: rgb(0xdcf1e4),
            muted: rgb(0xa8cbb5),
            tag_background: rgb(0x1f4c39),
            tag_text: rgb(0xdcf1e4),
        },
    ),
    (
        "plum",
        Theme {
            background: rgb(0x2e1045),
            accent: rgb(0xf9a8d4),
            title: rgb(0xfbf7ff),
            text: rgb(0xefe4fb),
            muted: rgb(0xc7b1dc),
            tag_background: rgb(0x43195f),
            tag_text: rgb(0xefe4fb),
        },
    ),
];

/// WCAG 2 AA for body text. The title is large on the card, but cards are
/// shown scaled down to about 40% (a 1200 px card in a 500 px timeline), so
/// its 40 px minimum is 16 px on screen: not "large text". Every pair gets 4.5.
pub const MIN_CONTRAST: f64 = 4.5;

pub fn preset(name: &str) -> Option<Theme> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(n, _)| *n)
}

/// The preset a name was probably meant to be: the nearest by edit distance,
/// if it is close enough to be a typo.
pub fn nearest_preset(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    preset_names()
        .map(|n| (edit_distance(&name, n), n))
        .filter(|(d, n)| *d <= (n.len() / 2).max(1) || n.starts_with(&name) && name.len() >= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// One text colour drawn on one background, named as a user knows them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    /// What is drawn: "the title".
    pub what: &'static str,
    /// The config key of the text colour and of the background.
    pub fg_key: &'static str,
    pub bg_key: &'static str,
    pub fg: Rgb,
    pub bg: Rgb,
}

impl Pair {
    pub fn contrast(&self) -> f64 {
        self.fg.contrast(self.bg)
    }
}

impl Theme {
    /// Every text/background pair a card draws on a flat background.
    pub fn pairs(&self) -> Vec<Pair> {
        let on_background = |what, fg_key, fg| Pair { what, fg_key, bg_key: "background", fg, bg: self.background };
        let on_tag = |what, fg_key, fg| Pair { what, fg_key, bg_key: "tag_background", fg, bg: self.tag_background };
        vec![
            on_background("the title", "title_colour", self.title),
            on_background("the site name and author", "text_colour", self.text),
            on_background("the date and description", "muted_colour", self.muted),
            on_tag("the tags", "tag_colour", self.tag_text),
            on_tag("the `#` of tags", "accent", self.accent),
        ]
    }

    /// Pairs below [`MIN_CONTRAST`].
    pub fn low_contrast(&self) -> Vec<Pair> {
        self.pairs().into_iter().filter(|p| p.contrast() < MIN_CONTRAST).collect()
    }
}

/// The warning for a pair below the minimum, naming both colours.
pub fn contrast_message(pair: &Pair, on: &str) -> String {
    format!(
        "{} ({} {}) on {on} ({} {}) has a contrast of {:.2}:1, below the {MIN_CONTRAST}:1 WCAG minimum, so it is hard to read",
        pair.what,
        pair.fg_key,
        pair.fg,
        pair.bg_key,
        pair.bg,
        pair.contrast()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_passes_every_pair() {
        assert!(PRESETS.len() >= 4);
        for (name, theme) in PRESETS {
            for pair in theme.pairs() {
                let ratio = pair.contrast();
                assert!(ratio >= MIN_CONTRAST, "{name}: {} {} on {} is {ratio:.2}:1", pair.what, pair.fg, pair.bg);
            }
        }
    }

    #[test]
    fn presets_differ_in_every_colour_from_the_default_background() {
        // A preset sets every colour: none keeps another preset's background by accident.
        let backgrounds: Vec<Rgb> = PRESETS.iter().map(|(_, t)| t.background).collect();
        for (i, b) in backgrounds.iter().enumerate() {
            assert!(!backgrounds[..i].contains(b), "two presets share the background {b}");
        }
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(nearest_preset("drak"), Some("dark"));
        assert_eq!(nearest_preset("Lihgt"), Some("light"));
        assert_eq!(nearest_preset("oce"), Some("ocean"));
        assert_eq!(nearest_preset("solarized"), None);
    }

    #[test]
    fn a_failing_pair_names_both_colours() {
        let theme = Theme { background: rgb(0xffffff), ..Theme::default() };
        let low = theme.low_contrast();
        let site = low.iter().find(|p| p.fg_key == "text_colour").unwrap();
        let message = contrast_message(site, "the background");
        assert!(message.contains("text_colour #e2e8f0") && message.contains("background #ffffff"), "{message}");
        assert!(message.contains("1.23:1"), "{message}");
    }
}
