//! Writes a synthetic blog for benchmarks: `cargo run --release --example gen_corpus -- DIR COUNT`.
//! Fixed seed, so every run writes the same bytes; front matter in the style
//! of the real blog feedcard started from, bodies of about 1,000 words.
//! Four titles in ten carry text beyond ASCII (Japanese, Chinese, colour
//! emoji, accented Latin), as real multilingual blogs do: the peers'
//! benchmarks (`benches/compare/`) and the card benchmark draw the same mix.
#![allow(clippy::disallowed_macros)] // a benchmark helper run by hand

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs, process};

const WORDS: &[&str] = &[
    "release",
    "train",
    "maintainer",
    "contributor",
    "issue",
    "review",
    "patch",
    "branch",
    "merge",
    "deploy",
    "cache",
    "latency",
    "throughput",
    "parser",
    "compiler",
    "feed",
    "reader",
    "schedule",
    "budget",
    "design",
    "tradeoff",
    "community",
    "license",
    "security",
    "audit",
    "benchmark",
    "memory",
    "thread",
    "async",
    "lock",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "with",
    "as",
    "was",
    "on",
    "be",
    "at",
    "by",
    "this",
    "we",
    "from",
    "or",
    "which",
    "but",
    "not",
    "are",
    "have",
    "they",
    "our",
    "more",
    "when",
    "what",
];
/// Title endings by `index % 10`; the other indices keep plain English titles.
const TITLE_ENDINGS: &[(usize, &str)] =
    &[(1, " — 日本語の組版とフィード"), (4, " 🚀✨"), (6, " — 持续集成与发布"), (8, " — déjà vu à Zürich, señor")];
const TAGS: &[&str] =
    &["rust", "oss", "process", "web", "python", "databases", "security", "design", "performance", "career"];

/// xorshift64*: tiny, fixed, good enough for filler text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn sentence(rng: &mut Rng, words: usize, out: &mut String) {
    for i in 0..words {
        let word = rng.pick(WORDS);
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push_str(". ");
}

fn post(rng: &mut Rng, index: usize) -> String {
    let mut text = String::with_capacity(8 * 1024);
    let day = index % 28 + 1;
    let month = index / 28 % 12 + 1;
    let year = 2000 + index / (28 * 12);
    let _ = writeln!(text, "---");
    let _ = writeln!(text, "date: {year}-{month:02}-{day:02} {:02}:{:02}:09.402117", index % 24, index % 60);
    let mut title = String::new();
    sentence(rng, 6, &mut title);
    let ending = TITLE_ENDINGS.iter().find(|(at, _)| *at == index % 10).map_or("", |(_, ending)| ending);
    let _ = writeln!(text, "title: \"{} {index}{ending}\"", title.trim_end_matches(". "));
    let _ = writeln!(text, "link: https://example.org/essays/{index}/");
    let _ = writeln!(text, "tags: [\"{}\", \"{}\"]", rng.pick(TAGS), rng.pick(TAGS));
    let mut description = String::new();
    sentence(rng, 12, &mut description);
    let _ = writeln!(text, "description: \"{}\"", description.trim_end());
    let _ = writeln!(text, "---");
    for paragraph in 0..10 {
        if paragraph == 3 {
            text.push_str("## A section with a [link](../other/) and `code`\n\n");
        }
        for _ in 0..8 {
            sentence(rng, 12, &mut text);
        }
        text.push_str("\n\n");
    }
    text
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: gen_corpus DIR COUNT");
        process::exit(2);
    };
    let posts = PathBuf::from(dir).join("posts");
    if let Err(e) = fs::create_dir_all(&posts) {
        eprintln!("{}: {e}", posts.display());
        process::exit(1);
    }
    let mut rng = Rng(0x5EED_F00D_CAFE_D00D);
    for index in 0..count {
        let path = posts.join(format!("post-{index:05}.md"));
        if let Err(e) = fs::write(&path, post(&mut rng, index)) {
            eprintln!("{}: {e}", path.display());
            process::exit(1);
        }
    }
}
