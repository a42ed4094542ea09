//! Zola's path slugs (`[slugify] paths`) and the date it reads from a file
//! or folder name (`2024-05-01-hello`, `2024-05-01_hello`).

use deunicode::deunicode_char;

/// `[slugify] paths` in Zola's config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlugMode {
    /// Transliterated to ASCII, lowercase, runs of anything else as one `-`.
    #[default]
    On,
    /// Kept as written, less the characters file systems refuse.
    Safe,
    /// Kept exactly as written.
    Off,
}

impl SlugMode {
    pub fn parse(text: &str) -> Option<SlugMode> {
        match text {
            "on" => Some(SlugMode::On),
            "safe" => Some(SlugMode::Safe),
            "off" => Some(SlugMode::Off),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SlugMode::On => "on",
            SlugMode::Safe => "safe",
            SlugMode::Off => "off",
        }
    }

    /// The slug Zola makes of `text` in this mode. Zola does not normalise
    /// Unicode: in `safe` and `off` modes the bytes stay as written, so the
    /// caller's text is used as is (NFC would change the address).
    pub fn slugify(self, text: &str) -> String {
        match self {
            SlugMode::On => ascii_slug(text),
            SlugMode::Safe => {
                // Trailing dots and spaces are dropped first (Windows refuses them),
                // then the characters NTFS forbids anywhere.
                let trimmed = text.trim_end_matches([' ', '.']);
                trimmed.chars().filter(|c| !r#"<>:"/\|?*"#.contains(*c)).collect()
            }
            SlugMode::Off => text.to_string(),
        }
    }
}

/// The `slug` crate's rule, which Zola's `on` mode is: each character made
/// ASCII (deunicode; unknown ones count as separators), letters lowercased,
/// every run of other bytes one `-`, none at either end. No length limit.
fn ascii_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    // Starting as if after a dash keeps a leading dash out.
    let mut after_dash = true;
    let mut push = |byte: u8| {
        if byte.is_ascii_alphanumeric() {
            slug.push(char::from(byte.to_ascii_lowercase()));
            after_dash = false;
        } else if !after_dash {
            slug.push('-');
            after_dash = true;
        }
    };
    let mut buffer = [0u8; 4];
    for c in text.chars() {
        let ascii = if c.is_ascii() { &*c.encode_utf8(&mut buffer) } else { deunicode_char(c).unwrap_or("-") };
        ascii.bytes().for_each(&mut push);
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A name that starts with a date, as Zola reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct DatedName<'a> {
    /// `2024-05-01` or `2024-05-01T08:00:00+02:00`, as written.
    pub date: &'a str,
    /// What follows the `-` or `_` after the date (with an optional space
    /// before it); `None` when nothing does.
    pub rest: Option<&'a str>,
}

/// Zola's file-name date: `YYYY-MM-DD`, optionally `THH:MM:SS[.frac]` with
/// `Z` or `±HH:MM` (a time without a zone is not part of it), then
/// optionally an optional whitespace, `-` or `_` and at least one character.
/// Anything else after the date leaves `rest` empty but keeps the date.
pub fn dated_name(name: &str) -> Option<DatedName<'_>> {
    let b = name.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let two = |at: usize| -> Option<u8> { digits(at..at + 2).then(|| (b[at] - b'0') * 10 + (b[at + 1] - b'0')) };
    if !digits(0..4) || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (month, day) = (two(5)?, two(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let end = 10 + time_len(&b[10..]);
    let after = &name[end..];
    let after_space = after.strip_prefix(|c: char| c.is_whitespace()).unwrap_or(after);
    // The space is optional: when what follows it is no separator, try without it.
    let rest = [after_space, after]
        .into_iter()
        .find_map(|s| s.strip_prefix(['-', '_']).filter(|rest| !rest.is_empty() && !rest.contains('\n')));
    Some(DatedName { date: &name[..end], rest })
}

/// The length of `THH:MM:SS[.frac](Z|±HH:MM)` at the start of `b`, or 0.
fn time_len(b: &[u8]) -> usize {
    let two = |at: usize, max: u8| -> bool {
        b.get(at..at + 2).is_some_and(|d| d.iter().all(u8::is_ascii_digit) && (d[0] - b'0') * 10 + (d[1] - b'0') <= max)
    };
    let clock = b.first() == Some(&b'T')
        && two(1, 23)
        && b.get(3) == Some(&b':')
        && two(4, 59)
        && b.get(6) == Some(&b':')
        && two(7, 60);
    if !clock {
        return 0;
    }
    let mut at = 9;
    if b.get(at) == Some(&b'.') && b.get(at + 1).is_some_and(u8::is_ascii_digit) {
        at += 1;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
    }
    match b.get(at) {
        Some(b'Z') => at + 1,
        Some(b'+' | b'-') if two(at + 1, 23) && b.get(at + 3) == Some(&b':') && two(at + 4, 59) => at + 6,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from Zola's own tests (components/utils/src/slugs.rs)
    /// and from its `slug` crate rule with deunicode 1.6, checked against
    /// `zola build` 0.22.0 where the fixture site covers them.
    #[test]
    fn on_mode_transliterates_and_joins_with_dashes() {
        let cases = [
            ("input", "input"),
            ("test ", "test"),
            ("tes t", "tes-t"),
            ("dot. ", "dot"),
            ("日本", "ri-ben"),
            ("héhé", "hehe"),
            ("test (hey)", "test-hey"),
            ("My Test String!!!1!1", "my-test-string-1-1"),
            ("  --test_-_cool", "test-cool"),
            ("Æúű--cool?", "aeuu-cool"),
            ("You & Me", "you-me"),
            ("user@example.com", "user-example-com"),
            // Apostrophes, `_` and `.` all become separators.
            ("it's_a.test", "it-s-a-test"),
            ("Rust’s “smart” quotes", "rust-s-smart-quotes"),
            ("C++ and C#", "c-and-c"),
            // A combining mark transliterates to nothing, so NFD and NFC agree.
            ("Ka\u{0308}ldstro\u{0308}m", "kaldstrom"),
            ("Käldström", "kaldstrom"),
            ("Ça déjà vu", "ca-deja-vu"),
            ("日本語の記事", "ri-ben-yu-noji-shi"),
            ("🦀 Rust", "crab-rust"),
            ("Straße", "strasse"),
            ("!!!", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(SlugMode::On.slugify(input), expected, "{input:?}");
        }
    }

    #[test]
    fn on_mode_never_cuts_long_titles() {
        let long = "word ".repeat(60);
        let slug = SlugMode::On.slugify(&long);
        assert_eq!(slug.len(), "word-".len() * 60 - 1);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn safe_and_off_modes_keep_the_text() {
        let cases = [
            ("input", "input", "input"),
            ("test ", "test", "test "),
            ("tes t", "tes t", "tes t"),
            ("dot. ", "dot", "dot. "),
            ("日本", "日本", "日本"),
            ("héhé", "héhé", "héhé"),
            ("test (hey)", "test (hey)", "test (hey)"),
            ("a<b>c:d\"e/f\\g|h?i*j", "abcdefghij", "a<b>c:d\"e/f\\g|h?i*j"),
            ("it's_a.test", "it's_a.test", "it's_a.test"),
            // Not normalised: the decomposed bytes stay.
            ("Ka\u{0308}ldstro\u{0308}m", "Ka\u{0308}ldstro\u{0308}m", "Ka\u{0308}ldstro\u{0308}m"),
        ];
        for (input, safe, off) in cases {
            assert_eq!(SlugMode::Safe.slugify(input), safe, "{input:?}");
            assert_eq!(SlugMode::Off.slugify(input), off, "{input:?}");
        }
    }

    #[test]
    fn modes_parse_from_config_words() {
        for mode in [SlugMode::On, SlugMode::Safe, SlugMode::Off] {
            assert_eq!(SlugMode::parse(mode.name()), Some(mode));
        }
        assert_eq!(SlugMode::parse("ON"), None);
        assert_eq!(SlugMode::parse("true"), None);
    }

    fn dated(name: &str) -> Option<(&str, Option<&str>)> {
        dated_name(name).map(|d| (d.date, d.rest))
    }

    #[test]
    fn dates_in_names() {
        assert_eq!(dated("2024-05-01-hello"), Some(("2024-05-01", Some("hello"))));
        assert_eq!(dated("2024-05-01_hello_world"), Some(("2024-05-01", Some("hello_world"))));
        assert_eq!(dated("2024-05-01 - spaced"), Some(("2024-05-01", Some(" spaced"))));
        assert_eq!(dated("2024-05-01 _x"), Some(("2024-05-01", Some("x"))));
        assert_eq!(dated("2024-05-01"), Some(("2024-05-01", None)));
        assert_eq!(dated("2024-05-01-"), Some(("2024-05-01", None)));
        assert_eq!(dated("2024-05-01hello"), Some(("2024-05-01", None)));
        assert_eq!(dated("2024-05-01 hello"), Some(("2024-05-01", None)));
        assert_eq!(dated("2024-05-01T08:30:00Z-timed"), Some(("2024-05-01T08:30:00Z", Some("timed"))));
        assert_eq!(dated("2024-05-01T08:30:00.25+02:00_x"), Some(("2024-05-01T08:30:00.25+02:00", Some("x"))));
        // A time without a zone is not part of the date, and `T` is no separator.
        assert_eq!(dated("2024-05-01T08:30:00-x"), Some(("2024-05-01", None)));
        // Zola's pattern checks the ranges of month and day, not the calendar.
        assert_eq!(dated("2024-02-30-x"), Some(("2024-02-30", Some("x"))));
        assert_eq!(dated("2024-13-01-x"), None);
        assert_eq!(dated("2024-1-01-x"), None);
        assert_eq!(dated("hello-2024-05-01"), None);
        assert_eq!(dated("20240501-x"), None);
    }
}
