//! Values of the `card:` section checked while the YAML is read, so that
//! serde_yaml puts the line of the bad value in the message.

use super::colour::Rgb;
use super::theme;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// `card.background: #fff` is `background:` and a comment to YAML: an empty value.
pub const COMMENT_TRAP: &str = "is empty: in YAML `#` starts a comment, so `background: #ffffff` reads as \
     `background:` with no value; put the colour in quotes: `background: \"#ffffff\"`";

/// `"#rgb"` or `"#rrggbb"` and nothing else: `accent: 123` is a number to YAML.
pub fn colour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rgb>, D::Error> {
    struct Colour;
    impl<'de> Visitor<'de> for Colour {
        type Value = Rgb;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a colour in quotes, like \"#0f172a\"")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Rgb, E> {
            let parsed = text.trim().starts_with('#').then(|| Rgb::parse(text)).flatten();
            parsed.ok_or_else(|| {
                E::custom(format!(
                    "\"{text}\" is not a colour; write \"#rgb\" or \"#rrggbb\" in quotes, like \"#0f172a\""
                ))
            })
        }

        fn visit_unit<E: de::Error>(self) -> Result<Rgb, E> {
            Err(E::custom(format!("the colour {COMMENT_TRAP}")))
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Rgb, E> {
            Err(E::custom(format!(
                "{n} is a number, not a colour; write \"#rgb\" or \"#rrggbb\" in quotes (\"#{n}\" if that is what you mean)"
            )))
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Rgb, E> {
            self.visit_f64(n as f64)
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Rgb, E> {
            Err(E::custom(format!("{n} is a number, not a colour; write \"#rgb\" or \"#rrggbb\" in quotes")))
        }
    }
    d.deserialize_any(Colour).map(Some)
}

/// The name of a preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeName(pub &'static str);

/// A preset name; a typo gets a suggestion.
pub fn theme_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ThemeName>, D::Error> {
    struct Name;
    impl<'de> Visitor<'de> for Name {
        type Value = ThemeName;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the name of a theme")
        }

        fn visit_str<E: de::Error>(self, name: &str) -> Result<ThemeName, E> {
            let list = theme::preset_names().collect::<Vec<_>>().join(", ");
            match theme::preset_names().find(|n| n.eq_ignore_ascii_case(name.trim())) {
                Some(found) => Ok(ThemeName(found)),
                None => Err(E::custom(match theme::nearest_preset(name.trim()) {
                    Some(near) => format!("there is no theme `{name}`; did you mean `{near}`? (the themes: {list})"),
                    None => format!("there is no theme `{name}`; the themes are: {list}"),
                })),
            }
        }
    }
    d.deserialize_str(Name).map(Some)
}

/// A whole number of pixels in `min..=max`, checked where it is written.
struct Pixels {
    min: u64,
    max: u64,
    unit: &'static str,
    what: &'static str,
}

impl<'de> Visitor<'de> for Pixels {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a whole number from {} to {}", self.min, self.max)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u32, E> {
        if (self.min..=self.max).contains(&n) {
            Ok(n as u32)
        } else {
            Err(E::custom(format!(
                "{n}{} is out of range; use {} to {} ({})",
                self.unit, self.min, self.max, self.what
            )))
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<u32, E> {
        self.visit_u64(u64::try_from(n).map_err(|_| E::custom(format!("{n} is negative")))?)
    }

    fn visit_unit<E: de::Error>(self) -> Result<u32, E> {
        Err(E::custom("the value is empty; write a number or remove the key"))
    }
}

pub fn card_side<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(Pixels { min: 200, max: 4096, unit: " px", what: "social sites expect 1200x630" }).map(Some)
}

pub fn logo_height<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_any(Pixels { min: 8, max: 1000, unit: " px", what: "the logo's height on the card" }).map(Some)
}

/// A font size in pixels, 4 to 1000.
pub fn font_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    struct Size;
    impl<'de> Visitor<'de> for Size {
        type Value = f32;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a font size in pixels, from 4 to 1000")
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<f32, E> {
            if n.is_finite() && (4.0..=1000.0).contains(&n) {
                Ok(n as f32)
            } else {
                Err(E::custom(format!("{n} is not a usable font size; use a number of pixels from 4 to 1000")))
            }
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<f32, E> {
            self.visit_f64(n as f64)
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<f32, E> {
            self.visit_f64(n as f64)
        }

        fn visit_unit<E: de::Error>(self) -> Result<f32, E> {
            Err(E::custom("the value is empty; write a number or remove the key"))
        }
    }
    d.deserialize_any(Size).map(Some)
}

/// `auto` (as many as the card's height allows) or 1 to 12.
pub fn line_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    struct Lines;
    impl<'de> Visitor<'de> for Lines {
        type Value = Option<usize>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("`auto` or a number of lines from 1 to 12")
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<usize>, E> {
            if (1..=MAX_LINES as u64).contains(&n) {
                Ok(Some(n as usize))
            } else {
                Err(E::custom(format!("{n} is out of range; use 1 to {MAX_LINES}, or `auto`")))
            }
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<usize>, E> {
            self.visit_u64(u64::try_from(n).unwrap_or(0))
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<usize>, E> {
            match text.trim() {
                "auto" => Ok(None),
                _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
            }
        }
    }
    d.deserialize_any(Lines)
}

/// The most title lines a card may have, whatever its height.
pub const MAX_LINES: usize = 12;

/// `scrim: true` (the default strength), `false`, or a strength from 0 to 1.
pub fn scrim<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<f32>>, D::Error> {
    struct Scrim;
    impl<'de> Visitor<'de> for Scrim {
        type Value = Option<f32>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true, false, or a strength from 0 to 1")
        }

        fn visit_bool<E: de::Error>(self, on: bool) -> Result<Option<f32>, E> {
            Ok(on.then_some(DEFAULT_SCRIM))
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<f32>, E> {
            if (0.0..=1.0).contains(&n) {
                Ok(Some(n as f32))
            } else {
                Err(E::custom(format!("{n} is out of range; a scrim's strength is from 0 (none) to 1 (opaque)")))
            }
        }

        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<f32>, E> {
            self.visit_f64(n as f64)
        }

        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<f32>, E> {
            self.visit_f64(n as f64)
        }
    }
    d.deserialize_any(Scrim).map(Some)
}

/// How strongly the theme's background covers a background image at the
/// bottom of the card, before any raising for contrast.
pub const DEFAULT_SCRIM: f32 = 0.55;

/// `#` before a tag: `auto` puts it before one-word tags only (`#rust`,
/// but `police brutality`: a hashtag cannot hold a space).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HashMark {
    #[default]
    Auto,
    Always,
    Never,
}

/// `card.tags` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagsFile {
    #[serde(default, deserialize_with = "tag_count")]
    pub max: Option<usize>,
    #[serde(default, deserialize_with = "tag_list")]
    pub hide: Vec<String>,
    pub hash: Option<HashMark>,
}

/// `tags: false` hides them; `tags: {max: 3, hide: [...], hash: auto}` filters them.
pub fn tags<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TagsFile>, D::Error> {
    struct Tags;
    impl<'de> Visitor<'de> for Tags {
        type Value = TagsFile;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("true, false, or a map like {max: 3, hide: [notes], hash: auto}")
        }

        fn visit_bool<E: de::Error>(self, on: bool) -> Result<TagsFile, E> {
            Ok(TagsFile { max: (!on).then_some(0), ..TagsFile::default() })
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TagsFile, A::Error> {
            TagsFile::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(Tags).map(Some)
}

fn tag_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    d.deserialize_any(Pixels { min: 0, max: 50, unit: "", what: "a number of tags" }).map(|n| Some(n as usize))
}

/// Tags such as `2024` are numbers to YAML.
fn tag_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let values = Vec::<serde_yaml::Value>::deserialize(d)?;
    values
        .into_iter()
        .map(|value| match value {
            serde_yaml::Value::String(text) => Ok(text),
            serde_yaml::Value::Number(n) => Ok(n.to_string()),
            _ => Err(de::Error::custom("each tag in card.tags.hide must be a word or a number")),
        })
        .collect()
}
