use super::*;
use crate::post::front_matter::{parse_fields, split};
use chrono::DateTime;
use chrono_tz::Tz;
use std::fs;

fn rules(config: &str) -> JekyllRules {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("_config.yml");
    fs::write(&file, config).expect("written");
    let detected = load(dir.path(), marker(dir.path()).as_deref()).expect("loads");
    assert_eq!(detected.generator, Generator::Jekyll);
    JekyllRules { config: JekyllConfig::read(&file).expect("reads") }
}

/// Runs `check` with the facts of a post at `path` with `front` (YAML
/// lines) published at `date`, in Chicago.
fn with_post<T>(path: &str, front: &str, date: &str, check: impl FnOnce(&PostFacts<'_>) -> T) -> T {
    let text = format!("---\ntitle: T\n{front}\n---\nBody\n");
    let source = Path::new(path);
    let split = split(source, &text).expect("splits").expect("has front matter");
    let (fields, _) = parse_fields(source, &split).expect("parses");
    let facts = PostFacts {
        path,
        title: "T",
        date: DateTime::parse_from_rfc3339(date).expect("a date"),
        timezone: Tz::America__Chicago,
        front: crate::site::FrontMatter::new(&fields),
    };
    check(&facts)
}

fn permalink(rules: &JekyllRules, path: &str, front: &str, date: &str) -> String {
    with_post(path, front, date, |post| rules.permalink(post)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn marker_prefers_yml_then_yaml_then_toml() {
    let dir = tempfile::tempdir().expect("a temp dir");
    assert_eq!(marker(dir.path()), None);
    fs::write(dir.path().join("_config.toml"), "").expect("written");
    assert!(marker(dir.path()).is_some_and(|m| m.ends_with("_config.toml")));
    fs::write(dir.path().join("_config.yaml"), "").expect("written");
    fs::write(dir.path().join("_config.yml"), "").expect("written");
    assert!(marker(dir.path()).is_some_and(|m| m.ends_with("_config.yml")));
    let named = load(dir.path(), None).expect("defaults");
    assert!(named.marker.is_none());
    assert_eq!(named.rules.post_roots(), [""]);
}

#[test]
fn default_permalink_uses_folder_and_front_matter_categories() {
    let r = rules("");
    let at = "2024-03-09T10:00:00-06:00";
    assert_eq!(permalink(&r, "_posts/2024-03-09-Hello-World.md", "", at), "/2024/03/09/Hello-World.html");
    assert_eq!(
        permalink(&r, "blog/_posts/2024-03-09-hello.md", "categories: [Rust, Web Dev]", at),
        "/blog/rust/web%20dev/2024/03/09/hello.html"
    );
    // A string of categories is split on spaces; `category` adds one more.
    assert_eq!(
        permalink(&r, "_posts/2024-03-09-hello.md", "categories: Notes daily\ncategory: Extra Bit", at),
        "/notes/daily/extra%20bit/2024/03/09/hello.html"
    );
    // Folders inside `_posts` are not categories.
    assert_eq!(permalink(&r, "_posts/2024/2024-03-09-hello.md", "", at), "/2024/03/09/hello.html");
}

#[test]
fn title_comes_from_slug_or_file_name_as_written() {
    let r = rules("permalink: /:year/:title/\n");
    let at = "2024-03-09T10:00:00-06:00";
    assert_eq!(permalink(&r, "_posts/2024-03-09-The_config.yml file.md", "", at), "/2024/The_config.yml-file/");
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "slug: Mein Käse", at), "/2024/Mein-K%C3%A4se/");
    assert_eq!(permalink(&r, "_posts/2024-03-09-Ka\u{308}ldstro\u{308}m.md", "", at), "/2024/K%C3%A4ldstr%C3%B6m/");
    let r = rules("permalink: /:year/:slug:output_ext\n");
    assert_eq!(permalink(&r, "_posts/2024-03-09-C++ Tricks.md", "", at), "/2024/c-tricks.html");
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.mdown", "", at), "/2024/x.mdown");
}

#[test]
fn dates_are_in_the_site_zone() {
    let r = rules("permalink: /:year/:month/:day/:title/\n");
    // 23:30 in Los Angeles is 01:30 the next day in Chicago.
    assert_eq!(permalink(&r, "_posts/2024-03-09-late.md", "", "2024-03-09T23:30:00-08:00"), "/2024/03/10/late/");
    // As Jekyll 4.3.1 builds them: a bare timestamp with seconds is UTC (21:00
    // the day before in Chicago); without seconds it is in the site's zone.
    let naive = |date: &str| format!("date: {date}");
    let local = "2024-03-01T03:00:00-06:00";
    assert_eq!(permalink(&r, "_posts/2024-03-01-a.md", &naive("2024-03-01 03:00:00"), local), "/2024/02/29/a/");
    assert_eq!(permalink(&r, "_posts/2024-03-01-a.md", &naive("2024-03-01T03:00:00.5"), local), "/2024/02/29/a/");
    assert_eq!(permalink(&r, "_posts/2024-03-01-a.md", &naive("2024-03-01 03:00"), local), "/2024/03/01/a/");
    assert_eq!(permalink(&r, "_posts/2024-03-01-a.md", &naive("2024-03-01"), local), "/2024/03/01/a/");
}

#[test]
fn a_posts_own_permalink_wins_and_is_expanded() {
    let r = rules("permalink: pretty\n");
    let at = "2024-03-09T10:00:00-06:00";
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "permalink: /about-me/", at), "/about-me/");
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "permalink: notes/:year/:title.html", at), "/notes/2024/x.html");
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "permalink: false", at), "/2024/03/09/x/");
    let err = with_post("_posts/2024-03-09-x.md", "permalink: /:nope/", at, |post| r.permalink(post));
    assert!(err.is_err_and(|e| e.contains(":nope")));
}

#[test]
fn defaults_give_permalink_published_and_categories() {
    let at = "2024-03-09T10:00:00-06:00";
    let r = rules(
        "permalink: date\ndefaults:\n  - scope: {path: '', type: posts}\n    values: {permalink: '/all/:title/'}\n  - scope: {path: 'blog', type: posts}\n    values: {permalink: '/blog/:title/'}\n  - scope: {path: 'old/_posts', type: post}\n    values: {published: false}\n  - scope: {path: '', type: pages}\n    values: {permalink: '/page/:title/'}\n",
    );
    // The longer scope path wins; a scope for pages does not reach posts.
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "", at), "/all/x/");
    assert_eq!(permalink(&r, "blog/_posts/2024-03-09-x.md", "", at), "/blog/x/");
    assert_eq!(permalink(&r, "blog/_posts/2024-03-09-x.md", "permalink: /mine/", at), "/mine/");
    let status = with_post("old/_posts/2024-03-09-x.md", "", at, |post| r.excluded(post));
    assert_eq!(status, Some(Excluded::Draft));

    let r = rules(
        "permalink: /:categories/:title/\ndefaults:\n  - scope: {path: 'blog/*'}\n    values: {category: Journal}\n",
    );
    assert_eq!(permalink(&r, "blog/_posts/2024-03-09-x.md", "categories: [Extra]", at), "/blog/extra/journal/x/");
    assert_eq!(permalink(&r, "_posts/2024-03-09-x.md", "", at), "/x/");
}

#[test]
fn drafts_and_hidden_posts() {
    let r = rules("");
    let at = "2024-03-09T10:00:00-06:00";
    let status = |front: &str| with_post("_posts/2024-03-09-x.md", front, at, |post| r.excluded(post));
    assert_eq!(status("published: false"), Some(Excluded::Draft));
    assert!(matches!(status("draft: true"), Some(Excluded::Hidden(_))));
    assert!(matches!(status("feed: false"), Some(Excluded::Hidden(_))));
    assert_eq!(status("published: true"), None);
    // As Jekyll 4.3.1 builds them: a bare `no` is false, a quoted "false" is text.
    assert_eq!(status("published: no"), Some(Excluded::Draft));
    assert_eq!(status("published: \"false\""), None);
    let r = rules("unpublished: true\n");
    assert_eq!(with_post("_posts/2024-03-09-x.md", "published: false", at, |post| r.excluded(post)), None);
}

#[test]
fn post_paths_and_walked_folders() {
    let r = rules("exclude: [archive]\nsource: site\n");
    assert_eq!(r.post_roots(), ["site"]);
    assert!(r.is_post_path("site/_posts/2024-03-09-x.md"));
    assert!(r.is_post_path("site/blog/_posts/2024-03-09-x.md"));
    assert!(!r.is_post_path("_posts/2024-03-09-x.md"));
    assert!(!r.is_post_path("site/_drafts/2024-03-09-x.md"));
    assert!(!r.is_post_path("site/archive/_posts/2024-03-09-x.md"));
    assert!(!r.is_post_path("site/about.md"));
    assert!(!r.skip_dir("site"));
    assert!(r.skip_dir("site/_drafts"));
    assert!(r.skip_dir("site/archive"));
    assert!(r.skip_dir("other"));
}

#[test]
fn slug_is_jekylls_default_slug() {
    let r = rules("");
    let at = "2024-03-09T10:00:00-06:00";
    let slug = |path: &str, front: &str| with_post(path, front, at, |post| r.slug(post));
    assert_eq!(slug("_posts/2024-03-09-Aren't_we.md", ""), "aren-t-we");
    assert_eq!(slug("_posts/2024-03-09-x.md", "slug: Über Uns"), "über-uns");
    assert!(r.describe().iter().any(|line| line.starts_with("permalink: /:categories/:year")));
}

#[test]
fn dates_in_file_names_as_jekyll_reads_them() {
    let r = rules("");
    assert_eq!(r.date_from_path("_posts/2024-5-1-short.md").as_deref(), Some("2024-05-01"));
    assert_eq!(r.date_from_path("blog/_posts/2024-05-01-x.markdown").as_deref(), Some("2024-05-01"));
    assert_eq!(r.date_from_path("_posts/24-05-01-x.md").as_deref(), Some("2024-05-01"));
    assert_eq!(r.date_from_path("_posts/99-05-01-x.md").as_deref(), Some("1999-05-01"));
    assert_eq!(r.date_from_path("_posts/2024-05-01/x.md"), None);
    assert_eq!(r.date_from_path("_posts/notes.md"), None);
}
