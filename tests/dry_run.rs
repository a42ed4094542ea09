//! `build --dry-run`: decides as a build would, writes nothing, and lists
//! what the build would write and remove.

mod common;

use common::{build_json, names, post, stderr, three_posts, Site};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// Every file and folder below `dir` with its bytes (files) and mtime.
fn state_of(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut found = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            let bytes = if meta.is_dir() { Vec::new() } else { fs::read(&path).unwrap() };
            found.insert(name, (bytes, meta.modified().unwrap()));
            if meta.is_dir() {
                todo.push(path);
            }
        }
    }
    found
}

/// The `would write`/`would remove` lines of a dry run, as relative paths.
fn listed(text: &str, out: &Path, verb: &str) -> Vec<String> {
    let prefix = format!("{verb} {}/", out.display());
    let mut paths: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .map(|rest| rest.split(" (").next().unwrap_or(rest).to_string())
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_dry_run_lists_what_changed_and_touches_nothing() {
    let site = three_posts();
    let first = site.build(&[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // One post changed (its title: card and feeds), one removed (its card and tag feed go).
    site.post("b.md", &post("Beta, revised", "2025-01-02", "tags: [shared, only-b]\n"));
    fs::remove_file(site.path().join("posts/a.md")).unwrap();
    let before = state_of(&site.out());

    let dry = site.build(&["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let text = stderr(&dry);
    assert_eq!(state_of(&site.out()), before, "the dry run changed the output folder");
    assert!(text.contains("nothing was written"), "{text}");
    assert!(text.contains("cards/b.png (changed)"), "{text}");
    assert!(text.contains("cards/a.png (no longer made"), "{text}");
    assert!(!text.contains("unchanged "), "unchanged files listed without -v: {text}");

    // What it lists is exactly what the real build then does.
    let real = build_json(&site, &[]);
    assert_eq!(listed(&text, &site.out(), "would write"), names(&real["files"]["written"]), "{text}");
    assert_eq!(listed(&text, &site.out(), "would remove"), names(&real["files"]["removed"]), "{text}");
    assert!(names(&real["files"]["removed"]).contains(&"cards/a.png".to_string()));
    assert!(names(&real["files"]["written"]).contains(&"rss.xml".to_string()));
}

#[test]
fn a_dry_run_with_v_lists_unchanged_files_and_with_nothing_to_do_writes_nothing() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let before = state_of(&site.out());
    let dry = site.build(&["--dry-run", "-v"]);
    let text = stderr(&dry);
    assert!(dry.status.success(), "{text}");
    assert!(text.contains(&format!("unchanged {}", site.out().join("rss.xml").display())), "{text}");
    assert!(!text.contains("would write"), "{text}");
    assert_eq!(state_of(&site.out()), before);
}

#[test]
fn a_first_dry_run_creates_no_output_folder_lock_or_temp_file() {
    let site = three_posts();
    let dry = site.build(&["--dry-run"]);
    let text = stderr(&dry);
    assert!(dry.status.success(), "{text}");
    assert!(!site.out().exists(), "the dry run created {}", site.out().display());
    assert!(text.contains(&format!("would write {} (new)", site.out().join("rss.xml").display())), "{text}");
    assert_eq!(common::files_below(&site.path().join("posts")).len(), 3);
}

#[test]
fn a_dry_run_exits_as_the_build_would() {
    let site = Site::with_url();
    site.post("a.md", "---\ntitle: Bad date\ndate: 2025-13-45\n---\nText.\n");
    let dry = site.build(&["--dry-run"]);
    let real = site.build(&[]);
    assert_eq!(dry.status.code(), Some(1));
    assert_eq!(dry.status.code(), real.status.code());
}
