//! The resolved settings the rest of the code reads. `feedcard.yaml` and the
//! command-line flags are merged here, so nothing below sees raw flags.

mod access;
mod builder;
mod checks;
mod feeds;
mod file;
mod init;
mod read;
mod resolve;
mod site;
mod suggest;
mod wiring;

pub(crate) use checks::{has_credentials, site_url_warnings};

pub use crate::output::names::STYLESHEET_FILE;
pub use builder::ConfigBuilder;
#[cfg(feature = "cli")]
pub use init::init_text;

use file::{parse_config_file, ConfigFile};
use resolve::resolve;

use chrono_tz::Tz;

use crate::card::CardSettings;
use crate::site::{Detected, Generator, Selection, SiteRules};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use url::Url;

pub const CONFIG_FILE_NAME: &str = "feedcard.yaml";
/// The origin of a site URL that stands in for a missing one.
pub const PLACEHOLDER_ORIGIN: &str = "a placeholder (no site URL is set)";
const DEFAULT_ITEM_LIMIT: usize = 50;
const DEFAULT_MAX_POST_BYTES: u64 = 10 * 1024 * 1024;
/// Enough for any real post; each tag is a folder of feeds, so a post with
/// thousands would write thousands of files.
const DEFAULT_MAX_TAGS_PER_POST: usize = 100;

/// The resolved settings of a site: feedcard.yaml (or [`Config::builder`]),
/// the site generator's own config files, and the defaults, checked. Read
/// it with the methods below; make it with [`Config::builder`] or
/// [`Config::from_folder`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    pub(crate) site: Site,
    /// The site's root (a generator's site) or the folder of posts (plain):
    /// every path the site's rules see is relative to it.
    pub(crate) input: PathBuf,
    /// The site's folder: its generator's config, or feedcard.yaml's folder.
    /// A post's `image: /img/a.png` is looked for here.
    pub(crate) site_root: PathBuf,
    /// The only folder feedcard writes into.
    pub(crate) output: PathBuf,
    /// The generator whose rules make the posts' addresses.
    pub(crate) generator: Generator,
    /// How the generator was found, for `feedcard check` and `init`.
    pub(crate) detected: Option<Detected>,
    /// Which files are posts, and each post's address.
    pub(crate) rules: Arc<dyn SiteRules>,
    /// `include:` and `exclude:` from feedcard.yaml.
    pub(crate) selection: Selection,
    /// Front-matter keys read as tags, in order (`tags_from:`).
    pub(crate) tag_keys: Vec<String>,
    /// Where each site setting came from (`url` → `hugo.toml`), for
    /// `feedcard check` and `init`; a setting left at its default is absent.
    pub(crate) origins: Vec<(&'static str, String)>,
    /// Canonical field name -> extra front-matter keys (lowercase) that mean it.
    pub(crate) aliases: BTreeMap<String, Vec<String>>,
    pub(crate) feeds: Feeds,
    /// Posts larger than this are rejected.
    pub(crate) max_post_bytes: u64,
    /// Posts with more tags than this are rejected (`max_tags_per_post`).
    pub(crate) max_tags_per_post: usize,
    /// The social preview cards (`card:` in the file).
    pub(crate) card: CardSettings,
    /// Settings that work but are probably a mistake (a colour hard to read).
    pub(crate) warnings: Vec<crate::diagnostic::Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    /// Always ends with `/`.
    pub url: Url,
    pub description: String,
    pub language: String,
    pub author: Author,
    pub timezone: Tz,
    /// `site.websub_hub`: the hub the feeds name and a run that changed a
    /// feed tells (WebSub).
    pub websub_hub: Option<Url>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    pub email: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugSource {
    /// The `slug:` key, else the file stem (or folder of an `index.md`).
    #[default]
    File,
    /// The `slug:` key, else the title.
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentMode {
    /// The whole rendered body in `content:encoded` / `<content>` / `content_html`.
    Full,
    /// Only the description or an excerpt.
    Summary,
}

#[derive(Debug, Clone)]
pub struct Feeds {
    pub rss: FeedSettings,
    pub atom: FeedSettings,
    pub json: FeedSettings,
    /// Run every body through the HTML allow-list (`feeds.sanitize`, default on).
    pub sanitize: bool,
    /// The XSL stylesheet RSS and Atom feeds point browsers at
    /// (`feeds.stylesheet`, default on); `None` when off.
    pub stylesheet: Option<String>,
    /// The OPML list of every feed (`feeds.opml`, default `feeds.opml`);
    /// `None` when off.
    pub opml: Option<String>,
    /// A tag gets per-tag feeds only with at least this many posts.
    pub tags_min_posts: usize,
    /// `feeds.tags: [list]`: only these tags get per-tag feeds, whatever
    /// their number of posts.
    pub tags_only: Option<ChosenTags>,
}

/// The tags `feeds.tags` names, as written and as slugs (how posts' tags are matched).
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenTags {
    pub names: Vec<String>,
    pub slugs: Vec<String>,
    /// The file that lists them, for the warning about a tag no post uses.
    pub file: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedSettings {
    /// File name inside the output folder; `None` turns this feed off.
    pub file: Option<String>,
    /// Most items in the feed; 0 means all.
    pub limit: usize,
    pub content: ContentMode,
    /// Also write `tags/<tag-slug>/<file>` for every tag.
    pub per_tag: bool,
}

/// A problem with the configuration or the command line (exit code 2).
/// `Display` writes `file:line: message`, then each further problem on a
/// line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigError {
    /// The config file, when the problem is in one.
    pub file: Option<PathBuf>,
    /// The line in it, 1-based, when known.
    pub line: Option<usize>,
    /// What is wrong, and how to fix it.
    pub message: String,
    /// Further problems found in the same run (every unknown key of a file).
    pub more: Vec<ConfigError>,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError { file: None, line: None, message: message.into(), more: Vec::new() }
    }

    fn in_file(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        ConfigError { file: Some(file.to_path_buf()), line, message: message.into(), more: Vec::new() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)?;
        // Each further problem on a line of its own, labelled as the first is.
        for other in &self.more {
            write!(f, "\nerror: {other}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// What the command line says, layered over the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub site_url: Option<String>,
    /// Used only when neither the flags, feedcard.yaml nor the site's own
    /// files give a URL (`feedcard check` on a folder of posts).
    pub fallback_site_url: Option<String>,
}

impl Config {
    /// Finds and reads the config (an explicit file, else `INPUT/feedcard.yaml`
    /// when it exists), then applies the overrides.
    pub(crate) fn load(overrides: &Overrides) -> Result<Config, ConfigError> {
        let input_dir = overrides.input.clone().unwrap_or_else(|| PathBuf::from("."));
        let config_path = match &overrides.config_file {
            Some(path) => Some(path.clone()),
            None => {
                let candidate = input_dir.join(CONFIG_FILE_NAME);
                // One that is there but no file (a named pipe) is an error, not ignored.
                std::fs::metadata(&candidate).is_ok().then_some(candidate)
            }
        };
        let (file, base) = match &config_path {
            Some(path) => {
                let text = read::read_config_text(path)?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (parse_config_file(path, &text)?, base)
            }
            None => (ConfigFile::default(), input_dir.clone()),
        };
        resolve(file, &base, config_path.as_deref(), overrides)
    }

    /// The settings of the site at `overrides.input` from its own files and
    /// the overrides alone, ignoring any feedcard.yaml (for `feedcard init`).
    pub(crate) fn load_site_only(overrides: &Overrides) -> Result<Config, ConfigError> {
        let base = overrides.input.clone().unwrap_or_else(|| PathBuf::from("."));
        resolve(ConfigFile::default(), &base, None, overrides)
    }

    /// A config built from a site URL alone, every other key at its default.
    #[cfg(test)]
    pub(crate) fn with_site_url(site_url: &str) -> Result<Config, ConfigError> {
        let overrides = Overrides { site_url: Some(site_url.to_string()), ..Overrides::default() };
        resolve(ConfigFile::default(), Path::new("."), None, &overrides)
    }

    /// `source` as a path from the site root (`content/posts/a.md`), as the
    /// site's rules see it.
    pub(crate) fn site_path(&self, source: &Path) -> String {
        crate::post::relative_path(&self.input, source)
    }

    /// The address of a path on the site (from the rules or a post's own
    /// `permalink:`): under the site URL, never on another host or scheme.
    pub(crate) fn site_url_for(&self, path: &str) -> Result<Url, String> {
        let base = &self.site.url;
        let url = match Url::parse(path) {
            // An absolute address is allowed only on the site itself.
            Ok(url) => url,
            Err(_) if path.starts_with("//") => return Err(format!("`{path}` is an address on another host")),
            Err(_) => base.join(path.trim_start_matches('/')).map_err(|e| format!("`{path}` is not a path ({e})"))?,
        };
        let same_site = matches!(url.scheme(), "http" | "https")
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default();
        if !same_site {
            return Err(format!("`{path}` is not an address on the site {base}"));
        }
        if !url.path().starts_with(base.path()) {
            return Err(format!("`{path}` leads out of the site's folder {}", base.path()));
        }
        Ok(url)
    }

    /// Every feed that is switched on, with its settings.
    pub(crate) fn enabled_feeds(&self) -> impl Iterator<Item = (FeedKind, &FeedSettings)> {
        [(FeedKind::Rss, &self.feeds.rss), (FeedKind::Atom, &self.feeds.atom), (FeedKind::Json, &self.feeds.json)]
            .into_iter()
            .filter(|(_, settings)| settings.file.is_some())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedKind {
    Rss,
    Atom,
    Json,
}

/// Fields a user may add aliases for.
pub const ALIASABLE_FIELDS: &[&str] =
    &["title", "date", "updated", "link", "tags", "description", "draft", "slug", "author", "image", "lang"];
