//! feedcard removes and repairs only its own files: what a stale-file
//! removal may delete is limited to names feedcard makes (feeds, per-tag
//! feeds, cards) whose bytes are still what it wrote; a damaged output is
//! rewritten; and a run that cannot stage every file publishes none.

mod common;

use common::*;
use serde_json::Value;
use std::fs;
use std::time::{Duration, SystemTime};

const STATE: &str = ".feedcard/manifest.json";

fn state(site: &Site) -> Value {
    serde_json::from_slice(&site.read_out(STATE)).unwrap()
}

/// Lists `extra` paths in the state manifest's files, each with the entry
/// feedcard made for `like`: as if a person or a merge had edited it.
fn list_in_manifest(site: &Site, like: &str, extra: &[&str]) {
    let mut manifest = state(site);
    let entry = manifest["files"][like].clone();
    assert!(!entry.is_null(), "{like} is in the manifest");
    for path in extra {
        manifest["files"][*path] = entry.clone();
    }
    fs::write(site.out().join(STATE), serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

#[test]
fn a_hand_edited_manifest_cannot_delete_the_sites_files() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let users = [
        ("CNAME", &b"blog.example.com\n"[..]),
        ("userdir/index.html", b"<h1>mine</h1>"),
        ("a.md", b"---\ntitle: a post kept beside the output\n---\n"),
        (".feedcard.lock", b""),
        ("cards/hand-made.png", b"not feedcard's"),
        ("tags/mine/rss.xml", b"<rss/>"),
    ];
    for (name, bytes) in users {
        let path = site.out().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    let mut listed: Vec<&str> = users.iter().map(|(name, _)| *name).collect();
    listed.extend([".feedcard/lock", "../feedcard.yaml", "/etc/hostname", "posts/a.md"]);
    list_in_manifest(&site, "cards/a.png", &listed);

    let report = build_json(&site, &[]);
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(names(&report["files"]["removed"]), Vec::<String>::new());
    for (name, bytes) in users {
        assert_eq!(site.read_out(name), bytes, "{name}");
    }
    assert!(site.out().join(".feedcard/lock").exists() && site.path().join("feedcard.yaml").exists());
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("CNAME") && warnings.contains("cards/hand-made.png"), "{warnings}");
    // Said once: the new manifest no longer lists them.
    assert_eq!(build_json(&site, &[])["warnings"], Value::Array(vec![]));
}

#[test]
fn posts_in_the_output_folder_are_never_removed() {
    // INPUT and OUTPUT the same folder: the posts sit among the feeds.
    let site = Site::new("site: {url: 'https://blog.example.com/'}\ninput: out\noutput: out\n");
    fs::create_dir(site.out()).unwrap();
    fs::write(site.out().join("a.md"), post("Alpha", "2025-01-01", "")).unwrap();
    fs::write(site.out().join("b.md"), post("Beta", "2025-01-02", "")).unwrap();
    assert!(site.build(&[]).status.success(), "{}", stderr(&site.build(&[])));
    list_in_manifest(&site, "rss.xml", &["a.md", "b.md"]);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("a.md").exists() && site.out().join("b.md").exists());
}

#[test]
fn a_stale_file_someone_changed_is_left_with_a_warning() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let edited = b"<rss><!-- kept by hand --></rss>";
    fs::write(site.out().join("tags/only-a/rss.xml"), edited).unwrap();
    fs::remove_file(site.path().join("posts/a.md")).unwrap();

    let report = build_json(&site, &[]);
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(names(&report["files"]["removed"]), ["cards/a.png", "tags/only-a/atom.xml"]);
    assert_eq!(site.read_out("tags/only-a/rss.xml"), edited);
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("tags/only-a/rss.xml") && warnings.contains("changed"), "{warnings}");
}

#[test]
fn files_an_older_manifest_lists_without_a_content_hash_are_never_removed() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    // feedcard 0.1's manifest, at the root: each file with its inputs hash only.
    let mut old = state(&site);
    for entry in old["files"].as_object_mut().unwrap().values_mut() {
        if let Some(inputs) = entry.get("inputs").cloned() {
            *entry = inputs;
        }
    }
    fs::remove_dir_all(site.out().join(".feedcard")).unwrap();
    fs::write(site.out().join("manifest.json"), serde_json::to_vec(&old).unwrap()).unwrap();
    fs::remove_file(site.path().join("posts/a.md")).unwrap();

    let report = build_json(&site, &["-v"]);
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(names(&report["files"]["removed"]), ["manifest.json"], "only the old manifest goes");
    assert!(site.out().join("cards/a.png").exists());
    let notices = report["notices"].to_string();
    assert!(notices.contains("cards/a.png") && notices.contains("older feedcard"), "{notices}");
}

#[test]
fn an_emptied_feed_or_a_damaged_card_is_rewritten() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let good_rss = site.read_out("rss.xml");
    let good_card = site.read_out("cards/b.png");
    fs::write(site.out().join("rss.xml"), b"").unwrap();
    // Same size, other bytes: only the modification time tells.
    fs::write(site.out().join("cards/b.png"), vec![0u8; good_card.len()]).unwrap();

    let report = build_json(&site, &[]);
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(names(&report["files"]["written"]), [STATE, "cards/b.png", "rss.xml"]);
    assert_eq!(site.read_out("rss.xml"), good_rss);
    assert_eq!(site.read_out("cards/b.png"), good_card);
    assert_eq!(names(&build_json(&site, &[])["files"]["written"]), Vec::<String>::new());
}

#[test]
fn a_touched_but_unchanged_file_is_not_rewritten() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    let touched = SystemTime::now() - Duration::from_secs(86_400);
    let file = fs::File::options().write(true).open(site.out().join("atom.xml")).unwrap();
    file.set_modified(touched).unwrap();
    drop(file);

    let report = build_json(&site, &[]);
    let written = names(&report["files"]["written"]);
    assert!(!written.contains(&"atom.xml".to_string()), "{written:?}");
    assert_eq!(fs::metadata(site.out().join("atom.xml")).unwrap().modified().unwrap(), touched);
    assert_eq!(names(&build_json(&site, &[])["files"]["written"]), Vec::<String>::new());
}

#[test]
fn a_file_that_cannot_be_staged_stops_the_run_before_anything_is_published() {
    let site = three_posts();
    assert!(site.build(&[]).status.success());
    site.post("b.md", &post("Beta, retitled", "2025-01-02", "tags: [shared, only-b, new-tag]\n"));
    // A file where the new tag's folder must go: staging its feeds fails,
    // after the card, the main feeds and other tag feeds were staged.
    fs::write(site.out().join("tags/new-tag"), b"in the way").unwrap();
    let before = snapshot(&site.out());

    let output = site.build(&[]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains("tags/new-tag"), "{err}");
    assert_same_files(&snapshot(&site.out()), &before, "a failed run changed these");
}
