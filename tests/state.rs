//! feedcard's own state lives in `OUTPUT/.feedcard/` (the manifest and the
//! lock), where it cannot clash with a site's files: a web app's
//! `manifest.json` is left alone, an older feedcard's `manifest.json` is
//! migrated, and a damaged manifest means a full rebuild, never a stuck site.

mod common;

use common::*;
use serde_json::Value;
use std::fs;

const STATE: &str = ".feedcard/manifest.json";

/// Everything but feedcard's state folder: what a web server publishes.
fn site_files(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(&site.out());
    files.retain(|name, _| !name.starts_with(".feedcard/"));
    files
}

/// A manifest as feedcard 0.1 wrote it: each file mapped to its inputs hash only.
fn as_written_by_0_1(manifest: &[u8]) -> Vec<u8> {
    let mut manifest: Value = serde_json::from_slice(manifest).unwrap();
    for entry in manifest["files"].as_object_mut().unwrap().values_mut() {
        if let Some(inputs) = entry.get("inputs").cloned() {
            *entry = inputs;
        }
    }
    manifest.as_object_mut().unwrap().remove("newest_post");
    serde_json::to_vec_pretty(&manifest).unwrap()
}

#[test]
fn a_web_app_manifest_json_is_the_sites_own_and_left_alone() {
    let site = three_posts();
    fs::create_dir_all(site.out()).unwrap();
    let pwa = br#"{"name": "My PWA", "start_url": "/"}"#;
    fs::write(site.out().join("manifest.json"), pwa).unwrap();
    for run in 0..2 {
        let output = site.build(&[]);
        assert!(output.status.success(), "run {run}: {}", stderr(&output));
        assert_eq!(fs::read(site.out().join("manifest.json")).unwrap(), pwa, "run {run}");
    }
    let state: Value = serde_json::from_slice(&site.read_out(STATE)).unwrap();
    assert_eq!(state["posts"].as_object().unwrap().len(), 3);
}

#[test]
fn an_older_feedcards_manifest_json_is_migrated_then_removed() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    // What feedcard 0.1 left: its manifest and lock at the root.
    let old = as_written_by_0_1(&site.read_out(STATE));
    fs::remove_dir_all(site.out().join(".feedcard")).unwrap();
    fs::write(site.out().join("manifest.json"), &old).unwrap();
    fs::write(site.out().join(".feedcard.lock"), b"").unwrap();
    let mut before = site_files(&site);
    before.remove("manifest.json");
    before.remove(".feedcard.lock");

    let report = build_json(&site, &[]);
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(names(&report["files"]["written"]), [STATE], "the old manifest's hashes were used");
    assert!(names(&report["files"]["removed"]).contains(&"manifest.json".to_string()), "{report}");
    assert_same_files(&site_files(&site), &before, "the old manifest and lock go; nothing else changes");
    let state: Value = serde_json::from_slice(&site.read_out(STATE)).unwrap();
    assert_eq!(state["posts"].as_object().unwrap().len(), 3);
}

#[test]
fn an_empty_truncated_or_foreign_state_manifest_means_a_full_rebuild() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let full = site_files(&site);
    let good = site.read_out(STATE);
    let damages: [&[u8]; 4] = [b"", &good[..good.len() / 2], b"{}", b"\0\0\0\0"];
    for damage in damages {
        fs::write(site.out().join(STATE), damage).unwrap();
        let report = build_json(&site, &[]);
        assert_eq!(report["exit_code"], 0, "{report}");
        assert_eq!(report["cards_drawn"], 3, "everything is made again: {report}");
        let warnings = report["warnings"].to_string();
        assert!(warnings.contains(STATE) && warnings.contains("damaged"), "{warnings}");
        assert_same_files(&site_files(&site), &full, "a rebuild makes the same files");
        assert!(serde_json::from_slice::<Value>(&site.read_out(STATE)).is_ok(), "a new manifest was written");
        assert_eq!(build_json(&site, &[])["warnings"], Value::Array(vec![]), "and the next run is clean");
    }
}
