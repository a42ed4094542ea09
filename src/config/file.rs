//! `feedcard.yaml` as written: the serde shapes of its keys, and reading the
//! text into them with every unknown key reported at its line.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{read, suggest, Author, ConfigError, ContentMode, SlugSource};
use crate::card::CardSettingsFile;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    #[serde(default)]
    pub(super) site: SiteFile,
    pub(super) generator: Option<String>,
    pub(super) input: Option<PathBuf>,
    pub(super) output: Option<PathBuf>,
    pub(super) permalink: Option<String>,
    pub(super) slug: Option<SlugSource>,
    #[serde(default)]
    pub(super) include: Vec<String>,
    #[serde(default)]
    pub(super) exclude: Vec<String>,
    pub(super) tags_from: Option<OneOrMany>,
    #[serde(default)]
    pub(super) aliases: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    pub(super) feeds: FeedsFile,
    pub(super) max_post_size: Option<ByteSize>,
    pub(super) max_tags_per_post: Option<usize>,
    #[serde(default)]
    pub(super) card: CardSettingsFile,
    /// The line of each key under `card:`, for messages about its values.
    #[serde(skip)]
    pub(super) card_lines: Vec<(String, usize)>,
    /// The same under `site:`.
    #[serde(skip)]
    pub(super) site_lines: Vec<(String, usize)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SiteFile {
    pub(super) title: Option<String>,
    pub(super) url: Option<String>,
    pub(super) description: Option<String>,
    pub(super) language: Option<String>,
    pub(super) author: Option<AuthorFile>,
    pub(super) timezone: Option<String>,
    pub(super) websub_hub: Option<String>,
}

#[derive(Debug)]
pub(super) enum AuthorFile {
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
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FeedsFile {
    /// Defaults every feed inherits.
    pub(super) limit: Option<usize>,
    pub(super) content: Option<ContentMode>,
    pub(super) tags: Option<TagsFile>,
    pub(super) tags_min_posts: Option<usize>,
    pub(super) sanitize: Option<bool>,
    pub(super) stylesheet: Option<bool>,
    pub(super) opml: Option<FileName>,
    pub(super) rss: Option<FeedFile>,
    pub(super) atom: Option<FeedFile>,
    pub(super) json: Option<FeedFile>,
}

/// `feeds.tags`: per-tag feeds on or off, or the only tags that get them.
#[derive(Debug)]
pub(super) enum TagsFile {
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
pub(super) enum FeedFile {
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
pub(super) struct ScalarOrMap<T, M, S, F> {
    pub(super) expecting: &'static str,
    pub(super) scalar: S,
    pub(super) map: F,
    pub(super) _out: std::marker::PhantomData<(T, M)>,
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
pub(super) struct FeedFileSettings {
    pub(super) file: Option<FileName>,
    pub(super) limit: Option<usize>,
    pub(super) content: Option<ContentMode>,
    pub(super) tags: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum FileName {
    Off(bool),
    Name(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum ByteSize {
    Bytes(u64),
    Text(String),
}

pub(super) fn parse_config_file(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    read::check_expansion(path, text)?;
    let parsed: Result<ConfigFile, _> = serde_yaml::from_str(text);
    let lines = |section| read::section_key_lines(text, section);
    parsed.map(|file| ConfigFile { card_lines: lines("card"), site_lines: lines("site"), ..file }).map_err(|e| {
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
