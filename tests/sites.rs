//! Real-site fixtures: each folder under `tests/sites/<generator>/` holds a
//! small site written from the generator's documentation (`site/`) and the
//! address of every post the generator publishes (`expected-urls.txt`, one
//! `path-from-site-root<TAB>URL` a line, checked against the real generator
//! by `tests/sites/<generator>/real.sh` where it can be installed).
//! feedcard, run with no flags and no feedcard.yaml beyond what the fixture
//! has, must find exactly those posts at exactly those addresses.

use chrono::{DateTime, Utc};
use feedcard::{read_posts, Config, Severity};
use std::fs;
use std::path::{Path, PathBuf};

/// Later than every fixture post, earlier than the fixtures' scheduled ones.
const NOW: &str = "2026-01-01T00:00:00Z";

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|dir| dir.join("expected-urls.txt").is_file());
    dirs.sort();
    dirs
}

/// `path<TAB>URL` lines feedcard publishes for the fixture at `dir`.
fn published(dir: &Path) -> (Vec<String>, Vec<String>) {
    let site = dir.join("site");
    let config = Config::from_folder(&site).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let now: DateTime<Utc> = NOW.parse().expect("a time");
    let outcome = read_posts(&config, now);
    let errors: Vec<String> =
        outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    let mut lines: Vec<String> = outcome
        .posts
        .iter()
        .map(|post| {
            let path = post.source.strip_prefix(&site).unwrap_or(&post.source);
            format!("{}\t{}", path.to_string_lossy().replace('\\', "/"), post.permalink)
        })
        .collect();
    lines.sort();
    (lines, errors)
}

fn expected(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("expected-urls.txt")).expect("expected-urls.txt");
    let mut lines: Vec<String> =
        text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn every_fixture_site_publishes_its_posts_at_the_generators_addresses() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixture sites found under tests/sites");
    let mut failures = Vec::new();
    for dir in &fixtures {
        let (got, errors) = published(dir);
        let want = expected(dir);
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if !errors.is_empty() {
            failures.push(format!("{name}: errors on a site the generator builds:\n  {}", errors.join("\n  ")));
        }
        let missing: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
        let extra: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{name}: addresses differ\n  expected but not published:\n    {}\n  published but not expected:\n    {}",
                missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n    "),
                extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n    "),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
