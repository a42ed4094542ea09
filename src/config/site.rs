//! The site part of the settings: which generator, and what its own config
//! files say (URL, title, time zone), merged under feedcard.yaml and the
//! command line.

use std::path::{Path, PathBuf};

use super::ConfigError;
use crate::site::{self, Detected, Generator, SiteError, SiteSettings};

impl From<SiteError> for ConfigError {
    fn from(error: SiteError) -> ConfigError {
        ConfigError { file: Some(error.file), line: error.line, message: error.message }
    }
}

/// The generator named in feedcard.yaml, else the one found from the site's
/// config files; `None` for a plain folder of posts.
pub(super) fn find_generator(named: Option<&str>, root: &Path) -> Result<Option<Detected>, ConfigError> {
    match named {
        Some(name) => {
            let generator = Generator::from_name(name).ok_or_else(|| {
                let names: Vec<_> = Generator::ALL.iter().map(|g| g.name()).collect();
                ConfigError::new(format!(
                    "generator `{name}` is not one feedcard knows (use one of: {})",
                    names.join(", ")
                ))
            })?;
            Ok(site::load(generator, root)?)
        }
        None => Ok(site::detect(root).transpose()?),
    }
}

/// `https://NAME/` from a GitHub Pages `CNAME` file, where the site has one.
pub(super) fn url_from_cname(root: &Path) -> Option<(String, PathBuf)> {
    ["CNAME", "static/CNAME", "public/CNAME", "source/CNAME", "src/CNAME"].iter().find_map(|name| {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).ok()?;
        let host = text.lines().map(str::trim).find(|line| !line.is_empty())?;
        let valid = !host.contains(['/', ' ', ':']) && host.contains('.');
        valid.then(|| (format!("https://{host}/"), path))
    })
}

/// The URL the site's own files give, with the file it came from; a URL
/// that is not a public http(s) address (`/`, `http://localhost:1313/`)
/// counts as none, and the reason is kept for the error message.
pub(super) fn usable_url(settings: &SiteSettings) -> Result<Option<String>, String> {
    let Some(url) = settings.url.as_deref() else { return Ok(None) };
    let parsed = url::Url::parse(url.trim());
    let local = |host: &str| host == "localhost" || host.starts_with("127.") || host == "0.0.0.0";
    match parsed {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !local(h)) => {
            Ok(Some(url.trim().to_string()))
        }
        _ => {
            let from =
                settings.sources.iter().find(|(key, _)| *key == "url").map(|(_, file)| file.display().to_string());
            Err(format!(
                "{} gives the site's address as `{url}`, which is not a public web address",
                from.unwrap_or_default()
            ))
        }
    }
}
