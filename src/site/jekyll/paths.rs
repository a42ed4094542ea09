//! Which files Jekyll reads as posts: the folders its reader walks (its
//! `EntryFilter`: names starting with `.`, `_`, `#` or `~`, backups and
//! `exclude:` are skipped unless `include:` names them), every `_posts`
//! folder found on the way, and file names like `2024-05-01-title.md`.

/// Jekyll 4.3's `DEFAULT_EXCLUDES`, always added to the site's `exclude:`.
pub(super) const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// The `exclude:`/`include:` lists and the folders that decide which
/// files are posts. Paths are from the site's source folder.
#[derive(Debug, Clone, Default)]
pub(super) struct Filter {
    /// `exclude:` less what `include:` names, plus the defaults.
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    /// The build output folder (`destination:`), never read.
    pub destination: String,
    /// `collections_dir:`; posts are only read below it.
    pub collections_dir: String,
}

/// A post file's place, from the source folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PostPlace<'a> {
    /// From the collections folder (Jekyll's `relative_path`).
    pub relative: &'a str,
    /// The title part of the file name, trailing dots dropped.
    pub title: &'a str,
    /// The extension with its dot (`.md`).
    pub ext: &'a str,
}

impl Filter {
    /// Whether Jekyll's reader enters the folder `path` (from the source
    /// folder) or, inside a `_posts` folder, can find posts below it.
    pub fn walks_dir(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.iter().position(|p| *p == "_posts") {
            Some(at) => {
                self.walks_dirs(&parts[..at])
                    && parts.get(at + 1).is_none_or(|first| self.included(first) || !special(first))
            }
            None => self.walks_dirs(&parts),
        }
    }

    /// Whether the file at `path` (from the source folder) is a post, and
    /// where it sits: in a `_posts` folder of a folder the reader walks,
    /// named `YYYY-MM-DD-title.ext`, not filtered out.
    pub fn post_place<'a>(&self, path: &'a str) -> Option<PostPlace<'a>> {
        let relative = match self.collections_dir.trim_matches('/') {
            "" => path,
            dir => path.strip_prefix(dir)?.strip_prefix('/')?,
        };
        let parts: Vec<&str> = path.split('/').collect();
        let at = parts.iter().position(|p| *p == "_posts")?;
        let dirs = &parts[..at];
        if !self.walks_dirs(dirs) {
            return None;
        }
        let folder = dirs.join("/");
        // `outside_configured_directory?`: a string prefix, as Jekyll checks it.
        let collections = self.collections_dir.trim_matches('/');
        if !collections.is_empty() && !format!("/{folder}").starts_with(&format!("/{collections}")) {
            return None;
        }
        let entry = parts[at + 1..].join("/");
        let base = parts.last().copied().unwrap_or_default();
        if entry.is_empty() || entry.ends_with('.') {
            return None;
        }
        let included = self.included(&entry) || self.included(base);
        if !included && (self.excluded(path, false) || special(&entry) || special(base) || entry.ends_with('~')) {
            return None;
        }
        let (_, title, ext) = dated_name(base)?;
        Some(PostPlace { relative, title: title.trim_end_matches('.'), ext })
    }

    /// The folders from the source root down: each one the reader enters.
    fn walks_dirs(&self, dirs: &[&str]) -> bool {
        (0..dirs.len()).all(|i| {
            let name = dirs[i];
            let path = dirs[..=i].join("/");
            let included = self.included(name);
            !name.ends_with('.')
                && (included || !self.excluded(&path, true))
                && (included || !(special(name) || name.ends_with('~')))
                && path != self.destination.trim_matches('/')
        })
    }

    fn excluded(&self, path: &str, is_dir: bool) -> bool {
        matches_any(&self.exclude, path, is_dir)
    }

    fn included(&self, entry: &str) -> bool {
        matches_any(&self.include, entry, false)
    }
}

/// `EntryFilter#glob_include?`: a pattern matches a path it globs, any path
/// that starts with it (as text), and a folder when written with a `/`.
fn matches_any(patterns: &[String], path: &str, is_dir: bool) -> bool {
    patterns.iter().any(|pattern| {
        let pattern = pattern.trim_start_matches('/');
        fnmatch(pattern.as_bytes(), path.as_bytes())
            || path.starts_with(pattern)
            || (is_dir && pattern.strip_suffix('/') == Some(path))
    })
}

/// Names the reader skips: starting with `.`, `_`, `#` or `~`.
fn special(name: &str) -> bool {
    name.starts_with(['.', '_', '#', '~'])
}

/// `YYYY-MM-DD-title.ext` (Jekyll's `DATE_FILENAME_MATCHER`: 2-4 digit
/// year, 1-2 digit month and day) as date, title and extension.
pub(super) fn dated_name(name: &str) -> Option<(&str, &str, &str)> {
    let bytes = name.as_bytes();
    let mut at = 0;
    for (min, max) in [(2, 4), (1, 2), (1, 2)] {
        let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits < min || digits > max || bytes.get(at + digits) != Some(&b'-') {
            return None;
        }
        at += digits + 1;
    }
    let date = &name[..at - 1];
    let rest = &name[at..];
    let dot = rest.rfind('.')?;
    let ext = &rest[dot..];
    (ext.len() > 1).then_some((date, &rest[..dot], ext))
}

/// Ruby's `File.fnmatch` without flags: `*` also matches `/`, `?` one
/// character, `[...]` a class (`[!...]`/`[^...]` negated), `\` escapes.
fn fnmatch(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(b'?') => Some(p + 1),
            Some(b'[') => class(pattern, p, text[t]),
            Some(b'\\') if p + 1 < pattern.len() => (pattern[p + 1] == text[t]).then_some(p + 2),
            Some(&c) => (c == text[t]).then_some(p + 1),
            None => None,
        };
        match (step, star) {
            (Some(next), _) => {
                p = next;
                t += 1;
            }
            (None, Some((star_p, star_t))) => {
                p = star_p + 1;
                t = star_t + 1;
                star = Some((star_p, star_t + 1));
            }
            (None, None) => return false,
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

/// Matches `c` against the class starting at `pattern[open]` (`[`); the
/// index after the class when it matches.
fn class(pattern: &[u8], open: usize, c: u8) -> Option<usize> {
    let mut i = open + 1;
    let negated = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negated {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let lo = match pattern.get(i) {
            None => return (c == b'[').then_some(open + 1),
            Some(b']') if !first => break,
            Some(b'\\') => {
                i += 1;
                *pattern.get(i)?
            }
            Some(&lo) => lo,
        };
        first = false;
        i += 1;
        if pattern.get(i) == Some(&b'-') && pattern.get(i + 1).is_some_and(|&hi| hi != b']') {
            let hi = pattern[i + 1];
            hit |= lo <= c && c <= hi;
            i += 2;
        } else {
            hit |= lo == c;
        }
    }
    (hit != negated).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> Filter {
        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.extend(["old-blog".to_string(), "*.bak.md".to_string(), "notes/".to_string()]);
        Filter {
            exclude,
            include: vec![".htaccess".to_string(), "_keep".to_string()],
            destination: "public".to_string(),
            collections_dir: String::new(),
        }
    }

    #[test]
    fn dated_names_follow_jekylls_pattern() {
        assert_eq!(dated_name("2024-05-01-hello.md"), Some(("2024-05-01", "hello", ".md")));
        assert_eq!(dated_name("2024-5-1-v1.2-release.markdown"), Some(("2024-5-1", "v1.2-release", ".markdown")));
        assert_eq!(dated_name("24-05-01-x.md"), Some(("24-05-01", "x", ".md")));
        assert_eq!(dated_name("2024-05-01-.md"), Some(("2024-05-01", "", ".md")));
        assert_eq!(dated_name("20240-05-01-x.md"), None);
        assert_eq!(dated_name("2024-05-01.md"), None);
        assert_eq!(dated_name("2024-05-01-noext"), None);
        assert_eq!(dated_name("hello.md"), None);
    }

    #[test]
    fn posts_are_dated_files_in_posts_folders_the_reader_walks() {
        let f = filter();
        let place = f.post_place("_posts/2024-05-01-hello.md").expect("a post");
        assert_eq!((place.relative, place.title, place.ext), ("_posts/2024-05-01-hello.md", "hello", ".md"));
        assert!(f.post_place("blog/_posts/2024-05-01-hello.md").is_some());
        assert!(f.post_place("_posts/2024/2024-05-01-in-a-subfolder.md").is_some());
        assert_eq!(f.post_place("_posts/2024-05-01-dots...md").map(|p| p.title), Some("dots"));
        for not_post in [
            "_posts/hello.md",
            "_drafts/2024-05-01-draft.md",
            "_other/_posts/2024-05-01-x.md",
            ".hidden/_posts/2024-05-01-x.md",
            "old-blog/_posts/2024-05-01-x.md",
            "old-blog-2/_posts/2024-05-01-x.md",
            "notes/_posts/2024-05-01-x.md",
            "public/_posts/2024-05-01-x.md",
            "_posts/_sub/2024-05-01-x.md",
            "_posts/2024-05-01-x.bak.md",
            "_posts/#2024-05-01-x.md",
            "node_modules/pkg/_posts/2024-05-01-x.md",
            "about.md",
            "2024-05-01-x.md",
        ] {
            assert_eq!(f.post_place(not_post), None, "{not_post}");
        }
        // Only the entry's first folder and its name are checked for `_`.
        assert!(f.post_place("_posts/a/_b/2024-05-01-x.md").is_some());
        assert!(f.post_place("_keep/_posts/2024-05-01-x.md").is_some());
    }

    #[test]
    fn walked_folders() {
        let f = filter();
        for walked in ["", "blog", "_posts", "blog/_posts", "_posts/2024", "_posts/a/_b", "_keep"] {
            assert!(f.walks_dir(walked), "{walked}");
        }
        for skipped in
            ["_drafts", "_site", ".git", "old-blog", "notes", "public", "_posts/_sub", "node_modules", "vendor/bundle"]
        {
            assert!(!f.walks_dir(skipped), "{skipped}");
        }
    }

    #[test]
    fn collections_dir_holds_the_posts() {
        let f = Filter { collections_dir: "content".to_string(), ..filter() };
        let place = f.post_place("content/blog/_posts/2024-05-01-x.md").expect("a post");
        assert_eq!(place.relative, "blog/_posts/2024-05-01-x.md");
        assert_eq!(f.post_place("_posts/2024-05-01-x.md"), None);
    }

    #[test]
    fn fnmatch_like_ruby() {
        assert!(fnmatch(b"*.md", b"a/b.md"));
        assert!(fnmatch(b"a?c", b"abc"));
        assert!(!fnmatch(b"a?c", b"ac"));
        assert!(fnmatch(b"[a-c]x", b"bx"));
        assert!(!fnmatch(b"[!a-c]x", b"bx"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(fnmatch(b"blog/**", b"blog/x/y"));
        assert!(!fnmatch(b"blog", b"blog2"));
    }
}
