use super::*;
use std::thread;

fn open(dir: &Path) -> OutputDir {
    OutputDir::open(dir, Duration::from_millis(100)).unwrap()
}

#[test]
fn writes_creates_folders_and_skips_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(tmp.path());
    assert_eq!(out.write("tags/rust/rss.xml", b"one").unwrap(), WriteOutcome::Written);
    let path = tmp.path().join("tags/rust/rss.xml");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    thread::sleep(Duration::from_millis(20));
    assert_eq!(out.write("tags/rust/rss.xml", b"one").unwrap(), WriteOutcome::Unchanged);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(out.write("tags/rust/rss.xml", b"two").unwrap(), WriteOutcome::Written);
    assert_eq!(fs::read(&path).unwrap(), b"two");
    let leftovers: Vec<_> = fs::read_dir(tmp.path().join("tags/rust")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files stay behind");
}

#[test]
fn a_dropped_stage_leaves_the_target_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(tmp.path());
    out.write("a.png", b"old").unwrap();
    let staged = out.stage("a.png", b"new").unwrap();
    assert_eq!(fs::read(tmp.path().join("a.png")).unwrap(), b"old");
    drop(staged);
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2, "a.png and .feedcard/, no temporary file");
    let staged = out.stage("a.png", b"new").unwrap();
    assert_eq!(out.commit(staged).unwrap(), WriteOutcome::Written);
    assert_eq!(fs::read(tmp.path().join("a.png")).unwrap(), b"new");
}

#[test]
fn refuses_paths_that_leave_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(&tmp.path().join("out"));
    for bad in ["../x", "/etc/passwd", "a/../../x", "..\\x", "", "./x"] {
        assert!(matches!(out.write(bad, b"x"), Err(OutputError::Escapes(_))), "{bad}");
    }
    assert!(!tmp.path().join("x").exists());
}

#[cfg(unix)]
#[test]
fn refuses_to_write_through_a_symlinked_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let out = open(&tmp.path().join("out"));
    std::os::unix::fs::symlink(&outside, tmp.path().join("out/tags")).unwrap();
    assert!(matches!(out.write("tags/x.xml", b"x"), Err(OutputError::Symlink(_))));
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn remove_does_not_follow_a_symlinked_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(outside.join("x")).unwrap();
    fs::write(outside.join("x/rss.xml"), b"keep").unwrap();
    let out = open(&tmp.path().join("out"));
    std::os::unix::fs::symlink(&outside, tmp.path().join("out/tags")).unwrap();
    assert!(matches!(out.remove("tags/x/rss.xml"), Err(OutputError::Symlink(_))));
    assert_eq!(fs::read(outside.join("x/rss.xml")).unwrap(), b"keep");
}

#[test]
fn opening_removes_temp_files_a_killed_run_left() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("cards")).unwrap();
    for name in [".feedcard-a1B2c3.tmp", "cards/.feedcard-x.tmp", "cards/a.png", ".feedcard-notes.txt", "x.tmp"] {
        fs::write(tmp.path().join(name), b"x").unwrap();
    }
    let _out = open(tmp.path());
    let mut left: Vec<_> = ["", "cards"]
        .iter()
        .flat_map(|d| fs::read_dir(tmp.path().join(d)).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, [".feedcard", ".feedcard-notes.txt", "a.png", "cards", "x.tmp"]);
}

#[test]
fn a_second_holder_times_out() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = open(tmp.path());
    let second = OutputDir::open(tmp.path(), Duration::from_millis(150));
    assert!(matches!(second, Err(OutputError::Locked(..))));
}

#[test]
fn remove_cleans_empty_folders_only() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(tmp.path());
    out.write("tags/a/rss.xml", b"x").unwrap();
    out.write("tags/b/rss.xml", b"x").unwrap();
    assert!(out.remove("tags/a/rss.xml").unwrap());
    assert!(!tmp.path().join("tags/a").exists());
    assert!(tmp.path().join("tags/b/rss.xml").exists());
    assert!(!out.remove("tags/a/rss.xml").unwrap());
}

#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("out/.feedcard")).unwrap();
    fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../../elsewhere/CREATED", tmp.path().join("out/.feedcard/lock")).unwrap();
    let opened = OutputDir::open(&tmp.path().join("out"), Duration::from_millis(100));
    assert!(matches!(opened, Err(OutputError::Symlink(_))), "{opened:?}");
    assert!(!tmp.path().join("elsewhere/CREATED").exists(), "the lock was created through the symlink");
}

#[cfg(unix)]
#[test]
fn a_symlinked_state_folder_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("out")).unwrap();
    fs::create_dir(tmp.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", tmp.path().join("out/.feedcard")).unwrap();
    let opened = OutputDir::open(&tmp.path().join("out"), Duration::from_millis(100));
    assert!(matches!(opened, Err(OutputError::Symlink(_))), "{opened:?}");
    assert_eq!(fs::read_dir(tmp.path().join("elsewhere")).unwrap().count(), 0);
}

/// `rm OUTPUT/.feedcard/lock` during a run must not let a second run in:
/// its sweep would delete the first run's staged files.
#[test]
fn a_deleted_lock_file_does_not_let_a_second_holder_in() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = open(tmp.path());
    fs::remove_file(tmp.path().join(LOCK_FILE)).unwrap();
    let second = OutputDir::open(tmp.path(), Duration::from_millis(150));
    assert!(matches!(second, Err(OutputError::Locked(..))), "{second:?}");
}

/// A waiting run that finally locks a file no longer at the lock's path
/// holds nothing: it must lock the file that is there.
#[test]
fn a_lock_file_replaced_while_waiting_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let first = open(tmp.path());
    let root = tmp.path().to_path_buf();
    let (acquired, told) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let second = thread::spawn(move || {
        let held = OutputDir::open(&root, Duration::from_secs(20));
        acquired.send(held.is_ok()).unwrap();
        released.recv().unwrap();
    });
    thread::sleep(Duration::from_millis(300)); // the second now waits on the first's lock file
    fs::remove_file(tmp.path().join(LOCK_FILE)).unwrap();
    drop(first);
    assert!(told.recv().unwrap(), "the second run got the lock");
    let at_path = fs::File::open(tmp.path().join(LOCK_FILE)).expect("a lock file at the path");
    assert!(at_path.try_lock().is_err(), "the second run holds the file at the lock's path");
    release.send(()).unwrap();
    second.join().unwrap();
}

/// The temporary files feedcard left in `dir` (staged, not yet committed).
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(TEMP_PREFIX))
        .collect();
    found.sort();
    found
}

/// Staged files wait closed: no descriptor of this process points into the
/// output folder, however many are staged (only the lock's two).
#[cfg(target_os = "linux")]
#[test]
fn staged_files_hold_no_descriptor() {
    let tmp = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(tmp.path()).unwrap();
    let out = open(&root);
    let staged: Vec<_> = (0..300).map(|i| out.stage(&format!("cards/c{i}.png"), b"png").unwrap()).collect();
    let cards = root.join("cards");
    assert_eq!(temp_files(&cards).len(), 300);
    let open_here: Vec<PathBuf> = fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|fd| fs::read_link(fd.unwrap().path()).ok())
        .filter(|target| target.starts_with(&root))
        .collect();
    let lock = [root.join(LOCK_FILE), root.clone()];
    assert!(open_here.iter().all(|path| lock.contains(path)), "open in the output folder: {open_here:?}");
    for (i, staged) in staged.into_iter().enumerate() {
        assert_eq!(out.commit(staged).unwrap(), WriteOutcome::Written, "c{i}");
    }
    assert_eq!(fs::read_dir(&cards).unwrap().count(), 300);
    assert!(temp_files(&cards).is_empty());
}

/// Something that takes a staged file's place before the rename is neither
/// published nor deleted: the target keeps its old bytes.
#[cfg(unix)]
#[test]
fn a_replaced_staged_file_is_never_published() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(&tmp.path().join("out"));
    out.write("a.png", b"old").unwrap();
    fs::write(tmp.path().join("secret"), b"secret").unwrap();
    for plant in ["file", "symlink"] {
        let staged = out.stage("a.png", b"new").unwrap();
        let [temp] = temp_files(&tmp.path().join("out")).try_into().unwrap();
        fs::remove_file(&temp).unwrap();
        match plant {
            "file" => fs::write(&temp, b"planted").unwrap(),
            _ => std::os::unix::fs::symlink(tmp.path().join("secret"), &temp).unwrap(),
        }
        let error = out.commit(staged).unwrap_err();
        assert!(error.to_string().contains("replaced by another program"), "{error}");
        assert_eq!(fs::read(tmp.path().join("out/a.png")).unwrap(), b"old", "{plant}");
        assert!(fs::symlink_metadata(&temp).is_ok(), "the planted {plant} is not ours to delete");
        fs::remove_file(&temp).unwrap();
    }
    assert_eq!(fs::read(tmp.path().join("secret")).unwrap(), b"secret");
}

/// A folder swapped for a symlink between staging and publishing: the
/// rename would land outside, so it is refused.
#[cfg(unix)]
#[test]
fn a_folder_swapped_for_a_symlink_after_staging_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = open(&tmp.path().join("out"));
    let staged = out.stage("cards/a.png", b"new").unwrap();
    let outside = tmp.path().join("outside");
    fs::rename(tmp.path().join("out/cards"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, tmp.path().join("out/cards")).unwrap();
    assert!(matches!(out.commit(staged), Err(OutputError::Symlink(_))));
    assert!(!outside.join("a.png").exists(), "written outside the output folder");
}
