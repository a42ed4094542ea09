//! A plain folder of posts, or any site whose feedcard.yaml sets
//! `permalink:`: the address is that pattern with the post's slug and date.

use chrono::Datelike;
use std::sync::Arc;

use super::{Excluded, PostFacts, SiteRules};
use crate::config::SlugSource;
use crate::post::{slug_source_from_path, slugify};

/// The placeholders a feedcard.yaml `permalink:` may use.
pub const PLACEHOLDERS: &[&str] = &["slug", "year", "month", "day", "filename"];

#[derive(Debug, Clone)]
pub struct PlainRules {
    /// `/{year}/{slug}/`: a path on the site.
    pub pattern: String,
    pub slug_source: SlugSource,
    /// The generator whose other rules (which files, drafts, slugs, tags)
    /// still apply when only the pattern is overridden.
    pub base: Option<Arc<dyn SiteRules>>,
}

impl PlainRules {
    pub fn new(pattern: &str, slug_source: SlugSource) -> PlainRules {
        PlainRules { pattern: pattern.to_string(), slug_source, base: None }
    }
}

impl PlainRules {
    /// What a slug is made from when the post has no `slug:`.
    fn slug_text(&self, post: &PostFacts<'_>) -> String {
        match (&self.slug_source, post.front.text("slug")) {
            (_, Some(slug)) => slug,
            (SlugSource::File, None) => slug_source_from_path(std::path::Path::new(post.path)),
            (SlugSource::Title, None) => post.title.to_string(),
        }
    }
}

impl SiteRules for PlainRules {
    fn post_roots(&self) -> Vec<String> {
        self.base.as_ref().map_or_else(|| vec![String::new()], |base| base.post_roots())
    }

    fn skip_dir(&self, path: &str) -> bool {
        match &self.base {
            Some(base) => base.skip_dir(path),
            None => {
                let name = path.rsplit('/').next().unwrap_or(path);
                // Unfinished posts, by the name every generator gives them.
                name.starts_with('.') || name.eq_ignore_ascii_case("drafts") || name.eq_ignore_ascii_case("_drafts")
            }
        }
    }

    fn is_post_path(&self, path: &str) -> bool {
        self.base.as_ref().is_none_or(|base| base.is_post_path(path))
    }

    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        match &self.base {
            Some(base) => base.excluded(post),
            None => super::default_excluded(post),
        }
    }

    fn publish_date_keys(&self) -> &'static [&'static str] {
        self.base.as_ref().map_or(&[], |base| base.publish_date_keys())
    }

    fn expiry_date_keys(&self) -> &'static [&'static str] {
        self.base.as_ref().map_or(&[], |base| base.expiry_date_keys())
    }

    /// The `slug:` key, else the file name (without a date prefix) or the
    /// title, reduced to `[a-z0-9-]`.
    fn slug(&self, post: &PostFacts<'_>) -> String {
        if let Some(slug) = post.front.text("slug") {
            return slugify(&slug).unwrap_or_default();
        }
        if let Some(base) = &self.base {
            return base.slug(post);
        }
        slugify(&self.slug_text(post)).unwrap_or_default()
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        // A post's own address wins; the reader keeps it on the site's host.
        if self.base.is_none() {
            if let Some(own) = post.front.text("permalink").or_else(|| post.front.text("url")) {
                return Ok(own);
            }
        }
        let slug = self.slug(post);
        if slug.is_empty() {
            return Err(format!(
                "cannot make an address (slug) from `{}`: it has no letters or digits; add a `slug:` like `slug: my-post`",
                self.slug_text(post)
            ));
        }
        let local = post.local_date();
        let path = self
            .pattern
            .replace("{slug}", &slug)
            .replace("{year}", &format!("{:04}", local.year()))
            .replace("{month}", &format!("{:02}", local.month()))
            .replace("{day}", &format!("{:02}", local.day()))
            .replace("{filename}", post.file_stem());
        Ok(if path.starts_with('/') { path } else { format!("/{path}") })
    }

    fn shows_tag(&self, tag: &str) -> bool {
        self.base.as_ref().is_none_or(|base| base.shows_tag(tag))
    }

    fn splits_tags_at_spaces(&self) -> bool {
        self.base.as_ref().is_some_and(|base| base.splits_tags_at_spaces())
    }

    fn tag_keys(&self) -> Vec<String> {
        self.base.as_ref().map_or_else(|| vec!["tags".to_string(), "categories".to_string()], |base| base.tag_keys())
    }

    fn describe(&self) -> Vec<String> {
        let mut lines = match &self.base {
            Some(base) => base.describe().into_iter().filter(|line| !line.starts_with("permalink")).collect(),
            None => vec!["posts: every Markdown file under the input folder".to_string()],
        };
        lines.push(match &self.base {
            Some(_) => format!("permalink: {} (feedcard.yaml's, replacing the generator's own)", self.pattern),
            None => format!("permalink: {}", self.pattern),
        });
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_folders_and_hidden_folders_are_not_walked() {
        let rules = PlainRules::new("/{slug}/", SlugSource::File);
        for dir in ["drafts", "posts/Drafts", "_drafts", ".git"] {
            assert!(rules.skip_dir(dir), "{dir}");
        }
        assert!(!rules.skip_dir("posts/draft-ideas"));
    }
}
