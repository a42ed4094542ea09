//! The `card:` section of `feedcard.yaml`, as written and as resolved.

use super::colour::Rgb;
use super::tag_rules::TagRules;
use super::theme::{self, Theme};
use super::values::{self, TagsFile, ThemeName};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The `card:` section as written; every key is optional. Values are checked
/// as they are read (see `values.rs`), so a bad one is reported at its line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSettingsFile {
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "values::card_side")]
    pub width: Option<u32>,
    #[serde(default, deserialize_with = "values::card_side")]
    pub height: Option<u32>,
    /// Space kept free on every side, in pixels.
    pub padding: Option<u32>,
    /// A preset; the colours below override its colours one by one.
    #[serde(default, deserialize_with = "values::theme_name")]
    pub theme: Option<ThemeName>,
    #[serde(default, alias = "background_color", alias = "background_colour", deserialize_with = "values::colour")]
    pub background: Option<Rgb>,
    pub background_image: Option<PathBuf>,
    /// A gradient of the background colour over a background image.
    #[serde(default, deserialize_with = "values::scrim")]
    pub scrim: Option<Option<f32>>,
    #[serde(default, alias = "accent_color", alias = "accent_colour", deserialize_with = "values::colour")]
    pub accent: Option<Rgb>,
    #[serde(default, alias = "title_color", deserialize_with = "values::colour")]
    pub title_colour: Option<Rgb>,
    #[serde(default, alias = "text_color", deserialize_with = "values::colour")]
    pub text_colour: Option<Rgb>,
    #[serde(default, alias = "muted_color", deserialize_with = "values::colour")]
    pub muted_colour: Option<Rgb>,
    #[serde(
        default,
        alias = "tag_background_color",
        alias = "tag_background_colour",
        deserialize_with = "values::colour"
    )]
    pub tag_background: Option<Rgb>,
    #[serde(default, alias = "tag_color", deserialize_with = "values::colour")]
    pub tag_colour: Option<Rgb>,
    #[serde(default, deserialize_with = "values::font_size")]
    pub title_size_max: Option<f32>,
    #[serde(default, deserialize_with = "values::font_size")]
    pub title_size_min: Option<f32>,
    #[serde(default, deserialize_with = "values::font_size")]
    pub tag_size: Option<f32>,
    #[serde(default, alias = "text_size", deserialize_with = "values::font_size")]
    pub footer_size: Option<f32>,
    /// `auto` (the default) or a number: `Some(None)` is `auto`.
    #[serde(default, deserialize_with = "line_count")]
    pub max_title_lines: Option<Option<usize>>,
    pub logo: Option<PathBuf>,
    #[serde(default, deserialize_with = "values::logo_height")]
    pub logo_height: Option<u32>,
    /// Show the site name beside the logo; default: yes, unless the logo is a wordmark.
    pub site_name: Option<bool>,
    /// Show the post's description under the title.
    pub description: Option<bool>,
    /// Show the post's author (not when it is the site's name).
    pub author: Option<bool>,
    /// The author's picture when a post names none (`avatar:` in its front matter).
    pub avatar: Option<PathBuf>,
    #[serde(default, deserialize_with = "values::tags")]
    pub tags: Option<TagsFile>,
    /// A post's own `image:` (a file beside it or on the site) as its card's background.
    pub post_image: Option<bool>,
    /// A font file; `file.ttc#2` picks a face in a collection.
    pub title_font: Option<String>,
    pub text_font: Option<String>,
    /// Font files or folders tried, in order, for characters the fonts
    /// above lack; `file.ttc#2` limits a collection to one face.
    pub fallback_fonts: Option<Vec<String>>,
    /// Look in the fonts installed on the machine last (default true).
    pub system_fonts: Option<bool>,
    /// Curly quotes, dashes and ellipses in titles (default true).
    pub smart_typography: Option<bool>,
}

fn line_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<usize>>, D::Error> {
    values::line_count(d).map(Some)
}

/// A font file (or, in `fallback_fonts`, a folder) and the face inside it
/// that `file.ttc#N` names; without `#N`, face 0 of a title or text font,
/// and every face of a fallback font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontPath {
    pub path: PathBuf,
    pub index: Option<u32>,
}

/// Resolved card settings: every value present, every path absolute or
/// relative to the working folder.
#[derive(Debug, Clone, PartialEq)]
pub struct CardSettings {
    /// Whether a build draws cards (`card.enabled`).
    pub enabled: bool,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Space kept free on every side, in pixels.
    pub padding: u32,
    /// The preset the colours start from.
    pub theme_name: &'static str,
    /// The colours.
    pub theme: Theme,
    /// A picture behind every card.
    pub background_image: Option<PathBuf>,
    /// The scrim's strength over background images; `None` draws none.
    pub scrim: Option<f32>,
    /// The title's largest font size, used when it fits.
    pub title_size_max: f32,
    /// The smallest it shrinks to before it is cut.
    pub title_size_min: f32,
    /// The tags' font size.
    pub tag_size: f32,
    /// The site name, date and author.
    pub footer_size: f32,
    /// The most lines the title may take.
    pub max_title_lines: usize,
    /// The site's logo, beside its name.
    pub logo: Option<PathBuf>,
    /// The logo's height in pixels.
    pub logo_height: u32,
    /// `None`: shown unless the logo is a wordmark (wider than `WORDMARK_RATIO`).
    pub site_name: Option<bool>,
    /// Show the post's description under the title.
    pub description: bool,
    /// Show the post's author.
    pub author: bool,
    /// The author's picture when a post names none.
    pub avatar: Option<PathBuf>,
    /// Which tags show, and how many.
    pub tags: TagRules,
    /// A post's own `image:` as its card's background.
    pub post_image: bool,
    /// The title's font, else the embedded one.
    pub title_font: Option<FontPath>,
    /// The other text's font, else the embedded one.
    pub text_font: Option<FontPath>,
    /// Fonts tried, in order, for characters the two above lack.
    pub fallback_fonts: Vec<FontPath>,
    /// Look in the fonts installed on the machine last.
    pub system_fonts: bool,
    /// Curly quotes, dashes and ellipses in titles.
    pub smart_typography: bool,
}

/// A logo this many times wider than tall is taken to be a wordmark: it
/// already shows the site's name, so the name is not written beside it.
pub const WORDMARK_RATIO: f32 = 2.5;

impl Default for CardSettings {
    fn default() -> Self {
        let (width, height) = (1200, 630);
        CardSettings {
            enabled: true,
            width,
            height,
            padding: 72,
            theme_name: theme::PRESETS[0].0,
            theme: Theme::default(),
            background_image: None,
            scrim: Some(values::DEFAULT_SCRIM),
            title_size_max: auto_title_size(width, height),
            title_size_min: 40.0,
            tag_size: 24.0,
            footer_size: 28.0,
            max_title_lines: values::MAX_LINES,
            logo: None,
            logo_height: 52,
            site_name: None,
            description: true,
            author: true,
            avatar: None,
            tags: TagRules::default(),
            post_image: true,
            title_font: None,
            text_font: None,
            fallback_fonts: Vec::new(),
            system_fonts: true,
            smart_typography: true,
        }
    }
}

/// The largest title size for a card: a fifth of its height, but no more
/// than an eighth of its width (a square card is as tall as it is wide).
/// Only short titles reach it: longer ones take the largest size that fits.
fn auto_title_size(width: u32, height: u32) -> f32 {
    (height as f32 / 5.0).min(width as f32 / 8.0).floor()
}

impl CardSettingsFile {
    /// Fills in defaults and checks what depends on more than one value.
    /// Relative paths are taken from `base_dir`, the folder holding `feedcard.yaml`.
    pub fn resolve(self, base_dir: &Path) -> Result<CardSettings, String> {
        let d = CardSettings::default();
        let width = self.width.unwrap_or(d.width);
        let height = self.height.unwrap_or(d.height);
        let padding = self.padding.unwrap_or(d.padding);
        if padding.saturating_mul(3) > width.min(height) {
            return Err(format!(
                "card.padding: {padding} leaves too little room on a {width}x{height} card; use at most {}",
                width.min(height) / 3
            ));
        }
        let theme_name = self.theme.map_or_else(|| inferred_theme(self.background), |t| t.0);
        let t = theme::preset(theme_name).unwrap_or_default();
        let theme = Theme {
            background: self.background.unwrap_or(t.background),
            accent: self.accent.unwrap_or(t.accent),
            title: self.title_colour.unwrap_or(t.title),
            text: self.text_colour.unwrap_or(t.text),
            muted: self.muted_colour.unwrap_or(t.muted),
            tag_background: self.tag_background.unwrap_or(t.tag_background),
            tag_text: self.tag_colour.unwrap_or(t.tag_text),
        };
        let title_size_max = self.title_size_max.unwrap_or_else(|| auto_title_size(width, height));
        let title_size_min = self.title_size_min.unwrap_or(d.title_size_min.min(title_size_max));
        if title_size_min > title_size_max {
            return Err(format!(
                "card.title_size_min: {title_size_min} is larger than card.title_size_max ({title_size_max}); swap them"
            ));
        }
        let fallback_fonts = self
            .fallback_fonts
            .unwrap_or_default()
            .into_iter()
            .map(|f| font_path("fallback_fonts", &f, base_dir))
            .collect::<Result<_, _>>()?;
        let tags = self.tags.unwrap_or_default();
        let path = |key, p: Option<PathBuf>| p.map(|p| existing(key, base_dir.join(p))).transpose();
        Ok(CardSettings {
            enabled: self.enabled.unwrap_or(d.enabled),
            width,
            height,
            padding,
            theme_name,
            theme,
            background_image: path("background_image", self.background_image)?,
            scrim: self.scrim.unwrap_or(d.scrim),
            title_size_max,
            title_size_min,
            tag_size: self.tag_size.unwrap_or(d.tag_size),
            footer_size: self.footer_size.unwrap_or(d.footer_size),
            max_title_lines: self.max_title_lines.flatten().unwrap_or(d.max_title_lines),
            logo: path("logo", self.logo)?,
            logo_height: self.logo_height.unwrap_or(d.logo_height),
            site_name: self.site_name,
            description: self.description.unwrap_or(d.description),
            author: self.author.unwrap_or(d.author),
            avatar: path("avatar", self.avatar)?,
            tags: TagRules {
                max: tags.max.unwrap_or(d.tags.max),
                hide: tags.hide.iter().map(|t| t.trim().trim_start_matches('#').trim().to_lowercase()).collect(),
                hash: tags.hash.unwrap_or_default(),
            },
            post_image: self.post_image.unwrap_or(d.post_image),
            title_font: self.title_font.map(|f| font_path("title_font", &f, base_dir)).transpose()?,
            text_font: self.text_font.map(|f| font_path("text_font", &f, base_dir)).transpose()?,
            fallback_fonts,
            system_fonts: self.system_fonts.unwrap_or(d.system_fonts),
            smart_typography: self.smart_typography.unwrap_or(d.smart_typography),
        })
    }

    /// The colour keys set in the file: a pair the user chose is theirs to
    /// fix, a preset's own pairs are not.
    pub fn colours_set(&self) -> Vec<&'static str> {
        let keys = [
            ("background", self.background),
            ("accent", self.accent),
            ("title_colour", self.title_colour),
            ("text_colour", self.text_colour),
            ("muted_colour", self.muted_colour),
            ("tag_background", self.tag_background),
            ("tag_colour", self.tag_colour),
        ];
        keys.iter().filter(|(_, v)| v.is_some()).map(|(k, _)| *k).collect()
    }
}

/// With no `theme:`, a light background starts from the light preset, so
/// `background: "#ffffff"` alone does not leave light text on white.
fn inferred_theme(background: Option<Rgb>) -> &'static str {
    // Above this luminance, black text has more contrast than white.
    match background {
        Some(bg) if bg.luminance() > 0.179 => "light",
        _ => theme::PRESETS[0].0,
    }
}

fn existing(key: &str, path: PathBuf) -> Result<PathBuf, String> {
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "card.{key}: {} does not exist; fix the path (relative paths start at the folder of feedcard.yaml) or remove the key",
            path.display()
        ))
    }
}

/// `fonts/Noto.ttc#2` -> the file and face 2.
fn font_path(key: &str, text: &str, base_dir: &Path) -> Result<FontPath, String> {
    let (file, index) = match text.rsplit_once('#') {
        Some((file, index)) if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) => {
            let index =
                index.parse().map_err(|_| format!("card.{key}: face number \"{index}\" in \"{text}\" is too large"))?;
            (file, Some(index))
        }
        _ => (text, None),
    };
    let path = existing(key, base_dir.join(file))?;
    if index.is_some() && path.is_dir() {
        return Err(format!(
            "card.{key}: \"{text}\": a face number (#N) picks a face of one font file, not of a folder"
        ));
    }
    Ok(FontPath { path, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(yaml: &str) -> Result<CardSettings, String> {
        let file: CardSettingsFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        file.resolve(Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    #[test]
    fn empty_section_gives_defaults() {
        assert_eq!(resolve("{}"), Ok(CardSettings::default()));
    }

    #[test]
    fn paths_are_relative_to_the_config_folder() {
        let s = resolve("title_font: fonts/Inter-Medium.otf#0\nfallback_fonts: [fonts, 'fonts/Inter-Medium.otf#0']")
            .unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let inter = FontPath { path: root.join("fonts/Inter-Medium.otf"), index: Some(0) };
        assert_eq!(s.title_font, Some(inter.clone()));
        assert_eq!(s.fallback_fonts, vec![FontPath { path: root.join("fonts"), index: None }, inter]);
        let err = resolve("fallback_fonts: ['fonts#1']").unwrap_err();
        assert!(err.starts_with("card.fallback_fonts") && err.contains("folder"), "{err}");
    }

    #[test]
    fn errors_name_the_key() {
        let cases = [
            ("accent: red", "accent"),
            ("accent: 123", "accent"),
            ("width: 50", "width"),
            ("logo: nope.png", "card.logo"),
            ("title_size_min: 90\ntitle_size_max: 50", "card.title_size_min"),
            ("max_title_lines: 0", "max_title_lines"),
            ("padding: 300", "card.padding"),
            ("theme: drak", "theme"),
            ("tags: {max: -1}", "tags.max"),
        ];
        for (yaml, key) in cases {
            let err = resolve(yaml).unwrap_err();
            assert!(err.starts_with(key), "{yaml:?} gave {err:?}");
        }
        assert!(resolve("colour: red").unwrap_err().contains("unknown field"));
    }

    #[test]
    fn american_spelling_is_accepted() {
        let s = resolve("accent_color: '#ff0000'\ntitle_color: '#000'").unwrap();
        assert_eq!(s.theme.accent, Rgb(255, 0, 0));
        assert_eq!(s.theme.title, Rgb(0, 0, 0));
    }

    #[test]
    fn only_hash_colours_in_strings_are_colours() {
        let err = resolve("accent: 123").unwrap_err();
        assert!(err.contains("is a number, not a colour") && err.contains("\"#123\""), "{err}");
        assert!(resolve("accent: 'fff'").unwrap_err().contains("not a colour"));
        assert!(resolve("accent: '#12345'").unwrap_err().contains("not a colour"));
    }

    #[test]
    fn a_colour_after_an_unquoted_hash_is_the_comment_trap() {
        let err = resolve("theme: light\nbackground: #ffffff\n").unwrap_err();
        assert!(err.contains("`#` starts a comment") && err.contains("background: \"#ffffff\""), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn a_theme_sets_every_colour_and_a_users_colour_overrides_one() {
        let light = resolve("theme: light").unwrap();
        assert_eq!(light.theme, theme::preset("light").unwrap());
        let mixed = resolve("theme: light\naccent: '#ff0000'").unwrap();
        assert_eq!(mixed.theme, Theme { accent: Rgb(255, 0, 0), ..theme::preset("light").unwrap() });
        // A light background with no theme starts from the light preset.
        let white = resolve("background: '#ffffff'").unwrap();
        assert_eq!(white.theme_name, "light");
        assert!(white.theme.low_contrast().is_empty());
        let err = resolve("theme: drak").unwrap_err();
        assert!(err.contains("did you mean `dark`?"), "{err}");
    }

    #[test]
    fn square_cards_get_a_larger_title_and_no_line_cap() {
        let wide = resolve("{}").unwrap();
        let square = resolve("{width: 1080, height: 1080}").unwrap();
        assert!(square.title_size_max > wide.title_size_max);
        assert_eq!(square.max_title_lines, values::MAX_LINES);
        assert_eq!(resolve("max_title_lines: auto").unwrap().max_title_lines, values::MAX_LINES);
        assert_eq!(resolve("max_title_lines: 3").unwrap().max_title_lines, 3);
    }

    #[test]
    fn scrim_is_on_by_default_and_can_be_switched_off_or_set() {
        assert_eq!(resolve("{}").unwrap().scrim, Some(values::DEFAULT_SCRIM));
        assert_eq!(resolve("scrim: false").unwrap().scrim, None);
        assert_eq!(resolve("scrim: 0.8").unwrap().scrim, Some(0.8));
        assert!(resolve("scrim: 2").is_err());
    }
}
