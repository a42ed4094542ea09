//! Which face draws each writing system of the cards (for `feedcard
//! check`), and what to install when none does.

use super::fonts::Role;
use super::script::{char_script_name, debian_package, Writing};
use super::shape::pick_fonts;
use super::text::clean_title;
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
    /// The faces that draw it, most used first: family name and file
    /// (`file.ttc#N` for a face of a collection). Empty when none does.
    pub fonts: Vec<String>,
    /// Its characters that no font has, in order of first appearance.
    pub missing: Vec<char>,
    /// How many cards use it.
    pub cards: usize,
}

impl CardRenderer {
    /// For each writing system in the titles and tags of these cards, the
    /// faces that draw it, or the characters no font has.
    pub fn font_uses<'a>(&self, texts: impl IntoIterator<Item = CardText<'a>>) -> Vec<FontUse> {
        let mut uses: Vec<(FontUse, Vec<usize>)> = Vec::new();
        for text in texts {
            let mut fonts = self.render_fonts(&text);
            let title = clean_title(text.title);
            let tags = text.tags.iter().map(|t| (t.trim().trim_start_matches('#'), Role::Text));
            let mut seen: Vec<usize> = Vec::new();
            for (piece, role) in std::iter::once((title.as_str(), Role::Title)).chain(tags) {
                for pick in pick_fonts(piece, role, &mut fonts) {
                    // Spaces, and ASCII digits and punctuation in another
                    // script's text, are the text font's business.
                    let first = piece[pick.at..].chars().next().unwrap_or(' ');
                    let latin = pick.writing == Writing::Script(Script::Latin);
                    if !pick.visible || (first.is_ascii() && !latin) {
                        continue;
                    }
                    let script = pick.writing.name();
                    let role = if role == Role::Title { "title" } else { "tags" };
                    let at = match uses.iter().position(|(u, _)| u.script == script && u.role == role) {
                        Some(at) => at,
                        None => {
                            let entry = FontUse { script, role, fonts: Vec::new(), missing: Vec::new(), cards: 0 };
                            uses.push((entry, Vec::new()));
                            uses.len() - 1
                        }
                    };
                    if !seen.contains(&at) {
                        seen.push(at);
                        uses[at].0.cards += 1;
                    }
                    let (entry, counts) = &mut uses[at];
                    for c in &pick.lacking {
                        if !entry.missing.contains(c) {
                            entry.missing.push(*c);
                        }
                    }
                    let lacks_all = piece[pick.at..].chars().next().is_some_and(|c| pick.lacking.contains(&c));
                    if !lacks_all {
                        let face = fonts.face(pick.font);
                        let name = format!("{}, {}", face.family, face.origin);
                        match entry.fonts.iter().position(|f| *f == name) {
                            Some(i) => counts[i] += 1,
                            None => {
                                entry.fonts.push(name);
                                counts.push(1);
                            }
                        }
                    }
                }
            }
        }
        uses.into_iter()
            .map(|(mut entry, counts)| {
                let mut ranked: Vec<(usize, String)> = counts.into_iter().zip(entry.fonts).collect();
                ranked.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
                entry.fonts = ranked.into_iter().map(|(_, name)| name).collect();
                entry
            })
            .collect()
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
