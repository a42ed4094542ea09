//! Plain text from front matter and Markdown: HTML entities decoded once, and
//! a title made from the body when a post has none.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Longest title made from a body, in characters (before the `…`).
const MAX_BODY_TITLE_CHARS: usize = 80;

/// Named entities seen in real titles; anything else is left as written.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("times", '×'),
    ("divide", '÷'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("shy", '\u{ad}'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("ccedil", 'ç'),
    ("uuml", 'ü'),
    ("ouml", 'ö'),
    ("auml", 'ä'),
    ("szlig", 'ß'),
    ("ntilde", 'ñ'),
];

/// Decodes HTML entities exactly once (`&amp;amp;` becomes `&amp;`), so that
/// a feed that escapes its text escapes it exactly once too.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // An entity is short (the longest HTML5 name has 31 letters); a `;`
        // further away belongs to something else.
        let decoded = rest.get(1..).and_then(|after| {
            let end = after.char_indices().take(33).find(|(_, c)| *c == ';').map(|(i, _)| i)?;
            Some((entity(&after[..end])?, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push_str(&c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<String> {
    let number = match name.strip_prefix('#') {
        Some(n) => n,
        None => {
            return NAMED_ENTITIES
                .iter()
                .find(|(entity, _)| *entity == name)
                .map(|(_, c)| c.to_string())
                .or_else(|| html5_entity(name))
        }
    };
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    // NUL and surrogates are not characters; leave the text as written.
    char::from_u32(code).filter(|c| *c != '\0').map(String::from)
}

/// Any other of the 2,125 HTML5 named entities (`&check;`, `&frac12;`,
/// some of them two characters), from the table pulldown-cmark keeps for
/// Markdown text.
fn html5_entity(name: &str) -> Option<String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let written = format!("&{name};");
    let mut text = String::new();
    for event in pulldown_cmark::Parser::new(&written) {
        match event {
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            pulldown_cmark::Event::Start(_) | pulldown_cmark::Event::End(_) => {}
            _ => return None,
        }
    }
    (text != written && !text.is_empty()).then_some(text)
}

/// A title as plain text: HTML formatting tags (`<del>old</del> new`) taken
/// out, other angle brackets (`Vec<String>`) kept, entities decoded once.
pub fn title_text(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag = rest[open..].find('>').map(|close| &rest[open + 1..open + close]);
        let name: String = tag
            .unwrap_or("")
            .strip_prefix('/')
            .unwrap_or(tag.unwrap_or(""))
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match tag {
            Some(tag) if is_tag(tag, &name) => rest = &rest[open + tag.len() + 2..],
            _ => {
                out.push('<');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// `tag` (between `<` and `>`) is a formatting tag named `name`: `del`,
/// `/del`, `a href="…"`, never `b, <em` or `bx`.
fn is_tag(tag: &str, name: &str) -> bool {
    let after = tag.trim_start_matches('/').get(name.len()..).unwrap_or("x");
    TITLE_TAGS.contains(&name)
        && !tag.contains('<')
        && (after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '/'))
}

const TITLE_TAGS: &[&str] = &[
    "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span", "strong", "sub",
    "sup", "u", "wbr",
];

/// A title for a post without one (a microblog note): the first sentence of
/// the first paragraph or heading as plain text, cut at a word boundary.
pub fn title_from_body(body: &str) -> Option<String> {
    let text = first_block_text(body)?;
    let sentence = first_sentence(&text);
    Some(shorten(sentence, MAX_BODY_TITLE_CHARS))
}

/// The plain text of the first top-level block (paragraph, heading, list,
/// quote, table) that has any, the blocks inside it (list items) apart by a
/// space: Markdown syntax dropped, HTML tags stripped, images, code blocks
/// and footnotes skipped (a `[^1]` is no part of a title).
fn first_block_text(body: &str) -> Option<String> {
    let mut text = String::new();
    let mut skip_depth = 0usize;
    let mut depth = 0usize;
    for event in Parser::new_ext(body, Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES) {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::FootnoteDefinition(_)) => skip_depth += 1,
            Event::End(TagEnd::Image | TagEnd::CodeBlock | TagEnd::FootnoteDefinition) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            _ if skip_depth > 0 => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(html) | Event::InlineHtml(html) => text.push_str(&decode_entities(&strip_tags(&html))),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(_) if depth == 0 => {
                let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !collapsed.is_empty() {
                    return Some(collapsed);
                }
                text.clear();
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::HtmlBlock,
            ) => text.push(' '),
            _ => {}
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let name: String = rest[open + 1..open + close]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        // Block tags separate words (`a<br>b`); inline ones (`<b>`) do not.
        if BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

const BLOCK_TAGS: &[&str] =
    &["br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote", "hr"];

/// Up to and including the first `.`, `!` or `?` that ends a sentence.
fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends_here = matches!(c, '.' | '!' | '?' | '…');
        if ends_here && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            return &text[..i + c.len_utf8()];
        }
    }
    text
}

/// At most `max` characters, cut at the last word boundary, with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(decode_entities("Don&#8217;t panic"), "Don’t panic");
        assert_eq!(decode_entities("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(decode_entities("&amp;amp;"), "&amp;");
        assert_eq!(decode_entities("&#x2014; and &#X2014;"), "— and —");
        assert_eq!(decode_entities("&lt;b&gt; &quot;hi&quot; &hellip;"), "<b> \"hi\" …");
        assert_eq!(decode_entities("caf&eacute;"), "café");
    }

    #[test]
    fn the_whole_html5_set_is_decoded() {
        assert_eq!(decode_entities("&check; &frac12; &NotEqualTilde; &amp;check;"), "✓ ½ \u{2242}\u{338} &check;");
        assert_eq!(decode_entities("&nosuch; &a-b;"), "&nosuch; &a-b;");
    }

    #[test]
    fn titles_with_inline_html_become_text() {
        assert_eq!(title_text("<del>old</del> new &check;"), "old new ✓");
        assert_eq!(title_text("Vec<String> and a<b, <em>x</em>"), "Vec<String> and a<b, x");
    }

    #[test]
    fn things_that_are_not_entities_stay() {
        assert_eq!(decode_entities("AT&T"), "AT&T");
        assert_eq!(decode_entities("a & b; c"), "a & b; c");
        assert_eq!(decode_entities("&nosuch;"), "&nosuch;");
        assert_eq!(decode_entities("&#0; &#xD800; &#99999999999;"), "&#0; &#xD800; &#99999999999;");
        assert_eq!(decode_entities("trailing &"), "trailing &");
        assert_eq!(decode_entities("&#8217"), "&#8217");
    }

    #[test]
    fn title_is_the_first_sentence_as_plain_text() {
        let body = "\n![cat](cat.png)\n\nJust shipped **v2.0** of [`feedcard`](https://x.example/). More soon.\n";
        assert_eq!(title_from_body(body).as_deref(), Some("Just shipped v2.0 of feedcard."));
        assert_eq!(title_from_body("<p>Hello <b>there</b>!</p> Bye").as_deref(), Some("Hello there!"));
        assert_eq!(title_from_body("Version 1.2 is out").as_deref(), Some("Version 1.2 is out"));
        assert_eq!(title_from_body("```\ncode\n```\n\n# Heading &amp; more\n").as_deref(), Some("Heading & more"));
        let noted = "[^1]: A note written first.\n\nShipped[^1] today. More.\n";
        assert_eq!(title_from_body(noted).as_deref(), Some("Shipped today."));
        assert_eq!(title_from_body("Not a note[^x].").as_deref(), Some("Not a note[^x]."));
    }

    #[test]
    fn list_items_and_quoted_paragraphs_are_apart() {
        let listed = "- [Watch on YouTube](https://x.example/)\n- Also posted elsewhere.\n\nLater text.\n";
        assert_eq!(title_from_body(listed).as_deref(), Some("Watch on YouTube Also posted elsewhere."));
        assert_eq!(title_from_body("> One\n>\n> two\n\nThree.").as_deref(), Some("One two"));
    }

    #[test]
    fn long_title_is_cut_at_a_word() {
        let body = "word ".repeat(40);
        let title = title_from_body(&body).unwrap();
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= MAX_BODY_TITLE_CHARS + 1, "{title}");
        let long_word = "x".repeat(100);
        assert_eq!(title_from_body(&long_word).unwrap().chars().count(), MAX_BODY_TITLE_CHARS + 1);
    }

    #[test]
    fn no_text_no_title() {
        assert_eq!(title_from_body(""), None);
        assert_eq!(title_from_body("\n\n  \n"), None);
        assert_eq!(title_from_body("![only an image](a.png)"), None);
    }
}
