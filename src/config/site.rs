//! The site part of the settings: which generator, and what its own config
//! files say (URL, title, time zone), merged under feedcard.yaml and the
//! command line.

use std::path::{Path, PathBuf};

use super::ConfigError;
use crate::site::{self, Detected, Generator, SiteError, SiteSettings};

impl From<SiteError> for ConfigError {
    fn from(error: SiteError) -> ConfigError {
        ConfigError { file: Some(error.file), line: error.line, message: error.message, more: Vec::new() }
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
        // A CNAME that is a named pipe or device would block; it is skipped.
        let bytes = crate::input_file::read_regular(&path, 4096).ok()?;
        let text = String::from_utf8(bytes).ok()?;
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

/// Records which source gave each site setting, as the settings are picked
/// in order of precedence.
pub(super) struct Origins<'a> {
    /// Where the generator's settings were read.
    found: Vec<(&'static str, PathBuf)>,
    config_file: Option<&'a str>,
    list: Vec<(&'static str, String)>,
}

impl<'a> Origins<'a> {
    pub(super) fn new(found: &SiteSettings, config_file: Option<&'a str>) -> Origins<'a> {
        Origins { found: found.sources.clone(), config_file, list: Vec::new() }
    }

    /// `value`, noting `from` as its source when there is one.
    pub(super) fn pick(&mut self, setting: &'static str, value: Option<String>, from: &str) -> Option<String> {
        if value.is_some() {
            self.list.push((setting, from.to_string()));
        }
        value
    }

    /// A value from feedcard.yaml.
    pub(super) fn pick_file(&mut self, setting: &'static str, value: Option<String>) -> Option<String> {
        let from = self.config_file.unwrap_or("feedcard.yaml").to_string();
        self.pick(setting, value, &from)
    }

    /// A value from the generator's own config files.
    pub(super) fn pick_found(&mut self, setting: &'static str, value: Option<String>) -> Option<String> {
        let from = self.found.iter().find(|(key, _)| *key == setting).map(|(_, file)| file.display().to_string());
        self.pick(setting, value, &from.unwrap_or_else(|| "the generator's config".to_string()))
    }

    /// Where `setting` was taken from, once picked.
    pub(super) fn source(&self, setting: &str) -> Option<&str> {
        self.list.iter().rev().find(|(key, _)| *key == setting).map(|(_, from)| from.as_str())
    }

    pub(super) fn into_list(self) -> Vec<(&'static str, String)> {
        self.list
    }
}

impl super::Config {
    /// What feedcard found out about the site, one line each: the generator
    /// and the file that told, every site setting and where it came from,
    /// and the generator's rules for posts and addresses.
    pub(crate) fn site_summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.push(match &self.detected {
            Some(Detected { generator, marker: Some(marker), .. }) => {
                format!("generator: {generator} (detected from {})", marker.display())
            }
            Some(Detected { generator, marker: None, .. }) => format!("generator: {generator} (from feedcard.yaml)"),
            None => "generator: none (a plain folder of posts)".to_string(),
        });
        let from = |setting: &str| {
            self.origins.iter().find(|(key, _)| *key == setting).map_or("default".to_string(), |(_, f)| f.clone())
        };
        let site = &self.site;
        lines.push(format!("site url: {} (from {})", site.url, from("url")));
        lines.push(format!("title: {} (from {})", site.title, from("title")));
        lines.push(format!("language: {} (from {})", site.language, from("language")));
        lines.push(format!("time zone: {} (from {})", site.timezone.name(), from("timezone")));
        lines.push(format!("posts under: {}", self.input.display()));
        lines.extend(self.rules.describe());
        lines.push(format!("tags from: {}", self.tag_keys.join(", ")));
        lines
    }

    /// One line for a build's output: which generator's rules were used.
    pub(crate) fn site_line(&self) -> Option<String> {
        let detected = self.detected.as_ref()?;
        let from = detected.marker.as_ref().map_or("feedcard.yaml".to_string(), |m| m.display().to_string());
        Some(format!("feedcard: {} site (from {from}) at {}", detected.generator, self.site.url))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Config, Overrides};
    use crate::site::temp_site as site;
    use crate::site::Generator;

    fn load(dir: &tempfile::TempDir) -> Result<Config, super::ConfigError> {
        Config::load(&Overrides { input: Some(dir.path().to_path_buf()), ..Overrides::default() })
    }

    const HUGO: (&str, &str) =
        ("hugo.toml", "baseURL = 'https://h.example/blog/'\ntitle = 'Hugo Site'\ntimeZone = 'Asia/Seoul'\n");

    #[test]
    fn the_generators_settings_fill_what_feedcard_yaml_leaves_out() {
        let dir = site(&[HUGO, ("feedcard.yaml", "site:\n  title: Mine\n")]);
        let config = load(&dir).unwrap();
        assert_eq!(config.generator, Generator::Hugo);
        assert_eq!(config.site.url.as_str(), "https://h.example/blog/");
        assert_eq!(config.site.title, "Mine");
        assert_eq!(config.site.timezone, chrono_tz::Asia::Seoul);
        let from = |key: &str| config.origins.iter().find(|(k, _)| *k == key).map(|(_, f)| f.clone()).unwrap();
        assert!(from("url").ends_with("hugo.toml"), "{:?}", config.origins);
        assert!(from("title").ends_with("feedcard.yaml"), "{:?}", config.origins);
    }

    #[test]
    fn feedcard_yaml_can_name_another_generator_or_none() {
        let dir = site(&[HUGO, ("feedcard.yaml", "generator: plain\nsite: {url: 'https://p.example/'}\n")]);
        assert_eq!(load(&dir).unwrap().generator, Generator::Plain);
        let dir = site(&[HUGO, ("feedcard.yaml", "generator: gatsby\n")]);
        let err = load(&dir).unwrap_err();
        assert!(err.message.contains("`gatsby`") && err.message.contains("hugo, jekyll"), "{err}");
        assert!(err.file.as_ref().is_some_and(|f| f.ends_with("feedcard.yaml")), "{err}");
    }

    #[test]
    fn an_input_folder_in_feedcard_yaml_keeps_a_plain_folder_of_posts() {
        let dir = site(&[HUGO, ("feedcard.yaml", "input: notes\nsite: {url: 'https://p.example/'}\n")]);
        let config = load(&dir).unwrap();
        assert_eq!(config.generator, Generator::Plain);
        assert!(config.input.ends_with("notes"));
    }

    #[test]
    fn a_local_or_relative_base_url_is_no_address_and_the_message_says_why() {
        let dir = site(&[("hugo.toml", "baseURL = 'http://localhost:1313/'\n")]);
        let err = load(&dir).unwrap_err();
        assert!(err.message.contains("not a public web address"), "{err}");
        assert!(err.message.contains("--site-url"), "{err}");
    }

    /// A bad URL is blamed on where it came from: the command line or the
    /// generator's file, not feedcard.yaml.
    #[test]
    fn a_bad_url_names_its_source() {
        let dir =
            site(&[("feedcard.yaml", "site: {title: T}\n"), ("posts/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")]);
        let overrides = Overrides {
            input: Some(dir.path().to_path_buf()),
            site_url: Some("ftp://x.example/".to_string()),
            ..Overrides::default()
        };
        let err = Config::load(&overrides).unwrap_err().to_string();
        assert!(err.starts_with("--site-url: ") && !err.contains("feedcard.yaml"), "{err}");
        let hugo = site(&[("hugo.toml", "baseURL = 'https://x.example/?q=1'\n")]);
        let err = load(&hugo).unwrap_err().to_string();
        assert!(err.contains("hugo.toml") && err.contains("query"), "{err}");
    }

    #[test]
    fn a_cname_file_gives_the_url_last() {
        let dir = site(&[("hugo.toml", "baseURL = '/'\n"), ("static/CNAME", "blog.example.net\n")]);
        assert_eq!(load(&dir).unwrap().site.url.as_str(), "https://blog.example.net/");
    }

    #[test]
    fn a_permalink_pattern_is_a_path_on_the_site() {
        for pattern in
            ["javascript:alert(1)//{slug}", "https://evil.example/{slug}", "/../../{slug}/", "//evil.example/{slug}"]
        {
            let dir =
                site(&[("feedcard.yaml", &format!("site: {{url: 'https://p.example/'}}\npermalink: '{pattern}'\n"))]);
            let err = load(&dir).unwrap_err();
            assert!(err.message.contains("must be a path on the site"), "{pattern}: {err}");
        }
    }
}
