//! The site: which generator built it, what its own config says (URL, title,
//! time zone), which files are its posts and at what address it serves each.
//! One file per generator, each a small table of rules plus the generator's
//! own slugify. The reader asks these rules; it stays the only code that
//! reads posts.

mod astro;
mod detect;
mod eleventy;
mod files;
mod front;
mod hugo;
mod jekyll;
mod js;
mod npm_slugify;
mod plain;
mod render_engine;
mod select;
mod zola;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use chrono_tz::Tz;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use detect::{detect, load};
pub use files::{first_file, read_config_text, read_text};
pub(crate) use front::nested;
pub use front::FrontMatter;
pub use plain::{PlainRules, PLACEHOLDERS as PLAIN_PLACEHOLDERS};
pub use select::Selection;

/// The static-site generators feedcard knows the rules of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generator {
    /// No generator: a folder of posts and feedcard.yaml's `permalink`.
    Plain,
    Hugo,
    Jekyll,
    Eleventy,
    Astro,
    Zola,
    RenderEngine,
}

impl Generator {
    pub const ALL: [Generator; 7] = [
        Generator::Plain,
        Generator::Hugo,
        Generator::Jekyll,
        Generator::Eleventy,
        Generator::Astro,
        Generator::Zola,
        Generator::RenderEngine,
    ];

    /// The name used in feedcard.yaml's `generator:`.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Plain => "plain",
            Generator::Hugo => "hugo",
            Generator::Jekyll => "jekyll",
            Generator::Eleventy => "eleventy",
            Generator::Astro => "astro",
            Generator::Zola => "zola",
            Generator::RenderEngine => "render-engine",
        }
    }

    pub fn from_name(name: &str) -> Option<Generator> {
        let name = name.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let name = match name.as_str() {
            "11ty" => "eleventy",
            "renderengine" => "render-engine",
            "none" => "plain",
            other => other,
        };
        Generator::ALL.into_iter().find(|g| g.name() == name)
    }
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the site's own config files say about it. Every field is optional:
/// feedcard.yaml and the command line fill or override each one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteSettings {
    /// The site's public address, as written (Hugo `baseURL`, Jekyll `url` + `baseurl`, ...).
    pub url: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// An IANA zone name (Hugo `timeZone`, Jekyll `timezone`).
    pub timezone: Option<String>,
    /// The file each setting above came from, for the detection summary.
    pub sources: Vec<(&'static str, PathBuf)>,
}

impl SiteSettings {
    /// Records where a setting was read, when it was found.
    pub fn note(&mut self, setting: &'static str, file: &Path) {
        self.sources.push((setting, file.to_path_buf()));
    }
}

/// A generator recognised in a site folder.
#[derive(Debug, Clone)]
pub struct Detected {
    pub generator: Generator,
    /// The file that identified it (`hugo.toml`, `_config.yml`); `None` when
    /// the generator was named in feedcard.yaml and has no config file.
    pub marker: Option<PathBuf>,
    pub settings: SiteSettings,
    pub rules: Arc<dyn SiteRules>,
}

/// A problem in a generator's own config file (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl SiteError {
    pub fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> SiteError {
        SiteError { file: file.to_path_buf(), line, message: message.into() }
    }
}

/// The facts about one post that a generator's rules look at.
pub struct PostFacts<'a> {
    /// From the site root, `/`-separated: `content/posts/hello/index.md`.
    pub path: &'a str,
    /// The title as the post gives it (entities decoded).
    pub title: &'a str,
    /// The publish date, with the offset written in the post (or the site's
    /// zone's when none was written).
    pub date: DateTime<FixedOffset>,
    /// The site's time zone, for generators that convert dates into it.
    pub timezone: Tz,
    pub front: FrontMatter<'a>,
}

impl PostFacts<'_> {
    /// The publish date as a wall-clock time in the site's zone.
    pub fn local_date(&self) -> NaiveDateTime {
        self.date.with_timezone(&self.timezone).naive_local()
    }

    /// The file name without its extension: `hello` for `posts/hello.md`.
    pub fn file_stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// The folder holding the file, from the site root, no trailing `/`.
    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// Why a post the generator reads is kept out of the feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Excluded {
    /// A draft or unpublished post (`draft: true`, `published: false`).
    Draft,
    /// Published on the site but kept out of feeds (`feed: false`).
    Hidden(String),
}

/// The rules of one generator. Paths are relative to the site root and
/// `/`-separated. Implementations are pure: no file system, no clock.
pub trait SiteRules: fmt::Debug + Send + Sync {
    /// Folders under the site root that can hold posts; `""` is the root.
    fn post_roots(&self) -> Vec<String>;

    /// Folders never walked (build output, dependencies), by name or path.
    fn skip_dir(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        matches!(name, "node_modules" | "vendor" | "target") || name.starts_with('.')
    }

    /// Whether the generator publishes the file at `path` as a post (by its
    /// place and name alone; front matter is looked at later).
    fn is_post_path(&self, path: &str) -> bool;

    /// Why the generator keeps this post out of its feeds, if it does.
    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        default_excluded(post)
    }

    /// The keys, first found wins, of the date the generator publishes the
    /// post at, when it differs from `date` (Hugo `publishDate`). None: `date`.
    fn publish_date_keys(&self) -> &'static [&'static str] {
        &[]
    }

    /// The keys of the date after which the generator stops publishing the
    /// post (Hugo `expiryDate`).
    fn expiry_date_keys(&self) -> &'static [&'static str] {
        &[]
    }

    /// The date written in the post's file or folder name, as `date:` would
    /// hold it, for a post whose front matter has none. The default is a
    /// `YYYY-MM-DD-` prefix of the file name, else of its folder.
    fn date_from_path(&self, path: &str) -> Option<String> {
        default_date_from_path(path)
    }

    /// The post's slug as the generator makes it (used by `{slug}` in a
    /// feedcard.yaml `permalink:` and by the detection summary).
    fn slug(&self, post: &PostFacts<'_>) -> String;

    /// The post's address as a path from the site root, starting with `/`
    /// (`/2024/05/01/hello/`), exactly as the generator writes it. `Err` says
    /// why none can be made.
    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String>;

    /// The front-matter keys whose values are the post's tags.
    fn tag_keys(&self) -> Vec<String> {
        vec!["tags".to_string()]
    }

    /// Whether a tag names a topic worth a feed category (Eleventy's `posts`
    /// collection tag does not).
    fn shows_tag(&self, _tag: &str) -> bool {
        true
    }

    /// Whether a tags string is split at spaces (Jekyll: `tags: rust web`)
    /// as well as commas.
    fn splits_tags_at_spaces(&self) -> bool {
        false
    }

    /// One line per rule for `feedcard init` and `feedcard check`.
    fn describe(&self) -> Vec<String>;
}

/// What every generator treats as not published, or as not for feeds:
/// `draft: true`, `published: false`, `feed: false`, `exclude_from_feed: true`.
pub fn default_excluded(post: &PostFacts<'_>) -> Option<Excluded> {
    let front = &post.front;
    if front.flag("draft") == Some(true) || front.flag("published") == Some(false) {
        return Some(Excluded::Draft);
    }
    for (key, hidden_when) in [("feed", false), ("exclude_from_feed", true), ("excludefromfeed", true)] {
        if front.flag(key) == Some(hidden_when) {
            return Some(Excluded::Hidden(format!("`{key}: {hidden_when}` keeps it out of feeds")));
        }
    }
    None
}

/// A `YYYY-MM-DD` that starts the file name (followed by `-` or nothing),
/// else the folder name: `posts/2024-03-26-hello/index.md`.
pub fn default_date_from_path(path: &str) -> Option<String> {
    let mut names = path.rsplit('/');
    let file = names.next()?;
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    [Some(stem), names.next()].into_iter().flatten().find_map(|name| {
        let date = name.get(..10)?;
        let rest = &name[10..];
        let valid = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
            && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        (valid && (rest.is_empty() || rest.starts_with('-'))).then(|| date.to_string())
    })
}

/// `./content/../x/` → `x`: `.` and empty parts dropped, `..`
/// taking one part back, `/`-joined with no leading or trailing `/`.
pub fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Whether `c` is in one of the sorted, disjoint `(first, last)` code point
/// ranges of a generated table.
pub fn in_ranges(c: char, ranges: &[(u32, u32)]) -> bool {
    let c = c as u32;
    ranges
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Joins URL path pieces with single slashes, keeping a leading `/`.
/// `["/blog/", "/2024/", "x/"]` gives `/blog/2024/x/`.
pub fn join_url_path(parts: &[&str]) -> String {
    let mut out = String::from("/");
    for part in parts {
        for segment in part.split('/').filter(|s| !s.is_empty()) {
            if !out.ends_with('/') {
                out.push('/');
            }
            out.push_str(segment);
        }
    }
    if parts.last().is_some_and(|last| last.ends_with('/')) && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// A temporary site holding `files` (paths from its root), for tests.
#[cfg(test)]
pub(crate) fn temp_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_names_round_trip_and_accept_spellings() {
        for g in Generator::ALL {
            assert_eq!(Generator::from_name(g.name()), Some(g));
        }
        assert_eq!(Generator::from_name("11ty"), Some(Generator::Eleventy));
        assert_eq!(Generator::from_name("Render_Engine"), Some(Generator::RenderEngine));
        assert_eq!(Generator::from_name("gatsby"), None);
    }

    #[test]
    fn default_date_from_file_or_folder_name() {
        let at = |p: &str| default_date_from_path(p);
        assert_eq!(at("posts/2024-03-26-hello.md").as_deref(), Some("2024-03-26"));
        assert_eq!(at("posts/2024-03-26-hello/index.md").as_deref(), Some("2024-03-26"));
        assert_eq!(at("posts/2024-03-26.md").as_deref(), Some("2024-03-26"));
        assert_eq!(at("2024-03-26-top.md").as_deref(), Some("2024-03-26"));
        assert_eq!(at("posts/hello.md"), None);
        assert_eq!(at("posts/2024-13-26-hello.md"), None);
        assert_eq!(at("posts/20240326-hello.md"), None);
        assert_eq!(at("posts/2024-03-26_hello.md"), None);
    }

    #[test]
    fn url_paths_join_with_single_slashes() {
        assert_eq!(join_url_path(&["/blog/", "/2024/", "x/"]), "/blog/2024/x/");
        assert_eq!(join_url_path(&["", "posts", "a.html"]), "/posts/a.html");
        assert_eq!(join_url_path(&[]), "/");
        assert_eq!(join_url_path(&["/", "/"]), "/");
    }
}
