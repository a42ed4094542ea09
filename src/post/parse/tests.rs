//! parse_post as a user meets it: fields and aliases, dates, addresses, and every problem at its line.

use super::*;
use crate::config::SlugSource;
use crate::diagnostic::Severity;
use crate::site::PlainRules;
use std::sync::Arc;

fn config() -> Config {
    Config::with_site_url("https://blog.example.com/").unwrap()
}

fn parse_with(path: &str, text: &str, config: &Config) -> Result<ParsedPost, Vec<Diagnostic>> {
    match parse_post(Path::new(path), text.as_bytes(), config)? {
        Parsed::Post(parsed) => Ok(parsed),
        Parsed::NoFrontMatter => panic!("{path}: no front matter"),
        Parsed::NotAPost(why) => panic!("{path}: {why}"),
    }
}

fn parse(text: &str) -> Result<ParsedPost, Vec<Diagnostic>> {
    parse_with("posts/my-post.md", text, &config())
}

fn post(text: &str) -> Post {
    match parse(text) {
        Ok(parsed) => parsed.post,
        Err(problems) => panic!("{problems:#?}"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse(text) {
        Ok(parsed) => panic!("expected errors, got {:?}", parsed.post),
        Err(problems) => problems.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn only_error(text: &str) -> Diagnostic {
    let mut errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.remove(0)
}

const REAL: &str = "---
date: 2024-11-02 08:14:09.402117
title: A maintainer's notes on release trains
link: https://example.org/essays/why-release-trains/
tags: [\"oss\", \"process\"]
description: \"Why we moved to fixed release dates, and what it cost us.\"
---
The body.
";

#[test]
fn the_real_front_matter() {
    let parsed = parse_with("posts/2024-11-02-release-trains.md", REAL, &config()).unwrap();
    assert_eq!(parsed.status, PostStatus::Published);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let post = parsed.post;
    assert_eq!(post.title, "A maintainer's notes on release trains");
    assert_eq!(post.published.to_rfc3339(), "2024-11-02T08:14:09.402117+00:00");
    assert_eq!(post.link.unwrap().as_str(), "https://example.org/essays/why-release-trains/");
    assert_eq!(post.tags, ["oss", "process"]);
    assert_eq!(post.description.as_deref(), Some("Why we moved to fixed release dates, and what it cost us."));
    assert_eq!(post.slug, "release-trains");
    assert_eq!(post.permalink.as_str(), "https://blog.example.com/release-trains/");
    assert_eq!(post.body, "The body.\n");
    assert_eq!(post.source, Path::new("posts/2024-11-02-release-trains.md"));
}

#[test]
fn same_bytes_same_post() {
    assert_eq!(parse(REAL).unwrap(), parse(REAL).unwrap());
}

#[test]
fn keys_ignore_case_and_built_in_aliases_work() {
    let post = post(
        "---\nTitle: T\npubDatetime: 2024-01-02\nexternal_url: https://x.example/\nSummary: S\nlastmod: 2024-02-03\nunknown: [whatever]\n---\n",
    );
    assert_eq!(post.title, "T");
    assert_eq!(post.published.to_rfc3339(), "2024-01-02T00:00:00+00:00");
    assert_eq!(post.link.unwrap().as_str(), "https://x.example/");
    assert_eq!(post.description.as_deref(), Some("S"));
    assert_eq!(post.updated.unwrap().to_rfc3339(), "2024-02-03T00:00:00+00:00");
}

#[test]
fn user_aliases_work() {
    let mut config = config();
    config.aliases.insert("link".to_string(), vec!["source_url".to_string()]);
    let parsed =
        parse_with("p/a.md", "---\ntitle: T\ndate: 2024-01-02\nSource_URL: https://x.example/\n---\n", &config);
    assert_eq!(parsed.unwrap().post.link.unwrap().as_str(), "https://x.example/");
}

#[test]
fn two_keys_for_one_field_warn() {
    let parsed = parse("---\ntitle: T\ndate: 2024-01-02\npubDate: 2023-01-01\n---\n").unwrap();
    assert_eq!(parsed.post.published.to_rfc3339(), "2024-01-02T00:00:00+00:00");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].line, Some(4));
    assert!(parsed.warnings[0].message.contains("`pubDate` is ignored"), "{}", parsed.warnings[0]);
}

#[test]
fn drafts_and_jekyll_published() {
    let status = |fm: &str| parse(&format!("---\ntitle: T\ndate: 2024-01-02\n{fm}\n---\n")).unwrap().status;
    assert_eq!(status("draft: true"), PostStatus::Draft);
    assert_eq!(status("draft: \"yes\""), PostStatus::Draft);
    assert_eq!(status("draft: false"), PostStatus::Published);
    assert_eq!(status("published: false"), PostStatus::Draft);
    assert_eq!(status("published: true"), PostStatus::Published);
    let err = only_error("---\ntitle: T\ndate: 2024-01-02\ndraft: maybe\n---\n");
    assert_eq!(err.line, Some(4));
    // `published` as a date is the date.
    let post = post("---\ntitle: T\npublished: 2023-05-06 07:08\n---\n");
    assert_eq!(post.published.to_rfc3339(), "2023-05-06T07:08:00+00:00");
}

#[test]
fn title_entities_are_decoded_once() {
    assert_eq!(post("---\ntitle: Don&#8217;t &amp;amp; do\ndate: 2024-01-02\n---\n").title, "Don’t &amp; do");
}

#[test]
fn title_from_the_body_warns() {
    let parsed = parse("---\ndate: 2024-01-02\n---\nJust a *quick* note. With more.\n").unwrap();
    assert_eq!(parsed.post.title, "Just a quick note.");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].severity, Severity::Warning);
    let err = only_error("---\ndate: 2024-01-02\ntitle: ''\n---\n\n");
    assert!(err.message.contains("no title"), "{err}");
}

#[test]
fn a_title_from_the_body_has_no_template_syntax() {
    let body = "---\ndate: 2024-01-02\n---\n{% youtubeEmbed \"ix5mPa6D7ZA\" %} and {{< aside >}}more{{< /aside >}}.\n";
    assert_eq!(post(body).title, "Watch on YouTube and more.");
    let listed = "---\ndate: 2024-01-02\n---\n- One {{ page.x }}\n- Two {% icon \"star\" %}\n";
    assert_eq!(post(listed).title, "One Two");
}

#[test]
fn a_title_that_is_a_list_or_map_is_an_error_at_its_line() {
    for title in ["[a, b]", "{a: b}", "\n  - a"] {
        let err = only_error(&format!("---\ndate: 2024-01-02\ntitle: {title}\n---\nBody\n"));
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("`title` is a"), "{err}");
    }
}

#[test]
fn date_from_the_file_or_folder_name() {
    let text = "---\ntitle: T\n---\n";
    let parsed = parse_with("p/2024-03-26-hello/index.md", text, &config()).unwrap();
    assert_eq!(parsed.post.published.to_rfc3339(), "2024-03-26T00:00:00+00:00");
    assert_eq!(parsed.post.slug, "hello");
    let err = only_error(text);
    assert!(err.message.contains("no date"), "{err}");
    assert!(err.help.unwrap().contains("2024-06-13-my-post.md"));
}

#[test]
fn several_problems_in_one_file_are_all_reported_at_their_lines() {
    let errors =
        errors("---\ntitle: T\ndate: yesterday\nlink: javascript:alert(1)\ntags: {a: 1}\nupdated: [2024]\n---\n");
    let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(3), Some(6), Some(4), Some(5)], "{errors:#?}");
    assert!(errors[0].message.contains("`yesterday`"), "{}", errors[0]);
    assert!(errors[0].help.as_deref().unwrap().contains("2023-11-17T01:59:43Z"));
    assert!(errors[1].message.contains("a list"), "{}", errors[1]);
    assert!(errors[2].message.contains("`javascript:`"), "{}", errors[2]);
    assert!(errors[3].message.contains("map"), "{}", errors[3]);
    assert_eq!(errors[0].to_string().split(':').take(2).collect::<Vec<_>>(), ["posts/my-post.md", "3"]);
}

#[test]
fn bad_dates_are_errors() {
    for date in ["2024-13-45", "yesterday", "[2024-01-01]", "2024"] {
        let err = only_error(&format!("---\ntitle: T\ndate: {date}\n---\n"));
        assert_eq!(err.line, Some(3), "{err}");
    }
}

#[test]
fn links_must_be_absolute_web_addresses() {
    let link = |l: &str| post(&format!("---\ntitle: T\ndate: 2024-01-02\nlink: {l}\n---\n")).link.unwrap();
    assert_eq!(
        link("https://bücher.example/straße?q=ü").as_str(),
        "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC"
    );
    assert_eq!(link("http://x.example").as_str(), "http://x.example/");
    for bad in ["javascript:alert(1)", "example.org/page", "ftp://x.example/", "/relative", "mailto:a@b.example"] {
        let err = only_error(&format!("---\ntitle: T\ndate: 2024-01-02\nlink: '{bad}'\n---\n"));
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.help.as_deref().unwrap().contains("https://"), "{err}");
    }
}

#[test]
fn images_resolve_against_the_permalink_and_bad_ones_only_warn() {
    let image = |i: &str| post(&format!("---\ntitle: T\ndate: 2024-01-02\nimage: {i}\n---\n")).image;
    assert_eq!(image("cover.png").unwrap().as_str(), "https://blog.example.com/my-post/cover.png");
    assert_eq!(image("/img/a.png").unwrap().as_str(), "https://blog.example.com/img/a.png");
    assert_eq!(image("https://cdn.example/a.png").unwrap().as_str(), "https://cdn.example/a.png");
    let parsed = parse("---\ntitle: T\ndate: 2024-01-02\nimage: 'javascript:x'\n---\n").unwrap();
    assert_eq!(parsed.post.image, None);
    assert_eq!(parsed.warnings[0].severity, Severity::Warning);
    assert_eq!(parsed.warnings[0].line, Some(4));
    // The maps themes write: jekyll-seo-tag's `path`, Minimal Mistakes' `feature`.
    assert_eq!(image("{path: /img/seo.png, height: 630}").unwrap().as_str(), "https://blog.example.com/img/seo.png");
    assert_eq!(
        image("{feature: big.jpg, thumbnail: small.jpg}").unwrap().as_str(),
        "https://blog.example.com/my-post/big.jpg"
    );
    let parsed = parse("---\ntitle: T\ndate: 2024-01-02\nimage: [a.png, b.png]\n---\n").unwrap();
    assert_eq!(parsed.post.image, None);
    assert!(parsed.warnings[0].message.contains("`image` is a list"), "{}", parsed.warnings[0]);
}

#[test]
fn slugs() {
    let slug = |fm: &str, path: &str| {
        parse_with(path, &format!("---\ntitle: Tê & Co\ndate: 2024-01-02\n{fm}---\n"), &config()).map(|p| p.post.slug)
    };
    assert_eq!(slug("slug: ../../Etc\n", "p/a.md").unwrap(), "etc");
    assert_eq!(slug("", "p/2024-01-02-Hello World.md").unwrap(), "hello-world");
    assert_eq!(slug("", "p/2024-01-02-c++/INDEX.md").unwrap(), "c-plus-plus");
    let err = slug("slug: 🎉\n", "p/a.md").unwrap_err();
    assert_eq!(err[0].line, Some(4));
    assert!(err[0].help.as_deref().unwrap().contains("slug:"));
    let err = slug("", "p/🎉.md").unwrap_err();
    assert!(err[0].message.contains("🎉"), "{}", err[0]);

    let mut config = config();
    config.rules = Arc::new(PlainRules::new("/{slug}/", SlugSource::Title));
    let parsed = parse_with("p/a.md", "---\ntitle: Tê &amp; Co\ndate: 2024-01-02\n---\n", &config).unwrap();
    assert_eq!(parsed.post.slug, "te-and-co");
}

#[test]
fn permalinks_follow_the_pattern_in_the_site_zone() {
    let mut config = Config::with_site_url("https://a.example/blog/").unwrap();
    config.site.timezone = chrono_tz::America::New_York;
    config.rules = Arc::new(PlainRules::new("/{year}/{month}/{day}/{slug}/", SlugSource::File));
    // 03:00 UTC on Jan 1 is still Dec 31 in New York.
    let text = "---\ntitle: T\ndate: 2024-01-01T03:00:00Z\n---\n";
    let post = parse_with("p/x.md", text, &config).unwrap().post;
    assert_eq!(post.permalink.as_str(), "https://a.example/blog/2023/12/31/x/");
    config.rules = Arc::new(PlainRules::new("/{slug}/", SlugSource::File));
    let post = parse_with("p/x.md", text, &config).unwrap().post;
    assert_eq!(post.permalink.as_str(), "https://a.example/blog/x/");
}

#[test]
fn a_posts_own_permalink_wins_but_stays_on_the_site() {
    let config = Config::with_site_url("https://a.example/blog/").unwrap();
    let own = |line: &str| {
        let text = format!("---\ntitle: T\ndate: 2024-01-02\n{line}\n---\n");
        parse_with("p/x.md", &text, &config).map(|p| p.post.permalink.to_string())
    };
    assert_eq!(own("permalink: /2019/old-address/").unwrap(), "https://a.example/blog/2019/old-address/");
    assert_eq!(own("url: https://a.example/blog/moved/").unwrap(), "https://a.example/blog/moved/");
    for bad in
        ["permalink: https://evil.example/x/", "url: 'javascript:alert(1)'", "url: //evil.example/x", "url: /../../x/"]
    {
        let errors = own(bad).unwrap_err();
        assert!(errors[0].message.contains("cannot make the post's address"), "{bad}: {}", errors[0]);
    }
}

#[test]
fn control_characters_never_leave_the_reader() {
    let post = post(
        "---\ntitle: \"Bell\\a and \\e[31mred\\0\"\ndate: 2024-01-02\ntags: [\"x\\ey\"]\nauthor: \"A\\x1bB\"\n---\n",
    );
    assert_eq!(post.title, "Bell and [31mred");
    assert_eq!(post.tags, ["xy"]);
    assert_eq!(post.authors, ["AB"]);
}

#[test]
fn authors_as_a_list_of_names_and_maps() {
    let post = post("---\ntitle: T\ndate: 2024-01-02\nauthor: [\"Chris Short\", {name: Ann}, Chris Short]\n---\n");
    assert_eq!(post.authors, ["Chris Short", "Ann"]);
    let err = only_error("---\ntitle: T\ndate: 2024-01-02\nauthor: [Ann, {email: x}]\n---\n");
    assert_eq!(err.line, Some(4));
}

#[test]
fn tags_come_from_the_keys_tags_from_names() {
    let mut config = config();
    config.tag_keys = vec!["tags".to_string()];
    let text = "---\ntitle: T\ndate: 2024-01-02\ntags: [rust]\ncategories: [post]\n---\n";
    assert_eq!(parse_with("p/x.md", text, &config).unwrap().post.tags, ["rust"]);
    config.tag_keys = vec!["categories".to_string()];
    assert_eq!(parse_with("p/x.md", text, &config).unwrap().post.tags, ["post"]);
}

#[test]
fn feed_false_keeps_a_post_off_the_feeds() {
    for line in ["feed: false", "exclude_from_feed: true", "published: false", "draft: yes"] {
        let text = format!("---\ntitle: T\ndate: 2024-01-02\n{line}\n---\n");
        let parsed = parse_with("p/x.md", &text, &config()).unwrap();
        assert_ne!(parsed.status, PostStatus::Published, "{line}");
    }
}

#[test]
fn tags_categories_author_lang() {
    let post = post(
        "---\ntitle: T\ndate: 2024-01-02\ntags: Rust, web\ncategories:\n  - rust\n  - Notes\nauthor:\n  name: Jane\n  email: j@x.example\nlang: ' de '\n---\n",
    );
    assert_eq!(post.tags, ["Rust", "web", "Notes"]);
    assert_eq!(post.authors, ["Jane"]);
    assert_eq!(post.lang.as_deref(), Some("de"));
    assert_eq!(only_error("---\ntitle: T\ndate: 2024-01-02\nauthor: {email: x}\n---\n").line, Some(4));
}

#[test]
fn crlf_bom_body_and_no_front_matter() {
    let bytes = "\u{feff}---\r\ntitle: T\r\ndate: 2024-01-02\r\n---\r\nLine one\r\nLine two\r\n".as_bytes();
    let Ok(Parsed::Post(parsed)) = parse_post(Path::new("a.md"), bytes, &config()) else { panic!() };
    assert_eq!(parsed.post.body, "Line one\nLine two\n");
    let readme = parse_post(Path::new("README.md"), b"# Read me\n", &config());
    assert_eq!(readme, Ok(Parsed::NoFrontMatter));
}

#[test]
fn a_repeated_key_does_not_hide_other_problems() {
    let errors = errors("---\ntitle: T\ndate: yesterday\nTitle: again\n---\n");
    let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(4), Some(3)], "{errors:#?}");
}

#[test]
fn yaml_errors_are_at_the_file_line() {
    let err = only_error("---\ntitle: T\ndate: 2024-01-02\ndescription: a: b\n---\n");
    assert_eq!(err.line, Some(4));
}

#[test]
fn too_large_names_the_limit_and_the_key() {
    let mut config = config();
    config.max_post_bytes = 10;
    let err = parse_post(Path::new("a.md"), REAL.as_bytes(), &config).unwrap_err();
    assert!(err[0].message.contains("10 bytes"), "{}", err[0]);
    assert!(err[0].help.as_deref().unwrap().contains("max_post_size"));
}
