//! Reading a site's own files: regular files only, size-capped, UTF-8, and
//! errors that name the file.

use std::path::{Path, PathBuf};

use super::SiteError;

/// Reads a whole config file of the site, giving a message that names it.
pub fn read_config_text(path: &Path) -> Result<String, SiteError> {
    let bytes = crate::input_file::read_regular(path, MAX_CONFIG_BYTES)
        .map_err(|e| SiteError::new(path, None, format!("cannot read this file: {e}")))?;
    String::from_utf8(bytes).map_err(|_| SiteError::new(path, None, "this file is not UTF-8 text; save it as UTF-8"))
}

/// The largest site config or source file feedcard reads.
const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// A site file's text, or `None` when it is missing, not a regular file (a
/// named pipe must not hang detection), too large or not UTF-8.
pub fn read_text(path: &Path) -> Option<String> {
    let bytes = crate::input_file::read_regular(path, MAX_CONFIG_BYTES).ok()?;
    String::from_utf8(bytes).ok()
}

/// The first of `names` that is a file under `root`.
pub fn first_file(root: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|name| root.join(name)).find(|path| path.is_file())
}
