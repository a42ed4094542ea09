//! Smart typography on cards: each language's quotation marks, dashes and
//! ellipses in the title as drawn, code spans kept, and the switch in `card:`.

use super::*;

fn title_lines(settings: &CardSettings, title: &str, lang: &str) -> Vec<String> {
    let text = CardText { title, tags: &[], site: "example.org", date: "2 November 2024", lang, ..CardText::default() };
    CardRenderer::new(settings).unwrap().layout(&text).title_lines
}

fn settings() -> CardSettings {
    CardSettings { system_fonts: false, ..CardSettings::default() }
}

#[test]
fn quotes_follow_the_language_of_the_post() {
    let title = r#""Release trains" -- don't wait..."#;
    let cases = [
        ("en", "“Release trains” – don’t wait…"),
        ("en-US", "“Release trains” – don’t wait…"),
        ("de", "„Release trains“ – don’t wait…"),
        ("fr", "«\u{202F}Release trains\u{202F}» – don’t wait…"),
        ("", "“Release trains” – don’t wait…"),
    ];
    for (lang, drawn) in cases {
        assert_eq!(title_lines(&settings(), title, lang).join(" "), drawn, "lang {lang:?}");
    }
}

#[test]
fn single_quotes_and_code_spans() {
    let lines = title_lines(&settings(), "Der 'kleine' Unterschied mit `'x' -- y`", "de");
    assert_eq!(lines.join(" "), "Der ‚kleine‘ Unterschied mit 'x' -- y");
}

#[test]
fn smart_typography_can_be_switched_off() {
    let file: CardSettingsFile = serde_yaml::from_str("smart_typography: false").unwrap();
    let off = file.resolve(std::path::Path::new(".")).unwrap();
    assert!(!off.smart_typography && settings().smart_typography);
    let title = r#""As typed" -- really..."#;
    assert_eq!(title_lines(&CardSettings { system_fonts: false, ..off }, title, "en").join(" "), title);
}
