//! `include:` and `exclude:` in feedcard.yaml: patterns with `.gitignore`
//! semantics (`drafts/`, `**/_index.md`, `!keep.md`), relative to the folder
//! of feedcard.yaml (the site root).

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Patterns are relative to this folder.
    root: PathBuf,
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
        let (include, exclude) = (build("include", include)?, build("exclude", exclude)?);
        Ok(Selection { root: root.to_path_buf(), include, exclude })
    }

    /// Whether the file at `path` is read as a post: `exclude` always wins,
    /// `include` adds to what the generator reads.
    pub fn is_post(&self, path: &Path, generator_says: bool) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return generator_says;
        }
        let rel = crate::post::relative_path(&self.root, path);
        let hit = |set: &Option<Gitignore>| {
            set.as_ref().is_some_and(|set| set.matched_path_or_any_parents(&rel, false).is_ignore())
        };
        !hit(&self.exclude) && (generator_says || hit(&self.include))
    }

    /// Whether a whole folder is excluded, so the walk need not enter it.
    pub fn skips_dir(&self, path: &Path) -> bool {
        if self.exclude.is_none() {
            return false;
        }
        let rel = crate::post::relative_path(&self.root, path);
        self.exclude.as_ref().is_some_and(|set| set.matched(&rel, true).is_ignore())
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
        assert!(s.is_post(Path::new("/site/posts/a.md"), true));
        assert!(!s.is_post(Path::new("/site/posts/drafts/a.md"), true));
        assert!(!s.is_post(Path::new("/site/posts/_index.md"), true));
        assert!(s.is_post(Path::new("/site/posts/keep/_index.md"), true));
        assert!(s.is_post(Path::new("/site/notes/n.md"), false));
        assert!(!s.is_post(Path::new("/site/pages/about.md"), false));
        assert!(s.skips_dir(Path::new("/site/posts/drafts")));
        assert!(!s.skips_dir(Path::new("/site/posts")));
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let err = Selection::new(Path::new("/site"), &["posts/{a,b".to_string()], &[]).unwrap_err();
        assert!(err.contains("posts/{a,b"), "{err}");
    }
}
