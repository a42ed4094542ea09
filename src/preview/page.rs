//! The preview page: one self-contained HTML file (inline CSS, no script, no
//! external asset) that works from `file://`. Every piece of post text is
//! escaped: a title may hold `<script>`.

use std::fmt::Write;

use super::platforms::{Fit, Platform, PLATFORMS};
use crate::diagnostic::{Diagnostic, Severity};

const STYLE: &str = include_str!("page.css");

/// One post on the page.
pub struct Entry<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub source: String,
    pub description: &'a str,
    /// The domain a shared link shows: the post's permalink's host.
    pub domain: &'a str,
    pub card: Option<CardFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A card written beside the page.
pub struct CardFile {
    /// Relative to the page: `cards/<slug>.png`.
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
}

/// The whole page; `site` holds the problems that belong to no shown post.
pub fn render(site_title: &str, entries: &[Entry], site: &[Diagnostic]) -> String {
    let mut html = String::with_capacity(4096 + entries.len() * 4096);
    let title = escape(site_title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Cards of {title} · feedcard preview</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"page\">\n<h1>Cards of {title}</h1>\n<p>{} post{}. Each card at full size, then as \
         five sites show it when the post is shared.</p>\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" }
    );
    html.push_str("<ul class=\"rules\">\n");
    for platform in &PLATFORMS {
        let _ = writeln!(html, "<li><strong>{}</strong>: {}</li>", platform.name, escape(platform.source));
    }
    html.push_str("</ul>\n");
    if !site.is_empty() {
        html.push_str("<section class=\"site-problems\">\n<h2>The site</h2>\n");
        diagnostics(&mut html, site, true);
        html.push_str("</section>\n");
    }
    html.push_str("</header>\n<main>\n");
    for entry in entries {
        post(&mut html, entry);
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

fn post(html: &mut String, entry: &Entry) {
    let _ = write!(
        html,
        "<article class=\"post\" id=\"post-{slug}\" data-slug=\"{slug}\">\n<h2 class=\"post-title\">{}</h2>\n\
         <p class=\"source\">{}</p>\n",
        escape(entry.title),
        escape(&entry.source),
        slug = escape(entry.slug),
    );
    diagnostics(html, &entry.diagnostics, false);
    let Some(card) = &entry.card else {
        html.push_str("<p class=\"no-card\">No card: see the problems above.</p>\n</article>\n");
        return;
    };
    let (src, alt) = (escape(&card.path), escape(entry.title));
    let _ = write!(
        html,
        "<figure class=\"full\">\n<img src=\"{src}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\">\n\
         <figcaption>Full size: {w} × {h} px, {kb} KB</figcaption>\n</figure>\n<div class=\"frames\">\n",
        w = card.width,
        h = card.height,
        kb = card.bytes.div_ceil(1024),
    );
    for platform in &PLATFORMS {
        frame(html, platform, entry, card, &src, &alt);
    }
    html.push_str("</div>\n</article>\n");
}

/// One site's link card, mocked: the image box cropped or scaled as the site
/// does, and the title, domain and description where it puts them.
fn frame(html: &mut String, platform: &Platform, entry: &Entry, card: &CardFile, src: &str, alt: &str) {
    let ratio = platform.ratio(card.width, card.height);
    let width = platform.image_width(card.width, card.height);
    let fit = match platform.fit {
        Fit::Crop(_) => "cover",
        Fit::Within { .. } => "contain",
    };
    let (domain, title, description) = (escape(entry.domain), escape(entry.title), escape(entry.description));
    let _ = write!(
        html,
        "<section class=\"frame {key}\" data-platform=\"{key}\" data-ratio=\"{ratio:.4}\">\n\
         <h3 class=\"frame-name\">{name}</h3>\n<div class=\"unfurl\">\n",
        key = platform.key,
        name = platform.name,
    );
    let image = format!(
        "<div class=\"frame-image\" style=\"aspect-ratio: {ratio:.4}; width: {width:.1}px\">\
         <img src=\"{src}\" alt=\"{alt}\" style=\"object-fit: {fit}\">{}</div>\n",
        if platform.key == "x" { format!("<span class=\"overlay\">{domain}</span>") } else { String::new() }
    );
    let text = match platform.key {
        "mastodon" => format!(
            "<div class=\"text\"><span class=\"domain\">{domain}</span><strong class=\"title\">{title}</strong>\
             <span class=\"description\">{description}</span></div>\n"
        ),
        "bluesky" => format!(
            "<div class=\"text\"><strong class=\"title\">{title}</strong><span class=\"description\">{description}</span>\
             <span class=\"domain\">{domain}</span></div>\n"
        ),
        "linkedin" => {
            format!("<div class=\"text\"><strong class=\"title\">{title}</strong><span class=\"domain\">{domain}</span></div>\n")
        }
        // Slack: the site, the title as a link, the description, then the image.
        "slack" => format!(
            "<div class=\"text\"><span class=\"domain\">{domain}</span><strong class=\"title\">{title}</strong>\
             <span class=\"description\">{description}</span></div>\n"
        ),
        _ => String::new(),
    };
    if platform.key == "slack" {
        html.push_str(&text);
        html.push_str(&image);
    } else {
        html.push_str(&image);
        html.push_str(&text);
    }
    html.push_str("</div>\n");
    if platform.key == "x" {
        let _ = writeln!(html, "<p class=\"from\">From {domain}</p>");
    }
    html.push_str("</section>\n");
}

fn diagnostics(html: &mut String, list: &[Diagnostic], with_file: bool) {
    if list.is_empty() {
        return;
    }
    html.push_str("<ul class=\"problems\">\n");
    for diagnostic in list {
        let (class, label) = match diagnostic.severity {
            Severity::Error => ("error", "error"),
            Severity::Warning => ("warning", "warning"),
            Severity::Notice => ("notice", "note"),
        };
        let place = match (with_file, diagnostic.line) {
            (true, Some(line)) => format!("{}:{line}: ", diagnostic.file.display()),
            (true, None) => format!("{}: ", diagnostic.file.display()),
            (false, Some(line)) => format!("line {line}: "),
            (false, None) => String::new(),
        };
        let _ = write!(
            html,
            "<li class=\"{class}\"><span class=\"label\">{label}</span> {}{}",
            escape(&place),
            escape(&diagnostic.message)
        );
        if let Some(help) = &diagnostic.help {
            let _ = write!(html, " <span class=\"help\">({})</span>", escape(help));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
}

/// Post text for element content and double-quoted attribute values.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    crate::feed::xml_text::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_text_is_escaped_everywhere() {
        let hostile = "<script>alert(\"x\")</script> & 'q'";
        let entry = Entry {
            title: hostile,
            slug: "a",
            source: "posts/<b>.md".into(),
            description: hostile,
            domain: "blog.example.com",
            card: Some(CardFile { path: "cards/a.png".into(), width: 1200, height: 630, bytes: 2048 }),
            diagnostics: vec![Diagnostic::warning("posts/a.md", Some(2), "<i>bad</i>").with_help("<u>fix</u>")],
        };
        let html = render("<Site>", &[entry], &[Diagnostic::error("<x>.md", None, "<y>")]);
        for raw in ["<script", "<b>", "<i>", "<u>", "<Site>", "<x>", "<y>"] {
            assert!(!html.contains(raw), "{raw} left unescaped");
        }
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'"));
        assert_eq!(html.matches("<section class=\"frame ").count(), 5);
    }
}
