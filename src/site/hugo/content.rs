//! One look at the content folder when the site is loaded, for what Hugo
//! decides from the folder as a whole: which folders are page bundles (an
//! `index.md` makes every other file below it a resource, not a page), which
//! are sections (`_index.md`), and how many pages each top-level section
//! has (the largest is the main section when the config names none).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The endings Hugo reads as content (matched case-sensitively, as Hugo does).
pub const CONTENT_EXTENSIONS: &[&str] =
    &["md", "markdown", "mdown", "html", "htm", "adoc", "asciidoc", "ad", "pandoc", "pdc", "rst", "org"];

/// A content file's name split as Hugo reads it: `index.de.md` is
/// (`index`, Some(`de`), `md`). The language part is kept only when it is
/// one of `languages`.
pub fn split_name<'a>(name: &'a str, languages: &BTreeSet<String>) -> Option<(&'a str, Option<&'a str>, &'a str)> {
    let (rest, ext) = name.rsplit_once('.')?;
    if !CONTENT_EXTENSIONS.contains(&ext) || rest.is_empty() {
        return None;
    }
    match rest.rsplit_once('.') {
        Some((base, lang)) if languages.contains(&lang.to_lowercase()) && !base.is_empty() => {
            Some((base, Some(lang), ext))
        }
        _ => Some((rest, None, ext)),
    }
}

/// Files Hugo never reads as content.
pub fn ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
}

/// What the content folders hold, as paths from the site root.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Folders with an `index.*` content file.
    pub leaf_bundles: BTreeSet<String>,
    /// Folders with an `_index.*` content file.
    pub branches: BTreeSet<String>,
    /// Regular pages per top-level section, by lowercased section name.
    pub pages: BTreeMap<String, usize>,
}

/// Walks each content root (`content`, or one per language).
pub fn scan(site: &Path, roots: &[String], languages: &BTreeSet<String>) -> Scan {
    let mut scan = Scan::default();
    let mut files = Vec::new();
    for root in roots {
        walk(site, root, &mut scan, &mut files, languages);
    }
    for file in files {
        // A bundle's page belongs to the folder above the bundle.
        let folder = match file.is_index && scan.leaf_bundles.contains(&file.folder) {
            true => file.folder.rsplit_once('/').map_or("", |(parent, _)| parent),
            false => file.folder.as_str(),
        };
        let section = match file.root.is_empty() {
            true => Some(folder).filter(|f| !f.is_empty()),
            false => folder.strip_prefix(&file.root).and_then(|rest| rest.strip_prefix('/')),
        };
        let Some(section) = section.map(|rest| rest.split('/').next().unwrap_or(rest)) else { continue };
        if is_page(&file.folder, file.is_index, &scan.leaf_bundles) {
            *scan.pages.entry(section.to_lowercase()).or_default() += 1;
        }
    }
    scan
}

/// Whether a content file in `folder` is a page of its own rather than a
/// resource of a bundle: no folder above it is a leaf bundle, and in its
/// own folder only the `index` file is.
pub fn is_page(folder: &str, is_index: bool, leaf_bundles: &BTreeSet<String>) -> bool {
    let mut above = ancestors(folder);
    let own = above.next();
    let under_bundle = above.any(|dir| leaf_bundles.contains(dir));
    let own_is_bundle = own.is_some_and(|dir| leaf_bundles.contains(dir));
    !under_bundle && (!own_is_bundle || is_index)
}

/// `a/b/c`, `a/b`, `a`.
pub fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let dir = dir.trim_end_matches('/');
    std::iter::successors((!dir.is_empty()).then_some(dir), |d| d.rsplit_once('/').map(|(parent, _)| parent))
}

/// A content file met on the walk.
struct Found {
    root: String,
    /// From the site root: `content/posts`.
    folder: String,
    is_index: bool,
}

fn walk(site: &Path, root: &str, scan: &mut Scan, files: &mut Vec<Found>, languages: &BTreeSet<String>) {
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let dir = if rel.is_empty() { site.join(root) } else { site.join(root).join(&rel) };
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if ignored_name(&name) {
                continue;
            }
            let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(path);
            } else if let Some((base, _, _)) = split_name(&name, languages) {
                let folder = if rel.is_empty() { root.to_string() } else { format!("{root}/{rel}") };
                match base {
                    "index" if !rel.is_empty() => {
                        scan.leaf_bundles.insert(folder.clone());
                    }
                    "_index" => {
                        scan.branches.insert(folder);
                        continue;
                    }
                    _ => {}
                }
                files.push(Found { root: root.to_string(), folder, is_index: base == "index" });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_base_language_and_ending() {
        let langs: BTreeSet<String> = ["en".to_string(), "de".to_string()].into();
        assert_eq!(split_name("index.de.md", &langs), Some(("index", Some("de"), "md")));
        assert_eq!(split_name("post.fr.md", &langs), Some(("post.fr", None, "md")));
        assert_eq!(split_name("v1.2.md", &langs), Some(("v1.2", None, "md")));
        assert_eq!(split_name("UPPER.MD", &langs), None);
        assert_eq!(split_name("notes.txt", &langs), None);
        assert_eq!(split_name(".md", &langs), None);
    }

    #[test]
    fn folders_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "content/about.md",
            "content/posts/_index.md",
            "content/posts/a.md",
            "content/posts/b.md",
            "content/posts/bundle/index.md",
            "content/posts/bundle/extra.md",
            "content/posts/bundle/deep/more.md",
            "content/posts/series/_index.md",
            "content/posts/series/c.md",
            "content/notes/n.md",
            "content/notes/.hidden.md",
        ];
        for file in files {
            let path = dir.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "---\n---\n").unwrap();
        }
        let langs: BTreeSet<String> = ["en".to_string()].into();
        let scan = scan(dir.path(), &["content".to_string()], &langs);
        assert_eq!(scan.leaf_bundles, ["content/posts/bundle".to_string()].into());
        assert_eq!(scan.branches, ["content/posts".to_string(), "content/posts/series".to_string()].into());
        assert_eq!(scan.pages.get("posts"), Some(&4));
        assert_eq!(scan.pages.get("notes"), Some(&1));
        assert_eq!(scan.pages.len(), 2);
    }
}
