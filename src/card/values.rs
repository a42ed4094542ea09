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

/// A scalar as YAML gave it, for the checks below.
enum Scalar<'a> {
    Empty,
    Bool(bool),
    Whole(i128),
    Number(f64),
    Text(&'a str),
}

impl fmt::Display for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Empty => f.write_str("an empty value"),
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Whole(n) => write!(f, "{n}"),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

/// Reads one scalar and checks it inside the visitor: an error raised there
/// carries the value's line, one raised after it does not.
struct Checked<F> {
    expecting: &'static str,
    check: F,
}

impl<'de, T, F: FnOnce(Scalar) -> Result<T, String>> Visitor<'de> for Checked<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        (self.check)(Scalar::Empty).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<T, E> {
        (self.check)(Scalar::Bool(b)).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        (self.check)(Scalar::Whole(n.into())).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        (self.check)(Scalar::Whole(n.into())).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<T, E> {
        (self.check)(Scalar::Number(n)).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.check)(Scalar::Text(text)).map_err(E::custom)
    }
}

fn checked<'de, D, T>(
    d: D,
    expecting: &'static str,
    check: impl FnOnce(Scalar) -> Result<T, String>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_any(Checked { expecting, check }).map(Some)
}

/// `"#rgb"` or `"#rrggbb"` and nothing else: `accent: 123` is a number to YAML.
pub fn colour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Rgb>, D::Error> {
    const HOW: &str = "write \"#rgb\" or \"#rrggbb\" in quotes, like \"#0f172a\"";
    checked(d, "a colour in quotes, like \"#0f172a\"", |value| match value {
        Scalar::Text(text) if text.trim().starts_with('#') => {
            Rgb::parse(text).ok_or_else(|| format!("\"{text}\" is not a colour; {HOW}"))
        }
        Scalar::Empty => Err(format!("the colour {COMMENT_TRAP}")),
        Scalar::Whole(n) => Err(format!("{n} is a number, not a colour; {HOW} (\"#{n}\" if that is what you mean)")),
        Scalar::Number(_) | Scalar::Bool(_) => Err(format!("{value} is not a colour; {HOW}")),
        Scalar::Text(_) => Err(format!("{value} is not a colour; {HOW}")),
    })
}

/// The name of a preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeName(pub &'static str);

/// A preset name; a typo gets a suggestion.
pub fn theme_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ThemeName>, D::Error> {
    checked(d, "the name of a theme", |value| {
        let list = theme::preset_names().collect::<Vec<_>>().join(", ");
        let Scalar::Text(name) = value else { return Err(format!("{value} is not a theme; the themes are: {list}")) };
        match theme::preset_names().find(|n| n.eq_ignore_ascii_case(name.trim())) {
            Some(found) => Ok(ThemeName(found)),
            None => Err(match theme::nearest_preset(name.trim()) {
                Some(near) => format!("there is no theme `{name}`; did you mean `{near}`? (the themes: {list})"),
                None => format!("there is no theme `{name}`; the themes are: {list}"),
            }),
        }
    })
}

/// A whole number in `range`, or why not.
fn whole(value: Scalar, range: std::ops::RangeInclusive<i128>, unit: &str, what: &str) -> Result<i128, String> {
    match value {
        Scalar::Whole(n) if range.contains(&n) => Ok(n),
        Scalar::Whole(n) => {
            Err(format!("{n}{unit} is out of range; use {} to {} ({what})", range.start(), range.end()))
        }
        Scalar::Empty => Err("the value is empty; write a number or remove the key".to_string()),
        other => Err(format!("{other} is not a whole number; use {} to {} ({what})", range.start(), range.end())),
    }
}

pub fn card_side<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(d, "a number of pixels", |v| whole(v, 200..=4096, " px", "social sites expect 1200x630").map(|n| n as u32))
}

pub fn logo_height<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    checked(d, "a number of pixels", |v| whole(v, 8..=1000, " px", "the logo's height on the card").map(|n| n as u32))
}

/// A font size in pixels, 4 to 1000.
pub fn font_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    checked(d, "a font size in pixels", |value| {
        let size = match value {
            Scalar::Whole(n) => n as f64,
            Scalar::Number(n) => n,
            Scalar::Empty => return Err("the value is empty; write a number or remove the key".to_string()),
            other => return Err(format!("{other} is not a font size; use a number of pixels from 4 to 1000")),
        };
        if size.is_finite() && (4.0..=1000.0).contains(&size) {
            Ok(size as f32)
        } else {
            Err(format!("{size} is not a usable font size; use a number of pixels from 4 to 1000"))
        }
    })
}

/// `auto` (as many as the card's height allows) or 1 to 12.
pub fn line_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    let lines = checked(d, "`auto` or a number of lines", |value| match value {
        Scalar::Text(text) if text.trim() == "auto" => Ok(None),
        other => whole(other, 1..=MAX_LINES as i128, "", "or `auto`").map(|n| Some(n as usize)),
    })?;
    Ok(lines.flatten())
}

/// The most title lines a card may have, whatever its height.
pub const MAX_LINES: usize = 12;

/// `scrim: true` (the default strength), `false`, or a strength from 0 to 1.
pub fn scrim<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<f32>>, D::Error> {
    checked(d, "true, false, or a strength from 0 to 1", |value| {
        let strength = match value {
            Scalar::Bool(on) => return Ok(on.then_some(DEFAULT_SCRIM)),
            Scalar::Whole(n) => n as f64,
            Scalar::Number(n) => n,
            other => return Err(format!("{other} is not a scrim; write true, false, or a strength from 0 to 1")),
        };
        if (0.0..=1.0).contains(&strength) {
            Ok(Some(strength as f32))
        } else {
            Err(format!("{strength} is out of range; a scrim's strength is from 0 (none) to 1 (opaque)"))
        }
    })
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
    checked(d, "a number of tags", |v| whole(v, 0..=50, "", "a number of tags").map(|n| n as usize))
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
