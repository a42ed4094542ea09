//! The template constructs of a site's dialect, rendered or removed before
//! the Markdown is rendered: Liquid and Nunjucks tags and output (Jekyll,
//! Eleventy; Zola's shortcodes look the same), Hugo shortcodes, kramdown
//! attribute lists. A paired construct that is removed keeps what it wraps.
//! Text in code blocks and inline code (as pulldown-cmark finds them) is
//! never touched, but for the `{% raw %}` markers Liquid consumes there.
//! This file scans; the Liquid tags ([`liquid_tags`]) and kramdown's syntax
//! ([`kramdown`]) are handled in their own.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use super::liquid::{self, Vars};
use super::shortcodes::{self, Args};

/// Which template syntaxes a site's bodies use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dialect {
    /// Liquid / Nunjucks tags `{% name … %}`.
    pub tags: bool,
    /// Liquid output `{{ … }}`: every one, or (plain folders) only those
    /// that read a Liquid object or apply a filter.
    pub output: Output,
    /// Nunjucks comments `{# … #}` (Eleventy).
    pub comments: bool,
    /// Hugo shortcodes `{{< … >}}` and `{{% … %}}`.
    pub shortcodes: bool,
    /// kramdown attribute lists and extensions `{: .class}`, `{::comment}`.
    pub kramdown: bool,
    /// Liquid runs before the Markdown (Jekyll, Eleventy), so it consumes
    /// `{% raw %}…{% endraw %}` in code too.
    pub raw_in_code: bool,
}

/// Which `{{ … }}` are template output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Output {
    #[default]
    None,
    /// `{{ site.title }}`, `{{ page.x | y }}`: clearly Liquid.
    Liquid,
    All,
}

impl Dialect {
    pub fn of(generator: crate::site::Generator) -> Dialect {
        use crate::site::Generator::*;
        let liquid = Dialect { tags: true, output: Output::All, ..Dialect::default() };
        match generator {
            Jekyll => Dialect { kramdown: true, raw_in_code: true, ..liquid },
            Eleventy => Dialect { comments: true, raw_in_code: true, ..liquid },
            Zola => liquid,
            Hugo => Dialect { shortcodes: true, ..Dialect::default() },
            // No generator: only what is clearly a template construct.
            Plain => Dialect {
                tags: true,
                output: Output::Liquid,
                shortcodes: true,
                kramdown: true,
                comments: false,
                raw_in_code: false,
            },
            // Their Markdown posts are not templates.
            Astro | RenderEngine => Dialect::default(),
        }
    }
}

/// A body with its template constructs rendered or removed.
pub(super) struct Applied {
    pub body: String,
    /// A label per removed construct (`{% include %}`), in order.
    pub removed: Vec<String>,
}

/// Resolves a post named by a template to its absolute URL.
pub(super) type Resolve<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// `None` when the body holds no construct of the dialect. Without `vars`,
/// every Liquid output `{{ … }}` is removed.
pub(super) fn apply(body: &str, dialect: Dialect, resolve: &Resolve<'_>, vars: Option<&Vars<'_>>) -> Option<Applied> {
    let mut scan = Scan {
        body,
        dialect,
        resolve,
        vars,
        code: None,
        next_code: 0,
        out: String::new(),
        removed: Vec::new(),
        figures: Vec::new(),
    };
    let mut at = 0;
    let mut copied = 0;
    while let Some(rel) = body.get(at..).and_then(|rest| rest.find('{')) {
        let start = at + rel;
        if !scan.may_open(start) {
            at = start + 1;
            continue;
        }
        if let Some(code_end) = scan.in_code(start) {
            if !scan.raw_in_code(start) {
                at = code_end;
                continue;
            }
        }
        match scan.construct(start, copied) {
            Some(end) => {
                at = end;
                copied = end;
            }
            None => at = start + 1,
        }
    }
    if copied == 0 && scan.out.is_empty() {
        return None;
    }
    scan.out.push_str(&body[copied..]);
    Some(Applied { body: scan.out, removed: scan.removed })
}

struct Scan<'a, 'r> {
    body: &'a str,
    dialect: Dialect,
    resolve: &'a Resolve<'r>,
    vars: Option<&'a Vars<'a>>,
    /// Byte ranges of code blocks and code spans, found on first need.
    code: Option<Vec<Range<usize>>>,
    next_code: usize,
    out: String,
    removed: Vec<String>,
    /// What each open `{% figure %}` closes with (its caption).
    figures: Vec<String>,
}

impl Scan<'_, '_> {
    /// Whether the `{` at `at` starts a construct of the dialect.
    fn may_open(&self, at: usize) -> bool {
        let d = self.dialect;
        match self.body.as_bytes().get(at + 1) {
            Some(b'%') => d.tags,
            Some(b'{') => d.output != Output::None || d.shortcodes,
            Some(b'#') => d.comments,
            Some(b':') => d.kramdown,
            _ => false,
        }
    }

    /// The end of the code block or span that holds `at`, if one does.
    fn in_code(&mut self, at: usize) -> Option<usize> {
        let body = self.body;
        let code = self.code.get_or_insert_with(|| code_ranges(body));
        while code.get(self.next_code).is_some_and(|range| range.end <= at) {
            self.next_code += 1;
        }
        code.get(self.next_code).filter(|range| range.start <= at).map(|range| range.end)
    }

    /// Handles the construct at `start`, if it is one: copies the text
    /// before it, writes what it renders to and returns where it ends.
    fn construct(&mut self, start: usize, copied: usize) -> Option<usize> {
        let body = self.body;
        let rest = &body[start..];
        let d = self.dialect;
        let (replacement, end) = if d.shortcodes && (rest.starts_with("{{<") || rest.starts_with("{{%")) {
            self.shortcode(start)?
        } else if d.tags && rest.starts_with("{%") {
            self.tag(start)?
        } else if d.output != Output::None && rest.starts_with("{{") {
            let (inner, end) = delimited(body, start, "{{", "}}", false)?;
            let inner = inner.trim_matches('-').trim();
            let liquid =
                ["site.", "page.", "post.", "include.", "layout.", "jekyll."].iter().any(|p| inner.starts_with(p))
                    || inner.contains(" | ");
            if inner.is_empty() || !(d.output == Output::All || liquid) || !starts_like_expression(inner) {
                return None;
            }
            match self.vars.and_then(|vars| liquid::output(inner, vars)) {
                Some(value) => (Replacement::Text(value), end),
                None => self.remove(format!("{{{{ {} }}}}", first_word(inner)), end),
            }
        } else if d.comments && rest.starts_with("{#") {
            let (_, end) = delimited(body, start, "{#", "#}", true)?;
            self.removed.push("{# #}".to_string());
            (Replacement::None, end)
        } else if d.kramdown && rest.starts_with("{:") {
            self.kramdown(start)?
        } else {
            return None;
        };
        self.out.push_str(&body[copied..start]);
        match replacement {
            Replacement::None => {}
            Replacement::Text(text) => self.out.push_str(&text),
            Replacement::Code { lang, code } => push_fence(&mut self.out, &lang, &code),
            Replacement::Block(html) => push_block(&mut self.out, &html),
        }
        Some(end)
    }

    /// `{{< name args >}}`, `{{% name %}}`, their closes and `{{</* */>}}`.
    fn shortcode(&mut self, start: usize) -> Option<(Replacement, usize)> {
        let (open, close) = if self.body[start..].starts_with("{{<") { ("{{<", ">}}") } else { ("{{%", "%}}") };
        let (inner, end) = delimited(self.body, start, open, close, false)?;
        let inner = inner.trim();
        // `{{</* figure */>}}` is how Hugo writes a shortcode as text.
        if let Some(shown) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
            return Some((Replacement::Text(format!("`{open} {} {close}`", shown.trim())), end));
        }
        if let Some(closing) = inner.strip_prefix('/') {
            return valid_name(closing.trim()).then_some((Replacement::None, end));
        }
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if !valid_name(name) {
            return None;
        }
        let label = format!("{open} {name} {close}");
        if name == "highlight" || name == "mermaid" {
            return Some(match find_shortcode_close(self.body, end, name) {
                Some((close_at, after)) => {
                    let args = Args::parse(args);
                    let lang = if name == "mermaid" { Some(name) } else { args.positional(0) };
                    (Replacement::code(lang.unwrap_or(""), &self.body[end..close_at]), after)
                }
                None => self.remove(label, end),
            });
        }
        Some(match shortcodes::render(name, &Args::parse(args), self.resolve) {
            Some(html) => (Replacement::Text(html), end),
            None => self.remove(label, end),
        })
    }

    fn remove(&mut self, label: String, end: usize) -> (Replacement, usize) {
        self.removed.push(label);
        (Replacement::None, end)
    }
}

enum Replacement {
    None,
    Text(String),
    Code {
        lang: String,
        code: String,
    },
    /// Raw HTML lines, on lines of their own and followed by a blank line
    /// (where an HTML block ends), so the Markdown around stays Markdown.
    Block(String),
}

impl Replacement {
    fn code(lang: &str, code: &str) -> Replacement {
        let lang = lang.chars().filter(|c| c.is_alphanumeric() || "-+_#.".contains(*c)).collect();
        Replacement::Code { lang, code: code.to_string() }
    }
}

/// The text between `open` at `at` and the next `close`, and the end of the
/// construct. It stays within one paragraph unless `multi_paragraph`.
fn delimited<'a>(body: &'a str, at: usize, open: &str, close: &str, multi_paragraph: bool) -> Option<(&'a str, usize)> {
    let start = at + open.len();
    let len = body.get(start..)?.find(close)?;
    let inner = &body[start..start + len];
    if !multi_paragraph && (inner.len() > 4096 || inner.contains("\n\n") || inner.contains("\n\r\n")) {
        return None;
    }
    Some((inner, start + len + close.len()))
}

/// A tag's name and arguments: `include_cached x.html` → (`include_cached`, `x.html`).
/// Zola writes `{% note(kind="x") %}`.
fn tag_parts(inner: &str) -> Option<(&str, &str)> {
    let inner = inner.trim_matches('-').trim();
    let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let (name, args) = inner.split_at(name_len);
    let first = name.chars().next()?;
    (first.is_ascii_alphabetic() || first == '_').then_some((name, args.trim()))
}

/// The next `{% name %}` at or after `from`: its start and end.
fn find_tag(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(rel) = body.get(at..)?.find("{%") {
        let start = at + rel;
        if let Some((inner, end)) = delimited(body, start, "{%", "%}", false) {
            if tag_parts(inner).is_some_and(|(found, _)| found == name) {
                return Some((start, end));
            }
        }
        at = start + 2;
    }
    None
}

/// The next `{{< /name >}}` or `{{% /name %}}` at or after `from`.
fn find_shortcode_close(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(rel) = body.get(at..)?.find("{{") {
        let start = at + rel;
        let delimiters = match body.as_bytes().get(start + 2) {
            Some(b'<') => Some(("{{<", ">}}")),
            Some(b'%') => Some(("{{%", "%}}")),
            _ => None,
        };
        if let Some((inner, end)) = delimiters.and_then(|(open, close)| delimited(body, start, open, close, false)) {
            if inner.trim().strip_prefix('/').is_some_and(|closing| closing.trim() == name) {
                return Some((start, end));
            }
        }
        at = start + 2;
    }
    None
}

/// A shortcode name as Hugo's lexer reads it: a letter, digit or `_`
/// first (`26_disclaimer` is one), then those, `-`, `/` (namespaces) and
/// `.` (`name.inline`).
fn valid_name(name: &str) -> bool {
    let word = |c: char| {
        c == '_'
            || c.general_category_group() == GeneralCategoryGroup::Letter
            || c.general_category() == GeneralCategory::DecimalNumber
    };
    name.chars().next().is_some_and(word) && name.chars().all(|c| word(c) || "-/.".contains(c))
}

fn starts_like_expression(inner: &str) -> bool {
    inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || "_\"'[".contains(c))
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

/// A fenced code block, on lines of its own, with a fence longer than any
/// backtick run in the code.
fn push_fence(out: &mut String, lang: &str, code: &str) {
    let indent = start_block(out);
    let code = code.trim_start_matches(['\r', '\n']).trim_end();
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    out.push_str(&format!("{fence}{lang}\n"));
    for line in code.lines() {
        if !line.is_empty() && !line.starts_with(&indent) {
            out.push_str(&indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!("{indent}{fence}\n"));
}

fn push_block(out: &mut String, html: &str) {
    let indent = start_block(out);
    for (i, line) in html.lines().enumerate() {
        if i > 0 {
            out.push_str(&indent);
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

/// Starts a line in `out` for a block and returns the indent its lines
/// take, the current line's: a construct in an indented line (inside a list
/// item) gives a block with the same indent, so the list goes on around it.
fn start_block(out: &mut String) -> String {
    let line_start = out.rfind('\n').map_or(0, |n| n + 1);
    let line = &out[line_start..];
    let indent = line[..line.len() - line.trim_start_matches([' ', '\t']).len()].to_string();
    if indent.len() < line.len() {
        out.push('\n');
        out.push_str(&indent);
    }
    indent
}

/// Where the Markdown has code blocks and code spans.
pub(super) fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, super::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range)
        .collect()
}

#[path = "kramdown.rs"]
mod kramdown;
#[path = "liquid_tags.rs"]
mod liquid_tags;

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
