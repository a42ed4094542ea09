//! Reading `_config.yml` (or `.yaml`, `.toml`): the site's URL, title and
//! time zone, and what decides its posts and their addresses.

use serde_yaml::{Mapping, Value};
use std::path::Path;

use super::paths::{Filter, DEFAULT_EXCLUDES};
use super::url::style_pattern;
use crate::site::{read_config_text, SiteError, SiteSettings};

/// A `defaults:` entry whose values reach posts (Jekyll's front matter
/// defaults: `scope: {path, type}`, `values: {...}`).
#[derive(Debug, Clone)]
pub(super) struct DefaultSet {
    /// `scope.path`, as written; empty matches every path.
    pub path: String,
    /// `scope.type` (`posts`, `pages`, ...), when given.
    pub kind: Option<String>,
    pub values: Mapping,
}

/// What `_config.yml` says, with Jekyll's defaults filled in.
#[derive(Debug, Clone)]
pub(super) struct JekyllConfig {
    pub settings: SiteSettings,
    /// `source:`, from the site root; empty for the root itself.
    pub source: String,
    pub filter: Filter,
    /// The posts' URL template (a style already turned into its pattern).
    pub permalink: String,
    /// Where `permalink` came from, for the summary.
    pub permalink_from: String,
    /// `markdown_ext:`, each with its dot, lowercase.
    pub markdown_ext: Vec<String>,
    pub defaults: Vec<DefaultSet>,
    /// `future: true`: the site shows posts dated later than its build.
    pub future: bool,
    /// `unpublished: true`: posts with `published: false` are built too.
    pub unpublished: bool,
    /// `timezone:` that is not a zone name (Jekyll then runs in UTC).
    pub bad_timezone: Option<String>,
}

impl JekyllConfig {
    /// Jekyll's defaults, for a site named in feedcard.yaml without a config file.
    pub fn defaults() -> JekyllConfig {
        JekyllConfig {
            settings: SiteSettings::default(),
            source: String::new(),
            filter: Filter {
                exclude: DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect(),
                include: vec![".htaccess".to_string()],
                destination: "_site".to_string(),
                collections_dir: String::new(),
            },
            permalink: style_pattern("date").unwrap_or_default().to_string(),
            permalink_from: "Jekyll's default `permalink: date`".to_string(),
            markdown_ext: markdown_exts("markdown,mkdown,mkdn,mkd,md"),
            defaults: Vec::new(),
            future: false,
            unpublished: false,
            bad_timezone: None,
        }
    }

    pub fn read(file: &Path) -> Result<JekyllConfig, SiteError> {
        let text = read_config_text(file)?;
        let map = parse(file, &text)?;
        let mut config = JekyllConfig::defaults();
        let name = file.file_name().map_or_else(|| "_config.yml".into(), |n| n.to_string_lossy().into_owned());
        let text_of = |key: &str| map.get(key).and_then(scalar).filter(|s| !s.trim().is_empty());
        let flag = |key: &str| matches!(map.get(key), Some(Value::Bool(true)));

        let settings = &mut config.settings;
        if let Some(url) = text_of("url") {
            let base = text_of("baseurl").unwrap_or_default();
            let base = base.trim_end_matches('/').trim_start_matches('/');
            let url = url.trim().trim_end_matches('/');
            settings.url = Some(if base.is_empty() { format!("{url}/") } else { format!("{url}/{base}/") });
            settings.note("url", file);
        }
        for (setting, keys) in [("title", &["title", "name"][..]), ("description", &["description"][..])] {
            if let Some(value) = keys.iter().find_map(|key| text_of(key)) {
                match setting {
                    "title" => settings.title = Some(value.trim().to_string()),
                    _ => settings.description = Some(value.trim().to_string()),
                }
                settings.note(setting, file);
            }
        }
        if let Some(lang) = text_of("lang").or_else(|| text_of("locale")) {
            settings.language = Some(lang.trim().replace('_', "-"));
            settings.note("language", file);
        }
        if let Some(zone) = text_of("timezone") {
            let zone = zone.trim().to_string();
            if zone.parse::<chrono_tz::Tz>().is_ok() {
                settings.timezone = Some(zone);
                settings.note("timezone", file);
            } else {
                config.bad_timezone = Some(zone);
            }
        }

        if let Some(source) = text_of("source") {
            config.source = relative_folder(file, "source", &source)?;
        }
        let list = |key: &str| -> Result<Option<Vec<String>>, SiteError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Sequence(items)) => Ok(Some(items.iter().filter_map(scalar).collect())),
                Some(_) => Err(SiteError::new(
                    file,
                    None,
                    format!("`{key}` must be a list, like `{key}: [drafts, notes.md]` (Jekyll stops on this too)"),
                )),
            }
        };
        let include = list("include")?.unwrap_or_else(|| vec![".htaccess".to_string()]);
        let mut exclude: Vec<String> = list("exclude")?.unwrap_or_default();
        exclude.extend(DEFAULT_EXCLUDES.iter().map(|s| s.to_string()));
        exclude.retain(|pattern| !include.contains(pattern));
        config.filter.exclude = exclude;
        config.filter.include = include;
        if let Some(dir) = text_of("collections_dir") {
            config.filter.collections_dir = relative_folder(file, "collections_dir", &dir)?;
        }
        if let Some(dest) = text_of("destination") {
            let dest = dest.trim().trim_start_matches("./").trim_end_matches('/').to_string();
            config.filter.destination = match config.source.as_str() {
                "" => dest,
                source => dest.strip_prefix(&format!("{source}/")).map(str::to_string).unwrap_or(dest),
            };
        }
        if let Some(exts) = text_of("markdown_ext") {
            config.markdown_ext = markdown_exts(&exts);
        }

        // `collections: {posts: {permalink: ...}}` wins over `permalink:`
        // and is taken as written (no style names there).
        let posts_permalink = match map.get("collections") {
            Some(Value::Mapping(collections)) => collections
                .get("posts")
                .and_then(|posts| posts.get("permalink"))
                .and_then(scalar)
                .filter(|s| !s.is_empty()),
            _ => None,
        };
        if let Some(pattern) = posts_permalink {
            config.permalink_from = format!("{name} `collections.posts.permalink`");
            config.permalink = pattern;
        } else if let Some(style) = map.get("permalink").and_then(scalar).filter(|s| !s.is_empty()) {
            config.permalink_from = match style_pattern(&style) {
                Some(_) => format!("{name} `permalink: {style}`"),
                None => format!("{name} `permalink`"),
            };
            config.permalink = style_pattern(&style).map_or(style, str::to_string);
        }

        if let Some(Value::Sequence(sets)) = map.get("defaults") {
            config.defaults = sets.iter().filter_map(default_set).collect();
        }
        config.future = flag("future");
        config.unpublished = flag("unpublished");
        Ok(config)
    }
}

/// The config as a mapping; an empty file is an empty config.
fn parse(file: &Path, text: &str) -> Result<Mapping, SiteError> {
    let is_toml = file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("toml"));
    let value: Value = if is_toml {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            SiteError::new(file, line, format!("this is not valid TOML: {}", e.message()))
        })?;
        serde_yaml::to_value(table)
            .map_err(|e| SiteError::new(file, None, format!("cannot read this file's values: {e}")))?
    } else if text.trim().is_empty() {
        Value::Null
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message.find(" at line ").map_or(message.as_str(), |at| &message[..at]).to_string();
            SiteError::new(file, e.location().map(|l| l.line()), format!("this is not valid YAML: {message}"))
        })?
    };
    match value {
        Value::Mapping(map) => Ok(map),
        Value::Null => Ok(Mapping::new()),
        other => Err(SiteError::new(
            file,
            None,
            format!(
                "Jekyll's config must be a map of settings like `title: My blog`, not {}",
                crate::post::front_matter::describe(&other)
            ),
        )),
    }
}

/// A folder setting as a path from the site root, without `./` or `/` ends.
fn relative_folder(file: &Path, key: &str, value: &str) -> Result<String, SiteError> {
    let folder = value.trim().trim_start_matches("./").trim_end_matches('/');
    if folder.starts_with('/') || folder.split('/').any(|part| part == "..") {
        return Err(SiteError::new(
            file,
            None,
            format!("`{key}: {value}` is outside the site's folder; run feedcard on that folder, or set `{key}` relative to it"),
        ));
    }
    Ok(if folder == "." { String::new() } else { folder.to_string() })
}

/// `markdown,mkd,md` as `[".markdown", ".mkd", ".md"]`.
fn markdown_exts(list: &str) -> Vec<String> {
    list.split(',').map(|ext| format!(".{}", ext.trim().trim_start_matches('.').to_lowercase())).collect()
}

fn default_set(set: &Value) -> Option<DefaultSet> {
    let values = set.get("values")?.as_mapping()?.clone();
    let scope = set.get("scope");
    let path = scope.and_then(|s| s.get("path")).and_then(Value::as_str).unwrap_or_default().to_string();
    // Jekyll still takes the old singular type names.
    let kind = scope.and_then(|s| s.get("type")).and_then(scalar).map(|kind| match kind.as_str() {
        "post" => "posts".to_string(),
        "page" => "pages".to_string(),
        "draft" => "drafts".to_string(),
        _ => kind,
    });
    Some(DefaultSet { path, kind, values })
}

/// A scalar as Ruby's `to_s` writes it.
pub(super) fn scalar(value: &Value) -> Option<String> {
    crate::post::scalar_text(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn read(name: &str, text: &str) -> Result<JekyllConfig, SiteError> {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(name);
        fs::write(&file, text).expect("written");
        JekyllConfig::read(&file)
    }

    #[test]
    fn url_title_zone_and_permalink() {
        let config = read(
            "_config.yml",
            "title: Field notes\ndescription: Short ones\nurl: https://x.example/\nbaseurl: /journal/\ntimezone: America/Chicago\nlocale: en_US\npermalink: pretty\n",
        )
        .expect("reads");
        let s = &config.settings;
        assert_eq!(s.url.as_deref(), Some("https://x.example/journal/"));
        assert_eq!(s.title.as_deref(), Some("Field notes"));
        assert_eq!(s.description.as_deref(), Some("Short ones"));
        assert_eq!(s.language.as_deref(), Some("en-US"));
        assert_eq!(s.timezone.as_deref(), Some("America/Chicago"));
        assert_eq!(config.permalink, "/:categories/:year/:month/:day/:title/");
        assert_eq!(s.sources.len(), 5);
    }

    #[test]
    fn defaults_and_custom_patterns() {
        let config = read("_config.yml", "").expect("an empty config is Jekyll's defaults");
        assert_eq!(config.permalink, "/:categories/:year/:month/:day/:title:output_ext");
        assert_eq!(config.settings.url, None);
        let config = read("_config.yml", "url: https://x.example\npermalink: /blog/:year/:title/\n").expect("reads");
        assert_eq!(config.permalink, "/blog/:year/:title/");
        assert_eq!(config.settings.url.as_deref(), Some("https://x.example/"));
        let config = read("_config.yml", "permalink: pretty\ncollections:\n  posts:\n    permalink: /p/:title\n")
            .expect("reads");
        assert_eq!(config.permalink, "/p/:title");
    }

    #[test]
    fn lists_folders_and_flags() {
        let config = read(
            "_config.yml",
            "exclude: [notes, README.md, Gemfile]\ninclude: [Gemfile]\ncollections_dir: ./content/\nfuture: true\nmarkdown_ext: md, txt\n",
        )
        .expect("reads");
        assert!(config.filter.exclude.contains(&"notes".to_string()));
        assert!(config.filter.exclude.contains(&"node_modules".to_string()));
        assert!(!config.filter.exclude.contains(&"Gemfile".to_string()));
        assert_eq!(config.filter.collections_dir, "content");
        assert!(config.future);
        assert_eq!(config.markdown_ext, [".md", ".txt"]);
        let err = read("_config.yml", "exclude: notes\n").expect_err("not a list");
        assert!(err.message.contains("must be a list"), "{err:?}");
        let err = read("_config.yml", "source: ../elsewhere\n").expect_err("outside");
        assert!(err.message.contains("outside"), "{err:?}");
    }

    #[test]
    fn toml_config() {
        let config = read("_config.toml", "url = \"https://t.example\"\nbaseurl = \"/b\"\npermalink = \"none\"\n")
            .expect("reads");
        assert_eq!(config.settings.url.as_deref(), Some("https://t.example/b/"));
        assert_eq!(config.permalink, "/:categories/:title:output_ext");
        let err = read("_config.toml", "url = \"https://t.example\"\nbad = \n").expect_err("bad TOML");
        assert_eq!(err.line, Some(2));
        assert!(err.file.ends_with("_config.toml"));
    }

    #[test]
    fn malformed_config_names_the_file_and_line() {
        let err = read("_config.yml", "title: ok\nurl: [unclosed\n").expect_err("bad YAML");
        assert!(err.file.ends_with("_config.yml"), "{err:?}");
        assert!(err.line.is_some(), "{err:?}");
        let err = read("_config.yml", "- a\n- b\n").expect_err("a list");
        assert!(err.message.contains("map of settings"), "{err:?}");
    }

    #[test]
    fn a_time_zone_jekyll_cannot_use_is_set_aside() {
        let config = read("_config.yml", "timezone: Mars/Olympus\n").expect("reads");
        assert_eq!(config.settings.timezone, None);
        assert_eq!(config.bad_timezone.as_deref(), Some("Mars/Olympus"));
    }

    #[test]
    fn front_matter_defaults() {
        let config = read(
            "_config.yml",
            "defaults:\n  - scope: {path: '', type: post}\n    values: {permalink: '/d/:title/', layout: post}\n  - values: {published: false}\n  - scope: {path: x}\n",
        )
        .expect("reads");
        assert_eq!(config.defaults.len(), 2);
        assert_eq!(config.defaults[0].kind.as_deref(), Some("posts"));
    }
}
