//! `feedcard preview`: the page read back with an HTML parser, the images
//! it points at decoded, and the folders it must refuse.

mod common;

use common::{feedcard, feedcard_in, stderr, Site};
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::fs;
use std::path::Path;

const PLATFORMS: [&str; 5] = ["mastodon", "bluesky", "linkedin", "slack", "x"];
const HOSTILE: &str = "<script>alert(\"pwned\")</script> & <img src=x onerror=alert(1)>";

fn post(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: '{title}'\ndate: {date}\n{extra}---\nBody.\n")
}

/// Three posts: a hostile title, a character no font has (with installed
/// fonts off), and a long title cut to one line.
fn site() -> Site {
    let site = Site::new(
        "site:\n  title: Test Site\n  url: https://blog.example.com/\ncard: {system_fonts: false, max_title_lines: 2}\n",
    );
    site.post("hostile.md", &post(HOSTILE, "2025-01-01", "description: 'A <b>bold</b> claim'\n"));
    site.post("glyph.md", &post("Hieroglyph \u{13000} here", "2025-01-02", ""));
    let long = "A very long title that keeps going ".repeat(8);
    site.post("long.md", &post(long.trim(), "2025-01-03", ""));
    site
}

fn preview(site: &Site, folder: &Path, extra: &[&str]) -> std::process::Output {
    let (input, folder) = (site.path().to_str().unwrap(), folder.to_str().unwrap());
    let mut args = vec!["preview", input, "-o", folder, "--now", "2026-01-01T00:00:00Z"];
    args.extend_from_slice(extra);
    feedcard(&args)
}

fn parse(path: &Path) -> RcDom {
    let html = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    html5ever::parse_document(RcDom::default(), Default::default()).one(html)
}

/// Every element below `node`, in document order.
fn elements(node: &Handle) -> Vec<Handle> {
    let mut found = Vec::new();
    for child in node.children.borrow().iter() {
        if matches!(child.data, NodeData::Element { .. }) {
            found.push(child.clone());
        }
        found.extend(elements(child));
    }
    found
}

fn name(node: &Handle) -> String {
    match &node.data {
        NodeData::Element { name, .. } => name.local.to_string(),
        _ => String::new(),
    }
}

fn attr(node: &Handle, key: &str) -> Option<String> {
    let NodeData::Element { attrs, .. } = &node.data else { return None };
    attrs.borrow().iter().find(|a| &*a.name.local == key).map(|a| a.value.to_string())
}

fn has_class(node: &Handle, class: &str) -> bool {
    attr(node, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

fn text(node: &Handle) -> String {
    let mut out = String::new();
    for child in node.children.borrow().iter() {
        match &child.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            _ => out.push_str(&text(child)),
        }
    }
    out
}

fn find<'a>(all: &'a [Handle], tag: &str, class: &str) -> Vec<&'a Handle> {
    all.iter().filter(|n| name(n) == tag && has_class(n, class)).collect()
}

#[test]
fn the_page_shows_every_card_in_five_frames_with_its_warnings() {
    let site = site();
    let folder = site.path().join("preview");
    let output = preview(&site, &folder, &[]);
    // A character no font has is an error, as in `build`; the page is still written, showing it.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!("{}", folder.join("index.html").display())), "{}", stderr(&output));

    let dom = parse(&folder.join("index.html"));
    let all = elements(&dom.document);
    let posts = find(&all, "article", "post");
    assert_eq!(posts.len(), 3);
    // The hostile title is text, never markup.
    assert!(!all.iter().any(|n| name(n) == "script"), "a <script> element got in");
    let onerror = all.iter().filter(|n| attr(n, "onerror").is_some()).count();
    assert_eq!(onerror, 0, "an attribute from a title got in");

    let mut images = 0;
    for article in &posts {
        let inside = elements(article);
        let frames = find(&inside, "section", "frame");
        let shown: Vec<String> = frames.iter().filter_map(|f| attr(f, "data-platform")).collect();
        assert_eq!(shown, PLATFORMS, "{}", text(article));
        for frame in &frames {
            let ratio: f64 = attr(frame, "data-ratio").unwrap().parse().unwrap();
            assert!(ratio > 1.0 && ratio < 2.1, "{ratio}");
        }
        for img in inside.iter().filter(|n| name(n) == "img") {
            let src = attr(img, "src").unwrap();
            let bytes = fs::read(folder.join(&src)).unwrap_or_else(|e| panic!("{src}: {e}"));
            let png = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
            assert_eq!((png.width(), png.height()), (1200, 630), "{src}");
            images += 1;
        }
    }
    // The full-size card plus one per frame.
    assert_eq!(images, 3 * 6);

    let by_title = |wanted: &str| {
        *posts
            .iter()
            .find(|p| find(&elements(p), "h2", "post-title").first().is_some_and(|h| text(h).starts_with(wanted)))
            .unwrap_or_else(|| panic!("no post titled {wanted}"))
    };
    let hostile = by_title("<script>");
    assert_eq!(text(find(&elements(hostile), "h2", "post-title")[0]), HOSTILE);
    let inside = elements(hostile);
    let descriptions: Vec<String> = find(&inside, "span", "description").into_iter().map(text).collect();
    assert!(!descriptions.is_empty() && descriptions.iter().all(|d| d == "A <b>bold</b> claim"), "{descriptions:?}");

    let warnings = |article: &Handle, class: &str| -> Vec<String> {
        find(&elements(article), "li", class).into_iter().map(text).collect()
    };
    let glyph = warnings(by_title("Hieroglyph"), "error");
    assert!(glyph.iter().any(|w| w.contains("U+13000")), "{glyph:?}");
    let cut = warnings(by_title("A very long"), "notice");
    assert!(cut.iter().any(|w| w.contains("does not fit")), "{cut:?}");
    assert!(warnings(hostile, "warning").is_empty());
}

#[test]
fn a_missing_image_is_shown_and_strict_fails_as_build_does() {
    let site = Site::with_url();
    site.post("a.md", &post("With a picture", "2025-01-01", "image: nope.png\n"));
    let folder = site.path().join("p");
    let output = preview(&site, &folder, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dom = parse(&folder.join("index.html"));
    let all = elements(&dom.document);
    let shown: Vec<String> = find(&all, "li", "warning").into_iter().map(text).collect();
    assert!(shown.iter().any(|w| w.contains("nope.png")), "{shown:?}");
    assert_eq!(find(&all, "figure", "full").len(), 1, "drawn without the image");

    let output = preview(&site, &folder, &["--strict"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn a_folder_inside_the_output_is_refused() {
    let site = Site::new("site: {title: T, url: 'https://blog.example.com/'}\noutput: public\n");
    site.post("a.md", &post("A", "2025-01-01", ""));
    let public = site.path().join("public");
    for inside in [public.clone(), public.join("cards"), site.path().join("posts/../public/x")] {
        let output = preview(&site, &inside, &[]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains("inside the output folder"), "{}", stderr(&output));
        assert!(!public.exists(), "nothing was written");
    }
    // Beside it is fine.
    assert!(preview(&site, &site.path().join("public-preview"), &[]).status.success());
}

#[test]
fn a_foreign_folder_is_refused_and_its_own_is_replaced() {
    let site = Site::with_url();
    for (name, title) in [("a.md", "One"), ("b.md", "Two"), ("long.md", "Three")] {
        site.post(name, &post(title, "2025-01-01", ""));
    }
    let foreign = site.path().join("docs");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("index.html"), "theirs").unwrap();
    let output = preview(&site, &foreign, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("not a feedcard preview"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(foreign.join("index.html")).unwrap(), "theirs");
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);

    // Without -o: ./feedcard-preview in the current folder; a second run
    // replaces its files and drops the card of a post that is gone.
    let cwd = tempfile::tempdir().unwrap();
    let args = ["preview", site.path().to_str().unwrap(), "--now", "2026-01-01T00:00:00Z", "--quiet"];
    assert!(feedcard_in(cwd.path(), &args).status.success());
    let ours = cwd.path().join("feedcard-preview");
    assert_eq!(fs::read_dir(ours.join("cards")).unwrap().count(), 3);
    fs::remove_file(site.path().join("posts/long.md")).unwrap();
    let output = feedcard_in(cwd.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_dir(ours.join("cards")).unwrap().count(), 2);
    let all = elements(&parse(&ours.join("index.html")).document);
    assert_eq!(find(&all, "article", "post").len(), 2);
}
