//! One post from its bytes: every front-matter field checked, every problem
//! in the file reported together. Pure: no file system, no clock.

use chrono::{DateTime, FixedOffset};
use serde_yaml::Value;
use std::path::Path;

use super::date::{self, ACCEPTED_DATE_FORMS};
use super::front_matter::{self, describe, Fields, Split};
use super::slug::slugify;
use super::tags::{collect_tags_split, scalar_text};
use super::text::{decode_entities, title_from_body, title_text};
use super::{Parsed, ParsedPost, Post, PostStatus};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{Excluded, FrontMatter, Generator, PostFacts};

mod addresses;
mod lookup;

use lookup::{nested_field, not_bool};

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
            body_on_disk: None,
        };
        Some(ParsedPost { post, status, publish_at, expires_at, warnings: std::mem::take(&mut self.warnings) })
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
}

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
mod tests;
