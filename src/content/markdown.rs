//! Markdown to HTML for feed content: one pass over the pulldown-cmark events
//! that renders the body, makes relative links absolute against the post's
//! permalink, moves footnotes to the end ([`super::footnotes`]) and, when
//! asked, collects a plain-text excerpt.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use url::Url;

use super::excerpt::{Excerpt, EXCERPT_WORDS};
use crate::feed::xml_text::{escape_html, make_xml_safe};

/// What one body renders to.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// The body as HTML with absolute links; `None` when not asked for.
    pub html: Option<String>,
    /// About [`EXCERPT_WORDS`] words of plain text; `None` when not asked for.
    pub excerpt: Option<String>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Renders `markdown`; `base` is the address relative links resolve against.
/// With `sanitize`, the HTML then goes through the allow-list of [`super::sanitize`].
pub(crate) fn render(markdown: &str, base: &Url, want_html: bool, want_excerpt: bool, sanitize: bool) -> Rendered {
    if !want_html {
        // Summary mode: no HTML pass, and the excerpt stops reading events
        // once it has its words (it ignores everything after them).
        let excerpt = want_excerpt.then(|| super::excerpt::first_words(markdown, EXCERPT_WORDS));
        return Rendered { html: None, excerpt };
    }
    let mut excerpt = want_excerpt.then(|| Excerpt::new(EXCERPT_WORDS));
    let mut empty_link = EmptyLinks::default();
    // Whether the author wrote HTML or an address with an unusual scheme:
    // only then can the output hold what the sanitiser removes. Everything
    // else pulldown-cmark writes itself, escaped (most posts: the sanitiser's
    // html5ever parse was a fifth of the feeds' cost).
    let mut needs_sanitizing = false;
    let events = Parser::new_ext(markdown, options()).filter_map(|event| {
        if let Some(excerpt) = excerpt.as_mut() {
            excerpt.see(&event);
        }
        if !empty_link.keep(&event) {
            return None;
        }
        let event = absolutize_event(event, base);
        needs_sanitizing |= match &event {
            Event::Html(_) | Event::InlineHtml(_) => true,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => !plain_scheme(dest_url),
            _ => false,
        };
        Some(event)
    });
    // Rendered HTML is usually a little longer than its Markdown.
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 8);
    if super::footnotes::may_have_footnotes(markdown) {
        pulldown_cmark::html::push_html(&mut html, super::footnotes::place(events, base).into_iter());
    } else {
        pulldown_cmark::html::push_html(&mut html, events);
    }
    if sanitize && needs_sanitizing {
        html = super::sanitize::sanitize(&html, base);
    }
    make_xml_safe(&mut html);
    Rendered { html: Some(html), excerpt: excerpt.map(Excerpt::finish) }
}

/// An absolute `http`, `https` or `mailto` address: nothing to sanitise.
fn plain_scheme(url: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| url.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme)))
}

/// Drops links and images with an empty destination, keeping their text.
/// Such a link resolves to the post itself; it is what a template leaves
/// when it wrote the address (`[talk]({{ talk_url }})`, a `ref` to a page
/// that is not a post) and was removed.
#[derive(Default)]
struct EmptyLinks {
    /// The ends still to drop: links do not nest, but an image may sit in a link.
    open: Vec<bool>,
}

impl EmptyLinks {
    fn keep(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let empty = dest_url.trim().is_empty();
                self.open.push(empty);
                !empty
            }
            Event::End(TagEnd::Link | TagEnd::Image) => !self.open.pop().unwrap_or(false),
            _ => true,
        }
    }
}

fn absolutize_event<'a>(event: Event<'a>, base: &Url) -> Event<'a> {
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: absolutize(dest_url, base), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: absolutize(dest_url, base), title, id })
        }
        Event::Html(html) => Event::Html(absolutize_raw_html(html, base)),
        Event::InlineHtml(html) => Event::InlineHtml(absolutize_raw_html(html, base)),
        other => other,
    }
}

/// An absolute URL for `dest`: unchanged when it already has a scheme (`https:`,
/// `mailto:`), else resolved against `base` (so `#note` becomes the post's
/// `…/#note`, which is what a reader of the feed needs).
fn absolutize<'a>(dest: CowStr<'a>, base: &Url) -> CowStr<'a> {
    if Url::parse(&dest).is_ok() {
        return dest;
    }
    match base.join(&dest) {
        Ok(url) => String::from(url).into(),
        Err(_) => dest,
    }
}

/// Rewrites relative `href="…"` / `src="…"` values inside raw HTML.
fn absolutize_raw_html<'a>(html: CowStr<'a>, base: &Url) -> CowStr<'a> {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    while let Some((value_start, value_end)) = next_url_attribute(&lower, search) {
        search = value_end.max(value_start + 1);
        let raw = &html[value_start..value_end];
        // Attribute values are HTML text; `&amp;` is the only entity links commonly carry.
        let value = raw.replace("&amp;", "&");
        if Url::parse(&value).is_ok() {
            continue;
        }
        if let Ok(url) = base.join(&value) {
            out.push_str(&html[copied..value_start]);
            out.push_str(&escape_html(url.as_str()));
            copied = value_end;
        }
    }
    if copied == 0 {
        return html;
    }
    out.push_str(&html[copied..]);
    out.into()
}

/// The byte range of the next `href`/`src` attribute value at or after `from`.
pub(super) fn next_url_attribute(lower: &str, from: usize) -> Option<(usize, usize)> {
    next_attribute(lower, from, &["href", "src"])
}

/// The byte range of the next value of one of the attributes `names`
/// (lower case, as `lower` is) at or after `from`.
pub(super) fn next_attribute(lower: &str, from: usize, names: &[&str]) -> Option<(usize, usize)> {
    let bytes = lower.as_bytes();
    let mut at = from;
    loop {
        let rel = lower.get(at..)?.find(|c: char| names.iter().any(|name| name.starts_with(c)))?;
        let start = at + rel;
        at = start + 1;
        let Some(name_len) = names.iter().find(|name| lower[start..].starts_with(**name)).map(|name| name.len()) else {
            continue;
        };
        // The name must stand alone: after whitespace, before `=`.
        if start == 0 || !bytes[start - 1].is_ascii_whitespace() {
            continue;
        }
        let mut i = start + name_len;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        return match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = lower[i + 1..].find(quote as char).map_or(lower.len(), |e| i + 1 + e);
                Some((i + 1, end))
            }
            Some(_) => {
                let end = lower[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(lower.len(), |e| i + e);
                Some((i, end))
            }
            None => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://blog.example.com/posts/hello/").unwrap()
    }

    /// Renders `markdown` and checks that every expected piece is in the HTML.
    fn assert_renders(markdown: &str, expected: &[&str]) {
        let out = render(markdown, &base(), true, false, false).html.unwrap();
        for piece in expected {
            assert!(out.contains(piece), "{piece:?} missing from {out}");
        }
    }

    #[test]
    fn relative_links_and_images_become_absolute() {
        assert_renders(
            "[a](../other/) ![i](img.png) [m](mailto:x@example.com) [f](#part) [x](https://x.example/)",
            &[
                "href=\"https://blog.example.com/posts/other/\"",
                "src=\"https://blog.example.com/posts/hello/img.png\"",
                "href=\"mailto:x@example.com\"",
                "href=\"https://blog.example.com/posts/hello/#part\"",
                "href=\"https://x.example/\"",
            ],
        );
    }

    #[test]
    fn raw_html_attributes_become_absolute() {
        assert_renders(
            "<p><a class=x href=\"/about?a=1&amp;b=2\">about</a> <img src='pic.jpg'></p>\n",
            &[
                "href=\"https://blog.example.com/about?a=1&amp;b=2\"",
                "src='https://blog.example.com/posts/hello/pic.jpg'",
            ],
        );
    }

    #[test]
    fn only_bodies_with_html_or_odd_addresses_go_through_the_sanitiser() {
        let html = |markdown: &str, sanitize: bool| render(markdown, &base(), true, false, sanitize).html.unwrap();
        // Markdown alone: pulldown-cmark's own escaped output, as it is.
        let plain = "# T\n\n*a* [b](/b/) ![c](c.png) `<script>` [m](mailto:x@a.example)\n\n```js\n<b>\n```\n";
        assert_eq!(html(plain, true), html(plain, false));
        // The author's HTML, or a link with another scheme: sanitised.
        for (markdown, gone) in [
            ("Hi <script>alert(1)</script> there", "<script"),
            ("<div onclick=\"x()\">Hi</div>", "onclick"),
            ("[x](javascript:alert(1))", "href=\"javascript:"),
            ("<javascript:alert(1)>", "href=\"javascript:"),
            ("![x](data:text/html,hi)", "src=\"data:text"),
        ] {
            assert!(html(markdown, false).contains(gone), "{markdown}");
            assert!(!html(markdown, true).contains(gone), "{markdown}: {}", html(markdown, true));
        }
    }

    #[test]
    fn links_and_images_with_no_address_become_their_text() {
        let html =
            render("[the talk]() and ![a chart]( ) in [a *real* one](/x/) ![ok](a.png)", &base(), true, false, true);
        assert_eq!(
            html.html.unwrap(),
            "<p>the talk and a chart in <a href=\"https://blog.example.com/x/\">a <em>real</em> one</a> \
             <img src=\"https://blog.example.com/posts/hello/a.png\" alt=\"ok\" /></p>\n"
        );
    }

    #[test]
    fn footnotes_tables_and_strikethrough_render() {
        assert_renders(
            "Text[^n] ~~old~~\n\n|a|b|\n|-|-|\n|1|2|\n\n[^n]: The note.\n",
            &[
                "<a href=\"https://blog.example.com/posts/hello/#fn:1\">1</a>",
                "<li id=\"fn:1\">",
                "<del>old</del>",
                "<table>",
            ],
        );
    }

    #[test]
    fn control_characters_leave_the_html() {
        let out = render("bell\u{7} and nul\u{0} and esc\u{1B}", &base(), true, false, false).html.unwrap();
        assert!(!out.contains(['\u{7}', '\u{1B}', '\u{0}']), "{out:?}");
    }
}
