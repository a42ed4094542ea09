//! The resolved settings the rest of the code reads. `feedcard.yaml` and the
//! command-line flags are merged here, so nothing below sees raw flags.

mod access;
mod builder;
mod checks;
mod init;
mod read;
mod site;
mod suggest;

pub(crate) use checks::{has_credentials, site_url_warnings};

pub use builder::ConfigBuilder;
#[cfg(feature = "cli")]
pub use init::init_text;

use chrono_tz::Tz;

use crate::card::{CardSettings, CardSettingsFile};
use crate::site::{Detected, Generator, PlainRules, Selection, SiteRules};
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
/// The feed page's XSL stylesheet, at the root of the output folder.
pub const STYLESHEET_FILE: &str = "feed.xsl";

#[derive(Debug, Clone)]
pub struct Config {
    pub site: Site,
    /// The site's root (a generator's site) or the folder of posts (plain):
    /// every path the site's rules see is relative to it.
    pub input: PathBuf,
    /// The site's folder: its generator's config, or feedcard.yaml's folder.
    /// A post's `image: /img/a.png` is looked for here.
    pub site_root: PathBuf,
    /// The only folder feedcard writes into.
    pub output: PathBuf,
    /// The generator whose rules make the posts' addresses.
    pub generator: Generator,
    /// How the generator was found, for `feedcard check` and `init`.
    pub detected: Option<Detected>,
    /// Which files are posts, and each post's address.
    pub rules: Arc<dyn SiteRules>,
    /// `include:` and `exclude:` from feedcard.yaml.
    pub selection: Selection,
    /// Front-matter keys read as tags, in order (`tags_from:`).
    pub tag_keys: Vec<String>,
    /// Where each site setting came from (`url` → `hugo.toml`), for
    /// `feedcard check` and `init`; a setting left at its default is absent.
    pub origins: Vec<(&'static str, String)>,
    /// Canonical field name -> extra front-matter keys (lowercase) that mean it.
    pub aliases: BTreeMap<String, Vec<String>>,
    pub feeds: Feeds,
    /// Posts larger than this are rejected.
    pub max_post_bytes: u64,
    /// Posts with more tags than this are rejected (`max_tags_per_post`).
    pub max_tags_per_post: usize,
    /// The social preview cards (`card:` in the file).
    pub card: CardSettings,
    /// Settings that work but are probably a mistake (a colour hard to read).
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub message: String,
    /// Further problems found in the same run (every unknown key of a file).
    pub more: Vec<ConfigError>,
}

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
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

// ---- the file as written -------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    site: SiteFile,
    generator: Option<String>,
    input: Option<PathBuf>,
    output: Option<PathBuf>,
    permalink: Option<String>,
    slug: Option<SlugSource>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    tags_from: Option<OneOrMany>,
    #[serde(default)]
    aliases: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    feeds: FeedsFile,
    max_post_size: Option<ByteSize>,
    max_tags_per_post: Option<usize>,
    #[serde(default)]
    card: CardSettingsFile,
    /// The line of each key under `card:`, for messages about its values.
    #[serde(skip)]
    card_lines: Vec<(String, usize)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: Option<String>,
    url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    author: Option<AuthorFile>,
    timezone: Option<String>,
}

#[derive(Debug)]
enum AuthorFile {
    Name(String),
    Full(Author),
}

impl<'de> Deserialize<'de> for AuthorFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarOrMap::new(
            "a name or a map with name, email and url",
            |text: &str| Some(AuthorFile::Name(text.to_string())),
            AuthorFile::Full,
        ))
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedsFile {
    /// Defaults every feed inherits.
    limit: Option<usize>,
    content: Option<ContentMode>,
    tags: Option<TagsFile>,
    tags_min_posts: Option<usize>,
    sanitize: Option<bool>,
    stylesheet: Option<bool>,
    rss: Option<FeedFile>,
    atom: Option<FeedFile>,
    json: Option<FeedFile>,
}

/// `feeds.tags`: per-tag feeds on or off, or the only tags that get them.
#[derive(Debug)]
enum TagsFile {
    Switch(bool),
    Only(Vec<String>),
}

impl<'de> Deserialize<'de> for TagsFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = TagsFile;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or a list of tags")
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<TagsFile, E> {
                Ok(TagsFile::Switch(on))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TagsFile, E> {
                match text {
                    "on" | "yes" => Ok(TagsFile::Switch(true)),
                    "off" | "no" => Ok(TagsFile::Switch(false)),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(text), &self)),
                }
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TagsFile, A::Error> {
                let mut tags = Vec::new();
                // Tags like `2024` are numbers to YAML.
                while let Some(tag) = seq.next_element::<serde_yaml::Value>()? {
                    match tag {
                        serde_yaml::Value::String(text) => tags.push(text),
                        serde_yaml::Value::Number(number) => tags.push(number.to_string()),
                        _ => return Err(serde::de::Error::custom("each tag in feeds.tags must be a word or a number")),
                    }
                }
                Ok(TagsFile::Only(tags))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug)]
enum FeedFile {
    /// `rss: false` turns a feed off.
    Switch(bool),
    Settings(FeedFileSettings),
}

impl<'de> Deserialize<'de> for FeedFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarOrMap::new(
            "true, false or a map of feed settings",
            |text: &str| match text {
                "true" | "on" | "yes" => Some(FeedFile::Switch(true)),
                "false" | "off" | "no" => Some(FeedFile::Switch(false)),
                _ => None,
            },
            FeedFile::Settings,
        ))
    }
}

/// Accepts a scalar or a map; unlike `#[serde(untagged)]` it keeps the map's
/// own errors (an unknown key and its line) instead of "did not match any variant".
struct ScalarOrMap<T, M, S, F> {
    expecting: &'static str,
    scalar: S,
    map: F,
    _out: std::marker::PhantomData<(T, M)>,
}

impl<T, M, S, F> ScalarOrMap<T, M, S, F> {
    fn new(expecting: &'static str, scalar: S, map: F) -> Self {
        ScalarOrMap { expecting, scalar, map, _out: std::marker::PhantomData }
    }
}

impl<'de, T, M, S, F> serde::de::Visitor<'de> for ScalarOrMap<T, M, S, F>
where
    M: Deserialize<'de>,
    S: Fn(&str) -> Option<T>,
    F: Fn(M) -> T,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<T, E> {
        self.visit_str(if value { "true" } else { "false" })
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        (self.scalar)(value).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(value), &self))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        M::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(self.map)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedFileSettings {
    file: Option<FileName>,
    limit: Option<usize>,
    content: Option<ContentMode>,
    tags: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FileName {
    Off(bool),
    Name(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ByteSize {
    Bytes(u64),
    Text(String),
}

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
    pub fn load(overrides: &Overrides) -> Result<Config, ConfigError> {
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
    pub fn load_site_only(overrides: &Overrides) -> Result<Config, ConfigError> {
        let base = overrides.input.clone().unwrap_or_else(|| PathBuf::from("."));
        resolve(ConfigFile::default(), &base, None, overrides)
    }

    /// A config built from a site URL alone, every other key at its default.
    pub fn with_site_url(site_url: &str) -> Result<Config, ConfigError> {
        let overrides = Overrides { site_url: Some(site_url.to_string()), ..Overrides::default() };
        resolve(ConfigFile::default(), Path::new("."), None, &overrides)
    }

    /// `source` as a path from the site root (`content/posts/a.md`), as the
    /// site's rules see it.
    pub fn site_path(&self, source: &Path) -> String {
        crate::post::relative_path(&self.input, source)
    }

    /// The address of a path on the site (from the rules or a post's own
    /// `permalink:`): under the site URL, never on another host or scheme.
    pub fn site_url_for(&self, path: &str) -> Result<Url, String> {
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
    pub fn enabled_feeds(&self) -> impl Iterator<Item = (FeedKind, &FeedSettings)> {
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

fn parse_config_file(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    read::check_expansion(path, text)?;
    let parsed: Result<ConfigFile, _> = serde_yaml::from_str(text);
    parsed.map(|file| ConfigFile { card_lines: read::section_key_lines(text, "card"), ..file }).map_err(|e| {
        let line = e.location().map(|l| l.line());
        let message = without_location(e.to_string());
        // Every unknown key at once, each with its line and closest known key.
        let unknown = suggest::all_unknown_keys(text, |text| {
            let e = serde_yaml::from_str::<ConfigFile>(text).err()?;
            Some((e.location()?.line(), without_location(e.to_string())))
        });
        let mut errors = unknown.into_iter().map(|key| ConfigError::in_file(path, Some(key.line), key.message));
        match errors.next() {
            Some(first) => ConfigError { more: errors.collect(), ..first },
            None => {
                ConfigError::in_file(path, line, format!("{message} (see README, \"Configuration\", for every key)"))
            }
        }
    })
}

/// serde_yaml appends " at line X column Y"; the line is already in the prefix.
fn without_location(message: String) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

fn resolve(
    file: ConfigFile,
    base: &Path,
    config_path: Option<&Path>,
    overrides: &Overrides,
) -> Result<Config, ConfigError> {
    let where_ = |message: String| match config_path {
        Some(path) => ConfigError::in_file(path, None, message),
        None => ConfigError::new(message),
    };

    // The site's root: where its generator's config files are.
    let root = match (&overrides.input, config_path) {
        (Some(dir), None) => dir.clone(),
        _ => base.to_path_buf(),
    };
    // A feedcard.yaml that names its posts folder (`input:`) and no generator
    // describes a plain folder of posts, as it did before generators were read.
    let detected = match (&file.generator, &file.input) {
        (None, Some(_)) => None,
        // An unknown `generator:` name is feedcard.yaml's problem: name it.
        (named, _) => site::find_generator(named.as_deref(), &root).map_err(|e| {
            if e.file.is_none() {
                where_(e.message)
            } else {
                e
            }
        })?,
    };
    let found = detected.as_ref().map(|d| d.settings.clone()).unwrap_or_default();
    let config_name = config_path.map(|path| path.display().to_string());
    let mut origins = site::Origins::new(&found, config_name.as_deref());
    let found_url = site::usable_url(&found);
    let url_text = origins
        .pick("url", overrides.site_url.clone(), "--site-url")
        .or_else(|| origins.pick_file("url", file.site.url))
        .or_else(|| origins.pick_found("url", found_url.clone().ok().flatten()))
        .or_else(|| {
            let (url, from) = site::url_from_cname(&root)?;
            origins.pick("url", Some(url), &from.display().to_string())
        })
        .or_else(|| origins.pick("url", overrides.fallback_site_url.clone(), PLACEHOLDER_ORIGIN))
        .ok_or_else(|| {
            let why = found_url.err().map(|e| format!("{e}; ")).unwrap_or_default();
            where_(format!(
                "the site URL is not set ({why}add `site: {{url: https://example.com/}}` to feedcard.yaml or pass --site-url)"
            ))
        })?;
    let url = parse_site_url(&url_text).map_err(|message| match origins.source("url") {
        // Blame the command line or the generator's file, not feedcard.yaml.
        Some(from) if Some(from) != config_name.as_deref() => ConfigError::new(format!("{from}: {message}")),
        _ => where_(message),
    })?;

    let timezone_name =
        origins.pick_file("timezone", file.site.timezone).or_else(|| origins.pick_found("timezone", found.timezone));
    let timezone = match timezone_name.as_deref() {
        None => Tz::UTC,
        Some(name) => name.parse::<Tz>().map_err(|_| {
            let hint = match suggest::closest_time_zone(name) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use one like `Europe/Berlin` or `America/New_York`".to_string(),
            };
            where_(format!("site.timezone `{name}` is not an IANA time zone name ({hint})"))
        })?,
    };

    let host = url.host_str().unwrap_or("").to_string();
    let title = origins
        .pick_file("title", file.site.title)
        .or_else(|| origins.pick_found("title", found.title))
        .unwrap_or_else(|| host.clone());
    let author = match file.site.author {
        Some(AuthorFile::Name(name)) => Author { name, email: None, url: None },
        Some(AuthorFile::Full(author)) => author,
        None => Author { name: title.clone(), email: None, url: None },
    };
    let site = Site {
        description: origins
            .pick_file("description", file.site.description)
            .or_else(|| origins.pick_found("description", found.description))
            .unwrap_or_else(|| format!("Posts from {title}")),
        language: origins
            .pick_file("language", file.site.language)
            .or_else(|| origins.pick_found("language", found.language))
            .unwrap_or_else(|| "en".to_string()),
        title,
        url,
        author,
        timezone,
    };

    let config_dir_input = match &file.input {
        Some(input) => base.join(input),
        None if config_path.is_some() && base.join("posts").is_dir() => base.join("posts"),
        None => base.to_path_buf(),
    };
    let input = match (&overrides.input, config_path, &overrides.config_file) {
        // A generator's rules say where its posts are, from the site root.
        _ if detected.is_some() => root.clone(),
        // INPUT named a posts folder directly (no config found inside it).
        (Some(dir), None, _) => dir.clone(),
        (Some(dir), Some(_), Some(_)) if file.input.is_none() => dir.clone(),
        _ => config_dir_input,
    };
    let output = match &overrides.output {
        Some(dir) => dir.clone(),
        // Beside the config file; with none, in the current folder (never
        // inside the posts or the site named on the command line).
        None if config_path.is_none() && file.output.is_none() => PathBuf::from("output"),
        None => base.join(file.output.unwrap_or_else(|| PathBuf::from("output"))),
    };

    let slug_source = file.slug.unwrap_or_default();
    let base_rules = detected.as_ref().map(|d| d.rules.clone());
    let rules: Arc<dyn SiteRules> = match (file.permalink, base_rules) {
        (Some(pattern), base) => {
            check_permalink(&pattern).map_err(where_)?;
            Arc::new(PlainRules { base, ..PlainRules::new(&pattern, slug_source) })
        }
        (None, Some(rules)) => rules,
        (None, None) => Arc::new(PlainRules::new("/{slug}/", slug_source)),
    };
    let tag_keys = match file.tags_from {
        Some(OneOrMany::One(key)) => vec![key.to_lowercase()],
        Some(OneOrMany::Many(keys)) => keys.into_iter().map(|k| k.to_lowercase()).collect(),
        None => rules.tag_keys(),
    };
    let selection = Selection::new(base, &file.include, &file.exclude).map_err(where_)?;

    let mut aliases = BTreeMap::new();
    for (field, keys) in file.aliases {
        let field = field.to_lowercase();
        if !ALIASABLE_FIELDS.contains(&field.as_str()) {
            return Err(where_(format!(
                "aliases: `{field}` is not a field feedcard reads (use one of: {})",
                ALIASABLE_FIELDS.join(", ")
            )));
        }
        let keys = match keys {
            OneOrMany::One(key) => vec![key],
            OneOrMany::Many(keys) => keys,
        };
        aliases.insert(field, keys.into_iter().map(|k| k.to_lowercase()).collect());
    }

    let feeds = resolve_feeds(file.feeds, config_path.unwrap_or(Path::new(CONFIG_FILE_NAME))).map_err(where_)?;
    let max_post_bytes = match file.max_post_size {
        None => DEFAULT_MAX_POST_BYTES,
        Some(ByteSize::Bytes(n)) => n,
        Some(ByteSize::Text(text)) => parse_byte_size(&text).ok_or_else(|| {
            where_(format!("max_post_size `{text}` is not a size (write it like `10MB`, `512KB` or a number of bytes)"))
        })?,
    };

    let card_line = |key: &str| {
        let at = |k: &str| file.card_lines.iter().find(|(name, _)| name == k).map(|(_, line)| *line);
        at(key).or_else(|| at(""))
    };
    let colours_set = file.card.colours_set();
    let theme_set = file.card.theme.is_some();
    let card = file.card.resolve(base).map_err(|message| {
        // `card.padding: ...`: the line of that key.
        let key = message.strip_prefix("card.").and_then(|rest| rest.split(':').next()).unwrap_or_default();
        match config_path {
            Some(path) => ConfigError::in_file(path, card_line(key), message),
            None => ConfigError::new(message),
        }
    })?;
    let warnings = match config_path {
        Some(path) => checks::card_contrast_warnings(&card, path, &colours_set, theme_set, card_line),
        None => Vec::new(),
    };

    Ok(Config {
        card,
        warnings,
        site,
        site_root: root.clone(),
        input,
        output,
        generator: detected.as_ref().map_or(Generator::Plain, |d| d.generator),
        detected,
        rules,
        selection,
        tag_keys,
        origins: origins.into_list(),
        aliases,
        feeds,
        max_post_bytes,
        max_tags_per_post: file.max_tags_per_post.unwrap_or(DEFAULT_MAX_TAGS_PER_POST),
    })
}

/// Fields a user may add aliases for.
pub const ALIASABLE_FIELDS: &[&str] =
    &["title", "date", "updated", "link", "tags", "description", "draft", "slug", "author", "image", "lang"];

fn parse_site_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text.trim()).map_err(|e| {
        format!("the site URL `{text}` is not an absolute URL ({e}; write it like `https://blog.example.com/`)")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("the site URL `{text}` must be an http or https address like `https://blog.example.com/`"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("the site URL `{text}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn check_permalink(pattern: &str) -> Result<(), String> {
    if !pattern.contains("{slug}") && !pattern.contains("{filename}") {
        return Err(format!("permalink `{pattern}` must contain `{{slug}}` so that every post gets its own address"));
    }
    let is_path = !pattern.contains(':')
        && !pattern.starts_with("//")
        && !pattern.contains('\\')
        && !pattern.split('/').any(|part| part == "..");
    if !is_path {
        return Err(format!(
            "permalink `{pattern}` must be a path on the site, like `/{{year}}/{{slug}}/` (no scheme, host or `..`)"
        ));
    }
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or_else(|| format!("permalink `{pattern}` has an unclosed `{{`"))?;
        let name = &rest[open + 1..open + close];
        if !crate::site::PLAIN_PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "permalink `{pattern}` uses `{{{name}}}`; the placeholders are {{slug}}, {{year}}, {{month}}, {{day}} and {{filename}}"
            ));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

/// Tags used once make a feed of one post: most of the output of a blog
/// with hundreds of tags, and of no use to a reader.
const DEFAULT_TAGS_MIN_POSTS: usize = 2;

fn chosen_tags(names: Vec<String>, config_path: &Path) -> Result<ChosenTags, String> {
    let mut slugs = Vec::with_capacity(names.len());
    for name in &names {
        let slug = crate::post::slugify(name)
            .ok_or_else(|| format!("feeds.tags: `{name}` has no letters or digits, so no post's tag can match it"))?;
        slugs.push(slug);
    }
    Ok(ChosenTags { names, slugs, file: config_path.to_path_buf() })
}

fn resolve_feeds(file: FeedsFile, config_path: &Path) -> Result<Feeds, String> {
    let limit = file.limit.unwrap_or(DEFAULT_ITEM_LIMIT);
    let content = file.content.unwrap_or(ContentMode::Full);
    let one =
        |name: &str, default_file: &str, default_tags: bool, given: Option<FeedFile>| -> Result<FeedSettings, String> {
            let defaults = FeedSettings {
                file: Some(default_file.to_string()),
                limit,
                content,
                per_tag: match &file.tags {
                    Some(TagsFile::Switch(on)) => *on,
                    // A list picks the tags; each feed's own default picks the formats.
                    Some(TagsFile::Only(_)) | None => default_tags,
                },
            };
            Ok(match given {
                None | Some(FeedFile::Switch(true)) => defaults,
                Some(FeedFile::Switch(false)) => FeedSettings { file: None, ..defaults },
                Some(FeedFile::Settings(s)) => FeedSettings {
                    file: match s.file {
                        None | Some(FileName::Off(true)) => defaults.file,
                        Some(FileName::Off(false)) => None,
                        Some(FileName::Name(n)) if matches!(n.as_str(), "off" | "none" | "") => None,
                        Some(FileName::Name(n)) => Some(check_file_name(name, n)?),
                    },
                    limit: s.limit.unwrap_or(defaults.limit),
                    content: s.content.unwrap_or(defaults.content),
                    per_tag: s.tags.unwrap_or(defaults.per_tag),
                },
            })
        };
    let feeds = Feeds {
        rss: one("rss", "rss.xml", true, file.rss)?,
        atom: one("atom", "atom.xml", true, file.atom)?,
        json: one("json", "feed.json", false, file.json)?,
        sanitize: file.sanitize.unwrap_or(true),
        stylesheet: file.stylesheet.unwrap_or(true).then(|| STYLESHEET_FILE.to_string()),
        tags_min_posts: file.tags_min_posts.unwrap_or(DEFAULT_TAGS_MIN_POSTS),
        tags_only: match file.tags {
            Some(TagsFile::Only(names)) => Some(chosen_tags(names, config_path)?),
            _ => None,
        },
    };
    let names: Vec<&str> = [&feeds.rss, &feeds.atom, &feeds.json].iter().filter_map(|f| f.file.as_deref()).collect();
    if let Some(name) = names.iter().enumerate().find_map(|(i, name)| names[..i].contains(name).then_some(name)) {
        return Err(format!("feeds: two feeds are both written to `{name}`; give each its own `file:`"));
    }
    // `feeds` as one feed's file and `feeds/atom.xml` as another's cannot both exist.
    for folder in &names {
        if let Some(inside) = names.iter().find(|name| name.starts_with(&format!("{folder}/"))) {
            return Err(format!("feeds: `{folder}` is a feed's file and also the folder of `{inside}`; rename one"));
        }
    }
    Ok(feeds)
}

/// Feed file names stay inside the output folder: plain relative paths only.
fn check_file_name(feed: &str, name: String) -> Result<String, String> {
    let bad = name.starts_with('/')
        || name.contains('\\')
        || name.split('/').any(|part| part.is_empty() || part == "." || part == "..");
    // Names feedcard uses for itself: its state folder (and feedcard 0.1's
    // manifest and lock), temporary files, and the card and per-tag folders
    // it manages. Compared without case: macOS and Windows ignore it.
    let lower = name.to_lowercase();
    let first = lower.split('/').next().unwrap_or_default();
    let reserved = lower == crate::manifest::LEGACY_MANIFEST_FILE
        || lower == STYLESHEET_FILE
        || first.starts_with(".feedcard")
        || first == "cards"
        || first == "tags";
    if reserved {
        return Err(format!(
            "feeds.{feed}.file `{name}` is a name feedcard uses itself (manifest.json, feed.xsl, .feedcard*, cards, tags); choose another"
        ));
    }
    if bad {
        return Err(format!(
            "feeds.{feed}.file `{name}` must be a relative path inside the output folder, like `{feed}.xml` or `feeds/{feed}.xml`"
        ));
    }
    Ok(name)
}

fn parse_byte_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let number: u64 = text[..split].parse().ok()?;
    let factor = match text[split..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let file = parse_config_file(Path::new("feedcard.yaml"), text)?;
        resolve(file, Path::new("site"), Some(Path::new("site/feedcard.yaml")), &Overrides::default())
    }

    #[test]
    fn defaults_need_only_the_site_url() {
        let config = parse("site: {url: 'https://blog.example.com'}").unwrap();
        assert_eq!(config.site.url.as_str(), "https://blog.example.com/");
        assert_eq!(config.site.title, "blog.example.com");
        assert_eq!(config.site.timezone, Tz::UTC);
        assert_eq!(config.generator, Generator::Plain);
        assert_eq!(config.feeds.rss.file.as_deref(), Some("rss.xml"));
        assert_eq!(config.feeds.rss.limit, 50);
        assert!(config.feeds.atom.per_tag);
        assert!(!config.feeds.json.per_tag);
        assert_eq!(config.output, Path::new("site/output"));
    }

    #[test]
    fn missing_site_url_is_an_error_that_says_what_to_add() {
        let err = parse("site: {title: Blog}").unwrap_err();
        assert!(err.message.contains("--site-url"), "{err}");
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse("site:\n  url: https://a.example/\n  colour: red\n").unwrap_err();
        assert!(err.message.contains("colour"), "{err}");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn feeds_can_be_renamed_limited_and_switched_off() {
        let config = parse(
            "site: {url: 'https://a.example/'}\nfeeds:\n  limit: 0\n  rss: {file: index.xml, content: summary}\n  json: false\n  atom: {file: off}\n",
        )
        .unwrap();
        assert_eq!(config.feeds.rss.file.as_deref(), Some("index.xml"));
        assert_eq!(config.feeds.rss.limit, 0);
        assert_eq!(config.feeds.rss.content, ContentMode::Summary);
        assert_eq!(config.feeds.json.file, None);
        assert_eq!(config.feeds.atom.file, None);
        assert_eq!(config.enabled_feeds().count(), 1);
    }

    #[test]
    fn tag_feeds_need_two_posts_unless_a_number_or_a_list_says_otherwise() {
        let config = parse("site: {url: 'https://a.example/'}").unwrap();
        assert_eq!(config.feeds.tags_min_posts, 2);
        assert_eq!(config.feeds.tags_only, None);
        let config =
            parse("site: {url: 'https://a.example/'}\nfeeds: {tags_min_posts: 5, tags: [Rust Lang, web]}\n").unwrap();
        assert_eq!(config.feeds.tags_min_posts, 5);
        let chosen = config.feeds.tags_only.unwrap();
        assert_eq!(chosen.names, ["Rust Lang", "web"]);
        assert_eq!(chosen.slugs, ["rust-lang", "web"]);
        assert_eq!(chosen.file, Path::new("site/feedcard.yaml"));
        // A list picks tags, not formats: JSON keeps its own default (off).
        assert!(config.feeds.rss.per_tag && !config.feeds.json.per_tag);
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {tags: ['!!!']}\n").unwrap_err();
        assert!(err.message.contains("`!!!` has no letters or digits"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\nfeeds:\n  tags: maybe\n").unwrap_err();
        assert!(err.message.contains("true, false or a list of tags"), "{err}");
    }

    #[test]
    fn nested_sections_keep_their_own_errors() {
        let err = parse("site:\n  url: https://a.example/\n  author: {name: R, mail: r@a.example}\n").unwrap_err();
        assert!(err.message.contains("mail"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\nfeeds:\n  rss: maybe\n").unwrap_err();
        assert!(err.message.contains("true, false or a map"), "{err}");
        let config = parse("site: {url: 'https://a.example/', author: Robin}\nfeeds: {json: off}\n").unwrap();
        assert_eq!(config.site.author.name, "Robin");
        assert_eq!(config.feeds.json.file, None);
    }

    #[test]
    fn feed_files_cannot_collide_with_each_other_or_with_feedcards_own() {
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {atom: {file: rss.xml}}\n").unwrap_err();
        assert!(err.message.contains("both written to `rss.xml`"), "{err}");
        for name in ["manifest.json", ".feedcard.lock", "cards/feed.json", "tags/all.xml", "cards", "Tags", ".feedcard"]
        {
            let err = parse(&format!("site: {{url: 'https://a.example/'}}\nfeeds: {{json: {{file: '{name}'}}}}\n"))
                .unwrap_err();
            assert!(err.message.contains("feedcard uses itself"), "{name}: {err}");
        }
    }

    #[test]
    fn feed_file_cannot_leave_the_output_folder() {
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {rss: {file: ../rss.xml}}\n").unwrap_err();
        assert!(err.message.contains("inside the output folder"), "{err}");
    }

    #[test]
    fn bad_timezone_and_permalink_are_explained() {
        let err = parse("site: {url: 'https://a.example/', timezone: Mars/Olympus}").unwrap_err();
        assert!(err.message.contains("IANA"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\npermalink: /{title}/\n").unwrap_err();
        assert!(err.message.contains("{slug}"), "{err}");
    }

    #[test]
    fn aliases_and_sizes() {
        let config =
            parse("site: {url: 'https://a.example/'}\naliases: {link: [Source_URL, via]}\nmax_post_size: 2MB\n")
                .unwrap();
        assert_eq!(config.aliases["link"], vec!["source_url", "via"]);
        assert_eq!(config.max_post_bytes, 2 * 1024 * 1024);
        assert!(parse("site: {url: 'https://a.example/'}\naliases: {colour: [c]}\n").is_err());
    }

    #[test]
    fn an_unquoted_colour_is_the_comment_trap_at_its_line() {
        let err =
            parse("site: {url: 'https://a.example/'}\ncard:\n  theme: light\n  background: #ffffff\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert_eq!(err.file.as_deref(), Some(Path::new("feedcard.yaml")));
        assert!(err.message.starts_with("card.background: the colour is empty"), "{err}");
        assert!(err.message.contains("put the colour in quotes: `background: \"#ffffff\"`"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\ncard:\n  accent: 123\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("123 is a number, not a colour"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\ncard:\n\n  theme: Drak\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("did you mean `dark`?"), "{err}");
    }

    #[test]
    fn card_values_checked_together_are_reported_at_their_line() {
        let err = parse("site: {url: 'https://a.example/'}\ncard:\n  width: 600\n  padding: 250\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.starts_with("card.padding"), "{err}");
    }

    #[test]
    fn partial_colours_that_clash_with_the_theme_are_warned_about() {
        let config = parse(
            "site: {url: 'https://a.example/'}\ncard:\n  theme: dark\n  background: '#ffffff'\n  title_colour: '#111111'\n",
        )
        .unwrap();
        let messages: Vec<String> = config.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(messages[0]
            .contains("the site name and author (text_colour #e2e8f0) on the background (background #ffffff)"));
        assert!(messages[0].contains("1.23:1"), "{}", messages[0]);
        assert!(messages[1].contains("muted_colour #94a3b8"), "{}", messages[1]);
        // Reported at the line of the colour the user set: the background.
        assert!(config.warnings.iter().all(|w| w.line == Some(4)), "{messages:#?}");
        // The title the user set reads well: no warning names it.
        assert!(messages.iter().all(|m| !m.contains("title_colour")));
        // A light background alone starts from the light theme: nothing to warn about.
        let config = parse("site: {url: 'https://a.example/'}\ncard: {background: '#ffffff'}\n").unwrap();
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    }

    #[test]
    fn site_url_must_be_http() {
        assert!(parse("site: {url: 'ftp://a.example/'}").is_err());
        assert!(parse("site: {url: 'not a url'}").is_err());
    }
}
