//! The output writer: the only code that writes. Every file goes to a
//! temporary file beside its target and is renamed into place, so a reader
//! (or a killed run) only ever sees the old or the new bytes; a file whose
//! bytes did not change is left alone; the folder is locked for the run.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// feedcard's own folder inside the output folder: its lock and manifest.
pub const STATE_DIR: &str = ".feedcard";
pub const LOCK_FILE: &str = ".feedcard/lock";
/// Where feedcard before 0.2 kept its lock.
const LEGACY_LOCK_FILE: &str = ".feedcard.lock";
const TEMP_PREFIX: &str = ".feedcard-";
const TEMP_SUFFIX: &str = ".tmp";

mod lock;
pub(crate) mod names;
mod staged;
mod stamp;
mod stream;

use crate::fingerprint::ContentHash;
use staged::TempFile;
pub use stamp::{Check, Stamp};
pub use stream::StagedWriter;

/// Why the output folder could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// Another build holds the folder's lock (the folder, seconds waited).
    #[error("another feedcard build holds {0} (waited {1} s; raise --lock-timeout or check for a stuck run)")]
    Locked(PathBuf, u64),
    /// Reading or writing a file failed.
    #[error("{path}: {source}{}", io_help(source))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The output folder is a file.
    #[error(
        "the output folder {0} is a file, not a folder; pass a folder with -o (or `output:` in feedcard.yaml), which feedcard creates if needed"
    )]
    NotAFolder(PathBuf),
    /// A path that would lead out of the output folder.
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    Escapes(String),
    /// A symbolic link where feedcard writes.
    #[error(
        "refusing to write through {0}: it is a symbolic link, and feedcard never writes outside its output folder (remove the link; feedcard makes what it needs)"
    )]
    Symlink(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// An output folder held under an exclusive lock until dropped, or looked
/// at for a dry run (no lock, and nothing created, written or removed).
#[derive(Debug)]
pub struct OutputDir {
    root: PathBuf,
    _lock: Option<lock::Held>,
    dry_run: bool,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source: without_path(source) }
}

/// tempfile adds "at path …" to its errors, and the message names the file
/// already: keep the operating system's error alone.
fn without_path(error: io::Error) -> io::Error {
    if error.get_ref().is_none() {
        return error;
    }
    // tempfile hides the OS error inside its own type; its text is all there is.
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((plain, _)) => io::Error::new(error.kind(), plain.to_string()),
        None => error,
    }
}

/// What to do about the write errors a user can fix.
fn io_help(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::StorageFull => " (the disk is full: free some space on it, then run again)",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            " (feedcard may not write here: fix the permissions of the output folder, or run as its owner, then run again)"
        }
        _ => "",
    }
}

impl OutputDir {
    /// Creates the folder if needed and takes its lock, waiting up to `timeout`.
    pub fn open(root: &Path, timeout: Duration) -> Result<OutputDir, OutputError> {
        check_root(root)?;
        fs::create_dir_all(root).map_err(io_error(root))?;
        create_folders(root, &root.join(STATE_DIR))?;
        let lock = lock::acquire(root, &root.join(LOCK_FILE), timeout)?;
        // A run killed mid-write leaves its temporary files; with both locks
        // held, no running build can own them.
        remove_stale_temp_files(root);
        Ok(OutputDir { root: root.to_path_buf(), _lock: Some(lock), dry_run: false })
    }

    /// The folder for `build --dry-run`: staging only compares bytes, commits
    /// and removals only report. Takes no lock (it would create a file).
    pub fn dry_run(root: &Path) -> Result<OutputDir, OutputError> {
        check_root(root)?;
        Ok(OutputDir { root: root.to_path_buf(), _lock: None, dry_run: true })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to `relative` (a `/`-separated path inside the folder)
    /// atomically, unless the file already holds exactly these bytes.
    #[cfg(test)]
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<WriteOutcome, OutputError> {
        let staged = self.stage(relative, bytes)?;
        self.commit(staged)
    }

    /// The first half of [`OutputDir::write`]: the bytes go to a temporary
    /// file beside the target, so a run can still back out of publishing.
    /// The file is closed once written: a run may stage thousands.
    pub fn stage(&self, relative: &str, bytes: &[u8]) -> Result<Staged, OutputError> {
        let target = self.resolve(relative)?;
        let hash = ContentHash::of(bytes);
        if let Some(meta) = same_bytes(&target, bytes) {
            return Ok(Staged { target, temp: None, stamp: Stamp::new(hash, &meta), would_write: false });
        }
        if self.dry_run {
            let stamp = Stamp { hash, size: bytes.len() as u64, mtime: 0, mtime_nsec: 0 };
            return Ok(Staged { target, temp: None, stamp, would_write: true });
        }
        let parent = target.parent().unwrap_or(&self.root);
        create_folders(&self.root, parent)?;
        // Closed once written: only its path and identity are kept.
        let (temp, meta) = TempFile::write(parent, bytes).map_err(io_error(&target))?;
        Ok(Staged { target, temp: Some(temp), stamp: Stamp::new(hash, &meta), would_write: true })
    }

    /// Renames a staged file into place, by path: the folders on the way
    /// must still be folders, and the temporary file the one it wrote.
    pub fn commit(&self, staged: Staged) -> Result<WriteOutcome, OutputError> {
        match staged.temp {
            None if staged.would_write => Ok(WriteOutcome::Written),
            None => Ok(WriteOutcome::Unchanged),
            Some(temp) => {
                // Swapped for a symlink since staging: the rename would land outside.
                let relative = staged.target.strip_prefix(&self.root).ok().and_then(Path::to_str);
                if let Some(folder) = relative.and_then(|relative| self.symlink_on_the_way(relative)) {
                    return Err(OutputError::Symlink(folder));
                }
                temp.rename_to(&staged.target).map_err(io_error(&staged.target))?;
                Ok(WriteOutcome::Written)
            }
        }
    }

    /// Compares a file with what feedcard wrote there (see [`stamp::check`]).
    pub fn check(&self, relative: &str, stamp: &Stamp) -> Check {
        match self.resolve(relative) {
            Ok(path) if !self.passes_a_symlink(relative) => stamp::check(&path, stamp),
            _ => Check::Changed,
        }
    }

    /// The stamp of a file as it is now, to adopt one an older feedcard
    /// recorded without a stamp; `None` unless it is a regular file.
    pub fn stamp_of(&self, relative: &str) -> Option<Stamp> {
        let path = self.resolve(relative).ok().filter(|_| !self.passes_a_symlink(relative))?;
        stamp::of_file(&path)
    }

    /// Reads a file feedcard wrote earlier (e.g. the manifest); `None` if absent.
    pub fn read(&self, relative: &str) -> Result<Option<Vec<u8>>, OutputError> {
        let path = self.resolve(relative)?;
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&path)(e)),
        }
    }

    /// Removes the empty lock file an older feedcard left at the root.
    pub fn remove_legacy_lock(&self) -> bool {
        let path = self.root.join(LEGACY_LOCK_FILE);
        let empty_file = fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_file() && meta.len() == 0);
        empty_file && !self.dry_run && fs::remove_file(&path).is_ok()
    }

    /// Removes `relative` if it still holds what feedcard wrote (`stamp`):
    /// a file someone changed since is theirs now.
    pub fn remove_if_unchanged(&self, relative: &str, stamp: &Stamp) -> Result<Check, OutputError> {
        let check = self.check(relative, stamp);
        if let Check::Same(_) = check {
            self.remove(relative)?;
        }
        Ok(check)
    }

    /// Removes a file feedcard wrote earlier, and any folders it leaves empty.
    pub fn remove(&self, relative: &str) -> Result<bool, OutputError> {
        let path = self.resolve(relative)?;
        // A folder swapped for a symlink must not lead the removal outside.
        if let Some(folder) = self.symlink_on_the_way(relative) {
            return Err(OutputError::Symlink(folder));
        }
        if self.dry_run {
            return Ok(fs::symlink_metadata(&path).is_ok());
        }
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io_error(&path)(e)),
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            // Stops at the first folder that still holds something.
            if d == self.root || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(true)
    }

    /// The first folder on the way to `relative` that is a symbolic link.
    fn symlink_on_the_way(&self, relative: &str) -> Option<PathBuf> {
        let mut folder = self.root.clone();
        for part in Path::new(relative).parent().into_iter().flat_map(Path::components) {
            folder.push(part);
            if fs::symlink_metadata(&folder).is_ok_and(|meta| meta.file_type().is_symlink()) {
                return Some(folder);
            }
        }
        None
    }

    fn passes_a_symlink(&self, relative: &str) -> bool {
        self.symlink_on_the_way(relative).is_some()
    }

    fn resolve(&self, relative: &str) -> Result<PathBuf, OutputError> {
        let path = Path::new(relative);
        let plain = !relative.is_empty()
            && !relative.contains('\\')
            && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(OutputError::Escapes(relative.to_string()));
        }
        Ok(self.root.join(path))
    }
}

/// The output folder, if it is there, must be a folder (not a link to one).
fn check_root(root: &Path) -> Result<(), OutputError> {
    if fs::symlink_metadata(root).map(|m| m.file_type().is_symlink()).unwrap_or(false) && !root.is_dir() {
        return Err(OutputError::Symlink(root.to_path_buf()));
    }
    if root.exists() && !root.is_dir() {
        return Err(OutputError::NotAFolder(root.to_path_buf()));
    }
    Ok(())
}

/// Creates the folders below the root, refusing to follow a symlink out.
fn create_folders(root: &Path, parent: &Path) -> Result<(), OutputError> {
    let below = parent.strip_prefix(root).unwrap_or(Path::new(""));
    let mut current = root.to_path_buf();
    for part in below.components() {
        current.push(part);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(OutputError::Symlink(current)),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(io_error(&current)(io::Error::other(
                    "a file stands where feedcard needs a folder (move it away or delete it)",
                )));
            }
            Err(_) => {
                fs::create_dir(&current).or_else(
                    |e| {
                        if current.is_dir() {
                            Ok(())
                        } else {
                            Err(io_error(&current)(e))
                        }
                    },
                )?
            }
        }
    }
    Ok(())
}

/// Writes a temporary file beside `target` and renames it into place, so
/// `target` only ever holds its old or its new bytes, even after a crash.
/// Used directly for a single file the user named (`feedcard card -o`).
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (temp, _) = TempFile::write(parent, bytes).map_err(io_error(target))?;
    temp.rename_to(target).map_err(io_error(target))
}

/// A file written beside its target but not yet renamed into place; dropping
/// it deletes the temporary file and leaves the target as it was. Holds a
/// path, not an open file.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    /// `None` when the target already holds these bytes.
    temp: Option<TempFile>,
    stamp: Stamp,
    /// The target gets new bytes (in a dry run, with no temporary file).
    would_write: bool,
}

impl Staged {
    /// What the target holds once this is committed.
    pub fn stamp(&self) -> &Stamp {
        &self.stamp
    }
}

/// Deletes the `.feedcard-*.tmp` files below `dir`, without following
/// symlinks. Best effort: one that cannot be removed is only clutter. Each
/// folder is listed and closed before its subfolders are entered, so a deep
/// tree holds one descriptor, not one per level.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            folders.push(entry.path());
        } else if kind.is_file() && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
    for folder in folders {
        remove_stale_temp_files(&folder);
    }
}

/// The file's metadata when it holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    let mut existing = Vec::with_capacity(bytes.len());
    File::open(path).and_then(|mut f| f.read_to_end(&mut existing)).ok()?;
    (existing == bytes).then_some(meta)
}

#[cfg(test)]
mod tests;
