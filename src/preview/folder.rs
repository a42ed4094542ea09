//! The preview's own folder: claimed only when it is new, empty, or marked
//! as ours by an earlier run, never inside the published output; every file
//! is written atomically, and nothing outside the folder is ever touched.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::PreviewError;
use crate::output::{write_atomically, OutputError};

/// Where the page goes when `-o` is not given, relative to the current folder.
pub const DEFAULT_FOLDER: &str = "feedcard-preview";
/// The file that marks a folder as one feedcard's preview may replace files in.
pub const MARKER: &str = ".feedcard-preview";
const MARKER_TEXT: &str = "This folder is a feedcard preview: `feedcard preview` replaces its files on every run.\n";
/// The cards, under the folder.
pub const CARDS: &str = "cards";

#[derive(Debug)]
pub struct PreviewFolder {
    root: PathBuf,
}

impl PreviewFolder {
    /// Checks that `root` may be written to, and marks it as ours.
    pub fn claim(root: &Path, output: &Path) -> Result<PreviewFolder, PreviewError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| PreviewError::Output(OutputError::Io { path, source })
        };
        let (folder, published) = (resolved(root).map_err(io(root))?, resolved(output).map_err(io(output))?);
        if folder.starts_with(&published) {
            return Err(PreviewError::InsideOutput { folder: root.to_path_buf(), output: output.to_path_buf() });
        }
        if root.exists() && !root.is_dir() {
            return Err(PreviewError::NotAFolder(root.to_path_buf()));
        }
        if root.is_dir() && !root.join(MARKER).is_file() {
            let mut entries = fs::read_dir(root).map_err(io(root))?;
            if entries.next().is_some() {
                return Err(PreviewError::NotOurs(root.to_path_buf()));
            }
        }
        let cards = root.join(CARDS);
        fs::create_dir_all(&cards).map_err(io(&cards))?;
        let folder = PreviewFolder { root: root.to_path_buf() };
        folder.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(folder)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `relative` (a file name, or `cards/<name>`) atomically.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), PreviewError> {
        Ok(write_atomically(&self.root.join(relative), bytes)?)
    }

    /// Removes the card images an earlier run wrote for posts that are gone:
    /// only `.png` files directly in the folder's `cards/`.
    pub fn remove_other_cards(&self, keep: &BTreeSet<String>) {
        let Ok(entries) = fs::read_dir(self.root.join(CARDS)) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            if is_file && name.ends_with(".png") && !keep.contains(&name) {
                // A card left behind is only clutter in a folder of ours.
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// `path` made absolute with its existing part's symbolic links resolved,
/// so `out/../out/x` and a link into the output folder are both seen as inside it.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            // What is left does not exist, so holds no link: `..` there is lexical.
            let mut path = real;
            for part in rest.iter().rev() {
                if part == ".." {
                    path.pop();
                } else {
                    path.push(part);
                }
            }
            return Ok(path);
        }
        match existing.components().next_back() {
            Some(Component::Normal(name)) => rest.push(name.to_os_string()),
            Some(Component::ParentDir) => rest.push("..".into()),
            Some(Component::CurDir) => {}
            // Nothing of it exists, not even the root: compare it as written.
            _ => return Ok(absolute),
        }
        existing.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_inside_the_output_is_refused_however_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        fs::create_dir(&output).unwrap();
        let around = dir.path().join("nothing/../out/p");
        for inside in [output.clone(), output.join("preview"), output.join("new/../x"), output.join("a/b"), around] {
            let error = PreviewFolder::claim(&inside, &output).unwrap_err();
            assert!(matches!(error, PreviewError::InsideOutput { .. }), "{inside:?}: {error}");
        }
        std::os::unix::fs::symlink(&output, dir.path().join("link")).unwrap();
        let error = PreviewFolder::claim(&dir.path().join("link/p"), &output).unwrap_err();
        assert!(matches!(error, PreviewError::InsideOutput { .. }), "{error}");
        assert!(fs::read_dir(&output).unwrap().next().is_none(), "nothing was written");
        // A sibling whose name starts like the output's is not inside it.
        assert!(PreviewFolder::claim(&dir.path().join("out-preview"), &output).is_ok());
    }

    #[test]
    fn a_foreign_folder_is_refused_and_ours_is_reused() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let foreign = dir.path().join("site");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("index.html"), "theirs").unwrap();
        assert!(matches!(PreviewFolder::claim(&foreign, &output), Err(PreviewError::NotOurs(_))));
        assert_eq!(fs::read_to_string(foreign.join("index.html")).unwrap(), "theirs");
        assert!(!foreign.join(MARKER).exists());

        let ours = dir.path().join("preview");
        let folder = PreviewFolder::claim(&ours, &output).unwrap();
        folder.write("index.html", b"one").unwrap();
        folder.write("cards/a.png", b"a").unwrap();
        folder.write("cards/gone.png", b"b").unwrap();
        let again = PreviewFolder::claim(&ours, &output).unwrap();
        again.write("index.html", b"two").unwrap();
        again.remove_other_cards(&BTreeSet::from(["a.png".to_string()]));
        assert_eq!(fs::read_to_string(ours.join("index.html")).unwrap(), "two");
        assert!(ours.join("cards/a.png").exists() && !ours.join("cards/gone.png").exists());

        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(matches!(PreviewFolder::claim(&file, &output), Err(PreviewError::NotAFolder(_))));
    }
}
