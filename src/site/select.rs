//! `include:` and `exclude:` in feedcard.yaml: patterns with `.gitignore`
//! semantics (`drafts/`, `**/_index.md`, `!keep.md`), relative to the site root.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Selection {
    include: Option<Gitignore>,
    exclude: Option<Gitignore>,
}

impl Selection {
    /// `Err` names the pattern that is not a valid glob.
    pub fn new(root: &Path, include: &[String], exclude: &[String]) -> Result<Selection, String> {
        let build = |key: &str, patterns: &[String]| -> Result<Option<Gitignore>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut builder = GitignoreBuilder::new(root);
            for pattern in patterns {
                builder
                    .add_line(None, pattern)
                    .map_err(|e| format!("{key}: `{pattern}` is not a valid pattern ({e})"))?;
            }
            builder.build().map(Some).map_err(|e| format!("{key}: {e}"))
        };
        Ok(Selection { include: build("include", include)?, exclude: build("exclude", exclude)? })
    }

    /// Whether the file at `path` (from the site root) is read as a post:
    /// `exclude` always wins, `include` adds to what the generator reads.
    pub fn is_post(&self, path: &str, generator_says: bool) -> bool {
        let hit = |set: &Option<Gitignore>| {
            set.as_ref().is_some_and(|set| set.matched_path_or_any_parents(path, false).is_ignore())
        };
        !hit(&self.exclude) && (generator_says || hit(&self.include))
    }

    /// Whether a whole folder is excluded, so the walk need not enter it.
    pub fn skips_dir(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|set| set.matched(path, true).is_ignore())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(include: &[&str], exclude: &[&str]) -> Selection {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Selection::new(Path::new("/site"), &owned(include), &owned(exclude)).unwrap()
    }

    #[test]
    fn exclude_wins_and_include_adds() {
        let s = selection(&["notes/*.md"], &["drafts/", "**/_index.md", "!posts/keep/_index.md"]);
        assert!(s.is_post("posts/a.md", true));
        assert!(!s.is_post("posts/drafts/a.md", true));
        assert!(!s.is_post("posts/_index.md", true));
        assert!(s.is_post("posts/keep/_index.md", true));
        assert!(s.is_post("notes/n.md", false));
        assert!(!s.is_post("pages/about.md", false));
        assert!(s.skips_dir("posts/drafts"));
        assert!(!s.skips_dir("posts"));
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let err = Selection::new(Path::new("/site"), &["posts/{a,b".to_string()], &[]).unwrap_err();
        assert!(err.contains("posts/{a,b"), "{err}");
    }
}
