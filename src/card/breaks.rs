//! Where a line of card text may end, by language.
//!
//! UAX #14 from ICU4X, with its word dictionaries for Thai, Lao, Khmer and
//! Burmese, which write no spaces between words. Each place is either between
//! words or inside one (the line-breaking rules allow it, the language's words
//! do not); the wrapper uses the second kind only for a word that cannot fit.
//! - Korean keeps its words whole (CSS `word-break: keep-all`): lines end at
//!   spaces, whatever the language tag says, as Korean words are spaced.
//! - Chinese and Japanese, which may break between any two characters, break
//!   between the words ICU4X's dictionary finds (`持续|集成`, never `持续集|成`),
//!   and Japanese keeps the particles and endings written in hiragana with
//!   the word before them (`スペースが|なくても`), as a phrase.
//! - A soft hyphen (U+00AD) is a place between words that draws a hyphen.

use super::lang::Language;
use icu_segmenter::options::{LineBreakOptions, LineBreakWordOption, WordBreakInvariantOptions};
use icu_segmenter::{LineSegmenter, WordSegmenter};
use unicode_segmentation::GraphemeCursor;

pub(crate) const SOFT_HYPHEN: char = '\u{AD}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Opportunity {
    /// The byte offset a line ends at and the next one starts at.
    pub at: usize,
    /// Inside a word: for a word too wide for any line only.
    pub inside_word: bool,
    /// After a soft hyphen: a line ending here ends with a drawn hyphen.
    pub hyphen: bool,
}

/// Every place a line may end, in order; the last is the end of the text.
pub(crate) fn opportunities(text: &str, language: Language) -> Vec<Opportunity> {
    let normal = line_breaks(text, LineBreakWordOption::Normal);
    let keep_all = language.is("ko").then(|| line_breaks(text, LineBreakWordOption::KeepAll));
    // The word dictionary runs only where it has something to say.
    let words: Option<Vec<usize>> = text
        .chars()
        .any(is_chinese_or_japanese)
        .then(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()).segment_str(text).collect());
    let mut places: Vec<usize> = normal.into_iter().map(|at| grapheme_end(text, at)).collect();
    places.dedup();
    places
        .into_iter()
        .map(|at| {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            let both = |class: fn(char) -> bool| before.is_some_and(class) && after.is_some_and(class);
            let inside_word = keep_all.as_ref().is_some_and(|k| k.binary_search(&at).is_err())
                || both(is_hangul)
                || match (before, after, &words) {
                    (Some(b), Some(a), Some(words)) if both(is_chinese_or_japanese) => {
                        !phrase_boundary(words, at, b, a)
                    }
                    _ => false,
                };
            Opportunity { at, inside_word, hyphen: before == Some(SOFT_HYPHEN) }
        })
        .collect()
}

/// Between two Chinese or Japanese characters: a word boundary, but not
/// before hiragana that follows a kanji or katakana word (`スペース|が` is one
/// phrase), nor before a one-character hiragana word (`なく|て|も`).
fn phrase_boundary(words: &[usize], at: usize, before: char, after: char) -> bool {
    let Ok(k) = words.binary_search(&at) else { return false };
    let one_character = words.get(k + 1).is_some_and(|&next| next - at == after.len_utf8());
    !is_hiragana(after) || (is_hiragana(before) && !one_character)
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// `at`, or the end of the grapheme it falls in: UAX #14 breaks between a
/// space and a mark on it, which a line must not start with.
fn grapheme_end(text: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(false) => cursor.next_boundary(text, 0).ok().flatten().unwrap_or(text.len()),
        _ => at,
    }
}

/// UAX #14 opportunities after the start of the text.
fn line_breaks(text: &str, word_option: LineBreakWordOption) -> Vec<usize> {
    let mut options = LineBreakOptions::default();
    options.word_option = Some(word_option);
    LineSegmenter::new_dictionary(options).segment_str(text).filter(|&at| at > 0).collect()
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3131}'..='\u{318E}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7FF}')
}

/// Han ideographs and kana, the characters UAX #14 lets break anywhere.
fn is_chinese_or_japanese(c: char) -> bool {
    matches!(
        c,
        '\u{3005}'..='\u{3007}'
            | '\u{3041}'..='\u{309F}'
            | '\u{30A0}'..='\u{30FF}'
            | '\u{31F0}'..='\u{31FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF66}'..='\u{FF9F}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text cut at every place between words.
    fn words(text: &str, lang: &str) -> Vec<String> {
        let mut start = 0;
        let mut out = Vec::new();
        for o in opportunities(text, Language::new(lang)).into_iter().filter(|o| !o.inside_word) {
            out.push(text[start..o.at].to_string());
            start = o.at;
        }
        out
    }

    #[test]
    fn thai_breaks_between_dictionary_words() {
        assert_eq!(words("ทุกสองสัปดาห์", "th"), ["ทุก", "สอง", "สัปดาห์"]);
        // Not inside a syllable, whatever the language tag says.
        assert_eq!(words("วรรคระหว่างคำ", "en"), ["วรรค", "ระหว่าง", "คำ"]);
    }

    #[test]
    fn lao_khmer_and_burmese_break_between_dictionary_words() {
        assert_eq!(words("ການທົດສອບພາສາລາວ", "lo"), ["ການທົດສອບ", "ພາສາ", "ລາວ"]);
        assert_eq!(words("ភាសាខ្មែរជាភាសាផ្លូវការ", "km"), ["ភាសាខ្មែរ", "ជា", "ភាសាផ្លូវការ"]);
        assert_eq!(words("မြန်မာဘာသာစကား", "my"), ["မြန်မာဘာသာ", "စကား"]);
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        let text = "정적 사이트 생성기를 위한 피드";
        assert_eq!(words(text, "ko"), ["정적 ", "사이트 ", "생성기를 ", "위한 ", "피드"]);
        assert_eq!(words(text, "en"), words(text, "ko"));
        // Between syllables the rules allow a break, used only for a word too wide.
        let inside = opportunities("생성기를", Language::new("ko"));
        assert_eq!(inside.iter().filter(|o| o.inside_word).count(), 3);
    }

    #[test]
    fn chinese_breaks_between_dictionary_words() {
        assert_eq!(words("静态网站生成器的持续集成", "zh-CN"), ["静态", "网站", "生成", "器", "的", "持续", "集成"]);
    }

    #[test]
    fn japanese_breaks_between_phrases() {
        let title = "日本語のタイトルはスペースがなくても文字と文字の間で改行できる";
        assert_eq!(
            words(title, "ja"),
            ["日本語の", "タイトルは", "スペースが", "なくても", "文字と", "文字の", "間で", "改行できる"]
        );
    }

    #[test]
    fn never_inside_a_grapheme() {
        // UAX #14 alone would break between the space and its mark.
        assert_eq!(words("ab \u{301}cd e", "en"), ["ab \u{301}", "cd ", "e"]);
    }

    #[test]
    fn soft_hyphens_are_places_that_draw_a_hyphen() {
        let o = opportunities("Donau\u{AD}dampf ship", Language::new("de"));
        let at = |at: usize| o.iter().find(|o| o.at == at).copied();
        assert_eq!(at(7), Some(Opportunity { at: 7, inside_word: false, hyphen: true }));
        assert_eq!(at(13), Some(Opportunity { at: 13, inside_word: false, hyphen: false }));
        assert_eq!(o.last().map(|o| o.at), Some(17));
    }
}
