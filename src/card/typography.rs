//! Smart typography for card titles: straight quotes become the language's
//! quotation marks, `'` inside or after a word an apostrophe, `--` and `---`
//! en and em dashes, `...` an ellipsis. Code spans (backticks) are left as
//! typed, and so is anything that looks like a command-line flag (`--force`).

use super::lang::Language;

const APOSTROPHE: char = '\u{2019}';
const NARROW_NO_BREAK_SPACE: char = '\u{202F}';

/// A language's quotation marks.
struct Quotes {
    double: [char; 2],
    single: [char; 2],
    /// French puts a narrow no-break space inside `« »`.
    space_inside_double: bool,
}

impl Quotes {
    fn of(language: Language) -> Quotes {
        let quotes = |double, single| Quotes { double, single, space_inside_double: false };
        let swiss = language.has("CH") || language.has("LI");
        let traditional_chinese = language.has("Hant") || language.has("TW") || language.has("HK");
        if language.is("fr") {
            Quotes { double: ['«', '»'], single: ['“', '”'], space_inside_double: !swiss }
        } else if language.is("de") && swiss {
            quotes(['«', '»'], ['‹', '›'])
        } else if ["de", "cs", "sk"].iter().any(|code| language.is(code)) {
            quotes(['„', '“'], ['‚', '‘'])
        } else if ["ru", "uk", "be"].iter().any(|code| language.is(code)) {
            quotes(['«', '»'], ['„', '“'])
        } else if language.is("pl") {
            quotes(['„', '”'], ['«', '»'])
        } else if language.is("sv") || language.is("fi") {
            quotes(['”', '”'], ['’', '’'])
        } else if language.is("ja") || (language.is("zh") && traditional_chinese) {
            quotes(['「', '」'], ['『', '』'])
        } else {
            quotes(['“', '”'], ['‘', '’'])
        }
    }
}

/// `text` with typographic quotes, apostrophes, dashes and ellipses, outside
/// Markdown code spans.
pub(crate) fn smarten(text: &str, language: Language) -> String {
    let quotes = Quotes::of(language);
    let chars: Vec<char> = text.chars().collect();
    let code = code_spans(&chars);
    let mut out = String::with_capacity(text.len() + 8);
    let (mut double_open, mut single_open) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if code[i] {
            out.push(c);
            i += 1;
            continue;
        }
        // What was written before, so a quote after an opening quote opens too.
        let before = out.chars().next_back();
        let run = chars[i..].iter().take_while(|&&r| r == c).count();
        let after = chars.get(i + run).copied();
        let code_after = code.get(i + run).copied().unwrap_or(false);
        match c {
            '"' => {
                let open = opens(before, after, double_open);
                double_open = open;
                let mark = quotes.double[usize::from(!open)];
                if quotes.space_inside_double && !open {
                    if out.ends_with(' ') {
                        out.pop();
                    }
                    out.push(NARROW_NO_BREAK_SPACE);
                }
                out.push(mark);
                if quotes.space_inside_double && open {
                    out.push(NARROW_NO_BREAK_SPACE);
                    if after == Some(' ') && !code_after {
                        i += 1;
                    }
                }
                i += 1;
                continue;
            }
            '\'' => {
                let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let mark = if letter(before) && letter(after)
                    || (boundary(before) && after.is_some_and(|a| a.is_ascii_digit()))
                {
                    APOSTROPHE
                } else if opens(before, after, single_open) && !boundary(after) {
                    single_open = true;
                    quotes.single[0]
                } else if single_open {
                    single_open = false;
                    quotes.single[1]
                } else {
                    APOSTROPHE
                };
                out.push(mark);
                i += 1;
                continue;
            }
            '-' if (run == 2 || run == 3) && dash_fits(before, after) && !code[i..i + run].contains(&true) => {
                out.push(if run == 2 { '–' } else { '—' });
            }
            '.' if run == 3 && !code[i..i + run].contains(&true) => out.push('…'),
            _ => out.extend(&chars[i..i + run]),
        }
        i += run;
    }
    out
}

/// Start or end of the text, a space, or punctuation a quote may open after.
fn boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{<–—-/".contains(c) || is_opening_quote(c))
}

fn is_opening_quote(c: char) -> bool {
    "“‘„‚«‹「『".contains(c)
}

/// Whether a straight quote between `before` and `after` opens: after a
/// boundary and before a word; between two boundaries it closes an open one.
fn opens(before: Option<char>, after: Option<char>, open: bool) -> bool {
    match (boundary(before), after.is_none_or(char::is_whitespace)) {
        (true, false) => true,
        (true, true) => !open,
        (false, _) => false,
    }
}

/// A run of hyphens becomes a dash between words or numbers, or with a space
/// on either side, but not before a word it starts (`--force`) nor in an
/// arrow (`-->`).
fn dash_fits(before: Option<char>, after: Option<char>) -> bool {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let flag = space(before) && word(after);
    let arrow = before == Some('<') || after == Some('>');
    !flag && !arrow && ((space(before) || space(after)) || (word(before) && word(after)))
}

/// For each character, whether it belongs to a Markdown code span: a run of
/// backticks up to the next run of the same length (unmatched ones are text).
fn code_spans(chars: &[char]) -> Vec<bool> {
    let mut code = vec![false; chars.len()];
    let run_at = |i: usize| chars[i..].iter().take_while(|&&c| c == '`').count();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            i += 1;
            continue;
        }
        let open = run_at(i);
        let mut j = i + open;
        let close = loop {
            match chars[j..].iter().position(|&c| c == '`') {
                None => break None,
                Some(k) if run_at(j + k) == open => break Some(j + k),
                Some(k) => j += k + run_at(j + k),
            }
        };
        match close {
            Some(end) => {
                code[i..end + open].fill(true);
                i = end + open;
            }
            None => i += open,
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(text: &str, lang: &str) -> String {
        smarten(text, Language::new(lang))
    }

    #[test]
    fn english_quotes_and_apostrophes() {
        assert_eq!(smart(r#""Quoted" and 'single' words"#, "en"), "“Quoted” and ‘single’ words");
        assert_eq!(
            smart("Don't stop: it's the users' guide to the '90s", "en-GB"),
            "Don’t stop: it’s the users’ guide to the ’90s"
        );
        assert_eq!(smart(r#"She said "it's 'fine'" (twice)"#, "en"), "She said “it’s ‘fine’” (twice)");
        assert_eq!(smart(r#"A "("quoted")" aside"#, "en"), "A “(“quoted”)” aside");
    }

    #[test]
    fn german_quotes() {
        assert_eq!(smart(r#"Der "Zug" und 'das' Gleis"#, "de"), "Der „Zug“ und ‚das‘ Gleis");
        assert_eq!(smart(r#"Hans' Auto, "geht's"?"#, "de-DE"), "Hans’ Auto, „geht’s“?");
        assert_eq!(smart(r#"Der "Zug""#, "de-CH"), "Der «Zug»");
    }

    #[test]
    fn french_guillemets_with_narrow_no_break_spaces() {
        assert_eq!(smart(r#"Le "train" de l'été"#, "fr"), "Le «\u{202F}train\u{202F}» de l’été");
        // Spaces typed inside the quotes become the narrow ones.
        assert_eq!(smart(r#"Le " train " part"#, "fr-FR"), "Le «\u{202F}train\u{202F}» part");
    }

    #[test]
    fn other_languages_use_their_own_marks() {
        assert_eq!(smart(r#""x""#, "ru"), "«x»");
        assert_eq!(smart(r#""x""#, "pl"), "„x”");
        assert_eq!(smart(r#""x""#, "ja"), "「x」");
        assert_eq!(smart(r#""x""#, "zh-TW"), "「x」");
        assert_eq!(smart(r#""x""#, "zh-CN"), "“x”");
        assert_eq!(smart(r#""x""#, ""), "“x”");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(smart("Before -- after --- end", "en"), "Before – after — end");
        assert_eq!(smart("Pages 10--20, wait...", "en"), "Pages 10–20, wait…");
        assert_eq!(smart("Use --force, not ---x or ----", "en"), "Use --force, not ---x or ----");
        assert_eq!(smart("A <-- B --> C, ....", "en"), "A <-- B --> C, ....");
    }

    #[test]
    fn code_spans_stay_as_typed() {
        assert_eq!(
            smart(r#"Why `"quotes"` and ``it's `x` -- ok`` stay, "but" this..."#, "en"),
            r#"Why `"quotes"` and ``it's `x` -- ok`` stay, “but” this…"#
        );
        assert_eq!(smart("An `unclosed 'quote'", "en"), "An `unclosed ‘quote’");
        assert_eq!(smart(r#""`cargo`" --- fast"#, "en"), "“`cargo`” — fast");
    }
}
