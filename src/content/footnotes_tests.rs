use super::*;
use crate::content::markdown::render;
use crate::content::sanitize::sanitize;

const POST: &str = "https://b.example/post/";

/// The body's HTML as the feeds get it when sanitising is off.
fn html(markdown: &str) -> String {
    let base = Url::parse(POST).unwrap();
    render(markdown, &base, true, false, false).html.unwrap()
}

/// The `<li>` of note `number`, up to the next note or the list's end.
fn note(html: &str, number: usize) -> &str {
    let start = html.find(&format!("<li id=\"fn:{number}\">")).unwrap_or_else(|| panic!("no note {number} in {html}"));
    let end =
        ["\n<li id=\"fn:", "\n</ol>\n</section>"].iter().filter_map(|next| html[start..].find(next)).min().unwrap();
    &html[start..start + end]
}

fn back_link(id: &str, label: &str) -> String {
    format!("<a href=\"{POST}#{id}\" class=\"footnote-backref\">↩\u{FE0E}{label}</a>")
}

#[test]
fn notes_are_listed_at_the_end_in_reference_order() {
    let out = html("First[^b], then[^a].\n\n[^a]: Note A.\n\nMiddle.\n\n[^b]: Note B.\n");
    let expected = format!(
        concat!(
            "<p>First<sup class=\"footnote-reference\" id=\"fnref:1\"><a href=\"{post}#fn:1\">1</a></sup>, ",
            "then<sup class=\"footnote-reference\" id=\"fnref:2\"><a href=\"{post}#fn:2\">2</a></sup>.</p>\n",
            "<p>Middle.</p>\n",
            "<section class=\"footnotes\">\n<hr>\n<ol>\n",
            "<li id=\"fn:1\">\n<p>Note B. {b}</p>\n</li>\n",
            "<li id=\"fn:2\">\n<p>Note A. {a}</p>\n</li>\n",
            "</ol>\n</section>\n",
        ),
        post = POST,
        a = back_link("fnref:2", ""),
        b = back_link("fnref:1", ""),
    );
    assert_eq!(out, expected);
}

#[test]
fn a_note_referenced_again_gets_a_back_link_per_reference() {
    let out = html("One[^n] two[^n] three[^N].\n\n[^n]: The note.\n");
    for id in ["fnref:1", "fnref:1:1", "fnref:1:2"] {
        assert!(out.contains(&format!("id=\"{id}\"><a href=\"{POST}#fn:1\">1</a>")), "{id} in {out}");
    }
    let links =
        [back_link("fnref:1", ""), back_link("fnref:1:1", "<sup>2</sup>"), back_link("fnref:1:2", "<sup>3</sup>")];
    assert_eq!(note(&out, 1), format!("<li id=\"fn:1\">\n<p>The note. {}</p>\n</li>", links.join(" ")));
}

#[test]
fn unreferenced_notes_go_and_undefined_references_stay_text() {
    let out = html("Text[^missing] and[^used].\n\n[^unused]: Never referenced.\n\n[^used]: Used.\n");
    assert!(out.starts_with("<p>Text[^missing] and<sup"), "{out}");
    assert!(!out.contains("Never referenced"), "{out}");
    assert!(note(&out, 1).contains("Used."), "{out}");
    assert!(!out.contains("fn:2"), "{out}");

    let only_unused = html("No reference.\n\n[^a]: Dropped.\n");
    assert_eq!(only_unused, "<p>No reference.</p>\n");
}

#[test]
fn the_back_link_goes_in_the_last_paragraph_or_after_a_list_or_code() {
    let out = html(concat!(
        "P[^p] L[^l] C[^c]\n\n",
        "[^p]: First paragraph.\n\n    Second paragraph.\n\n",
        "[^l]: Items:\n\n    - one\n    - two\n\n",
        "[^c]:\n    ```rust\n    fn main() {}\n    ```\n",
    ));
    assert_eq!(
        note(&out, 1),
        format!(
            "<li id=\"fn:1\">\n<p>First paragraph.</p>\n<p>Second paragraph. {}</p>\n</li>",
            back_link("fnref:1", "")
        )
    );
    assert_eq!(
        note(&out, 2),
        format!(
            "<li id=\"fn:2\">\n<p>Items:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>{}</p>\n</li>",
            back_link("fnref:2", "")
        )
    );
    assert_eq!(
        note(&out, 3),
        format!(
            "<li id=\"fn:3\">\n<pre><code class=\"language-rust\">fn main() {{}}\n</code></pre>\n<p>{}</p>\n</li>",
            back_link("fnref:3", "")
        )
    );
}

#[test]
fn a_reference_inside_a_note_numbers_the_next_note() {
    // `b` is only referenced from note `a`: it becomes note 2, listed after
    // it; note `a` referring to itself adds a back-link to its own list item.
    let out = html("Body[^a].\n\n[^b]: Inner note.\n\n[^a]: Outer, see[^b] and[^a].\n");
    let outer = note(&out, 1);
    assert!(
        outer.contains(&format!("see<sup class=\"footnote-reference\" id=\"fnref:2\"><a href=\"{POST}#fn:2\">2</a>"))
    );
    assert!(outer.contains(&back_link("fnref:1:1", "<sup>2</sup>")), "{outer}");
    assert!(note(&out, 2).contains(&format!("Inner note. {}", back_link("fnref:2", ""))), "{out}");
    assert!(out.find("fn:1\">\n").unwrap() < out.find("fn:2\">\n").unwrap());
}

#[test]
fn the_first_of_two_definitions_wins_and_a_quoted_one_counts() {
    let out = html("A[^x] B[^q]\n\n[^x]: First.\n\n[^x]: Second.\n\n> [^q]: Quoted.\n");
    assert!(note(&out, 1).contains("First."), "{out}");
    assert!(!out.contains("Second."), "{out}");
    assert!(note(&out, 2).contains("Quoted."), "{out}");
}

#[test]
fn footnote_syntax_in_code_is_left_alone() {
    let out = html("Write `[^1]` for a note.\n\n```\n[^1]: like this\n```\n");
    assert_eq!(out, "<p>Write <code>[^1]</code> for a note.</p>\n<pre><code>[^1]: like this\n</code></pre>\n");
}

#[test]
fn the_markup_survives_the_sanitiser_unchanged() {
    // ammonia parses the HTML as a browser does and writes back its tree: equal
    // output means every element nests as meant and the allow-list keeps it all.
    let out = html(concat!(
        "A[^1] b[^1] c[^two].\n\n",
        "[^1]: A *note* with [a link](../x/).\n\n",
        "[^two]:\n    - item\n\n    > quoted\n",
    ));
    assert!(out.contains("<section class=\"footnotes\">"), "{out}");
    assert_eq!(sanitize(&out, &Url::parse(POST).unwrap()), out);
}

#[test]
fn only_the_ids_this_pass_writes_are_footnote_ids() {
    for id in ["fn:1", "fn:12", "fnref:3", "fnref:3:1"] {
        assert!(is_footnote_id(id), "{id}");
    }
    for id in ["fn:", "fn:a", "fn:1:2", "fnref:", "fnref:1:", "fnref:1:2:3", "top", "fnref:x", "fn-1"] {
        assert!(!is_footnote_id(id), "{id}");
    }
}
