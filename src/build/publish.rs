//! Publishing a run: every file is staged before the first is renamed into
//! place, and stale-file removal touches only feedcard's own files.

use super::cards::StagedFile;
use super::BuildReport;
use crate::config::{Config, STYLESHEET_FILE};
use crate::diagnostic::Diagnostic;
use crate::manifest::{Manifest, MANIFEST_FILE};
use crate::output::{Check, OutputDir, OutputError};
use crate::post::slugify;

/// Renames staged files into place, in order. Everything was written
/// beforehand, so what can still fail here is a rename alone.
pub(super) fn commit_all(
    output: &OutputDir,
    staged: impl IntoIterator<Item = StagedFile>,
    report: &mut BuildReport,
) -> Result<(), OutputError> {
    for (path, staged) in staged {
        let outcome = output.commit(staged)?;
        report.record(path, outcome);
    }
    Ok(())
}

/// Removes what an earlier run wrote for a post or tag that is gone: only a
/// file feedcard could have named, and only while it still holds the bytes
/// feedcard wrote. Anything else is left in place and reported, once (the
/// new manifest no longer lists it).
pub(super) fn remove_stale(
    previous: &Manifest,
    current: &Manifest,
    config: &Config,
    output: &OutputDir,
    report: &mut BuildReport,
) {
    let manifest = output.root().join(MANIFEST_FILE);
    for (path, entry) in previous.files.iter().filter(|(path, _)| !current.files.contains_key(*path)) {
        if !named_by_feedcard(path, config) {
            report.diagnostics.push(
                Diagnostic::warning(
                    &manifest,
                    None,
                    format!("lists `{path}`, which is not a name feedcard gives its files; left it alone"),
                )
                .with_help("someone edited the manifest; nothing to do"),
            );
            continue;
        }
        let file = output.root().join(path);
        let Some(stamp) = &entry.written else {
            report.diagnostics.push(
                Diagnostic::notice(
                    &file,
                    None,
                    "no longer made, but an older feedcard wrote it without a record of its bytes, so it was left in place",
                )
                .with_help("delete it if it is no longer wanted"),
            );
            continue;
        };
        match output.remove_if_unchanged(path, stamp) {
            Ok(Check::Same(_)) => report.removed.push(path.clone()),
            Ok(Check::Missing) => {}
            Ok(Check::Changed) => report.diagnostics.push(
                Diagnostic::warning(
                    &file,
                    None,
                    "no longer made, but it changed since feedcard wrote it, so it was left in place",
                )
                .with_help("delete it yourself if it is no longer wanted"),
            ),
            // Publishing is done: a file that cannot go is only clutter.
            Err(error) => report.diagnostics.push(
                Diagnostic::warning(&file, None, format!("no longer made, but could not be removed: {error}"))
                    .with_help("delete it yourself"),
            ),
        }
    }
}

/// Whether feedcard's naming could have produced `path`: a feed file (as
/// configured now, or by default), a per-tag feed `tags/<slug>/<feed file>`,
/// a card `cards/<slug>.png`, or the feed page's stylesheet. Nothing else is ever removed.
fn named_by_feedcard(path: &str, config: &Config) -> bool {
    let feeds = &config.feeds;
    let configured = [&feeds.rss, &feeds.atom, &feeds.json].into_iter().filter_map(|feed| feed.file.as_deref());
    let is_feed = |name: &str| configured.clone().chain(["rss.xml", "atom.xml", "feed.json"]).any(|feed| feed == name);
    if let Some(slug) = path.strip_prefix("cards/").and_then(|name| name.strip_suffix(".png")) {
        return is_slug(slug);
    }
    if let Some((slug, name)) = path.strip_prefix("tags/").and_then(|rest| rest.split_once('/')) {
        return is_slug(slug) && is_feed(name);
    }
    is_feed(path) || path == STYLESHEET_FILE || is_opml(path)
}

/// The OPML list under any name `feeds.opml` gave it (it may have been
/// renamed or switched off since): a relative path ending in `.opml`.
fn is_opml(path: &str) -> bool {
    path.ends_with(".opml") && !path.split('/').any(|part| matches!(part, "" | "." | ".." | ".opml"))
}

/// A slug is what slugify leaves unchanged: `[a-z0-9]` words joined by `-`.
fn is_slug(text: &str) -> bool {
    slugify(text).as_deref() == Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_feedcard_makes_are_its_own() {
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        config.feeds.rss.file = Some("feeds/main.xml".into());
        let ours = [
            "rss.xml",
            "feed.json",
            "feed.xsl",
            "feeds.opml",
            "lists/all.opml",
            "feeds/main.xml",
            "tags/rust/atom.xml",
            "tags/c-sharp/feeds/main.xml",
        ];
        for path in ours.into_iter().chain(["cards/a.png", "cards/hello-world-2.png"]) {
            assert!(named_by_feedcard(path, &config), "{path}");
        }
        let theirs = [
            "CNAME",
            "index.html",
            "a.md",
            "manifest.json",
            ".feedcard/lock",
            ".feedcard/manifest.json",
            "cards/A.png",
            "cards/a.jpg",
            "cards/.png",
            "cards/x/a.png",
            "cards/-a.png",
            "tags/rust/index.html",
            "tags/rust/feed.xsl",
            "feeds/feed.xsl",
            "tags/Rust/rss.xml",
            "tags/rss.xml",
            "tags/a/b/rss.xml",
            "feeds/other.xml",
            "../rss.xml",
            "/rss.xml",
            "../feeds.opml",
            "/feeds.opml",
            ".opml",
        ];
        for path in theirs {
            assert!(!named_by_feedcard(path, &config), "{path}");
        }
    }
}
