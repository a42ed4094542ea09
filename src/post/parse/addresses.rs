//! The post's addresses: its external link, its permalink and its image,
//! each checked; a bad image only warns.

use serde_yaml::Value;
use url::Url;

use super::PostReader;
use crate::diagnostic::Diagnostic;
use crate::post::front_matter::{describe, Field};
use crate::post::tags::scalar_text;

impl<'a> PostReader<'a> {
    /// `image:` as text, or as the map themes write (`image: {path: …}` for
    /// jekyll-seo-tag, `{feature: …, thumbnail: …}` for Minimal Mistakes);
    /// any other shape is a warning: an image is never worth failing a post.
    pub(super) fn image_field(&mut self) -> Option<(&'a Field, String)> {
        let field = self.field("image")?;
        let text = match &field.value {
            Value::Mapping(map) => ["path", "url", "src", "feature", "og_image", "image"]
                .iter()
                .find_map(|key| map.get(*key).and_then(scalar_text))
                .or_else(|| map.values().find_map(scalar_text).filter(|_| map.len() == 1)),
            value => scalar_text(value),
        };
        match text.map(|t| t.trim().to_string()) {
            Some(text) if !text.is_empty() => Some((field, text)),
            Some(_) => None,
            None => {
                self.warnings.push(
                    Diagnostic::warning(
                        self.source,
                        Some(field.line),
                        format!("`image` is {}, not an address; the post is used without it", describe(&field.value)),
                    )
                    .with_help("write `image: cover.png`, or a map with `path:` (as jekyll-seo-tag reads it)"),
                );
                None
            }
        }
    }

    pub(super) fn link(&mut self) -> Option<Url> {
        let (field, text) = self.text_field("link")?;
        let problem = match Url::parse(&text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
                self.check_link(field, &text, &url);
                return Some(url);
            }
            Ok(url) => format!("is `{text}`, but only http and https links are allowed, not `{}:`", url.scheme()),
            Err(e) => format!("is `{text}`, which is not a full web address ({e})"),
        };
        self.error(
            field,
            problem,
            "write the full address of the page the post is about, like `https://example.org/page/`",
        );
        None
    }

    /// A link that works but is likely a mistake: a warning each.
    pub(super) fn check_link(&mut self, field: &Field, text: &str, url: &Url) {
        let mut warn = |message: String, help: &str| {
            self.warnings.push(Diagnostic::warning(self.source, Some(field.line), message).with_help(help));
        };
        if text.contains(['\n', '\r']) {
            // URL parsing drops line breaks without a word.
            warn(
                format!("`{}` has a line break inside; it was removed, giving {url}", field.key),
                "write the address on one line",
            );
        }
        if crate::config::has_credentials(url) {
            warn(
                format!("`{}` holds a user name or password (`user:pass@`), which every feed would publish", field.key),
                "remove the `user:pass@` part from the link",
            );
        }
    }

    /// The site URL joined with the path the site's rules give.
    pub(super) fn permalink(&mut self, path: Result<String, String>) -> Option<Url> {
        let joined = path.and_then(|path| self.config.site_url_for(&path));
        match joined {
            Ok(url) => Some(url),
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(self.source, None, format!("cannot make the post's address: {e}"))
                        .with_help("check `permalink` and `site.url` in feedcard.yaml, or the post's own `slug:`"),
                );
                None
            }
        }
    }

    /// A bad image only loses the image, so it is a warning.
    pub(super) fn image(&mut self, field: &Field, text: &str, permalink: &Url) -> Option<Url> {
        let problem = match permalink.join(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => return Some(url),
            Ok(url) => {
                format!("`image` is `{text}`, but only http and https images can be used, not `{}:`", url.scheme())
            }
            Err(e) => format!("`image` is `{text}`, which is not an address ({e})"),
        };
        self.warnings.push(
            Diagnostic::warning(self.source, Some(field.line), format!("{problem}; the post is used without it"))
                .with_help("write a full address or a path relative to the post, like `cover.png`"),
        );
        None
    }
}
