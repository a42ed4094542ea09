//! The file names feedcard keeps for itself in the output folder.
//!
//! They live with the writer, which owns that folder, so that the config
//! (which refuses them as feed names) and the manifest (which writes there)
//! both read them from below instead of from each other.

pub const MANIFEST_FILE: &str = ".feedcard/manifest.json";
/// Where feedcard before 0.2 kept the manifest; read once, then removed.
pub const LEGACY_MANIFEST_FILE: &str = "manifest.json";
/// The feed page's XSL stylesheet, at the root of the output folder.
pub const STYLESHEET_FILE: &str = "feed.xsl";
