//! The last pass: an allow-list sanitiser (ammonia, which parses the HTML as
//! a browser does) over every rendered body. What a feed reader can display
//! stays; scripts, styles, event handlers, forms, `<base>`, `<meta>` and
//! `javascript:` URLs go; `data:` URLs stay only as image sources; an
//! `<iframe>`, `<video>` or `<audio>` becomes a link to what it played.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;
use url::Url;

use super::embeds::players_to_links;
use super::footnotes::{footnote_class, is_footnote_id};

/// Built once: ammonia's default allow-list (headings, lists, tables, code,
/// images, figure, details/summary, sup/sub, mark, del, ...) plus the
/// classes and ids our own Markdown output uses (code languages; the
/// footnote list of [`super::footnotes`], only its own class names and ids)
/// and table alignment.
static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .link_rel(None)
        .add_url_schemes(["data"])
        .add_tags(["section"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("sup", ["class", "id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("section", ["class"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .attribute_filter(|element, attribute, value| {
            // ammonia's own class filter would leave an empty `class=""`.
            let keep = match attribute {
                "id" => is_footnote_id(value),
                "class" if element != "code" => footnote_class(element) == Some(value),
                _ => {
                    let lower = value.trim_start().to_ascii_lowercase();
                    let image = element == "img" && attribute == "src" && lower.starts_with("data:image/");
                    !lower.starts_with("data:") || image
                }
            };
            keep.then_some(Cow::Borrowed(value))
        });
    builder
});

/// `html` with only what the allow-list keeps; `base` is the address the
/// players that become links ([`super::embeds`]) resolve against.
pub(crate) fn sanitize(html: &str, base: &Url) -> String {
    SANITIZER.clean(&players_to_links(html, base)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitize(html: &str) -> String {
        super::sanitize(html, &Url::parse("https://b.example/").unwrap())
    }

    #[test]
    fn scripts_styles_handlers_and_bad_urls_go() {
        let out = sanitize(concat!(
            "<p onclick=\"x()\" style=\"color:red\">Hi<script>alert(1)</script></p><style>p{}</style>",
            "<a href=\"javascript:alert(1)\">j</a><a href=\"data:text/html,x\">d</a>",
            "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0\">",
            "<form action=\"/x\"><input name=q><button>Go</button></form>",
        ));
        assert_eq!(out, "<p>Hi</p><a>j</a><a>d</a>Go");
    }

    #[test]
    fn what_a_reader_can_display_stays() {
        let html = concat!(
            "<h2>T</h2><pre><code class=\"language-rust\">fn a() {}</code></pre>",
            "<figure><img src=\"https://x.example/a.png\" alt=\"A\"><figcaption>C</figcaption></figure>",
            "<details><summary>S</summary>D</details><p><sup>1</sup><sub>2</sub><mark>m</mark><del>d</del></p>",
            "<table><thead><tr><th style=\"text-align:right\">h</th></tr></thead></table>",
            "<p>T<sup class=\"footnote-reference\" id=\"fnref:1:2\"><a href=\"https://x.example/#fn:1\">1</a></sup></p>",
            "<section class=\"footnotes\"><hr><ol><li id=\"fn:1\"><p>N ",
            "<a href=\"https://x.example/#fnref:1\" class=\"footnote-backref\">↩<sup>2</sup></a></p></li></ol></section>",
            "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
        );
        assert_eq!(sanitize(html), html);
    }

    #[test]
    fn only_the_footnote_classes_and_ids_stay() {
        let out = sanitize(concat!(
            "<div class=\"note\" id=\"x\"><sup class=\"big\" id=\"fnref:a\">1</sup></div>",
            "<section class=\"hero\"><ol><li id=\"top\"><a class=\"btn\" href=\"https://x.example/\">a</a></li></ol></section>",
        ));
        assert_eq!(
            out,
            "<div><sup>1</sup></div><section><ol><li><a href=\"https://x.example/\">a</a></li></ol></section>"
        );
    }

    #[test]
    fn players_become_links_to_what_they_play() {
        let out = sanitize("<p>Watch:</p><IFRAME width=560 src=\"https://www.youtube.com/embed/x?a=1&amp;b=2\" allowfullscreen>fallback</iframe> after");
        assert_eq!(
            out,
            "<p>Watch:</p><a href=\"https://www.youtube.com/embed/x?a=1&amp;b=2\">https://www.youtube.com/embed/x?a=1&amp;b=2</a> after"
        );
        assert_eq!(sanitize("<iframe src=\"javascript:alert(1)\"></iframe>"), "<a>javascript:alert(1)</a>");
        assert_eq!(
            sanitize("<video src=\"/v.mp4\" poster=\"/p.jpg\" onplay=\"x()\"></video>"),
            "<a href=\"https://b.example/v.mp4\"><img src=\"https://b.example/p.jpg\" alt=\"Video\"></a>"
        );
    }
}
