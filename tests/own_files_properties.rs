//! Property: whatever the manifest says (garbage, a hand edit, a merge gone
//! wrong) and whatever else the output folder holds, a build never deletes
//! or changes a file feedcard did not write.
//!
//! Each case starts from a real build's output, adds the site's own files at
//! names drawn from a small alphabet (so that they often look like cards,
//! feeds or tag feeds), replaces feedcard's manifest with generated
//! contents that list those names, builds again through the binary, and
//! checks every one of the site's files byte for byte.
//! `PROPTEST_CASES=200 cargo test --test own_files_properties` searches longer.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use common::*;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Value};

const CONFIG: &str = "site: {url: 'https://blog.example.com/', title: Props}\ncard: {system_fonts: false}\n";
const STATE: &str = ".feedcard/manifest.json";

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

fn site() -> Site {
    let site = Site::new(CONFIG);
    site.post("a.md", &post("Alpha", "2025-01-01", "tags: [rust, old]\n"));
    site.post("b.md", &post("Beta", "2025-01-02", ""));
    site
}

/// What a clean build of [`site`] writes, and its manifest's file entries
/// (real entries, which a generated manifest copies onto other names).
struct Reference {
    files: BTreeMap<String, Vec<u8>>,
    entries: Vec<Value>,
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let site = site();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = snapshot(&site.out());
    let manifest: Value = serde_json::from_slice(&files[STATE]).expect("the manifest is JSON");
    let entries = manifest["files"].as_object().expect("a files map").values().cloned().collect();
    Reference { files, entries }
});

/// A path from a small alphabet: `cards/old.png`, `tags/rust/index.html`, `CNAME`.
fn site_path() -> impl Strategy<Value = String> {
    let folder = select(vec!["cards", "tags", "rust", "old", "feeds"]);
    let name = select(vec![
        "a.png",
        "old.png",
        "rss.xml",
        "atom.xml",
        "feed.json",
        "index.html",
        "CNAME",
        "notes.txt",
        "a.md",
        "lock",
    ]);
    (prop::collection::vec(folder, 0..3), name).prop_map(|(folders, name)| {
        let mut path = folders.join("/");
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(name);
        path
    })
}

/// Names a manifest may list: the site's, feedcard's own, and escapes.
fn listed_path(site_files: Vec<String>) -> impl Strategy<Value = String> {
    let odd = select(vec![
        "../feedcard.yaml",
        "../posts/a.md",
        "/etc/hostname",
        "",
        ".",
        "a/../../b",
        "cards/../CNAME",
        "tags//rss.xml",
        ".feedcard/lock",
        STATE,
        "manifest.json",
        ".feedcard.lock",
        "cards/a.png",
        "tags/rust/rss.xml",
        "rss.xml",
    ])
    .prop_map(str::to_string);
    let own = any::<Index>().prop_map(move |index| {
        if site_files.is_empty() {
            "CNAME".to_string()
        } else {
            site_files[index.index(site_files.len())].clone()
        }
    });
    prop_oneof![3 => own, 2 => site_path(), 2 => odd]
}

/// A file entry: feedcard 0.1's string, a real entry copied, made-up
/// stamps, or JSON that is no entry at all.
fn entry() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => any::<Index>().prop_map(|index| REFERENCE.entries[index.index(REFERENCE.entries.len())].clone()),
        1 => "[0-9a-f]{0,32}".prop_map(Value::from),
        2 => ("[0-9a-f]{0,32}", "[0-9a-f]{0,32}", any::<u64>(), any::<i64>(), any::<u32>()).prop_map(
            |(inputs, hash, size, mtime, nsec)| json!({"inputs": inputs, "hash": hash, "size": size % 4096, "mtime": mtime, "mtime_nsec": nsec})
        ),
        1 => select(vec![json!(null), json!(5), json!([]), json!({}), json!({"inputs": 1})]),
    ]
}

/// Manifest bytes: garbage, or JSON shaped like a manifest listing `listed`.
fn manifest(site_files: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    let generator = select(vec!["feedcard 0.1.0", "feedcard", "something else"]);
    let newest = prop::option::of(select(vec!["2025-01-02T00:00:00Z", "2030-01-01T00:00:00Z", "not a date"]));
    let files = prop::collection::vec((listed_path(site_files), entry()), 0..12);
    let structured = (generator, newest, files).prop_map(|(generator, newest, files)| {
        let files: serde_json::Map<String, Value> = files.into_iter().collect();
        let mut manifest = json!({"generator": generator, "files": files, "posts": {}});
        if let Some(newest) = newest {
            manifest["newest_post"] = json!(newest);
        }
        serde_json::to_vec(&manifest).unwrap()
    });
    prop_oneof![1 => prop::collection::vec(any::<u8>(), 0..200), 4 => structured]
}

/// One of the site's own files: its path and bytes.
type SiteFile = (String, Vec<u8>);

/// The site's own files (none at a name this build writes), then a manifest
/// listing them, and where it goes: feedcard's folder, or the root, as
/// feedcard 0.1 kept it.
fn scenario() -> impl Strategy<Value = (Vec<SiteFile>, Vec<u8>, bool)> {
    let site_file = (site_path(), prop::collection::vec(any::<u8>(), 0..64));
    prop::collection::vec(site_file, 0..8).prop_flat_map(|files| {
        let mut paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
        paths.retain(|path| !REFERENCE.files.contains_key(path));
        (Just(files), manifest(paths), any::<bool>())
    })
}

fn write_all(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn no_manifest_makes_a_build_delete_or_change_a_sites_own_file(
        (site_files, manifest, at_root) in scenario()
    ) {
        let site = site();
        let out = site.out();
        write_all(&out, &REFERENCE.files);
        let mut theirs = BTreeMap::new();
        for (path, bytes) in site_files {
            // This build writes these names itself; and two files cannot both
            // be `x` and `x/...`.
            if REFERENCE.files.contains_key(&path) || theirs.contains_key(&path) {
                continue;
            }
            let target = out.join(&path);
            if target.parent().is_some_and(|parent| fs::create_dir_all(parent).is_ok())
                && !target.is_dir()
                && fs::write(&target, &bytes).is_ok()
            {
                theirs.insert(path, bytes);
            }
        }
        if at_root {
            fs::remove_file(out.join(STATE)).unwrap();
            // feedcard 0.1's manifest is feedcard's, and migrating removes it.
            theirs.remove("manifest.json");
            fs::write(out.join("manifest.json"), &manifest).unwrap();
        } else {
            fs::write(out.join(STATE), &manifest).unwrap();
        }
        let posts = snapshot(&site.path().join("posts"));
        let config = fs::read(site.path().join("feedcard.yaml")).unwrap();

        let output = site.build(&[]);
        prop_assert!(output.status.code().is_some_and(|code| code != 101), "a panic: {}", stderr(&output));
        for (path, bytes) in &theirs {
            let now = fs::read(out.join(path));
            prop_assert!(now.as_ref().is_ok_and(|now| now == bytes), "{path} was deleted or changed: {}", stderr(&output));
        }
        prop_assert_eq!(snapshot(&site.path().join("posts")), posts);
        prop_assert_eq!(fs::read(site.path().join("feedcard.yaml")).unwrap(), config);
    }
}
