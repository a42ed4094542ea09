//! `OUTPUT/.feedcard/manifest.json`: what feedcard wrote and from which
//! inputs. Site templates read the card entries; the next run reads the
//! hashes to skip unchanged work and the file list to remove only its own
//! stale files. It lives in feedcard's own folder so that it can never be
//! taken for a site's `manifest.json` (a web app manifest), or the reverse.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MANIFEST_FILE: &str = ".feedcard/manifest.json";
/// Where feedcard before 0.2 kept it; read once, then removed.
pub const LEGACY_MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    /// Every file feedcard wrote (relative path) and the hash of its inputs.
    pub files: BTreeMap<String, String>,
    /// One entry per published post, by slug.
    pub posts: BTreeMap<String, PostEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostEntry {
    pub title: String,
    pub permalink: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The card's path inside the output folder, e.g. `cards/my-post.png`.
    pub card: String,
    /// The card's public address: the site URL plus `card`.
    pub card_url: String,
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
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_files_that_are_not_its_own() {
        let mut manifest = Manifest::new();
        manifest.files.insert("rss.xml".into(), "abc".into());
        let bytes = manifest.to_bytes();
        assert_eq!(Manifest::parse(&bytes), Some(manifest));
        assert_eq!(Manifest::parse(&bytes[..bytes.len() / 2]), None);
        assert_eq!(Manifest::parse(b""), None);
        assert_eq!(Manifest::parse(b"{not json"), None);
        assert_eq!(Manifest::parse(br#"{"name": "My PWA", "start_url": "/"}"#), None);
    }
}
