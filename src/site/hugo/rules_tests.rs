//! The rules end to end: a config, a content folder, a post's front matter
//! in, the post's address out. Expected addresses come from hugo v0.111.3
//! (Debian) building the same files, unless a test says it follows the
//! newer Hugo source.

use chrono_tz::Tz;
use std::fs;
use std::path::Path;

use super::config::{parse, Tree};
use super::content;
use super::rules::HugoRules;
use crate::post::front_matter;
use crate::post::parse_date;
use crate::site::{Excluded, FrontMatter, PostFacts, SiteRules};

/// Rules for `config` (TOML) with `files` (paths from the site root) in
/// the content folder.
fn rules(config: &str, files: &[&str]) -> HugoRules {
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        let path = dir.path().join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "---\ntitle: x\n---\n").unwrap();
    }
    let root = parse(Path::new("hugo.toml"), config).unwrap().as_object().cloned().unwrap();
    let tree = Tree { root, files: Vec::new() };
    let rules = HugoRules::from_config(&tree, Path::new("hugo.toml")).unwrap();
    let scan = content::scan(dir.path(), &rules.content_roots(), rules.languages());
    rules.with_content(scan)
}

/// Calls `f` with the facts of a post at `path` with `front` (YAML lines).
fn with_post<T>(path: &str, front: &str, tz: Tz, f: impl FnOnce(&PostFacts<'_>) -> T) -> T {
    let text = format!("---\n{front}\n---\n");
    let split = front_matter::split(Path::new(path), &text).unwrap().unwrap();
    let (fields, _) = front_matter::parse_fields(Path::new(path), &split).unwrap();
    let front = FrontMatter::new(&fields);
    let date = front.date("date", tz).unwrap_or_else(|| parse_date("2024-01-01", tz).unwrap());
    let title = front.text("title").unwrap_or_else(|| "Untitled".to_string());
    f(&PostFacts { path, title: &title, date, timezone: tz, front })
}

fn link(rules: &HugoRules, path: &str, front: &str) -> String {
    with_post(path, front, Tz::Europe__Berlin, |post| rules.permalink(post)).unwrap()
}

const BERLIN_BLOG: &str = "baseURL = 'https://x.example.org/blog/'\ntimeZone = 'Europe/Berlin'\n\
    [permalinks]\nnotes = '/n/:year/:month/:day/:title/'\n";

#[test]
fn default_addresses_follow_the_file() {
    let files = ["content/posts/bundle-One/index.md", "content/posts/bundle-One/extra.md"];
    let r = rules(BERLIN_BLOG, &files);
    let cases = [
        ("content/posts/Hello World.md", "title: Hello", "/posts/hello-world/"),
        // The default path is not unescaped: `+` stays.
        ("content/posts/C++ Tips.md", "title: C++", "/posts/c++-tips/"),
        ("content/posts/slugged.md", "title: S\nslug: \"My Slug! & Co\"", "/posts/my-slug-co/"),
        ("content/posts/bundle-One/index.md", "title: B", "/posts/bundle-one/"),
        ("content/posts/2024/deep/x.md", "title: Deep", "/posts/2024/deep/x/"),
        ("content/posts/Über Café.md", "title: x", "/posts/über-café/"),
        // No date is read from the file name by default.
        ("content/posts/2024-05-01-dated-name.md", "title: x", "/posts/2024-05-01-dated-name/"),
        ("content/posts/json1.md", "title: J1", "/posts/json1/"),
    ];
    for (path, front, want) in cases {
        assert_eq!(link(&r, path, front), want, "{path}");
    }
}

#[test]
fn url_is_kept_as_written_under_the_base_path() {
    let r = rules(BERLIN_BLOG, &[]);
    let cases = [
        ("url: /Custom/Path/", "/Custom/Path/"),
        ("url: relative/Path", "/relative/Path/"),
        ("url: /Some/file.html", "/Some/file.html"),
        ("url: /über uns/", "/über uns/"),
    ];
    for (front, want) in cases {
        assert_eq!(link(&r, "content/posts/u.md", &format!("title: U\n{front}")), want, "{front}");
    }
    let err = with_post("content/posts/u.md", "title: U\nurl: https://e.org/x/", Tz::UTC, |p| r.permalink(p));
    assert!(err.unwrap_err().contains("url"));
}

#[test]
fn title_tokens_are_urlized_then_unescaped() {
    let r = rules(BERLIN_BLOG, &[]);
    let cases = [
        ("title: \"C++ tips\"\ndate: 2024-03-31T23:30:00-05:00", "/n/2024/03/31/c-tips/"),
        ("title: \"100% sure a%20b\"\ndate: 2024-12-31", "/n/2024/12/31/100-sure-a-b/"),
        ("title: \"Ka\u{308}ldstro\u{308}m Über\"\ndate: 2024-12-31", "/n/2024/12/31/ka\u{308}ldstro\u{308}m-über/"),
        // `:title` is the title even when there is a slug.
        ("title: \"Emoji 🎉 & Tom's\"\ndate: 2024-12-31\nslug: Slug Wins", "/n/2024/12/31/emoji-toms/"),
        ("title: 한국어 제목\ndate: 2024-12-31", "/n/2024/12/31/한국어-제목/"),
    ];
    for (front, want) in cases {
        assert_eq!(link(&r, "content/notes/a.md", front), want, "{front}");
    }
}

/// hugo v0.111.3 links `c#-rocks/` (a fragment); Hugo 0.125 and later escape the `#`
/// (page_paths.go), which is also the address that serves the page.
#[test]
fn a_hash_in_a_path_is_escaped() {
    let r = rules(BERLIN_BLOG, &[]);
    let got = link(&r, "content/notes/b.md", "title: \"C# rocks\"\ndate: 2024-03-31T01:30:00Z");
    assert_eq!(got, "/n/2024/03/31/c%23-rocks/");
}

const UGLY: &str = "baseURL = 'https://x.example.org/'\nuglyURLs = true\nremovePathAccents = true\n\
    [frontmatter]\ndate = [':filename', ':default']\n\
    [permalinks]\nnotes = '/:section/:sections/:slugorfilename/:filename/:monthname-:weekday-:weekdayname-:yearday/:2006-:Jan-:_2-:06'\n\
    blog = '/:year/:slug.html'\npages = '/p/:slug'\n";

#[test]
fn ugly_urls_filename_dates_and_every_token() {
    let r = rules(UGLY, &["content/posts/Bundle-Two/index.md", "content/posts/sub/_index.md"]);
    let t = "title: N1\ndate: 2024-02-29T12:00:00Z";
    let cases = [
        ("content/notes/n1.md", t.to_string(), "/notes/notes/n1/n1/february-4-thursday-60/2024-feb-29-24.html"),
        (
            "content/notes/n2.md",
            format!("{t}\nslug: Sl Ug"),
            "/notes/notes/sl-ug/n2/february-4-thursday-60/2024-feb-29-24.html",
        ),
        ("content/blog/x.md", "title: Blog Title\ndate: 2024-02-29T12:00:00Z".into(), "/2024/blog-title.html.html"),
        ("content/blog/y.md", "title: Y\nurl: /keep/Me/".into(), "/keep/Me/"),
        ("content/pages/z.md", "title: Z Title\ndate: 2024-02-29T12:00:00Z".into(), "/p/z-title.html"),
        ("content/posts/2023-07-04-from-name.md", "title: N".into(), "/posts/from-name.html"),
        ("content/posts/2023-07-04-has-date.md", "title: N\ndate: 2020-01-01".into(), "/posts/has-date.html"),
        ("content/posts/2023-07-04_with-slug.md", "title: N\nslug: given".into(), "/posts/given.html"),
        ("content/posts/Bundle-Two/index.md", "title: B".into(), "/posts/bundle-two.html"),
        ("content/posts/Crème brûlée.md", "title: x".into(), "/posts/creme-brulee.html"),
        ("content/posts/sub/p.md", "title: P".into(), "/posts/sub/p.html"),
    ];
    for (path, front, want) in cases {
        assert_eq!(with_post(path, &front, Tz::UTC, |p| r.permalink(p)).unwrap(), want, "{path}");
    }
}

#[test]
fn filename_dates_date_the_address() {
    let config = "baseURL = 'https://x.example.org/'\n[frontmatter]\ndate = [':filename', ':default']\n\
        [permalinks]\nposts = '/:year/:month/:day/:slug/'\n";
    let r = rules(config, &[]);
    let got = with_post("content/posts/2023-07-04-from-name.md", "title: Other\ndate: 2020-01-01", Tz::UTC, |p| {
        r.permalink(p)
    });
    assert_eq!(got.unwrap(), "/2023/07/04/from-name/");
    // Without `:filename`, an undated page has Go's zero date.
    let r = rules("[permalinks]\nposts = '/:year/:month/:slug/'\n", &[]);
    let got = with_post("content/posts/2023-07-04-x.md", "title: T", Tz::UTC, |p| r.permalink(p));
    assert_eq!(got.unwrap(), "/1/01/t/");
}

const LANGS: &str = "baseURL = 'https://x.example.org/'\ndisablePathToLower = true\n\
    defaultContentLanguage = 'en'\ndefaultContentLanguageInSubdir = true\n[uglyURLs]\nblog = true\n\
    [languages.en]\nweight = 1\n[languages.de]\nweight = 2\n";

#[test]
fn languages_case_and_ugly_sections() {
    let r = rules(LANGS, &["content/blog/bun/index.md"]);
    let cases = [
        ("content/posts/Hello World.md", "title: H", "/en/posts/Hello-World/"),
        ("content/posts/hello.de.md", "title: H", "/de/posts/hello/"),
        ("content/posts/v1.2.md", "title: V", "/en/posts/v1.2/"),
        ("content/posts/rel-url.de.md", "title: V\nurl: rel/Path/", "/de/rel/Path/"),
        ("content/posts/abs-url.de.md", "title: V\nurl: /abs/Path/", "/abs/Path/"),
        ("content/Notes/Big Note.md", "title: BN", "/en/Notes/Big-Note/"),
        ("content/blog/Ugly Post.md", "title: UP", "/en/blog/Ugly-Post.html"),
        ("content/blog/bun/index.md", "title: UP", "/en/blog/bun.html"),
    ];
    for (path, front, want) in cases {
        assert_eq!(link(&r, path, front), want, "{path}");
    }
}

/// The per-kind and list forms (Hugo 0.118 and 0.161), from Hugo's source:
/// a nested section key applies below it; the list form's first match wins.
#[test]
fn newer_permalink_forms() {
    let config = "[permalinks.page]\nposts = '/p/:slug/'\n'posts/tutorials' = '/learn/:slug/'\n\
        [permalinks.section]\nposts = '/all-posts/'\n";
    let r = rules(config, &[]);
    assert_eq!(link(&r, "content/posts/a.md", "title: A"), "/p/a/");
    assert_eq!(link(&r, "content/posts/tutorials/b.md", "title: B"), "/learn/b/");
    assert_eq!(link(&r, "content/notes/c.md", "title: C"), "/notes/c/");
    let list =
        "[[permalinks]]\npattern = '/first/:contentbasename/'\ntarget = { kind = 'page', path = '/posts/2024/**' }\n\
        [[permalinks]]\npattern = '/second/:slugorcontentbasename/'\ntarget = { path = '{/posts,/posts/**}' }\n\
        [[permalinks]]\npattern = '/tags/:slug/'\ntarget = { kind = 'term' }\n";
    let r = rules(list, &["content/posts/2024/bundle/index.md"]);
    assert_eq!(link(&r, "content/posts/2024/bundle/index.md", "title: X"), "/first/bundle/");
    assert_eq!(link(&r, "content/posts/old.md", "title: X\nslug: Mine"), "/second/mine/");
    assert_eq!(link(&r, "content/notes/n.md", "title: X"), "/notes/n/");
}

#[test]
fn which_files_are_posts() {
    let files = [
        "content/about.md",
        "content/posts/a.md",
        "content/posts/b.md",
        "content/posts/bundle/index.md",
        "content/posts/bundle/extra.md",
        "content/notes/n.md",
        "content/top-bundle/index.md",
    ];
    let r = rules("baseURL = 'https://e.org/'\n", &files);
    let yes = ["content/posts/a.md", "content/posts/bundle/index.md", "content/posts/deep/x.markdown"];
    let no = [
        "content/about.md",
        "content/posts/_index.md",
        "content/posts/bundle/extra.md",
        "content/posts/bundle/deep/more.md",
        // Not the main section: the largest section is `posts`.
        "content/notes/n.md",
        "content/top-bundle/index.md",
        "content/posts/UPPER.MD",
        "content/posts/#scratch.md",
        "content/posts/page.html",
        "static/posts/a.md",
    ];
    for path in yes {
        assert!(r.is_post_path(path), "{path} is a post");
    }
    for path in no {
        assert!(!r.is_post_path(path), "{path} is not a post");
    }
    let r = rules("contentDir = 'src/pages'\n[params]\nmainSections = 'notes'\n", &[]);
    assert_eq!(r.post_roots(), ["src/pages"]);
    assert!(r.is_post_path("src/pages/notes/n.md"));
    assert!(!r.is_post_path("src/pages/posts/a.md"));
}

#[test]
fn drafts_headless_and_build_options() {
    let r = rules("", &[]);
    let excluded = |front: &str| with_post("content/posts/a.md", front, Tz::UTC, |p| r.excluded(p));
    assert_eq!(excluded("title: a\ndraft: true"), Some(Excluded::Draft));
    assert!(matches!(excluded("title: a\nheadless: true"), Some(Excluded::Hidden(_))));
    assert!(matches!(excluded("title: a\n_build:\n  list: never"), Some(Excluded::Hidden(_))));
    assert!(matches!(excluded("title: a\nbuild:\n  list: local"), Some(Excluded::Hidden(_))));
    assert!(matches!(excluded("title: a\nbuild:\n  render: false"), Some(Excluded::Hidden(_))));
    // `_build` wins over `build`, and unknown values mean "always".
    assert_eq!(excluded("title: a\n_build:\n  list: always\nbuild:\n  list: never"), None);
    assert_eq!(excluded("title: a\nbuild:\n  list: Never"), None);
    // Hugo reads `published: false` as a draft (hugo v0.111.3 leaves it out).
    assert_eq!(excluded("title: a\npublished: false"), Some(Excluded::Draft));
    assert!(matches!(excluded("title: a\nfeed: false"), Some(Excluded::Hidden(_))));
    assert_eq!(r.publish_date_keys()[0], "publishDate");
    assert_eq!(r.expiry_date_keys(), ["expiryDate", "unpublishdate"]);
}

#[test]
fn slugs_and_tags() {
    let r = rules("", &["content/posts/bundle/index.md"]);
    let slug = |path: &str, front: &str| with_post(path, front, Tz::UTC, |p| r.slug(p));
    assert_eq!(slug("content/posts/Hello World.md", "title: x"), "hello-world");
    assert_eq!(slug("content/posts/x.md", "title: x\nslug: \"-Über Uns-\""), "über-uns");
    assert_eq!(slug("content/posts/bundle/index.md", "title: x"), "bundle");
    assert_eq!(r.tag_keys(), ["tags"]);
    let r = rules("[taxonomies]\ncategory = 'categories'\nseries = 'series'\n", &[]);
    assert_eq!(r.tag_keys(), ["categories", "series"]);
}

#[test]
fn main_sections_the_site_does_not_have_fall_back_to_the_largest_section() {
    // A theme's config names `blog`, but the posts live in content/posts.
    let config = "baseURL = 'https://x.example.org/'\n[params]\nmainSections = ['blog', 'microblog']\n";
    let files = ["content/posts/a.md", "content/posts/b.md", "content/tools/t.md"];
    let r = rules(config, &files);
    assert!(r.is_post_path("content/posts/a.md"));
    assert!(!r.is_post_path("content/tools/t.md"));
    // One that exists is kept, and the missing one ignored.
    let config = "baseURL = 'https://x.example.org/'\n[params]\nmainSections = ['tools', 'blog']\n";
    let r = rules(config, &files);
    assert!(r.is_post_path("content/tools/t.md"));
    assert!(!r.is_post_path("content/posts/a.md"));
}

#[test]
fn main_sections_may_name_a_section_by_its_address() {
    // PaperMod sites write `blog` for the posts section served at /blog/.
    let config = "baseURL = 'https://x.example.org/'\n[params]\nmainSections = ['blog', 'microblog', 'tools']\n\
        [permalinks.page]\nposts = '/:slug/'\n[permalinks.section]\nposts = '/blog/'\n";
    let files = ["content/posts/a.md", "content/micro/m.md", "content/tools/t.md"];
    let r = rules(config, &files);
    assert!(r.is_post_path("content/posts/a.md"));
    assert!(r.is_post_path("content/tools/t.md"));
    assert!(!r.is_post_path("content/micro/m.md"));
}

#[test]
fn translations_stay_out_of_the_default_languages_feed() {
    let config = "baseURL = 'https://x.example.org/'\ndefaultContentLanguage = 'en'\n[languages.en]\n[languages.fr]\n";
    let r = rules(config, &["content/post/a.md", "content/post/a.fr.md"]);
    let excluded = |path: &str| with_post(path, "title: A\ndate: 2024-01-01", Tz::UTC, |post| r.excluded(post));
    assert_eq!(excluded("content/post/a.md"), None);
    assert!(matches!(excluded("content/post/a.fr.md"), Some(Excluded::Hidden(_))));
}
