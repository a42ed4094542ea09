//! The card layout on arbitrary text: every box stays inside the margins and
//! the title takes at most `max_title_lines` lines.
#![no_main]

use std::sync::LazyLock;

use feedcard::internals::{CardRenderer, CardSettings, CardText, Rect};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    title: String,
    tags: Vec<String>,
    site: String,
    date: String,
}

// No installed fonts: the embedded ones only, so a crash reproduces anywhere.
static SETTINGS: LazyLock<CardSettings> =
    LazyLock::new(|| CardSettings { system_fonts: false, ..CardSettings::default() });
static RENDERER: LazyLock<CardRenderer> =
    LazyLock::new(|| CardRenderer::new(&SETTINGS).expect("the embedded fonts load"));

fn assert_inside(what: &str, rect: &Rect) {
    let s = &*SETTINGS;
    let pad = s.padding as f32;
    let (right, bottom) = ((s.width - s.padding) as f32, (s.height - s.padding) as f32);
    assert!(
        rect.x >= pad && rect.y >= pad && rect.right() <= right && rect.bottom() <= bottom,
        "{what} {rect:?} leaves the margins [{pad}, {right}] x [{pad}, {bottom}]"
    );
}

fuzz_target!(|input: Input| {
    let text = CardText {
        title: &input.title,
        tags: &input.tags,
        site: &input.site,
        date: &input.date,
        description: &input.site,
        author: &input.date,
        lang: "en",
        ..CardText::default()
    };
    let layout = RENDERER.layout(&text);
    assert_inside("the title box", &layout.title_box);
    let parts = [layout.logo_box, layout.site_box, layout.date_box, layout.avatar_box, layout.author_box];
    for rect in parts.iter().flatten().chain(&layout.description_boxes) {
        assert_inside("a part of the card", rect);
    }
    for line in &layout.title_line_boxes {
        assert_inside("a title line", line);
    }
    for pill in &layout.tag_boxes {
        assert_inside("a tag", pill);
    }
    assert!(layout.title_lines.len() <= SETTINGS.max_title_lines, "{} title lines", layout.title_lines.len());
});
