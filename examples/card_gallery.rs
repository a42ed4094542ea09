//! Writes the sample cards shown in README's "Cards" section: one per theme,
//! a photo background under the scrim, a wordmark logo, and a square card.
//!
//! `cargo run --example card_gallery [FOLDER]` (default `docs/cards`).
//! Only the embedded fonts are used, so the cards are the same on any machine.
#![allow(clippy::disallowed_macros)] // a tool run by hand prints what it wrote

use feedcard::internals::{CardRenderer, CardSettings, CardText, PRESETS};
use image::{Rgb, RgbImage, Rgba, RgbaImage};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "docs/cards".into()));
    std::fs::create_dir_all(&out)?;
    let assets = tempfile::tempdir()?;
    let logo = write(assets.path(), "logo.png", mark())?;
    let wordmark = write(assets.path(), "wordmark.png", wordmark())?;
    let photo = write(assets.path(), "photo.png", landscape())?;
    let avatar = write(assets.path(), "avatar.png", portrait())?;

    let base = CardSettings { system_fonts: false, logo: Some(logo), avatar: Some(avatar), ..CardSettings::default() };
    let tags: Vec<String> = ["release engineering", "oss", "process"].iter().map(|t| t.to_string()).collect();
    let text = CardText {
        title: "Why we moved to fixed release dates",
        tags: &tags,
        site: "Maintainer Notes",
        date: "2 November 2024",
        description: "What release trains cost a small team, and what they gave back.",
        author: "Robin Example",
        ..CardText::default()
    };
    for (name, theme) in PRESETS {
        let settings = CardSettings { theme_name: name, theme: *theme, ..base.clone() };
        save(&out, &format!("theme-{name}.png"), &settings, &text)?;
    }

    let photo_settings = CardSettings { background_image: Some(photo), ..base.clone() };
    save(&out, "photo.png", &photo_settings, &CardText { title: "Notes from a week in the hills", ..text })?;

    let brand = CardSettings { logo: Some(wordmark), logo_height: 56, avatar: None, ..base.clone() };
    let short = CardText { title: "Release trains", author: "", description: "", ..text };
    save(&out, "wordmark.png", &brand, &short)?;

    let long = "A maintainer's notes on release trains: why we moved to fixed dates, what it cost us in the \
                first year, what our users said about it, and what we would do differently if we started again today";
    let square = CardSettings { width: 1080, height: 1080, ..base.clone() };
    save(&out, "square.png", &square, &CardText { title: long, description: "", ..text })?;
    save(&out, "long-title.png", &base, &CardText { title: long, description: "", ..text })?;
    Ok(())
}

fn save(dir: &Path, name: &str, settings: &CardSettings, text: &CardText) -> Result<(), Box<dyn std::error::Error>> {
    let card = CardRenderer::new(settings)?.render(text)?;
    let path = dir.join(name);
    std::fs::write(&path, &card.png)?;
    println!("{} ({} KB)", path.display(), card.png.len() / 1024);
    for pair in &card.low_contrast {
        println!("  low contrast: {} {:.2}:1", pair.what, pair.contrast());
    }
    Ok(())
}

fn write(dir: &Path, name: &str, image: impl Into<image::DynamicImage>) -> image::ImageResult<PathBuf> {
    let path = dir.join(name);
    image.into().save(&path)?;
    Ok(path)
}

/// A square mark: a rounded tile with three rising bars.
fn mark() -> RgbaImage {
    let size = 128u32;
    RgbaImage::from_fn(size, size, |x, y| {
        let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
        let r = 28.0;
        let cx = fx.clamp(r, size as f32 - r);
        let cy = fy.clamp(r, size as f32 - r);
        let outside = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt() - r;
        if outside > 0.5 {
            return Rgba([0, 0, 0, 0]);
        }
        let alpha = ((0.5 - outside).clamp(0.0, 1.0) * 255.0) as u8;
        let bar = [(30.0, 84.0), (56.0, 60.0), (82.0, 36.0)]
            .iter()
            .any(|&(left, top)| fx >= left && fx < left + 16.0 && fy >= top && fy < 100.0);
        if bar {
            Rgba([255, 255, 255, alpha])
        } else {
            Rgba([0xe1, 0x1d, 0x48, alpha])
        }
    })
}

/// A wide wordmark: a mark and blocky letter shapes, five times as wide as tall.
fn wordmark() -> RgbaImage {
    let (w, h) = (500u32, 100u32);
    let tile = mark();
    RgbaImage::from_fn(w, h, |x, y| {
        if x < h {
            return *tile.get_pixel(x * 128 / h, y * 128 / h);
        }
        if x < h + 16 {
            return Rgba([0, 0, 0, 0]);
        }
        // Letter-like strokes: vertical stems and bars in a regular rhythm.
        let (lx, ly) = ((x - h - 16) % 64, y);
        let stem = (lx < 12 || (ly < 14 && lx < 44) || (ly > 86 && lx < 44)) && (10..90).contains(&ly);
        let top = lx < 44 && (10..24).contains(&ly);
        if stem || top {
            Rgba([0xe1, 0x1d, 0x48, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    })
}

/// A pale landscape: sky, a low sun and layered hills, with a fine grain.
fn landscape() -> RgbImage {
    let (w, h) = (1600u32, 900u32);
    let mut seed = 7u32;
    RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let grain = ((seed >> 16) % 9) as f32 - 4.0;
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let sky = [214.0 + 30.0 * fy, 228.0 + 10.0 * fy, 240.0 - 10.0 * fy];
        let sun = ((fx - 0.72).powi(2) + (fy - 0.35).powi(2)).sqrt();
        let mut c = if sun < 0.08 { [255.0, 246.0, 222.0] } else { sky };
        let hills = [(0.55, 0.06, 3.0, [150.0, 178.0, 160.0]), (0.68, 0.05, 5.0, [104.0, 142.0, 118.0])];
        for (base, height, waves, colour) in hills {
            if fy > base + height * (fx * waves).sin() {
                c = colour;
            }
        }
        Rgb(c.map(|v| (v + grain).clamp(0.0, 255.0) as u8))
    })
}

/// A soft portrait placeholder: a face-like disc on a coloured ground.
fn portrait() -> RgbImage {
    let size = 160u32;
    RgbImage::from_fn(size, size, |x, y| {
        let (fx, fy) = (x as f32 / size as f32, y as f32 / size as f32);
        let head = ((fx - 0.5).powi(2) + (fy - 0.4).powi(2)).sqrt() < 0.2;
        let body = ((fx - 0.5).powi(2) + ((fy - 1.05) * 0.8).powi(2)).sqrt() < 0.42;
        if head {
            Rgb([0xf2, 0xc9, 0xa0])
        } else if body {
            Rgb([0x33, 0x4d, 0x8f])
        } else {
            Rgb([0x9b, 0xc4, 0xe8])
        }
    })
}
