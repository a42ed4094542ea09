//! feedcard: RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds and PNG social preview
//! cards from a folder of Markdown posts with YAML front matter.
//!
//! The shape: [`post`] reads; [`feed`] and [`card`] render; [`output`]
//! writes; [`build`] runs them in order and [`app`] is the command line.

pub mod app;
pub mod build;
pub mod card;
pub mod cli;
pub mod config;
pub mod console;
pub mod content;
pub mod diagnostic;
pub mod exit_codes;
pub mod feed;
pub mod fingerprint;
pub mod input_file;
pub mod manifest;
pub mod output;
pub mod post;
pub mod preview;
pub mod progress;
pub mod site;
pub mod stop;
pub mod summary;
