//! Slugs: one safe path segment made of `[a-z0-9-]`, used for permalinks,
//! card file names and tag folders.

use std::path::Path;

/// Longest slug, in bytes (all ASCII); longer ones are cut at a `-`.
const MAX_SLUG_LEN: usize = 80;

/// Reduces `text` to one safe path segment: lowercase ASCII letters, digits
/// and `-`, accents transliterated, never `/`, `\` or `..`. `None` when
/// nothing is left (an emoji-only title, `../..`).
pub fn slugify(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if is_slug(text) {
        return Some(text.to_string());
    }
    let mut raw = String::with_capacity(text.len());
    // Composed first, so `a` + U+0308 reads as `ä`, not `a` and a mark.
    for c in text.nfc() {
        match c {
            // Spelled out so that `C++`, `C#` and `C` stay three slugs.
            '+' => raw.push_str("-plus-"),
            '#' => raw.push_str("-sharp-"),
            '&' => raw.push_str("-and-"),
            // `Don't` reads better as `dont` than `don-t`.
            '\'' | '’' | 'ʼ' => {}
            c if c.is_ascii_alphanumeric() => raw.push(c.to_ascii_lowercase()),
            // Only letters and digits are transliterated: deunicode would
            // otherwise spell emoji out as words (🎉 -> "tada").
            c if c.is_alphanumeric() => {
                let ascii = deunicode::deunicode_char(c).unwrap_or("");
                raw.extend(ascii.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()));
                // Some scripts come out one syllable per character ("Bei Jing").
                if ascii.ends_with(' ') {
                    raw.push('-');
                }
            }
            _ => raw.push('-'),
        }
    }
    let mut slug = String::with_capacity(raw.len());
    for part in raw.split('-').filter(|part| !part.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    if slug.len() > MAX_SLUG_LEN {
        let head = &slug[..MAX_SLUG_LEN];
        // Cut at a `-` when there is one, so no word is chopped.
        let cut = match head.rfind('-') {
            Some(dash) if dash > 0 && slug.as_bytes()[MAX_SLUG_LEN] != b'-' => dash,
            _ => MAX_SLUG_LEN,
        };
        slug.truncate(cut);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    (!slug.is_empty()).then_some(slug)
}

/// Whether `text` is already what [`slugify`] makes: `[a-z0-9]` runs joined
/// by single `-`, within the length limit.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_SLUG_LEN
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The name a slug is made from when the front matter has no `slug:`: the
/// file stem, or the folder of an `index.md`, without a `YYYY-MM-DD-` prefix.
pub(crate) fn slug_source_from_path(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let name = if stem.eq_ignore_ascii_case("index") {
        path.parent().and_then(Path::file_name).map(|s| s.to_string_lossy()).unwrap_or(stem)
    } else {
        stem
    };
    strip_date_prefix(&name).to_string()
}

/// `2024-03-26-hello` -> `hello`; a name that is only a date is kept whole.
fn strip_date_prefix(name: &str) -> &str {
    let is_date = name.len() > 11
        && name.as_bytes()[..11].iter().enumerate().all(|(i, c)| {
            if matches!(i, 4 | 7 | 10) {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if is_date {
        &name[11..]
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(text: &str) -> String {
        slugify(text).unwrap_or_else(|| panic!("no slug for {text:?}"))
    }

    #[test]
    fn plain_text() {
        assert_eq!(slug("A maintainer's notes on release trains"), "a-maintainers-notes-on-release-trains");
        assert_eq!(slug("  Hello,   World!  "), "hello-world");
        assert_eq!(slug("already-a-slug"), "already-a-slug");
        assert_eq!(slug("---dashes---everywhere---"), "dashes-everywhere");
        assert_eq!(slug("Rust 2024 edition"), "rust-2024-edition");
    }

    #[test]
    fn accents_and_other_scripts_are_transliterated() {
        assert_eq!(slug("Crème brûlée à Paris"), "creme-brulee-a-paris");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("北京"), "bei-jing");
        assert_eq!(slug("Привет мир"), "privet-mir");
        assert_eq!(slug("Ka\u{308}ldstro\u{308}m"), "kaldstrom");
    }

    #[test]
    fn languages_with_symbols_do_not_collide() {
        assert_eq!(slug("C++"), "c-plus-plus");
        assert_eq!(slug("C#"), "c-sharp");
        assert_eq!(slug("C"), "c");
        assert_eq!(slug("R&D"), "r-and-d");
    }

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("/etc/passwd"), "etc-passwd");
        assert_eq!(slug("C:\\Windows\\system32"), "c-windows-system32");
        assert_eq!(slugify("..\\"), None);
        assert_eq!(slugify("../.."), None);
        assert_eq!(slugify("."), None);
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(slugify(""), None);
        assert_eq!(slugify("🎉🎉"), None);
        assert_eq!(slugify("  --  "), None);
    }

    #[test]
    fn every_slug_is_one_safe_segment() {
        for text in ["a/b", "a\\b", "..", "x..y", "ÅÄÖ", "tab\there", "nul\0byte", "🎉 party 🎉"] {
            if let Some(s) = slugify(text) {
                assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{s}");
                assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s}");
            }
        }
    }

    #[test]
    fn long_slugs_are_cut_at_a_dash() {
        let s = slug(&"abcdefghi ".repeat(20));
        assert!(s.len() <= MAX_SLUG_LEN, "{s}");
        assert!(s.ends_with("abcdefghi"), "{s}");
        let s = slug(&"x".repeat(200));
        assert_eq!(s.len(), MAX_SLUG_LEN);
    }

    #[test]
    fn slug_source_from_file_name() {
        assert_eq!(slug_source_from_path(Path::new("p/2024-03-26-hello-world.md")), "hello-world");
        assert_eq!(slug_source_from_path(Path::new("p/2024-03-26-hello/index.md")), "hello");
        assert_eq!(slug_source_from_path(Path::new("p/notes/INDEX.md")), "notes");
        assert_eq!(slug_source_from_path(Path::new("p/2024-03-26.md")), "2024-03-26");
        assert_eq!(slug_source_from_path(Path::new("p/plain.md")), "plain");
    }
}
