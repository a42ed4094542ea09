//! Hugo's built-in shortcodes that a feed reader can be shown, rendered as
//! Hugo documents them (an embed becomes a link: readers run no players).

use crate::feed::xml_text::escape_html;

/// A shortcode's arguments: `name="value"` pairs and positional values.
pub(super) struct Args {
    items: Vec<(Option<String>, String)>,
}

impl Args {
    /// Parses `src="a b.png" alt=x 'pos' \`raw\``.
    pub fn parse(text: &str) -> Args {
        Args::parse_with(text, false)
    }

    /// Liquid and Nunjucks tag arguments, which may also be written
    /// `"a", "b"` and `caption:"text"`.
    pub fn liquid(text: &str) -> Args {
        Args::parse_with(text, true)
    }

    fn parse_with(text: &str, liquid: bool) -> Args {
        let separates = |c: char| c.is_whitespace() || (liquid && c == ',');
        let mut items = Vec::new();
        let mut chars = text.trim().chars().peekable();
        loop {
            while chars.next_if(|c| separates(*c)).is_some() {}
            if chars.peek().is_none() {
                break;
            }
            let mut name = None;
            let mut value = String::new();
            loop {
                match chars.peek().copied() {
                    None => break,
                    Some(c) if separates(c) => break,
                    Some(quote @ ('"' | '`' | '\'')) => {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    // `key:"value"`, but not the `:` of `https://`.
                    Some(':') if liquid && name.is_none() && matches!(chars.clone().nth(1), Some('"' | '\'')) => {
                        chars.next();
                        name = Some(std::mem::take(&mut value));
                    }
                    Some('=') if name.is_none() => {
                        chars.next();
                        name = Some(std::mem::take(&mut value));
                    }
                    Some(c) => {
                        chars.next();
                        value.push(c);
                    }
                }
            }
            items.push((name, value));
        }
        Args { items }
    }

    pub fn named(&self, key: &str) -> Option<&str> {
        self.items.iter().find(|(name, _)| name.as_deref() == Some(key)).map(|(_, value)| value.as_str())
    }

    /// The first named value whose name ends with `suffix`, in any case
    /// (`id`, `video_id`, `videoId`).
    pub fn named_ending(&self, suffix: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(name, _)| name.as_ref().is_some_and(|n| n.to_ascii_lowercase().ends_with(suffix)))
            .map(|(_, value)| value.as_str())
    }

    pub fn positional(&self, at: usize) -> Option<&str> {
        self.items.iter().filter(|(name, _)| name.is_none()).nth(at).map(|(_, value)| value.as_str())
    }

    /// A named value, else the positional one at `at`.
    fn either(&self, key: &str, at: usize) -> Option<&str> {
        self.named(key).or_else(|| self.positional(at))
    }
}

/// The HTML of a self-contained shortcode Hugo ships, `None` for any other
/// (or one whose arguments are missing): it is then removed.
pub(super) fn render(name: &str, args: &Args, resolve: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match name {
        "figure" => figure(args),
        "youtube" => Some(Video::YouTube.link(id(args.either("id", 0))?, args.named("title"))),
        "vimeo" => Some(Video::Vimeo.link(id(args.either("id", 0))?, args.named("title"))),
        "gist" => {
            let (user, gist) = (id(args.either("user", 0))?, id(args.either("id", 1))?);
            Some(gist_link(&format!("{user}/{gist}")))
        }
        "x" | "tweet" | "twitter" => {
            let (user, status) = (id(args.named("user"))?, id(args.named("id"))?);
            Some(link(&format!("https://x.com/{user}/status/{status}"), &format!("Post by @{user}")))
        }
        "ref" | "relref" => args.either("path", 0).and_then(resolve).map(|url| escape_html(&url).into_owned()),
        _ => None,
    }
}

/// `<figure>` with its image (linked when `link` is given) and caption.
fn figure(args: &Args) -> Option<String> {
    let src = args.named("src").filter(|s| !s.trim().is_empty())?;
    let alt = args.named("alt").or(args.named("caption")).or(args.named("title")).unwrap_or("");
    let mut img = format!("<img src=\"{}\" alt=\"{}\">", escape_html(src.trim()), escape_html(alt));
    if let Some(href) = args.named("link").filter(|l| !l.trim().is_empty()) {
        img = format!("<a href=\"{}\">{img}</a>", escape_html(href.trim()));
    }
    let caption: Vec<&str> =
        [args.named("title"), args.named("caption")].into_iter().flatten().filter(|t| !t.trim().is_empty()).collect();
    let caption = if caption.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", escape_html(&caption.join(" — ")))
    };
    Some(format!("<figure>{img}{caption}</figure>"))
}

/// A video site whose embeds become links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Video {
    YouTube,
    Vimeo,
}

impl Video {
    /// `Watch on YouTube`, or `A talk (YouTube)` with a title, linked to
    /// the video's page. `id` must be safe in a URL path ([`id`]).
    pub fn link(self, id: &str, title: Option<&str>) -> String {
        let (url, site) = match self {
            Video::YouTube => (format!("https://www.youtube.com/watch?v={id}"), "YouTube"),
            Video::Vimeo => (format!("https://vimeo.com/{id}"), "Vimeo"),
        };
        let text = title.map_or_else(|| format!("Watch on {site}"), |title| format!("{title} ({site})"));
        link(&url, &text)
    }
}

/// `path` is `user/id` or `id`, each part safe in a URL path.
pub(super) fn gist_link(path: &str) -> String {
    link(&format!("https://gist.github.com/{path}"), &format!("Gist {path}"))
}

fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(text))
}

/// An id safe to put in a URL path as is.
pub(super) fn id(value: Option<&str>) -> Option<&str> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(name: &str, args: &str) -> Option<String> {
        render(name, &Args::parse(args), &|t| (t == "blog/x.md").then(|| "https://b.example/x/".to_string()))
    }

    #[test]
    fn arguments_quoted_named_and_positional() {
        let args = Args::parse(r#"src="a b.png" alt=x 'pos one' `raw "q"` k="""#);
        assert_eq!(args.named("src"), Some("a b.png"));
        assert_eq!(args.named("alt"), Some("x"));
        assert_eq!(args.positional(0), Some("pos one"));
        assert_eq!(args.positional(1), Some("raw \"q\""));
        assert_eq!(args.named("k"), Some(""));
    }

    #[test]
    fn built_in_shortcodes_render_as_hugo_documents_them() {
        assert_eq!(
            shown("figure", r#"src="/i.png" title="T" caption="A & B" link="/big.png""#).unwrap(),
            "<figure><a href=\"/big.png\"><img src=\"/i.png\" alt=\"A &amp; B\"></a><figcaption>T — A &amp; B</figcaption></figure>"
        );
        assert_eq!(
            shown("youtube", "w7Ft2ymGmfc").unwrap(),
            "<a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">Watch on YouTube</a>"
        );
        assert!(shown("vimeo", r#"id="146022717" title="A film""#).unwrap().contains("https://vimeo.com/146022717"));
        assert!(shown("gist", "spf13 7896402").unwrap().contains("https://gist.github.com/spf13/7896402"));
        assert_eq!(shown("ref", "\"blog/x.md\"").as_deref(), Some("https://b.example/x/"));
        assert_eq!(shown("relref", "missing.md"), None);
        assert_eq!(shown("youtube", "\"><script>"), None);
        assert_eq!(shown("figure", "alt=x"), None);
        assert_eq!(shown("speakerdeck", "abc"), None);
    }
}
