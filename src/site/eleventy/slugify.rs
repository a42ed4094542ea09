//! Eleventy's `slugify` filter: @sindresorhus/slugify with `decamelize: false`.
//! Transliterate (the package's table, then accents dropped), lower-case, drop
//! the apostrophe of `'s`/`'t` contractions, and join every run of what is
//! not `a-z0-9` into one `-`. Characters the table does not know (CJK, most
//! emoji) are dropped, so a title can give an empty slug, as in Eleventy.

use unicode_normalization::UnicodeNormalization;

use super::translit::{DIACRITIC, REPLACEMENTS};

pub fn slugify(text: &str) -> String {
    let text = transliterate(text);
    let text = text.to_lowercase();
    let text = drop_contraction_apostrophes(&text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// @sindresorhus/transliterate: NFC, each replacement applied to the whole
/// text in table order, then NFD with `Diacritic` code points removed, NFC.
fn transliterate(text: &str) -> String {
    let mut text: String = text.nfc().collect();
    if !text.is_ascii() || text.contains('&') {
        for (from, to) in REPLACEMENTS {
            if text.contains(from) {
                text = text.replace(from, to);
            }
        }
    }
    text.nfd().filter(|c| !is_diacritic(*c)).nfc().collect()
}

fn is_diacritic(c: char) -> bool {
    crate::site::in_ranges(c, DIACRITIC)
}

/// `don't` → `dont`, `it's` → `its`: an apostrophe after a letter or digit,
/// before a lone `t` or `s` that ends a word (white space or the end follows).
fn drop_contraction_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let contraction = c == '\''
            && i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && matches!(chars.get(i + 1), Some('t' | 's'))
            && chars.get(i + 2).is_none_or(|next| crate::site::npm_slugify::is_js_space(*next));
        if !contraction {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each expected value is what `eleventyConfig.getFilter("slugify")`
    /// returns in Eleventy 3.1.8 (@sindresorhus/slugify 2.2.1), run with Node.
    #[test]
    fn matches_eleventy_byte_for_byte() {
        let cases: &[(&str, &str)] = &[
            ("Hello, World!", "hello-world"),
            ("Aren't you coming?", "arent-you-coming"),
            ("Don't stop", "dont-stop"),
            ("it's", "its"),
            ("rock'n'roll", "rock-n-roll"),
            ("The cat's toy", "the-cats-toy"),
            ("aren\u{2019}t", "aren-t"),
            ("It\u{2019}s curly", "it-s-curly"),
            ("snake_case_name", "snake-case-name"),
            ("_leading underscore", "leading-underscore"),
            ("file.name.v2", "file-name-v2"),
            ("K\u{E4}ldstr\u{F6}m", "kaeldstroem"),
            ("Ka\u{308}ldstr\u{F6}\u{308}m", "kaeldstroem"),
            ("Cr\u{E8}me br\u{FB}l\u{E9}e", "creme-brulee"),
            ("\u{C6}r\u{F8}sk\u{F8}bing", "aeroskobing"),
            ("Stra\u{DF}e", "strasse"),
            ("\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{30BF}\u{30A4}\u{30C8}\u{30EB}", ""),
            ("Mixed \u{65E5}\u{672C} text", "mixed-text"),
            ("Emoji \u{1F389} party", "emoji-party"),
            ("I \u{2665} Rust & C++", "i-love-rust-and-c"),
            ("C++", "c"),
            ("C#", "c"),
            ("TypeScript 5.0", "typescript-5-0"),
            ("camelCaseTitle", "camelcasetitle"),
            ("HTMLParser", "htmlparser"),
            ("  --leading and trailing--  ", "leading-and-trailing"),
            ("\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{43C}\u{438}\u{440}", "privet-mir"),
            ("\u{395}\u{3BB}\u{3BB}\u{3B7}\u{3BD}\u{3B9}\u{3BA}\u{3AC}", "ellinika"),
            ("\u{110}\u{E0} N\u{1EB5}ng", "da-nang"),
            ("\u{130}stanbul", "istanbul"),
            ("\u{141}\u{F3}d\u{17A}", "lodz"),
            ("1/2 cup", "1-2-cup"),
            ("100% done", "100-done"),
            ("\u{FC}ber-cool", "ueber-cool"),
            ("\u{1F984} unicorn", "unicorn-unicorn"),
            ("x's's", "x-ss"),
            ("#\u{FE0F}\u{20E3} hash", "hash"),
            ("\u{FF26}\u{FF35}\u{FF2C}\u{FF2C}\u{FF37}\u{FF29}\u{FF24}\u{FF34}\u{FF28}", ""),
            ("A very long title that goes on and on well past eighty characters so that nobody could possibly think it should be cut short anywhere", "a-very-long-title-that-goes-on-and-on-well-past-eighty-characters-so-that-nobody-could-possibly-think-it-should-be-cut-short-anywhere"),
            ("a\\b", "a-b"),
            ("", ""),
            ("tab\u{9}separated", "tab-separated"),
            ("Ka\u{308}ldstro\u{308}m", "kaeldstroem"),
        ];
        for (input, expected) in cases {
            assert_eq!(slugify(input), *expected, "slugify({input:?})");
        }
    }
}
