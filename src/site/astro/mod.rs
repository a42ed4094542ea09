//! Astro (placeholder while the Eleventy rules are built).
use std::path::{Path, PathBuf};

use super::{Detected, SiteError};

pub(super) fn marker(_root: &Path) -> Option<PathBuf> {
    None
}

pub(super) fn load(root: &Path, _marker: Option<&Path>) -> Result<Detected, SiteError> {
    Err(SiteError::new(root, None, "not yet"))
}
