//! Jekyll's addresses: its `slugify` (default and pretty modes), the
//! `:placeholder` permalink templates and the clean-up of the result, as
//! Jekyll 4.3 does them (`Utils.slugify`, `URL`, `Drops::UrlDrop`).

use chrono::{Datelike, NaiveDateTime};
use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// How much punctuation a slug keeps (Jekyll's slugify modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Letters, marks and decimal digits; everything else becomes `-`.
    Default,
    /// Also keeps `._~!$&'()+,;=@`.
    Pretty,
}

static DEFAULT_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").expect("a valid pattern"));
static PRETTY_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+").expect("a valid pattern"));

/// Jekyll's `Utils.slugify(text, mode:, cased:)`. No Unicode normalisation
/// (Jekyll keeps combining marks as written) and no length cut.
pub(super) fn slugify(text: &str, mode: Mode, cased: bool) -> String {
    let run = match mode {
        Mode::Default => &DEFAULT_RUN,
        Mode::Pretty => &PRETTY_RUN,
    };
    let slug = run.replace_all(text, "-");
    // One hyphen off each end: a run of them was already made one.
    let slug = slug.strip_prefix('-').unwrap_or(&slug);
    let slug = slug.strip_suffix('-').unwrap_or(slug);
    if cased {
        slug.to_string()
    } else {
        // Character by character, as Ruby's `downcase` (no final-sigma rule).
        slug.chars().flat_map(char::to_lowercase).collect()
    }
}

/// `URL.escape_path`: percent-encodes what may not stand in a URL path,
/// keeping RFC 3986 `pchar`s and `/`. (Jekyll 4.3.1 leaves `?` raw, which
/// makes an address its server never answers; `%3F` is what it serves.)
pub(super) fn escape_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The address as `absolute_url` writes it (what jekyll-feed and the
/// sitemap publish): each path segment percent-decoded, put in Unicode NFC
/// (Addressable's `normalize`, NFC since 2.8.2; Debian's 2.8.1 uses NFKC)
/// and encoded again. A file named in NFD gets its NFC address.
pub(super) fn normalize(path: &str) -> String {
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let decoded = percent_decode(segment);
            let text: String = String::from_utf8_lossy(&decoded).nfc().collect();
            escape_path(&text).replace('/', "%2F")
        })
        .collect();
    segments.join("/")
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// `URL#sanitize_url`: a leading `/`, `..` turned into `/`, every `./`
/// dropped, runs of `/` squeezed.
pub(super) fn sanitize(url: &str) -> String {
    let url = format!("/{url}").replace("..", "/").replace("./", "");
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// The style names `permalink:` may give instead of a pattern.
pub(super) fn style_pattern(style: &str) -> Option<&'static str> {
    Some(match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

/// What a post's placeholders are made from.
pub(super) struct Placeholders<'a> {
    /// `slug:` from the front matter, else the title part of the file name.
    pub slug: &'a str,
    /// The file name without its extension (date included).
    pub basename: &'a str,
    /// The path from the collections folder without `_posts` and extension.
    pub path: &'a str,
    /// Front-matter and folder categories, as Jekyll merges them.
    pub categories: &'a [String],
    pub output_ext: &'a str,
    /// The publish date in the site's time zone.
    pub date: NaiveDateTime,
}

impl Placeholders<'_> {
    /// The value of `:name`, or `None` when Jekyll has no such placeholder.
    fn value(&self, name: &str) -> Option<String> {
        let date = |format: &str| self.date.format(format).to_string();
        Some(match name {
            "collection" => "posts".to_string(),
            "name" => slugify(self.basename, Mode::Default, false),
            "title" => slugify(self.slug, Mode::Pretty, true),
            "slug" => slugify(self.slug, Mode::Default, false),
            "path" => self.path.to_string(),
            "output_ext" => self.output_ext.to_string(),
            "categories" => unique(self.categories.iter().map(|c| lower(c))).join("/"),
            "slugified_categories" => {
                unique(self.categories.iter().map(|c| slugify(c, Mode::Default, false))).join("/")
            }
            "year" => format!("{:04}", self.date.year()),
            "month" => date("%m"),
            "day" => date("%d"),
            "hour" => date("%H"),
            "minute" => date("%M"),
            "second" => date("%S"),
            "i_day" => self.date.day().to_string(),
            "i_month" => self.date.month().to_string(),
            "short_month" => date("%b"),
            "long_month" => date("%B"),
            "short_year" => date("%y"),
            "w_year" => date("%G"),
            "week" => date("%V"),
            "w_day" => date("%u"),
            "short_day" => date("%a"),
            "long_day" => date("%A"),
            "y_day" => date("%j"),
            _ => return None,
        })
    }
}

/// The names a permalink pattern may use, for messages.
pub(super) const PLACEHOLDER_NAMES: &str = ":year :month :i_month :day :i_day :short_year :hour :minute :second \
:title :slug :name :categories :slugified_categories :y_day :w_year :week :w_day :short_month :long_month \
:short_day :long_day :output_ext :path :collection";

/// Fills a permalink pattern like `URL#generate_url_from_drop`, then
/// cleans it like `URL#to_s`. `Err` names a placeholder Jekyll would stop on.
pub(super) fn expand(template: &str, values: &Placeholders<'_>) -> Result<String, String> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":([a-z_]+)").expect("a valid pattern"));
    let mut out = String::with_capacity(template.len() + 32);
    let mut last = 0;
    for token in TOKEN.captures_iter(template) {
        let (Some(whole), Some(name)) = (token.get(0), token.get(1)) else { continue };
        out.push_str(&template[last..whole.start()]);
        last = whole.end();
        let name = name.as_str();
        // `:month_:day` is `:month`, `_` and `:day`.
        let (value, rest) = match values.value(name) {
            Some(value) => (value, ""),
            None => match name.strip_suffix('_').and_then(|short| values.value(short)) {
                Some(value) => (value, "_"),
                None => {
                    return Err(format!(
                        "the permalink `{template}` uses `:{name}`, which Jekyll does not know for posts (it knows {PLACEHOLDER_NAMES})"
                    ))
                }
            },
        };
        out.push_str(&escape_path(&value));
        out.push_str(rest);
    }
    out.push_str(&template[last..]);
    Ok(normalize(&sanitize(&out)))
}

/// Ruby's `downcase`, one character at a time.
fn lower(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Keeps the first of each value, in order (Ruby's `Set#to_a`).
fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Inputs and outputs taken from Jekyll 4.3.1 itself
    /// (`Jekyll::Utils.slugify` run under Debian's ruby).
    const SLUGS: &[(&str, &str, &str, &str)] = &[
        // input, default, pretty, pretty cased
        ("Hello, World!", "hello-world", "hello,-world!", "Hello,-World!"),
        ("The _config.yml file", "the-config-yml-file", "the-_config.yml-file", "The-_config.yml-file"),
        ("aren't", "aren-t", "aren't", "aren't"),
        ("Don\u{2019}t stop", "don-t-stop", "don-t-stop", "Don-t-stop"),
        ("Ka\u{308}ldstro\u{308}m", "ka\u{308}ldstro\u{308}m", "ka\u{308}ldstro\u{308}m", "Ka\u{308}ldstro\u{308}m"),
        ("Käldström", "käldström", "käldström", "Käldström"),
        ("Café Olé", "café-olé", "café-olé", "Café-Olé"),
        ("日本語のタイトル", "日本語のタイトル", "日本語のタイトル", "日本語のタイトル"),
        ("Emoji 🎉 party", "emoji-party", "emoji-party", "Emoji-party"),
        ("C++ and C#", "c-and-c", "c++-and-c", "C++-and-C"),
        ("ΟΔΟΣ Σ", "οδοσ-σ", "οδοσ-σ", "ΟΔΟΣ-Σ"),
        ("İstanbul", "i\u{307}stanbul", "i\u{307}stanbul", "İstanbul"),
        ("  --lead-trail--  ", "lead-trail", "lead-trail", "lead-trail"),
        ("a..b", "a-b", "a..b", "a..b"),
        ("v1.2-release", "v1-2-release", "v1.2-release", "v1.2-release"),
        ("100% sure?", "100-sure", "100-sure", "100-sure"),
        (
            "x~y!z$w&v'u(t)s+r,q;p=o@n",
            "x-y-z-w-v-u-t-s-r-q-p-o-n",
            "x~y!z$w&v'u(t)s+r,q;p=o@n",
            "x~y!z$w&v'u(t)s+r,q;p=o@n",
        ),
        ("tab\there", "tab-here", "tab-here", "tab-here"),
        ("Straße", "straße", "straße", "Straße"),
        ("ǅemal", "ǆemal", "ǆemal", "ǅemal"),
        ("١٢٣ arabic digits", "١٢٣-arabic-digits", "١٢٣-arabic-digits", "١٢٣-arabic-digits"),
        ("Ⅻ roman", "roman", "roman", "roman"),
        ("x²", "x", "x", "x"),
    ];

    #[test]
    fn slugify_matches_jekyll() {
        for (input, default, pretty, cased) in SLUGS {
            assert_eq!(slugify(input, Mode::Default, false), *default, "default: {input:?}");
            assert_eq!(slugify(input, Mode::Pretty, false), *pretty, "pretty: {input:?}");
            assert_eq!(slugify(input, Mode::Pretty, true), *cased, "pretty cased: {input:?}");
        }
    }

    #[test]
    fn long_titles_are_not_cut() {
        let title = "A very long title that goes on and on well past eighty characters without any end in sight at all";
        let slug = slugify(title, Mode::Default, false);
        assert_eq!(slug.len(), title.len());
        assert!(slug.ends_with("in-sight-at-all"));
    }

    #[test]
    fn escape_path_matches_jekyll() {
        // From `Jekyll::URL.escape_path` (4.3.1), except `?` (see escape_path).
        assert_eq!(escape_path("Ka\u{308}ldstro\u{308}m"), "Ka%CC%88ldstro%CC%88m");
        assert_eq!(escape_path("Caf\u{e9}-Ol\u{e9}"), "Caf%C3%A9-Ol%C3%A9");
        assert_eq!(escape_path("a b"), "a%20b");
        assert_eq!(escape_path("[x]"), "%5Bx%5D");
        assert_eq!(escape_path("a#b"), "a%23b");
        assert_eq!(escape_path("%41"), "%2541");
        assert_eq!(escape_path("^|\\"), "%5E%7C%5C");
        assert_eq!(escape_path("x~y!z$w&v'u(t)s+r,q;p=o@n"), "x~y!z$w&v'u(t)s+r,q;p=o@n");
        assert_eq!(escape_path("blog/news"), "blog/news");
        assert_eq!(escape_path("a?b"), "a%3Fb");
    }

    #[test]
    fn addresses_are_normalised_like_absolute_url() {
        // From Addressable's `normalize` (NFC): NFD becomes NFC, escapes stay.
        assert_eq!(normalize("/Ka%CC%88ldstro%CC%88m.html"), "/K%C3%A4ldstr%C3%B6m.html");
        assert_eq!(normalize("/a%2Fb/%3F/100%25/%41/"), "/a%2Fb/%3F/100%25/A/");
        assert_eq!(normalize("/caf\u{e9}/x y"), "/caf%C3%A9/x%20y");
        assert_eq!(normalize("/2024/Mixed-Case-&-Symbols!.html"), "/2024/Mixed-Case-&-Symbols!.html");
    }

    #[test]
    fn sanitize_matches_jekyll() {
        assert_eq!(sanitize("//a//b/"), "/a/b/");
        assert_eq!(sanitize("/2024/a..b.html"), "/2024/a/b.html");
        assert_eq!(sanitize("/x./y"), "/xy");
        assert_eq!(sanitize("blog/post"), "/blog/post");
    }

    fn sample<'a>(categories: &'a [String]) -> Placeholders<'a> {
        Placeholders {
            slug: "Hello-World",
            basename: "2024-03-09-Hello-World",
            path: "blog//2024-03-09-Hello-World",
            categories,
            output_ext: ".html",
            date: NaiveDate::from_ymd_opt(2024, 3, 9).and_then(|d| d.and_hms_opt(7, 5, 3)).expect("a date"),
        }
    }

    #[test]
    fn styles_and_placeholders() {
        let cats = vec!["Blog".to_string(), "My Notes".to_string(), "blog".to_string()];
        let p = sample(&cats);
        let style = |name| expand(style_pattern(name).expect("a style"), &p).expect("expands");
        assert_eq!(style("date"), "/blog/my%20notes/2024/03/09/Hello-World.html");
        assert_eq!(style("pretty"), "/blog/my%20notes/2024/03/09/Hello-World/");
        assert_eq!(style("ordinal"), "/blog/my%20notes/2024/069/Hello-World.html");
        assert_eq!(style("weekdate"), "/blog/my%20notes/2024/W10/Sat/Hello-World.html");
        assert_eq!(style("none"), "/blog/my%20notes/Hello-World.html");
        let all = ":year~:short_year~:month~:i_month~:short_month~:long_month~:day~:i_day~:y_day~:hour~:minute~:second~:w_year~:week~:w_day~:short_day~:long_day";
        assert_eq!(
            expand(all, &p).expect("expands"),
            "/2024~24~03~3~Mar~March~09~9~069~07~05~03~2024~10~6~Sat~Saturday"
        );
        assert_eq!(
            expand("/:slug/:name/:collection/:path:output_ext", &p).expect("expands"),
            "/hello-world/2024-03-09-hello-world/posts/blog/2024-03-09-Hello-World.html"
        );
        assert_eq!(expand("/:slugified_categories/:title/", &p).expect("expands"), "/blog/my-notes/Hello-World/");
        // `:month_:day` reads as `:month`, `_`, `:day`.
        assert_eq!(expand("/:year/:month_:day/:title", &p).expect("expands"), "/2024/03_09/Hello-World");
        // No categories: the empty segment is squeezed away.
        assert_eq!(
            expand(style_pattern("date").expect("a style"), &sample(&[])).expect("expands"),
            "/2024/03/09/Hello-World.html"
        );
        let err = expand("/:year/:basename/", &p).expect_err("unknown");
        assert!(err.contains(":basename"), "{err}");
    }
}
