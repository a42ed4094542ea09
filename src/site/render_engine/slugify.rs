//! python-slugify (8.0, with text-unidecode, as render-engine installs it)
//! with its default settings: quotes to `-`, NFKD, transliteration to
//! ASCII, HTML entities decoded, lowercase, `[^-a-z0-9]+` to `-`.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

use super::slugify_tables::{ENTITIES, SILENT};

/// `slugify(text)` with python-slugify's defaults. No length cut.
pub(super) fn slugify(text: &str) -> String {
    static QUOTES: LazyLock<Regex> = LazyLock::new(|| Regex::new("'+").expect("a valid pattern"));
    static DISALLOWED: LazyLock<Regex> = LazyLock::new(|| Regex::new("[^-a-zA-Z0-9]+").expect("a valid pattern"));
    static DASHES: LazyLock<Regex> = LazyLock::new(|| Regex::new("-{2,}").expect("a valid pattern"));

    let text = QUOTES.replace_all(text, "-");
    let text: String = text.nfkd().collect();
    let text = transliterate(&text);
    let text = decode_named(&text);
    let text = decode_numeric(&text, "&#", 10);
    let text = decode_numeric(&text, "&#x", 16);
    let text: String = text.nfkd().flat_map(char::to_lowercase).collect();
    let text = QUOTES.replace_all(&text, "");
    let text = drop_digit_commas(&text);
    let text = DISALLOWED.replace_all(&text, "-");
    let text = DASHES.replace_all(&text, "-");
    text.trim_matches('-').to_string()
}

/// text-unidecode's transliteration, through the `deunicode` tables where
/// the two agree. Where text-unidecode 1.3 has nothing (beyond the Basic
/// Multilingual Plane, so emoji; and the blocks in `SILENT`) it writes
/// nothing, or `[?]`, which later becomes a `-`.
fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let cp = u32::from(c);
        if c.is_ascii() {
            out.push(c);
        } else if cp > 0xFFFF {
            continue;
        } else if let Some(&(_, _, joins)) = SILENT.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&cp)) {
            if !joins {
                out.push('-');
            }
        } else {
            out.push_str(deunicode::deunicode_char(c).unwrap_or(""));
        }
    }
    out
}

/// `&name;` for the HTML 4 entity names (Python's `name2codepoint`).
fn decode_named(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let decoded = (after.as_bytes().get(name_len) == Some(&b';'))
            .then(|| ENTITIES.binary_search_by(|(name, _)| name.cmp(&&after[..name_len])).ok())
            .flatten()
            .and_then(|i| char::from_u32(ENTITIES[i].1));
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[name_len + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `&#123;` or `&#x7B;`. As in Python, one reference past U+10FFFF leaves
/// every reference of that kind as written.
fn decode_numeric(text: &str, open: &str, radix: u32) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let len = after.chars().take_while(|c| c.is_digit(radix)).map(char::len_utf8).sum::<usize>();
        if len > 0 && after.as_bytes().get(len) == Some(&b';') {
            let Some(value) = u32::from_str_radix(&after[..len], radix).ok().filter(|v| *v <= 0x10FFFF) else {
                return text.to_string();
            };
            // A lone surrogate is a character in Python; it ends up as `-`.
            out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            rest = &after[len + 1..];
        } else {
            out.push_str(open);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `1,000` → `1000`: a comma between two digits goes.
fn drop_digit_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_numeric());
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c == ',' && digit(i.checked_sub(1)) && digit(Some(i + 1))))
        .map(|(_, &c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Taken from python-slugify 8.0.4 with text-unidecode 1.3, as
    /// `pip install render_engine` installs them.
    const CASES: &[(&str, &str)] = &[
        ("Hello, World!", "hello-world"),
        ("The _config.yml file", "the-config-yml-file"),
        ("aren't", "aren-t"),
        ("Don\u{2019}t stop", "dont-stop"),
        ("Ka\u{308}ldstro\u{308}m", "kaldstrom"),
        ("K\u{E4}ldstr\u{F6}m", "kaldstrom"),
        ("Caf\u{E9} Ol\u{E9}", "cafe-ole"),
        ("\u{65E5}\u{672C}\u{8A9E}\u{306E}\u{30BF}\u{30A4}\u{30C8}\u{30EB}", "ri-ben-yu-notaitoru"),
        ("Emoji \u{1F389} party", "emoji-party"),
        ("Coffee \u{2615} time", "coffee-time"),
        ("C++ and C#", "c-and-c"),
        ("\u{39F}\u{394}\u{39F}\u{3A3} \u{3A3}", "odos-s"),
        ("\u{130}stanbul", "istanbul"),
        ("  --lead-trail--  ", "lead-trail"),
        ("a..b", "a-b"),
        ("v1.2-release", "v1-2-release"),
        ("100% sure?", "100-sure"),
        ("1,000,000 items", "1000000-items"),
        ("Tom &amp; Jerry", "tom-jerry"),
        ("&#169; 2024", "2024"),
        ("&#x263a; smile", "smile"),
        ("don&#39;t", "dont"),
        ("caf&eacute; ole", "cafe-ole"),
        ("&mdash;dash&hellip;", "dash"),
        ("&apos;html5&apos;", "apos-html5-apos"),
        ("&amp;amp;", "amp"),
        ("Stra\u{DF}e", "strasse"),
        ("\u{C6}sir \u{FB01}nal", "aesir-final"),
        ("\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{43C}\u{438}\u{440}", "privet-mir"),
        ("\u{216B} roman", "xii-roman"),
        ("x\u{B2}", "x2"),
        ("\u{BD} cup", "1-2-cup"),
        ("\u{DC}'ber''quote", "u-ber-quote"),
        ("tab\there", "tab-here"),
        ("a_b", "a-b"),
        ("\u{5317}\u{4EAC}", "bei-jing"),
        ("\u{395}\u{3BB}\u{3BB}\u{3B7}\u{3BD}\u{3B9}\u{3BA}\u{3AC}", "ellenika"),
        ("Se\u{F1}or Ni\u{F1}o", "senor-nino"),
        ("\u{E9}t\u{E9} \u{E0} Paris", "ete-a-paris"),
        ("\u{421}\u{435}\u{432}\u{435}\u{440} \u{2014} \u{42E}\u{433}", "sever-iug"),
        ("\u{D55C}\u{AD6D}\u{C5B4}", "hangugeo"),
        ("\u{628}\u{64A}\u{62A}", "byt"),
        (
            "A very long title that keeps going well past eighty characters without being cut at all",
            "a-very-long-title-that-keeps-going-well-past-eighty-characters-without-being-cut-at-all",
        ),
    ];

    #[test]
    fn slugify_matches_python_slugify() {
        for (input, expected) in CASES {
            assert_eq!(slugify(input), *expected, "{input:?}");
        }
    }
}
