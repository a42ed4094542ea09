//! Finds the Markdown files the site publishes as posts, in a fixed order.
//! Symlinks are followed only while they stay inside the folder.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::site::{Selection, SiteRules};

/// The endings read as Markdown (`.mdx` as Astro uses it: Markdown with JSX).
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mdx"];

/// What the walk found.
pub(crate) struct Walked {
    /// The posts' files, sorted.
    pub files: Vec<PathBuf>,
    /// Markdown files the site does not publish as posts (pages, `_index.md`).
    pub not_posts: usize,
    pub problems: Vec<Diagnostic>,
}

/// Which files are posts: the generator's rules, then `include`/`exclude`.
pub(crate) struct Filter<'a> {
    pub rules: &'a dyn SiteRules,
    pub selection: &'a Selection,
}

impl Filter<'_> {
    fn skip_dir(&self, root: &Path, dir: &Path) -> bool {
        self.rules.skip_dir(&relative(root, dir)) || self.selection.skips_dir(dir)
    }

    fn is_post(&self, root: &Path, file: &Path) -> bool {
        self.selection.is_post(file, self.rules.is_post_path(&relative(root, file)))
    }
}

/// Every post file under `root`'s post folders, sorted, plus the problems
/// met on the way.
pub(crate) fn post_files(root: &Path, filter: &Filter<'_>) -> Walked {
    let (files, problems) = markdown_files(root, filter);
    let mut walked = Walked { files: Vec::new(), not_posts: 0, problems };
    for file in files {
        if filter.is_post(root, &file) {
            walked.files.push(file);
        } else {
            walked.not_posts += 1;
        }
    }
    walked
}

/// `path` from `root`, `/`-separated.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Every Markdown file under `root`'s post folders, sorted.
fn markdown_files(root: &Path, filter: &Filter<'_>) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let canonical = match fs::canonicalize(root) {
        Ok(canonical) if canonical.is_dir() => canonical,
        Ok(_) => {
            let problem = Diagnostic::error(root, None, "the input is not a folder")
                .with_help("pass the folder that holds the posts, or use `feedcard card` for one post");
            return (Vec::new(), vec![problem]);
        }
        Err(e) => {
            let problem = Diagnostic::error(root, None, format!("cannot open the input folder: {e}"))
                .with_help("check the path given as INPUT or `input:` in feedcard.yaml");
            return (Vec::new(), vec![problem]);
        }
    };
    let mut walk = Walk {
        root: canonical.clone(),
        input: root.to_path_buf(),
        filter,
        visited: BTreeSet::new(),
        seen: HashSet::new(),
        links: Vec::new(),
        files: Vec::new(),
        problems: Vec::new(),
    };
    for post_root in filter.rules.post_roots() {
        let dir = if post_root.is_empty() { root.to_path_buf() } else { root.join(&post_root) };
        // A generator's usual folder that this site does not have holds no posts.
        if let Ok(real) = fs::canonicalize(&dir) {
            if real.is_dir() && real.starts_with(&canonical) {
                walk.dir(&dir, real);
            }
        }
    }
    // Links last, so that a file or folder reached both directly and through
    // a link is read once, under its real name. Following a link may find more.
    let mut next = 0;
    while let Some(link) = walk.links.get(next).cloned() {
        walk.symlink(&link);
        next += 1;
    }
    walk.files.sort();
    (walk.files, walk.problems)
}

pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| MARKDOWN_EXTENSIONS.iter().any(|md| ext.eq_ignore_ascii_case(md)))
}

struct Walk<'a> {
    /// The input folder, canonical; nothing outside it is read.
    root: PathBuf,
    /// The input folder as given, for the paths the rules see.
    input: PathBuf,
    filter: &'a Filter<'a>,
    /// Canonical folders already walked, so a symlink loop ends.
    visited: BTreeSet<PathBuf>,
    /// Canonical files already found; hashed, as comparing long paths part
    /// by part in a tree cost more than listing the folder.
    seen: HashSet<PathBuf>,
    /// Symlinks met, followed after the real tree.
    links: Vec<PathBuf>,
    files: Vec<PathBuf>,
    problems: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, canonical: PathBuf) {
        if dir != self.input && self.filter.skip_dir(&self.input, dir) {
            return;
        }
        if !self.visited.insert(canonical.clone()) {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.problems.push(
                    Diagnostic::error(dir, None, format!("cannot read this folder: {e}"))
                        .with_help("check its permissions"),
                );
                return;
            }
        };
        // The entry's own type needs no extra system call on most platforms.
        let mut found: Vec<_> = entries.filter_map(|entry| entry.ok()).collect();
        found.sort_by_key(|entry| entry.file_name());
        for entry in found {
            let name = entry.file_name();
            // Hidden files and folders (.git, editor swap files) are not posts.
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = dir.join(&name);
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                self.dir(&path, canonical.join(&name));
            } else if kind.is_symlink() {
                self.links.push(path);
            } else if is_markdown(&path) && self.seen.insert(canonical.join(&name)) {
                self.files.push(path);
            }
        }
    }

    fn symlink(&mut self, path: &Path) {
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) => {
                if is_markdown(path) {
                    self.problems.push(
                        Diagnostic::error(path, None, format!("cannot follow this symlink: {e}"))
                            .with_help("fix or remove the link"),
                    );
                }
                return;
            }
        };
        if !target.starts_with(&self.root) {
            // Only a post may not leave the folder; other links are not read.
            if !is_markdown(path) {
                return;
            }
            self.problems.push(
                Diagnostic::error(
                    path,
                    None,
                    format!("this symlink points outside the input folder, to {}", target.display()),
                )
                .with_help("copy the file into the input folder or remove the link"),
            );
        } else if target.is_dir() {
            self.dir(path, target);
        } else if is_markdown(path) && self.seen.insert(target) {
            self.files.push(path.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|f| f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect()
    }

    fn everything(root: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let rules = crate::site::PlainRules::new("/{slug}/", crate::config::SlugSource::File);
        let selection = Selection::default();
        let walked = post_files(root, &Filter { rules: &rules, selection: &selection });
        (walked.files, walked.problems)
    }

    #[test]
    fn every_markdown_ending_is_read_and_exclude_patterns_apply() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("drafts")).unwrap();
        for file in ["a.markdown", "b.mdown", "c.mdx", "d.md", "e.txt", "drafts/f.md", "_index.md"] {
            fs::write(root.join(file), "x").unwrap();
        }
        let rules = crate::site::PlainRules::new("/{slug}/", crate::config::SlugSource::File);
        let selection = Selection::new(root, &[], &["drafts/".to_string(), "_index.md".to_string()]).unwrap();
        let walked = post_files(root, &Filter { rules: &rules, selection: &selection });
        assert_eq!(names(root, &walked.files), ["a.markdown", "b.mdown", "c.mdx", "d.md"]);
        assert_eq!(walked.not_posts, 1, "_index.md is looked at and left; drafts/ is never entered");
    }

    #[test]
    fn finds_markdown_recursively_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deeper")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        for file in ["z.md", "a.MD", "notes.txt", "b/deeper/c.md", "b/a.md", ".git/x.md", ".hidden.md"] {
            fs::write(root.join(file), "x").unwrap();
        }
        let (files, problems) = everything(root);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names(root, &files), ["a.MD", "b/a.md", "b/deeper/c.md", "z.md"]);
    }

    #[test]
    fn missing_input_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (files, problems) = everything(&dir.path().join("nope"));
        assert!(files.is_empty());
        assert!(problems[0].message.contains("cannot open the input folder"), "{}", problems[0]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_are_followed_posts_outside_are_errors_loops_end() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("real")).unwrap();
        fs::write(root.join("real/post.md"), "x").unwrap();
        symlink(root.join("real"), root.join("linked")).unwrap();
        symlink(root, root.join("real/loop")).unwrap();
        symlink(outside.path().join("secret.md"), root.join("out.md")).unwrap();
        symlink(outside.path(), root.join("outdir")).unwrap();
        symlink(root.join("self.md"), root.join("self.md")).unwrap();

        let (files, problems) = everything(root);
        // `real` is walked once, under its own name; `linked` and `loop` lead nowhere new.
        assert_eq!(names(root, &files), ["real/post.md"]);
        let mut flagged: Vec<String> =
            problems.iter().map(|p| names(root, std::slice::from_ref(&p.file)).remove(0)).collect();
        flagged.sort();
        // A folder linked from outside holds no post of this site and is not read.
        assert_eq!(flagged, ["out.md", "self.md"], "{problems:?}");
        assert!(problems.iter().any(|p| p.message.contains("outside the input folder")));
    }
}
