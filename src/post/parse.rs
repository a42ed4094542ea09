//! One post from its bytes: every front-matter field checked, every problem
//! in the file reported together. Pure: no file system, no clock.

use chrono::{DateTime, FixedOffset};
use serde_yaml::Value;
use std::path::Path;
use url::Url;

use super::date::{self, ACCEPTED_DATE_FORMS};
use super::front_matter::{self, describe, Field, Fields, Split};
use super::slug::slugify;
use super::tags::{collect_tags_split, scalar_text};
use super::text::{decode_entities, title_from_body, title_text};
use super::{Parsed, ParsedPost, Post, PostStatus};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{Excluded, FrontMatter, Generator, PostFacts};

/// The keys each field is read from, before the user's own aliases. The first
/// one present wins.
const BUILT_IN_KEYS: &[(&str, &[&str])] = &[
    ("title", &["title"]),
    ("date", &["date", "pubdatetime", "published", "pubdate"]),
    ("updated", &["updated", "lastmod", "modified", "moddatetime"]),
    ("link", &["link", "external_url"]),
    ("description", &["description", "summary", "excerpt"]),
    ("tags", &["tags"]),
    ("draft", &["draft"]),
    ("slug", &["slug"]),
    ("author", &["author"]),
    ("image", &["image"]),
    ("lang", &["lang"]),
];

/// Parses one post. `Ok(Parsed::NoFrontMatter)` is a Markdown file that is not
/// a post (a README); `Err` holds every error found, and any warnings.
pub fn parse_post(source: &Path, bytes: &[u8], config: &Config) -> Result<Parsed, Vec<Diagnostic>> {
    if bytes.len() as u64 > config.max_post_bytes {
        return Err(vec![too_large(source, bytes.len() as u64, config.max_post_bytes)]);
    }
    let text = front_matter::decode(source, bytes).map_err(|d| vec![d])?;
    let Some(split) = front_matter::split(source, &text).map_err(|d| vec![d])? else {
        // A file the site's rules would leave out even with front matter
        // (an Eleventy note outside the posts collection) is just a page.
        let empty = Fields::new();
        let reader = PostReader::new(source, config, &empty, Vec::new());
        if reader.generator_skips_page() {
            return Ok(Parsed::NotAPost("a page, not a post, by the site's rules"));
        }
        return Ok(Parsed::NoFrontMatter);
    };
    let (fields, errors) = front_matter::parse_fields(source, &split)?;
    let mut reader = PostReader::new(source, config, &fields, errors);
    let parsed = reader.read(&split);
    if let Some(why) = reader.not_a_post.filter(|_| reader.errors.is_empty()) {
        return Ok(Parsed::NotAPost(why));
    }
    match parsed {
        Some(parsed) if reader.errors.is_empty() => Ok(Parsed::Post(parsed)),
        _ => {
            reader.errors.append(&mut reader.warnings);
            Err(reader.errors)
        }
    }
}

/// The error for a post over `max_post_size`.
pub(crate) fn too_large(source: &Path, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::error(source, None, format!("the file is {size} bytes, more than the limit of {limit} bytes"))
        .with_help("split the post, or raise `max_post_size` in feedcard.yaml")
}

/// Reads the fields of one post, collecting problems instead of stopping at
/// the first.
struct PostReader<'a> {
    source: &'a Path,
    config: &'a Config,
    fields: &'a Fields,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Why the site's rules say this file is a page, not a post.
    not_a_post: Option<&'static str>,
}

impl<'a> PostReader<'a> {
    fn new(source: &'a Path, config: &'a Config, fields: &'a Fields, errors: Vec<Diagnostic>) -> Self {
        PostReader { source, config, fields, errors, warnings: Vec::new(), not_a_post: None }
    }

    /// `None` when a required part is missing; the reason is in `errors`.
    fn read(&mut self, split: &Split<'_>) -> Option<ParsedPost> {
        let title = self.title(split.body);
        let published = self.published();
        let updated = self.date_field("updated");
        let link = self.link();
        let tags = self.tags();
        let description = self.text("description").map(|d| decode_entities(&d));
        self.check_draft();
        let authors = self.authors();
        let lang = self.text("lang");
        let slug_ok = self.check_slug();
        let image = self.image_field();
        let (card, card_warnings) = super::card::read(self.source, self.fields);
        self.warnings.extend(card_warnings);

        let (title, published) = (title?, published?);
        slug_ok?;
        let path = self.config.site_path(self.source);
        let facts = PostFacts {
            path: &path,
            title: &title,
            date: published,
            timezone: self.config.site.timezone,
            front: FrontMatter::new(self.fields),
        };
        let rules = &self.config.rules;
        let tz = self.config.site.timezone;
        let first_date = |keys: &[&str]| keys.iter().find_map(|key| facts.front.date(key, tz));
        let publish_at = first_date(rules.publish_date_keys()).unwrap_or(published);
        let expires_at = first_date(rules.expiry_date_keys());
        let status = match rules.excluded(&facts) {
            None => PostStatus::Published,
            Some(Excluded::Draft) => PostStatus::Draft,
            Some(Excluded::Hidden(why)) => PostStatus::Hidden(why),
        };
        let permalink = self.permalink(rules.permalink(&facts))?;
        let slug =
            slugify(&rules.slug(&facts)).or_else(|| slugify(permalink.path())).unwrap_or_else(|| "post".to_string());
        let image = image.and_then(|(field, image)| self.image(field, &image, &permalink));
        let post = Post {
            source: self.source.to_path_buf(),
            slug,
            title,
            published,
            updated,
            link,
            permalink,
            tags,
            description,
            authors,
            lang,
            image,
            card,
            body: split.body.to_string(),
            front_values: if split.body.contains("{{") { self.front_values() } else { Vec::new() },
        };
        Some(ParsedPost { post, status, publish_at, expires_at, warnings: std::mem::take(&mut self.warnings) })
    }

    /// The fields that give `name`, in order: the built-in keys, then the
    /// user's aliases. Empty values and values `accept` refuses are skipped
    /// (`published: false` is not a date).
    fn candidates(&self, name: &str, accept: fn(&Value) -> bool) -> Vec<&'a Field> {
        let fields = self.fields;
        let built_in = BUILT_IN_KEYS.iter().find(|(field, _)| *field == name).map_or(&[][..], |(_, keys)| keys);
        let aliases = self.config.aliases.get(name).map_or(&[][..], Vec::as_slice);
        let mut keys: Vec<&str> = built_in.to_vec();
        for alias in aliases {
            if !keys.contains(&alias.as_str()) {
                keys.push(alias);
            }
        }
        let found = keys
            .into_iter()
            .filter_map(|key| fields.get(key))
            .filter(|field| !field.value.is_null() && accept(&field.value))
            .collect();
        found
    }

    /// The first field that gives `name`; the others are reported as ignored.
    fn field_where(&mut self, name: &str, accept: fn(&Value) -> bool) -> Option<&'a Field> {
        let found = self.candidates(name, accept);
        let (chosen, ignored) = found.split_first()?;
        for field in ignored {
            self.warnings.push(
                Diagnostic::warning(
                    self.source,
                    Some(field.line),
                    format!(
                        "`{}` is ignored because `{}` (line {}) gives the {name}",
                        field.key, chosen.key, chosen.line
                    ),
                )
                .with_help("remove one of them"),
            );
        }
        Some(chosen)
    }

    fn field(&mut self, name: &str) -> Option<&'a Field> {
        self.field_where(name, |_| true)
    }

    fn text(&mut self, name: &str) -> Option<String> {
        self.text_field(name).map(|(_, text)| text)
    }

    fn front_values(&self) -> Vec<(String, String)> {
        let fields = self.fields.values();
        fields.filter_map(|field| Some((field.key.clone(), scalar_text(&field.value)?))).collect()
    }

    /// `image:` as text, or as the map themes write (`image: {path: …}` for
    /// jekyll-seo-tag, `{feature: …, thumbnail: …}` for Minimal Mistakes);
    /// any other shape is a warning: an image is never worth failing a post.
    fn image_field(&mut self) -> Option<(&'a Field, String)> {
        let field = self.field("image")?;
        let text = match &field.value {
            Value::Mapping(map) => ["path", "url", "src", "feature", "og_image", "image"]
                .iter()
                .find_map(|key| map.get(*key).and_then(scalar_text))
                .or_else(|| map.values().find_map(scalar_text).filter(|_| map.len() == 1)),
            value => scalar_text(value),
        };
        match text.map(|t| t.trim().to_string()) {
            Some(text) if !text.is_empty() => Some((field, text)),
            Some(_) => None,
            None => {
                self.warnings.push(
                    Diagnostic::warning(
                        self.source,
                        Some(field.line),
                        format!("`image` is {}, not an address; the post is used without it", describe(&field.value)),
                    )
                    .with_help("write `image: cover.png`, or a map with `path:` (as jekyll-seo-tag reads it)"),
                );
                None
            }
        }
    }

    /// A text field: a string (or a number or bool, as written). A list or map
    /// is an error; an empty value is no value.
    fn text_field(&mut self, name: &str) -> Option<(&'a Field, String)> {
        let field = self.field(name)?;
        match scalar_text(&field.value) {
            Some(text) => Some((field, text.trim().to_string())).filter(|(_, t)| !t.is_empty()),
            None => {
                self.error(field, format!("is {}, but {name} must be text", describe(&field.value)), TEXT_HELP);
                None
            }
        }
    }

    /// `value`, after reporting an error at `field` when there is none.
    fn require<T>(
        &mut self,
        field: &Field,
        value: Option<T>,
        message: impl FnOnce() -> String,
        help: &str,
    ) -> Option<T> {
        if value.is_none() {
            self.error(field, message(), help);
        }
        value
    }

    fn error(&mut self, field: &Field, message: String, help: &str) {
        self.errors.push(
            Diagnostic::error(self.source, Some(field.line), format!("`{}` {message}", field.key)).with_help(help),
        );
    }

    fn title(&mut self, body: &str) -> Option<String> {
        let failed_before = self.errors.len();
        if let Some(title) = self.text("title").map(|t| title_text(&t)).filter(|t| !t.trim().is_empty()) {
            return Some(title.trim().to_string());
        }
        if self.errors.len() > failed_before {
            return None;
        }
        // The site shows the body with its templates rendered, never their syntax.
        match title_from_body(&crate::content::without_templates(body, self.config.generator)) {
            Some(title) => {
                self.warnings.push(
                    Diagnostic::warning(
                        self.source,
                        Some(1),
                        format!("no title; using the start of the text: \"{title}\""),
                    )
                    .with_help("add `title:` to the front matter"),
                );
                Some(title)
            }
            None => {
                self.errors.push(
                    Diagnostic::error(self.source, Some(1), "the post has no title and no text to make one from")
                        .with_help("add `title:` to the front matter"),
                );
                None
            }
        }
    }

    fn published(&mut self) -> Option<DateTime<FixedOffset>> {
        // Jekyll's `published: false` is a switch, not a date.
        if !self.candidates("date", not_bool).is_empty() {
            return self.date_field("date");
        }
        let site_path = self.config.site_path(self.source);
        let from_name =
            self.config.rules.date_from_path(&site_path).and_then(|text| date::parse(&text, self.config.site.timezone));
        if from_name.is_none() && self.generator_skips_page() {
            self.not_a_post = Some("a page, not a post, by the site's rules");
            return None;
        }
        if from_name.is_none() && self.config.generator != Generator::Plain {
            // A generator publishes undated pages too (an about page); they
            // are just not posts, and the summary line counts them.
            self.not_a_post = Some("no date, so this page is not a post");
            return None;
        }
        if from_name.is_none() {
            let help = "add `date: 2024-06-13` to the front matter or start the file name with the date, like `2024-06-13-my-post.md`";
            self.errors.push(Diagnostic::error(self.source, Some(1), "the post has no date").with_help(help));
        }
        from_name
    }

    /// Whether the site's rules leave this undated page out anyway (an
    /// Eleventy page outside the posts collection): then it is no post
    /// worth a warning. The date plays no part in that choice.
    fn generator_skips_page(&self) -> bool {
        if self.config.generator == Generator::Plain {
            return false;
        }
        let path = self.config.site_path(self.source);
        let facts = PostFacts {
            path: &path,
            title: "",
            date: DateTime::UNIX_EPOCH.fixed_offset(),
            timezone: self.config.site.timezone,
            front: FrontMatter::new(self.fields),
        };
        self.config.rules.excluded(&facts).is_some()
    }

    fn date_field(&mut self, name: &str) -> Option<DateTime<FixedOffset>> {
        let field = self.field_where(name, not_bool)?;
        let parsed = scalar_text(&field.value).and_then(|text| date::parse(&text, self.config.site.timezone));
        self.require(
            field,
            parsed,
            || format!("is {}, which is not a date", describe(&field.value)),
            ACCEPTED_DATE_FORMS,
        )
    }

    fn link(&mut self) -> Option<Url> {
        let (field, text) = self.text_field("link")?;
        let problem = match Url::parse(&text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
                self.check_link(field, &text, &url);
                return Some(url);
            }
            Ok(url) => format!("is `{text}`, but only http and https links are allowed, not `{}:`", url.scheme()),
            Err(e) => format!("is `{text}`, which is not a full web address ({e})"),
        };
        self.error(
            field,
            problem,
            "write the full address of the page the post is about, like `https://example.org/page/`",
        );
        None
    }

    /// A link that works but is likely a mistake: a warning each.
    fn check_link(&mut self, field: &Field, text: &str, url: &Url) {
        let mut warn = |message: String, help: &str| {
            self.warnings.push(Diagnostic::warning(self.source, Some(field.line), message).with_help(help));
        };
        if text.contains(['\n', '\r']) {
            // URL parsing drops line breaks without a word.
            warn(
                format!("`{}` has a line break inside; it was removed, giving {url}", field.key),
                "write the address on one line",
            );
        }
        if crate::config::has_credentials(url) {
            warn(
                format!("`{}` holds a user name or password (`user:pass@`), which every feed would publish", field.key),
                "remove the `user:pass@` part from the link",
            );
        }
    }

    fn tags(&mut self) -> Vec<String> {
        let mut tags = Vec::new();
        let config = self.config;
        let mut fields = Vec::new();
        for key in &config.tag_keys {
            // `tags` also answers to its aliases (`keywords: [...]`).
            let field = if key == "tags" { self.field("tags") } else { self.fields.get(key.as_str()) };
            fields.extend(field.cloned().or_else(|| nested_field(self.fields, key)));
        }
        let at_spaces = config.rules.splits_tags_at_spaces();
        let mut over_limit = false;
        for field in fields {
            if let Err(problem) = collect_tags_split(&field.value, &mut tags, at_spaces) {
                self.error(
                    &field,
                    problem,
                    "write tags like `tags: [rust, web]`, one per line with `- `, or `tags: rust, web`",
                );
            }
            // Every tag is a folder of feeds: thousands of tags in one post
            // would write thousands of files.
            if tags.len() > config.max_tags_per_post && !over_limit {
                over_limit = true;
                let limit = config.max_tags_per_post;
                self.error(
                    &field,
                    format!("has {} tags, more than the limit of {limit} per post", tags.len()),
                    "use fewer tags, or raise `max_tags_per_post` in feedcard.yaml",
                );
            }
        }
        tags.retain(|tag| config.rules.shows_tag(tag));
        tags
    }

    /// `draft:` must be a yes or no; the site's rules decide what it means.
    fn check_draft(&mut self) {
        if let Some(field) = self.field("draft") {
            let message = || format!("is {}, not true or false", describe(&field.value));
            self.require(field, flag(&field.value), message, "write `draft: true` or `draft: false`");
        }
    }

    /// `author:` as a name, a map with a `name`, or a list of either.
    fn authors(&mut self) -> Vec<String> {
        let Some(field) = self.field("author").or_else(|| self.fields.get("authors")) else { return Vec::new() };
        let items: Vec<&Value> = match &field.value {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut names = Vec::new();
        for item in items {
            let name = match item {
                Value::Mapping(map) => map.iter().find_map(|(k, v)| {
                    let is_name = k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("name"));
                    is_name.then(|| scalar_text(v)).flatten()
                }),
                Value::Null => continue,
                other => scalar_text(other),
            };
            match name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
                Some(name) if !names.contains(&name) => names.push(name),
                Some(_) => {}
                None => {
                    let message = format!("is {} without a name", describe(item));
                    self.error(
                        field,
                        message,
                        "write `author: Jane Doe`, `author: {name: Jane Doe}` or a list of them",
                    );
                }
            }
        }
        names
    }

    /// A plain site's `slug:` must leave something to make an address from;
    /// a generator's own slug rules decide on theirs. `None` after an error.
    fn check_slug(&mut self) -> Option<()> {
        if self.config.generator != Generator::Plain {
            return Some(());
        }
        let Some((field, text)) = self.text_field("slug") else { return Some(()) };
        let message = || format!("is `{text}`, which has no letters or digits to make an address from");
        self.require(field, slugify(&text), message, SLUG_HELP).map(|_| ())
    }

    /// The site URL joined with the path the site's rules give.
    fn permalink(&mut self, path: Result<String, String>) -> Option<Url> {
        let joined = path.and_then(|path| self.config.site_url_for(&path));
        match joined {
            Ok(url) => Some(url),
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(self.source, None, format!("cannot make the post's address: {e}"))
                        .with_help("check `permalink` and `site.url` in feedcard.yaml, or the post's own `slug:`"),
                );
                None
            }
        }
    }

    /// A bad image only loses the image, so it is a warning.
    fn image(&mut self, field: &Field, text: &str, permalink: &Url) -> Option<Url> {
        let problem = match permalink.join(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => return Some(url),
            Ok(url) => {
                format!("`image` is `{text}`, but only http and https images can be used, not `{}:`", url.scheme())
            }
            Err(e) => format!("`image` is `{text}`, which is not an address ({e})"),
        };
        self.warnings.push(
            Diagnostic::warning(self.source, Some(field.line), format!("{problem}; the post is used without it"))
                .with_help("write a full address or a path relative to the post, like `cover.png`"),
        );
        None
    }
}

/// `taxonomies.tags`: a key inside a map, as a field on its map's line.
fn nested_field(fields: &Fields, key: &str) -> Option<Field> {
    let (head, rest) = key.split_once('.')?;
    let parent = fields.get(head)?;
    let value = crate::site::nested(&parent.value, rest)?.clone();
    Some(Field { key: format!("{}.{rest}", parent.key), value, line: parent.line })
}

fn not_bool(value: &Value) -> bool {
    !value.is_bool()
}

const TEXT_HELP: &str = "write it as text on one line, in quotes if it contains `: `";
const SLUG_HELP: &str = "add a `slug:` with letters or digits to the front matter, like `slug: my-post`";

/// `true`/`false`, also as the strings people write (`"yes"`, `"no"`).
pub(crate) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => Some(true),
            "false" | "no" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SlugSource;
    use crate::diagnostic::Severity;
    use crate::site::PlainRules;
    use std::sync::Arc;

    fn config() -> Config {
        Config::with_site_url("https://blog.example.com/").unwrap()
    }

    fn parse_with(path: &str, text: &str, config: &Config) -> Result<ParsedPost, Vec<Diagnostic>> {
        match parse_post(Path::new(path), text.as_bytes(), config)? {
            Parsed::Post(parsed) => Ok(parsed),
            Parsed::NoFrontMatter => panic!("{path}: no front matter"),
            Parsed::NotAPost(why) => panic!("{path}: {why}"),
        }
    }

    fn parse(text: &str) -> Result<ParsedPost, Vec<Diagnostic>> {
        parse_with("posts/my-post.md", text, &config())
    }

    fn post(text: &str) -> Post {
        match parse(text) {
            Ok(parsed) => parsed.post,
            Err(problems) => panic!("{problems:#?}"),
        }
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        match parse(text) {
            Ok(parsed) => panic!("expected errors, got {:?}", parsed.post),
            Err(problems) => problems.into_iter().filter(Diagnostic::is_error).collect(),
        }
    }

    fn only_error(text: &str) -> Diagnostic {
        let mut errors = errors(text);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors.remove(0)
    }

    const REAL: &str = "---
date: 2024-11-02 08:14:09.402117
title: A maintainer's notes on release trains
link: https://example.org/essays/why-release-trains/
tags: [\"oss\", \"process\"]
description: \"Why we moved to fixed release dates, and what it cost us.\"
---
The body.
";

    #[test]
    fn the_real_front_matter() {
        let parsed = parse_with("posts/2024-11-02-release-trains.md", REAL, &config()).unwrap();
        assert_eq!(parsed.status, PostStatus::Published);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let post = parsed.post;
        assert_eq!(post.title, "A maintainer's notes on release trains");
        assert_eq!(post.published.to_rfc3339(), "2024-11-02T08:14:09.402117+00:00");
        assert_eq!(post.link.unwrap().as_str(), "https://example.org/essays/why-release-trains/");
        assert_eq!(post.tags, ["oss", "process"]);
        assert_eq!(post.description.as_deref(), Some("Why we moved to fixed release dates, and what it cost us."));
        assert_eq!(post.slug, "release-trains");
        assert_eq!(post.permalink.as_str(), "https://blog.example.com/release-trains/");
        assert_eq!(post.body, "The body.\n");
        assert_eq!(post.source, Path::new("posts/2024-11-02-release-trains.md"));
    }

    #[test]
    fn same_bytes_same_post() {
        assert_eq!(parse(REAL).unwrap(), parse(REAL).unwrap());
    }

    #[test]
    fn keys_ignore_case_and_built_in_aliases_work() {
        let post = post(
            "---\nTitle: T\npubDatetime: 2024-01-02\nexternal_url: https://x.example/\nSummary: S\nlastmod: 2024-02-03\nunknown: [whatever]\n---\n",
        );
        assert_eq!(post.title, "T");
        assert_eq!(post.published.to_rfc3339(), "2024-01-02T00:00:00+00:00");
        assert_eq!(post.link.unwrap().as_str(), "https://x.example/");
        assert_eq!(post.description.as_deref(), Some("S"));
        assert_eq!(post.updated.unwrap().to_rfc3339(), "2024-02-03T00:00:00+00:00");
    }

    #[test]
    fn user_aliases_work() {
        let mut config = config();
        config.aliases.insert("link".to_string(), vec!["source_url".to_string()]);
        let parsed =
            parse_with("p/a.md", "---\ntitle: T\ndate: 2024-01-02\nSource_URL: https://x.example/\n---\n", &config);
        assert_eq!(parsed.unwrap().post.link.unwrap().as_str(), "https://x.example/");
    }

    #[test]
    fn two_keys_for_one_field_warn() {
        let parsed = parse("---\ntitle: T\ndate: 2024-01-02\npubDate: 2023-01-01\n---\n").unwrap();
        assert_eq!(parsed.post.published.to_rfc3339(), "2024-01-02T00:00:00+00:00");
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, Some(4));
        assert!(parsed.warnings[0].message.contains("`pubDate` is ignored"), "{}", parsed.warnings[0]);
    }

    #[test]
    fn drafts_and_jekyll_published() {
        let status = |fm: &str| parse(&format!("---\ntitle: T\ndate: 2024-01-02\n{fm}\n---\n")).unwrap().status;
        assert_eq!(status("draft: true"), PostStatus::Draft);
        assert_eq!(status("draft: \"yes\""), PostStatus::Draft);
        assert_eq!(status("draft: false"), PostStatus::Published);
        assert_eq!(status("published: false"), PostStatus::Draft);
        assert_eq!(status("published: true"), PostStatus::Published);
        let err = only_error("---\ntitle: T\ndate: 2024-01-02\ndraft: maybe\n---\n");
        assert_eq!(err.line, Some(4));
        // `published` as a date is the date.
        let post = post("---\ntitle: T\npublished: 2023-05-06 07:08\n---\n");
        assert_eq!(post.published.to_rfc3339(), "2023-05-06T07:08:00+00:00");
    }

    #[test]
    fn title_entities_are_decoded_once() {
        assert_eq!(post("---\ntitle: Don&#8217;t &amp;amp; do\ndate: 2024-01-02\n---\n").title, "Don’t &amp; do");
    }

    #[test]
    fn title_from_the_body_warns() {
        let parsed = parse("---\ndate: 2024-01-02\n---\nJust a *quick* note. With more.\n").unwrap();
        assert_eq!(parsed.post.title, "Just a quick note.");
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].severity, Severity::Warning);
        let err = only_error("---\ndate: 2024-01-02\ntitle: ''\n---\n\n");
        assert!(err.message.contains("no title"), "{err}");
    }

    #[test]
    fn a_title_from_the_body_has_no_template_syntax() {
        let body =
            "---\ndate: 2024-01-02\n---\n{% youtubeEmbed \"ix5mPa6D7ZA\" %} and {{< aside >}}more{{< /aside >}}.\n";
        assert_eq!(post(body).title, "Watch on YouTube and more.");
        let listed = "---\ndate: 2024-01-02\n---\n- One {{ page.x }}\n- Two {% icon \"star\" %}\n";
        assert_eq!(post(listed).title, "One Two");
    }

    #[test]
    fn a_title_that_is_a_list_or_map_is_an_error_at_its_line() {
        for title in ["[a, b]", "{a: b}", "\n  - a"] {
            let err = only_error(&format!("---\ndate: 2024-01-02\ntitle: {title}\n---\nBody\n"));
            assert_eq!(err.line, Some(3), "{err}");
            assert!(err.message.contains("`title` is a"), "{err}");
        }
    }

    #[test]
    fn date_from_the_file_or_folder_name() {
        let text = "---\ntitle: T\n---\n";
        let parsed = parse_with("p/2024-03-26-hello/index.md", text, &config()).unwrap();
        assert_eq!(parsed.post.published.to_rfc3339(), "2024-03-26T00:00:00+00:00");
        assert_eq!(parsed.post.slug, "hello");
        let err = only_error(text);
        assert!(err.message.contains("no date"), "{err}");
        assert!(err.help.unwrap().contains("2024-06-13-my-post.md"));
    }

    #[test]
    fn several_problems_in_one_file_are_all_reported_at_their_lines() {
        let errors =
            errors("---\ntitle: T\ndate: yesterday\nlink: javascript:alert(1)\ntags: {a: 1}\nupdated: [2024]\n---\n");
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(6), Some(4), Some(5)], "{errors:#?}");
        assert!(errors[0].message.contains("`yesterday`"), "{}", errors[0]);
        assert!(errors[0].help.as_deref().unwrap().contains("2023-11-17T01:59:43Z"));
        assert!(errors[1].message.contains("a list"), "{}", errors[1]);
        assert!(errors[2].message.contains("`javascript:`"), "{}", errors[2]);
        assert!(errors[3].message.contains("map"), "{}", errors[3]);
        assert_eq!(errors[0].to_string().split(':').take(2).collect::<Vec<_>>(), ["posts/my-post.md", "3"]);
    }

    #[test]
    fn bad_dates_are_errors() {
        for date in ["2024-13-45", "yesterday", "[2024-01-01]", "2024"] {
            let err = only_error(&format!("---\ntitle: T\ndate: {date}\n---\n"));
            assert_eq!(err.line, Some(3), "{err}");
        }
    }

    #[test]
    fn links_must_be_absolute_web_addresses() {
        let link = |l: &str| post(&format!("---\ntitle: T\ndate: 2024-01-02\nlink: {l}\n---\n")).link.unwrap();
        assert_eq!(
            link("https://bücher.example/straße?q=ü").as_str(),
            "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC"
        );
        assert_eq!(link("http://x.example").as_str(), "http://x.example/");
        for bad in ["javascript:alert(1)", "example.org/page", "ftp://x.example/", "/relative", "mailto:a@b.example"] {
            let err = only_error(&format!("---\ntitle: T\ndate: 2024-01-02\nlink: '{bad}'\n---\n"));
            assert_eq!(err.line, Some(4), "{err}");
            assert!(err.help.as_deref().unwrap().contains("https://"), "{err}");
        }
    }

    #[test]
    fn images_resolve_against_the_permalink_and_bad_ones_only_warn() {
        let image = |i: &str| post(&format!("---\ntitle: T\ndate: 2024-01-02\nimage: {i}\n---\n")).image;
        assert_eq!(image("cover.png").unwrap().as_str(), "https://blog.example.com/my-post/cover.png");
        assert_eq!(image("/img/a.png").unwrap().as_str(), "https://blog.example.com/img/a.png");
        assert_eq!(image("https://cdn.example/a.png").unwrap().as_str(), "https://cdn.example/a.png");
        let parsed = parse("---\ntitle: T\ndate: 2024-01-02\nimage: 'javascript:x'\n---\n").unwrap();
        assert_eq!(parsed.post.image, None);
        assert_eq!(parsed.warnings[0].severity, Severity::Warning);
        assert_eq!(parsed.warnings[0].line, Some(4));
        // The maps themes write: jekyll-seo-tag's `path`, Minimal Mistakes' `feature`.
        assert_eq!(
            image("{path: /img/seo.png, height: 630}").unwrap().as_str(),
            "https://blog.example.com/img/seo.png"
        );
        assert_eq!(
            image("{feature: big.jpg, thumbnail: small.jpg}").unwrap().as_str(),
            "https://blog.example.com/my-post/big.jpg"
        );
        let parsed = parse("---\ntitle: T\ndate: 2024-01-02\nimage: [a.png, b.png]\n---\n").unwrap();
        assert_eq!(parsed.post.image, None);
        assert!(parsed.warnings[0].message.contains("`image` is a list"), "{}", parsed.warnings[0]);
    }

    #[test]
    fn slugs() {
        let slug = |fm: &str, path: &str| {
            parse_with(path, &format!("---\ntitle: Tê & Co\ndate: 2024-01-02\n{fm}---\n"), &config())
                .map(|p| p.post.slug)
        };
        assert_eq!(slug("slug: ../../Etc\n", "p/a.md").unwrap(), "etc");
        assert_eq!(slug("", "p/2024-01-02-Hello World.md").unwrap(), "hello-world");
        assert_eq!(slug("", "p/2024-01-02-c++/INDEX.md").unwrap(), "c-plus-plus");
        let err = slug("slug: 🎉\n", "p/a.md").unwrap_err();
        assert_eq!(err[0].line, Some(4));
        assert!(err[0].help.as_deref().unwrap().contains("slug:"));
        let err = slug("", "p/🎉.md").unwrap_err();
        assert!(err[0].message.contains("🎉"), "{}", err[0]);

        let mut config = config();
        config.rules = Arc::new(PlainRules::new("/{slug}/", SlugSource::Title));
        let parsed = parse_with("p/a.md", "---\ntitle: Tê &amp; Co\ndate: 2024-01-02\n---\n", &config).unwrap();
        assert_eq!(parsed.post.slug, "te-and-co");
    }

    #[test]
    fn permalinks_follow_the_pattern_in_the_site_zone() {
        let mut config = Config::with_site_url("https://a.example/blog/").unwrap();
        config.site.timezone = chrono_tz::America::New_York;
        config.rules = Arc::new(PlainRules::new("/{year}/{month}/{day}/{slug}/", SlugSource::File));
        // 03:00 UTC on Jan 1 is still Dec 31 in New York.
        let text = "---\ntitle: T\ndate: 2024-01-01T03:00:00Z\n---\n";
        let post = parse_with("p/x.md", text, &config).unwrap().post;
        assert_eq!(post.permalink.as_str(), "https://a.example/blog/2023/12/31/x/");
        config.rules = Arc::new(PlainRules::new("/{slug}/", SlugSource::File));
        let post = parse_with("p/x.md", text, &config).unwrap().post;
        assert_eq!(post.permalink.as_str(), "https://a.example/blog/x/");
    }

    #[test]
    fn a_posts_own_permalink_wins_but_stays_on_the_site() {
        let config = Config::with_site_url("https://a.example/blog/").unwrap();
        let own = |line: &str| {
            let text = format!("---\ntitle: T\ndate: 2024-01-02\n{line}\n---\n");
            parse_with("p/x.md", &text, &config).map(|p| p.post.permalink.to_string())
        };
        assert_eq!(own("permalink: /2019/old-address/").unwrap(), "https://a.example/blog/2019/old-address/");
        assert_eq!(own("url: https://a.example/blog/moved/").unwrap(), "https://a.example/blog/moved/");
        for bad in [
            "permalink: https://evil.example/x/",
            "url: 'javascript:alert(1)'",
            "url: //evil.example/x",
            "url: /../../x/",
        ] {
            let errors = own(bad).unwrap_err();
            assert!(errors[0].message.contains("cannot make the post's address"), "{bad}: {}", errors[0]);
        }
    }

    #[test]
    fn control_characters_never_leave_the_reader() {
        let post = post("---\ntitle: \"Bell\\a and \\e[31mred\\0\"\ndate: 2024-01-02\ntags: [\"x\\ey\"]\nauthor: \"A\\x1bB\"\n---\n");
        assert_eq!(post.title, "Bell and [31mred");
        assert_eq!(post.tags, ["xy"]);
        assert_eq!(post.authors, ["AB"]);
    }

    #[test]
    fn authors_as_a_list_of_names_and_maps() {
        let post = post("---\ntitle: T\ndate: 2024-01-02\nauthor: [\"Chris Short\", {name: Ann}, Chris Short]\n---\n");
        assert_eq!(post.authors, ["Chris Short", "Ann"]);
        let err = only_error("---\ntitle: T\ndate: 2024-01-02\nauthor: [Ann, {email: x}]\n---\n");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn tags_come_from_the_keys_tags_from_names() {
        let mut config = config();
        config.tag_keys = vec!["tags".to_string()];
        let text = "---\ntitle: T\ndate: 2024-01-02\ntags: [rust]\ncategories: [post]\n---\n";
        assert_eq!(parse_with("p/x.md", text, &config).unwrap().post.tags, ["rust"]);
        config.tag_keys = vec!["categories".to_string()];
        assert_eq!(parse_with("p/x.md", text, &config).unwrap().post.tags, ["post"]);
    }

    #[test]
    fn feed_false_keeps_a_post_off_the_feeds() {
        for line in ["feed: false", "exclude_from_feed: true", "published: false", "draft: yes"] {
            let text = format!("---\ntitle: T\ndate: 2024-01-02\n{line}\n---\n");
            let parsed = parse_with("p/x.md", &text, &config()).unwrap();
            assert_ne!(parsed.status, PostStatus::Published, "{line}");
        }
    }

    #[test]
    fn tags_categories_author_lang() {
        let post = post(
            "---\ntitle: T\ndate: 2024-01-02\ntags: Rust, web\ncategories:\n  - rust\n  - Notes\nauthor:\n  name: Jane\n  email: j@x.example\nlang: ' de '\n---\n",
        );
        assert_eq!(post.tags, ["Rust", "web", "Notes"]);
        assert_eq!(post.authors, ["Jane"]);
        assert_eq!(post.lang.as_deref(), Some("de"));
        assert_eq!(only_error("---\ntitle: T\ndate: 2024-01-02\nauthor: {email: x}\n---\n").line, Some(4));
    }

    #[test]
    fn crlf_bom_body_and_no_front_matter() {
        let bytes = "\u{feff}---\r\ntitle: T\r\ndate: 2024-01-02\r\n---\r\nLine one\r\nLine two\r\n".as_bytes();
        let Ok(Parsed::Post(parsed)) = parse_post(Path::new("a.md"), bytes, &config()) else { panic!() };
        assert_eq!(parsed.post.body, "Line one\nLine two\n");
        let readme = parse_post(Path::new("README.md"), b"# Read me\n", &config());
        assert_eq!(readme, Ok(Parsed::NoFrontMatter));
    }

    #[test]
    fn a_repeated_key_does_not_hide_other_problems() {
        let errors = errors("---\ntitle: T\ndate: yesterday\nTitle: again\n---\n");
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(4), Some(3)], "{errors:#?}");
    }

    #[test]
    fn yaml_errors_are_at_the_file_line() {
        let err = only_error("---\ntitle: T\ndate: 2024-01-02\ndescription: a: b\n---\n");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn too_large_names_the_limit_and_the_key() {
        let mut config = config();
        config.max_post_bytes = 10;
        let err = parse_post(Path::new("a.md"), REAL.as_bytes(), &config).unwrap_err();
        assert!(err[0].message.contains("10 bytes"), "{}", err[0]);
        assert!(err[0].help.as_deref().unwrap().contains("max_post_size"));
    }
}
