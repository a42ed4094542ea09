//! The few Liquid output expressions posts use to build addresses, evaluated
//! as Jekyll and Eleventy do, so a link or image written with them keeps
//! working in the feed: `{{ site.url }}`, `{{ site.baseurl }}`,
//! `{{ "/img/a.png" | relative_url }}`, `| absolute_url`, Eleventy's `| url`,
//! `| prepend: site.baseurl`, and the site's and page's titles. Anything
//! else is `None` and the caller removes the construct.

use url::Url;

/// What an expression may read.
pub(super) struct Vars<'a> {
    /// The site's address, base path included (`https://a.example/blog/`).
    pub site_url: &'a Url,
    pub site_title: &'a str,
    pub page_title: &'a str,
    pub page_url: &'a Url,
    /// The post's front-matter values: `page.key` in Jekyll, `key` alone in
    /// Eleventy (`bare_front_keys`), whose data cascade puts them at the top.
    pub front: &'a [(String, String)],
    pub bare_front_keys: bool,
}

impl Vars<'_> {
    /// Jekyll's `site.url`: scheme and host, no path, no trailing slash.
    fn origin(&self) -> String {
        self.site_url.origin().ascii_serialization()
    }

    /// Jekyll's `site.baseurl` (Eleventy's path prefix): `` or `/blog`.
    fn base_path(&self) -> &str {
        self.site_url.path().trim_end_matches('/')
    }

    fn variable(&self, name: &str) -> Option<String> {
        Some(match name {
            "site.url" => self.origin(),
            "site.baseurl" => self.base_path().to_string(),
            "site.title" => self.site_title.to_string(),
            "page.title" | "post.title" => self.page_title.to_string(),
            "page.url" | "post.url" => self.page_url.path().to_string(),
            _ => {
                // Eleventy's `page` holds only its own keys (url, date, …).
                let key = match (name.strip_prefix("page."), self.bare_front_keys) {
                    (Some(key), false) => key,
                    (None, true) => name,
                    _ => return None,
                };
                self.front.iter().find(|(k, _)| k == key)?.1.clone()
            }
        })
    }

    /// A quoted string or a variable this module knows.
    fn operand(&self, text: &str) -> Option<String> {
        let text = text.trim();
        let quoted = ['"', '\''].iter().find_map(|q| text.strip_prefix(*q)?.strip_suffix(*q));
        match quoted {
            Some(inner) => Some(inner.to_string()),
            None => self.variable(text),
        }
    }

    /// `path` under the base path, as `relative_url` writes it.
    fn relative(&self, path: &str) -> String {
        if path.contains("://") || path.starts_with("//") {
            return path.to_string();
        }
        format!("{}/{}", self.base_path(), path.trim_start_matches('/'))
    }
}

/// The value of `inner` (what stands between `{{` and `}}`), if every part
/// of it is known.
pub(super) fn output(inner: &str, vars: &Vars<'_>) -> Option<String> {
    let mut parts = inner.split('|');
    let mut value = vars.operand(parts.next()?)?;
    for filter in parts {
        let (name, argument) = match filter.split_once(':') {
            Some((name, argument)) => (name.trim(), Some(argument)),
            None => (filter.trim(), None),
        };
        value = match (name, argument) {
            ("relative_url" | "url", None) => vars.relative(&value),
            ("absolute_url", None) => {
                let relative = vars.relative(&value);
                if relative.contains("://") {
                    relative
                } else {
                    format!("{}{relative}", vars.origin())
                }
            }
            ("prepend", Some(argument)) => vars.operand(argument)? + &value,
            ("append", Some(argument)) => value + &vars.operand(argument)?,
            _ => return None,
        };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(inner: &str, site: &str) -> Option<String> {
        let site_url = Url::parse(site).unwrap();
        let page_url = site_url.join("2024/01/02/hello/").unwrap();
        let front = [("external_url".to_string(), "https://c.example/x".to_string())];
        let vars = Vars {
            site_url: &site_url,
            site_title: "My Blog",
            page_title: "Hello",
            page_url: &page_url,
            front: &front,
            bare_front_keys: false,
        };
        output(inner, &vars)
    }

    #[test]
    fn addresses_resolve_as_jekyll_writes_them() {
        let at_root = "https://a.example/";
        let under = "https://a.example/blog/";
        assert_eq!(eval(" site.url ", under).as_deref(), Some("https://a.example"));
        assert_eq!(eval(" site.baseurl ", at_root).as_deref(), Some(""));
        assert_eq!(eval(" site.baseurl ", under).as_deref(), Some("/blog"));
        assert_eq!(eval(r#" "/img/a.png" | relative_url "#, under).as_deref(), Some("/blog/img/a.png"));
        assert_eq!(eval(" 'img/a.png' | absolute_url ", under).as_deref(), Some("https://a.example/blog/img/a.png"));
        assert_eq!(eval(" '/img/a.png' | url ", at_root).as_deref(), Some("/img/a.png"));
        assert_eq!(eval(" '/x/' | prepend: site.baseurl ", under).as_deref(), Some("/blog/x/"));
        assert_eq!(eval(" site.url | append: '/feed.xml' ", at_root).as_deref(), Some("https://a.example/feed.xml"));
        assert_eq!(eval(" 'https://b.example/x' | absolute_url ", under).as_deref(), Some("https://b.example/x"));
        assert_eq!(eval(" page.title ", at_root).as_deref(), Some("Hello"));
        assert_eq!(eval(" page.url ", under).as_deref(), Some("/blog/2024/01/02/hello/"));
        assert_eq!(eval(" page.external_url ", under).as_deref(), Some("https://c.example/x"));
        // Jekyll has no bare front-matter names; Eleventy has (tested in templates_tests).
        assert_eq!(eval(" external_url ", under), None);
    }

    #[test]
    fn anything_unknown_is_left_to_the_caller() {
        for inner in [" site.author ", " page.title | upcase ", " 'a' | prepend: site.nope ", " 'unclosed ", ""] {
            assert_eq!(eval(inner, "https://a.example/"), None, "{inner}");
        }
    }
}
