//! Plain text from Markdown: a post's first words as its excerpt, and a
//! description flattened to its words.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::markdown::options;
use crate::feed::xml_text::make_xml_safe;

/// Words in an excerpt used when a post has no description.
pub(super) const EXCERPT_WORDS: usize = 50;

/// `markdown` (a description written in Markdown, or with inline HTML) as
/// plain text: emphasis, links and tags flattened to their words, entities
/// decoded. Text with no Markdown or HTML punctuation is returned as is, so a
/// `1. ` or `# ` that starts a sentence stays.
pub(crate) fn plain_text(markdown: &str) -> String {
    if !markdown.contains(['*', '_', '`', '[', '<', '&', '\\', '~']) {
        let mut text = markdown.trim().to_string();
        make_xml_safe(&mut text);
        return text;
    }
    let mut excerpt = Excerpt::new(usize::MAX);
    excerpt.keep_unknown_tags = true;
    Parser::new_ext(markdown, options()).for_each(|event| excerpt.see(&event));
    excerpt.finish()
}

/// The first `limit` words of `markdown`'s text, as [`super::render`]'s
/// excerpt: the events after the cut are not parsed inline.
pub(super) fn first_words(markdown: &str, limit: usize) -> String {
    let mut excerpt = Excerpt::new(limit);
    for event in Parser::new_ext(markdown, options()) {
        excerpt.see(&event);
        if excerpt.truncated {
            break;
        }
    }
    excerpt.finish()
}

/// Whether `html` is an opening or closing tag of inline formatting.
fn is_formatting_tag(html: &str) -> bool {
    let name: String = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let tags = ["a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span"];
    tags.contains(&name.as_str()) || ["strong", "sub", "sup", "u", "wbr"].contains(&name.as_str())
}

/// Collects the first words of the body's text, skipping code blocks and HTML.
pub(super) struct Excerpt {
    /// Words to collect before it stops with `…`.
    limit: usize,
    /// Keeps `<brackets>` that are no HTML formatting tag as text (a
    /// description is plain text as often as it is Markdown).
    keep_unknown_tags: bool,
    text: String,
    words: usize,
    truncated: bool,
    in_code_block: bool,
    /// Inside a footnote definition (nested ones count): notes are no part
    /// of the running text an excerpt is cut from.
    in_footnote: usize,
    /// A word boundary is pending (block end or line break).
    gap: bool,
}

impl Excerpt {
    pub(super) fn new(limit: usize) -> Excerpt {
        Excerpt {
            limit,
            keep_unknown_tags: false,
            text: String::new(),
            words: 0,
            truncated: false,
            in_code_block: false,
            in_footnote: 0,
            gap: false,
        }
    }

    pub(super) fn see(&mut self, event: &Event<'_>) {
        if self.truncated {
            return;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                self.in_footnote = self.in_footnote.saturating_sub(1);
                self.gap = true;
            }
            _ if self.in_footnote > 0 => {}
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.gap = true;
            }
            Event::Text(text) | Event::Code(text) if !self.in_code_block => self.add(text),
            Event::InlineHtml(html) if self.keep_unknown_tags && !is_formatting_tag(html) => self.add(html),
            Event::SoftBreak | Event::HardBreak => self.gap = true,
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::TableCell,
            ) => self.gap = true,
            _ => {}
        }
    }

    fn add(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let trimmed = rest.trim_start();
            if trimmed.len() != rest.len() {
                self.gap = true;
            }
            if trimmed.is_empty() {
                return;
            }
            let word_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            let starts_word = self.gap || self.text.is_empty();
            if starts_word {
                if self.words == self.limit {
                    self.truncated = true;
                    return;
                }
                self.words += 1;
                if !self.text.is_empty() {
                    self.text.push(' ');
                }
            }
            self.text.push_str(&trimmed[..word_len]);
            self.gap = false;
            rest = &trimmed[word_len..];
        }
    }

    pub(super) fn finish(mut self) -> String {
        if self.truncated {
            self.text.push('…');
        }
        make_xml_safe(&mut self.text);
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::render;
    use url::Url;

    fn base() -> Url {
        Url::parse("https://blog.example.com/posts/hello/").unwrap()
    }

    #[test]
    fn excerpt_takes_about_fifty_words_of_text() {
        let words: Vec<String> = (1..=80).map(|n| format!("w{n}")).collect();
        let markdown = format!("# Title\n\n```\ncode here\n```\n\n{}", words.join(" "));
        let excerpt = render(&markdown, &base(), false, true, false).excerpt.unwrap();
        assert!(excerpt.starts_with("Title w1 w2"), "{excerpt}");
        assert!(excerpt.ends_with("w49…"), "{excerpt}");
        assert!(!excerpt.contains("code"));
        let short = render("*Hello*, world.\nNext line", &base(), false, true, false).excerpt.unwrap();
        assert_eq!(short, "Hello, world. Next line");
    }

    #[test]
    fn the_excerpt_leaves_footnotes_out() {
        let markdown = "Start[^1] here.\n\n[^1]: A note in the middle,\n    - with a list\n\nEnd of text.\n";
        let excerpt = render(markdown, &base(), false, true, false).excerpt.unwrap();
        assert_eq!(excerpt, "Start here. End of text.");
    }

    #[test]
    fn descriptions_in_markdown_become_plain_text() {
        assert_eq!(
            plain_text("Why *we* moved to [fixed](/x) dates &amp; <b>what</b> it `cost`."),
            "Why we moved to fixed dates & what it cost."
        );
        assert_eq!(plain_text("1. A list? # No, prose."), "1. A list? # No, prose.");
        assert_eq!(plain_text("a <brackets> & b ]]> end"), "a <brackets> & b ]]> end");
    }
}
