//! A temporary file written beside its target, closed, and known by its
//! path alone until it is renamed into place: a run that stages thousands
//! of cards holds no descriptor for any of them.
//!
//! An open handle would not make the rename safer (rename works on paths
//! either way), but the handle did pin which file was ours. Without it, the
//! file's identity (device and inode, taken from the open file before it was
//! closed) is compared with what is at the path before the rename and before
//! a removal: a file or symlink planted in its place while the run drew
//! other cards is never published, and never deleted.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{TEMP_PREFIX, TEMP_SUFFIX};

/// Which file a path held when feedcard wrote it. Device and inode name the
/// file; size and change time (which no user can set) tell it from a new
/// file that was given a freed inode number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
    #[cfg(unix)]
    ctime: (i64, i64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileId {
    fn of(meta: &Metadata) -> FileId {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        FileId {
            #[cfg(unix)]
            dev: meta.dev(),
            #[cfg(unix)]
            ino: meta.ino(),
            #[cfg(unix)]
            ctime: (meta.ctime(), meta.ctime_nsec()),
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// The same file, whatever its times (closing may set them on NFS).
    fn same_file(&self, other: &FileId) -> bool {
        #[cfg(unix)]
        return self.dev == other.dev && self.ino == other.ino;
        #[cfg(not(unix))]
        return self.len == other.len;
    }
}

/// A closed temporary file; dropping it removes the file if it is still ours.
#[derive(Debug)]
pub(super) struct TempFile {
    path: PathBuf,
    id: FileId,
    /// Renamed into place: nothing left to remove.
    done: bool,
}

impl TempFile {
    /// Writes `bytes` to a new file in `folder` and closes it; returns the
    /// file and its metadata as of after closing (some file systems, NFS,
    /// set the modification time on close).
    pub(super) fn write(folder: &Path, bytes: &[u8]) -> io::Result<(TempFile, Metadata)> {
        let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).tempfile_in(folder)?;
        temp.write_all(bytes)?;
        make_world_readable(temp.as_file())?;
        let opened = FileId::of(&temp.as_file().metadata()?);
        let (file, path) = temp.keep().map_err(|e| e.error)?;
        let mut staged = TempFile { path, id: opened, done: false };
        drop(file);
        // The identity to check later is taken after closing, from the path.
        let meta = fs::symlink_metadata(&staged.path)?;
        let closed = FileId::of(&meta);
        if !meta.is_file() || !closed.same_file(&opened) {
            staged.done = true; // not ours to remove
            return Err(replaced(&staged.path));
        }
        staged.id = closed;
        Ok((staged, meta))
    }

    /// Appends `bytes` to the file, opened by its path and checked to be the
    /// one written, then closed again: a file staged from a stream holds no
    /// descriptor between appends either.
    pub(super) fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        let mut file = options.open(&self.path)?;
        if !FileId::of(&file.metadata()?).same_file(&self.id) {
            return Err(replaced(&self.path));
        }
        file.write_all(bytes)?;
        drop(file);
        let meta = fs::symlink_metadata(&self.path)?;
        let closed = FileId::of(&meta);
        if !meta.is_file() || !closed.same_file(&self.id) {
            return Err(replaced(&self.path));
        }
        self.id = closed;
        Ok(())
    }

    /// The file's metadata now, if it is still the one written.
    pub(super) fn metadata(&self) -> io::Result<Metadata> {
        self.still_ours()
    }

    /// Renames the file onto `target`, if the file at its path is still the
    /// one written. (A swap in the instant between the check and the rename
    /// cannot be ruled out by path; it needs write access to a folder
    /// feedcard locked, and a planted folder symlink is refused before this.)
    pub(super) fn rename_to(mut self, target: &Path) -> io::Result<()> {
        self.still_ours()?;
        fs::rename(&self.path, target)?;
        self.done = true;
        Ok(())
    }

    fn still_ours(&self) -> io::Result<Metadata> {
        let meta = fs::symlink_metadata(&self.path)?;
        match meta.is_file() && FileId::of(&meta) == self.id {
            true => Ok(meta),
            false => Err(replaced(&self.path)),
        }
    }
}

fn replaced(path: &Path) -> io::Error {
    io::Error::other(format!(
        "its temporary file {} was replaced by another program before publishing, so it was not published \
         (keep other programs out of the output folder during a build)",
        path.display()
    ))
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done && self.still_ours().is_ok() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

// tempfile creates files readable only by the owner; a web server must read ours.
#[cfg(unix)]
fn make_world_readable(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn make_world_readable(_file: &File) -> io::Result<()> {
    Ok(())
}
