//! The `card:` section of `feedcard.yaml`, as written and as resolved.

use super::colour::Rgb;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The `card:` section as written; every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSettingsFile {
    pub enabled: Option<bool>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Space kept free on every side, in pixels.
    pub padding: Option<u32>,
    #[serde(alias = "background_color", alias = "background_colour")]
    pub background: Option<String>,
    pub background_image: Option<PathBuf>,
    #[serde(alias = "accent_color", alias = "accent_colour")]
    pub accent: Option<String>,
    #[serde(alias = "title_color")]
    pub title_colour: Option<String>,
    #[serde(alias = "text_color")]
    pub text_colour: Option<String>,
    #[serde(alias = "muted_color")]
    pub muted_colour: Option<String>,
    #[serde(alias = "tag_background_color", alias = "tag_background_colour")]
    pub tag_background: Option<String>,
    #[serde(alias = "tag_color")]
    pub tag_colour: Option<String>,
    pub title_size_max: Option<f32>,
    pub title_size_min: Option<f32>,
    pub tag_size: Option<f32>,
    pub footer_size: Option<f32>,
    pub max_title_lines: Option<usize>,
    pub logo: Option<PathBuf>,
    /// A font file; `file.ttc#2` picks a face in a collection.
    pub title_font: Option<String>,
    pub text_font: Option<String>,
    /// Font files or folders tried, in order, for characters the fonts
    /// above lack; `file.ttc#2` limits a collection to one face.
    pub fallback_fonts: Option<Vec<String>>,
    /// Look in the fonts installed on the machine last (default true).
    pub system_fonts: Option<bool>,
}

/// The colours of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub background: Rgb,
    pub accent: Rgb,
    pub title: Rgb,
    /// The site name.
    pub text: Rgb,
    /// The date.
    pub muted: Rgb,
    pub tag_background: Rgb,
    pub tag_text: Rgb,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            background: Rgb(0x0f, 0x17, 0x2a),
            accent: Rgb(0xfb, 0xbf, 0x24),
            title: Rgb(0xf8, 0xfa, 0xfc),
            text: Rgb(0xe2, 0xe8, 0xf0),
            muted: Rgb(0x94, 0xa3, 0xb8),
            tag_background: Rgb(0x1e, 0x29, 0x3b),
            tag_text: Rgb(0xcb, 0xd5, 0xe1),
        }
    }
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
    pub enabled: bool,
    pub width: u32,
    pub height: u32,
    pub padding: u32,
    pub theme: Theme,
    pub background_image: Option<PathBuf>,
    pub title_size_max: f32,
    pub title_size_min: f32,
    pub tag_size: f32,
    pub footer_size: f32,
    pub max_title_lines: usize,
    pub logo: Option<PathBuf>,
    pub title_font: Option<FontPath>,
    pub text_font: Option<FontPath>,
    pub fallback_fonts: Vec<FontPath>,
    pub system_fonts: bool,
}

impl Default for CardSettings {
    fn default() -> Self {
        CardSettings {
            enabled: true,
            width: 1200,
            height: 630,
            padding: 72,
            theme: Theme::default(),
            background_image: None,
            title_size_max: 96.0,
            title_size_min: 40.0,
            tag_size: 24.0,
            footer_size: 28.0,
            max_title_lines: 4,
            logo: None,
            title_font: None,
            text_font: None,
            fallback_fonts: Vec::new(),
            system_fonts: true,
        }
    }
}

const SIZE_LIMIT: std::ops::RangeInclusive<u32> = 200..=4096;

impl CardSettingsFile {
    /// Fills in defaults and checks every value. Relative paths are taken
    /// from `base_dir`, the folder holding `feedcard.yaml`.
    pub fn resolve(self, base_dir: &Path) -> Result<CardSettings, String> {
        let d = CardSettings::default();
        let width = check_dimension("width", self.width.unwrap_or(d.width))?;
        let height = check_dimension("height", self.height.unwrap_or(d.height))?;
        let padding = self.padding.unwrap_or(d.padding);
        if padding.saturating_mul(3) > width.min(height) {
            return Err(format!(
                "card.padding: {padding} leaves too little room on a {width}x{height} card; use at most {}",
                width.min(height) / 3
            ));
        }
        let t = d.theme;
        let theme = Theme {
            background: colour("background", self.background, t.background)?,
            accent: colour("accent", self.accent, t.accent)?,
            title: colour("title_colour", self.title_colour, t.title)?,
            text: colour("text_colour", self.text_colour, t.text)?,
            muted: colour("muted_colour", self.muted_colour, t.muted)?,
            tag_background: colour("tag_background", self.tag_background, t.tag_background)?,
            tag_text: colour("tag_colour", self.tag_colour, t.tag_text)?,
        };
        let title_size_max = font_size("title_size_max", self.title_size_max, d.title_size_max)?;
        let title_size_min = font_size("title_size_min", self.title_size_min, d.title_size_min.min(title_size_max))?;
        if title_size_min > title_size_max {
            return Err(format!(
                "card.title_size_min ({title_size_min}) is larger than card.title_size_max ({title_size_max}); swap them"
            ));
        }
        let max_title_lines = self.max_title_lines.unwrap_or(d.max_title_lines);
        if !(1..=12).contains(&max_title_lines) {
            return Err(format!("card.max_title_lines: {max_title_lines} is out of range; use 1 to 12"));
        }
        let fallback_fonts = self
            .fallback_fonts
            .unwrap_or_default()
            .into_iter()
            .map(|f| font_path("fallback_fonts", &f, base_dir))
            .collect::<Result<_, _>>()?;
        Ok(CardSettings {
            enabled: self.enabled.unwrap_or(d.enabled),
            width,
            height,
            padding,
            theme,
            background_image: self
                .background_image
                .map(|p| existing("background_image", base_dir.join(p)))
                .transpose()?,
            title_size_max,
            title_size_min,
            tag_size: font_size("tag_size", self.tag_size, d.tag_size)?,
            footer_size: font_size("footer_size", self.footer_size, d.footer_size)?,
            max_title_lines,
            logo: self.logo.map(|p| existing("logo", base_dir.join(p))).transpose()?,
            title_font: self.title_font.map(|f| font_path("title_font", &f, base_dir)).transpose()?,
            text_font: self.text_font.map(|f| font_path("text_font", &f, base_dir)).transpose()?,
            fallback_fonts,
            system_fonts: self.system_fonts.unwrap_or(d.system_fonts),
        })
    }
}

fn check_dimension(key: &str, value: u32) -> Result<u32, String> {
    if SIZE_LIMIT.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "card.{key}: {value} px is out of range; use {} to {} (social sites expect 1200x630)",
            SIZE_LIMIT.start(),
            SIZE_LIMIT.end()
        ))
    }
}

fn colour(key: &str, value: Option<String>, default: Rgb) -> Result<Rgb, String> {
    match value {
        None => Ok(default),
        Some(text) => Rgb::parse(&text).ok_or_else(|| {
            format!("card.{key}: \"{text}\" is not a colour; write it as \"#rrggbb\", e.g. \"{default}\"")
        }),
    }
}

fn font_size(key: &str, value: Option<f32>, default: f32) -> Result<f32, String> {
    let size = value.unwrap_or(default);
    if size.is_finite() && (4.0..=1000.0).contains(&size) {
        Ok(size)
    } else {
        Err(format!("card.{key}: {size} is not a usable font size; use a number of pixels from 4 to 1000"))
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
            ("accent: red", "card.accent"),
            ("width: 50", "card.width"),
            ("logo: nope.png", "card.logo"),
            ("title_size_min: 90\ntitle_size_max: 50", "card.title_size_min"),
            ("max_title_lines: 0", "card.max_title_lines"),
            ("padding: 300", "card.padding"),
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
}
