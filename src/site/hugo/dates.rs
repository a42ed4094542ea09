//! Where a Hugo page's date comes from: the `[frontmatter] date` sources and
//! a `YYYY-MM-DD` file-name prefix.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use crate::site::PostFacts;

/// Where a page's date comes from (`[frontmatter] date = [...]`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum DateSource {
    Key(String),
    /// `:filename`: a `YYYY-MM-DD` file name prefix, which also gives the slug.
    Filename,
}

/// The keys Hugo reads `.Date` from by default, aliases included.
pub(super) const DEFAULT_DATE_KEYS: &[&str] = &["date", "publishdate", "pubdate", "published", "lastmod", "modified"];

pub(super) fn date_sources(config: Option<Vec<String>>) -> Vec<DateSource> {
    let mut sources = Vec::new();
    let defaults = || DEFAULT_DATE_KEYS.iter().map(|k| DateSource::Key(k.to_string()));
    match config {
        None => sources.extend(defaults()),
        Some(list) => {
            for item in list {
                match item.to_lowercase().as_str() {
                    ":default" => sources.extend(defaults()),
                    ":filename" => sources.push(DateSource::Filename),
                    // The file's time or its Git date: not known here.
                    key if key.starts_with(':') => {}
                    "publishdate" => {
                        sources.extend(["publishdate", "pubdate", "published"].map(|k| DateSource::Key(k.into())))
                    }
                    "lastmod" => sources.extend(["lastmod", "modified"].map(|k| DateSource::Key(k.into()))),
                    key => sources.push(DateSource::Key(key.to_string())),
                }
            }
        }
    }
    let mut unique = Vec::new();
    for source in sources {
        if !unique.contains(&source) {
            unique.push(source);
        }
    }
    unique
}

/// `2024-05-01-my-post` gives that date (in the site's zone) and `my-post`.
pub(super) fn date_from_name(name: &str, post: &PostFacts<'_>) -> Option<(DateTime<FixedOffset>, String)> {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let day = NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()?;
    let local = day.and_hms_opt(0, 0, 0)?;
    let date = post.timezone.from_local_datetime(&local).earliest()?.fixed_offset();
    Some((date, stem[10..].trim_matches([' ', '-', '_']).to_string()))
}
