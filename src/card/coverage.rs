//! Which face draws each writing system of the cards (for `feedcard
//! check`), and what to install when none does.

use super::fonts::Role;
use super::lang::Language;
use super::script::{char_script_name, debian_package, Writing};
use super::shape::pick_fonts;
use super::text::card_title;
use super::{CardRenderer, CardText};
use icu_properties::props::Script;
use serde::Serialize;

/// One writing system in the cards' titles or tags, and the faces that
/// draw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FontUse {
    /// `Latin`, `Thai`, `CJK (zh-Hans)`, `emoji`.
    pub script: String,
    /// `title`, or `tags` (drawn with the text font).
    pub role: &'static str,
    /// The faces that draw it, most used first. Empty when none does.
    pub fonts: Vec<FaceUse>,
    /// Its characters that no font has, in order of first appearance.
    pub missing: Vec<char>,
    /// How many cards use it.
    pub cards: usize,
}

/// A face and how many characters it draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FaceUse {
    /// The family name and file (`file.ttc#N` for a face of a collection):
    /// `Noto Sans CJK SC, /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc#2`.
    pub font: String,
    pub characters: usize,
}

/// What one card shows of a writing system in one role.
struct Found {
    key: (Writing, &'static str),
    /// Characters drawn per face (its index in the render's fonts).
    faces: Vec<(usize, usize)>,
    missing: Vec<char>,
}

impl CardRenderer {
    /// For each writing system in the title, description, author and tags
    /// of this card, the faces that draw it and the characters no font has.
    pub fn font_uses(&self, text: &CardText) -> Vec<FontUse> {
        let mut fonts = self.render_fonts(text);
        let mut found: Vec<Found> = Vec::new();
        // The title as drawn: smart typography may bring in quotes the raw title lacks.
        let title = card_title(text.title, Language::new(text.lang), self.settings.smart_typography);
        let description = if self.settings.description { text.description } else { "" };
        let tags = text.tags.iter().map(|t| (t.trim().trim_start_matches('#'), Role::Text, "tags"));
        let pieces = [
            (title.as_str(), Role::Title, "title"),
            (description, Role::Text, "descriptions"),
            (text.author, Role::Text, "authors"),
        ]
        .into_iter()
        .chain(tags);
        for (piece, role, role_name) in pieces {
            for pick in pick_fonts(piece, role, &mut fonts) {
                // Spaces, and ASCII digits and punctuation in another
                // script's text, are the text font's business.
                let first = piece[pick.at..].chars().next().unwrap_or(' ');
                if !pick.visible || (first.is_ascii() && pick.writing != Writing::Script(Script::Latin)) {
                    continue;
                }
                let key = (pick.writing, role_name);
                let at = match found.iter().position(|f| f.key == key) {
                    Some(at) => at,
                    None => {
                        found.push(Found { key, faces: Vec::new(), missing: Vec::new() });
                        found.len() - 1
                    }
                };
                let Found { faces, missing, .. } = &mut found[at];
                for &c in &pick.lacking {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
                if !pick.lacking.contains(&first) {
                    match faces.iter_mut().find(|(face, _)| *face == pick.font) {
                        Some((_, count)) => *count += 1,
                        None => faces.push((pick.font, 1)),
                    }
                }
            }
        }
        found
            .into_iter()
            .map(|Found { key: (writing, role), faces, missing }| {
                let fonts = faces
                    .into_iter()
                    .map(|(id, characters)| {
                        let face = fonts.face(id);
                        FaceUse { font: format!("{}, {}", face.family, face.origin), characters }
                    })
                    .collect();
                FontUse { script: writing.name(), role, fonts, missing, cards: 1 }
            })
            .collect()
    }
}

/// Adds one card's font uses to those of the cards before it, keeping the
/// faces of each writing system most used first.
pub fn merge_font_uses(all: &mut Vec<FontUse>, card: Vec<FontUse>) {
    for use_ in card {
        let Some(entry) = all.iter_mut().find(|u| u.script == use_.script && u.role == use_.role) else {
            all.push(use_);
            continue;
        };
        entry.cards += use_.cards;
        for c in use_.missing {
            if !entry.missing.contains(&c) {
                entry.missing.push(c);
            }
        }
        for face in use_.fonts {
            match entry.fonts.iter_mut().find(|f| f.font == face.font) {
                Some(f) => f.characters += face.characters,
                None => entry.fonts.push(face),
            }
        }
        entry.fonts.sort_by_key(|f| std::cmp::Reverse(f.characters));
    }
}

/// `U+0E17 ท, U+0E35 ี (Thai)`: the characters by script (the first few
/// of each), and the Debian packages whose fonts have them, for messages
/// about characters no font has.
pub fn missing_font_help(missing: &[char]) -> (String, Vec<&'static str>) {
    const SHOWN: usize = 5;
    let mut scripts: Vec<(String, Vec<char>)> = Vec::new();
    for &c in missing {
        let script = char_script_name(c);
        match scripts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, chars)) => chars.push(c),
            None => scripts.push((script, vec![c])),
        }
    }
    let groups: Vec<String> = scripts
        .iter()
        .map(|(script, chars)| {
            let mut names: Vec<String> = chars.iter().take(SHOWN).map(|&c| format!("U+{:04X} {c}", c as u32)).collect();
            if chars.len() > SHOWN {
                names.push(format!("{} more", chars.len() - SHOWN));
            }
            format!("{} ({script})", names.join(", "))
        })
        .collect();
    let mut packages: Vec<&'static str> = missing.iter().map(|&c| debian_package(c)).collect();
    packages.sort_unstable();
    packages.dedup();
    (groups.join("; "), packages)
}
