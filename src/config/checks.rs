//! Settings that work but are probably a mistake: warnings, not errors.

use super::Config;
use crate::card::{contrast_message, CardSettings};
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

/// A warning for each text colour below the minimum contrast on its
/// background, at the line of the colour the user set (presets all pass).
pub(crate) fn card_contrast_warnings(
    card: &CardSettings,
    config_file: &Path,
    colours_set: &[&str],
    theme_set: bool,
    line_of: impl Fn(&str) -> Option<usize>,
) -> Vec<Diagnostic> {
    let preset = crate::card::preset(card.theme_name).unwrap_or_default();
    let preset_pairs = preset.pairs();
    card.theme
        .low_contrast()
        .into_iter()
        .map(|pair| {
            let fg_set = colours_set.contains(&pair.fg_key);
            let key = if fg_set || !colours_set.contains(&pair.bg_key) { pair.fg_key } else { pair.bg_key };
            let line = line_of(key).or_else(|| line_of(if theme_set { "theme" } else { "" }));
            let message = format!("card: {}", contrast_message(&pair, &format!("the {}", pair.bg_key.replace('_', " "))));
            let theirs = preset_pairs.iter().find(|p| p.fg_key == pair.fg_key && p.bg_key == pair.bg_key);
            let help = match theirs {
                Some(p) if fg_set => format!(
                    "choose a card.{} that stands out from {}, or remove it to use the {} theme's {}",
                    pair.fg_key, pair.bg, card.theme_name, p.fg
                ),
                _ => format!(
                    "set card.{} to a colour that stands out from {}, or start from a theme that suits it (`theme: {}`)",
                    pair.fg_key,
                    pair.bg,
                    if pair.bg.luminance() > 0.179 { "light" } else { "dark" }
                ),
            };
            Diagnostic::warning(config_file, line, message).with_help(help)
        })
        .collect()
}
