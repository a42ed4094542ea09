//! The `feeds:` section resolved: each format's file, limit, content and tag
//! feeds, with file names checked against each other and feedcard's own.

use std::path::Path;

use super::file::{FeedFile, FeedsFile, FileName, TagsFile};
use super::*;
use crate::output::names::LEGACY_MANIFEST_FILE;

/// Tags used once make a feed of one post: most of the output of a blog
/// with hundreds of tags, and of no use to a reader.
const DEFAULT_TAGS_MIN_POSTS: usize = 2;

fn chosen_tags(names: Vec<String>, config_path: &Path) -> Result<ChosenTags, String> {
    let mut slugs = Vec::with_capacity(names.len());
    for name in &names {
        let slug = crate::post::slugify(name)
            .ok_or_else(|| format!("feeds.tags: `{name}` has no letters or digits, so no post's tag can match it"))?;
        slugs.push(slug);
    }
    Ok(ChosenTags { names, slugs, file: config_path.to_path_buf() })
}

pub(super) fn resolve_feeds(file: FeedsFile, config_path: &Path) -> Result<Feeds, String> {
    let limit = file.limit.unwrap_or(DEFAULT_ITEM_LIMIT);
    let content = file.content.unwrap_or(ContentMode::Full);
    let one =
        |name: &str, default_file: &str, default_tags: bool, given: Option<FeedFile>| -> Result<FeedSettings, String> {
            let defaults = FeedSettings {
                file: Some(default_file.to_string()),
                limit,
                content,
                per_tag: match &file.tags {
                    Some(TagsFile::Switch(on)) => *on,
                    // A list picks the tags; each feed's own default picks the formats.
                    Some(TagsFile::Only(_)) | None => default_tags,
                },
            };
            Ok(match given {
                None | Some(FeedFile::Switch(true)) => defaults,
                Some(FeedFile::Switch(false)) => FeedSettings { file: None, ..defaults },
                Some(FeedFile::Settings(s)) => FeedSettings {
                    file: match s.file {
                        None | Some(FileName::Off(true)) => defaults.file,
                        Some(FileName::Off(false)) => None,
                        Some(FileName::Name(n)) if matches!(n.as_str(), "off" | "none" | "") => None,
                        Some(FileName::Name(n)) => Some(check_file_name(name, n)?),
                    },
                    limit: s.limit.unwrap_or(defaults.limit),
                    content: s.content.unwrap_or(defaults.content),
                    per_tag: s.tags.unwrap_or(defaults.per_tag),
                },
            })
        };
    let feeds = Feeds {
        rss: one("rss", "rss.xml", true, file.rss)?,
        atom: one("atom", "atom.xml", true, file.atom)?,
        json: one("json", "feed.json", false, file.json)?,
        sanitize: file.sanitize.unwrap_or(true),
        stylesheet: file.stylesheet.unwrap_or(true).then(|| STYLESHEET_FILE.to_string()),
        opml: super::wiring::opml_file(file.opml)?,
        tags_min_posts: file.tags_min_posts.unwrap_or(DEFAULT_TAGS_MIN_POSTS),
        tags_only: match file.tags {
            Some(TagsFile::Only(names)) => Some(chosen_tags(names, config_path)?),
            _ => None,
        },
    };
    let feed_files = [&feeds.rss, &feeds.atom, &feeds.json].into_iter().filter_map(|f| f.file.as_deref());
    let names: Vec<&str> = feed_files.chain(feeds.opml.as_deref()).collect();
    if let Some(name) = names.iter().enumerate().find_map(|(i, name)| names[..i].contains(name).then_some(name)) {
        return Err(format!("feeds: two feeds are both written to `{name}`; give each its own `file:`"));
    }
    // `feeds` as one feed's file and `feeds/atom.xml` as another's cannot both exist.
    for folder in &names {
        if let Some(inside) = names.iter().find(|name| name.starts_with(&format!("{folder}/"))) {
            return Err(format!("feeds: `{folder}` is a feed's file and also the folder of `{inside}`; rename one"));
        }
    }
    Ok(feeds)
}

/// Feed file names stay inside the output folder: plain relative paths only.
pub(super) fn check_file_name(feed: &str, name: String) -> Result<String, String> {
    let bad = name.starts_with('/')
        || name.contains('\\')
        || name.split('/').any(|part| part.is_empty() || part == "." || part == "..");
    // Names feedcard uses for itself: its state folder (and feedcard 0.1's
    // manifest and lock), temporary files, and the card and per-tag folders
    // it manages. Compared without case: macOS and Windows ignore it.
    let lower = name.to_lowercase();
    let first = lower.split('/').next().unwrap_or_default();
    let reserved = lower == LEGACY_MANIFEST_FILE
        || lower == STYLESHEET_FILE
        || first.starts_with(".feedcard")
        || first == "cards"
        || first == "tags";
    if reserved {
        return Err(format!(
            "feeds.{feed}.file `{name}` is a name feedcard uses itself (manifest.json, feed.xsl, .feedcard*, cards, tags); choose another"
        ));
    }
    if bad {
        return Err(format!(
            "feeds.{feed}.file `{name}` must be a relative path inside the output folder, like `{feed}.xml` or `feeds/{feed}.xml`"
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        super::super::resolve::resolve_text(text)
    }

    #[test]
    fn feeds_can_be_renamed_limited_and_switched_off() {
        let config = parse(
            "site: {url: 'https://a.example/'}\nfeeds:\n  limit: 0\n  rss: {file: index.xml, content: summary}\n  json: false\n  atom: {file: off}\n",
        )
        .unwrap();
        assert_eq!(config.feeds.rss.file.as_deref(), Some("index.xml"));
        assert_eq!(config.feeds.rss.limit, 0);
        assert_eq!(config.feeds.rss.content, ContentMode::Summary);
        assert_eq!(config.feeds.json.file, None);
        assert_eq!(config.feeds.atom.file, None);
        assert_eq!(config.enabled_feeds().count(), 1);
    }

    #[test]
    fn tag_feeds_need_two_posts_unless_a_number_or_a_list_says_otherwise() {
        let config = parse("site: {url: 'https://a.example/'}").unwrap();
        assert_eq!(config.feeds.tags_min_posts, 2);
        assert_eq!(config.feeds.tags_only, None);
        let config =
            parse("site: {url: 'https://a.example/'}\nfeeds: {tags_min_posts: 5, tags: [Rust Lang, web]}\n").unwrap();
        assert_eq!(config.feeds.tags_min_posts, 5);
        let chosen = config.feeds.tags_only.unwrap();
        assert_eq!(chosen.names, ["Rust Lang", "web"]);
        assert_eq!(chosen.slugs, ["rust-lang", "web"]);
        assert_eq!(chosen.file, Path::new("site/feedcard.yaml"));
        // A list picks tags, not formats: JSON keeps its own default (off).
        assert!(config.feeds.rss.per_tag && !config.feeds.json.per_tag);
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {tags: ['!!!']}\n").unwrap_err();
        assert!(err.message.contains("`!!!` has no letters or digits"), "{err}");
        let err = parse("site: {url: 'https://a.example/'}\nfeeds:\n  tags: maybe\n").unwrap_err();
        assert!(err.message.contains("true, false or a list of tags"), "{err}");
    }

    #[test]
    fn feed_files_cannot_collide_with_each_other_or_with_feedcards_own() {
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {atom: {file: rss.xml}}\n").unwrap_err();
        assert!(err.message.contains("both written to `rss.xml`"), "{err}");
        for name in ["manifest.json", ".feedcard.lock", "cards/feed.json", "tags/all.xml", "cards", "Tags", ".feedcard"]
        {
            let err = parse(&format!("site: {{url: 'https://a.example/'}}\nfeeds: {{json: {{file: '{name}'}}}}\n"))
                .unwrap_err();
            assert!(err.message.contains("feedcard uses itself"), "{name}: {err}");
        }
    }

    #[test]
    fn feed_file_cannot_leave_the_output_folder() {
        let err = parse("site: {url: 'https://a.example/'}\nfeeds: {rss: {file: ../rss.xml}}\n").unwrap_err();
        assert!(err.message.contains("inside the output folder"), "{err}");
    }
}
