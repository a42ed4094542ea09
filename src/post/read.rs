//! Reading every post of a site: walk the folder, read and parse the files in
//! parallel, sort them, and gather every problem from every file.

use crate::par::prelude::*;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::config::Config;
use crate::input_file::{read_regular, ReadError};
use crate::site::Generator;

/// Reads every post of the site under the config's posts folder, checking
/// every file: the answer holds every valid post and every problem found in
/// every file, never just the first. Posts dated after `now` are counted as
/// `future`, drafts as `drafts`; neither is in `posts`.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let posts = tempfile::tempdir()?;
/// std::fs::write(posts.path().join("old.md"), "---\ntitle: Old\ndate: 2024-01-01\ntags: [a, b]\n---\n")?;
/// std::fs::write(posts.path().join("new.md"), "---\ntitle: New\ndate: 2024-06-01\n---\n")?;
/// std::fs::write(posts.path().join("later.md"), "---\ntitle: Later\ndate: 2030-01-01\n---\n")?;
/// std::fs::write(posts.path().join("bad.md"), "---\ntitle: No date\n---\n")?;
/// let config = feedcard::Config::builder().site_url("https://example.org/").posts_dir(posts.path()).build()?;
///
/// let read = feedcard::read_posts(&config, Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap());
/// let titles: Vec<&str> = read.posts.iter().map(|post| post.title.as_str()).collect();
/// assert_eq!(titles, ["New", "Old"]); // newest first
/// assert_eq!(read.posts[1].tags, ["a", "b"]);
/// assert_eq!(read.future, 1);
/// assert!(read.has_errors());
/// assert!(read.diagnostics.iter().any(|d| d.is_error() && d.file.ends_with("bad.md")));
/// # Ok(())
/// # }
/// ```
pub fn read_posts(config: &Config, now: DateTime<Utc>) -> ReadOutcome {
    read_posts_within(config, now, None)
}

/// [`read_posts`] for a build: past `budget`, bodies stay on disk ([`body`]).
pub(crate) fn read_posts_within(config: &Config, now: DateTime<Utc>, budget: Option<&BodyBudget>) -> ReadOutcome {
    let filter = walk::Filter { rules: config.rules.as_ref(), selection: &config.selection };
    let walked = walk::post_files(&config.input, &filter);
    let files = walked.files;
    let mut diagnostics = walked.problems;
    diagnostics.extend(crate::config::site_url_warnings(config));
    // Collected in file order, so the outcome does not depend on threads.
    let results: Vec<_> = files
        .par_iter()
        .map(|path| {
            let mut loaded = load(path, config);
            if let (Ok(Parsed::Post(parsed)), Some(budget)) = (&mut loaded, budget) {
                body::leave_on_disk(&mut parsed.post, config, budget);
            }
            (path, loaded)
        })
        .collect();

    let mut outcome =
        ReadOutcome { files: files.len() + walked.not_posts, skipped: walked.not_posts, ..ReadOutcome::default() };
    let mut addresses: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut card_names: BTreeSet<String> = BTreeSet::new();
    let now = now.fixed_offset();
    for (path, result) in results {
        let parsed = match result {
            Ok(Parsed::Post(parsed)) => parsed,
            Ok(Parsed::NoFrontMatter) => {
                outcome.skipped += 1;
                diagnostics.push(no_front_matter(path, config));
                continue;
            }
            Ok(Parsed::NotAPost(why)) => {
                outcome.skipped += 1;
                diagnostics.push(Diagnostic::notice(path, Some(1), format!("{why}; skipped")).with_help(
                    "if it is a post, give it a `date:`; if not, `exclude:` in feedcard.yaml silences this",
                ));
                continue;
            }
            Err(problems) => {
                diagnostics.extend(problems);
                continue;
            }
        };
        diagnostics.extend(parsed.warnings);
        let mut post = parsed.post;
        match parsed.status {
            PostStatus::Published => {}
            PostStatus::Draft => {
                outcome.drafts += 1;
                continue;
            }
            PostStatus::Hidden(why) => {
                outcome.hidden += 1;
                diagnostics.push(Diagnostic::notice(path, None, format!("not in the feeds: {why}")));
                continue;
            }
        }
        if parsed.expires_at.is_some_and(|expiry| expiry <= now) {
            outcome.hidden += 1;
            diagnostics.push(Diagnostic::notice(path, None, "not in the feeds: its expiry date has passed"));
            continue;
        }
        // Scheduled posts count too: they will share an address once published.
        let address = post.permalink.as_str().to_string();
        if let Some(first) = addresses.get(&address) {
            let message = format!("the address `{address}` (slug `{}`) is also used by {}", post.slug, first.display());
            let help = "give one of the two posts a different `slug:` (or permalink)";
            // A generator publishes one of the two; a plain site has no rule to choose.
            diagnostics.push(if config.generator == Generator::Plain {
                Diagnostic::error(path, None, message).with_help(help)
            } else {
                Diagnostic::warning(path, None, format!("{message}; this one is left out")).with_help(help)
            });
            continue;
        }
        addresses.insert(address, path.clone());
        post.slug = unique_card_name(&post, &mut card_names);
        if parsed.publish_at > now {
            outcome.future += 1;
        } else {
            outcome.posts.push(post);
        }
    }
    outcome.posts.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.slug.cmp(&b.slug)));
    // Template constructs can name other posts, so this pass sees them all.
    diagnostics.extend(crate::content::resolve_templates(&mut outcome.posts, config.generator, &config.site));
    // By file, then line; stable, so problems on one line keep their order.
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    outcome.diagnostics = diagnostics;
    outcome
}

/// The post's slug as a card name, or, when another post has it (slugs
/// that differ only in case or punctuation), one made from its whole address.
fn unique_card_name(post: &Post, taken: &mut BTreeSet<String>) -> String {
    let mut name = match taken.contains(&post.slug) {
        true => slugify(post.permalink.path()).unwrap_or_else(|| post.slug.clone()),
        false => post.slug.clone(),
    };
    let base = name.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// Reads one post file (`feedcard card POST.md`). A file without front matter
/// is an error here: it was named as a post.
pub fn read_post_file(path: &Path, config: &Config) -> Result<ParsedPost, Vec<Diagnostic>> {
    match load(path, config)? {
        Parsed::Post(parsed) => Ok(parsed),
        Parsed::NoFrontMatter => Err(vec![no_front_matter(path, config).into_error()]),
        Parsed::NotAPost(why) => {
            Err(vec![Diagnostic::error(path, Some(1), why).with_help("pass a post's file, or give it a `date:`")])
        }
    }
}

/// Reads and parses one file, checking on the opened file that it is a
/// regular file within the size limit (a check before opening left a gap in
/// which the post could be swapped for a named pipe).
fn load(path: &Path, config: &Config) -> Result<Parsed, Vec<Diagnostic>> {
    let bytes = read_regular(path, config.max_post_bytes).map_err(|e| {
        vec![match e {
            ReadError::TooLarge { size, limit } => parse::too_large(path, size, limit),
            // Reading a named pipe would block the build (and a cron job) forever.
            ReadError::NotRegular(kind) => Diagnostic::error(path, None, format!("this is {kind}, not a regular file"))
                .with_help("remove it from the input folder, or rename it so it does not end in .md"),
            ReadError::Io(e) => Diagnostic::error(path, None, format!("cannot read the file: {e}"))
                .with_help("check that it exists and that its permissions let you read it"),
        }]
    })?;
    match parse_post(path, &bytes, config)? {
        Parsed::Post(mut parsed) => {
            let warnings = card::locate(path, &mut parsed.post.card, config);
            parsed.warnings.extend(warnings);
            Ok(Parsed::Post(parsed))
        }
        other => Ok(other),
    }
}

/// In a plain folder a README is expected, so it is a notice; in a
/// generator's post folder a file the generator reads must be seen.
fn no_front_matter(path: &Path, config: &Config) -> Diagnostic {
    let message = "no front matter, so this is not a post; skipped";
    let diagnostic = if config.generator == Generator::Plain {
        Diagnostic::notice(path, Some(1), message)
    } else {
        Diagnostic::warning(path, Some(1), message)
    };
    diagnostic.with_help(
        "to make it a post, start it with `---`, a `title:` and a `date:` line, and `---`; or list it under `exclude:` in feedcard.yaml",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::fs;

    fn config_for(input: &Path) -> Config {
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        config.input = input.to_path_buf();
        config
    }

    fn now() -> DateTime<Utc> {
        parse_date("2025-01-01T00:00:00Z", chrono_tz::UTC).unwrap().with_timezone(&Utc)
    }

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn post(title: &str, date: &str) -> String {
        format!("---\ntitle: {title}\ndate: {date}\n---\nBody of {title}.\n")
    }

    /// `file:line` of every diagnostic, relative to the root.
    fn places(root: &Path, outcome: &ReadOutcome) -> Vec<String> {
        outcome
            .diagnostics
            .iter()
            .map(|d| {
                let file = d.file.strip_prefix(root).unwrap_or(&d.file).to_string_lossy().replace('\\', "/");
                format!("{file}:{}", d.line.map_or("-".to_string(), |l| l.to_string()))
            })
            .collect()
    }

    #[test]
    fn reads_sorts_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "b.md", &post("B", "2024-05-01"));
        write(root, "a.md", &post("A", "2024-05-01"));
        write(root, "2023/old.md", &post("Old", "2023-01-01 10:00"));
        write(root, "new.md", &post("New", "2024-12-31T23:00:00-05:00"));
        write(root, "draft.md", "---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\n");
        write(root, "later.md", &post("Later", "2025-01-01 00:00:01"));
        write(root, "README.md", "# About this folder\n");
        write(root, "notes.txt", "not markdown");

        let outcome = read_posts(&config_for(root), now());
        assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
        let slugs: Vec<_> = outcome.posts.iter().map(|p| p.slug.as_str()).collect();
        // `new` is 2025-01-01T04:00Z, after now: scheduled.
        assert_eq!(slugs, ["a", "b", "old"]);
        assert_eq!((outcome.files, outcome.drafts, outcome.future, outcome.skipped), (7, 1, 2, 1));
        assert_eq!(outcome.diagnostics.len(), 1);
        assert_eq!(outcome.diagnostics[0].severity, Severity::Notice);
        assert_eq!(places(root, &outcome), ["README.md:1"]);
    }

    #[test]
    fn a_post_dated_exactly_now_is_published() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x.md", &post("X", "2025-01-01T00:00:00Z"));
        let outcome = read_posts(&config_for(dir.path()), now());
        assert_eq!((outcome.posts.len(), outcome.future), (1, 0));
    }

    #[test]
    fn every_problem_in_every_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "good.md", &post("Good", "2024-01-01"));
        write(root, "bad-date.md", "---\ntitle: T\ndate: 2024-13-45\nlink: javascript:x\n---\n");
        write(root, "sub/unclosed.md", "---\ntitle: T\n\nno end\n");
        write(root, "yaml.md", "---\ntitle: T\ndate: 2024-01-01\ntags: [a, , b]\n---\n");
        write(root, "list.md", "---\n- a\n- b\n---\n");
        write(root, "latin1.md", "");
        fs::write(root.join("latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
        fs::write(root.join("binary.md"), b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();

        let outcome = read_posts(&config_for(root), now());
        assert!(outcome.has_errors());
        assert_eq!(outcome.posts.len(), 1);
        assert_eq!(
            places(root, &outcome),
            [
                "bad-date.md:3",
                "bad-date.md:4",
                "binary.md:3",
                "latin1.md:2",
                "list.md:2",
                "sub/unclosed.md:1",
                "yaml.md:4"
            ]
        );
    }

    #[test]
    fn a_slug_used_twice_names_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "2024-01-01-hello.md", &post("One", "2024-01-01"));
        write(root, "other/hello.md", &post("Two", "2024-02-01"));
        write(root, "draft.md", "---\ntitle: D\nslug: hello\ndate: 2024-01-01\ndraft: true\n---\n");
        let outcome = read_posts(&config_for(root), now());
        let errors: Vec<_> = outcome.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let text = errors[0].to_string();
        assert!(text.contains("other/hello.md") || text.contains("other\\hello.md"), "{text}");
        assert!(text.contains("2024-01-01-hello.md"), "{text}");
        assert!(text.contains("`hello`"), "{text}");
    }

    #[test]
    fn oversized_file_is_rejected_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "big.md", &post(&"x".repeat(200), "2024-01-01"));
        let mut config = config_for(dir.path());
        config.max_post_bytes = 100;
        let outcome = read_posts(&config, now());
        assert!(outcome.diagnostics[0].help.as_deref().unwrap().contains("max_post_size"));
        let err = read_post_file(&dir.path().join("big.md"), &config).unwrap_err();
        assert!(err[0].message.contains("more than the limit of 100 bytes"), "{}", err[0]);
    }

    #[test]
    fn read_post_file_needs_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "README.md", "# Hi\n");
        write(dir.path(), "p.md", &post("P", "2024-01-01"));
        let config = config_for(dir.path());
        let err = read_post_file(&dir.path().join("README.md"), &config).unwrap_err();
        assert_eq!(err[0].severity, Severity::Error);
        assert_eq!(read_post_file(&dir.path().join("p.md"), &config).unwrap().post.title, "P");
        let err = read_post_file(&dir.path().join("missing.md"), &config).unwrap_err();
        assert!(err[0].message.contains("cannot read"), "{}", err[0]);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "locked.md", &post("L", "2024-01-01"));
        let path = dir.path().join("locked.md");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            // Running as root: permissions do not stop reads, nothing to test.
            return;
        }
        let outcome = read_posts(&config_for(dir.path()), now());
        assert!(outcome.diagnostics[0].message.contains("cannot read the file"), "{:?}", outcome.diagnostics);
        assert!(outcome.has_errors());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_errors() {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "secret.md", &post("Secret", "2024-01-01"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "real.md", &post("Real", "2024-01-01"));
        std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("link.md")).unwrap();
        std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
        let outcome = read_posts(&config_for(root), now());
        assert_eq!(outcome.posts.len(), 1);
        assert_eq!(places(root, &outcome), ["link.md:-"]);
        assert!(outcome.diagnostics[0].message.contains("outside the input folder"));
    }
}
