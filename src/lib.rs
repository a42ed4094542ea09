//! feedcard turns a folder of Markdown posts with front matter into RSS 2.0,
//! Atom 1.0 and JSON Feed 1.1 feeds and one PNG social preview card per post.
//!
//! The library is what the `feedcard` command runs, in four calls:
//!
//! - [`read_posts`] reads and validates every post of a site: all of them,
//!   or every problem found ([`Diagnostic`]), never just the first;
//! - [`render_feeds`] turns posts into the feeds' bytes, and
//!   [`render_card`] draws one post's card; both are pure (posts and a
//!   [`Config`] in, bytes out, no file system, the time passed in);
//! - [`build`] does all of it for a site and publishes the files into the
//!   output folder, atomically, skipping what did not change.
//!
//! A [`Config`] comes from [`Config::builder`] or, as the command line finds
//! it, from a site's folder with [`Config::from_folder`].
//!
//! The README's example: the bundled example site's posts read, rendered
//! and built into a temporary folder.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use feedcard::{BuildOptions, Config};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let out = tempfile::tempdir()?;
//!     let config = Config::builder()
//!         .site_url("https://notes.example.org/")
//!         .title("Field Notes")
//!         .posts_dir("examples/site/posts")
//!         .output_dir(out.path())
//!         .build()?;
//!     let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//!
//!     // Every post, or every problem in every post.
//!     let read = feedcard::read_posts(&config, now);
//!     assert!(!read.has_errors());
//!
//!     // The feeds' bytes and one post's card, in memory.
//!     let feeds = feedcard::render_feeds(&read.posts, &config, now);
//!     let card = feedcard::render_card(&read.posts[0], &config)?;
//!     println!("{} feed files; a {}x{} card", feeds.len(), card.width, card.height);
//!
//!     // Or all of it, written into the output folder as `feedcard build` does.
//!     let report = feedcard::build(&config, &BuildOptions::new(now))?;
//!     println!("{} files written", report.written.len());
//!     Ok(())
//! }
//! ```
//!
//! # Features
//!
//! `cli` (on by default) builds the `feedcard` command and what only it
//! needs: clap, indicatif, signal handling, and rayon's thread pool. A
//! library user turns it off with `default-features = false`; posts are
//! then read and cards drawn on the calling thread, with the same results.

#![deny(missing_docs)]
// Without the command line, the helpers only it calls are unused.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

#[cfg(feature = "cli")]
mod app;
mod build;
mod card;
#[cfg(feature = "cli")]
mod cli;
mod config;
#[cfg(feature = "cli")]
mod console;
mod content;
mod diagnostic;
#[cfg(feature = "cli")]
mod exit_codes;
mod feed;
mod fingerprint;
mod input_file;
mod manifest;
mod output;
mod par;
mod post;
#[cfg(feature = "cli")]
mod preview;
#[cfg(feature = "cli")]
mod progress;
mod render;
mod site;
mod stop;
#[cfg(feature = "cli")]
mod summary;
#[cfg(test)]
mod tests_properties;

pub use build::{build, BuildError, BuildOptions, BuildReport, Only, PostCounts, Progress};
pub use card::CardError;
pub use config::{Config, ConfigBuilder, ConfigError};
pub use diagnostic::{Diagnostic, Severity};
pub use feed::FeedFile;
pub use output::OutputError;
pub use post::{read_posts, Post, ReadOutcome};
pub use render::{render_card, render_feeds, Card, RenderCardError};

/// The `feedcard` command (`src/main.rs`); returns its exit code. Not part
/// of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub fn run_command_line() -> i32 {
    app::main()
}

/// The card layer and the one-file reader, for this crate's examples (the
/// README's card galleries) and fuzz targets. Not part of the library's
/// API: it changes with the code.
#[doc(hidden)]
pub mod internals {
    pub use crate::card::{CardRenderer, CardSettings, CardText, Rect, PRESETS};
    pub use crate::post::{parse_post, Parsed};
}

#[cfg(test)]
mod readme_tests {
    /// README's library example is the crate's doc example, which runs as a
    /// doctest: the README's copy compiles as long as the two are the same.
    #[test]
    fn the_readme_example_is_the_doc_example() {
        let readme = include_str!("../README.md");
        let section = &readme[readme.find("## Library API").expect("README has a Library API section")..];
        let start = section.find("```rust\n").expect("the section has a Rust example") + "```rust\n".len();
        let code = &section[start..start + section[start..].find("\n```\n").expect("the example ends")];
        let docs: String = include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("//!"))
            .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
            .collect();
        assert!(docs.contains(&format!("```\n{code}\n```")), "README's Library API example differs from lib.rs's");
    }
}
