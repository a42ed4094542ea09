//! Every file feedcard reads is checked on the opened handle: a named pipe,
//! `/dev/zero` or `/dev/urandom` as a font, logo, background image, fallback
//! font or config file is exit 2 naming the file and the key, at once. Each
//! of these hung forever before (a pipe blocks in open, a device never ends).
#![cfg(unix)]

mod common;

use common::*;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Runs the command, failing (not hanging) if it does not end in time.
fn output_within(mut command: std::process::Command) -> Output {
    let mut child = command.spawn().expect("feedcard starts");
    let mut ended = false;
    let waited = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wait_until("the build to end (did it block on a file?)", Duration::from_secs(60), || {
            ended = child.try_wait().unwrap().is_some();
            ended
        })
    }));
    if waited.is_err() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("feedcard blocked on a file");
    }
    child.wait_with_output().unwrap()
}

fn assert_refused(output: &Output, expected: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 1, "{err}");
    for part in expected {
        assert!(err.contains(part), "expected `{part}` in:\n{err}");
    }
}

#[test]
fn card_files_that_are_pipes_or_devices_are_refused_at_once() {
    for (key, setting) in [
        ("logo", "logo"),
        ("background_image", "background_image"),
        ("title_font", "title_font"),
        ("text_font", "text_font"),
        ("fallback_fonts", "fallback_fonts: [PATH]"),
    ] {
        for device in ["FIFO", "/dev/zero", "/dev/urandom"] {
            let site = Site::with_url();
            site.post("a.md", &post("A", "2025-01-01", ""));
            let path = if device == "FIFO" {
                let fifo = site.path().join("pipe.ttf");
                mkfifo(&fifo);
                fifo.display().to_string()
            } else {
                device.to_string()
            };
            let line = if setting.contains("PATH") { setting.replace("PATH", &path) } else { format!("{key}: {path}") };
            let config = format!("site:\n  title: T\n  url: https://blog.example.com/\ncard:\n  {line}\n");
            std::fs::write(site.path().join("feedcard.yaml"), &config).unwrap();
            let output = output_within(build_command(&site, &[]));
            let kind = if device == "FIFO" { "is a named pipe" } else { "is a device" };
            assert_refused(&output, &[&format!("card.{key}: "), &path, kind, "regular file"]);
            assert!(files_below(&site.out()).is_empty(), "{config}: wrote {:?}", files_below(&site.out()));
        }
    }
}

#[test]
fn a_fallback_font_folder_holding_a_pipe_is_refused() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    std::fs::create_dir(site.path().join("fonts")).unwrap();
    mkfifo(&site.path().join("fonts/extra.otf"));
    let config = "site:\n  title: T\n  url: https://blog.example.com/\ncard:\n  fallback_fonts: [fonts]\n";
    std::fs::write(site.path().join("feedcard.yaml"), config).unwrap();
    let output = output_within(build_command(&site, &[]));
    assert_refused(&output, &["card.fallback_fonts: ", "extra.otf", "is a named pipe"]);
}

#[test]
fn a_config_file_that_is_a_pipe_or_device_is_refused() {
    for device in ["FIFO", "/dev/zero", "/dev/urandom"] {
        let site = Site::with_url();
        site.post("a.md", &post("A", "2025-01-01", ""));
        let path = if device == "FIFO" {
            let fifo = site.path().join("pipe.yaml");
            mkfifo(&fifo);
            fifo.display().to_string()
        } else {
            device.to_string()
        };
        let output = output_within(build_command(&site, &["-c", &path]));
        let kind = if device == "FIFO" { "is a named pipe" } else { "is a device" };
        assert_refused(&output, &[&path, "config file", kind, "-c"]);
    }
}

#[test]
fn a_feedcard_yaml_in_the_input_folder_that_is_a_pipe_is_an_error_not_ignored() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    std::fs::remove_file(site.path().join("feedcard.yaml")).unwrap();
    mkfifo(&site.path().join("feedcard.yaml"));
    let output = output_within(build_command(&site, &[]));
    // Before, it was skipped and the run failed with "site URL is not set".
    assert_refused(&output, &["feedcard.yaml", "is a named pipe"]);
}

#[test]
fn a_post_that_is_a_named_pipe_is_refused_without_blocking() {
    let site = Site::with_url();
    site.post("a.md", &post("A", "2025-01-01", ""));
    let output = output_within(build_command(&site, &[]));
    assert!(output.status.success(), "{}", stderr(&output));
    mkfifo(&site.path().join("posts/pipe.md"));
    let output = output_within(build_command(&site, &[]));
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("posts/pipe.md: this is a named pipe, not a regular file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_generators_config_that_is_a_named_pipe_is_not_read_and_does_not_hang() {
    let dir = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("mkfifo").arg(dir.path().join("hugo.toml")).status().expect("mkfifo");
    assert!(status.success());
    let out = common::feedcard_in(dir.path(), &["check", ".", "--site-url", "https://a.example/"]);
    let err = common::stderr(&out);
    // Not a file, so not a site's config: the folder is read as plain posts.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("generator: none"), "{err}");
}
