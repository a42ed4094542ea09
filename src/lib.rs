//! feedcard: RSS 2.0, Atom 1.0 and JSON Feed 1.1 plus PNG social preview cards
//! from a folder of Markdown posts with YAML front matter.

pub mod card;
pub mod config;
pub mod diagnostic;
pub mod post;
