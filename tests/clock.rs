//! A clock set back (a Raspberry Pi without a real-time clock, a zero
//! `SOURCE_DATE_EPOCH`) must not unpublish the site: a now earlier than the
//! newest post already published is an error (exit 2) naming both times,
//! unless `--now` is given with `--allow-earlier-now`.

mod common;

use common::*;
use std::process::{Command, Output};

/// A build of `site` with exactly these arguments and `SOURCE_DATE_EPOCH`.
fn build_with(site: &Site, epoch: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
    command.arg("build").arg(site.path()).arg("-o").arg(site.out()).args(args).env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    command.output().expect("the feedcard binary runs")
}

fn published_site() -> Site {
    let site = three_posts();
    let output = build_with(&site, None, &["--now", "2026-01-01T00:00:00Z"]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[test]
fn a_clock_set_back_is_an_error_that_changes_nothing() {
    let site = published_site();
    let before = snapshot(&site.out());
    let cases: [(Option<&str>, &[&str], &str); 4] = [
        (Some("0"), &[], "1970-01-01"),
        (Some("315532800"), &[], "1980-01-01"),
        (None, &["--now", "1970-01-01"], "1970-01-01"),
        (None, &["--now", "2025-01-02"], "2025-01-02"),
    ];
    for (epoch, args, now) in cases {
        let output = build_with(&site, epoch, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{epoch:?} {args:?}: {err}");
        assert!(err.contains(now) && err.contains("2025-01-03"), "names both times: {err}");
        assert!(err.contains("--allow-earlier-now"), "says what to do: {err}");
        assert_same_files(&snapshot(&site.out()), &before, "a refused run changed");
    }
}

#[test]
fn an_earlier_now_is_allowed_when_given_explicitly() {
    let site = published_site();
    let output = build_with(&site, None, &["--now", "2025-01-02T12:00:00Z", "--allow-earlier-now"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = parse_feed("rss.xml", &site.read_out("rss.xml"));
    assert_eq!(feed.entries.len(), 2, "the post of 3 January waits again");
    // That now is on record: the same now again needs no flag.
    let output = build_with(&site, None, &["--now", "2025-01-02T12:00:00Z"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn allow_earlier_now_needs_an_explicit_now() {
    let site = published_site();
    let output = build_with(&site, Some("0"), &["--allow-earlier-now"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--now"), "{}", stderr(&output));
    assert!(site.out().join("cards/c.png").exists());
}

#[test]
fn a_later_now_or_a_first_run_needs_nothing() {
    let site = three_posts();
    // No record yet: a first build may use any now.
    assert!(build_with(&site, None, &["--now", "2025-01-02T00:00:00Z"]).status.success());
    assert!(build_with(&site, None, &["--now", "2026-06-01T00:00:00Z"]).status.success());
    assert!(build_with(&site, None, &["--now", "2025-01-03T00:00:00Z"]).status.success(), "equal is not earlier");
}
