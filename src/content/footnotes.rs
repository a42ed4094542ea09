//! Footnotes where GitHub, Hugo and Jekyll put them: every definition is
//! taken out of the body and written once at its end, the notes numbered in
//! the order they are first referenced, each with a link back to every one
//! of its references.
//!
//! A note is `fn:N` and its first reference `fnref:N`, N its number: what
//! Hugo (goldmark) writes, and Jekyll (kramdown, which uses the label) for
//! the usual `[^1]`, `[^2]`. Later references are `fnref:N:1`, `fnref:N:2`,
//! as kramdown numbers them (goldmark's `fnref1:N` is the odd one out).
//! Links are absolute (the feed is read away from the page), so a footnote
//! link followed from a feed lands on the same note of the site's own page.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use unicase::UniCase;
use url::Url;

use crate::feed::xml_text::escape_html;

/// Whether `markdown` may hold a footnote: references and definitions both
/// start with `[^`. Bodies without one skip this pass and its buffering.
pub(super) fn may_have_footnotes(markdown: &str) -> bool {
    markdown.contains("[^")
}

/// The events of a whole body with each footnote reference made a numbered
/// link and the notes it references appended as one list. `base` is the
/// post's permalink, which every footnote link is made absolute against.
pub(super) fn place<'a>(events: impl Iterator<Item = Event<'a>>, base: &Url) -> Vec<Event<'a>> {
    let (body, definitions) = split(events);
    let mut notes = Notes { base, definitions, numbers: HashMap::new(), numbered: Vec::new() };
    let mut out = notes.rewrite(body);
    // A note may reference a note not referenced yet, which then joins the
    // end of the list: walk it as it grows.
    let mut contents = Vec::new();
    while let Some(note) = notes.numbered.get_mut(contents.len()) {
        let events = std::mem::take(&mut note.events);
        contents.push(notes.rewrite(events));
    }
    if contents.is_empty() {
        return out;
    }
    out.push(Event::Html("<section class=\"footnotes\">\n<hr>\n<ol>\n".into()));
    for (index, mut events) in contents.into_iter().enumerate() {
        let number = index + 1;
        let references = notes.numbered[index].references;
        out.push(Event::Html(format!("<li id=\"{}\">\n", note_id(number)).into()));
        let links = back_links(base, number, references);
        // Inside the last paragraph, as GitHub and kramdown do; a note that
        // ends in a list or code gets a paragraph of its own.
        if let Some(Event::End(TagEnd::Paragraph)) = events.last() {
            events.insert(events.len() - 1, Event::InlineHtml(format!(" {links}").into()));
        } else {
            events.push(Event::Html(format!("<p>{links}</p>\n").into()));
        }
        out.extend(events);
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    out
}

/// Labels match as pulldown-cmark matches them (`[^Note]` is `[^note]`).
type Label<'a> = UniCase<CowStr<'a>>;

/// The body without its footnote definitions, and the definitions by label
/// (the first one of a label wins, as on GitHub).
fn split<'a>(events: impl Iterator<Item = Event<'a>>) -> (Vec<Event<'a>>, HashMap<Label<'a>, Vec<Event<'a>>>) {
    let mut body = Vec::new();
    let mut definitions = HashMap::new();
    // A definition can sit inside another block (a quote, even a note).
    let mut open: Vec<(Label<'a>, Vec<Event<'a>>)> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push((UniCase::new(label), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = open.pop() {
                    definitions.entry(label).or_insert(events);
                }
            }
            other => match open.last_mut() {
                Some((_, events)) => events.push(other),
                None => body.push(other),
            },
        }
    }
    while let Some((label, events)) = open.pop() {
        definitions.entry(label).or_insert(events);
    }
    (body, definitions)
}

struct Note<'a> {
    /// The definition's events, taken out once the note is rendered.
    events: Vec<Event<'a>>,
    /// References seen so far: one back-link each.
    references: usize,
}

struct Notes<'a, 'u> {
    base: &'u Url,
    /// Definitions not referenced yet; what is left at the end is dropped.
    /// The maps are only looked up, never iterated, so their order cannot
    /// leak out.
    definitions: HashMap<Label<'a>, Vec<Event<'a>>>,
    /// Each referenced label's index in `numbered`.
    numbers: HashMap<Label<'a>, usize>,
    /// Referenced notes, in number order.
    numbered: Vec<Note<'a>>,
}

impl<'a> Notes<'a, '_> {
    fn rewrite(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => self.reference(label),
                other => other,
            })
            .collect()
    }

    /// The link a reference becomes, numbering its note on first sight; a
    /// label with no definition stays the text the author wrote.
    fn reference(&mut self, label: CowStr<'a>) -> Event<'a> {
        let label = UniCase::new(label);
        let index = match self.numbers.get(&label) {
            Some(&index) => index,
            None => match self.definitions.remove(&label) {
                Some(events) => {
                    self.numbered.push(Note { events, references: 0 });
                    self.numbers.insert(label, self.numbered.len() - 1);
                    self.numbered.len() - 1
                }
                None => return Event::Text(format!("[^{}]", label.into_inner()).into()),
            },
        };
        let note = &mut self.numbered[index];
        let number = index + 1;
        let id = reference_id(number, note.references);
        note.references += 1;
        let href = fragment_url(self.base, &note_id(number));
        Event::InlineHtml(
            format!(
                "<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"{}\">{number}</a></sup>",
                escape_html(&href)
            )
            .into(),
        )
    }
}

fn note_id(number: usize) -> String {
    format!("fn:{number}")
}

/// `fnref:N` for the first reference to note N, `fnref:N:1` for the second.
fn reference_id(number: usize, earlier: usize) -> String {
    match earlier {
        0 => format!("fnref:{number}"),
        _ => format!("fnref:{number}:{earlier}"),
    }
}

/// The one class this pass writes on `element` (the sanitiser keeps only these).
pub(super) fn footnote_class(element: &str) -> Option<&'static str> {
    match element {
        "sup" => Some("footnote-reference"),
        "a" => Some("footnote-backref"),
        "section" => Some("footnotes"),
        _ => None,
    }
}

/// Whether `id` is one this pass writes (the sanitiser keeps only these).
pub(super) fn is_footnote_id(id: &str) -> bool {
    let numbers = |rest: &str, most: usize| {
        let parts: Vec<&str> = rest.split(':').collect();
        parts.len() <= most && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    match (id.strip_prefix("fn:"), id.strip_prefix("fnref:")) {
        (Some(rest), _) => numbers(rest, 1),
        (_, Some(rest)) => numbers(rest, 2),
        _ => false,
    }
}

/// One `↩` per reference, the later ones numbered as GitHub shows them.
fn back_links(base: &Url, number: usize, references: usize) -> String {
    (0..references)
        .map(|earlier| {
            let href = fragment_url(base, &reference_id(number, earlier));
            // U+FE0E asks for the text arrow, not an emoji, as goldmark does.
            let label = match earlier {
                0 => String::new(),
                _ => format!("<sup>{}</sup>", earlier + 1),
            };
            format!("<a href=\"{}\" class=\"footnote-backref\">\u{21A9}\u{FE0E}{label}</a>", escape_html(&href))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fragment_url(base: &Url, fragment: &str) -> String {
    let mut url = base.clone();
    url.set_fragment(Some(fragment));
    url.into()
}

#[cfg(test)]
#[path = "footnotes_tests.rs"]
mod tests;
