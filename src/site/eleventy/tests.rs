use super::rules::{href, strip_date, PermalinkData};
use super::*;
use crate::post::front_matter::{parse_fields, split, Fields};
use crate::site::{Excluded, FrontMatter, PostFacts, SiteRules};
use std::fs;

fn fields(front: &str) -> Fields {
    let text = format!("---\n{front}\n---\nBody.\n");
    let parts = split(Path::new("t.md"), &text).unwrap().unwrap();
    parse_fields(Path::new("t.md"), &parts).unwrap().0
}

fn facts<'a>(path: &'a str, fields: &'a Fields) -> PostFacts<'a> {
    let date = FrontMatter::new(fields)
        .date("date", chrono_tz::UTC)
        .unwrap_or_else(|| crate::post::parse_date("2024-05-01T10:00:00Z", chrono_tz::UTC).unwrap());
    PostFacts { path, title: "T", date, timezone: chrono_tz::UTC, front: FrontMatter::new(fields) }
}

fn rules(data: &[(&str, &str)]) -> EleventyRules {
    let data: BTreeMap<String, DataFile> = data
        .iter()
        .map(|(key, json)| {
            let value = from_json(&serde_json::from_str(json).unwrap());
            (key.to_string(), DataFile::from_value(&value, key))
        })
        .collect();
    let post_tags = vec!["posts".to_string(), "post".to_string()];
    EleventyRules {
        input: "content".to_string(),
        skip: vec!["_site".to_string()],
        ignores: None,
        collection: None,
        collection_globs: Vec::new(),
        tagged_folders: data.iter().any(|(key, d)| key.ends_with('/') && d.is_tagged(&post_tags)),
        post_tags,
        data,
        path_prefix: None,
    }
}

fn permalink(rules: &EleventyRules, path: &str, front: &str) -> Result<String, String> {
    let fields = fields(front);
    rules.permalink(&facts(path, &fields))
}

#[test]
fn default_addresses_follow_the_file_path() {
    let r = rules(&[("content/blog/", r#"{"tags": "posts"}"#)]);
    let cases = [
        ("content/blog/firstpost.md", "/blog/firstpost/"),
        // The date stays in the address; only page.fileSlug drops it.
        ("content/blog/2024-02-03-dated.md", "/blog/2024-02-03-dated/"),
        ("content/blog/fifthpost/fifthpost.md", "/blog/fifthpost/"),
        ("content/blog/bundle/index.md", "/blog/bundle/"),
        ("content/blog/file.name.v2.md", "/blog/file.name.v2/"),
        ("content/blog/über.md", "/blog/über/"),
        ("content/blog/index.md", "/blog/"),
    ];
    for (path, want) in cases {
        assert_eq!(permalink(&r, path, "title: T").as_deref(), Ok(want), "{path}");
    }
}

#[test]
fn file_slug_drops_a_date_anywhere_and_names_index_files_by_their_folder() {
    assert_eq!(strip_date("2024-03-09-fileslug"), "fileslug");
    assert_eq!(strip_date("notes-2024-03-09-x"), "x");
    assert_eq!(strip_date("2024-03-09"), "2024-03-09");
    assert_eq!(strip_date("ünï-2024-03-09-x"), "x");
    let r = rules(&[]);
    let fields = fields("title: T");
    assert_eq!(r.slug(&facts("content/blog/2024-03-09-fileslug.md", &fields)), "fileslug");
    assert_eq!(r.slug(&facts("content/blog/2024-01-01-trip/index.md", &fields)), "trip");
    assert_eq!(r.slug(&facts("content/index.md", &fields)), "");
}

#[test]
fn permalink_expressions() {
    let r = rules(&[]);
    let cases = [
        ("permalink: \"/notes/{{ title | slugify }}/\"\ntitle: \"Aren't C++ & Rust\"", "/notes/arent-c-and-rust/"),
        ("permalink: \"/archive/{{ page.fileSlug }}/\"", "/archive/fileslug/"),
        ("permalink: \"{{ page.filePathStem }}.html\"", "/blog/fileslug.html"),
        (
            "permalink: \"/{{ page.date | date: '%Y/%m' }}/{{ page.fileSlug }}/\"\ndate: 2024-03-09T23:30:00-02:00",
            "/2024/03/fileslug/",
        ),
        ("permalink: \"/x/{{- slug -}}/\"\nslug: Hand Made", "/x/Hand Made/"),
        ("permalink: \"/x/{{ slug | slugify }}/\"\nslug: Hand Made", "/x/hand-made/"),
        ("permalink: \"/x/{{ missing }}/y/\"", "/x/y/"),
        ("permalink: blog/relative/index.html", "/blog/relative/"),
        ("permalink: /a/./b/../c.html", "/a/c.html"),
        ("permalink: {build: /built/}", "/built/"),
        ("permalink: \"/raw/{{ title }}/\"\ndynamicPermalink: false", "/raw/{{ title }}/"),
        ("permalink: \"/{{ title | lower | replace: ' ', '_' }}/\"\ntitle: A B", "/a_b/"),
        ("permalink: \"/posts/{{ title | slug }}/\"\ntitle: \"Crème & C++: 5.0\"", "/posts/creme-and-c++:-5.0/"),
    ];
    for (front, want) in cases {
        let got = permalink(&r, "content/blog/2024-03-10-fileslug.md", front);
        assert_eq!(got.as_deref(), Ok(want), "{front}");
    }
    let unsupported = [
        ("permalink: \"{% if x %}/a/{% endif %}\"", "`{% %}` tag"),
        ("permalink: \"/{{ title | truncate: 3 }}/\"", "`truncate` filter"),
        ("permalink: \"/{{ metadata.section }}/\"", "`metadata.section`"),
        ("permalink: \"/{{ page.date }}/\"", "`page.date` without a `date` filter"),
        ("permalink: \"/{{ page.date | date: '%Q' }}/\"", "date format `%Q`"),
    ];
    for (front, what) in unsupported {
        let err = permalink(&r, "content/blog/x.md", front).unwrap_err();
        assert!(err.contains(what) && err.contains("feedcard.yaml"), "{front}: {err}");
    }
}

#[test]
fn directory_and_template_data_set_permalinks_front_matter_wins() {
    let r = rules(&[
        ("content/blog/", r#"{"tags": ["posts"], "permalink": "/posts/{{ page.fileSlug }}/"}"#),
        ("content/blog/deep/", r#"{"permalink": "/deep/{{ page.fileSlug | slugify }}/"}"#),
        ("content/blog/one", r#"{"permalink": "/one-off/"}"#),
    ]);
    assert_eq!(permalink(&r, "content/blog/a.md", "title: T").as_deref(), Ok("/posts/a/"));
    assert_eq!(permalink(&r, "content/blog/deep/Part_Two.md", "title: T").as_deref(), Ok("/deep/part-two/"));
    assert_eq!(permalink(&r, "content/blog/one.md", "title: T").as_deref(), Ok("/one-off/"));
    assert_eq!(permalink(&r, "content/blog/a.md", "permalink: /mine/").as_deref(), Ok("/mine/"));
    let code = rules(&[("content/blog/", r#"{"tags": ["posts"]}"#)]);
    let mut code = code;
    code.data.insert(
        "content/blog/".to_string(),
        DataFile {
            tags: vec!["posts".into()],
            permalink: Some(PermalinkData::Code("blog.11tydata.js".into())),
            ..DataFile::default()
        },
    );
    let err = permalink(&code, "content/blog/a.md", "title: T").unwrap_err();
    assert!(err.contains("blog.11tydata.js"), "{err}");
}

#[test]
fn the_posts_collection() {
    let excluded = |r: &EleventyRules, path: &str, front: &str| {
        let fields = fields(front);
        r.excluded(&facts(path, &fields))
    };
    let tagged = rules(&[("content/blog/", r#"{"tags": ["posts"]}"#)]);
    assert_eq!(excluded(&tagged, "content/blog/a.md", "title: T"), None);
    assert_eq!(excluded(&tagged, "content/notes/n.md", "tags: [posts, notes]"), None);
    assert_eq!(excluded(&tagged, "content/notes/n.md", "tags: post"), None);
    // One string is one tag, commas and all.
    assert!(matches!(excluded(&tagged, "content/notes/n.md", "tags: posts, notes"), Some(Excluded::Hidden(_))));
    assert!(matches!(excluded(&tagged, "content/about.md", "title: About"), Some(Excluded::Hidden(_))));
    assert!(matches!(excluded(&tagged, "content/blog/a.md", "permalink: false"), Some(Excluded::Hidden(_))));
    assert!(matches!(
        excluded(&tagged, "content/blog/a.md", "eleventyExcludeFromCollections: true"),
        Some(Excluded::Hidden(_))
    ));
    assert!(matches!(
        excluded(&tagged, "content/blog/a.md", "eleventyExcludeFromCollections: [posts]"),
        Some(Excluded::Hidden(_))
    ));
    assert_eq!(excluded(&tagged, "content/blog/a.md", "eleventyExcludeFromCollections: [rss]"), None);
    assert_eq!(excluded(&tagged, "content/blog/a.md", "draft: true"), Some(Excluded::Draft));
    // No folder is tagged: a `posts` or `blog` folder holds the posts.
    let untagged = rules(&[]);
    assert_eq!(excluded(&untagged, "content/posts/a.md", "title: T"), None);
    assert!(matches!(excluded(&untagged, "content/pages/a.md", "title: T"), Some(Excluded::Hidden(_))));
    // A page that is not a post never fails on its permalink.
    assert!(permalink(&untagged, "content/feed.md", "permalink: \"{{ metadata.x }}/feed.xml\"").is_ok());
    assert!(!untagged.is_post_path("content/posts/a.markdown"));
    assert!(untagged.is_post_path("content/posts/a.md"));
    assert!(untagged.skip_dir("_site") && untagged.skip_dir("content/.git") && !untagged.skip_dir("content/posts"));
}

#[test]
fn hrefs_are_eleventy_urls() {
    assert_eq!(href("/a/"), "/a/");
    assert_eq!(href("a/index.html"), "/a/");
    assert_eq!(href("/index.html"), "/");
    assert_eq!(href("/a//b/page.html"), "/a/b/page.html");
    assert_eq!(href("/feed.xml"), "/feed.xml");
    assert_eq!(href("/a/index"), "/a/");
}

#[test]
fn config_files_give_the_folders_prefix_and_collections() {
    let text = r#"
import { feedPlugin } from "@11ty/eleventy-plugin-rss";
export default async function (eleventyConfig) {
    eleventyConfig.ignores.add("./content/drafts/**");
    eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob(["./content/posts/*.md", 'content/essays/**/*.md']));
    eleventyConfig.addCollection("tagList", (api) => api.getFilteredByGlob("content/**/*.md"));
};
export const config = {
    markdownTemplateEngine: "njk",
    dir: { input: "content", includes: "../_includes", data: "../_data", output: "_site" },
    pathPrefix: "/blog/",
};
"#;
    let facts = read_config(Path::new("eleventy.config.js"), text).unwrap();
    assert_eq!(facts.input.as_deref(), Some("content"));
    assert_eq!(facts.data.as_deref(), Some("../_data"));
    assert_eq!(facts.includes.as_deref(), Some("../_includes"));
    assert_eq!(facts.path_prefix.as_deref(), Some("/blog/"));
    assert_eq!(facts.ignores, vec!["./content/drafts/**".to_string()]);
    assert_eq!(facts.post_globs, vec!["./content/posts/*.md".to_string(), "content/essays/**/*.md".to_string()]);

    let facts = read_config(
        Path::new(".eleventy.js"),
        "module.exports = function (c) { c.setInputDirectory('src'); return { dir: { output: 'dist' } }; };",
    )
    .unwrap();
    assert_eq!((facts.input.as_deref(), facts.output.as_deref()), (Some("src"), Some("dist")));

    assert_eq!(clean_path("content/../_data"), "_data");
    assert_eq!(clean_path("./"), "");
    assert_eq!(with_path_prefix("https://a.example", "/blog/"), "https://a.example/blog/");
    assert_eq!(with_path_prefix("https://a.example/blog/", "blog"), "https://a.example/blog/");
}

#[test]
fn a_site_on_disk_gives_settings_posts_and_errors_that_name_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write("package.json", r#"{"devDependencies": {"@11ty/eleventy": "^3.1.8"}}"#);
    assert_eq!(marker(root), Some(root.join("package.json")));
    write("eleventy.config.js", "export const config = { dir: { input: \"src\" }, pathPrefix: \"/notes/\" };\n");
    assert_eq!(marker(root), Some(root.join("eleventy.config.js")));
    write("src/_data/site.json", r#"{"title": "Site", "baseUrl": "https://a.example", "lang": "de"}"#);
    write("src/_data/metadata.js", "module.exports = { title: 'Ignored', description: 'From JS' };\n");
    write("src/blog/blog.11tydata.json", r#"{"tags": "posts"}"#);
    write(".eleventyignore", "src/blog/private/\n");
    let detected = load(root, marker(root).as_deref()).unwrap();
    let settings = &detected.settings;
    assert_eq!(settings.url.as_deref(), Some("https://a.example/notes/"));
    assert_eq!(settings.title.as_deref(), Some("Site"));
    assert_eq!(settings.description.as_deref(), Some("From JS"));
    assert_eq!(settings.language.as_deref(), Some("de"));
    let rules = &detected.rules;
    assert_eq!(rules.post_roots(), vec!["src".to_string()]);
    assert!(rules.skip_dir("src/_data") && rules.skip_dir("src/_includes") && rules.skip_dir("_site"));
    assert!(rules.skip_dir("src/blog/private"));
    let fields = fields("title: T");
    assert_eq!(rules.excluded(&facts("src/blog/a.md", &fields)), None);
    assert_eq!(rules.permalink(&facts("src/blog/a.md", &fields)).as_deref(), Ok("/blog/a/"));

    write("src/blog/blog.11tydata.json", "{\n  \"tags\": [\"posts\",]\n}\n");
    let err = load(root, marker(root).as_deref()).unwrap_err();
    assert_eq!((err.file.clone(), err.line), (root.join("src/blog/blog.11tydata.json"), Some(2)), "{err:?}");
    write("src/blog/blog.11tydata.json", r#"{"tags": "posts"}"#);
    write("eleventy.config.js", "export const config = {\n  dir: { input: \"src },\n};\n");
    let err = load(root, marker(root).as_deref()).unwrap_err();
    assert_eq!((err.file.clone(), err.line), (root.join("eleventy.config.js"), Some(2)), "{err:?}");
    write("eleventy.config.js", "export default function (c) { c.setInputDirectory('src'); }\n");
    write("src/_data/site.json", "{ \"url\": ");
    let err = load(root, marker(root).as_deref()).unwrap_err();
    assert_eq!(err.file, root.join("src/_data/site.json"), "{err:?}");
    assert!(err.message.contains("JSON"), "{err:?}");
}
