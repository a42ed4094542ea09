//! Which files Hugo publishes as posts, and at what address.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::config::{flag_of, text_of, Tree};
use super::content::{self, Scan};
use super::dates::{date_sources, DateSource};
use super::pattern::Pattern;
use super::permalinks::{permalink_rules, Rule, Target};
use super::urlize::{escape_link, query_unescape, PathStyle};
use crate::site::{Excluded, PostFacts, SiteError, SiteRules};

mod page;

#[derive(Debug, Clone, PartialEq)]
enum Ugly {
    All(bool),
    /// `uglyURLs = { posts = true }`.
    Sections(BTreeMap<String, bool>),
}

#[derive(Debug, Clone)]
pub struct HugoRules {
    /// `content` (or `contentDir`), from the site root.
    content_dir: String,
    /// Lowercased names of the sections whose pages are posts.
    main_sections: Vec<String>,
    /// Whether the config names them (else the largest section is taken).
    main_sections_set: bool,
    /// `(last part of the address, section)` from `[permalinks.section]`:
    /// a theme's mainSections may name a section by its address (`blog`
    /// for `posts = "/blog/"`).
    section_addresses: Vec<(String, String)>,
    rules: Vec<Rule>,
    ugly: Ugly,
    style: PathStyle,
    date_sources: Vec<DateSource>,
    default_language: String,
    /// Every configured language code, lowercased, the default included.
    languages: BTreeSet<String>,
    /// Languages with a content folder of their own, `(code, folder)`.
    language_dirs: Vec<(String, String)>,
    default_in_subdir: bool,
    /// Front-matter keys of the taxonomies that give feed tags.
    tag_keys: Vec<String>,
    scan: Scan,
}

impl HugoRules {
    /// The rules the config gives; `blame` is the file errors name.
    pub fn from_config(tree: &Tree, blame: &Path) -> Result<HugoRules, SiteError> {
        let error = |message: String| SiteError::new(blame, None, message);
        let content_dir = clean_dir(&tree.text(&["contentdir"]).unwrap_or_else(|| "content".to_string()));
        let main_sections = tree.list(&["params", "mainsections"]).or_else(|| tree.list(&["mainsections"]));
        let default_language = tree.text(&["defaultcontentlanguage"]).unwrap_or_else(|| "en".into()).to_lowercase();
        let mut languages: BTreeSet<String> = [default_language.clone()].into();
        let mut language_dirs = Vec::new();
        if let Some(Value::Object(map)) = tree.get(&["languages"]) {
            for (code, settings) in map {
                languages.insert(code.to_lowercase());
                if let Some(dir) = settings.get("contentdir").and_then(text_of) {
                    language_dirs.push((code.to_lowercase(), clean_dir(&dir)));
                }
            }
        }
        let rules = match tree.get(&["permalinks"]) {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => permalink_rules(value).map_err(error)?,
        };
        let ugly = match tree.get(&["uglyurls"]) {
            Some(Value::Object(map)) => Ugly::Sections(
                map.iter().filter_map(|(k, v)| Some((k.trim_matches('/').to_string(), flag_of(v)?))).collect(),
            ),
            Some(value) => Ugly::All(flag_of(value).unwrap_or(false)),
            None => Ugly::All(false),
        };
        let style = PathStyle {
            lowercase: !tree.flag(&["disablepathtolower"]).unwrap_or(false),
            remove_accents: tree.flag(&["removepathaccents"]).unwrap_or(false),
        };
        let date_sources = date_sources(tree.list(&["frontmatter", "date"]));
        let tag_keys = match tree.get(&["taxonomies"]) {
            Some(Value::Object(map)) if !map.values().any(|v| v.as_str() == Some("tags")) => {
                map.values().filter_map(|v| v.as_str().map(str::to_lowercase)).collect()
            }
            _ => vec!["tags".to_string()],
        };
        let section_addresses = match tree.get(&["permalinks", "section"]) {
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(section, pattern)| {
                    let last = pattern.as_str()?.trim_matches('/').rsplit('/').next()?.to_lowercase();
                    let literal = !last.is_empty() && !last.contains(':');
                    literal.then(|| (last, section.trim_matches('/').to_lowercase()))
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(HugoRules {
            section_addresses,
            content_dir,
            main_sections_set: main_sections.is_some(),
            main_sections: main_sections
                .unwrap_or_default()
                .iter()
                .map(|s| s.trim_matches('/').to_lowercase())
                .collect(),
            rules,
            ugly,
            style,
            date_sources,
            default_language,
            languages,
            language_dirs,
            default_in_subdir: tree.flag(&["defaultcontentlanguageinsubdir"]).unwrap_or(false),
            tag_keys,
            scan: Scan::default(),
        })
    }

    /// The folders that hold content, from the site root.
    pub fn content_roots(&self) -> Vec<String> {
        let mut roots = vec![self.content_dir.clone()];
        for (_, dir) in &self.language_dirs {
            if !roots.contains(dir) {
                roots.push(dir.clone());
            }
        }
        roots
    }

    pub fn languages(&self) -> &BTreeSet<String> {
        &self.languages
    }

    /// The rules with what the content folder holds; without a main
    /// section in the config, the section with the most pages is it.
    pub fn with_content(mut self, scan: Scan) -> HugoRules {
        // Themes' configs often name sections the site does not have (PaperMod's
        // `blog`): those name no posts, and when none exists Hugo's own
        // choice, the largest section, is the best guess of where posts are.
        let exists = |main: &String| scan.pages.keys().any(|section| section.eq_ignore_ascii_case(main));
        let named: Vec<String> = self
            .main_sections
            .iter()
            .map(|main| match self.section_addresses.iter().find(|(address, _)| address == main) {
                Some((_, section)) if !exists(main) => section.clone(),
                _ => main.clone(),
            })
            .collect();
        self.main_sections = named;
        if self.main_sections_set && !scan.pages.is_empty() && !self.main_sections.iter().any(exists) {
            self.main_sections_set = false;
        }
        if !self.main_sections_set {
            // The first of the largest, as Hugo's sorted walk finds it.
            let mut best: Option<(&String, usize)> = None;
            for (section, &count) in &scan.pages {
                if best.is_none_or(|(_, most)| count > most) {
                    best = Some((section, count));
                }
            }
            self.main_sections = best.map(|(s, _)| vec![s.clone()]).unwrap_or_default();
        }
        self.scan = scan;
        self
    }
}

/// `./content/` as `content`.
fn clean_dir(dir: &str) -> String {
    dir.split(['/', '\\']).filter(|s| !s.is_empty() && *s != ".").collect::<Vec<_>>().join("/")
}

/// Go's `path.Clean` for a path that starts with `/`, keeping no trailing `/`.
fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Hugo's build options: `headless: true`, or `build` (`_build` before
/// Hugo 0.123) with `list` or `render` other than "always".
fn not_listed(post: &PostFacts<'_>) -> Option<String> {
    if post.front.flag("headless") == Some(true) {
        return Some("`headless: true`: Hugo does not publish it as a page".to_string());
    }
    let key = if post.front.value("_build").is_some() { "_build" } else { "build" };
    let serde_yaml::Value::Mapping(build) = post.front.value(key)? else { return None };
    let option = |name: &str| {
        build.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(name))).map(|(_, v)| match v {
            serde_yaml::Value::Bool(b) => if *b { "always" } else { "never" }.to_string(),
            serde_yaml::Value::Number(n) => if n.as_f64() == Some(0.0) { "never" } else { "always" }.to_string(),
            serde_yaml::Value::String(s) => s.clone(),
            _ => "always".to_string(),
        })
    };
    let list = option("list").filter(|v| matches!(v.as_str(), "never" | "local"));
    let render = option("render").filter(|v| matches!(v.as_str(), "never" | "link"));
    match (list, render) {
        (Some(list), _) => Some(format!("`{key}: {{list: {list}}}`: Hugo leaves it out of its page lists")),
        (None, Some(render)) => Some(format!("`{key}: {{render: {render}}}`: Hugo does not write its page")),
        (None, None) => None,
    }
}

impl SiteRules for HugoRules {
    fn post_roots(&self) -> Vec<String> {
        self.content_roots()
    }

    fn is_post_path(&self, path: &str) -> bool {
        let Some((_, folder, name, root)) = self.locate(path) else { return false };
        let Some((base, _, ext)) = content::split_name(name, &self.languages) else { return false };
        // A bundle's page belongs to the folder above the bundle.
        let dir = match base == "index" && self.is_bundle(&root, folder) {
            true => folder.rsplit_once('/').map_or("", |(parent, _)| parent),
            false => folder,
        };
        let section = dir.split('/').next().unwrap_or("");
        !dir.is_empty()
            && matches!(ext, "md" | "markdown" | "mdown")
            && !content::ignored_name(name)
            && base != "_index"
            && self.main_sections.iter().any(|main| main.eq_ignore_ascii_case(section))
            && content::is_page(&Self::site_folder(&root, folder), base == "index", &self.scan.leaf_bundles)
    }

    /// Drafts (`draft: true`, or Hugo's undocumented `published: false`),
    /// then Hugo's build options, then feedcard's own `feed: false`.
    fn excluded(&self, post: &PostFacts<'_>) -> Option<Excluded> {
        let shared = crate::site::default_excluded(post);
        if shared == Some(Excluded::Draft) {
            return shared;
        }
        if let Some(hidden) = not_listed(post).map(Excluded::Hidden).or(shared) {
            return Some(hidden);
        }
        // The site's feed lists the default language; translations have their own.
        let language = self.page(post).ok()?.language;
        (self.languages.len() > 1 && language != self.default_language).then(|| {
            Excluded::Hidden(format!("a `{language}` translation; the feed holds the site's default language"))
        })
    }

    /// Hugo's default front-matter config: `publishDate`, `pubdate`, `published`.
    fn publish_date_keys(&self) -> &'static [&'static str] {
        &["publishDate", "pubdate", "published"]
    }

    /// Hugo's default: `expiryDate`, `unpublishdate`.
    fn expiry_date_keys(&self) -> &'static [&'static str] {
        &["expiryDate", "unpublishdate"]
    }

    /// The last part of Hugo's default path: `slug:` or the file (bundle
    /// folder) name, made a path.
    fn slug(&self, post: &PostFacts<'_>) -> String {
        match self.page(post) {
            Ok(page) => self.style.make_path(page.slug.as_deref().unwrap_or(&page.base_name)),
            Err(_) => self.style.make_path(post.file_stem()),
        }
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let page = self.page(post)?;
        let prefix = self.language_prefix(&page.language);
        if let Some(url) = post.front.text("url") {
            if url.starts_with("http://") || url.starts_with("https://") {
                return Err(format!("Hugo does not accept `url: {url}` (a page's `url` is a path on the site)"));
            }
            let title = post.front.text("title").unwrap_or_else(|| post.title.to_string());
            let info = self.info(&page, &title);
            // Hugo 0.131 and later fill `:tokens` in `url` too.
            let url = match url.contains(':').then(|| Pattern::parse(&url)) {
                Some(Ok(pattern)) => query_unescape(&pattern.expand(&info, self.style)).unwrap_or(url),
                _ => url,
            };
            let mut path = match (&prefix, url.starts_with('/')) {
                (Some(lang), false) if !url.starts_with(&format!("{lang}/")) => format!("/{lang}/{url}"),
                _ => format!("/{}", url.trim_start_matches('/')),
            };
            if path.contains("..") {
                path = clean_path(&path) + if url.ends_with('/') { "/" } else { "" };
            }
            // Written as `dir/index.html` unless it names a file.
            if !path.ends_with('/') && !url.contains('.') {
                path.push('/');
            }
            return Ok(escape_link(&path));
        }
        let default = || {
            let base = page.slug.as_deref().unwrap_or(&page.base_name);
            format!("/{}/{}", page.dir, base)
        };
        let title = post.front.text("title").unwrap_or_else(|| post.title.to_string());
        // Hugo's page path, which `[[permalinks]]` globs match: lowercased, no spaces.
        let content_path = format!("{}/{}", page.dir, page.base_name).to_lowercase().replace(' ', "-");
        let expanded = self
            .pattern_for(&page, &content_path)
            .and_then(|pattern| query_unescape(&pattern.expand(&self.info(&page, &title), self.style)));
        let mut path = clean_path(&expanded.unwrap_or_else(default));
        if self.is_ugly(&page.section) {
            path.push_str(".html");
        } else if path != "/" {
            path.push('/');
        }
        let mut path = self.style.make_path(&path);
        if let Some(lang) = prefix {
            path = format!("/{lang}{path}");
        }
        Ok(escape_link(&path))
    }

    fn tag_keys(&self) -> Vec<String> {
        self.tag_keys.clone()
    }

    fn describe(&self) -> Vec<String> {
        let sections =
            if self.main_sections.is_empty() { "(none found)".to_string() } else { self.main_sections.join(", ") };
        let from =
            if self.main_sections_set { "mainSections in the config" } else { "the section with the most pages" };
        let mut lines = vec![
            format!(
                "posts: Markdown pages of the main sections under {}/ ({sections}: {from}); not _index.md, bundle resources, headless or build-hidden pages",
                self.content_dir
            ),
            "drafts: draft: true, a publishDate still to come, an expiryDate passed".to_string(),
        ];
        let default = "/section/folders/file-name/, the name replaced by slug: (Hugo's default); url: wins";
        if self.rules.is_empty() {
            lines.push(format!("permalink: {default}"));
        }
        for rule in &self.rules {
            let target = match &rule.target {
                Target::Section(s) if s.is_empty() => "root pages".to_string(),
                Target::Section(s) => format!("section {s}"),
                Target::Glob(g) => format!("pages matching {}", g.glob()),
            };
            lines.push(format!("permalink: {} for {target} ([permalinks]); url: wins", rule.pattern.text));
        }
        if !self.rules.is_empty() {
            lines.push(format!("permalink: elsewhere {default}"));
        }
        if let Some(lang) = self.language_prefix(&self.default_language) {
            lines.push(format!("permalink: under /{lang}/ (defaultContentLanguageInSubdir)"));
        }
        match &self.ugly {
            Ugly::All(true) => lines.push("uglyURLs: addresses end in .html".to_string()),
            Ugly::Sections(map) if map.values().any(|v| *v) => lines.push(format!(
                "uglyURLs: .html addresses in {}",
                map.iter().filter(|(_, v)| **v).map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ")
            )),
            _ => {}
        }
        lines
    }
}
