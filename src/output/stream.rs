//! A file staged from a stream (a feed written chunk by chunk): the bytes
//! are hashed as they come, gathered up to a bound, and appended to the
//! temporary file past it. What it gives back at the end is what
//! [`OutputDir::stage`] would have given for the whole bytes.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use super::staged::TempFile;
use super::stamp::{hash_file, Stamp};
use super::{create_folders, io_error, OutputDir, OutputError, Staged};
use crate::fingerprint::ContentHash;

/// Bytes gathered before they go to the temporary file: a small feed is
/// staged from memory in one write, a large one never sits whole in memory.
const SPILL_AT: usize = 1 << 20;

/// Writes a file to stage; [`StagedWriter::finish`] stages it.
pub struct StagedWriter<'a> {
    dir: &'a OutputDir,
    relative: String,
    target: PathBuf,
    buffer: Vec<u8>,
    /// Written to once the buffer first outgrows [`SPILL_AT`].
    temp: Option<TempFile>,
    /// Bytes that went past the buffer (to `temp`, or nowhere in a dry run).
    spilled: bool,
    hash: ContentHash,
    size: u64,
}

impl OutputDir {
    /// [`OutputDir::stage`] for bytes that come bit by bit.
    pub fn stage_writer(&self, relative: &str) -> Result<StagedWriter<'_>, OutputError> {
        let target = self.resolve(relative)?;
        if !self.dry_run {
            create_folders(&self.root, target.parent().unwrap_or(&self.root))?;
        }
        Ok(StagedWriter {
            dir: self,
            relative: relative.to_string(),
            target,
            buffer: Vec::new(),
            temp: None,
            spilled: false,
            hash: ContentHash::default(),
            size: 0,
        })
    }
}

impl StagedWriter<'_> {
    /// Stages what was written: left alone when the target already holds
    /// exactly these bytes, as [`OutputDir::stage`] does.
    pub fn finish(mut self) -> Result<Staged, OutputError> {
        if !self.spilled {
            return self.dir.stage(&self.relative, &self.buffer);
        }
        self.spill().map_err(io_error(&self.target))?;
        let hash = self.hash.finish();
        if let Some(meta) = self.same_as_target(&hash) {
            // Dropping the temporary file removes it.
            return Ok(Staged { target: self.target, temp: None, stamp: Stamp::new(hash, &meta), would_write: false });
        }
        match self.temp.take() {
            Some(temp) => {
                let meta = temp.metadata().map_err(io_error(&self.target))?;
                let stamp = Stamp::new(hash, &meta);
                Ok(Staged { target: self.target, temp: Some(temp), stamp, would_write: true })
            }
            // A dry run: nothing was written.
            None => {
                let stamp = Stamp { hash, size: self.size, mtime: 0, mtime_nsec: 0 };
                Ok(Staged { target: self.target, temp: None, stamp, would_write: true })
            }
        }
    }

    /// The target's metadata when it holds bytes of this size and hash.
    fn same_as_target(&self, hash: &str) -> Option<fs::Metadata> {
        let meta = fs::symlink_metadata(&self.target).ok()?;
        if !meta.is_file() || meta.len() != self.size {
            return None;
        }
        let (target_hash, meta) = hash_file(&self.target).ok()?;
        (target_hash == hash).then_some(meta)
    }

    /// Moves the gathered bytes to the temporary file.
    fn spill(&mut self) -> io::Result<()> {
        self.spilled = true;
        if self.dir.dry_run {
            self.buffer.clear();
            return Ok(());
        }
        let temp = match &mut self.temp {
            Some(temp) => temp,
            None => {
                let parent = self.target.parent().unwrap_or(&self.dir.root);
                let (temp, _) = TempFile::write(parent, &[])?;
                self.temp.insert(temp)
            }
        };
        temp.append(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

impl Write for StagedWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.hash.update(bytes);
        self.size += bytes.len() as u64;
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= SPILL_AT {
            self.spill()?;
        }
        Ok(bytes.len())
    }

    /// Gathered bytes stay gathered: [`StagedWriter::finish`] writes them.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::WriteOutcome;
    use super::*;
    use std::time::Duration;

    /// Bytes past the spill bound, written in uneven pieces.
    fn big() -> Vec<u8> {
        (0..SPILL_AT * 2 + 12_345).map(|n| (n % 251) as u8).collect()
    }

    fn stream(out: &OutputDir, relative: &str, bytes: &[u8]) -> Staged {
        let mut writer = out.stage_writer(relative).unwrap();
        for piece in bytes.chunks(70_001) {
            writer.write_all(piece).unwrap();
        }
        writer.finish().unwrap()
    }

    #[test]
    fn a_streamed_file_is_staged_as_the_whole_bytes_would_be() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::open(tmp.path(), Duration::from_millis(100)).unwrap();
        let bytes = big();
        let staged = stream(&out, "tags/a/rss.xml", &bytes);
        let path = tmp.path().join("tags/a/rss.xml");
        assert!(!path.exists(), "staged, not yet published");
        let stamp = staged.stamp().clone();
        assert_eq!((stamp.hash.as_str(), stamp.size), (ContentHash::of(&bytes).as_str(), bytes.len() as u64));
        assert_eq!(out.commit(staged).unwrap(), WriteOutcome::Written);
        assert_eq!(fs::read(&path).unwrap(), bytes);
        assert_eq!(fs::read_dir(tmp.path().join("tags/a")).unwrap().count(), 1, "no temporary file left");

        // The same bytes again: the file is left alone, nothing stays behind.
        let again = stream(&out, "tags/a/rss.xml", &bytes);
        assert_eq!(again.stamp(), &stamp);
        assert_eq!(out.commit(again).unwrap(), WriteOutcome::Unchanged);
        assert_eq!(fs::read_dir(tmp.path().join("tags/a")).unwrap().count(), 1, "no temporary file left");

        // A small file goes the way of `stage`.
        let small = stream(&out, "small.json", b"{}\n");
        assert_eq!(out.commit(small).unwrap(), WriteOutcome::Written);
        assert_eq!(fs::read(tmp.path().join("small.json")).unwrap(), b"{}\n");
    }

    #[test]
    fn a_dropped_stream_leaves_nothing_and_a_dry_run_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::open(tmp.path(), Duration::from_millis(100)).unwrap();
        let staged = stream(&out, "rss.xml", &big());
        drop(staged);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, ".feedcard/ alone");
        drop(out);
        let dry = OutputDir::dry_run(tmp.path()).unwrap();
        let staged = stream(&dry, "rss.xml", &big());
        assert_eq!(staged.stamp().size, big().len() as u64);
        assert_eq!(dry.commit(staged).unwrap(), WriteOutcome::Written);
        assert!(!tmp.path().join("rss.xml").exists());
    }
}
