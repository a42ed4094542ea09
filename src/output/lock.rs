//! The output folder's lock: one build at a time. Two locks are taken, in
//! this order by every run: the lock file `.feedcard/lock` (which other tools
//! can `flock` too), then the output folder itself, which stays the same
//! folder even when someone deletes the lock file mid-run.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use super::{io_error, OutputError};

/// Both locks; the OS releases them when these handles close, even on a crash.
#[derive(Debug)]
pub(super) struct Held {
    _file: File,
    _folder: Option<File>,
}

const POLL: Duration = Duration::from_millis(50);

/// Takes both locks, waiting up to `timeout` in all.
pub(super) fn acquire(root: &Path, lock_path: &Path, timeout: Duration) -> Result<Held, OutputError> {
    let deadline = Instant::now() + timeout;
    let locked_out = || OutputError::Locked(lock_path.to_path_buf(), timeout.as_secs());
    let file = loop {
        let file = open_no_follow(lock_path)?;
        wait_for(&file, deadline).map_err(|e| e.map_or_else(locked_out, io_error(lock_path)))?;
        // Deleted or replaced while we waited: a lock on it excludes no one.
        if still_at(&file, lock_path) {
            break file;
        }
        if Instant::now() >= deadline {
            return Err(locked_out());
        }
    };
    let folder = match File::open(root) {
        Ok(folder) => match wait_for(&folder, deadline) {
            Ok(()) => Some(folder),
            Err(None) => return Err(locked_out()),
            // Some file systems (NFS) cannot lock a folder; the file lock still holds.
            Err(Some(_)) => None,
        },
        Err(_) => None,
    };
    Ok(Held { _file: file, _folder: folder })
}

/// `Err(None)` when the deadline passed with the lock still held elsewhere.
fn wait_for(file: &File, deadline: Instant) -> Result<(), Option<io::Error>> {
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => thread::sleep(POLL),
            Err(TryLockError::WouldBlock) => return Err(None),
            Err(TryLockError::Error(e)) => return Err(Some(e)),
        }
    }
}

/// Opens (creating) the lock file, never through a symlink: a planted link
/// must not make feedcard create or lock a file elsewhere.
fn open_no_follow(path: &Path) -> Result<File, OutputError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return Err(OutputError::Symlink(path.to_path_buf()));
    }
    options.open(path).map_err(|e| {
        if fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            OutputError::Symlink(path.to_path_buf())
        } else {
            io_error(path)(e)
        }
    })
}

/// Whether the open `file` is the one at `path` now (same device and inode).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}
