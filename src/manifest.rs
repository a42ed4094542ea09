//! `OUTPUT/.feedcard/manifest.json`: what feedcard wrote and from which
//! inputs. Site templates read the card entries; the next run reads the
//! hashes to skip unchanged work and the file list to remove only its own
//! stale files. It lives in feedcard's own folder so that it can never be
//! taken for a site's `manifest.json` (a web app manifest), or the reverse.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::output::Stamp;

pub use crate::output::names::{LEGACY_MANIFEST_FILE, MANIFEST_FILE};

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    /// The date of the newest post published so far (RFC 3339): a later run
    /// whose now is earlier has a clock set back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_post: Option<String>,
    /// Every file feedcard wrote (relative path): what it was made from and
    /// what was written.
    pub files: BTreeMap<String, FileEntry>,
    /// One entry per published post, by slug.
    pub posts: BTreeMap<String, PostEntry>,
    /// Every feed the site offers: its own, then each tag's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<FeedEntry>,
    /// Autodiscovery `<link rel="alternate">` tags of the site's own feeds,
    /// one a line, for the `<head>` of every page.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub links: String,
    /// The same for each tag's feeds, by tag slug, for the tag's page.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tag_links: BTreeMap<String, String>,
    /// The OPML list of the feeds, when `feeds.opml` is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opml: Option<FileLink>,
}

/// One feed file and how to point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedEntry {
    /// Inside the output folder: `rss.xml`, `tags/rust/atom.xml`.
    pub path: String,
    pub url: String,
    /// `application/rss+xml`, `application/atom+xml` or `application/feed+json`.
    #[serde(rename = "type")]
    pub mime_type: String,
    pub title: String,
    /// The tag's slug, for a per-tag feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// A file for the site to link to: its path in the output folder and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLink {
    pub path: String,
    pub url: String,
}

/// One file feedcard wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "FileEntryForm")]
pub struct FileEntry {
    /// The hash of everything the file was made from.
    pub inputs: String,
    /// The bytes written, to tell a file someone changed since. `None` in a
    /// manifest of feedcard 0.1: such a file is never removed.
    #[serde(flatten)]
    pub written: Option<Stamp>,
}

/// How a file entry may be written: feedcard 0.1 wrote only the inputs hash.
#[derive(Deserialize)]
#[serde(untagged)]
enum FileEntryForm {
    InputsOnly(String),
    Full {
        inputs: String,
        #[serde(flatten)]
        written: Option<Stamp>,
    },
}

impl From<FileEntryForm> for FileEntry {
    fn from(form: FileEntryForm) -> FileEntry {
        match form {
            FileEntryForm::InputsOnly(inputs) => FileEntry { inputs, written: None },
            FileEntryForm::Full { inputs, written } => FileEntry { inputs, written },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostEntry {
    pub title: String,
    pub permalink: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The card's path inside the output folder, e.g. `cards/my-post.png`.
    pub card: String,
    /// The card's public address: the site URL plus `card`, plus
    /// `?v=` and `card_version`, so that a redrawn card is fetched anew.
    pub card_url: String,
    /// The first 8 hex digits of the BLAKE3 hash of the card's PNG bytes
    /// (`b3sum`): the same bytes always give the same address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_version: String,
    pub width: u32,
    pub height: u32,
    /// Size of the PNG in bytes.
    pub bytes: u64,
    /// Alt text for `og:image:alt`: the title.
    pub alt: String,
    /// Hash of everything that decides the card's pixels.
    pub hash: String,
    /// Characters no font had (drawn blank), reported again on every run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_glyphs: Vec<char>,
    /// Ready-to-paste `<meta>` tags for the post's page (Open Graph and
    /// Twitter: title, description, address, card and its size, type and alt).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meta: String,
}

impl Manifest {
    pub fn new() -> Manifest {
        Manifest { generator: crate::feed::GENERATOR.to_string(), ..Manifest::default() }
    }

    /// A manifest feedcard wrote; `None` for anything else (a truncated file,
    /// a web app manifest).
    pub fn parse(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(bytes).ok().filter(|manifest| manifest.generator.starts_with("feedcard"))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail; the map holds only string keys.
        let _ = self.write_to(&mut bytes);
        bytes
    }

    /// The bytes of [`Manifest::to_bytes`], written a piece at a time: at
    /// 100,000 posts the manifest is ~200 MB of JSON, which need not sit
    /// whole in memory beside the manifest itself.
    pub fn write_to(&self, out: impl std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_files_that_are_not_its_own() {
        let mut manifest = Manifest::new();
        let stamp = Stamp { hash: "f00d".into(), size: 12, mtime: 1_732_900_000, mtime_nsec: 999_999_999 };
        manifest.files.insert("rss.xml".into(), FileEntry { inputs: "abc".into(), written: Some(stamp) });
        let bytes = manifest.to_bytes();
        assert_eq!(Manifest::parse(&bytes), Some(manifest));
        assert_eq!(Manifest::parse(&bytes[..bytes.len() / 2]), None);
        assert_eq!(Manifest::parse(b""), None);
        assert_eq!(Manifest::parse(b"{not json"), None);
        assert_eq!(Manifest::parse(br#"{"name": "My PWA", "start_url": "/"}"#), None);
    }

    #[test]
    fn reads_the_file_entries_of_feedcard_0_1() {
        let old = br#"{"generator": "feedcard 0.1.0", "files": {"rss.xml": "abc"}, "posts": {}}"#;
        let manifest = Manifest::parse(old).expect("an old manifest is still feedcard's");
        assert_eq!(manifest.files["rss.xml"], FileEntry { inputs: "abc".into(), written: None });
    }
}
