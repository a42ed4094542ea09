//! Which pages Zola publishes and where: `content/<sections>/<slug>/`, the
//! slug from `slug`, else the file (or bundle folder) name without its date;
//! `path` front matter as written; `/<lang>/` before a translation.

use globset::GlobSet;
use serde_yaml::Value;
use std::path::PathBuf;

use super::slug::{dated_name, SlugMode};
use crate::site::{default_excluded, Excluded, PostFacts, SiteRules};

/// Zola reads pages from this folder only.
pub const CONTENT: &str = "content";

#[derive(Debug, Clone, Default)]
pub struct ZolaRules {
    /// `[slugify] paths`.
    pub paths: SlugMode,
    /// `[slugify] paths_keep_dates`: the date stays in the slug.
    pub keep_dates: bool,
    pub default_language: String,
    /// The codes under `[languages]` other than the default one.
    pub languages: Vec<String>,
    /// Folders (from the site root) whose `_index.md` says `draft = true`:
    /// Zola skips everything below them.
    pub draft_sections: Vec<String>,
    pub ignored: Option<IgnoredContent>,
}

/// `ignored_content`: globs Zola matches against the absolute path of each
/// file (with `*` crossing `/`), so the site's real location is kept.
#[derive(Debug, Clone)]
pub struct IgnoredContent {
    pub globs: GlobSet,
    pub patterns: Vec<String>,
    /// The site root, canonical.
    pub root: PathBuf,
}

/// Where a page's file puts it, before its front matter is looked at.
#[derive(Debug, PartialEq)]
struct PageFile<'a> {
    /// Section folders under `content/` (a bundle's own folder left out).
    sections: Vec<&'a str>,
    /// A language other than the default, from `name.<lang>.md`.
    lang: Option<&'a str>,
    /// What the slug and the file-name date come from: the file name
    /// without `.md` and language, or a bundle's folder name.
    name: &'a str,
    /// `content/index.md`: the site's home page, not a page of its own.
    home: bool,
}

impl ZolaRules {
    pub fn new() -> ZolaRules {
        ZolaRules { default_language: "en".to_string(), ..ZolaRules::default() }
    }

    fn page_file<'a>(&self, path: &'a str) -> Result<PageFile<'a>, String> {
        let rel =
            path.strip_prefix(CONTENT).and_then(|p| p.strip_prefix('/')).ok_or("the page is not under content/")?;
        let mut sections: Vec<&str> = rel.split('/').collect();
        let file = sections.pop().unwrap_or(rel);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        // `index.md` and `index.fr.md` are bundles: the folder is the page.
        let parent = sections.last().copied();
        if parent.is_some() && stem.split('.').next() == Some("index") {
            sections.pop();
        }
        let (mut name, mut lang) = (stem, None);
        if !self.languages.is_empty() {
            if let Some((head, code)) = stem.split_once('.') {
                if code != self.default_language {
                    if !self.languages.iter().any(|l| l == code) {
                        return Err(format!(
                            "the file name gives the language `{code}`, which is not under [languages] in Zola's config (Zola stops on this page)"
                        ));
                    }
                    (name, lang) = (head, Some(code));
                }
            }
        }
        let home = name == "index" && parent.is_none();
        if name == "index" {
            name = parent.unwrap_or(name);
        }
        Ok(PageFile { sections, lang, name, home })
    }

    fn slug_of(&self, post: &PostFacts<'_>, file: &PageFile<'_>) -> String {
        // Zola slugifies `slug` as written (in `safe` mode a leading space stays).
        let written = match post.front.value("slug") {
            Some(Value::String(slug)) => Some(slug.clone()),
            _ => post.front.text("slug"),
        };
        if let Some(slug) = written {
            return self.paths.slugify(&slug);
        }
        let from_name = dated_name(file.name).and_then(|d| d.rest).filter(|_| !self.keep_dates);
        self.paths.slugify(from_name.unwrap_or(file.name))
    }

    fn ignored(&self, path: &str) -> bool {
        self.ignored.as_ref().is_some_and(|ignored| ignored.globs.is_match(ignored.root.join(path)))
    }
}

impl SiteRules for ZolaRules {
    fn post_roots(&self) -> Vec<String> {
        vec![CONTENT.to_string()]
    }

    /// Zola walks hidden folders too; only a draft section is skipped whole.
    fn skip_dir(&self, path: &str) -> bool {
        self.draft_sections.iter().any(|dir| dir == path)
    }

    /// `.md` files (not `.markdown`) under `content/`, not hidden, not a
    /// section's `_index.md`, not in `ignored_content` or a draft section.
    fn is_post_path(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        path.starts_with("content/")
            && name.ends_with(".md")
            && !name.starts_with('.')
            && !name.starts_with("_index.")
            && !self
                .draft_sections
                .iter()
                .any(|dir| path.starts_with(dir.as_str()) && path[dir.len()..].starts_with('/'))
            && !self.ignored(path)
    }

    /// `draft = true`; `render = false` (Zola writes no page); and feedcard's
    /// own `feed = false`. Zola has no `published = false`: such pages are built.
    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        if post.front.flag("draft") == Some(true) {
            return Some(Excluded::Draft);
        }
        if post.front.flag("render") == Some(false) {
            return Some(Excluded::Hidden("`render = false`: Zola writes no page for it".to_string()));
        }
        match default_excluded(post) {
            Some(Excluded::Hidden(why)) => Some(Excluded::Hidden(why)),
            _ => None,
        }
    }

    fn date_from_path(&self, path: &str) -> Option<String> {
        let file = self.page_file(path).ok()?;
        dated_name(file.name).map(|dated| dated.date.to_string())
    }

    fn slug(&self, post: &PostFacts<'_>) -> String {
        match self.page_file(post.path) {
            Ok(file) => self.slug_of(post, &file),
            Err(_) => self.paths.slugify(post.file_stem()),
        }
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let file = self.page_file(post.path)?;
        let mut path = match post.front.text("path") {
            Some(path) if path.starts_with('/') => path,
            Some(path) => format!("/{path}"),
            None => {
                let slug = self.slug_of(post, &file);
                let mut parts: Vec<&str> = file.lang.into_iter().chain(file.sections.iter().copied()).collect();
                if !file.home {
                    parts.push(&slug);
                }
                format!("/{}", parts.join("/"))
            }
        };
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(path)
    }

    fn tag_keys(&self) -> Vec<String> {
        vec!["taxonomies.tags".to_string()]
    }

    fn describe(&self) -> Vec<String> {
        let mut lines = vec![
            "posts: dated .md pages under content/ (not _index.md, `draft = true` or `render = false`)".to_string(),
            "permalink: /<section folders>/<slug>/, or the page's own `path`".to_string(),
            format!(
                "slug: `slug`, else the file name (a bundle's folder name){}, slugify.paths = \"{}\"",
                if self.keep_dates { "" } else { " without its date" },
                self.paths.name()
            ),
            "dates without an offset: UTC (Zola has no time zone setting)".to_string(),
            "tags: [taxonomies] tags".to_string(),
        ];
        if !self.languages.is_empty() {
            lines.push(format!(
                "languages: {} (page.<lang>.md at /<lang>/...), default {}",
                self.languages.join(", "),
                self.default_language
            ));
        }
        if !self.draft_sections.is_empty() {
            lines.push(format!("draft sections, skipped: {}", self.draft_sections.join(", ")));
        }
        if let Some(ignored) = &self.ignored {
            lines.push(format!("ignored_content: {}", ignored.patterns.join(", ")));
        }
        lines
    }
}

#[cfg(test)]
mod tests;
