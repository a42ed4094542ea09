//! Property tests: no input makes the reader panic, the feeds are always
//! well-formed, and a card always fits its margins.
//!
//! The strategies lean on the inputs that break text code: control
//! characters, 100,000-character titles, only emoji, only combining marks,
//! right-to-left runs with bidi controls, and YAML that is almost right.
//! Case counts are kept low enough for a debug `cargo test` to stay quick;
//! `PROPTEST_CASES=10000 cargo test --release --lib tests_properties` runs
//! every property that many times instead.
//!
//! Unit tests, not tests/: they make posts and card text directly, which
//! the library's API keeps to itself.

#[path = "../tests/common/xml.rs"]
mod xml;

use std::path::Path;
use std::sync::LazyLock;

use crate::card::{CardRenderer, CardSettings, CardText, Rect};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::post::{parse_post, Parsed, Post};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use proptest::sample::select;
use url::Url;

const SITE: &str = "https://blog.example.com/";

/// `default` cases, or `PROPTEST_CASES` when set (for long runs).
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

fn config() -> Config {
    Config::with_site_url(SITE).expect("a valid site URL")
}

// ---------------------------------------------------------------------------
// Text strategies

fn chars_from(alphabet: impl Strategy<Value = char>, len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(alphabet, len).prop_map(String::from_iter)
}

/// C0 and C1 controls, the byte order mark, noncharacters and line separators.
fn control_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\u{0}', '\u{1F}'),
        prop::char::range('\u{7F}', '\u{9F}'),
        select(vec!['\u{FEFF}', '\u{FFFE}', '\u{FFFF}', '\u{FFFD}', '\u{2028}', '\u{2029}', '\u{85}', '\u{1FFFE}']),
    ]
}

/// Pictographs, flags, skin tones, joiners and variation selectors.
fn emoji_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => prop::char::range('\u{1F1E6}', '\u{1F1FF}'),
        1 => prop::char::range('\u{1F3FB}', '\u{1F3FF}'),
        1 => select(vec!['\u{200D}', '\u{FE0F}', '\u{FE0E}', '\u{20E3}', '\u{2764}', '\u{2728}']),
    ]
}

fn combining_mark() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\u{300}', '\u{36F}'),
        prop::char::range('\u{1AB0}', '\u{1AFF}'),
        prop::char::range('\u{20D0}', '\u{20FF}'),
        prop::char::range('\u{FE20}', '\u{FE2F}'),
    ]
}

/// Hebrew, Arabic (with harakat), some Latin, and every bidi control.
fn rtl_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('\u{5D0}', '\u{5EA}'),
        3 => prop::char::range('\u{621}', '\u{64A}'),
        1 => prop::char::range('\u{64B}', '\u{652}'),
        1 => prop::char::range('a', 'z'),
        1 => select(vec![' ', '.', '(', ')', '1', '2']),
        1 => select(vec![
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}',
            '\u{2067}', '\u{2068}', '\u{2069}',
        ]),
    ]
}

/// Titles of every awkward kind, including one of 100,000 characters.
fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[ -~]{0,80}",
        2 => chars_from(prop_oneof![3 => any::<char>(), 1 => control_char()], 0..60),
        2 => chars_from(emoji_char(), 1..40),
        2 => chars_from(combining_mark(), 1..200),
        2 => chars_from(rtl_char(), 1..120),
    ]
}

/// 100,000 characters: one repeated character (no break opportunity at all),
/// or a short random phrase repeated.
fn huge_title() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<char>().prop_map(|c| std::iter::repeat_n(c, 100_000).collect()),
        "[a-z ]{1,12}".prop_map(|word| word.chars().cycle().take(100_000).collect()),
    ]
}

/// Short text for tags, site names and dates.
fn short_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 #+&.-]{0,20}",
        2 => any::<String>(),
        1 => chars_from(emoji_char(), 1..6),
        1 => chars_from(combining_mark(), 1..10),
        1 => chars_from(rtl_char(), 1..20),
        1 => chars_from(control_char(), 1..6),
    ]
}

/// Markdown bodies built from pieces that trouble HTML and XML.
fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<String>(),
        2 => "[a-z ]{0,30}",
        2 => select(vec![
            "\n\n", "# Heading\n", "* item\n", "1. one\n", "> quote\n", "```\ncode\n```\n", "`x`", "**b**", "_i_",
            "[link](https://example.org/)", "[bad](javascript:alert(1))", "![img](/a.png \"t\")", "<script>x</script>",
            "<!-- c -->", "<![CDATA[", "]]>", "&amp;", "&bogus;", "&#0;", "&#xFFFE;", "&#x110000;", "&#55296;",
            "<div>", "</p>", "<a href=\"x\">", "\u{0}", "\u{1B}[31m", "\r\n", "|a|b|\n|-|-|\n", "[^1]\n\n[^1]: n\n",
            "<https://example.org/a?b=c&d>", "\\", "<",
        ])
        .prop_map(str::to_string),
        1 => title(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

// ---------------------------------------------------------------------------
// YAML front matter strategies

/// A YAML value as a tree; rendered with the right indentation below.
#[derive(Debug, Clone)]
enum Yaml {
    /// Already written as YAML text (plain, quoted, a date, a number...).
    Scalar(String),
    Seq(Vec<Yaml>, bool),
    Map(Vec<(String, Yaml)>, bool),
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7F}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Dates of every accepted form, with components that may be out of range.
fn date_text() -> impl Strategy<Value = String> {
    let year = prop_oneof![4 => 1970i64..2100, 1 => -10_000i64..100_000, 1 => any::<i64>()];
    let small = || prop_oneof![5 => 0u32..32, 1 => any::<u32>()];
    let form = select(vec![
        "{y}-{m:02}-{d:02}",
        "{y}-{m:02}-{d:02} {h:02}:{n:02}",
        "{y}-{m:02}-{d:02} {h:02}:{n:02}:{s:02}.402117",
        "{y}-{m:02}-{d:02}T{h:02}:{n:02}:{s:02}Z",
        "{y}-{m:02}-{d:02}T{h:02}:{n:02}:{s:02}.000+{o:02}:00",
        "{y}-{m:02}-{d:02} {h:02}:{n:02}-{o:02}:30",
        "Tue, {d:02} Feb {y} {h:02}:{n:02}:{s:02} -0800",
        "Wed, {d:02} Oct {y} {h:02}:{n:02}:{s:02} GMT",
    ]);
    (form, year, small(), small(), small(), small(), small(), small()).prop_map(|(form, y, m, d, h, n, s, o)| {
        form.replace("{y}", &y.to_string())
            .replace("{m:02}", &format!("{m:02}"))
            .replace("{d:02}", &format!("{d:02}"))
            .replace("{h:02}", &format!("{h:02}"))
            .replace("{n:02}", &format!("{n:02}"))
            .replace("{s:02}", &format!("{s:02}"))
            .replace("{o:02}", &format!("{o:02}"))
    })
}

fn url_text() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        "[a-z0-9-]{0,12}(\\.[a-z]{2,4}){0,2}",
        "xn--[a-z0-9-]{0,8}",
        "[0-9.]{1,15}",
        "\\[[0-9a-f:]{0,12}\\]",
    ];
    let path =
        prop_oneof![3 => "[a-zA-Z0-9/._~%?#=&-]{0,30}", 1 => any::<String>(), 1 => chars_from(rtl_char(), 0..10)];
    let scheme =
        select(vec!["https://", "http://", "HTTPS://", "ftp://", "javascript:", "//", "", "mailto:", "https:"]);
    (scheme, host, path).prop_map(|(scheme, host, path)| format!("{scheme}{host}/{path}"))
}

fn scalar() -> impl Strategy<Value = Yaml> {
    prop_oneof![
        3 => title().prop_map(|t| double_quoted(&t)),
        2 => title().prop_map(|t| single_quoted(&t)),
        // Unquoted: often not valid YAML, which is the point.
        2 => title(),
        3 => date_text(),
        1 => date_text().prop_map(|d| double_quoted(&d)),
        2 => url_text(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|n| n.to_string()),
        1 => select(vec![
            "~", "null", "true", "false", "yes", "no", "''", "\"\"", ".nan", "-.inf", "1e999", "0x1F", "0o17", "&a x",
            "*a", "*missing", "!!binary aGk=", "!custom x", "|\n  block\n  text", ">-\n  folded", "[", "{", "]", "- x",
            "? x", "@x", "`x`", "%TAG", "a: b: c", "\"unterminated", "'unterminated", "\t",
        ])
        .prop_map(str::to_string),
    ]
    .prop_map(Yaml::Scalar)
}

fn key() -> impl Strategy<Value = String> {
    let known = select(vec![
        "title",
        "Title",
        "TITLE",
        "date",
        "pubDatetime",
        "published",
        "pubDate",
        "updated",
        "lastmod",
        "modified",
        "modDatetime",
        "link",
        "external_url",
        "description",
        "summary",
        "excerpt",
        "tags",
        "categories",
        "draft",
        "slug",
        "author",
        "image",
        "lang",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        6 => known,
        1 => "[a-z_]{1,10}",
        1 => any::<String>().prop_map(|k| double_quoted(&k)),
        1 => select(vec!["? complex", "<<", "1", "~", "\"title\"", "title ", " title", "-"]).prop_map(str::to_string),
    ]
}

fn yaml_value() -> impl Strategy<Value = Yaml> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..6), any::<bool>())
                .prop_map(|(items, flow)| Yaml::Seq(items, flow)),
            (prop::collection::vec((key(), inner), 0..5), any::<bool>())
                .prop_map(|(items, flow)| Yaml::Map(items, flow)),
        ]
    })
}

/// `value` as it follows `key:` (or `- `) at `indent` spaces.
fn render_value(value: &Yaml, indent: usize, out: &mut String) {
    match value {
        Yaml::Scalar(text) => {
            out.push(' ');
            out.push_str(text);
        }
        Yaml::Seq(items, false) if !items.is_empty() => {
            for item in items {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push('-');
                render_value(item, indent + 2, out);
            }
        }
        Yaml::Map(items, false) if !items.is_empty() => {
            for (key, item) in items {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push_str(key);
                out.push(':');
                render_value(item, indent + 2, out);
            }
        }
        flow => {
            out.push(' ');
            render_flow(flow, out);
        }
    }
}

fn render_flow(value: &Yaml, out: &mut String) {
    match value {
        Yaml::Scalar(text) => out.push_str(text),
        Yaml::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_flow(item, out);
            }
            out.push(']');
        }
        Yaml::Map(items, _) => {
            out.push('{');
            for (i, (key, item)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push_str(": ");
                render_flow(item, out);
            }
            out.push('}');
        }
    }
}

/// A whole post: fences (with or without BOM, CRLF, `...`), fields, body.
fn post_source() -> impl Strategy<Value = String> {
    let fields = prop::collection::vec((key(), yaml_value()), 0..10);
    // Mostly a title and a date present, so the reader gets past the basics.
    let basics = (prop::option::of(title()), prop::option::of(date_text()));
    (basics, fields, any::<bool>(), any::<bool>(), select(vec!["---", "...", "", "--- x", "----"]), body()).prop_map(
        |((title, date), fields, bom, crlf, close, body)| {
            let mut yaml = String::new();
            if let Some(title) = title {
                yaml.push_str(&format!("title: {}\n", double_quoted(&title)));
            }
            if let Some(date) = date {
                yaml.push_str(&format!("date: {date}\n"));
            }
            for (key, value) in &fields {
                yaml.push_str(key);
                yaml.push(':');
                render_value(value, 2, &mut yaml);
                yaml.push('\n');
            }
            let mut text = format!("{}---\n{yaml}{close}\n{body}", if bom { "\u{FEFF}" } else { "" });
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        },
    )
}

/// What any user of a parsed post relies on.
fn check_parsed(source: &Path, result: &Result<Parsed, Vec<Diagnostic>>) {
    match result {
        Ok(Parsed::Post(parsed)) => {
            let post = &parsed.post;
            assert!(
                !post.slug.is_empty()
                    && post.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "slug {:?} is not one safe path segment",
                post.slug
            );
            assert!(post.permalink.as_str().starts_with(SITE), "permalink {} is outside the site", post.permalink);
            if let Some(link) = &post.link {
                assert!(matches!(link.scheme(), "http" | "https"), "link {link} is not http(s)");
            }
            assert!(!post.title.trim().is_empty(), "an empty title was accepted");
        }
        Ok(Parsed::NoFrontMatter | Parsed::NotAPost(_)) => {}
        Err(problems) => {
            assert!(problems.iter().any(|d| d.is_error()), "rejected without an error: {problems:?}");
            for problem in problems {
                assert_eq!(problem.file, source, "a diagnostic names the wrong file");
                assert!(!problem.message.trim().is_empty(), "a diagnostic without a message");
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn the_reader_survives_arbitrary_bytes(
        prefix in select(vec![&b""[..], b"---\n", b"\xEF\xBB\xBF---\r\n", b"---\ntitle: x\ndate: 2024-01-01\n"]),
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let source = Path::new("posts/arbitrary.md");
        let input = [prefix, &bytes[..]].concat();
        check_parsed(source, &parse_post(source, &input, &config()));
    }
}

proptest! {
    #![proptest_config(cases(384))]

    #[test]
    fn the_reader_survives_hostile_front_matter(text in post_source(), name in "[a-z0-9-]{0,12}") {
        let source = Path::new("posts").join(format!("{name}.md"));
        let result = parse_post(&source, text.as_bytes(), &config());
        check_parsed(&source, &result);
        // Whatever the reader accepts, the feeds can carry.
        if let Ok(Parsed::Post(parsed)) = result {
            check_feeds(std::slice::from_ref(&parsed.post), &config());
        }
    }
}

// ---------------------------------------------------------------------------
// Feeds

fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    // 0001-01-01 to 9999-12-31, in any whole-minute offset within a day.
    (-62_135_596_800i64..253_402_300_799, 0u32..1_000_000_000, -1439i32..=1439).prop_map(|(secs, nanos, minutes)| {
        let offset = FixedOffset::east_opt(minutes * 60).expect("within a day");
        DateTime::from_timestamp(secs, nanos).expect("in chrono's range").with_timezone(&offset)
    })
}

fn url() -> impl Strategy<Value = Option<Url>> {
    url_text().prop_map(|text| Url::parse(SITE).and_then(|base| base.join(&text)).ok())
}

fn post() -> impl Strategy<Value = Post> {
    let text = (title(), prop::collection::vec(short_text(), 0..8), prop::option::of(title()), body());
    let extra = (prop::option::of(short_text()), prop::option::of(short_text()), url(), url());
    ("[a-z0-9-]{1,20}", time(), prop::option::of(time()), text, extra).prop_map(
        |(slug, published, updated, (title, tags, description, body), (author, lang, link, image))| {
            let permalink = Url::parse(SITE).and_then(|site| site.join(&format!("{slug}/"))).expect("a slug URL");
            Post {
                source: format!("posts/{slug}.md").into(),
                slug,
                title,
                published,
                updated,
                link,
                permalink,
                tags,
                description,
                authors: author.into_iter().collect(),
                lang,
                image,
                card: Default::default(),
                body,
                front_values: Vec::new(),
                body_on_disk: None,
            }
        },
    )
}

/// Every feed is well-formed XML (or valid JSON) holding every post.
fn check_feeds(posts: &[Post], config: &Config) {
    let files = crate::feed::render_feeds(posts, config);
    let names: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
    for main in ["rss.xml", "atom.xml", "feed.json"] {
        assert!(names.contains(&main), "{main} is missing from {names:?}");
    }
    for file in &files {
        let name = &file.path;
        if name.ends_with(".json") {
            let feed: serde_json::Value =
                serde_json::from_slice(&file.bytes).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            let items = feed["items"].as_array().unwrap_or_else(|| panic!("{name} has no items"));
            if name == "feed.json" {
                assert_eq!(items.len(), posts.len(), "{name} lost posts");
                for (item, post) in items.iter().zip(posts_newest_first(posts)) {
                    assert_eq!(item["title"].as_str(), Some(post.title.as_str()), "{name}: title changed");
                }
            }
        } else {
            xml::assert_well_formed_xml(name, &file.bytes);
            if name == "rss.xml" || name == "atom.xml" {
                let feed = feed_rs::parser::parse(&file.bytes[..])
                    .unwrap_or_else(|e| panic!("{name} does not parse as a feed: {e}"));
                assert_eq!(feed.entries.len(), posts.len(), "{name} lost posts");
            }
        }
    }
}

fn posts_newest_first(posts: &[Post]) -> Vec<&Post> {
    let mut sorted: Vec<&Post> = posts.iter().collect();
    sorted.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.slug.cmp(&b.slug)));
    sorted
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn feeds_are_well_formed_for_any_posts(posts in prop::collection::vec(post(), 1..4)) {
        check_feeds(&posts, &config());
    }
}

// ---------------------------------------------------------------------------
// Cards

fn settings() -> CardSettings {
    // No installed fonts: the results must not depend on the machine.
    CardSettings { system_fonts: false, ..CardSettings::default() }
}

static RENDERER: LazyLock<CardRenderer> =
    LazyLock::new(|| CardRenderer::new(&settings()).expect("the embedded fonts load"));

fn assert_inside(what: &str, rect: &Rect, settings: &CardSettings) {
    let pad = settings.padding as f32;
    let (right, bottom) = ((settings.width - settings.padding) as f32, (settings.height - settings.padding) as f32);
    assert!(
        rect.x >= pad && rect.y >= pad && rect.right() <= right && rect.bottom() <= bottom,
        "{what} {rect:?} leaves the margins [{pad}, {right}] x [{pad}, {bottom}]"
    );
}

fn check_layout(text: &CardText) {
    let settings = settings();
    let layout = RENDERER.layout(text);
    assert_inside("the title box", &layout.title_box, &settings);
    let parts = [
        ("the logo", layout.logo_box),
        ("the site name", layout.site_box),
        ("the date", layout.date_box),
        ("the avatar", layout.avatar_box),
        ("the author", layout.author_box),
    ];
    for (what, rect) in parts {
        if let Some(rect) = rect {
            assert_inside(what, &rect, &settings);
        }
    }
    for (i, line) in layout.description_boxes.iter().enumerate() {
        assert_inside(&format!("description line {i}"), line, &settings);
    }
    for (i, line) in layout.title_line_boxes.iter().enumerate() {
        assert_inside(&format!("title line {i}"), line, &settings);
    }
    for (i, pill) in layout.tag_boxes.iter().enumerate() {
        assert_inside(&format!("tag {i}"), pill, &settings);
    }
    assert!(
        layout.title_lines.len() <= settings.max_title_lines,
        "{} title lines, more than {}",
        layout.title_lines.len(),
        settings.max_title_lines
    );
    assert_eq!(layout.title_lines.len(), layout.title_line_boxes.len(), "a title line without a box");
    assert!(layout.tag_rows <= 2, "{} rows of tags", layout.tag_rows);
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn card_text_stays_inside_the_margins(
        title in title(),
        tags in prop::collection::vec(short_text(), 0..24),
        site in short_text(),
        date in short_text(),
    ) {
        let text = CardText { title: &title, tags: &tags, site: &site, date: &date, description: &site, author: &date, ..CardText::default() };
        check_layout(&text);
    }
}

proptest! {
    // Drawing is slow in a debug build: a few cases only.
    #![proptest_config(cases(4))]

    #[test]
    fn cards_are_always_1200_by_630_pngs(
        title in title(),
        tags in prop::collection::vec(short_text(), 0..6),
        site in short_text(),
    ) {
        let text = CardText { title: &title, tags: &tags, site: &site, date: "2 November 2024", ..CardText::default() };
        check_layout(&text);
        let card = RENDERER.render(&text).unwrap_or_else(|e| panic!("the card did not render: {e}"));
        let image = image::load_from_memory(&card.png).unwrap_or_else(|e| panic!("the PNG does not decode: {e}"));
        assert_eq!((image.width(), image.height()), (1200, 630));
        assert_eq!((card.width, card.height), (1200, 630));
    }
}

proptest! {
    #![proptest_config(cases(8))]

    #[test]
    fn a_100_000_character_title_is_read_and_published(title in huge_title()) {
        assert_eq!(title.chars().count(), 100_000);
        let source = Path::new("posts/huge.md");
        let text = format!("---\ntitle: {}\ndate: 2024-01-01\ntags: [a, b]\n---\nBody.\n", double_quoted(&title));
        let result = parse_post(source, text.as_bytes(), &config());
        check_parsed(source, &result);
        if let Ok(Parsed::Post(parsed)) = result {
            check_feeds(std::slice::from_ref(&parsed.post), &config());
        }
    }
}

proptest! {
    // Shaping 100,000 characters takes about 0.5 s in a release build and
    // over ten times that in a debug one (`cargo test`): one case per run, the
    // other card texts at 2,000 characters.
    #![proptest_config(cases(1))]

    #[test]
    fn a_100_000_character_title_is_laid_out_inside_the_margins(title in huge_title()) {
        let long: String = title.chars().take(2_000).collect();
        let tags = vec![long.clone()];
        check_layout(&CardText { title: &title, tags: &tags, site: &long, date: &long, description: &long, author: &long, ..CardText::default() });
    }
}
