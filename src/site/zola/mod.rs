//! Zola: `zola.toml` or `config.toml` (with `base_url`) at the site root,
//! pages under `content/`, sections marked by `_index.md`.

mod rules;
mod slug;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSetBuilder};
use toml::{Table, Value};

use super::{read_config_text, Detected, Generator, SiteError, SiteSettings};
pub use rules::ZolaRules;
use rules::{IgnoredContent, CONTENT};
use slug::SlugMode;

/// `zola.toml` (newer Zola), else a `config.toml` that has Zola's
/// `base_url` and not Hugo's `baseURL`.
pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    let zola = root.join("zola.toml");
    if zola.is_file() {
        return Some(zola);
    }
    let config = root.join("config.toml");
    let text = crate::site::read_text(&config)?;
    is_zola_config(&text).then_some(config)
}

fn is_zola_config(text: &str) -> bool {
    match text.parse::<Table>() {
        Ok(table) => {
            table.get("base_url").is_some_and(Value::is_str) && !table.keys().any(|k| k.eq_ignore_ascii_case("baseurl"))
        }
        // A config Zola could not read either: judge by its top-level keys,
        // so that `load` can say what is wrong with it.
        Err(_) => {
            let top_keys: Vec<&str> = text
                .lines()
                .map(str::trim_start)
                .take_while(|line| !line.starts_with('['))
                .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim()))
                .collect();
            top_keys.contains(&"base_url") && !top_keys.iter().any(|k| k.eq_ignore_ascii_case("baseurl"))
        }
    }
}

/// Reads Zola's config (its defaults when there is none) and finds the
/// sections marked `draft = true`.
pub(super) fn load(root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    let mut settings = SiteSettings::default();
    let mut rules = ZolaRules::new();
    if let Some(file) = marker {
        let text = read_config_text(file)?;
        read_config(&text, file, root, &mut settings, &mut rules)?;
    }
    rules.draft_sections = draft_sections(root, &rules);
    Ok(Detected { generator: Generator::Zola, marker: marker.map(Path::to_path_buf), settings, rules: Arc::new(rules) })
}

fn read_config(
    text: &str,
    file: &Path,
    root: &Path,
    settings: &mut SiteSettings,
    rules: &mut ZolaRules,
) -> Result<(), SiteError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map(|span| line_at(text, span.start));
        SiteError::new(file, line, format!("Zola's config is not valid TOML: {}", e.message().trim()))
    })?;
    let config = Config { text, file };
    for (setting, key) in [("url", "base_url"), ("title", "title"), ("description", "description")] {
        let Some(value) = config.string(&table, key)? else { continue };
        match setting {
            "url" => settings.url = Some(value),
            "title" => settings.title = Some(value),
            _ => settings.description = Some(value),
        }
        settings.note(setting, file);
    }
    if let Some(language) = config.string(&table, "default_language")? {
        rules.default_language = language.clone();
        settings.language = Some(language);
        settings.note("language", file);
    }
    if let Some(languages) = config.table(&table, "languages")? {
        rules.languages = languages.keys().filter(|code| **code != rules.default_language).cloned().collect();
    }
    if let Some(slugify) = config.table(&table, "slugify")? {
        if let Some(mode) = config.string(slugify, "paths")? {
            rules.paths = SlugMode::parse(&mode).ok_or_else(|| {
                config.error("paths", format!("[slugify] paths is `{mode}`; Zola accepts \"on\", \"safe\" or \"off\""))
            })?;
        }
        if let Some(keep) = slugify.get("paths_keep_dates") {
            rules.keep_dates = keep
                .as_bool()
                .ok_or_else(|| config.error("paths_keep_dates", "[slugify] paths_keep_dates must be true or false"))?;
        }
    }
    if let Some(patterns) = table.get("ignored_content") {
        rules.ignored = Some(ignored_content(&config, patterns, root)?);
    }
    Ok(())
}

/// Zola's config text, for messages that point at a key's line.
struct Config<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Config<'_> {
    fn error(&self, key: &str, message: impl Into<String>) -> SiteError {
        SiteError::new(self.file, key_line(self.text, key), message.into())
    }

    fn string(&self, table: &Table, key: &str) -> Result<Option<String>, SiteError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(_) => Err(self.error(key, format!("`{key}` must be text in quotes, like {key} = \"...\""))),
        }
    }

    fn table<'t>(&self, table: &'t Table, key: &str) -> Result<Option<&'t Table>, SiteError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::Table(t)) => Ok(Some(t)),
            Some(_) => Err(self.error(key, format!("`{key}` must be a table, like [{key}]"))),
        }
    }
}

fn ignored_content(config: &Config<'_>, value: &Value, root: &Path) -> Result<IgnoredContent, SiteError> {
    let not_list = || config.error("ignored_content", "`ignored_content` must be a list of globs, like [\"*.xlsx\"]");
    let items = value.as_array().ok_or_else(not_list)?;
    let mut builder = GlobSetBuilder::new();
    let mut patterns = Vec::new();
    for item in items {
        let pattern = item.as_str().ok_or_else(not_list)?;
        let glob = Glob::new(pattern).map_err(|e| {
            config.error("ignored_content", format!("ignored_content: `{pattern}` is not a valid glob ({e})"))
        })?;
        builder.add(glob);
        patterns.push(pattern.to_string());
    }
    let globs = builder.build().map_err(|e| config.error("ignored_content", format!("ignored_content: {e}")))?;
    // Zola matches the absolute path of each file under its canonical root.
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    Ok(IgnoredContent { globs, patterns, root })
}

/// The 1-based line of byte `offset`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// The first line that sets `key` (`key = ...`), for messages.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map(|i| i + 1)
}

/// Folders under `content/` whose `_index.md` (or a translation's
/// `_index.<lang>.md`) says `draft = true`, from the site root. Zola skips
/// them and all below; a section file it could not read is left to Zola.
fn draft_sections(root: &Path, rules: &ZolaRules) -> Vec<String> {
    let mut index_names = vec!["_index.md".to_string()];
    index_names.extend(rules.languages.iter().map(|code| format!("_index.{code}.md")));
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![(root.join(CONTENT), CONTENT.to_string())];
    while let Some((dir, rel)) = stack.pop() {
        // Zola follows links; a loop is walked once.
        let Ok(real) = fs::canonicalize(&dir) else { continue };
        if !seen.insert(real) {
            continue;
        }
        let is_draft = index_names
            .iter()
            .any(|name| crate::site::read_text(&dir.join(name)).is_some_and(|t| section_is_draft(&t)));
        if is_draft {
            found.push(rel);
            continue;
        }
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut subdirs: Vec<(PathBuf, String)> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_dir())
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_string();
                Some((entry.path(), format!("{rel}/{name}")))
            })
            .collect();
        subdirs.sort();
        stack.extend(subdirs);
    }
    found.sort();
    found
}

/// Whether a section's front matter (TOML `+++` or YAML `---`) has `draft = true`.
fn section_is_draft(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let (fence, is_toml) = if text.starts_with("+++") { ("+++", true) } else { ("---", false) };
    let Some(rest) = text.strip_prefix(fence) else { return false };
    let mut front = String::new();
    for line in rest.lines().skip(1) {
        if line.trim_end() == fence {
            break;
        }
        front.push_str(line);
        front.push('\n');
    }
    if is_toml {
        front.parse::<Table>().ok().and_then(|t| t.get("draft").and_then(Value::as_bool)) == Some(true)
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(&front)
            .ok()
            .and_then(|v| v.get("draft").and_then(serde_yaml::Value::as_bool))
            == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::temp_site as site;

    #[test]
    fn marker_is_zola_toml_or_a_config_toml_with_base_url() {
        let zola = site(&[("zola.toml", "base_url = \"https://a.example\"\n")]);
        assert_eq!(marker(zola.path()), Some(zola.path().join("zola.toml")));
        let config = site(&[("config.toml", "title = \"x\"\nbase_url = \"https://a.example\"\n[extra]\n")]);
        assert_eq!(marker(config.path()), Some(config.path().join("config.toml")));
        // Hugo's config.toml is not Zola's.
        for hugo in ["baseURL = \"https://a.example/\"\n", "baseurl = \"https://a.example/\"\nbase_url = \"x\"\n"] {
            assert_eq!(marker(site(&[("config.toml", hugo)]).path()), None, "{hugo}");
        }
        assert_eq!(marker(site(&[("config.toml", "[extra]\nbase_url = \"x\"\n")]).path()), None);
        assert_eq!(marker(site(&[]).path()), None);
        // A broken config with Zola's key is still Zola's, so `load` can say what is wrong.
        let broken = site(&[("config.toml", "base_url = \"https://a.example\"\ntitle = \n")]);
        assert_eq!(marker(broken.path()), Some(broken.path().join("config.toml")));
    }

    #[test]
    fn config_gives_settings_and_rules() {
        let dir = site(&[
            (
                "config.toml",
                r#"base_url = "https://zola.example.org/blog"
title = "Carnet"
description = "Notes"
default_language = "fr"
ignored_content = ["*.tmp.md"]

[slugify]
paths = "safe"
paths_keep_dates = true

[languages.en]
title = "Notebook"
"#,
            ),
            ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("content/wip/_index.md", "+++\ndraft = true\n+++\n"),
            ("content/yaml/_index.md", "---\ndraft: true\n---\n"),
            ("content/blog/_index.en.md", "+++\ndraft = true\n+++\n"),
            ("content/ok/_index.md", "+++\ndraft = false\n+++\n"),
            ("content/ok/sub/_index.md", "+++\ndraft = true\n+++\n"),
        ]);
        let marker = marker(dir.path()).unwrap();
        let detected = load(dir.path(), Some(&marker)).unwrap();
        assert_eq!(detected.generator, Generator::Zola);
        let s = &detected.settings;
        assert_eq!(s.url.as_deref(), Some("https://zola.example.org/blog"));
        assert_eq!(s.title.as_deref(), Some("Carnet"));
        assert_eq!(s.description.as_deref(), Some("Notes"));
        assert_eq!(s.language.as_deref(), Some("fr"));
        assert_eq!(s.timezone, None);
        assert!(s.sources.iter().any(|(setting, file)| *setting == "url" && *file == marker));
        let describe = detected.rules.describe().join("\n");
        assert!(describe.contains("slugify.paths = \"safe\""), "{describe}");
        assert!(describe.contains("languages: en"), "{describe}");
        assert!(
            describe.contains("draft sections, skipped: content/blog, content/ok/sub, content/wip, content/yaml"),
            "{describe}"
        );
        let rules = &detected.rules;
        assert!(!rules.is_post_path("content/x.tmp.md"));
        assert!(rules.is_post_path("content/x.md"));
        assert!(!rules.is_post_path("content/ok/sub/x.md"));
        assert!(rules.is_post_path("content/ok/x.md"));
    }

    #[test]
    fn no_config_means_zola_defaults() {
        let dir = site(&[("content/blog/post.md", "+++\n+++\n")]);
        let detected = load(dir.path(), None).unwrap();
        assert_eq!(detected.marker, None);
        assert_eq!(detected.settings, SiteSettings::default());
        assert!(detected.rules.describe().iter().any(|line| line.contains("slugify.paths = \"on\"")));
    }

    fn load_error(config: &str) -> SiteError {
        let dir = site(&[("zola.toml", config)]);
        let file = dir.path().join("zola.toml");
        let error = load(dir.path(), Some(&file)).unwrap_err();
        assert_eq!(error.file, file);
        error
    }

    #[test]
    fn config_errors_name_the_file_and_line() {
        let error = load_error("base_url = \"https://a.example\"\ntitle = \n");
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("not valid TOML"), "{}", error.message);

        let error = load_error("base_url = \"https://a.example\"\n\n[slugify]\npaths = \"yes\"\n");
        assert_eq!(error.line, Some(4));
        assert!(error.message.contains("\"on\", \"safe\" or \"off\""), "{}", error.message);

        let error = load_error("base_url = 3\n");
        assert_eq!(error.line, Some(1));
        assert!(error.message.contains("base_url"), "{}", error.message);

        let error = load_error("base_url = \"https://a.example\"\nignored_content = [\"a[\"]\n");
        assert_eq!(error.line, Some(2));
        assert!(error.message.contains("`a[`"), "{}", error.message);

        let error = load_error("base_url = \"https://a.example\"\n[slugify]\npaths_keep_dates = \"no\"\n");
        assert_eq!(error.line, Some(3));
    }
}
