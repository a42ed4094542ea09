//! The floor: the least CPU any tool built on feedcard's crates could spend on a corpus (read, YAML, Markdown, PNG).
//!
//! usage: `bench_floor DIR [--html] [--png]`
//! (`cargo build --release --example bench_floor`, then
//! `target/release/examples/bench_floor DIR ...`)
//!
//! - always: reads every `*.md` file under DIR (recursively), splits off the
//!   `---` front matter and parses it with serde_yaml into a small struct
//!   (title, date, link, tags, description);
//! - `--html`: also renders each body to HTML with pulldown-cmark;
//! - `--png`: also encodes one flat 1200x630 RGB image per post as PNG with
//!   the image crate's PNG encoder (its defaults).
//!
//! In parallel on rayon's pool, as feedcard is (`RAYON_NUM_THREADS` applies).
//! Nothing is written; it prints one line to stdout: the posts read and the
//! bytes produced, so that no work can be optimised away. Exit 1 when a file
//! cannot be read or its front matter parsed, 2 on a bad command line.
#![allow(clippy::disallowed_macros)] // a benchmark helper run by hand

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::{env, fs, process};

/// The fields a feed needs; anything else in the front matter is ignored.
#[derive(Deserialize)]
#[allow(dead_code)] // parsed to be measured, not read back
struct FrontMatter {
    title: String,
    date: String,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The front matter and the body of a post that starts with a `---` line.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}

/// The bytes this post produced (HTML and PNG), or what went wrong.
fn one_post(path: &Path, html: bool, png: bool, flat: &[u8]) -> Result<usize, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (yaml, body) = split(&text).ok_or_else(|| format!("{}: no front matter", path.display()))?;
    let front: FrontMatter = serde_yaml::from_str(yaml).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut produced = front.title.len();
    if html {
        let mut out = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(body));
        produced += out.len();
    }
    if png {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(flat, WIDTH, HEIGHT, ExtendedColorType::Rgb8)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        produced += out.len();
    }
    Ok(produced)
}

fn main() {
    let usage = || -> ! {
        eprintln!("usage: bench_floor DIR [--html] [--png]");
        process::exit(2);
    };
    let (mut dirs, mut html, mut png) = (Vec::new(), false, false);
    for arg in env::args().skip(1) {
        match arg.as_str() {
            "--html" => html = true,
            "--png" => png = true,
            _ if arg.starts_with('-') => usage(),
            _ => dirs.push(arg),
        }
    }
    let [dir] = dirs.as_slice() else { usage() };
    let mut files = Vec::new();
    if let Err(e) = markdown_files(Path::new(dir), &mut files) {
        eprintln!("{dir}: {e}");
        process::exit(1);
    }
    // One flat colour, as a card with no text would be.
    let flat: Vec<u8> = [0x1e, 0x29, 0x3b].repeat((WIDTH * HEIGHT) as usize);
    let produced: Result<Vec<usize>, String> = files.par_iter().map(|path| one_post(path, html, png, &flat)).collect();
    match produced {
        Ok(sizes) => println!("{} posts, {} bytes produced", sizes.len(), sizes.iter().sum::<usize>()),
        Err(e) => {
            eprintln!("{e}");
            process::exit(1);
        }
    }
}
