//! Card themes and per-post card keys through the binary: config messages
//! at their line, contrast warnings, and cards decoded back from PNG.

mod common;

use common::*;
use std::fs;

fn decode(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png).expect("a PNG").to_rgb8()
}

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).expect("manifest is JSON")
}

const CONFIG: &str = "site:\n  title: Design Test\n  url: https://blog.example.com/\ncard:\n  system_fonts: false\n";

/// A pale photo: what a white title used to be unreadable on.
fn pale(path: &std::path::Path) {
    image::RgbImage::from_fn(600, 320, |x, y| image::Rgb([228 + (x % 11) as u8, 234 + (y % 9) as u8, 242]))
        .save(path)
        .expect("write the image");
}

#[test]
fn per_post_card_keys_end_to_end() {
    let site = Site::new(CONFIG);
    site.post("off.md", &post("No card for me", "2025-01-04", "card: false\n"));
    site.post(
        "own-title.md",
        &post("A very long post title that the card replaces", "2025-01-03", "card_title: Short and sweet\n"),
    );
    fs::create_dir_all(site.path().join("posts/photo")).unwrap();
    pale(&site.path().join("posts/photo/cover.png"));
    site.post("photo/index.md", &post("Over a pale photo", "2025-01-02", "image: cover.png\n"));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));

    let cards: Vec<String> = files_below(&site.out().join("cards"));
    assert_eq!(cards, ["own-title.png", "photo.png"], "card: false makes no card");
    let m = manifest(&site);
    assert!(m["posts"].get("off").is_none_or(|p| p.get("card").is_none()), "{m:#}");
    assert_eq!(m["posts"]["own-title"]["alt"], "Short and sweet");

    // The card with its own title: right size, every bit of text inside the margins.
    let card = decode(&site.read_out("cards/own-title.png"));
    assert_eq!(card.dimensions(), (1200, 630));
    let bg = [0x0f, 0x17, 0x2a];
    let mut ink = 0;
    for (x, y, p) in card.enumerate_pixels().filter(|(_, y, _)| *y < 620) {
        if p.0 != bg {
            ink += 1;
            assert!((60..1140).contains(&x) && (60..570).contains(&y), "ink at ({x}, {y}) outside the margins");
        }
    }
    assert!(ink > 5000, "{ink} pixels of ink");
    // The short card title is set larger than the long post title would be.
    let rows_with_ink = (0..630).filter(|&y| (72..1128).any(|x| card.get_pixel(x, y).0 != bg)).count();
    assert!(rows_with_ink < 300, "{rows_with_ink} rows: the long title was drawn");

    // The photo card: the photo shows at the top, under a scrim that darkens toward the bottom.
    let photo = decode(&site.read_out("cards/photo.png"));
    assert_eq!(photo.dimensions(), (1200, 630));
    let lum = |x, y| {
        let p = photo.get_pixel(x, y).0;
        u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])
    };
    assert!(photo.get_pixel(4, 4).0 != bg, "no photo");
    assert!(lum(4, 4) > lum(4, 600), "the scrim is not a gradient");
}

#[test]
fn a_missing_post_image_is_a_warning_naming_the_post_and_line_and_the_post_is_published() {
    let site = Site::new(CONFIG);
    site.post("a.md", &post("Missing cover", "2025-01-01", "tags: [x]\nimage: /images/nope.png\n"));
    let output = site.build(&[]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("a.md:5:") && err.contains("`image: /images/nope.png` names no file"), "{err}");
    assert!(err.contains("drawn without it") && err.contains("card.post_image: false"), "{err}");
    assert!(String::from_utf8_lossy(&site.read_out("rss.xml")).contains("Missing cover"));
    let card = decode(&site.read_out("cards/a.png"));
    assert_eq!(card.dimensions(), (1200, 630));
    // `--strict` makes the warning fail the build, as every warning.
    assert_eq!(site.build(&["--strict"]).status.code(), Some(1));
    // With the posts' images off the cards, there is nothing to warn about.
    fs::write(site.path().join("feedcard.yaml"), format!("{CONFIG}  post_image: false\n")).unwrap();
    let output = site.build(&[]);
    assert!(output.status.success() && !stderr(&output).contains("names no file"), "{}", stderr(&output));
}

#[test]
fn an_unquoted_colour_is_explained_at_its_line() {
    let site = Site::new(&format!("{CONFIG}  theme: light\n  background: #ffffff\n"));
    site.post("a.md", &post("A", "2025-01-01", ""));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("feedcard.yaml:7: card.background: the colour is empty"), "{err}");
    assert!(err.contains("`#` starts a comment") && err.contains("background: \"#ffffff\""), "{err}");
    assert!(files_below(&site.out()).is_empty());

    let site = Site::new(&format!("{CONFIG}  accent: 123\n"));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("feedcard.yaml:6: card.accent: 123 is a number"), "{}", stderr(&output));
}

#[test]
fn clashing_colours_warn_and_strict_fails() {
    let site = Site::new(&format!("{CONFIG}  theme: dark\n  background: '#ffffff'\n  title_colour: '#111111'\n"));
    site.post("a.md", &post("A", "2025-01-01", ""));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("feedcard.yaml:7: card: the site name and author (text_colour #e2e8f0)"), "{err}");
    assert!(err.contains("1.23:1"), "{err}");
    assert_eq!(site.build(&["--strict"]).status.code(), Some(1));
}
