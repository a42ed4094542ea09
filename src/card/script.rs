//! Which writing system each piece of a card's text is in, which locale
//! forms its Han characters take, and what to install when no font has it.

use icu_properties::props::{DefaultIgnorableCodePoint, EmojiPresentation, GeneralCategory, Script};
use icu_properties::script::ScriptWithExtensions;
use icu_properties::{CodePointMapData, CodePointSetData, PropertyNamesLong};

/// The regional glyph forms of Han characters (and punctuation such as
/// `：`, centred in Japanese and Traditional Chinese, low in Simplified),
/// each drawn by its own face of a CJK font.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Cjk {
    Simplified,
    Traditional,
    HongKong,
    Japanese,
    Korean,
}

impl Cjk {
    /// The region suffix of the Noto CJK family names.
    pub fn suffix(self) -> &'static str {
        match self {
            Cjk::Simplified => "SC",
            Cjk::Traditional => "TC",
            Cjk::HongKong => "HK",
            Cjk::Japanese => "JP",
            Cjk::Korean => "KR",
        }
    }

    /// The language tag that selects these forms with the `locl` feature.
    pub fn language(self) -> &'static str {
        match self {
            Cjk::Simplified => "zh-Hans",
            Cjk::Traditional => "zh-Hant",
            Cjk::HongKong => "zh-HK",
            Cjk::Japanese => "ja",
            Cjk::Korean => "ko",
        }
    }

    /// The forms a BCP 47 language tag asks for, if it names a CJK language.
    pub fn from_language(tag: &str) -> Option<Cjk> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let language = parts.next()?;
        let subtags: Vec<&str> = parts.collect();
        let has = |s: &str| subtags.contains(&s);
        match language {
            "ja" => Some(Cjk::Japanese),
            "ko" => Some(Cjk::Korean),
            "zh" | "cmn" | "yue" => Some(if has("hk") || has("mo") || (language == "yue" && !has("hans")) {
                // Cantonese is mostly written in Hong Kong's forms.
                Cjk::HongKong
            } else if has("hant") || has("tw") {
                Cjk::Traditional
            } else {
                Cjk::Simplified
            }),
            _ => None,
        }
    }

    /// The forms for a card: its language if that is Chinese, Japanese or
    /// Korean, else a guess from the text (kana means Japanese, Hangul
    /// Korean, Han alone Simplified Chinese).
    pub fn for_text(language: Option<&str>, text: &str) -> Cjk {
        if let Some(cjk) = language.and_then(Cjk::from_language) {
            return cjk;
        }
        let scripts = CodePointMapData::<Script>::new();
        let mut korean = false;
        for c in text.chars() {
            match scripts.get(c) {
                Script::Hiragana | Script::Katakana => return Cjk::Japanese,
                Script::Hangul => korean = true,
                _ => {}
            }
        }
        if korean {
            Cjk::Korean
        } else {
            Cjk::Simplified
        }
    }
}

/// What a face is chosen for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Writing {
    /// A script drawn by one font family per script (Latin, Arabic, Thai...).
    Script(Script),
    /// Han, kana, Hangul and Bopomofo, drawn by a CJK face for one locale.
    Cjk(Cjk),
    /// Characters shown as colour emoji.
    Emoji,
}

/// Symbols and punctuation with no script of their own.
pub(crate) const SYMBOLS: Writing = Writing::Script(Script::Common);

impl Writing {
    /// The family names that draw this best, best first: Noto Sans for
    /// the script (not Looped, Serif or UI variants), the CJK face of the
    /// locale, Noto Color Emoji.
    pub fn preferred_families(self) -> Vec<String> {
        match self {
            Writing::Emoji => vec!["Noto Color Emoji".into()],
            Writing::Cjk(cjk) => vec![format!("Noto Sans CJK {}", cjk.suffix()), format!("Noto Sans {}", cjk.suffix())],
            Writing::Script(Script::Latin | Script::Greek | Script::Cyrillic | Script::Common | Script::Inherited) => {
                vec!["Noto Sans".into()]
            }
            Writing::Script(script) => vec![format!("Noto Sans {}", script_name(script).replace('_', " "))],
        }
    }

    /// For `feedcard check` and messages: `Thai`, `Han (zh-Hans)`, `emoji`.
    pub fn name(self) -> String {
        match self {
            Writing::Script(script) => script_name(script).replace('_', " "),
            Writing::Cjk(cjk) => format!("CJK ({})", cjk.language()),
            Writing::Emoji => "emoji".into(),
        }
    }
}

fn script_name(script: Script) -> &'static str {
    PropertyNamesLong::<Script>::new().get(script).unwrap_or("Unknown")
}

/// The script of one character, as `Thai` or `Han`, for messages.
pub(crate) fn char_script_name(c: char) -> String {
    if is_emoji_char(c) {
        return "emoji".into();
    }
    script_name(CodePointMapData::<Script>::new().get(c)).replace('_', " ")
}

fn is_cjk(script: Script) -> bool {
    matches!(script, Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo)
}

fn is_emoji_char(c: char) -> bool {
    CodePointSetData::new::<EmojiPresentation>().contains(c)
}

/// Default-ignorable (drawn as nothing when a font lacks it) or no
/// character at all.
pub(crate) fn is_ignorable(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Unassigned
}

/// Shown as colour emoji: a character that is emoji by default (⚡, ☕,
/// flags, skin tones), or any followed by the emoji selector U+FE0F;
/// never with the text selector U+FE0E.
pub(crate) fn is_emoji(grapheme: &str) -> bool {
    !grapheme.contains('\u{FE0E}') && (grapheme.contains('\u{FE0F}') || grapheme.chars().any(is_emoji_char))
}

/// The Debian package whose fonts draw `c`, for the missing-font message.
pub(crate) fn debian_package(c: char) -> &'static str {
    if is_emoji_char(c) {
        return "fonts-noto-color-emoji";
    }
    if is_cjk(CodePointMapData::<Script>::new().get(c)) {
        return "fonts-noto-cjk";
    }
    // Every other script Noto covers, symbols and maths included.
    "fonts-noto-core"
}

/// The writing system of each grapheme of `text` (given by the byte
/// offsets `starts` of its graphemes). Characters common to several
/// scripts (punctuation, digits, spaces, combining marks) take the script
/// of the text around them, as in HarfBuzz's and ICU's itemisation: the
/// `：` of a Chinese title is Chinese.
pub(crate) fn writing_of(text: &str, starts: &[usize], cjk: Cjk) -> Vec<Writing> {
    let scripts = ScriptWithExtensions::new();
    let mut own: Vec<Option<Script>> = Vec::with_capacity(starts.len());
    let mut emoji = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let grapheme = &text[start..end];
        emoji.push(is_emoji(grapheme));
        let first = grapheme.chars().next().map_or(Script::Common, |c| scripts.get_script_val(c));
        own.push((!matches!(first, Script::Common | Script::Inherited | Script::Unknown)).then_some(first));
    }
    // Weak graphemes take the script before them, or after them at the start.
    let mut resolved = vec![None; own.len()];
    let mut last: Option<Script> = None;
    for (i, script) in own.iter().enumerate() {
        let scx = text[starts[i]..].chars().next().map(|c| scripts.get_script_extensions_val(c));
        let pick = match (script, scx) {
            (Some(s), _) => Some(*s),
            // A mark or punctuation of a few scripts: the one in use if listed.
            (None, Some(set)) if set.iter().any(|s| !matches!(s, Script::Common | Script::Inherited)) => {
                last.filter(|l| set.contains(l)).or_else(|| set.iter().next())
            }
            _ => last,
        };
        if pick.is_some() {
            last = pick;
        }
        resolved[i] = pick;
    }
    let mut next: Option<Script> = None;
    for slot in resolved.iter_mut().rev() {
        match slot {
            Some(s) => next = Some(*s),
            None => *slot = next,
        }
    }
    resolved
        .into_iter()
        .zip(emoji)
        .map(|(script, emoji)| match (emoji, script.unwrap_or(Script::Common)) {
            (true, _) => Writing::Emoji,
            (false, s) if is_cjk(s) => Writing::Cjk(match s {
                Script::Hangul => Cjk::Korean,
                Script::Hiragana | Script::Katakana => Cjk::Japanese,
                Script::Bopomofo => Cjk::Traditional,
                _ => cjk,
            }),
            (false, s) => Writing::Script(s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn writing(text: &str, cjk: Cjk) -> Vec<Writing> {
        let starts: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
        writing_of(text, &starts, cjk)
    }

    #[test]
    fn languages_choose_the_han_forms() {
        let cases = [
            ("zh-CN", Cjk::Simplified),
            ("zh-Hans", Cjk::Simplified),
            ("zh", Cjk::Simplified),
            ("zh_TW", Cjk::Traditional),
            ("zh-Hant", Cjk::Traditional),
            ("zh-HK", Cjk::HongKong),
            ("zh-Hant-HK", Cjk::HongKong),
            ("ja", Cjk::Japanese),
            ("ja-JP", Cjk::Japanese),
            ("KO", Cjk::Korean),
        ];
        for (tag, cjk) in cases {
            assert_eq!(Cjk::from_language(tag), Some(cjk), "{tag}");
        }
        assert_eq!(Cjk::from_language("en"), None);
        assert_eq!(Cjk::for_text(Some("en"), "日本語のタイトル"), Cjk::Japanese);
        assert_eq!(Cjk::for_text(None, "한국어 제목"), Cjk::Korean);
        assert_eq!(Cjk::for_text(None, "中文标题"), Cjk::Simplified);
        assert_eq!(Cjk::for_text(Some("zh-TW"), "中文標題"), Cjk::Traditional);
    }

    #[test]
    fn punctuation_takes_the_script_around_it() {
        let w = writing("中文：排版", Cjk::Simplified);
        assert!(w.iter().all(|w| *w == Writing::Cjk(Cjk::Simplified)), "{w:?}");
        let w = writing("«Привет», мир", Cjk::Simplified);
        assert!(w.iter().all(|w| *w == Writing::Script(Script::Cyrillic)), "{w:?}");
        let w = writing("\"שלום\" 2024", Cjk::Simplified);
        assert!(w.iter().all(|w| *w == Writing::Script(Script::Hebrew)), "{w:?}");
        let w = writing("Rust ⚡ 🦀 ❤\u{FE0F} ❤ ☕\u{FE0E}", Cjk::Simplified);
        let kinds: Vec<bool> = w.iter().map(|w| *w == Writing::Emoji).collect();
        let graphemes: Vec<&str> = "Rust ⚡ 🦀 ❤\u{FE0F} ❤ ☕\u{FE0E}".graphemes(true).collect();
        for (g, emoji) in graphemes.iter().zip(kinds) {
            let expected = matches!(*g, "⚡" | "🦀" | "❤\u{FE0F}");
            assert_eq!(emoji, expected, "{g:?}");
        }
    }

    #[test]
    fn packages_cover_the_scripts() {
        assert_eq!(debian_package('ह'), "fonts-noto-core");
        assert_eq!(debian_package('ท'), "fonts-noto-core");
        assert_eq!(debian_package('中'), "fonts-noto-cjk");
        assert_eq!(debian_package('한'), "fonts-noto-cjk");
        assert_eq!(debian_package('☕'), "fonts-noto-color-emoji");
        assert_eq!(char_script_name('ह'), "Devanagari");
        assert_eq!(char_script_name('𓀀'), "Egyptian Hieroglyphs");
    }
}
