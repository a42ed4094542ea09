//! `feedcard build ... 2>&1 | true`: a closed stderr (or stdout) is the
//! reader's choice, not a crash. The exit code stays the run's own, never
//! 101 (a panic), even after publishing.

mod common;

use common::*;
use std::process::{Command, Stdio};

/// Runs feedcard with stderr and stdout both pipes whose readers are gone.
fn run_with_closed_pipes(args: &[&str]) -> std::process::ExitStatus {
    let (reader, err_writer) = std::io::pipe().unwrap();
    drop(reader);
    let (reader, out_writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(out_writer)
        .stderr(err_writer)
        .status()
        .expect("the feedcard binary runs")
}

#[test]
fn closed_pipes_never_make_feedcard_panic() {
    let site = three_posts();
    site.post("bad.md", "---\ntitle: Bad\ndate: someday\n---\n");
    let dir = site.path().to_str().unwrap().to_string();
    let out = site.out().to_str().unwrap().to_string();
    let now = "2026-01-01T00:00:00Z";
    let build = |extra: &[&str]| {
        let mut args = vec!["build", dir.as_str(), "-o", out.as_str(), "--now", now, "-v"];
        args.extend_from_slice(extra);
        run_with_closed_pipes(&args).code()
    };
    assert_eq!(build(&[]), Some(1), "errors printed to a closed stderr");
    assert_eq!(build(&["--keep-going"]), Some(1), "after publishing");
    assert!(site.out().join("rss.xml").exists());
    assert_eq!(build(&["--keep-going", "--format", "json"]), Some(1));
    std::fs::remove_file(site.path().join("posts/bad.md")).unwrap();
    assert_eq!(build(&[]), Some(0), "a successful run's summary line");
    assert_eq!(run_with_closed_pipes(&["check", &dir]).code(), Some(0));
    assert_eq!(run_with_closed_pipes(&["build", &dir, "-o", &out, "--now", "1970-01-01"]).code(), Some(2));
    let post = site.path().join("posts/a.md");
    let png = site.path().join("a.png");
    assert_eq!(run_with_closed_pipes(&["card", post.to_str().unwrap(), "-o", png.to_str().unwrap()]).code(), Some(0));
    assert_eq!(run_with_closed_pipes(&["--help"]).code(), Some(0));
    assert_eq!(run_with_closed_pipes(&["build", "--no-such-flag"]).code(), Some(2));
}
