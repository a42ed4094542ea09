//! Messages for inputs that used to get a misleading or bare one, table-
//! driven: each names the file (and line, where there is one) and says what
//! to do. Issue 8, item 15.

mod common;

use common::*;
use std::fs;

const URL: &str = "site:\n  title: T\n  url: https://blog.example.com/\n";

struct Case {
    what: &'static str,
    config: String,
    /// (file under posts/, its text)
    posts: Vec<(&'static str, String)>,
    /// Run before the build, e.g. to put a file where OUTPUT goes.
    prepare: fn(&Site),
    extra: &'static [&'static str],
    code: i32,
    /// Each must be in stderr.
    expected: Vec<&'static str>,
    /// None may be in stderr (the old, misleading message).
    not_expected: &'static [&'static str],
}

fn case(what: &'static str, post_text: &str, code: i32, expected: Vec<&'static str>) -> Case {
    Case {
        what,
        config: URL.to_string(),
        posts: vec![("a.md", post_text.to_string())],
        prepare: |_| {},
        extra: &[],
        code,
        expected,
        not_expected: &[],
    }
}

fn alias_bomb_config() -> String {
    let mut yaml = String::from(URL);
    yaml.push_str("exclude: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        yaml.push_str(&format!("x{name}: &{name} [{}]\n", vec![format!("*{previous}"); 9].join(",")));
        previous = name;
    }
    yaml + "aliases:\n  link: *i\n"
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            prepare: |site| fs::write(site.out(), "a file").unwrap(),
            expected: vec!["is a file, not a folder", "pass a folder with -o"],
            not_expected: &["os error 17"],
            ..case("OUTPUT is a regular file", &post("A", "2025-01-01", ""), 4, vec![])
        },
        Case {
            not_expected: &["is a list"],
            ..case(
                "a Python object tag",
                "---\ntitle: !!python/object:os.system [ls]\ndate: 2025-01-01\n---\nx\n",
                1,
                vec!["posts/a.md:2: ", "a YAML tag (`!!python/object:os.system`) feedcard does not read; remove it"],
            )
        },
        Case {
            not_expected: &["is a map"],
            ..case(
                "a custom tag",
                "---\ntitle: T\ndate: 2025-01-01\ntags: !custom [a, b]\n---\nx\n",
                1,
                vec!["posts/a.md:4: ", "a YAML tag (`!custom`) feedcard does not read; remove it"],
            )
        },
        Case {
            not_expected: &["no date", "error"],
            ..case(
                "a merge key",
                "---\ndefaults: &d\n  date: 2025-01-01\n  tags: [merged]\ntitle: Merged\n<<: *d\n---\nx\n",
                0,
                vec![],
            )
        },
        Case {
            config: alias_bomb_config(),
            not_expected: &["untagged enum", "OneOrMany"],
            ..case(
                "a billion-laughs config",
                &post("A", "2025-01-01", ""),
                2,
                vec!["feedcard.yaml", "repeats aliases", "write the values out"],
            )
        },
        case(
            "credentials in a link",
            &post("A", "2025-01-01", "link: https://user:secret@example.org/page\n"),
            0,
            vec!["warning: ", "posts/a.md:4: ", "user name or password", "remove the `user:pass@` part"],
        ),
        case(
            "a line break inside a link",
            &post("A", "2025-01-01", "link: \"https://example.org/pa\\nge\"\n"),
            0,
            vec!["warning: ", "posts/a.md:4: ", "line break", "https://example.org/page", "one line"],
        ),
        Case {
            config: "site:\n  title: T\n  url: https://user:secret@blog.example.com/\n".to_string(),
            ..case(
                "credentials in the site URL",
                &post("A", "2025-01-01", ""),
                0,
                vec!["warning: ", "feedcard.yaml", "site URL holds a user name or password"],
            )
        },
    ]
}

#[test]
fn each_message_names_the_file_and_says_what_to_do() {
    for case in cases() {
        let site = Site::new(&case.config);
        for (file, text) in &case.posts {
            site.post(file, text);
        }
        (case.prepare)(&site);
        let output = site.build(case.extra);
        let err = stderr(&output);
        let what = case.what;
        assert_eq!(output.status.code(), Some(case.code), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        for part in &case.expected {
            assert!(err.contains(part), "{what}: expected `{part}` in:\n{err}");
        }
        for part in case.not_expected {
            assert!(!err.contains(part), "{what}: `{part}` should be gone from:\n{err}");
        }
    }
}

#[test]
fn a_merge_key_brings_its_fields_in() {
    let site = Site::new(URL);
    site.post("a.md", "---\ndefaults: &d\n  date: 2025-01-02\n  tags: [merged]\ntitle: Merged\n<<: *d\n---\nx\n");
    // A second post with the tag: a tag needs two for its own feeds.
    site.post("b.md", "---\ntitle: Other\ndate: 2025-01-01\ntags: [merged]\n---\ny\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.out().join("tags/merged/rss.xml").is_file());
}

/// EACCES names the file once and says what to do. Root writes anywhere,
/// so the build runs as `nobody` then.
#[cfg(unix)]
#[test]
fn a_read_only_output_folder_says_to_fix_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = Site::new(URL);
    site.post("a.md", &post("A", "2025-01-01", ""));
    fs::create_dir(site.out()).unwrap();
    let is_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut command = build_command(&site, &[]);
    if is_root {
        let status = std::process::Command::new("chmod").arg("-R").arg("a+rwX").arg(site.path()).status().unwrap();
        assert!(status.success());
        command.uid(65534).gid(65534);
    }
    fs::set_permissions(site.out(), fs::Permissions::from_mode(0o555)).unwrap();
    let output = command.output().unwrap();
    fs::set_permissions(site.out(), fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains("Permission denied"), "{err}");
    assert!(err.contains("fix the permissions of the output folder"), "{err}");
    let out = site.out().display().to_string();
    assert_eq!(err.matches(&out).count(), 1, "the file is named once: {err}");
}
