//! Zola's rules from a post's path and front matter: addresses, slugs, dates, which files are pages, drafts and tags.

use super::*;
use crate::post::front_matter::{parse_fields, split, Fields};
use crate::site::FrontMatter;
use chrono::DateTime;
use chrono_tz::Tz;
use std::path::Path;

fn fields(front: &str) -> Fields {
    let text = format!("+++\n{front}\n+++\nBody.\n");
    let split = split(Path::new("post.md"), &text).unwrap().unwrap();
    parse_fields(Path::new("post.md"), &split).unwrap().0
}

fn with_post<T>(path: &str, front: &str, f: impl FnOnce(&PostFacts<'_>) -> T) -> T {
    let fields = fields(front);
    let facts = PostFacts {
        path,
        title: "A title",
        date: DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").unwrap(),
        timezone: Tz::UTC,
        front: FrontMatter::new(&fields),
    };
    f(&facts)
}

fn permalink(rules: &ZolaRules, path: &str, front: &str) -> Result<String, String> {
    with_post(path, front, |post| rules.permalink(post))
}

fn multilingual() -> ZolaRules {
    ZolaRules { languages: vec!["fr".to_string()], ..ZolaRules::new() }
}

/// Addresses checked against `zola build` 0.22.0 (tests/sites/zola/real.sh
/// and a scratch site with each `[slugify]` setting).
#[test]
fn addresses_in_on_mode() {
    let rules = multilingual();
    let cases = [
        ("content/about.md", "", "/about/"),
        ("content/blog/hello.md", "", "/blog/hello/"),
        ("content/blog/2024-01-15-first-post.md", "", "/blog/first-post/"),
        ("content/blog/2024-02-03_underscore_name.md", "", "/blog/underscore-name/"),
        ("content/blog/2024-08-08.md", "", "/blog/2024-08-08/"),
        ("content/blog/colocated-bundle/index.md", "", "/blog/colocated-bundle/"),
        ("content/blog/2024-04-20-dated-bundle/index.md", "", "/blog/dated-bundle/"),
        ("content/bundle/index.md", "", "/bundle/"),
        ("content/blog/2023/year-in-review.md", "", "/blog/2023/year-in-review/"),
        ("content/blog/x.md", r#"slug = "Ça marche: C++ & Rust's_best.v2""#, "/blog/ca-marche-c-rust-s-best-v2/"),
        ("content/blog/2024-05-05-name.md", r#"slug = "chosen""#, "/blog/chosen/"),
        ("content/blog/x.md", r#"path = "archive/2024/moved-here""#, "/archive/2024/moved-here/"),
        ("content/blog/x.md", r#"path = " /kept/as/written/ ""#, "/kept/as/written/"),
        ("content/blog/café-déjà-vu.md", "", "/blog/cafe-deja-vu/"),
        ("content/blog/Ka\u{308}ldstro\u{308}m-notes.md", "", "/blog/kaldstrom-notes/"),
        ("content/blog/日本語の記事.md", "", "/blog/ri-ben-yu-noji-shi/"),
        ("content/blog/it's-complicated.md", "", "/blog/it-s-complicated/"),
        ("content/blog/x.md", "slug = \"🦀 C++ & C# — “quotes” … ß\"", "/blog/crab-c-c-quotes-ss/"),
        ("content/blog/x.md", r#"slug = " lead space""#, "/blog/lead-space/"),
        ("content/blog/2024-05-01 - spaced.md", "", "/blog/spaced/"),
        ("content/blog/2024-05-01T08:30:00Z-timed.md", "", "/blog/timed/"),
        ("content/blog/2024-05-01T08:30:00-untimed.md", "", "/blog/2024-05-01t08-30-00-untimed/"),
        ("content/blog/2024-05-01hello.md", "", "/blog/2024-05-01hello/"),
        ("content/blog/2024-04-20-bundle/photos.md", "", "/blog/2024-04-20-bundle/photos/"),
        ("content/blog/x.md", "[extra]\nslug = \"not-this\"", "/blog/x/"),
        // Section folders are used as written, never slugified.
        ("content/Mes Notes/x.md", "", "/Mes Notes/x/"),
        // Translations.
        ("content/blog/hello.fr.md", "", "/fr/blog/hello/"),
        ("content/blog/hello.en.md", "", "/blog/hello-en/"),
        ("content/blog/colocated-bundle/index.fr.md", "", "/fr/blog/colocated-bundle/"),
        ("content/blog/p.fr.md", r#"path = "/fr-fixed/chemin""#, "/fr-fixed/chemin/"),
    ];
    for (path, front, expected) in cases {
        assert_eq!(permalink(&rules, path, front).as_deref(), Ok(expected), "{path} {front}");
    }
}

#[test]
fn without_languages_a_dotted_name_is_all_slug() {
    let rules = ZolaRules::new();
    assert_eq!(permalink(&rules, "content/blog/hello.fr.md", "").as_deref(), Ok("/blog/hello-fr/"));
    assert_eq!(permalink(&rules, "content/b/index.fr.md", "").as_deref(), Ok("/index-fr/"));
    let err = permalink(&multilingual(), "content/blog/v1.2.md", "").unwrap_err();
    assert!(err.contains("`2`") && err.contains("[languages]"), "{err}");
}

#[test]
fn safe_off_and_keep_dates() {
    let safe = ZolaRules { paths: SlugMode::Safe, ..ZolaRules::new() };
    assert_eq!(permalink(&safe, "content/blog/Café déjà vu.md", "").as_deref(), Ok("/blog/Café déjà vu/"));
    assert_eq!(permalink(&safe, "content/blog/x.md", r#"slug = "Why? Because.""#).as_deref(), Ok("/blog/Why Because/"));
    assert_eq!(permalink(&safe, "content/blog/2024-01-02_Été.md", "").as_deref(), Ok("/blog/Été/"));
    // What follows the date keeps its leading space; so does a written `slug`.
    assert_eq!(permalink(&safe, "content/blog/2024-05-01 - spaced.md", "").as_deref(), Ok("/blog/ spaced/"));
    assert_eq!(permalink(&safe, "content/blog/x.md", r#"slug = " lead space""#).as_deref(), Ok("/blog/ lead space/"));
    // A time without a zone is not part of the date: the slug keeps it, less `:`.
    assert_eq!(
        permalink(&safe, "content/blog/2024-05-01T08:30:00-untimed.md", "").as_deref(),
        Ok("/blog/2024-05-01T083000-untimed/")
    );
    assert_eq!(permalink(&safe, "content/b/index.fr.md", "").as_deref(), Ok("/index.fr/"));
    let off = ZolaRules { paths: SlugMode::Off, ..ZolaRules::new() };
    assert_eq!(permalink(&off, "content/blog/x.md", r#"slug = "trail. . ""#).as_deref(), Ok("/blog/trail. . /"));
    assert_eq!(
        permalink(&off, "content/blog/x.md", r#"slug = "Why? Because.""#).as_deref(),
        Ok("/blog/Why? Because./")
    );
    let keep = ZolaRules { keep_dates: true, ..ZolaRules::new() };
    assert_eq!(
        permalink(&keep, "content/blog/2024-01-15-first-post.md", "").as_deref(),
        Ok("/blog/2024-01-15-first-post/")
    );
}

#[test]
fn slug_follows_the_address() {
    let rules = multilingual();
    let slug = |path: &str, front: &str| with_post(path, front, |post| rules.slug(post));
    assert_eq!(slug("content/blog/2024-01-15-first-post.md", ""), "first-post");
    assert_eq!(slug("content/blog/bundle/index.fr.md", ""), "bundle");
    assert_eq!(slug("content/blog/x.md", r#"slug = "Über 🦀 crabs""#), "uber-crab-crabs");
    assert_eq!(slug("content/blog/v1.2.md", ""), "v1-2");
}

#[test]
fn dates_from_file_and_bundle_names() {
    let rules = multilingual();
    let date = |path: &str| rules.date_from_path(path);
    assert_eq!(date("content/blog/2024-01-15-first-post.md").as_deref(), Some("2024-01-15"));
    assert_eq!(date("content/blog/2024-02-03_underscore.md").as_deref(), Some("2024-02-03"));
    assert_eq!(date("content/blog/2024-01-15-hello.fr.md").as_deref(), Some("2024-01-15"));
    assert_eq!(date("content/blog/2024-04-20-bundle/index.md").as_deref(), Some("2024-04-20"));
    assert_eq!(date("content/blog/2024-04-20-bundle/index.fr.md").as_deref(), Some("2024-04-20"));
    // Only a bundle's own index takes its folder's date.
    assert_eq!(date("content/blog/2024-04-20-bundle/photos.md"), None);
    assert_eq!(date("content/2024-04-20-section/page.md"), None);
    assert_eq!(date("content/blog/hello.md"), None);
}

#[test]
fn which_files_are_pages() {
    let root = std::env::temp_dir();
    let mut globs = globset::GlobSetBuilder::new();
    globs.add(globset::Glob::new("*.scratch.md").unwrap());
    let rules = ZolaRules {
        draft_sections: vec!["content/wip".to_string()],
        ignored: Some(IgnoredContent {
            globs: globs.build().unwrap(),
            patterns: vec!["*.scratch.md".to_string()],
            root,
        }),
        ..ZolaRules::new()
    };
    for (path, expected) in [
        ("content/blog/post.md", true),
        ("content/about.md", true),
        ("content/blog/bundle/index.md", true),
        ("content/.hidden/post.md", true),
        ("content/blog/_index.md", false),
        ("content/blog/_index.fr.md", false),
        ("content/blog/post.markdown", false),
        ("content/blog/.post.md", false),
        ("content/wip/post.md", false),
        ("content/wip/deeper/post.md", false),
        ("content/wipe/post.md", true),
        ("content/blog/idea.scratch.md", false),
        ("static/post.md", false),
        ("README.md", false),
    ] {
        assert_eq!(rules.is_post_path(path), expected, "{path}");
    }
    assert!(rules.skip_dir("content/wip"));
    assert!(!rules.skip_dir("content/.hidden"));
}

#[test]
fn drafts_and_unrendered_pages() {
    let rules = ZolaRules::new();
    let excluded = |front: &str| with_post("content/blog/x.md", front, |post| rules.excluded(post));
    assert_eq!(excluded("draft = true"), Some(Excluded::Draft));
    assert!(matches!(excluded("render = false"), Some(Excluded::Hidden(why)) if why.contains("render")));
    assert!(matches!(excluded("feed = false"), Some(Excluded::Hidden(_))));
    // Not Zola's keys: the page is built.
    assert_eq!(excluded("published = false"), None);
    assert_eq!(excluded("[extra]\ndraft = true"), None);
    assert_eq!(excluded("draft = false"), None);
}

#[test]
fn tags_are_the_tags_taxonomy() {
    let fields = fields("[taxonomies]\ntags = [\"a\", \"b\"]\ncategories = [\"c\"]");
    let front = FrontMatter::new(&fields);
    assert_eq!(ZolaRules::new().tag_keys(), ["taxonomies.tags"]);
    assert_eq!(front.list("taxonomies.tags"), ["a", "b"]);
    assert_eq!(front.list("Taxonomies.Categories"), ["c"]);
    assert!(front.value("taxonomies.nope").is_none());
}
