//! Jekyll (4.3): `_config.yml` gives the URL (`url` + `baseurl`), title
//! and time zone; posts are the `YYYY-MM-DD-title.ext` files in every
//! `_posts` folder its reader walks; addresses follow `permalink:` (a style
//! or a `:placeholder` pattern) or the post's own `permalink:`.

mod config;
mod paths;
mod url;

use regex::Regex;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use super::{Detected, Excluded, Generator, PostFacts, SiteError, SiteRules};
use config::{scalar, DefaultSet, JekyllConfig};
use paths::PostPlace;
use url::{expand, slugify, Mode, Placeholders};

/// `_config.yml`, else `_config.yaml`, else `_config.toml`, as Jekyll looks.
pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    super::first_file(root, &["_config.yml", "_config.yaml", "_config.toml"])
}

pub(super) fn load(_root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    let config = match marker {
        Some(file) => JekyllConfig::read(file)?,
        None => JekyllConfig::defaults(),
    };
    let settings = config.settings.clone();
    Ok(Detected {
        generator: Generator::Jekyll,
        marker: marker.map(Path::to_path_buf),
        settings,
        rules: Arc::new(JekyllRules { config }),
    })
}

#[derive(Debug, Clone)]
pub struct JekyllRules {
    config: JekyllConfig,
}

impl JekyllRules {
    /// `path` from the source folder, when it is inside it.
    fn in_source<'a>(&self, path: &'a str) -> Option<&'a str> {
        match self.config.source.as_str() {
            "" => Some(path),
            source if path == source => Some(""),
            source => path.strip_prefix(source)?.strip_prefix('/'),
        }
    }

    /// Where the post sits; a file `include:`d in feedcard.yaml that Jekyll
    /// would not read as a post is placed by its name alone.
    fn place<'a>(&self, path: &'a str) -> PostPlace<'a> {
        let in_source = self.in_source(path).unwrap_or(path);
        self.config.filter.post_place(in_source).unwrap_or_else(|| {
            let name = in_source.rsplit('/').next().unwrap_or(in_source);
            let (title, ext) = name.rfind('.').map_or((name, ""), |dot| (&name[..dot], &name[dot..]));
            PostPlace { relative: in_source, title, ext }
        })
    }

    /// A key from the post's front matter, else from `defaults:` in
    /// `_config.yml` (the most specific scope that sets it).
    fn value<'a>(&'a self, post: &'a PostFacts<'_>, place: &PostPlace<'_>, key: &str) -> Option<&'a Value> {
        post.front.value(key).or_else(|| self.default_value(place.relative, key))
    }

    /// `FrontmatterDefaults#find` for a post at `relative`.
    fn default_value(&self, relative: &str, key: &str) -> Option<&Value> {
        let mut found: Option<(&DefaultSet, &Value)> = None;
        for set in self.config.defaults.iter().filter(|set| self.applies(set, relative)) {
            let Some(value) = set.values.get(key) else { continue };
            if found.is_none_or(|(old, _)| precedes(old, set)) {
                found = Some((set, value));
            }
        }
        found.map(|(_, value)| value).filter(|value| !value.is_null())
    }

    fn applies(&self, set: &DefaultSet, relative: &str) -> bool {
        if set.kind.as_deref().is_some_and(|kind| kind != "posts") {
            return false;
        }
        let collections = self.config.filter.collections_dir.as_str();
        let scope = match collections {
            "" => set.path.as_str(),
            dir => set.path.strip_prefix(&format!("{dir}/")).unwrap_or(&set.path),
        };
        if scope.is_empty() {
            true
        } else if scope.contains('*') {
            glob_prefix(scope, relative)
        } else {
            relative.starts_with(scope)
        }
    }

    /// Jekyll's categories: folders above `_posts`, then `categories`
    /// (a list, or words), then `category`; each once.
    fn categories(&self, post: &PostFacts<'_>, place: &PostPlace<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |item: String| {
            if !out.contains(&item) {
                out.push(item);
            }
        };
        let relative = place.relative;
        if !relative.starts_with("_posts") {
            if let Some(at) = relative.find("_posts") {
                let base = relative.rsplit('/').next().unwrap_or(relative);
                for folder in relative[..at].split('/').filter(|f| !f.is_empty() && *f != "_posts" && *f != base) {
                    add(folder.to_string());
                }
            }
        }
        let defaults = self.default_value(relative, "categories");
        for value in [defaults, post.front.value("categories")].into_iter().flatten() {
            match value {
                Value::String(words) => words.split_whitespace().map(str::to_string).for_each(&mut add),
                other => items(other).into_iter().for_each(&mut add),
            }
        }
        if let Some(category) = self.value(post, place, "category") {
            items(category).into_iter().for_each(&mut add);
        }
        out
    }

    /// `.html` for the Markdown endings `markdown_ext:` lists and for HTML,
    /// else the file's own ending (Jekyll copies what it cannot convert).
    fn output_ext(&self, ext: &str) -> String {
        let lower = ext.to_lowercase();
        if lower == ".html" || self.config.markdown_ext.contains(&lower) {
            ".html".to_string()
        } else {
            ext.to_string()
        }
    }

    /// The date in the address, in the site's zone. Ruby's YAML reads a bare
    /// `2024-03-01 03:00:00` (seconds, no offset) as UTC, so Jekyll does too;
    /// other dates without an offset are in the site's zone, as the reader
    /// takes them. (A quoted one is local in Jekyll; quoting is not seen here.)
    fn url_date(&self, post: &PostFacts<'_>) -> chrono::NaiveDateTime {
        static YAML_TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}:\d{2}:\d{2}(?:\.\d*)?)$")
                .expect("a valid pattern")
        });
        let utc = match post.front.value("date") {
            Some(Value::String(text)) => YAML_TIMESTAMP.captures(text.trim()).and_then(|c| {
                let text = format!("{} {}", c.get(1)?.as_str(), c.get(2)?.as_str().trim_end_matches('.'));
                chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f").ok()
            }),
            _ => None,
        };
        match utc {
            Some(utc) => utc.and_utc().with_timezone(&post.timezone).naive_local(),
            None => post.local_date(),
        }
    }

    /// `slug:` from the front matter, else the title part of the file name.
    fn slug_text(&self, post: &PostFacts<'_>, place: &PostPlace<'_>) -> String {
        match post.front.value("slug").and_then(scalar) {
            Some(slug) => slug,
            None => place.title.to_string(),
        }
    }
}

impl SiteRules for JekyllRules {
    fn post_roots(&self) -> Vec<String> {
        let collections = self.config.filter.collections_dir.as_str();
        let root =
            [self.config.source.as_str(), collections].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>();
        vec![root.join("/")]
    }

    fn skip_dir(&self, path: &str) -> bool {
        match self.in_source(path) {
            Some(inside) => !self.config.filter.walks_dir(inside),
            // A folder above the source folder leads to it.
            None => !self.config.source.starts_with(&format!("{path}/")),
        }
    }

    fn is_post_path(&self, path: &str) -> bool {
        self.in_source(path).and_then(|inside| self.config.filter.post_place(inside)).is_some()
    }

    /// `published: false` (also from `defaults:`) is not built; `draft:
    /// true` is built but left out of jekyll-feed's feed; `feed: false`.
    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        let place = self.place(post.path);
        let published = self.value(post, &place, "published").and_then(|value| match value {
            Value::Bool(b) => Some(*b),
            // Ruby's YAML reads a bare `no`/`off` as false; a string
            // "false" can only have been quoted, and Jekyll publishes it.
            Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "no" | "off").then_some(false),
            _ => None,
        });
        if published == Some(false) && !self.config.unpublished {
            return Some(Excluded::Draft);
        }
        if post.front.flag("draft") == Some(true) {
            return Some(Excluded::Hidden("`draft: true`: jekyll-feed leaves it out of the feed".to_string()));
        }
        for (key, hidden_when) in [("feed", false), ("exclude_from_feed", true), ("excludefromfeed", true)] {
            if post.front.flag(key) == Some(hidden_when) {
                return Some(Excluded::Hidden(format!("`{key}: {hidden_when}` keeps it out of feeds")));
            }
        }
        None
    }

    /// The date of a `2024-5-1-title.md` name (1-2 digit months and days,
    /// 2-4 digit years, as Jekyll reads them), when `date:` is not set.
    /// Jekyll splits a tags string at white space.
    fn splits_tags_at_spaces(&self) -> bool {
        true
    }

    fn date_from_path(&self, path: &str) -> Option<String> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (date, _, _) = paths::dated_name(name)?;
        let two_digit_year = date.split('-').next().is_some_and(|year| year.len() == 2);
        let mut parts = date.split('-').map(|part| part.parse::<u32>().ok());
        let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
        // Ruby reads a two-digit year as 19xx from 69 on, else 20xx.
        let year = match year {
            _ if !two_digit_year => year,
            69.. => 1900 + year,
            _ => 2000 + year,
        };
        Some(format!("{year:04}-{month:02}-{day:02}"))
    }

    /// Jekyll's `:slug`: the slug text in its default slugify mode.
    fn slug(&self, post: &PostFacts<'_>) -> String {
        let place = self.place(post.path);
        slugify(&self.slug_text(post, &place), Mode::Default, false)
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let place = self.place(post.path);
        let own = self.value(post, &place, "permalink").and_then(|value| match value {
            // `permalink: false` leaves the site's pattern in force.
            Value::Bool(_) => None,
            other => scalar(other).filter(|s| !s.is_empty()),
        });
        let template = own.as_deref().unwrap_or(&self.config.permalink);
        let slug = self.slug_text(post, &place);
        let basename = post.file_stem();
        let without_ext = place.relative.strip_suffix(place.ext).unwrap_or(place.relative);
        let path = without_ext.replacen("_posts", "", 1);
        let categories = self.categories(post, &place);
        let output_ext = self.output_ext(place.ext);
        let values = Placeholders {
            slug: &slug,
            basename,
            path: path.trim_end_matches('.'),
            categories: &categories,
            output_ext: &output_ext,
            date: self.url_date(post),
        };
        expand(template, &values)
    }

    fn describe(&self) -> Vec<String> {
        let config = &self.config;
        let root = match (config.source.as_str(), config.filter.collections_dir.as_str()) {
            ("", "") => String::new(),
            (source, "") => format!("{source}/"),
            ("", dir) => format!("{dir}/"),
            (source, dir) => format!("{source}/{dir}/"),
        };
        let mut lines = vec![
            format!("posts: files named YYYY-MM-DD-title.md in {root}_posts/ and in every <folder>/_posts/ Jekyll reads (the folder names are categories); _drafts/ is not read"),
            format!("permalink: {} (from {}); a post's own `permalink:` wins", config.permalink, config.permalink_from),
            "slug: `:title` is the post's `slug:` or the file name's title part, kept as written (Jekyll's pretty slugify)".to_string(),
            "drafts: `published: false` is not built; `draft: true` is left out of feeds, as jekyll-feed does".to_string(),
        ];
        if !config.defaults.is_empty() {
            lines.push("defaults: `permalink`, `published` and `category`/`categories` from `defaults:` in the config apply to posts".to_string());
        }
        if config.future {
            lines.push("future: the site shows posts dated later than its build (`future: true`); feeds add each one when its date comes".to_string());
        }
        if let Some(zone) = &config.bad_timezone {
            lines.push(format!("timezone: `{zone}` is not a time zone name, so Jekyll runs in UTC; so does feedcard"));
        }
        lines
    }
}

/// Whether the path the post is at goes through a path the glob names
/// (Jekyll globs the scope and checks for a prefix).
fn glob_prefix(pattern: &str, relative: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let parts: Vec<&str> = relative.split('/').collect();
    (1..=parts.len()).any(|n| glob_parts(&pattern, &parts[..n]))
}

fn glob_parts(pattern: &[&str], parts: &[&str]) -> bool {
    match (pattern.split_first(), parts.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => {
            glob_parts(rest, parts) || parts.split_first().is_some_and(|(_, more)| glob_parts(pattern, more))
        }
        (Some((p, rest)), Some((part, more))) => wildcard(p.as_bytes(), part.as_bytes()) && glob_parts(rest, more),
        _ => false,
    }
}

/// `*` and `?` within one path part.
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.split_first(), text.split_first()) {
        (None, None) => true,
        (Some((b'*', rest)), _) => {
            wildcard(rest, text) || text.split_first().is_some_and(|(_, more)| wildcard(pattern, more))
        }
        (Some((b'?', rest)), Some((_, more))) => wildcard(rest, more),
        (Some((p, rest)), Some((t, more))) => p == t && wildcard(rest, more),
        _ => false,
    }
}

/// A value as a list of texts (a list flattened, or one scalar).
fn items(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(list) => list.iter().flat_map(items).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// `has_precedence?`: a longer scope path wins; at equal length a scope
/// with a type wins over one without.
fn precedes(old: &DefaultSet, new: &DefaultSet) -> bool {
    let len = |set: &DefaultSet| set.path.strip_prefix('/').unwrap_or(&set.path).len();
    match len(new).cmp(&len(old)) {
        std::cmp::Ordering::Equal => new.kind.is_some() || old.kind.is_none(),
        order => order.is_gt(),
    }
}

#[cfg(test)]
mod tests;
