//! Shell completions, the man page, colour on stderr, and the same answer
//! from `build`, `check` and `card` for the same mistake.

mod common;

use common::{feedcard, feedcard_in, post, stderr, Site};
use std::io::Write;
use std::process::{Command, Stdio};

const SUBCOMMANDS: [&str; 6] = ["build", "check", "card", "init", "completions", "man"];

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 on stdout")
}

#[test]
fn every_shells_completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = feedcard(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.len() > 500, "{shell}: only {} bytes", script.len());
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions do not name `{sub}`");
        }
        assert!(script.contains("dry-run"), "{shell} completions do not know build --dry-run");
    }
}

#[test]
fn bash_completions_parse_as_bash() {
    let script = stdout(&feedcard(&["completions", "bash"]));
    let mut bash = Command::new("bash").arg("-n").stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("bash");
    bash.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write");
    let done = bash.wait_with_output().expect("bash -n");
    assert!(done.status.success(), "bash -n: {}", String::from_utf8_lossy(&done.stderr));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = feedcard(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_man_page_renders_with_man_and_covers_every_subcommand() {
    let roff = feedcard(&["man"]).stdout;
    assert!(roff.starts_with(b".ie") || roff.starts_with(b".TH"), "not roff: {}", String::from_utf8_lossy(&roff[..40]));
    // `man -l -` formats it as a reader sees it (plain text, no pager).
    let mut man = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .env_remove("MAN_KEEP_FORMATTING")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man (Debian's man-db) is installed");
    man.stdin.take().expect("stdin").write_all(&roff).expect("write");
    let done = man.wait_with_output().expect("man -l -");
    let text = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success() && !text.is_empty(), "man -l: {}", String::from_utf8_lossy(&done.stderr));
    let problems = String::from_utf8_lossy(&done.stderr);
    assert!(!problems.contains("warning"), "groff warnings: {problems}");
    // A section per subcommand, with its usage line.
    for sub in SUBCOMMANDS {
        assert!(text.contains(&format!("FEEDCARD {}", sub.to_uppercase())), "man page lacks `{sub}`:\n{text}");
        assert!(text.contains(&format!("feedcard {sub}")), "man page lacks the usage of `{sub}`:\n{text}");
    }
    for flag in ["--dry-run", "--color", "--site-url", "--lock-timeout"] {
        assert!(text.contains(flag), "man page lacks {flag}:\n{text}");
    }
}

/// A site with one post that has no title: an error to colour.
fn broken_site() -> Site {
    let site = Site::with_url();
    site.post("a.md", "---\ntitle: Bad date\ndate: 2025-13-45\n---\nText.\n");
    site
}

fn build_with(site: &Site, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
    command.args(args).arg("build").arg(site.path()).arg("-o").arg(site.out());
    command.args(["--now", "2026-01-01T00:00:00Z"]).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("feedcard runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn a_pipe_gets_no_colour_and_always_gets_it() {
    let site = broken_site();
    let plain = build_with(&site, &[], &[]);
    assert!(plain.contains("error: "), "{plain}");
    assert!(!plain.contains('\x1b'), "escape codes in a pipe: {plain:?}");

    let coloured = build_with(&site, &["--color", "always"], &[]);
    assert!(coloured.contains("\x1b[1;31merror:\x1b[0m"), "{coloured:?}");
    // The post's file, named first, in bold.
    assert!(coloured.contains("\x1b[1m"), "{coloured:?}");
    // The same words once the escapes are taken out.
    let stripped = coloured.replace("\x1b[1;31m", "").replace("\x1b[1m", "").replace("\x1b[0m", "");
    assert_eq!(stripped, plain);

    let never = build_with(&site, &["--color", "never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!never.contains('\x1b'), "{never:?}");
}

#[test]
fn no_color_wins_in_auto_mode_and_always_overrides_it() {
    let site = broken_site();
    // CLICOLOR_FORCE stands in for a terminal in auto mode...
    let forced = build_with(&site, &[], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains('\x1b'), "{forced:?}");
    // ...and NO_COLOR beats it.
    let no_color = build_with(&site, &[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.contains('\x1b'), "{no_color:?}");
    // An empty NO_COLOR is not set.
    let empty = build_with(&site, &[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]);
    assert!(empty.contains('\x1b'), "{empty:?}");
    let always = build_with(&site, &["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(always.contains('\x1b'), "{always:?}");
}

#[test]
fn check_without_a_site_url_fails_as_build_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), post("Alpha", "2025-01-01", "")).unwrap();
    let path = dir.path().to_str().unwrap();
    let out = dir.path().join("out");
    let build = feedcard(&["build", path, "-o", out.to_str().unwrap()]);
    let check = feedcard(&["check", path]);
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert_eq!(check.status.code(), build.status.code(), "{}", stderr(&check));
    assert_eq!(stderr(&check), stderr(&build));
    assert!(stderr(&check).contains("--site-url"), "{}", stderr(&check));
}

#[test]
fn card_on_a_missing_file_or_a_folder_says_so_with_builds_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.md");
    let card = feedcard(&["card", missing.to_str().unwrap()]);
    let build = feedcard(&["build", missing.to_str().unwrap(), "--site-url", "https://a.example/"]);
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert_eq!(card.status.code(), build.status.code(), "{}", stderr(&card));
    assert!(stderr(&card).contains("does not exist"), "{}", stderr(&card));
    assert!(!stderr(&card).contains("regular file"), "{}", stderr(&card));

    let folder = feedcard(&["card", dir.path().to_str().unwrap()]);
    assert_eq!(folder.status.code(), Some(2));
    assert!(stderr(&folder).contains("is a folder"), "{}", stderr(&folder));
}

#[test]
fn a_one_off_card_needs_no_site_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.md"), post("Hello there", "2025-01-01", "")).unwrap();
    let output = feedcard_in(dir.path(), &["card", "hello.md", "-o", "hello.png"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let png = image::load_from_memory(&std::fs::read(dir.path().join("hello.png")).unwrap()).expect("a PNG");
    assert_eq!((png.width(), png.height()), (1200, 630));
    // The placeholder address's host is not drawn as the site's name: the
    // card is the one a config with an empty title gives.
    let config = dir.path().join("blank.yaml");
    std::fs::write(&config, "site: {url: 'https://a.example/', title: ''}\n").unwrap();
    let blank = feedcard_in(dir.path(), &["card", "hello.md", "-o", "blank.png", "-c", "blank.yaml"]);
    assert!(blank.status.success(), "{}", stderr(&blank));
    let named = feedcard_in(dir.path(), &["card", "hello.md", "-o", "named.png", "--site-url", "https://a.example/"]);
    assert!(named.status.success(), "{}", stderr(&named));
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert_eq!(read("hello.png"), read("blank.png"), "the card shows a name for the site");
    assert_ne!(read("named.png"), read("blank.png"), "the site's name is not drawn at all");
}

#[test]
fn with_no_config_the_output_lands_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::write(posts.join("a.md"), post("Alpha", "2025-01-01", "")).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let output = feedcard_in(&work, &["build", "../posts", "--site-url", "https://a.example/", "-q"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(work.join("output/rss.xml").is_file());
    assert!(!posts.join("output").exists(), "wrote inside the posts folder");
}

#[test]
fn an_empty_folder_is_a_warning_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().to_str().unwrap(), dir.path().join("out"));
    let empty = |extra: &str| {
        let mut args = vec!["build", input, "-o", out.to_str().unwrap(), "--site-url", "https://a.example/"];
        args.extend(Some(extra).filter(|flag| !flag.is_empty()));
        feedcard(&args)
    };
    let output = empty("");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: "), "{}", stderr(&output));
    assert_eq!(empty("--strict").status.code(), Some(1));
}

#[test]
fn help_says_what_build_and_check_do() {
    let build = stdout(&feedcard(&["build", "--help"]));
    assert!(build.contains("card"), "{build}");
    let check = stdout(&feedcard(&["check", "--help"]));
    assert!(!check.contains("every file written"), "{check}");
}

#[test]
fn every_unknown_key_is_reported_with_a_suggestion() {
    let site = Site::new(
        "site:\n  url: https://a.example/\n  titel: Blog\n  timezone: UTC\nfeeds:\n  limt: 5\n  rss:\n    file: rss.xml\n",
    );
    site.post("a.md", &post("Alpha", "2025-01-01", ""));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("feedcard.yaml:3: unknown key `site.titel` (did you mean `title`?;"), "{text}");
    assert!(text.contains("feedcard.yaml:6: unknown key `feeds.limt` (did you mean `limit`?;"), "{text}");
    assert_eq!(text.matches("error: ").count(), 2, "{text}");
}

#[test]
fn a_misspelt_time_zone_gets_a_suggestion() {
    let site = Site::new("site:\n  url: https://a.example/\n  timezone: Europe/Londn\n");
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `Europe/London`?"), "{}", stderr(&output));
}
