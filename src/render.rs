//! The two emitters as one call each, for a caller that writes the bytes
//! itself: `feedcard card` and library users. Nothing here touches the
//! output folder; [`crate::build`] is the call that publishes.

use chrono::{DateTime, Utc};

use crate::build;
use crate::card::{CardError, CardRenderer};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::feed::{self, FeedFile, ItemImage};
use crate::post::Post;

/// Renders every feed the config switches on (RSS, Atom, JSON Feed, and
/// the per-tag feeds), newest post first, in a fixed order, plus the
/// `feed.xsl` stylesheet that RSS and Atom name when `feeds.stylesheet` is
/// on. Each post's front-matter `image:` is its picture. `now` dates a
/// feed with no items; the same posts, config and `now` give the same bytes.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let posts = tempfile::tempdir()?;
/// std::fs::write(posts.path().join("a.md"), "---\ntitle: First\ndate: 2024-11-02\n---\nBody.\n")?;
/// let config = feedcard::Config::builder()
///     .site_url("https://example.org/blog/")
///     .posts_dir(posts.path())
///     .build()?;
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
/// let read = feedcard::read_posts(&config, now);
///
/// let files = feedcard::render_feeds(&read.posts, &config, now);
/// let json = files.iter().find(|file| file.path == "feed.json").unwrap();
/// let feed: serde_json::Value = serde_json::from_slice(&json.bytes)?;
/// assert_eq!(feed["items"][0]["title"], "First");
/// assert_eq!(feed["items"][0]["url"], "https://example.org/blog/a/");
/// # Ok(())
/// # }
/// ```
pub fn render_feeds(posts: &[Post], config: &Config, now: DateTime<Utc>) -> Vec<FeedFile> {
    let mut files = Vec::new();
    let images = ItemImage::from_front_matter(posts);
    feed::for_each_feed_where(posts, config, &images, now.fixed_offset(), |_| true, |file| files.push(file));
    files.extend(feed::stylesheet_file(config));
    files
}

/// One post's card, drawn in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Card {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Width in pixels (`card.width`).
    pub width: u32,
    /// Height in pixels (`card.height`).
    pub height: u32,
    /// Text colours hard to read on the config's background image or on the
    /// post's own image.
    pub warnings: Vec<Diagnostic>,
    /// Characters of the title or tags that no font has, as an error for the
    /// post: the card is drawn without them. `feedcard build` publishes no
    /// such card unless told to keep going.
    pub missing_glyphs: Option<Diagnostic>,
}

/// Why [`render_card`] made no card.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderCardError {
    /// A font, logo or background image the config's `card` settings name
    /// cannot be used: a problem with the configuration, not the post.
    #[error(transparent)]
    Settings(#[from] CardError),
    /// This post's card cannot be made, e.g. an image its front matter names
    /// cannot be read.
    #[error("{0}")]
    Post(Diagnostic),
}

/// Draws `post`'s card as `feedcard build` and `feedcard card` draw it, with
/// the fonts, theme and size of `config`'s card settings.
///
/// It loads the fonts on every call; [`crate::build`] loads them once for
/// all the posts of a site.
///
/// ```
/// use chrono::{TimeZone, Utc};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let posts = tempfile::tempdir()?;
/// std::fs::write(posts.path().join("a.md"), "---\ntitle: A card\ndate: 2024-11-02\n---\n")?;
/// let config = feedcard::Config::builder()
///     .site_url("https://example.org/")
///     .posts_dir(posts.path())
///     .system_fonts(false)
///     .build()?;
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
/// let post = &feedcard::read_posts(&config, now).posts[0];
///
/// let card = feedcard::render_card(post, &config)?;
/// assert!(card.png.starts_with(b"\x89PNG\r\n\x1a\n"));
/// assert_eq!((card.width, card.height), (1200, 630));
/// // The PNG header's own width and height.
/// assert_eq!(card.png[16..24], [0, 0, 4, 176, 0, 0, 2, 118]);
/// # Ok(())
/// # }
/// ```
pub fn render_card(post: &Post, config: &Config) -> Result<Card, RenderCardError> {
    let renderer = CardRenderer::new(&config.card)?;
    let drawn = build::render_card(post, config, &renderer).map_err(RenderCardError::Post)?;
    let mut warnings = build::background_contrast_warnings(config, &renderer);
    warnings.extend(build::image_contrast_warnings(post, &drawn.low_contrast));
    Ok(Card {
        missing_glyphs: build::missing_glyphs_error(post, &drawn.missing_glyphs),
        png: drawn.png,
        width: drawn.width,
        height: drawn.height,
        warnings,
    })
}
