//! SIGTERM and SIGINT stop a build cleanly: exit 143 or 130, no
//! `.feedcard-*.tmp` left behind (a run used to leave up to 368, ~20 MB),
//! and the previous outputs byte for byte as they were. A signal during the
//! renames waits until they are all done (see `src/stop.rs`).
#![cfg(unix)]

mod common;

use common::*;
use std::time::Duration;

fn is_temp_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.starts_with(".feedcard-") && base.ends_with(".tmp")
}

fn temp_files(site: &Site) -> Vec<String> {
    files_below(&site.out()).into_iter().filter(|name| is_temp_file(name)).collect()
}

/// Signals a build of edition 2 while it draws cards over edition 1's output.
fn signal_while_drawing(signal: i32, expected_code: i32) {
    let site = Site::with_url();
    generated_posts(&site, 120, 1);
    let first = site.build(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&site.out());

    generated_posts(&site, 120, 2);
    let child = build_command(&site, &[]).spawn().unwrap();
    // Some cards are staged: the run is mid-way through drawing.
    wait_until("staged cards", Duration::from_secs(120), || temp_files(&site).len() >= 5);
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);

    assert_eq!(output.status.code(), Some(expected_code), "{err}");
    assert!(err.contains("stopped by"), "{err}");
    assert!(err.contains("nothing was published"), "{err}");
    assert_eq!(temp_files(&site), Vec::<String>::new(), "temporary files left behind");
    assert_same_files(&snapshot(&site.out()), &before, "a stopped run changed");

    // The next run publishes edition 2 as usual.
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn sigterm_while_drawing_cards_removes_the_staged_files_and_exits_143() {
    signal_while_drawing(libc::SIGTERM, 143);
}

#[test]
fn sigint_while_drawing_cards_removes_the_staged_files_and_exits_130() {
    signal_while_drawing(libc::SIGINT, 130);
}

/// Before anything is staged (here: waiting for another build's lock) a
/// signal ends the run at once.
#[test]
fn sigterm_while_waiting_for_the_lock_exits_at_once() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    let first = site.build(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // Hold the lock as another build would.
    let lock = std::fs::File::open(site.out().join(".feedcard/lock")).unwrap();
    lock.lock().unwrap();
    let child = build_command(&site, &["--lock-timeout", "60"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let started = std::time::Instant::now();
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(i32::try_from(child.id()).unwrap(), libc::SIGTERM) }, 0);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(143), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(started.elapsed() < Duration::from_secs(30), "it waited for the lock");
    assert_eq!(temp_files(&site), Vec::<String>::new());
}
