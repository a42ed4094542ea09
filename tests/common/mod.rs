#![allow(dead_code)] // each test binary uses its own subset

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod xml;
#[allow(unused_imports)] // like the rest of this module, not every test binary uses it
pub use xml::assert_well_formed_xml;

pub fn feedcard(args: &[&str]) -> Output {
    feedcard_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

pub fn feedcard_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        // Messages are compared as plain text.
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the feedcard binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A site folder in a temp dir: `feedcard.yaml` plus the given posts.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new(config: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("feedcard.yaml"), config).expect("write config");
        fs::create_dir(dir.path().join("posts")).expect("posts dir");
        Site { dir }
    }

    pub fn with_url() -> Site {
        Site::new("site:\n  title: Test Site\n  url: https://blog.example.com/\n")
    }

    pub fn post(&self, name: &str, text: &str) -> &Site {
        self.post_bytes(name, text.as_bytes())
    }

    pub fn post_bytes(&self, name: &str, bytes: &[u8]) -> &Site {
        let path = self.dir.path().join("posts").join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("post folder");
        }
        fs::write(path, bytes).expect("write post");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn build(&self, extra: &[&str]) -> Output {
        let site = self.path().to_str().expect("utf-8 temp path").to_string();
        let out = self.out().to_str().expect("utf-8 temp path").to_string();
        let mut args = vec!["build", site.as_str(), "-o", out.as_str()];
        if !extra.contains(&"--now") {
            args.extend(["--now", "2026-01-01T00:00:00Z"]);
        }
        args.extend_from_slice(extra);
        feedcard(&args)
    }

    pub fn read_out(&self, name: &str) -> Vec<u8> {
        fs::read(self.out().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// A post with the usual front matter.
pub fn post(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n{extra}---\nBody of {title}.\n")
}

/// Every file below `dir`, relative, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    collect(dir, dir, &mut found);
    found.sort();
    found
}

fn collect(root: &Path, dir: &Path, found: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, found);
        } else if let Ok(rel) = path.strip_prefix(root) {
            found.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

pub fn parse_feed(name: &str, bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("{name} does not parse as a feed: {e}"))
}

/// Writes `count` posts with varied titles, dates and tags (so there are
/// cards and per-tag feeds); each `edition` changes every title, so every
/// card and every feed changes with it.
pub fn generated_posts(site: &Site, count: usize, edition: u32) {
    const WORDS: [&str; 8] = ["release", "trains", "fonts", "kerning", "feeds", "cron", "locks", "caches"];
    for i in 0..count {
        let title = format!("{} {} notes, part {i} (edition {edition})", WORDS[i % 8], WORDS[(i * 3 + 1) % 8]);
        let date = format!("2024-{:02}-{:02} {:02}:00", i % 12 + 1, i % 28 + 1, i % 24);
        let tags = format!("tags: [{}, {}]\n", WORDS[i % 5], WORDS[(i / 5) % 8]);
        site.post(&format!("p{i:04}.md"), &post(&title, &date, &tags));
    }
}

/// Every file below `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    // A running build renames temporary files away between listing and reading.
    files_below(dir)
        .into_iter()
        .filter_map(|name| match fs::read(dir.join(&name)) {
            Ok(bytes) => Some((name, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => panic!("{name}: {e}"),
        })
        .collect()
}

/// The command line of [`Site::build`], for spawning a build rather than waiting on it.
pub fn build_command(site: &Site, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
    command
        .arg("build")
        .arg(site.path())
        .arg("-o")
        .arg(site.out())
        .args(["--now", "2026-01-01T00:00:00Z"])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    command
}

/// Polls `condition` every 10 ms until it holds; panics after `limit`.
pub fn wait_until(what: &str, limit: std::time::Duration, mut condition: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !condition() {
        assert!(started.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A build with `--format json`, its report parsed.
pub fn build_json(site: &Site, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let output = site.build(&args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{}", stderr(&output)))
}

/// The paths in a report's list, sorted.
pub fn names(list: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> =
        list.as_array().expect("a list").iter().map(|v| v.as_str().expect("a path").to_string()).collect();
    names.sort();
    names
}

/// Three posts with tags: one only a has, one b and c share, one only b has.
/// Three posts whose one-post tags (`only-a`, `only-b`) still get feeds, so
/// tests can watch tag feeds appear and go.
pub fn three_posts() -> Site {
    let site = Site::new("site:\n  title: Test Site\n  url: https://blog.example.com/\nfeeds: {tags_min_posts: 1}\n");
    site.post("a.md", &post("Alpha", "2025-01-01", "tags: [only-a]\n"));
    site.post("b.md", &post("Beta", "2025-01-02", "tags: [shared, only-b]\n"));
    site.post("c.md", &post("Gamma", "2025-01-03", "tags: [shared]\n"));
    site
}

/// Two snapshots hold the same files with the same bytes; a failure names
/// the files that differ instead of printing every byte.
pub fn assert_same_files(
    left: &std::collections::BTreeMap<String, Vec<u8>>,
    right: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let differ: Vec<&String> =
        left.keys().chain(right.keys()).filter(|name| left.get(*name) != right.get(*name)).collect();
    assert!(differ.is_empty(), "{what}: {differ:?}");
}
