//! A build killed (SIGKILL) at any moment leaves every output file either
//! complete and old or complete and new, and the next run repairs the rest.
//!
//! Temporary files: a kill between writing a `.feedcard-*.tmp` and renaming
//! it leaves that file behind. It is hidden, never named by a feed or the
//! manifest, and the next run removes it (`OutputDir::open`), so the repaired
//! folder is byte for byte a fresh build's (the manifest's modification
//! times aside: they are when each file was written).
#![allow(clippy::disallowed_macros)] // the test reports where its kills landed

mod common;

use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

type Files = BTreeMap<String, Vec<u8>>;

const MANIFEST: &str = ".feedcard/manifest.json";

/// The files below `dir`, the manifest without the modification times it
/// records (a rebuild writes the same bytes at another time).
fn settled(dir: &Path) -> Files {
    let mut files = snapshot(dir);
    if let Some(bytes) = files.get_mut(MANIFEST) {
        let mut manifest: serde_json::Value = serde_json::from_slice(bytes).expect("the manifest is JSON");
        for entry in manifest["files"].as_object_mut().expect("a files map").values_mut() {
            let entry = entry.as_object_mut().expect("a file entry");
            entry.remove("mtime");
            entry.remove("mtime_nsec");
        }
        *bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    }
    files
}

fn is_temp_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.starts_with(".feedcard-") && base.ends_with(".tmp")
}

/// A fresh build of `count` generated posts of `edition` into an empty folder.
fn fresh_build(count: usize, edition: u32, extra: &[&str]) -> Files {
    let site = Site::with_url();
    generated_posts(&site, count, edition);
    let output = site.build(extra);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = settled(&site.out());
    check_with_real_parsers(&files);
    files
}

/// Feeds parse, cards decode at 1200x630, the manifest is JSON.
fn check_with_real_parsers(files: &Files) {
    for (name, bytes) in files {
        if name.ends_with(".xml") {
            assert_well_formed_xml(name, bytes);
            parse_feed(name, bytes);
        } else if name.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if name.ends_with(".png") {
            let card = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((card.width(), card.height()), (1200, 630), "{name}");
        }
    }
    assert!(files.contains_key(MANIFEST));
}

/// Puts exactly `files` in `dir`: the state a finished earlier run left.
fn restore(dir: &Path, files: &Files) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// What a killed run left: how many files were already new, and how many temporary files.
#[derive(Debug, Default)]
struct Leftovers {
    new: usize,
    old: usize,
    temp: usize,
}

/// Every output file is byte for byte the old or the new version; none is missing.
fn check_old_or_new(dir: &Path, old: &Files, new: &Files, moment: &str) -> Leftovers {
    let mut left = Leftovers::default();
    let mut seen = Vec::new();
    for (name, bytes) in settled(dir) {
        if is_temp_file(&name) {
            left.temp += 1;
            continue;
        }
        if old.get(&name) == new.get(&name) {
            // The lock file.
        } else if new.get(&name) == Some(&bytes) {
            left.new += 1;
        } else if old.get(&name) == Some(&bytes) {
            left.old += 1;
        } else {
            panic!("{moment}: {name} is neither the old nor the new version ({} bytes)", bytes.len());
        }
        seen.push(name);
    }
    let expected: Vec<_> = old.keys().filter(|name| new.contains_key(*name)).cloned().collect();
    assert_eq!(seen, expected, "{moment}: files went missing or appeared");
    left
}

/// Builds `count` posts (edition 1, "old"), then rebuilds edition 2 ("new")
/// from the old output `kills` times, killing each run at a moment spread
/// evenly across one measured build. After each kill the files are checked,
/// and a normal run must repair the folder to a fresh build's bytes.
fn kill_at_many_moments(count: usize, kills: u32, extra: &[&str]) -> Vec<Leftovers> {
    let old = fresh_build(count, 1, extra);
    let new = fresh_build(count, 2, extra);
    assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>());
    let changes = |name: &str| name.ends_with(".xml") || name.ends_with(".png") || name == "feed.json";
    assert!(old.iter().all(|(name, bytes)| !changes(name) || new[name] != *bytes), "every feed and card changes");

    let site = Site::with_url();
    generated_posts(&site, count, 2);
    restore(&site.out(), &old);
    let started = Instant::now();
    assert!(build_command(&site, extra).status().unwrap().success());
    let duration = started.elapsed();
    assert_same_files(&settled(&site.out()), &new, "an incremental build differs from a fresh one in");

    let mut results = Vec::new();
    for kill in 0..kills {
        restore(&site.out(), &old);
        let delay = duration * (2 * kill + 1) / (2 * kills);
        let mut child = build_command(&site, extra).spawn().unwrap();
        thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        let moment = format!("killed after {delay:?} of {duration:?}");
        results.push(check_old_or_new(&site.out(), &old, &new, &moment));

        let output = site.build(extra);
        assert!(output.status.success(), "{moment}, then: {}", stderr(&output));
        assert_same_files(&settled(&site.out()), &new, &format!("{moment}: the next run did not repair"));
    }
    results
}

#[test]
fn builds_with_cards_killed_at_any_moment() {
    let results = kill_at_many_moments(20, 10, &[]);
    // Cards are drawn into temporary files and renamed at the end, so a kill
    // mid-run leaves temporary files (cleaned up by the next run) or a mix.
    let mid_run = results.iter().filter(|r| r.temp > 0 || (r.new > 0 && r.old > 0)).count();
    eprintln!("{results:?}");
    // Otherwise every kill missed the run, and the test proved nothing.
    assert!(mid_run > 0, "no kill landed mid-run: {results:?}");
}

#[test]
fn feed_builds_of_hundreds_of_posts_killed_at_any_moment() {
    let results = kill_at_many_moments(300, 20, &["--only", "feeds"]);
    eprintln!("{results:?}");
}

/// The manifest is written last, so after a kill it still describes the old
/// run; a card redrawn before the kill must not pass for current when the
/// posts go back to what that manifest describes: its bytes are not the
/// ones the manifest recorded.
#[test]
fn a_killed_run_then_reverted_posts_get_their_old_cards_back() {
    let site = Site::with_url();
    generated_posts(&site, 30, 1);
    assert!(site.build(&[]).status.success());
    let old = settled(&site.out());

    generated_posts(&site, 30, 2);
    let mut child = build_command(&site, &[]).spawn().unwrap();
    wait_until("a redrawn card", Duration::from_secs(120), || {
        snapshot(&site.out()).iter().any(|(name, bytes)| name.ends_with(".png") && old.get(name) != Some(bytes))
    });
    child.kill().unwrap();
    child.wait().unwrap();

    generated_posts(&site, 30, 1);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_same_files(&settled(&site.out()), &old, "cards from the killed run survived the revert");
}
