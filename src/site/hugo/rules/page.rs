//! A post as Hugo sees it: its content root, language, bundle, sections and
//! date, and the `[permalinks]` pattern that applies to it.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::super::content;
use super::super::dates::{date_from_name, DateSource};
use super::super::pattern::{PageInfo, Pattern};
use super::super::permalinks::Target;
use super::{HugoRules, Ugly};
use crate::site::PostFacts;

/// A post as Hugo sees it.
pub(super) struct Page {
    pub(super) language: String,
    /// The folder the page's path is made from (a bundle's parent), from the content root.
    pub(super) dir: String,
    pub(super) base_name: String,
    pub(super) section: String,
    pub(super) sections: Vec<String>,
    pub(super) date: DateTime<FixedOffset>,
    pub(super) slug: Option<String>,
}

impl HugoRules {
    /// `(language, folder, file name, content root)`: the folder is from its
    /// content root, the root from the site root; `None` outside them.
    pub(super) fn locate<'p>(&self, path: &'p str) -> Option<(String, &'p str, &'p str, String)> {
        let mut best: Option<(&str, &str)> = None;
        let mut candidates: Vec<(&str, &str)> = vec![("", self.content_dir.as_str())];
        candidates.extend(self.language_dirs.iter().map(|(lang, dir)| (lang.as_str(), dir.as_str())));
        for (lang, dir) in candidates {
            let inside = dir.is_empty() || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'));
            if inside && best.is_none_or(|(_, longest)| dir.len() > longest.len()) {
                best = Some((lang, dir));
            }
        }
        let (lang, root) = best?;
        let rel = if root.is_empty() { path } else { &path[root.len() + 1..] };
        let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let lang = if lang.is_empty() { self.default_language.clone() } else { lang.to_string() };
        Some((lang, folder, name, root.to_string()))
    }

    /// The folder holding a content root's `folder`, from the site root.
    pub(super) fn site_folder(root: &str, folder: &str) -> String {
        match (root.is_empty(), folder.is_empty()) {
            (true, _) => folder.to_string(),
            (false, true) => root.to_string(),
            (false, false) => format!("{root}/{folder}"),
        }
    }

    pub(super) fn is_bundle(&self, root: &str, folder: &str) -> bool {
        !folder.is_empty() && self.scan.leaf_bundles.contains(&Self::site_folder(root, folder))
    }

    /// The facts a pattern is filled from, and the page's path parts.
    pub(super) fn page(&self, post: &PostFacts<'_>) -> Result<Page, String> {
        let (language, folder, name, root) =
            self.locate(post.path).ok_or_else(|| format!("`{}` is not in Hugo's content folder", post.path))?;
        let (base, lang, _) = content::split_name(name, &self.languages).unwrap_or((name, None, ""));
        let language = lang.map(str::to_lowercase).unwrap_or(language);
        // A bundle is named by its folder, and sits in the folder above.
        let (dir, base_name) = match (base, self.is_bundle(&root, folder)) {
            ("index", true) => folder.rsplit_once('/').map_or(("", folder), |(d, b)| (d, b)),
            _ => (folder, base),
        };
        let section = dir.split('/').next().unwrap_or("").to_string();
        // The nearest folder that is a section: the top one, or one with `_index.md`.
        let current = content::ancestors(dir)
            .find(|d| !d.contains('/') || self.scan.branches.contains(&Self::site_folder(&root, d)))
            .unwrap_or("");
        let sections = current.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let bundle_or_file = if base == "index" && self.is_bundle(&root, folder) { folder } else { name };
        let (date, file_slug) = self.date(post, bundle_or_file.rsplit('/').next().unwrap_or(name));
        let slug =
            post.front.text("slug").map(|s| s.trim_matches('-').to_string()).filter(|s| !s.is_empty()).or(file_slug);
        Ok(Page { language, dir: dir.to_string(), base_name: base_name.to_string(), section, sections, date, slug })
    }

    /// `.Date` as Hugo finds it (with the file-name slug when `:filename`
    /// gave it); year 1 when the page has none.
    pub(super) fn date(&self, post: &PostFacts<'_>, file_name: &str) -> (DateTime<FixedOffset>, Option<String>) {
        for source in &self.date_sources {
            match source {
                DateSource::Key(key) => {
                    if let Some(date) = post.front.date(key, post.timezone) {
                        return (date, None);
                    }
                }
                DateSource::Filename => {
                    if let Some((date, slug)) = date_from_name(file_name, post) {
                        return (date, Some(slug).filter(|s| !s.is_empty()));
                    }
                }
            }
        }
        let zero = NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let zero = zero.map(|d| FixedOffset::east_opt(0).map(|utc| utc.from_utc_datetime(&d)));
        (zero.flatten().unwrap_or(post.date), None)
    }

    pub(super) fn pattern_for(&self, page: &Page, path: &str) -> Option<&Pattern> {
        let page_path = format!("/{}", path.trim_matches('/'));
        let folder = if page.dir.is_empty() { String::new() } else { page.dir.to_lowercase() };
        let mut best: Option<(&Pattern, usize)> = None;
        for rule in &self.rules {
            let weight = match &rule.target {
                Target::Glob(glob) => glob.is_match(&page_path).then_some(usize::MAX),
                Target::Section(section) if section.is_empty() => folder.is_empty().then_some(0),
                Target::Section(section) => {
                    let inside = folder == *section || folder.starts_with(&format!("{section}/"));
                    inside.then_some(section.len() + 1)
                }
            };
            // The list form's first match wins; otherwise the deepest section.
            if let Some(weight) = weight {
                if best.is_none_or(|(_, w)| weight > w) {
                    best = Some((&rule.pattern, weight));
                }
                if weight == usize::MAX {
                    break;
                }
            }
        }
        best.map(|(pattern, _)| pattern)
    }

    pub(super) fn is_ugly(&self, section: &str) -> bool {
        match &self.ugly {
            Ugly::All(ugly) => *ugly,
            Ugly::Sections(map) => map.get(&section.to_lowercase()).copied().unwrap_or(false),
        }
    }

    pub(super) fn language_prefix(&self, language: &str) -> Option<String> {
        (language != self.default_language || self.default_in_subdir).then(|| language.to_string())
    }

    pub(super) fn info<'a>(&self, page: &'a Page, title: &'a str) -> PageInfo<'a> {
        PageInfo {
            title,
            slug: page.slug.as_deref(),
            base_name: &page.base_name,
            section: &page.section,
            sections: &page.sections,
            date: page.date,
        }
    }
}
