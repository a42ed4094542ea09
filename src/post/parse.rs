//! One post from its bytes: every front-matter field checked, every problem
//! in the file reported together. Pure: no file system, no clock.

use chrono::{DateTime, Datelike, FixedOffset};
use serde_yaml::Value;
use std::path::Path;
use url::Url;

use super::date::{self, ACCEPTED_DATE_FORMS};
use super::front_matter::{self, describe, Field, Fields, Split};
use super::slug::{slug_source_from_path, slugify};
use super::tags::{collect_tags, scalar_text};
use super::text::{decode_entities, title_from_body};
use super::{Parsed, ParsedPost, Post, PostStatus};
use crate::config::{Config, SlugSource};
use crate::diagnostic::Diagnostic;

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
        return Ok(Parsed::NoFrontMatter);
    };
    let fields = front_matter::parse_fields(source, &split)?;
    let mut reader = PostReader { source, config, fields: &fields, errors: Vec::new(), warnings: Vec::new() };
    let parsed = reader.read(&split);
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
}

impl<'a> PostReader<'a> {
    /// `None` when a required part is missing; the reason is in `errors`.
    fn read(&mut self, split: &Split<'_>) -> Option<ParsedPost> {
        let title = self.title(split.body);
        let published = self.published();
        let updated = self.date_field("updated");
        let link = self.link();
        let tags = self.tags();
        let description = self.text("description").map(|d| decode_entities(&d));
        let draft = self.draft();
        let author = self.author();
        let lang = self.text("lang");
        let slug = self.slug(title.as_deref());
        let image = self.text_field("image");

        let (title, published, slug) = (title?, published?, slug?);
        let permalink = self.permalink(&slug, published)?;
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
            author,
            lang,
            image,
            body: split.body.to_string(),
        };
        let status = if draft { PostStatus::Draft } else { PostStatus::Published };
        Some(ParsedPost { post, status, warnings: std::mem::take(&mut self.warnings) })
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

    fn error(&mut self, field: &Field, message: String, help: &str) {
        self.errors.push(
            Diagnostic::error(self.source, Some(field.line), format!("`{}` {message}", field.key)).with_help(help),
        );
    }

    fn title(&mut self, body: &str) -> Option<String> {
        let failed_before = self.errors.len();
        if let Some(title) = self.text("title").map(|t| decode_entities(&t)).filter(|t| !t.trim().is_empty()) {
            return Some(title.trim().to_string());
        }
        if self.errors.len() > failed_before {
            return None;
        }
        match title_from_body(body) {
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
        let from_name = date::date_from_path(self.source, self.config.site.timezone);
        if from_name.is_none() {
            self.errors.push(
                Diagnostic::error(self.source, Some(1), "the post has no date")
                    .with_help("add `date: 2024-06-13` to the front matter or start the file name with the date, like `2024-06-13-my-post.md`"),
            );
        }
        from_name
    }

    fn date_field(&mut self, name: &str) -> Option<DateTime<FixedOffset>> {
        let field = self.field_where(name, not_bool)?;
        let parsed = scalar_text(&field.value).and_then(|text| date::parse(&text, self.config.site.timezone));
        if parsed.is_none() {
            self.error(field, format!("is {}, which is not a date", describe(&field.value)), ACCEPTED_DATE_FORMS);
        }
        parsed
    }

    fn link(&mut self) -> Option<Url> {
        let (field, text) = self.text_field("link")?;
        let problem = match Url::parse(&text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => return Some(url),
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

    fn tags(&mut self) -> Vec<String> {
        let mut tags = Vec::new();
        let fields = [self.field("tags"), self.fields.get("categories")];
        for field in fields.into_iter().flatten() {
            if let Err(problem) = collect_tags(&field.value, &mut tags) {
                self.error(
                    field,
                    problem,
                    "write tags like `tags: [rust, web]`, one per line with `- `, or `tags: rust, web`",
                );
            }
        }
        tags
    }

    fn draft(&mut self) -> bool {
        let draft = self.field("draft").and_then(|field| {
            let flag = flag(&field.value);
            if flag.is_none() {
                self.error(
                    field,
                    format!("is {}, not true or false", describe(&field.value)),
                    "write `draft: true` or `draft: false`",
                );
            }
            flag
        });
        let unpublished = self.fields.get("published").and_then(|f| f.value.as_bool()) == Some(false);
        draft == Some(true) || unpublished
    }

    fn author(&mut self) -> Option<String> {
        let field = self.field("author")?;
        let name = match &field.value {
            Value::Mapping(map) => map.iter().find_map(|(k, v)| {
                let is_name = k.as_str().is_some_and(|k| k.eq_ignore_ascii_case("name"));
                is_name.then(|| scalar_text(v)).flatten()
            }),
            other => scalar_text(other),
        };
        let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        if name.is_none() {
            self.error(
                field,
                format!("is {} without a name", describe(&field.value)),
                "write `author: Jane Doe` or `author: {name: Jane Doe}`",
            );
        }
        name
    }

    fn slug(&mut self, title: Option<&str>) -> Option<String> {
        if let Some((field, text)) = self.text_field("slug") {
            let slug = slugify(&text);
            if slug.is_none() {
                self.error(
                    field,
                    format!("is `{text}`, which has no letters or digits to make an address from"),
                    SLUG_HELP,
                );
            }
            return slug;
        }
        let from = match self.config.slug_source {
            SlugSource::File => slug_source_from_path(self.source),
            // The title's own error is already reported.
            SlugSource::Title => title?.to_string(),
        };
        let slug = slugify(&from);
        if slug.is_none() {
            self.errors.push(
                Diagnostic::error(
                    self.source,
                    Some(1),
                    format!("cannot make an address (slug) from `{from}`: it has no letters or digits"),
                )
                .with_help(SLUG_HELP),
            );
        }
        slug
    }

    fn permalink(&mut self, slug: &str, published: DateTime<FixedOffset>) -> Option<Url> {
        match permalink(self.config, slug, published) {
            Ok(url) => Some(url),
            Err(e) => {
                self.errors.push(
                    Diagnostic::error(self.source, None, format!("cannot make the post's address: {e}"))
                        .with_help("check `permalink` and `site.url` in feedcard.yaml"),
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

fn not_bool(value: &Value) -> bool {
    !value.is_bool()
}

const TEXT_HELP: &str = "write it as text on one line, in quotes if it contains `: `";
const SLUG_HELP: &str = "add a `slug:` with letters or digits to the front matter, like `slug: my-post`";

/// `true`/`false`, also as the strings people write (`"yes"`, `"no"`).
fn flag(value: &Value) -> Option<bool> {
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

/// The site URL joined with the permalink pattern. The pattern's leading `/`
/// is the site's root, not the host's (`https://a.example/blog/` + `/{slug}/`).
pub(crate) fn permalink(config: &Config, slug: &str, published: DateTime<FixedOffset>) -> Result<Url, url::ParseError> {
    let local = published.with_timezone(&config.site.timezone);
    let path = config
        .permalink
        .replace("{slug}", slug)
        .replace("{year}", &format!("{:04}", local.year()))
        .replace("{month}", &format!("{:02}", local.month()))
        .replace("{day}", &format!("{:02}", local.day()));
    config.site.url.join(path.trim_start_matches('/'))
}
