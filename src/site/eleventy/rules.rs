//! Eleventy's rules: which files are in the `posts` collection, and the URL
//! Eleventy gives each (`permalink` from the data cascade, else the file's
//! path), with the common Liquid/Nunjucks permalink expressions evaluated.

use ignore::gitignore::Gitignore;
use serde_yaml::Value;
use std::collections::BTreeMap;

use super::super::js::JsValue;
use super::super::{default_excluded, Excluded, PostFacts, SiteRules};

mod template;

/// The tags that put a file in the posts collection (with the one the
/// config's feed is made from).
pub(super) const POST_TAGS: &[&str] = &["posts", "post"];

/// What one data file (or the front matter) says that matters here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataFile {
    pub tags: Vec<String>,
    pub permalink: Option<PermalinkData>,
    /// `eleventyExcludeFromCollections`: `true`, or the collections named.
    pub exclude_from: Option<Vec<String>>,
    pub dynamic_permalink: Option<bool>,
    /// Other text values, for `{{ key }}` in a permalink.
    pub strings: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PermalinkData {
    /// A path, possibly with `{{ ... }}` in it.
    Template(String),
    /// `permalink: false`: Eleventy writes no page.
    Off,
    /// Code feedcard cannot run; the file it is in.
    Code(String),
}

/// Every collection, for `eleventyExcludeFromCollections: true`.
const ALL: &str = "*";

impl DataFile {
    pub(super) fn from_value(value: &JsValue, file: &str) -> DataFile {
        let mut data =
            DataFile { tags: value.get("tags").and_then(JsValue::strings).unwrap_or_default(), ..DataFile::default() };
        let permalink = |v: &JsValue| match v {
            JsValue::Str(s) => PermalinkData::Template(s.clone()),
            JsValue::Bool(false) => PermalinkData::Off,
            JsValue::Object(_) => match v.get("build") {
                Some(JsValue::Str(s)) => PermalinkData::Template(s.clone()),
                None | Some(JsValue::Bool(false)) => PermalinkData::Off,
                Some(_) => PermalinkData::Code(file.to_string()),
            },
            _ => PermalinkData::Code(file.to_string()),
        };
        data.permalink = value.get("permalink").map(permalink);
        if let Some(computed) = value.get("eleventyComputed").and_then(|c| c.get("permalink")) {
            data.permalink = Some(permalink(computed));
        }
        data.exclude_from = match value.get("eleventyExcludeFromCollections") {
            Some(JsValue::Bool(true)) => Some(vec![ALL.to_string()]),
            Some(list @ JsValue::List(_)) => list.strings(),
            _ => None,
        };
        if let Some(JsValue::Bool(b)) = value.get("dynamicPermalink") {
            data.dynamic_permalink = Some(*b);
        }
        if let JsValue::Object(entries) = value {
            for (key, v) in entries {
                if let JsValue::Str(s) | JsValue::Number(s) = v {
                    data.strings.insert(key.clone(), s.clone());
                }
            }
        }
        data
    }

    /// The front matter of a post, read the same way.
    fn from_front(post: &PostFacts<'_>) -> DataFile {
        let front = &post.front;
        let tags = match front.value("tags") {
            // One string is one tag in Eleventy, commas and all.
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(_) => front.list("tags"),
            None => Vec::new(),
        };
        let permalink = match front.value("permalink") {
            Some(Value::Bool(false)) => Some(PermalinkData::Off),
            Some(Value::Mapping(map)) => match map.get("build") {
                Some(Value::String(s)) => Some(PermalinkData::Template(s.clone())),
                Some(Value::Bool(false)) | None => Some(PermalinkData::Off),
                Some(_) => Some(PermalinkData::Code(post.path.to_string())),
            },
            Some(_) => front.text("permalink").map(PermalinkData::Template),
            None => None,
        };
        let exclude_from = match front.value("eleventyExcludeFromCollections") {
            Some(Value::Sequence(_)) => Some(front.list("eleventyExcludeFromCollections")),
            Some(_) => front.flag("eleventyExcludeFromCollections").filter(|b| *b).map(|_| vec![ALL.to_string()]),
            None => None,
        };
        DataFile {
            tags,
            permalink,
            exclude_from,
            dynamic_permalink: front.flag("dynamicPermalink"),
            strings: BTreeMap::new(),
        }
    }

    /// `other` over `self`: tags add up, other values are replaced.
    pub(super) fn merge(&mut self, other: DataFile) {
        for tag in other.tags {
            if !self.tags.contains(&tag) {
                self.tags.push(tag);
            }
        }
        self.permalink = other.permalink.or(self.permalink.take());
        self.exclude_from = other.exclude_from.or(self.exclude_from.take());
        self.dynamic_permalink = other.dynamic_permalink.or(self.dynamic_permalink);
        self.strings.extend(other.strings);
    }

    pub(super) fn is_tagged(&self, post_tags: &[String]) -> bool {
        self.tags.iter().any(|t| post_tags.contains(t))
    }
}

#[derive(Debug, Clone)]
pub struct EleventyRules {
    /// The input folder from the site root (`content`), `` for the root.
    pub(super) input: String,
    /// Folders from the site root that hold no posts (output, `_includes`, `_data`).
    pub(super) skip: Vec<String>,
    /// `.eleventyignore` and `ignores.add(...)`.
    pub(super) ignores: Option<Gitignore>,
    /// The posts collection when the config makes it by glob.
    pub(super) collection: Option<Gitignore>,
    pub(super) collection_globs: Vec<String>,
    /// Data files by what they apply to: `content/blog/` (a folder) or
    /// `content/blog/post` (one template).
    pub(super) data: BTreeMap<String, DataFile>,
    /// Whether a directory data file tags its folder as posts.
    pub(super) tagged_folders: bool,
    /// `posts`, `post`, and the collection the config's feed plugin uses.
    pub(super) post_tags: Vec<String>,
    pub(super) path_prefix: Option<String>,
}

impl EleventyRules {
    /// The path from the input folder: `blog/x.md`.
    fn relative_to_input<'p>(&self, path: &'p str) -> &'p str {
        if self.input.is_empty() {
            return path;
        }
        path.strip_prefix(&self.input).and_then(|rest| rest.strip_prefix('/')).unwrap_or(path)
    }

    /// The data cascade for the post: folders from the input down, the
    /// template's data file, then its front matter.
    fn cascade(&self, post: &PostFacts<'_>) -> DataFile {
        let mut merged = DataFile::default();
        let mut folder = String::new();
        let dir = post.dir();
        let mut folders = vec![format!("{}/", "")];
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            folder = if folder.is_empty() { part.to_string() } else { format!("{folder}/{part}") };
            folders.push(format!("{folder}/"));
        }
        for key in folders {
            if let Some(data) = self.data.get(&key) {
                merged.merge(data.clone());
            }
        }
        let stem = post.path.strip_suffix(".md").unwrap_or(post.path);
        if let Some(data) = self.data.get(stem) {
            merged.merge(data.clone());
        }
        merged.merge(DataFile::from_front(post));
        merged
    }

    /// Why the post is not in the posts collection, if it is not.
    fn not_a_post(&self, post: &PostFacts<'_>, data: &DataFile) -> Option<String> {
        if data.permalink == Some(PermalinkData::Off) {
            return Some("`permalink: false`: Eleventy writes no page for it".to_string());
        }
        if let Some(from) = &data.exclude_from {
            if from.iter().any(|c| c == ALL || self.post_tags.contains(c)) {
                return Some("`eleventyExcludeFromCollections` keeps it out of the posts collection".to_string());
            }
        }
        if self.collection.is_some() || data.is_tagged(&self.post_tags) {
            return None;
        }
        let in_post_folder = post.dir().split('/').any(|part| matches!(part, "posts" | "blog"));
        if !self.tagged_folders && in_post_folder {
            return None;
        }
        Some("not in the `posts` collection (it has no `tags: posts`)".to_string())
    }

    /// `page.fileSlug` and `page.filePathStem`.
    fn file_slug(&self, post: &PostFacts<'_>) -> (String, String) {
        let rel = self.relative_to_input(post.path);
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let raw = strip_date(name.strip_suffix(".md").unwrap_or(name));
        let stem = if dir.is_empty() { format!("/{raw}") } else { format!("/{dir}/{raw}") };
        let slug = match raw {
            "index" => dir.rsplit('/').next().map(strip_date).unwrap_or("").to_string(),
            raw => raw.to_string(),
        };
        (slug, stem)
    }

    /// Eleventy's own address: the path from the input folder, with the
    /// file name as a folder unless it is `index` or repeats its folder.
    fn default_path(&self, post: &PostFacts<'_>) -> String {
        let rel = self.relative_to_input(post.path);
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let name = name.strip_suffix(".md").unwrap_or(name);
        let repeats_folder = dir.rsplit('/').next() == Some(name);
        let file = if name == "index" || repeats_folder { String::new() } else { format!("{name}/") };
        href(&format!("{dir}/{file}"))
    }
}

/// `page.fileSlug`'s rule: the text after the first `YYYY-MM-DD-` in the name.
pub(super) fn strip_date(name: &str) -> &str {
    let bytes = name.as_bytes();
    let is_date_at = |i: usize| {
        let b = |j: usize| bytes.get(i + j).copied().unwrap_or(0);
        (0..4).all(|j| b(j).is_ascii_digit())
            && b(4) == b'-'
            && (5..7).all(|j| b(j).is_ascii_digit())
            && b(7) == b'-'
            && (8..10).all(|j| b(j).is_ascii_digit())
            && b(10) == b'-'
    };
    (0..bytes.len()).find(|&i| name.is_char_boundary(i) && is_date_at(i)).map_or(name, |i| &name[i + 11..])
}

/// A rendered permalink as `page.url`: a leading `/`, `index.html` dropped,
/// `.` and `..` resolved, `//` made one.
pub(super) fn href(link: &str) -> String {
    let mut link = link.to_string();
    if link.ends_with('/') || link.is_empty() {
        link.push_str("index.html");
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let path = format!("/{}", parts.join("/"));
    for ending in ["/index.html", "/index/", "/index"] {
        if let Some(folder) = path.strip_suffix(ending) {
            return format!("{folder}/");
        }
    }
    path
}

impl SiteRules for EleventyRules {
    fn post_roots(&self) -> Vec<String> {
        vec![self.input.clone()]
    }

    fn skip_dir(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        matches!(name, "node_modules")
            || name.starts_with('.')
            || self.skip.iter().any(|skip| skip == path)
            || self.ignores.as_ref().is_some_and(|set| set.matched(path, true).is_ignore())
    }

    /// Eleventy reads `.md` files (not `.markdown`); the collection decides.
    fn is_post_path(&self, path: &str) -> bool {
        path.ends_with(".md")
            && !self.ignores.as_ref().is_some_and(|set| set.matched_path_or_any_parents(path, false).is_ignore())
            && self.collection.as_ref().is_none_or(|set| set.matched_path_or_any_parents(path, false).is_ignore())
    }

    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        if let Some(excluded) = default_excluded(post) {
            return Some(excluded);
        }
        self.not_a_post(post, &self.cascade(post)).map(Excluded::Hidden)
    }

    /// `page.fileSlug`.
    fn slug(&self, post: &PostFacts<'_>) -> String {
        self.file_slug(post).0
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let data = self.cascade(post);
        // A page that is not a post has no address worth an error.
        if self.not_a_post(post, &data).is_some() {
            return Ok(self.default_path(post));
        }
        match &data.permalink {
            None | Some(PermalinkData::Off) => Ok(self.default_path(post)),
            Some(PermalinkData::Template(template)) if data.dynamic_permalink == Some(false) => Ok(href(template)),
            Some(PermalinkData::Template(template)) => self.render(template, post, &data).map(|link| href(&link)),
            Some(PermalinkData::Code(file)) => Err(format!(
                "its permalink is set by code in {file}, which feedcard cannot run; set `permalink:` in feedcard.yaml"
            )),
        }
    }

    /// Eleventy's own `posts`/`post` tags are collection names, not topics,
    /// but they are written under `tags` with the topics.
    fn tag_keys(&self) -> Vec<String> {
        vec!["tags".to_string()]
    }

    fn shows_tag(&self, tag: &str) -> bool {
        !self.post_tags.iter().any(|collection| collection.eq_ignore_ascii_case(tag)) && tag != "all"
    }

    fn describe(&self) -> Vec<String> {
        let input = if self.input.is_empty() { "." } else { &self.input };
        let posts = if self.collection_globs.is_empty() {
            format!(
                "posts: `.md` files under {input}/ tagged {} (front matter or directory data){}",
                self.post_tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or "),
                if self.tagged_folders { "" } else { ", else those in a `posts` or `blog` folder" }
            )
        } else {
            format!("posts: the config's posts collection, {}", self.collection_globs.join(", "))
        };
        let mut lines = vec![
            posts,
            "not posts: `permalink: false`, `eleventyExcludeFromCollections`, `draft: true`".to_string(),
            "permalink: `permalink` from the data cascade, else the file's path from the input folder (`blog/x.md` → /blog/x/)"
                .to_string(),
        ];
        if let Some(prefix) = &self.path_prefix {
            lines.push(format!("pathPrefix: {prefix} (under the site URL)"));
        }
        lines
    }
}
