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
        let mut items = Vec::new();
        let mut chars = text.trim().chars().peekable();
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if chars.peek().is_none() {
                break;
            }
            let mut name = None;
            let mut value = String::new();
            loop {
                match chars.peek().copied() {
                    None => break,
                    Some(c) if c.is_whitespace() => break,
                    Some(quote @ ('"' | '`' | '\'')) => {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
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
        "youtube" => embed(&format!("https://www.youtube.com/watch?v={}", id(args.either("id", 0))?), "YouTube", args),
        "vimeo" => embed(&format!("https://vimeo.com/{}", id(args.either("id", 0))?), "Vimeo", args),
        "gist" => {
            let (user, gist) = (id(args.either("user", 0))?, id(args.either("id", 1))?);
            link(&format!("https://gist.github.com/{user}/{gist}"), &format!("Gist {user}/{gist}"))
        }
        "x" | "tweet" | "twitter" => {
            let (user, status) = (id(args.named("user"))?, id(args.named("id"))?);
            link(&format!("https://x.com/{user}/status/{status}"), &format!("Post by @{user}"))
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

fn embed(url: &str, site: &str, args: &Args) -> Option<String> {
    let text = args.named("title").map_or_else(|| format!("Watch on {site}"), |title| format!("{title} ({site})"));
    link(url, &text)
}

fn link(url: &str, text: &str) -> Option<String> {
    Some(format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(text)))
}

/// An id safe to put in a URL path as is.
fn id(value: Option<&str>) -> Option<&str> {
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
