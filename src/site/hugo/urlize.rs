//! Hugo's path rules: which characters a path keeps, how it lowercases and
//! strips accents, and what `urlize` does. Written from Hugo's
//! `common/paths` (`Sanitize`) and `helpers` (`MakePathSanitized`, `URLize`),
//! and checked against the real `hugo` binary (the tables in the tests).

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// How the site's config makes paths (`disablePathToLower`, `removePathAccents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathStyle {
    pub lowercase: bool,
    pub remove_accents: bool,
}

impl Default for PathStyle {
    fn default() -> PathStyle {
        PathStyle { lowercase: true, remove_accents: false }
    }
}

impl PathStyle {
    /// Hugo's `MakePathSanitized`: sanitized, accents removed when asked,
    /// lowercased unless `disablePathToLower`.
    pub fn make_path(self, text: &str) -> String {
        let mut path = sanitize(text);
        if self.remove_accents {
            path = remove_accents(&path);
        }
        if self.lowercase {
            path = go_lowercase(&path);
        }
        path
    }
}

/// Go's `unicode.IsLetter`, `IsDigit` (Nd only) and `IsMark`.
fn is_letter_digit_or_mark(c: char) -> bool {
    matches!(c.general_category_group(), GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark)
        || c.general_category() == unicode_properties::GeneralCategory::DecimalNumber
}

/// A character Hugo keeps in a path: letters, digits, marks, `./\_#+~-@`,
/// and `%` when two hex digits follow (an escape already written).
fn is_allowed(bytes: &[u8], at: usize, c: char) -> bool {
    if c == ' ' {
        return false;
    }
    is_letter_digit_or_mark(c)
        || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
        || (c == '%' && at + 2 < bytes.len() && bytes[at + 1].is_ascii_hexdigit() && bytes[at + 2].is_ascii_hexdigit())
}

/// Hugo's `paths.Sanitize`: drops what a path may not hold; a run of white
/// space between kept characters becomes one `-` (none after a `-`, none at
/// either end).
pub fn sanitize(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut hyphen_pending, mut was_hyphen) = (false, false);
    for (at, c) in text.char_indices() {
        if is_allowed(bytes, at, c) {
            was_hyphen = c == '-';
            if hyphen_pending && !was_hyphen {
                out.push('-');
            }
            hyphen_pending = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_pending = true;
        }
    }
    out
}

/// Go's `strings.ToLower`: one character at a time, simple case mapping
/// (`Σ` is always `σ`, `İ` is `i`).
pub fn go_lowercase(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'İ' => 'i',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Hugo's `text.RemoveAccentsString`: decomposed, non-spacing marks
/// dropped, composed again.
pub fn remove_accents(text: &str) -> String {
    text.nfd().filter(|c| c.general_category() != unicode_properties::GeneralCategory::NonspacingMark).nfc().collect()
}

/// What one `urlize`d value becomes once Hugo's permalink code has run
/// `url.QueryUnescape` over the expanded pattern: a `+` is a space, and a
/// `%XX` already in the text is decoded. `None` when an escape is broken
/// (Hugo then falls back to the default path).
pub fn query_unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(at + 1..at + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                at += 2;
            }
            b => out.push(b),
        }
        at += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// A path as Hugo links it: `#` escaped as Hugo 0.125 and later do, and
/// `\` as Go does (the url crate would read them as a fragment and a `/`);
/// the rest is percent-encoded by the url crate exactly as Go's
/// `url.URL.String` does.
pub fn escape_link(path: &str) -> String {
    path.replace('#', "%23").replace('\\', "%5C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{{ urlize . }}` from hugo v0.111.3 (Debian), before Go's URL escaping
    /// (which the url crate repeats: see `escape_link`).
    #[test]
    fn urlize_matches_the_real_hugo() {
        let style = PathStyle::default();
        let cases = [
            ("Hello World", "hello-world"),
            ("Aren't you", "arent-you"),
            ("a_b.c", "a_b.c"),
            ("Café au lait", "café-au-lait"),
            // Combining marks stay as written: Hugo does not normalise.
            ("Ka\u{308}ldstro\u{308}m", "ka\u{308}ldstro\u{308}m"),
            ("Käldström", "käldström"),
            ("한국어 제목", "한국어-제목"),
            ("日本語", "日本語"),
            ("Emoji 🎉 party", "emoji-party"),
            ("C++ tips", "c++-tips"),
            ("C# rocks", "c#-rocks"),
            ("Tom & Jerry", "tom-jerry"),
            ("What? Why!", "what-why"),
            ("100% sure", "100-sure"),
            ("a%20b", "a%20b"),
            ("a%zz", "azz"),
            ("  lead trail  ", "lead-trail"),
            ("a - b", "a-b"),
            ("a -- b", "a--b"),
            ("a-' b", "a-b"),
            ("Über Straße", "über-straße"),
            ("x/y z", "x/y-z"),
            ("tab\there", "tab-here"),
            ("non\u{a0}breaking", "non-breaking"),
            ("a@b+c~d", "a@b+c~d"),
            ("\u{1c4}emo", "\u{1c6}emo"),
            ("İstanbul", "istanbul"),
            ("ΣΑΣ", "σασ"),
            ("x.", "x."),
            ("v1.2.3", "v1.2.3"),
            ("x  y", "x-y"),
            ("(paren) [brack] {brace}", "paren-brack-brace"),
            ("a,b;c:d", "abcd"),
            ("quote \"x\"", "quote-x"),
            ("…ellipsis—dash", "ellipsisdash"),
            ("١٢٣ arabic digits", "١٢٣-arabic-digits"),
            ("Ⅻ roman", "roman"),
            ("½ half", "half"),
            ("e\u{301}", "e\u{301}"),
            ("x' y", "x-y"),
            ("--lead", "--lead"),
            ("trail--", "trail--"),
        ];
        for (input, want) in cases {
            assert_eq!(style.make_path(input), want, "urlize {input:?}");
        }
    }

    #[test]
    fn long_titles_are_never_cut() {
        let title = "A very long title ".repeat(10);
        let path = PathStyle::default().make_path(&title);
        assert_eq!(path.len(), "a-very-long-title-".len() * 10 - 1);
    }

    #[test]
    fn path_options() {
        let keep_case = PathStyle { lowercase: false, remove_accents: false };
        assert_eq!(keep_case.make_path("Hello World"), "Hello-World");
        let plain = PathStyle { lowercase: true, remove_accents: true };
        // From hugo v0.111.3 with removePathAccents = true.
        assert_eq!(plain.make_path("Crème brûlée"), "creme-brulee");
        assert_eq!(plain.make_path("Ka\u{308}ldstro\u{308}m"), "kaldstrom");
    }

    #[test]
    fn query_unescape_reads_plus_and_escapes() {
        assert_eq!(query_unescape("c++-tips").as_deref(), Some("c  -tips"));
        assert_eq!(query_unescape("a%20b").as_deref(), Some("a b"));
        assert_eq!(query_unescape("%E2%9C%93").as_deref(), Some("✓"));
        assert_eq!(query_unescape("bad%2"), None);
        assert_eq!(query_unescape("bad%zz"), None);
    }
}
