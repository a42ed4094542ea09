//! Text-level helpers the XML crates do not provide: removing characters XML
//! cannot carry, HTML-escaping plain text, and the RSS Best Practices rewrite of
//! `&amp;`/`&lt;` into hexadecimal character references.

use std::borrow::Cow;

/// Whether `c` may appear in the feeds. XML 1.0 forbids C0 controls other than
/// tab/LF/CR and U+FFFE/U+FFFF; the W3C validator also warns ("BadCharacters")
/// about C1 controls and U+FFFD, which carry no text either, so they go too.
fn is_feed_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => false,
        '\u{FFFD}' | '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// `text` without the characters [`is_feed_char`] rejects; borrows when clean.
pub(crate) fn xml_safe(text: &str) -> Cow<'_, str> {
    match first_non_feed_char(text) {
        None => Cow::Borrowed(text),
        Some(first) => {
            let mut clean = String::with_capacity(text.len());
            clean.push_str(&text[..first]);
            clean.extend(text[first..].chars().filter(|&c| is_feed_char(c)));
            Cow::Owned(clean)
        }
    }
}

/// Where the first character [`is_feed_char`] rejects starts. Scans bytes,
/// not chars: every body passes here, and almost none holds such a character.
fn first_non_feed_char(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let found = match bytes[at] {
            b'\t' | b'\n' | b'\r' => false,
            0..=0x1F | 0x7F => true,
            // U+0080..U+009F are C2 80..C2 9F; U+FFFD..U+FFFF are EF BF BD..BF.
            0xC2 => bytes.get(at + 1).is_some_and(|&b| b < 0xA0),
            0xEF => bytes.get(at + 1) == Some(&0xBF) && bytes.get(at + 2).is_some_and(|&b| b >= 0xBD),
            _ => false,
        };
        if found {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// Replaces `text` in place when it holds characters XML cannot carry.
pub(crate) fn make_xml_safe(text: &mut String) {
    if let Cow::Owned(clean) = xml_safe(text) {
        *text = clean;
    }
}

/// Escapes plain text for use as HTML (element content or a quoted attribute).
pub(crate) fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether plain text would look like markup to the feed validator's
/// "nonhtml" check (an HTML end tag or an entity reference in the text).
pub(crate) fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let run_of_words = |from: usize| from + bytes[from..].iter().take_while(|&&b| word(b)).count();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'<' if bytes.get(i + 1) == Some(&b'/') => {
            let end = run_of_words(i + 2);
            end > i + 2 && bytes.get(end) == Some(&b'>')
        }
        b'&' => {
            let start = if bytes.get(i + 1) == Some(&b'#') { i + 2 } else { i + 1 };
            let end = run_of_words(start);
            end > start && bytes.get(end) == Some(&b';')
        }
        _ => false,
    })
}

/// One change to the serialised RSS: `remove` bytes at `at` become `insert`.
struct Edit {
    at: usize,
    remove: usize,
    insert: &'static [u8],
}

/// Post-processes the `rss` crate's output, which is well-formed but writes
/// what the RSS Best Practices Profile asks otherwise:
///
/// - in the plain-text elements `title`, `category`, `dc:creator` and the
///   channel's `description`, `&amp;` and `&lt;` become `&#x26;` and `&#x3C;`;
/// - `<guid>` gets an explicit `isPermaLink="true"` (the crate omits the default).
///
/// CDATA sections, comments and attribute values are left alone. Every edit
/// only grows the text, so the buffer is rewritten in place from the back
/// instead of being copied (a full-content feed can be tens of megabytes).
pub(crate) fn rss_best_practices(xml: &mut Vec<u8>) {
    let edits = find_rss_edits(xml);
    apply_growing_edits(xml, &edits);
}

fn find_rss_edits(xml: &[u8]) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut in_item = false;
    // Whether the text being read sits directly in one of the plain-text elements.
    let mut plain_text = false;
    let mut i = 0;
    while i < xml.len() {
        match xml[i] {
            b'<' => {
                let rest = &xml[i..];
                let skip_to = |end: &[u8]| find(rest, end).map_or(xml.len(), |at| i + at + end.len());
                if rest.starts_with(b"<![CDATA[") {
                    i = skip_to(b"]]>");
                    continue;
                }
                if rest.starts_with(b"<!--") {
                    i = skip_to(b"-->");
                    continue;
                }
                // Attribute values never hold a raw `>`: quick-xml escapes it.
                let close = find(rest, b">").map_or(xml.len(), |at| i + at);
                let tag = &xml[i + 1..close];
                if let Some(name) = tag.strip_prefix(b"/") {
                    plain_text = false;
                    if name == b"item" {
                        in_item = false;
                    }
                } else {
                    let name_end = tag.iter().position(|&b| b == b' ' || b == b'/').unwrap_or(tag.len());
                    let name = &tag[..name_end];
                    let self_closing = tag.ends_with(b"/");
                    plain_text = !self_closing
                        && (matches!(name, b"title" | b"category" | b"dc:creator")
                            || (name == b"description" && !in_item));
                    if name == b"item" {
                        in_item = true;
                    }
                    if tag == b"guid" {
                        edits.push(Edit { at: i, remove: b"<guid>".len(), insert: b"<guid isPermaLink=\"true\">" });
                    }
                }
                i = close + 1;
            }
            b'&' if plain_text => {
                let rest = &xml[i..];
                if rest.starts_with(b"&amp;") {
                    edits.push(Edit { at: i, remove: 5, insert: b"&#x26;" });
                    i += 5;
                } else if rest.starts_with(b"&lt;") {
                    edits.push(Edit { at: i, remove: 4, insert: b"&#x3C;" });
                    i += 4;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    edits
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

pub(super) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

/// Applies edits (sorted by position, none overlapping, none shrinking) in place.
fn apply_growing_edits(buf: &mut Vec<u8>, edits: &[Edit]) {
    let growth: usize = edits.iter().map(|e| e.insert.len().saturating_sub(e.remove)).sum();
    if edits.is_empty() {
        return;
    }
    let old_len = buf.len();
    buf.resize(old_len + growth, 0);
    // Walk from the back: each untouched segment moves right by the growth of
    // the edits before it, which never overwrites bytes still to be moved.
    let mut src_end = old_len;
    let mut shift = growth;
    for edit in edits.iter().rev() {
        let seg_start = edit.at + edit.remove;
        buf.copy_within(seg_start..src_end, seg_start + shift);
        shift -= edit.insert.len() - edit.remove;
        let dest = edit.at + shift;
        buf[dest..dest + edit.insert.len()].copy_from_slice(edit.insert);
        src_end = edit.at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_char_rule_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("ab{c}é");
            let expected = (!is_feed_char(c)).then_some(2);
            assert_eq!(first_non_feed_char(&text), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn forbidden_characters_are_removed_and_clean_text_is_borrowed() {
        assert_eq!(xml_safe("a\u{0}b\u{7}c\u{1B}d\u{FFFE}e\u{85}f"), "abcdef");
        assert_eq!(xml_safe("tab\tnew\nline\r ok ✓"), "tab\tnew\nline\r ok ✓");
        assert!(matches!(xml_safe("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn html_escaping_covers_markup_characters() {
        assert_eq!(escape_html("a <b> & \"c\""), "a &lt;b&gt; &amp; &quot;c&quot;");
        assert!(matches!(escape_html("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn markup_lookalikes_are_detected() {
        assert!(looks_like_markup("use </p> here"));
        assert!(looks_like_markup("AT&amp;T"));
        assert!(looks_like_markup("&#169; me"));
        assert!(!looks_like_markup("a < b & c > d"));
        assert!(!looks_like_markup("Fish & Chips; </ >"));
        // "R&D" stays plain text: readers show an html-typed title's source.
        assert!(!looks_like_markup("R&D and AT&T"));
    }

    #[test]
    fn rewrite_touches_only_plain_text_elements() {
        let mut xml = b"<rss><channel><title>A &amp; B &lt; C</title><description>x &amp; y</description>\
<item><title>&lt;t&gt;</title><description><![CDATA[&amp; <title>&amp;</title>]]></description>\
<link>https://e.x/?a=1&amp;b=2</link><category domain=\"a&amp;b\">c &amp; d</category>\
<guid>https://e.x/p/</guid></item></channel></rss>"
            .to_vec();
        rss_best_practices(&mut xml);
        let text = String::from_utf8(xml).unwrap();
        assert_eq!(
            text,
            "<rss><channel><title>A &#x26; B &#x3C; C</title><description>x &#x26; y</description>\
<item><title>&#x3C;t&gt;</title><description><![CDATA[&amp; <title>&amp;</title>]]></description>\
<link>https://e.x/?a=1&amp;b=2</link><category domain=\"a&amp;b\">c &#x26; d</category>\
<guid isPermaLink=\"true\">https://e.x/p/</guid></item></channel></rss>"
        );
    }
}
