//! Every class of bad input, table-driven: exit 1, one message per problem
//! naming the file (and line, where there is one) and what to do, no panic,
//! nothing written (the previous outputs stay byte-identical); with
//! `--keep-going` the valid posts are published and the bad ones listed.
//! Config problems exit 2 with the same kind of message.
//!
//! Slugs and tags that try to leave the output folder are not errors: they
//! are reduced to one safe path segment (`../../etc` → `etc`), and nothing is
//! written outside the output folder.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

const CONFIG: &str = "site:\n  title: Test Site\n  url: https://blog.example.com/\nmax_post_size: 4KB\n";

/// One class of bad post: the file to create, how, and the line its message
/// names (`file:line: `; `file: ` when the problem has no line).
struct Case {
    file: &'static str,
    line: Option<usize>,
    make: Box<dyn Fn(&Path)>,
    /// Run feedcard as an unprivileged user (when the tests run as root).
    unprivileged: bool,
}

fn text(file: &'static str, line: Option<usize>, contents: &'static str) -> Case {
    bytes(file, line, contents.as_bytes().to_vec())
}

fn bytes(file: &'static str, line: Option<usize>, contents: Vec<u8>) -> Case {
    Case { file, line, make: Box::new(move |path| fs::write(path, &contents).unwrap()), unprivileged: false }
}

fn alias_bomb() -> String {
    let mut yaml =
        String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(",")));
    }
    yaml + "title: Bomb\ndate: 2025-01-01\n---\nx\n"
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        text("unclosed.md", Some(1), "---\ntitle: Never closed\ndate: 2025-01-01\n"),
        text("bad-yaml.md", Some(3), "---\ntitle: [unbalanced\ndate: 2025-01-01\n---\nx\n"),
        text("fm-list.md", Some(2), "---\n- a\n- b\n---\nx\n"),
        text("fm-scalar.md", Some(2), "---\njust a string\n---\nx\n"),
        text("dup-key.md", Some(3), "---\ntitle: A\ntitle: B\ndate: 2025-01-01\n---\nx\n"),
        text("list-title.md", Some(2), "---\ntitle: [a, b]\ndate: 2025-01-01\n---\nx\n"),
        text("map-title.md", Some(2), "---\ntitle: {a: 1}\ndate: 2025-01-01\n---\nx\n"),
        text("bad-date.md", Some(3), "---\ntitle: T\ndate: 2024-13-45\n---\nx\n"),
        text("word-date.md", Some(3), "---\ntitle: T\ndate: next tuesday\n---\nx\n"),
        text("js-link.md", Some(4), "---\ntitle: T\ndate: 2025-01-01\nlink: javascript:alert(1)\n---\nx\n"),
        text("word-link.md", Some(4), "---\ntitle: T\ndate: 2025-01-01\nlink: my other post\n---\nx\n"),
        text("map-tags.md", Some(4), "---\ntitle: T\ndate: 2025-01-01\ntags: {a: 1}\n---\nx\n"),
        text("dot-slug.md", Some(4), "---\ntitle: T\ndate: 2025-01-01\nslug: \"..\"\n---\nx\n"),
        bytes("latin1.md", Some(2), b"---\ntitle: Caf\xe9\ndate: 2025-01-01\n---\nx\n".to_vec()),
        bytes("binary.md", Some(1), (0..=255u8).cycle().take(600).collect()),
        // serde_yaml reports no position for its alias limit: the file only.
        bytes("bomb.md", None, alias_bomb().into_bytes()),
        bytes("huge.md", None, format!("---\ntitle: T\ndate: 2025-01-01\n---\n{}", "x".repeat(5000)).into_bytes()),
        bytes(
            "deep.md",
            Some(4),
            format!("---\ntitle: T\ndate: 2025-01-01\nx: {}{}\n---\n", "[".repeat(300), "]".repeat(300)).into_bytes(),
        ),
        // Sorts after good-a.md, so it is the second user of the slug.
        text("zz/good-a.md", None, "---\ntitle: Same slug\ndate: 2025-01-01\n---\nx\n"),
    ];
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        let link = |file: &'static str, target: fn(&Path) -> std::path::PathBuf| Case {
            file,
            line: None,
            make: Box::new(move |path| symlink(target(path), path).unwrap()),
            unprivileged: false,
        };
        cases.push(link("loop.md", |path| path.to_path_buf()));
        cases.push(link("outside.md", |_| std::path::PathBuf::from("/etc/hostname")));
        cases.push(Case {
            file: "fifo.md",
            line: None,
            make: Box::new(|path| {
                let made = std::process::Command::new("mkfifo").arg(path).status().unwrap();
                assert!(made.success(), "mkfifo");
            }),
            unprivileged: false,
        });
        cases.push(Case {
            file: "unreadable.md",
            line: None,
            make: Box::new(|path| {
                use std::os::unix::fs::PermissionsExt;
                fs::write(path, post("Secret", "2025-01-01", "")).unwrap();
                fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
            }),
            unprivileged: true,
        });
    }
    cases
}

fn good_site() -> Site {
    let site = Site::new(CONFIG);
    site.post("good-a.md", &post("Good A", "2025-01-01", "tags: [fine]\n"));
    site.post("good-b.md", &post("Good B", "2025-01-02", ""));
    site
}

/// Root reads anything; run as `nobody`, with the site opened up to it.
#[cfg(unix)]
fn build_as(site: &Site, extra: &[&str], unprivileged: bool) -> Output {
    use std::os::unix::process::CommandExt;
    let mut command = build_command(site, extra);
    if unprivileged && is_root() {
        let status = std::process::Command::new("chmod").arg("-R").arg("a+rwX").arg(site.path()).status().unwrap();
        assert!(status.success());
        let unreadable = site.path().join("posts/unreadable.md");
        if unreadable.exists() {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(unreadable, fs::Permissions::from_mode(0o000)).unwrap();
        }
        command.uid(65534).gid(65534);
    }
    output_within(command, std::time::Duration::from_secs(60))
}

#[cfg(not(unix))]
fn build_as(site: &Site, extra: &[&str], _unprivileged: bool) -> Output {
    output_within(build_command(site, extra), std::time::Duration::from_secs(60))
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs the command, failing (not hanging) if it does not end in time.
fn output_within(mut command: std::process::Command, limit: std::time::Duration) -> Output {
    let mut child = command.spawn().unwrap();
    let mut ended = false;
    wait_until("the build to end (did it block on a file?)", limit, || {
        ended = child.try_wait().unwrap().is_some();
        ended
    });
    child.wait_with_output().unwrap()
}

#[test]
fn every_bad_post_class_fails_cleanly_and_keep_going_publishes_the_rest() {
    for case in cases() {
        let Case { file, line, make, unprivileged } = case;
        let expect = match line {
            Some(line) => format!("posts/{file}:{line}: "),
            None => format!("posts/{file}: "),
        };
        let site = good_site();
        let first = build_as(&site, &[], unprivileged);
        assert!(first.status.success(), "{}", stderr(&first));
        let before = snapshot(&site.out());
        let path = site.path().join("posts").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        make(&path);

        let output = build_as(&site, &[], unprivileged);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert!(err.contains(&expect), "{file}: expected `{expect}` in:\n{err}");
        let messages: Vec<_> = err.lines().filter(|l| l.starts_with("error: ")).collect();
        assert_eq!(messages.len(), 1, "{file}: one message per problem: {err}");
        assert!(messages[0].contains(" ("), "{file}: the message says what to do: {err}");
        assert_eq!(snapshot(&site.out()), before, "{file}: a failed run changed the output");

        let output = build_as(&site, &["--keep-going"], unprivileged);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(&expect), "{file} --keep-going: {err}");
        let rss = parse_feed("rss.xml", &site.read_out("rss.xml"));
        let titles: Vec<_> = rss.entries.iter().filter_map(|e| e.title.as_ref().map(|t| t.content.clone())).collect();
        assert_eq!(titles, ["Good B", "Good A"], "{file}: --keep-going publishes exactly the valid posts");
    }
}

#[test]
fn slugs_and_tags_that_try_to_leave_the_output_folder_become_safe_segments() {
    let site = Site::new(CONFIG);
    site.post(
        "up.md",
        &post("Up", "2025-01-01", "slug: ../../escaped\ntags: [\"../../x\", \"/abs\", \"..\\\\win\"]\n"),
    );
    // The same tags again: a tag needs two posts for its own feeds.
    site.post(
        "abs.md",
        &post("Abs", "2025-01-02", "slug: /etc/passwd\ntags: [\"../../x\", \"/abs\", \"..\\\\win\"]\n"),
    );
    site.post("win.md", &post("Win", "2025-01-03", "slug: \"..\\\\..\\\\windows\"\n"));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let everything = files_below(site.path());
    let outside: Vec<_> = everything
        .iter()
        .filter(|f| !f.starts_with("out/") && !f.starts_with("posts/") && *f != "feedcard.yaml")
        .collect();
    assert!(outside.is_empty(), "written outside the output folder: {outside:?}");
    for safe in [
        "cards/escaped.png",
        "cards/etc-passwd.png",
        "cards/windows.png",
        "tags/x/rss.xml",
        "tags/abs/rss.xml",
        "tags/win/rss.xml",
    ] {
        assert!(site.out().join(safe).is_file(), "{safe} missing; wrote {everything:?}");
    }
    assert!(!everything.iter().any(|f| f.contains("..") || f.contains('\\')), "{everything:?}");
    let manifest: serde_json::Value = serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).unwrap();
    assert_eq!(manifest["posts"]["escaped"]["permalink"], "https://blog.example.com/escaped/");
}

/// (file to write besides feedcard.yaml, its bytes, config, what the message must hold)
const CONFIG_CASES: &[(&str, &[u8], &str, &[&str])] = &[
    ("", b"", "site:\n  url: https://b.example.com/\n  titel: x\n", &["feedcard.yaml:3: ", "titel", "README"]),
    ("", b"", "site:\n  url: not a url\n", &["feedcard.yaml: ", "site URL `not a url`", "write it like"]),
    ("", b"", "site:\n  url: ftp://b.example.com/\n", &["feedcard.yaml: ", "http or https"]),
    (
        "",
        b"",
        "site:\n  url: https://b.example.com/\ncard:\n  title_font: missing.ttf\n",
        &["feedcard.yaml:4: ", "card.title_font", "missing.ttf", "does not exist"],
    ),
    (
        "corrupt.ttf",
        b"not a font at all",
        "site:\n  url: https://b.example.com/\ncard:\n  title_font: corrupt.ttf\n",
        &["corrupt.ttf", "not a font", "card.title_font"],
    ),
    (
        "logo.png",
        b"\x89PNG\r\n\x1a\nbroken",
        "site:\n  url: https://b.example.com/\ncard:\n  logo: logo.png\n",
        &["logo.png", "not an image", "card.logo"],
    ),
];

#[test]
fn config_problems_exit_2_naming_the_file_and_key() {
    for (extra_file, contents, config, expected) in CONFIG_CASES {
        let site = Site::new(config);
        site.post("a.md", &post("A", "2025-01-01", ""));
        if !extra_file.is_empty() {
            fs::write(site.path().join(extra_file), contents).unwrap();
        }
        let output = site.build(&[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{config}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 1, "{err}");
        for part in *expected {
            assert!(err.contains(part), "{config}: expected `{part}` in:\n{err}");
        }
        assert!(files_below(&site.out()).is_empty(), "{config}: wrote {:?}", files_below(&site.out()));
    }
}
