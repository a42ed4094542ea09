//! Whole-card tests of the design: title size by length and card shape, the
//! brand row, byline, tags filter, description and the scrim over images.

use super::*;

fn isolated() -> CardSettings {
    CardSettings { system_fonts: false, ..CardSettings::default() }
}

fn text<'a>(title: &'a str, tags: &'a [String]) -> CardText<'a> {
    CardText { title, tags, site: "Maintainer Notes", date: "2 November 2024", ..CardText::default() }
}

fn png_of(image: impl Into<image::DynamicImage>) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.into().write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

fn decode(png: &[u8]) -> image::RgbImage {
    image::load_from_memory(png).unwrap().to_rgb8()
}

/// A pale photo-like image: light sky with a faint texture.
fn pale_photo() -> image::RgbImage {
    image::RgbImage::from_fn(800, 420, |x, y| image::Rgb([230 + (x % 9) as u8, 236 + (y % 7) as u8, 244]))
}

const LONG: &str = "A maintainer's notes on release trains: why we moved to fixed dates, what it cost us in the first \
                    year, what our users said about it, and what we would do differently if we started it all over again!!";

#[test]
fn short_titles_are_large_and_long_ones_are_not_cut_while_there_is_room() {
    let s = isolated();
    let r = CardRenderer::new(&s).unwrap();
    let short = r.layout(&text("Release trains", &[]));
    assert!(s.title_size_max > 96.0, "{}", s.title_size_max);
    assert_eq!(short.title_size, s.title_size_max);
    assert_eq!(short.title_lines.len(), 1);
    let median = r.layout(&text("Why we moved to fixed release dates, at last", &[]));
    assert!(
        median.title_size >= 96.0 && median.title_lines.len() <= 3,
        "{} {:?}",
        median.title_size,
        median.title_lines
    );
    assert_eq!(LONG.chars().count(), 200);
    let long = r.layout(&text(LONG, &[]));
    assert!(!long.title_truncated, "{:?}", long.title_lines);
    assert!(long.title_lines.len() > 4, "{:?}", long.title_lines);
}

#[test]
fn square_cards_use_their_height() {
    let s = CardSettings { width: 1080, height: 1080, ..isolated() };
    let l = CardRenderer::new(&s).unwrap().layout(&text(LONG, &[]));
    assert!(!l.title_truncated, "{:?}", l.title_lines);
    assert!(l.title_lines.len() >= 6, "{:?}", l.title_lines);
    let first = l.title_line_boxes[0];
    let last = l.title_line_boxes[l.title_line_boxes.len() - 1];
    assert!(last.bottom() - first.y > 540.0, "the title takes {} px of 1080", last.bottom() - first.y);
    assert!(l.title_size > 56.0, "{}", l.title_size);
    let img = decode(&CardRenderer::new(&s).unwrap().render(&text(LONG, &[])).unwrap().png);
    assert_eq!(img.dimensions(), (1080, 1080));
    // Ink in the lower half of the title area: the text runs down the card.
    let bg = s.theme.background;
    let lower = (60..1020).flat_map(|x| (650..800).map(move |y| (x, y)));
    assert!(lower.filter(|&(x, y)| img.get_pixel(x, y).0 != [bg.0, bg.1, bg.2]).count() > 2000);
}

fn logo(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let path = dir.join(name);
    image::RgbaImage::from_pixel(w, h, image::Rgba([0xe1, 0x1d, 0x48, 255])).save(&path).unwrap();
    path
}

#[test]
fn a_wordmark_keeps_its_shape_and_replaces_the_site_name() {
    let dir = tempfile::tempdir().unwrap();
    let wide = CardSettings { logo: Some(logo(dir.path(), "w.png", 500, 100)), logo_height: 60, ..isolated() };
    let l = CardRenderer::new(&wide).unwrap().layout(&text("Title", &[]));
    let b = l.logo_box.unwrap();
    assert_eq!((b.width, b.height), (300.0, 60.0));
    assert_eq!(l.site_box, None, "the brand twice");
    let named = CardSettings { site_name: Some(true), ..wide.clone() };
    assert!(CardRenderer::new(&named).unwrap().layout(&text("Title", &[])).site_box.is_some());
    // Wider than 45% of the inner width: made smaller, still 5:1.
    let huge = CardSettings { logo_height: 200, ..wide };
    let b = CardRenderer::new(&huge).unwrap().layout(&text("Title", &[])).logo_box.unwrap();
    assert!(b.width <= 1056.0 * 0.45 && (b.width / b.height - 5.0).abs() < 0.05, "{b:?}");
    let square = CardSettings { logo: Some(logo(dir.path(), "s.png", 64, 64)), ..isolated() };
    let l = CardRenderer::new(&square).unwrap().layout(&text("Title", &[]));
    assert!(l.site_box.is_some());
    let hidden = CardSettings { site_name: Some(false), ..isolated() };
    assert_eq!(CardRenderer::new(&hidden).unwrap().layout(&text("Title", &[])).site_box, None);
}

#[test]
fn the_rows_frame_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let s = CardSettings { avatar: Some(logo(dir.path(), "a.png", 40, 40)), ..isolated() };
    let r = CardRenderer::new(&s).unwrap();
    let tags: Vec<String> = ["rust", "police brutality", "notes", "web"].iter().map(|t| t.to_string()).collect();
    let t = CardText { author: "Robin", description: "What it cost us.", ..text("Release trains", &tags) };
    let l = r.layout(&t);
    let (date, site) = (l.date_box.unwrap(), l.site_box.unwrap());
    assert!((date.right() - 1128.0).abs() < 1.0, "the date ends at the right margin: {date:?}");
    assert!((site.y - date.y).abs() < 1.0, "site and date share a baseline");
    let (avatar, author) = (l.avatar_box.unwrap(), l.author_box.unwrap());
    assert!(author.x > avatar.right() && avatar.bottom() <= 558.0 + 0.5, "{avatar:?} {author:?}");
    assert_eq!(l.tags_shown, ["#rust", "police brutality", "#notes"]);
    let last = l.tag_boxes.last().unwrap();
    assert!((last.right() - 1128.0).abs() < 1.0, "tags end at the right margin: {last:?}");
    assert_eq!(l.description_boxes.len(), 1);
    assert!(l.description_boxes[0].y > l.title_line_boxes[0].bottom());
    let img = decode(&r.render(&t).unwrap().png);
    let c = img.get_pixel((avatar.x + avatar.width / 2.0) as u32, (avatar.y + avatar.height / 2.0) as u32);
    assert_eq!(c.0, [0xe1, 0x1d, 0x48], "the avatar is drawn");
    let corner = img.get_pixel(avatar.x as u32, avatar.y as u32);
    assert_eq!(corner.0, [0x0f, 0x17, 0x2a], "the avatar is round");

    let quiet = CardSettings { description: false, tags: TagRules { max: 0, ..TagRules::default() }, ..s };
    let l = CardRenderer::new(&quiet).unwrap().layout(&t);
    assert!(l.description_boxes.is_empty() && l.tag_boxes.is_empty());
}

#[test]
fn a_long_title_goes_before_the_description() {
    let r = CardRenderer::new(&isolated()).unwrap();
    let t = CardText { description: "A description that would take the room the title needs.", ..text(LONG, &[]) };
    let l = r.layout(&t);
    assert!(!l.title_truncated);
    assert!(l.description_boxes.is_empty(), "{:?}", l.title_lines);
}

#[test]
fn a_pale_background_image_gets_a_scrim_that_makes_white_text_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pale.png");
    pale_photo().save(&path).unwrap();
    let s = CardSettings { background_image: Some(path), ..isolated() };
    let r = CardRenderer::new(&s).unwrap();
    assert!(r.background_contrast().is_empty(), "{:?}", r.background_contrast());
    let t = text("White on a pale photo", &[]);
    let l = r.layout(&t);
    let img = decode(&r.render(&t).unwrap().png);
    // Every pixel between the title's lines (the photo under the scrim) reads against the title colour.
    let title = s.theme.title;
    let b = l.title_line_boxes[0];
    let under = Rgb::from(*img.get_pixel(b.x as u32 - 8, b.y as u32 + 4));
    assert!(title.contrast(under) >= MIN_CONTRAST, "{under}: {:.2}:1", title.contrast(under));
    let top = Rgb::from(*img.get_pixel(4, 4));
    assert!(top.luminance() > under.luminance(), "the gradient is lighter at the top");

    let bare = CardSettings { scrim: None, ..s };
    let r = CardRenderer::new(&bare).unwrap();
    let low = r.background_contrast();
    let title_pair = low.iter().find(|p| p.fg_key == "title_colour").expect("the title is reported");
    assert!(title_pair.contrast() < 1.5, "{:.2}", title_pair.contrast());
    let message = contrast_message(title_pair, "this image");
    assert!(message.contains("title_colour #f8fafc") && message.contains("background_image #"), "{message}");
}

#[test]
fn a_posts_own_image_and_avatar_are_drawn() {
    let r = CardRenderer::new(&isolated()).unwrap();
    let photo = png_of(pale_photo());
    let face = png_of(image::RgbImage::from_pixel(30, 30, image::Rgb([0x33, 0x99, 0x33])));
    let t = CardText { image: Some(&photo), avatar: Some(&face), author: "Robin", ..text("Own image", &[]) };
    let out = r.render(&t).unwrap();
    assert!(out.low_contrast.is_empty(), "{:?}", out.low_contrast);
    let img = decode(&out.png);
    let l = r.layout(&t);
    let a = l.avatar_box.unwrap();
    assert_eq!(img.get_pixel((a.x + a.width / 2.0) as u32, (a.y + a.height / 2.0) as u32).0, [0x33, 0x99, 0x33]);
    // The photo shows: the top-left corner is neither the flat background nor black.
    let corner = Rgb::from(*img.get_pixel(2, 2));
    assert!(corner != isolated().theme.background && corner.luminance() > 0.05, "{corner}");
}

impl From<image::Rgb<u8>> for Rgb {
    fn from(p: image::Rgb<u8>) -> Rgb {
        Rgb(p[0], p[1], p[2])
    }
}
