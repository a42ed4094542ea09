//! Settings that work but are probably a mistake: warnings, not errors.

use super::Config;
use crate::diagnostic::Diagnostic;
use std::path::Path;
use url::Url;

/// A user name or password in an address (`https://user:pass@host/`):
/// every feed reader, and everyone who reads the feed, would see it.
pub(crate) fn has_credentials(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// Warnings about the site URL, naming where it came from.
pub(crate) fn site_url_warnings(config: &Config) -> Vec<Diagnostic> {
    if !has_credentials(&config.site.url) {
        return Vec::new();
    }
    let from = config.origins.iter().find(|(key, _)| *key == "url").map_or("the site URL", |(_, from)| from.as_str());
    vec![Diagnostic::warning(
        Path::new(from),
        None,
        "the site URL holds a user name or password (`user:pass@`), which every feed would publish",
    )
    .with_help("remove the `user:pass@` part from the site URL")]
}
