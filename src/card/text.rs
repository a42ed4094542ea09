//! Title clean-up before drawing: Markdown emphasis and HTML tags go, the
//! words stay. The title arrives with entities already decoded.

use super::lang::Language;
use super::typography::smarten;

/// Strips `<tags>`, `*`/`_`/`~~`/backtick emphasis markers, and runs of whitespace.
#[cfg(test)]
pub fn clean_title(title: &str) -> String {
    strip_emphasis(&strip_tags(title))
}

/// The title as a card draws it: cleaned, and with `smart` typographic
/// quotes, dashes and ellipses (outside code spans) for `language`.
pub(crate) fn card_title(title: &str, language: Language, smart: bool) -> String {
    let without_tags = strip_tags(title);
    if smart {
        strip_emphasis(&smarten(&without_tags, language))
    } else {
        strip_emphasis(&without_tags)
    }
}

fn strip_emphasis(without_tags: &str) -> String {
    let chars: Vec<char> = without_tags.chars().collect();
    let mut out = String::with_capacity(without_tags.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let is_marker = match c {
            '`' => true,
            '~' => before == Some('~') || after == Some('~'),
            // Emphasis marks flank a word; `snake_case` and `2 * 3` keep theirs.
            '*' | '_' => {
                let word = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric());
                let space = |ch: Option<char>| ch.is_none_or(char::is_whitespace);
                let run_edge = |ch: Option<char>| ch == Some(c) || !word(ch);
                !(space(before) && space(after))
                    && (run_edge(before) || run_edge(after))
                    && !(word(before) && word(after))
            }
            _ => false,
        };
        if !is_marker {
            out.push(c);
        }
    }
    // No-break spaces (French `«\u{202F}`, `10\u{A0}km`) stay as they are.
    let breaking = |c: char| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}');
    out.split(breaking).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
}

/// At most `max` grapheme clusters of `text`, never splitting one.
pub(crate) fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    if text.len() <= max {
        return text.into();
    }
    match text.grapheme_indices(true).nth(max) {
        Some((cut, _)) => text[..cut].into(),
        None => text.into(),
    }
}

/// Inline formatting a title may carry. Other tag-like text is kept: a
/// title such as "the <template> element" is talking about the tag.
const FORMATTING_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Removes inline formatting tags and comments; any other `<` stays.
/// `<code>` becomes a backtick, so its text is treated as a code span.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let starts_tag = after.starts_with("!--") || FORMATTING_TAGS.contains(&name.as_str());
        match (starts_tag, after.find('>')) {
            (true, Some(close)) => {
                if name == "code" {
                    out.push('`');
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{clean_title, Language};

    #[test]
    fn strips_markdown_emphasis() {
        assert_eq!(clean_title("Why **bold** and *italic* and _under_"), "Why bold and italic and under");
        assert_eq!(clean_title("Using `cargo` ~~badly~~ well"), "Using cargo badly well");
        assert_eq!(clean_title("***very*** __strong__"), "very strong");
    }

    #[test]
    fn keeps_marks_that_are_not_emphasis() {
        assert_eq!(clean_title("snake_case names"), "snake_case names");
        assert_eq!(clean_title("2 * 3 = 6"), "2 * 3 = 6");
        assert_eq!(clean_title("a < b > c"), "a < b > c");
    }

    #[test]
    fn strips_html_tags_and_extra_space() {
        assert_eq!(clean_title("<em>Fast</em>  builds<br/> with\n<code>make</code>"), "Fast builds with make");
        assert_eq!(clean_title("<A HREF='x'>Linked</a><!-- note --> title"), "Linked title");
        assert_eq!(clean_title(" 10\u{A0}km \t à\u{202F}!\n"), "10\u{A0}km à\u{202F}!");
    }

    #[test]
    fn clip_keeps_whole_graphemes() {
        assert_eq!(super::clip("short", 10), "short");
        assert_eq!(super::clip("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}e\u{301}");
        assert_eq!(super::clip(&"x".repeat(100_000), 500).len(), 500);
    }

    #[test]
    fn card_titles_get_smart_typography_outside_code() {
        let en = Language::new("en");
        let title = r#"<em>"Fast"</em> builds with <code>"make"</code> -- and `'quotes'`..."#;
        assert_eq!(super::card_title(title, en, true), "“Fast” builds with \"make\" – and 'quotes'…");
        assert_eq!(super::card_title(title, en, false), r#""Fast" builds with "make" -- and 'quotes'..."#);
    }

    #[test]
    fn keeps_tags_a_title_talks_about() {
        assert_eq!(
            clean_title("Research & development: the <template> tag"),
            "Research & development: the <template> tag"
        );
        assert_eq!(clean_title("Why <div> soup hurts"), "Why <div> soup hurts");
    }
}
