//! Astro's rules: a post is an entry of a collection a page route renders;
//! its address is the route's folder and the entry's id (the path in the
//! collection, each segment through github-slugger, or the entry's `slug:`).

use ignore::gitignore::Gitignore;
use unicode_normalization::UnicodeNormalization;

use super::slugger::{github_slug, paper_slug};
use crate::site::{join_url_path, PostFacts, SiteRules};

/// How the route makes an address from an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `params: { slug: post.id }`: the route's folder, then the id.
    Id,
    /// AstroPaper's `getPath`: the route's folder, the entry's folders
    /// (each slugified, `_` folders left out), then the id's last segment.
    Paper,
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    /// The loader's `base`, from the site root.
    pub base: String,
    pub matcher: Option<Gitignore>,
    pub patterns: Vec<String>,
    pub skip_underscore: bool,
    /// The route's folder: `/blog/`.
    pub prefix: String,
    pub style: Style,
    /// Whether the site's links end in `/`.
    pub slash: bool,
    /// Whether `.mdx` entries are rendered (the MDX integration is in the config).
    pub mdx: bool,
}

impl Collection {
    /// The path inside the collection, when `path` (from the site root) is in it.
    fn entry<'p>(&self, path: &'p str) -> Option<&'p str> {
        if self.base.is_empty() {
            return Some(path);
        }
        path.strip_prefix(&self.base)?.strip_prefix('/')
    }

    fn contains(&self, path: &str) -> bool {
        let Some(entry) = self.entry(path) else { return false };
        let ext = entry.rsplit_once('.').map_or("", |(_, ext)| ext);
        let markdown =
            matches!(ext, "md" | "markdown" | "mdown" | "mkdn" | "mkd" | "mdwn") || (ext == "mdx" && self.mdx);
        // The glob loader, like every glob here, skips dot files.
        let hidden = entry.split('/').any(|part| part.starts_with('.'))
            || (self.skip_underscore && entry.split('/').any(|part| part.starts_with('_')));
        markdown
            && !hidden
            && self.matcher.as_ref().is_none_or(|m| m.matched_path_or_any_parents(entry, false).is_ignore())
    }

    /// The entry's id: its `slug:`, else its path without the extension,
    /// each segment slugged, `/index` dropped.
    fn id(&self, post: &PostFacts<'_>) -> String {
        if let Some(slug) = post.front.text("slug") {
            return slug;
        }
        let entry = self.entry(post.path).unwrap_or(post.path);
        let stem = entry.rsplit_once('.').map_or(entry, |(stem, _)| stem);
        let id: Vec<String> = stem.split('/').map(github_slug).collect();
        let id = id.join("/");
        id.strip_suffix("/index").map(str::to_string).unwrap_or(id)
    }
}

#[derive(Debug, Clone)]
pub struct AstroRules {
    pub collections: Vec<Collection>,
}

impl AstroRules {
    /// The collection of the post: the one with the longest base holding it.
    fn collection(&self, path: &str) -> Option<&Collection> {
        self.collections.iter().filter(|c| c.contains(path)).max_by_key(|c| c.base.len())
    }
}

impl SiteRules for AstroRules {
    fn post_roots(&self) -> Vec<String> {
        self.collections.iter().map(|c| c.base.clone()).collect()
    }

    fn is_post_path(&self, path: &str) -> bool {
        self.collection(path).is_some()
    }

    fn slug(&self, post: &PostFacts<'_>) -> String {
        match self.collection(post.path) {
            Some(c) if c.style == Style::Paper => c.id(post).rsplit('/').next().unwrap_or_default().to_string(),
            Some(c) => c.id(post),
            None => github_slug(post.file_stem()),
        }
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let collection = self
            .collection(post.path)
            .ok_or_else(|| format!("`{}` is in no content collection that a page route renders", post.path))?;
        let id = collection.id(post);
        let path = match collection.style {
            Style::Id => join_url_path(&[&collection.prefix, &id]),
            Style::Paper => {
                let entry = collection.entry(post.path).unwrap_or(post.path);
                let folders: Vec<String> = entry
                    .split('/')
                    .filter(|part| !part.is_empty() && !part.starts_with('_'))
                    .collect::<Vec<_>>()
                    .split_last()
                    .map(|(_, folders)| folders.iter().map(|f| paper_slug(f)).collect())
                    .unwrap_or_default();
                let last = id.rsplit('/').next().unwrap_or_default();
                join_url_path(&[&collection.prefix, &folders.join("/"), last])
            }
        };
        let path = match (collection.slash, path.ends_with('/')) {
            (true, false) => format!("{path}/"),
            (false, true) if path != "/" => path.trim_end_matches('/').to_string(),
            _ => path,
        };
        // Astro writes the page under the NFC form of the path, even when the
        // id keeps a file name's decomposed letters.
        Ok(path.nfc().collect())
    }

    fn describe(&self) -> Vec<String> {
        if self.collections.is_empty() {
            return vec!["posts: none found (no content collection with a page route)".to_string()];
        }
        self.collections
            .iter()
            .map(|c| {
                let address = match c.style {
                    Style::Id => format!("{}<id>{}", c.prefix, if c.slash { "/" } else { "" }),
                    Style::Paper => {
                        format!("{}<folders>/<id>{} (AstroPaper getPath)", c.prefix, if c.slash { "/" } else { "" })
                    }
                };
                format!("collection `{}`: {}/{} → {address}", c.name, c.base, c.patterns.join(", "))
            })
            .collect()
    }
}
