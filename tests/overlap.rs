//! Two builds on one output folder never interleave: the second waits for
//! the lock (`OUTPUT/.feedcard/lock`) up to `--lock-timeout`, then exits 3.
//! The OS releases the lock on any exit, a kill included.

mod common;

use common::*;
use std::fs::{self, File, OpenOptions};
use std::process::Child;
use std::thread;
use std::time::{Duration, Instant};

const LOCKED_MESSAGE: &str = "another feedcard build holds";

/// Takes the output folder's lock from the test process, as a running build would.
fn hold_lock(site: &Site) -> File {
    fs::create_dir_all(site.out().join(".feedcard")).unwrap();
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(lock_path(site)).unwrap();
    file.lock().unwrap();
    file
}

fn lock_path(site: &Site) -> std::path::PathBuf {
    site.out().join(".feedcard/lock")
}

fn small_site() -> Site {
    let site = Site::with_url();
    site.post("a.md", &post("A post", "2025-01-01", "tags: [locks]\n"));
    site
}

/// A site whose full build takes seconds in a debug build (it draws every card).
fn slow_site() -> Site {
    let site = Site::with_url();
    generated_posts(&site, 60, 1);
    site
}

#[test]
fn a_held_lock_makes_a_build_exit_3_after_its_timeout_writing_nothing() {
    let site = small_site();
    let _held = hold_lock(&site);
    let started = Instant::now();
    let output = site.build(&["--lock-timeout", "1"]);
    let elapsed = started.elapsed();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains(LOCKED_MESSAGE) && err.contains(".feedcard/lock"), "{err}");
    assert!(err.contains(&lock_path(&site).display().to_string()), "the message names the lock file: {err}");
    assert!(elapsed >= Duration::from_secs(1), "gave up before its timeout: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
    assert_eq!(files_below(&site.out()), [".feedcard/lock"], "a locked-out build wrote something");
}

#[test]
fn a_waiting_build_runs_once_the_lock_is_released() {
    let site = small_site();
    let held = hold_lock(&site);
    let mut child = build_command(&site, &["--lock-timeout", "120"]).spawn().unwrap();
    // However far the build got in this second, it cannot have written.
    thread::sleep(Duration::from_secs(1));
    assert!(child.try_wait().unwrap().is_none(), "the build did not wait for the lock");
    assert_eq!(files_below(&site.out()), [".feedcard/lock"]);
    drop(held);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_well_formed_xml("rss.xml", &site.read_out("rss.xml"));
    assert_eq!(parse_feed("rss.xml", &site.read_out("rss.xml")).entries.len(), 1);
}

#[test]
fn a_second_build_waits_for_the_first_instead_of_interleaving() {
    let site = slow_site();
    let mut first = build_command(&site, &[]).spawn().unwrap();
    wait_for_a_staged_card(&site, &mut first);
    let second = build_command(&site, &["--lock-timeout", "300"]).spawn().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let second = second.wait_with_output().unwrap();
    let err = stderr(&second);
    assert!(second.status.success(), "{err}");
    // Had it run alongside the first, it would have drawn cards too.
    assert!(err.contains("0 files written"), "the second build found work the first had not finished: {err}");
}

#[test]
fn a_killed_build_releases_the_lock_at_once() {
    let site = slow_site();
    let mut child = build_command(&site, &[]).spawn().unwrap();
    wait_for_a_staged_card(&site, &mut child);
    let lock = File::open(lock_path(&site)).unwrap();
    assert!(lock.try_lock().is_err(), "the running build should hold the lock");
    child.kill().unwrap(); // SIGKILL: no destructor, no cleanup code runs
    child.wait().unwrap();
    lock.try_lock().expect("the OS released the killed build's lock");
    lock.unlock().unwrap();
    let output = site.build(&["--lock-timeout", "0", "--only", "feeds"]);
    assert!(output.status.success(), "{}", stderr(&output));
    parse_feed("rss.xml", &site.read_out("rss.xml"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_lock_file_creates_nothing_outside_the_output_folder() {
    let site = small_site();
    let elsewhere = site.path().join("elsewhere");
    fs::create_dir_all(site.out().join(".feedcard")).unwrap();
    fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink("../../elsewhere/CREATED", lock_path(&site)).unwrap();
    // Where feedcard 0.1 kept its lock: never opened now, never followed.
    std::os::unix::fs::symlink("../elsewhere/OLD", site.out().join(".feedcard.lock")).unwrap();
    let output = site.build(&[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains(&lock_path(&site).display().to_string()) && err.contains("symbolic link"), "{err}");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "a file was created through the symlink");
    assert!(!site.out().join("rss.xml").exists());
}

/// Waits until `child` is inside its run, holding the lock: it has drawn a
/// card into a temporary file, not yet published.
fn wait_for_a_staged_card(site: &Site, child: &mut Child) {
    let cards = site.out().join("cards");
    wait_until("a staged card", Duration::from_secs(120), || {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before staging a card");
        fs::read_dir(&cards).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with(".feedcard-")))
        })
    });
}

#[test]
fn deleting_the_lock_file_mid_run_does_not_let_a_second_build_in() {
    let site = slow_site();
    let mut first = build_command(&site, &[]).spawn().unwrap();
    wait_for_a_staged_card(&site, &mut first);
    fs::remove_file(lock_path(&site)).unwrap();
    // Had it got in, its start-up sweep would delete the first build's staged cards.
    let second = build_command(&site, &["--lock-timeout", "300"]).spawn().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "the first build lost its staged files: {}", stderr(&first));
    let second = second.wait_with_output().unwrap();
    let err = stderr(&second);
    assert!(second.status.success(), "{err}");
    assert!(err.contains("0 files written"), "the second build ran alongside the first: {err}");
}
