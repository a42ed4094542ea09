//! Reading a file the user named (a post, the config, a font, an image):
//! open first, then check the opened handle, then read at most a limit.
//!
//! Checking the path and then opening it left a gap in which a post could be
//! swapped for a named pipe, and fonts and images were not checked at all:
//! `/dev/zero` or a named pipe hung the build (and its lock) forever.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Fonts are the largest inputs (a CJK collection is 20 to 60 MB).
pub(crate) const MAX_FONT_BYTES: u64 = 256 * 1024 * 1024;
/// A logo or background image; more is no picture for a 1200x630 card.
pub(crate) const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;
/// feedcard.yaml is a few hundred bytes in practice.
pub(crate) const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A named pipe, device, socket or folder: reading it could block forever
    /// or never end. The text says which.
    NotRegular(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            ReadError::TooLarge { size, limit } => {
                write!(f, "is {size} bytes, more than the limit of {limit} bytes")
            }
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl ReadError {
    /// Not found, as opposed to there but unusable.
    pub fn is_missing(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub(crate) fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut file = open(path).map_err(|e| opening_error(path, e))?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = not_regular(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while it is read stops at the limit, plus one byte
    // to tell that it did.
    (&mut file).take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Opens without blocking: opening a named pipe for reading otherwise waits
/// for a writer, forever in a cron job.
fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Opening a socket fails with ENXIO ("No such device or address"), which
/// says nothing to a user; name what the path is instead.
fn opening_error(path: &Path, error: io::Error) -> ReadError {
    match std::fs::metadata(path).ok().as_ref().and_then(not_regular) {
        Some(kind) => ReadError::NotRegular(kind),
        None => ReadError::Io(error),
    }
}

fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_regular(&path, 5).unwrap(), b"12345");
        assert!(matches!(read_regular(&path, 4), Err(ReadError::TooLarge { size: 5, limit: 4 })));
        assert!(read_regular(&dir.path().join("none"), 5).unwrap_err().is_missing());
        assert!(matches!(read_regular(dir.path(), 5), Err(ReadError::NotRegular("a folder"))));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert!(matches!(read_regular(&fifo, 1024), Err(ReadError::NotRegular("a named pipe"))));
        for device in ["/dev/zero", "/dev/urandom"] {
            assert!(matches!(read_regular(Path::new(device), 1024), Err(ReadError::NotRegular("a device"))));
        }
    }
}
