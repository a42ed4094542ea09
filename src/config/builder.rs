//! A [`Config`] from code, checked as a feedcard.yaml is: the builder writes
//! the keys it is given into the same structure the file is read into, and
//! [`ConfigBuilder::build`] runs the same checks, so a wrong time zone or
//! site URL gets the message the file would get.

use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

use super::{resolve, Config, ConfigError, ConfigFile, Overrides, CONFIG_FILE_NAME};

/// Builds a [`Config`] key by key; start with [`Config::builder`].
///
/// Every key left unset gets the value it gets when feedcard.yaml leaves it
/// out: what the site's generator says when [`posts_dir`](Self::posts_dir)
/// is a Hugo, Jekyll, Eleventy, Astro, Zola or render-engine site, else
/// feedcard's default. No feedcard.yaml is read; [`Config::from_folder`]
/// reads one.
///
/// ```
/// let config = feedcard::Config::builder()
///     .site_url("https://example.org/")
///     .title("Example")
///     .timezone("Europe/Berlin")
///     .build()?;
/// assert_eq!(config.site_url().as_str(), "https://example.org/");
/// assert_eq!(config.title(), "Example");
///
/// // Checked as feedcard.yaml is, with the same message.
/// let error = feedcard::Config::builder()
///     .site_url("https://example.org/")
///     .timezone("Europe/Londn")
///     .build()
///     .unwrap_err();
/// assert!(error.to_string().contains("did you mean `Europe/London`?"));
/// # Ok::<(), feedcard::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ConfigBuilder {
    /// The keys of feedcard.yaml given so far, nested as in the file.
    keys: Mapping,
    input: Option<PathBuf>,
    output: Option<PathBuf>,
}

impl Config {
    /// A builder with every key unset.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The config `feedcard build DIR` uses: `DIR/feedcard.yaml` when there
    /// is one, else the site's own config files, else the defaults.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let site = tempfile::tempdir()?;
    /// std::fs::write(site.path().join("feedcard.yaml"), "site:\n  url: https://example.org/\n  title: Notes\n")?;
    /// let config = feedcard::Config::from_folder(site.path())?;
    /// assert_eq!(config.title(), "Notes");
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_folder(dir: impl AsRef<Path>) -> Result<Config, ConfigError> {
        Config::load(&Overrides { input: Some(dir.as_ref().to_path_buf()), ..Overrides::default() })
    }
}

impl ConfigBuilder {
    fn set(mut self, path: &[&str], value: impl Into<Value>) -> Self {
        let mut map = &mut self.keys;
        let (last, parents) = path.split_last().expect("a key path is never empty");
        for key in parents {
            let entry = map.entry(Value::from(*key)).or_insert_with(|| Value::Mapping(Mapping::new()));
            if !entry.is_mapping() {
                *entry = Value::Mapping(Mapping::new());
            }
            let Value::Mapping(inner) = entry else { unreachable!("made a mapping just above") };
            map = inner;
        }
        map.insert(Value::from(*last), value.into());
        self
    }

    /// `site.url`: the address the site is served from, e.g.
    /// `https://example.org/blog/`. Permalinks and card URLs start with it.
    pub fn site_url(self, url: impl Into<String>) -> Self {
        self.set(&["site", "url"], url.into())
    }

    /// `site.title`: the feeds' title and the name on the cards.
    pub fn title(self, title: impl Into<String>) -> Self {
        self.set(&["site", "title"], title.into())
    }

    /// `site.description`: the feeds' description.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.set(&["site", "description"], description.into())
    }

    /// `site.language`: a language tag such as `en` or `pt-BR`.
    pub fn language(self, language: impl Into<String>) -> Self {
        self.set(&["site", "language"], language.into())
    }

    /// `site.author`: the name of the posts' author.
    pub fn author(self, name: impl Into<String>) -> Self {
        self.set(&["site", "author"], name.into())
    }

    /// `site.timezone`: an IANA name such as `Europe/Berlin`, for dates
    /// written without an offset.
    pub fn timezone(self, name: impl Into<String>) -> Self {
        self.set(&["site", "timezone"], name.into())
    }

    /// `generator`: `hugo`, `jekyll`, `eleventy`, `astro`, `zola`,
    /// `render-engine` or `plain`, instead of detecting it.
    pub fn generator(self, name: impl Into<String>) -> Self {
        self.set(&["generator"], name.into())
    }

    /// `permalink`: the pattern of a post's address, e.g. `/posts/{slug}/`.
    pub fn permalink(self, pattern: impl Into<String>) -> Self {
        self.set(&["permalink"], pattern.into())
    }

    /// The site's folder or its posts' folder, as `feedcard build DIR`
    /// takes it (default: the current folder).
    pub fn posts_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.input = Some(dir.into());
        self
    }

    /// The folder [`crate::build`] writes into (default: `output`).
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output = Some(dir.into());
        self
    }

    /// `feeds.limit`: the most items a feed holds.
    pub fn feed_limit(self, limit: usize) -> Self {
        self.set(&["feeds", "limit"], limit as u64)
    }

    /// `feeds.tags`: a feed per tag, on or off.
    pub fn tag_feeds(self, on: bool) -> Self {
        self.set(&["feeds", "tags"], on)
    }

    /// `feeds.stylesheet`: RSS and Atom shown as a page in a browser.
    pub fn stylesheet(self, on: bool) -> Self {
        self.set(&["feeds", "stylesheet"], on)
    }

    /// `card.enabled`: whether [`crate::build`] draws cards.
    pub fn cards(self, on: bool) -> Self {
        self.set(&["card", "enabled"], on)
    }

    /// `card.theme`: a preset's name, such as `light` or `dark`.
    pub fn card_theme(self, name: impl Into<String>) -> Self {
        self.set(&["card", "theme"], name.into())
    }

    /// `card.width` and `card.height`, in pixels (default 1200 by 630).
    pub fn card_size(self, width: u32, height: u32) -> Self {
        self.set(&["card", "width"], u64::from(width)).set(&["card", "height"], u64::from(height))
    }

    /// `card.system_fonts`: whether cards may use the fonts installed on
    /// the machine after the embedded ones (default on). Off, every machine
    /// draws the same pixels.
    pub fn system_fonts(self, on: bool) -> Self {
        self.set(&["card", "system_fonts"], on)
    }

    /// Checks the keys as feedcard.yaml's are checked and resolves the rest
    /// from the site's own files and the defaults.
    pub fn build(self) -> Result<Config, ConfigError> {
        let file: ConfigFile = serde_yaml::from_value(Value::Mapping(self.keys))
            .map_err(|e| ConfigError::new(format!("{e} (see README, \"Configuration\", for every key)")))?;
        let overrides = Overrides { input: self.input, output: self.output, ..Overrides::default() };
        let base = overrides.input.clone().unwrap_or_else(|| PathBuf::from("."));
        // With no file, the checks name feedcard.yaml as the keys' origin.
        let file_name = format!("{CONFIG_FILE_NAME}: ");
        let mut config =
            resolve(file, &base, None, &overrides).map_err(|error| match error.message.strip_prefix(&file_name) {
                Some(message) => ConfigError { message: message.to_string(), ..error },
                None => error,
            })?;
        for (_, origin) in &mut config.origins {
            if origin == CONFIG_FILE_NAME {
                *origin = "Config::builder".to_string();
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reach_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::builder()
            .site_url("https://example.org/blog/")
            .title("T")
            .description("D")
            .language("de")
            .author("A")
            .timezone("Europe/Berlin")
            .posts_dir(dir.path())
            .output_dir(dir.path().join("out"))
            .feed_limit(3)
            .tag_feeds(false)
            .cards(false)
            .card_size(1080, 1080)
            .build()
            .unwrap();
        assert_eq!(config.site.url.as_str(), "https://example.org/blog/");
        assert_eq!((config.site.title.as_str(), config.site.description.as_str()), ("T", "D"));
        assert_eq!((config.site.language.as_str(), config.site.author.name.as_str()), ("de", "A"));
        assert_eq!(config.site.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(config.input, dir.path());
        assert_eq!(config.output, dir.path().join("out"));
        assert_eq!(config.feeds.rss.limit, 3);
        assert!(!config.feeds.rss.per_tag);
        assert!(!config.card.enabled);
        assert_eq!((config.card.width, config.card.height), (1080, 1080));
    }

    #[test]
    fn a_wrong_value_is_refused_as_in_the_file() {
        let missing = Config::builder().build().unwrap_err();
        assert!(missing.to_string().contains("the site URL is not set"), "{missing}");
        let url = Config::builder().site_url("example.org").build().unwrap_err();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE_NAME), "site:\n  url: example.org\n").unwrap();
        let from_file = Config::from_folder(dir.path()).unwrap_err();
        assert_eq!(url.message, from_file.message);
        let theme = Config::builder().site_url("https://example.org/").card_theme("nope").build().unwrap_err();
        assert!(theme.to_string().contains("nope"), "{theme}");
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one() {
        let config = Config::builder().site_url("https://a.example/").site_url("https://b.example/").build().unwrap();
        assert_eq!(config.site.url.as_str(), "https://b.example/");
    }
}
