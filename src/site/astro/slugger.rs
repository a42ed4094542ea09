//! The slugs an Astro site's addresses are made of: github-slugger's `slug`
//! (content collection ids, one path segment at a time) and AstroPaper's
//! `slugifyStr` (its folder segments).

use super::slugger_table::REMOVED;

/// github-slugger 2.0 `slug`: lower-cased, punctuation and symbols removed,
/// each space a `-`. Letters of every script, marks, digits, `_` and `-`
/// stay, so `Crème brûlée` gives `crème-brûlée`.
pub fn github_slug(text: &str) -> String {
    text.to_lowercase().chars().filter(|c| !is_removed(*c)).map(|c| if c == ' ' { '-' } else { c }).collect()
}

fn is_removed(c: char) -> bool {
    crate::site::in_ranges(c, REMOVED)
}

/// AstroPaper's `slugifyStr` for a folder name: the `slugify` package
/// (`lower: true`) when the name is ASCII, else lodash's `kebabCase`, which
/// this follows for letters, digits and case changes (not for emoji).
pub fn paper_slug(text: &str) -> String {
    if text.is_ascii() {
        crate::site::npm_slugify::slugify(text)
    } else {
        kebab_case(text)
    }
}

/// lodash `kebabCase`: Latin-1 and Latin Extended-A letters spelled in
/// ASCII, combining marks and apostrophes removed, words split at anything
/// that is not a letter or digit, at lower-to-upper case changes and between
/// letters and digits, joined with `-`, lower-cased.
fn kebab_case(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    for c in text.chars() {
        let mark = matches!(c, '\u{300}'..='\u{36f}' | '\u{fe20}'..='\u{fe2f}' | '\u{20d0}'..='\u{20ff}');
        if !mark && c != '\'' && c != '\u{2019}' {
            deburr(c, &mut plain);
        }
    }
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in plain.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let boundary =
            previous.is_some_and(|p| (p.is_lowercase() && c.is_uppercase()) || (p.is_numeric() != c.is_numeric()));
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.join("-").to_lowercase()
}

/// lodash `deburr` for one character: only U+00C0 to U+017F are spelled
/// in ASCII; everything else is kept as it is.
fn deburr(c: char, out: &mut String) {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let special = match c {
        'Æ' => "Ae",
        'æ' => "ae",
        'Þ' => "Th",
        'þ' => "th",
        'ß' => "ss",
        'Œ' => "Oe",
        'œ' => "oe",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "'n",
        'ſ' => "s",
        'Ð' | 'Đ' => "D",
        'ð' | 'đ' => "d",
        'Ø' => "O",
        'ø' => "o",
        'Ł' | 'Ŀ' => "L",
        'ł' | 'ŀ' => "l",
        'ı' => "i",
        'ĸ' => "k",
        'Ħ' => "H",
        'ħ' => "h",
        'Ŧ' => "T",
        'ŧ' => "t",
        'Ŋ' => "N",
        'ŋ' => "n",
        _ => "",
    };
    if !special.is_empty() {
        out.push_str(special);
    } else if ('\u{c0}'..='\u{17f}').contains(&c) && c != '×' && c != '÷' {
        decompose_canonical(c, |part| {
            if !is_combining_mark(part) {
                out.push(part);
            }
        });
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from github-slugger 2.0.0's `slug`, run with Node.
    #[test]
    fn github_slug_matches_github_slugger() {
        let cases: &[(&str, &str)] = &[
            ("Hello, World!", "hello-world"),
            ("Aren't you coming?", "arent-you-coming"),
            ("aren\u{2019}t", "arent"),
            ("snake_case_name", "snake_case_name"),
            ("file.name.v2", "filenamev2"),
            ("K\u{E4}ldstr\u{F6}m", "k\u{E4}ldstr\u{F6}m"),
            ("Ka\u{308}ldstro\u{308}m", "ka\u{308}ldstro\u{308}m"),
            ("Cr\u{E8}me Br\u{FB}l\u{E9}e in Paris", "cr\u{E8}me-br\u{FB}l\u{E9}e-in-paris"),
            ("\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{30BF}\u{30A4}\u{30C8}\u{30EB}", "\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{30BF}\u{30A4}\u{30C8}\u{30EB}"),
            ("party-\u{1F389}", "party-"),
            ("C++ & Rust: Notes", "c--rust-notes"),
            ("C#", "c"),
            ("  two  spaces ", "--two--spaces-"),
            ("2025-02-01-dated-file", "2025-02-01-dated-file"),
            ("\u{130}stanbul", "i\u{307}stanbul"),
            ("_releases", "_releases"),
            ("Tab\there", "tabhere"),
            ("A very long title that goes on and on well past eighty characters so that nobody could possibly think it should be cut", "a-very-long-title-that-goes-on-and-on-well-past-eighty-characters-so-that-nobody-could-possibly-think-it-should-be-cut"),
        ];
        for (input, expected) in cases {
            assert_eq!(github_slug(input), *expected, "github_slug({input:?})");
        }
    }

    /// Expected values from AstroPaper's `slugifyStr` (slugify 1.6.9 and
    /// lodash.kebabcase 4.1.1), run with Node.
    #[test]
    fn paper_slug_matches_astro_paper() {
        let cases: &[(&str, &str)] = &[
            ("Travel Notes", "travel-notes"),
            ("examples", "examples"),
            ("2025", "2025"),
            ("Q&A / 50% off", "qanda-50percent-off"),
            ("TypeScript 5.0", "typescript-5.0"),
            ("a - b", "a-b"),
            ("it's (new)!", "it's-(new)!"),
            ("Crème Brûlée", "creme-brulee"),
            ("日本語 ノート", "日本語-ノート"),
            ("Ärger2025Plan", "arger-2025-plan"),
            ("Ka\u{308}ldstro\u{308}m", "kaldstrom"),
            ("camelCase Ünïcode", "camel-case-unicode"),
            ("\u{110}\u{E0} N\u{1EB5}ng", "da-n\u{1EB5}ng"),
        ];
        for (input, expected) in cases {
            assert_eq!(paper_slug(input), *expected, "paper_slug({input:?})");
        }
    }
}
