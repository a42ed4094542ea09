//! Hugo: `hugo.toml` (or `config.toml` with a `baseURL`, or
//! `config/_default/`), its content folder and sections, and the address
//! Hugo gives each regular page. Written from Hugo's source (gohugoio/hugo:
//! `resources/page/page_paths.go`, `permalinks.go`, `pagemeta`) and checked
//! against the real `hugo` (tests/sites/hugo/real.sh).

mod config;
mod content;
mod dates;
mod pattern;
mod permalinks;
mod rules;
#[cfg(test)]
mod rules_tests;
mod urlize;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Detected, Generator, SiteError, SiteSettings};
use config::Tree;
pub use rules::HugoRules;

/// The config file that marks a Hugo site: `hugo.*`; `config.*` when it sets
/// `baseURL` (Zola's `config.toml` has `base_url`); or the root file of
/// `config/_default/`.
pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    if let Some(main) = config::main_file(root) {
        let is_hugo_name = main.file_stem().is_some_and(|stem| stem == "hugo");
        if is_hugo_name || crate::site::read_text(&main).is_some_and(|text| config::mentions_base_url(&text)) {
            return Some(main);
        }
    }
    config::dir_root_file(root)
}

/// Reads the site's config and content folder into settings and rules.
pub(super) fn load(root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    // The file Hugo itself reads first, even when the marker came from config/.
    let main = config::main_file(root);
    let tree = Tree::load(root, main.as_deref())?;
    let blame = marker.map(Path::to_path_buf).or(main).unwrap_or_else(|| root.to_path_buf());
    let rules = HugoRules::from_config(&tree, &blame)?;
    let scanned = content::scan(root, &rules.content_roots(), rules.languages());
    let rules = rules.with_content(scanned);
    Ok(Detected {
        generator: Generator::Hugo,
        marker: marker.map(Path::to_path_buf),
        settings: settings(&tree),
        rules: Arc::new(rules),
    })
}

/// URL, title, description, language and time zone, with the file each
/// came from.
fn settings(tree: &Tree) -> SiteSettings {
    let mut settings = SiteSettings::default();
    let lang = tree.text(&["defaultcontentlanguage"]).map_or_else(|| "en".to_string(), |l| l.to_lowercase());
    let lang = lang.as_str();
    // Each setting's keys, the first found wins; a language's own settings
    // stand in for the site's.
    let keys: [(&'static str, &[&[&str]]); 5] = [
        ("url", &[&["baseurl"]]),
        ("title", &[&["title"], &["languages", lang, "title"]]),
        ("description", &[&["params", "description"], &["languages", lang, "params", "description"]]),
        ("language", &[&["languagecode"], &["languages", lang, "languagecode"], &["defaultcontentlanguage"]]),
        ("timezone", &[&["timezone"], &["languages", lang, "timezone"]]),
    ];
    for (name, paths) in keys {
        let found = paths.iter().find_map(|path| {
            let value = tree.text(path).filter(|v| !v.trim().is_empty())?;
            Some((value.trim().to_string(), tree.origin(path)))
        });
        let Some((value, file)) = found else { continue };
        match name {
            "url" => settings.url = Some(value),
            "title" => settings.title = Some(value),
            "description" => settings.description = Some(value),
            "language" => settings.language = Some(value),
            _ => settings.timezone = Some(value),
        }
        if let Some(file) = file {
            settings.note(name, file);
        }
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::temp_site as site;

    #[test]
    fn markers() {
        let hugo = site(&[("hugo.yaml", "title: x\n")]);
        assert_eq!(marker(hugo.path()), Some(hugo.path().join("hugo.yaml")));
        let old = site(&[("config.toml", "baseURL = 'https://e.org/'\n")]);
        assert_eq!(marker(old.path()), Some(old.path().join("config.toml")));
        let zola = site(&[("config.toml", "base_url = 'https://e.org/'\n")]);
        assert_eq!(marker(zola.path()), None);
        let dir = site(&[("config/_default/hugo.json", "{}")]);
        assert_eq!(marker(dir.path()), Some(dir.path().join("config/_default/hugo.json")));
        assert_eq!(marker(site(&[("README.md", "x")]).path()), None);
    }

    #[test]
    fn settings_come_from_the_config_and_its_folder() {
        let dir = site(&[
            (
                "hugo.toml",
                "baseURL = 'https://e.org/blog/'\ntitle = 'T'\nlanguageCode = 'de-DE'\ntimeZone = 'Europe/Berlin'\n",
            ),
            ("config/_default/params.toml", "description = 'D'\nmainSections = ['notes']\n"),
        ]);
        let detected = load(dir.path(), marker(dir.path()).as_deref()).unwrap();
        let s = &detected.settings;
        assert_eq!(s.url.as_deref(), Some("https://e.org/blog/"));
        assert_eq!(s.title.as_deref(), Some("T"));
        assert_eq!(s.description.as_deref(), Some("D"));
        assert_eq!(s.language.as_deref(), Some("de-DE"));
        assert_eq!(s.timezone.as_deref(), Some("Europe/Berlin"));
        assert!(detected.rules.describe().iter().any(|l| l.contains("notes")), "{:?}", detected.rules.describe());
        let from = |name: &str| s.sources.iter().find(|(n, _)| *n == name).map(|(_, f)| f.clone());
        assert_eq!(from("title"), Some(dir.path().join("hugo.toml")));
        assert_eq!(from("description"), Some(dir.path().join("config/_default/params.toml")));
    }

    #[test]
    fn a_broken_config_is_an_error_naming_the_file_and_line() {
        let dir = site(&[("hugo.toml", "baseURL = 'https://e.org/'\n[permalinks\nposts = 1\n")]);
        let err = load(dir.path(), marker(dir.path()).as_deref()).unwrap_err();
        assert_eq!(err.file, dir.path().join("hugo.toml"));
        assert_eq!(err.line, Some(2));
        let dir = site(&[("hugo.yaml", "baseURL: https://e.org/\npermalinks:\n  posts: /:nope/\n")]);
        let err = load(dir.path(), marker(dir.path()).as_deref()).unwrap_err();
        assert!(err.message.contains(":nope"), "{}", err.message);
        assert_eq!(err.file, dir.path().join("hugo.yaml"));
    }

    #[test]
    fn without_a_config_the_defaults_apply() {
        let dir = site(&[("content/posts/a.md", "---\ntitle: a\n---\n")]);
        let detected = load(dir.path(), None).unwrap();
        assert_eq!(detected.settings, SiteSettings::default());
        assert!(detected.rules.is_post_path("content/posts/a.md"));
    }
}
