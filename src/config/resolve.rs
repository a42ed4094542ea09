//! From the file, the site's own files and the flags to one `Config`: which
//! source wins for each setting, and the checks on the site URL and permalink.

use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use url::Url;

use super::feeds::resolve_feeds;
use super::file::{AuthorFile, ByteSize, ConfigFile, OneOrMany};
use super::*;
use crate::site::{Generator, PlainRules, Selection, SiteRules};

pub(super) fn resolve(
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
        websub_hub: super::wiring::websub_hub(file.site.websub_hub, config_path, &file.site_lines)?,
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

/// `text` as feedcard.yaml in `site/`, resolved with no flags.
#[cfg(test)]
pub(super) fn resolve_text(text: &str) -> Result<Config, ConfigError> {
    let file = super::file::parse_config_file(Path::new("feedcard.yaml"), text)?;
    resolve(file, Path::new("site"), Some(Path::new("site/feedcard.yaml")), &Overrides::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        resolve_text(text)
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
