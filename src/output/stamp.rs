//! What feedcard wrote to a file, so that a later run knows it again: the
//! hash of the bytes, plus the size and modification time that let a run
//! trust an untouched file without reading it.

use serde::{Deserialize, Serialize};
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::fingerprint::ContentHash;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// [`ContentHash`] of the bytes.
    pub hash: String,
    pub size: u64,
    /// Modification time: seconds since 1970 and nanoseconds, as `stat` gives
    /// them (two numbers, because JavaScript reads large integers inexactly).
    pub mtime: i64,
    pub mtime_nsec: u32,
}

impl Stamp {
    /// The stamp of a file holding bytes that hash to `hash`, from its metadata.
    pub(super) fn new(hash: String, meta: &Metadata) -> Stamp {
        let (mtime, mtime_nsec) = seconds_and_nanos(meta.modified().unwrap_or(UNIX_EPOCH));
        Stamp { hash, size: meta.len(), mtime, mtime_nsec }
    }

    fn same_size_and_time(&self, meta: &Metadata) -> bool {
        let (mtime, mtime_nsec) = seconds_and_nanos(meta.modified().unwrap_or(UNIX_EPOCH));
        meta.len() == self.size && mtime == self.mtime && mtime_nsec == self.mtime_nsec
    }
}

fn seconds_and_nanos(time: SystemTime) -> (i64, u32) {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => (i64::try_from(after.as_secs()).unwrap_or(i64::MAX), after.subsec_nanos()),
        // Before 1970: whole seconds rounded down, nanoseconds counted up from there.
        Err(before) => {
            let before = before.duration();
            let nanos = before.subsec_nanos();
            let seconds = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            if nanos == 0 {
                (-seconds, 0)
            } else {
                (-seconds - 1, 1_000_000_000 - nanos)
            }
        }
    }
}

/// What is at a path compared with what feedcard wrote there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The same bytes; the stamp to record from now on (its time may be new).
    Same(Stamp),
    /// Other bytes, or not a regular file.
    Changed,
    Missing,
}

/// Compares `path` with `stamp`: only `lstat` when the size and time agree
/// (a run that changes nothing reads no output), else the bytes are hashed.
pub(super) fn check(path: &Path, stamp: &Stamp) -> Check {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Check::Missing,
        Err(_) => return Check::Changed,
    };
    if !meta.is_file() || meta.len() != stamp.size {
        return Check::Changed;
    }
    if stamp.same_size_and_time(&meta) {
        return Check::Same(stamp.clone());
    }
    match hash_file(path) {
        Ok((hash, meta)) if hash == stamp.hash => Check::Same(Stamp::new(hash, &meta)),
        _ => Check::Changed,
    }
}

/// The stamp of the file at `path` as it is now; `None` unless a regular file.
pub(super) fn of_file(path: &Path) -> Option<Stamp> {
    let (hash, meta) = hash_file(path).ok()?;
    Some(Stamp::new(hash, &meta))
}

/// Hashes the file, streaming; the metadata is taken from the open handle.
pub(super) fn hash_file(path: &Path) -> io::Result<(String, Metadata)> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("not a regular file"));
    }
    let mut hash = ContentHash::default();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buffer)? {
            0 => break,
            read => hash.update(&buffer[..read]),
        }
    }
    Ok((hash.finish(), meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_before_1970_keep_their_order() {
        let at = |secs: u64, nanos: u32| seconds_and_nanos(UNIX_EPOCH - Duration::new(secs, nanos));
        assert_eq!(at(1, 0), (-1, 0));
        assert_eq!(at(0, 1), (-1, 999_999_999));
        assert!(at(2, 5) < at(2, 0) && at(2, 0) < at(1, 999_999_999));
        assert_eq!(seconds_and_nanos(UNIX_EPOCH + Duration::new(7, 3)), (7, 3));
    }

    #[test]
    fn a_touched_file_is_hashed_and_a_changed_one_is_caught() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        fs::write(&path, b"feed").unwrap();
        let stamp = of_file(&path).unwrap();
        assert_eq!(check(&path, &stamp), Check::Same(stamp.clone()));
        let earlier = SystemTime::now() - Duration::from_secs(3600);
        File::options().write(true).open(&path).unwrap().set_modified(earlier).unwrap();
        let Check::Same(touched) = check(&path, &stamp) else { panic!("the bytes did not change") };
        assert_eq!((touched.hash.as_str(), touched.size), (stamp.hash.as_str(), stamp.size));
        assert_ne!(touched, stamp, "the new time is recorded");
        fs::write(&path, b"fend").unwrap();
        assert_eq!(check(&path, &touched), Check::Changed);
        fs::remove_file(&path).unwrap();
        assert_eq!(check(&path, &touched), Check::Missing);
    }
}
