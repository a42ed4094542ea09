//! Writes the per-script sample cards shown in README's "Cards" section:
//! one card per writing system, each in its post language, drawn with the
//! fonts installed on the machine (Debian: fonts-noto-core, fonts-noto-cjk,
//! fonts-noto-color-emoji), as `build` would draw them.
//!
//! `cargo run --example script_gallery [FOLDER]` (default `docs/cards`).
#![allow(clippy::disallowed_macros)] // a tool run by hand prints what it wrote

use feedcard::internals::{CardRenderer, CardSettings, CardText};
use std::path::PathBuf;

/// (file name, post language, title, tags). Written for this gallery.
const SAMPLES: &[(&str, &str, &str, &[&str])] = &[
    ("latin", "fr", "Où trouver la clé du café près de l'église ?", &["voyage", "café"]),
    ("greek", "el", "Σημειώσεις για την έκδοση του λογισμικού", &["έκδοση", "λογισμικό"]),
    ("cyrillic", "ru", "Как писать понятные сообщения об ошибках", &["ошибки", "интерфейс"]),
    ("arabic", "ar", "كيف نكتب رسائل خطأ واضحة للمستخدمين", &["برمجة", "تصميم"]),
    ("hebrew", "he", "כלים קטנים לפרויקטים גדולים", &["כלים", "קוד פתוח"]),
    ("devanagari", "hi", "नई रिलीज़ के बारे में कुछ नोट्स", &["रिलीज़", "सॉफ़्टवेयर"]),
    ("thai", "th", "การเว้นวรรคระหว่างคำในภาษาไทยสำหรับการ์ด", &["ภาษาไทย", "การ์ด"]),
    ("zh-cn", "zh-CN", "持续集成：我们为什么喜欢自由软件", &["自由软件", "测试"]),
    ("zh-tw", "zh-TW", "關於新版本發布的一些筆記：測試與自動化", &["軟體", "測試"]),
    ("japanese", "ja", "日本語のタイトルはスペースがなくても文字と文字の間で改行できる", &["日本語", "cjk"]),
    ("korean", "ko", "우리가 자유 소프트웨어를 좋아하는 이유와 정적 사이트 생성기를 쓰는 법", &["한국어", "오픈소스"]),
    ("emoji", "en", "Coffee ☕, lightning ⚡ and Ferris 🦀 on one card", &["rust", "emoji"]),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "docs/cards".into()));
    std::fs::create_dir_all(&out)?;
    let renderer = CardRenderer::new(&CardSettings::default())?;
    for (name, lang, title, tags) in SAMPLES {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let text =
            CardText { title, tags: &tags, site: "example.org", date: "2 November 2024", lang, ..CardText::default() };
        let card = renderer.render(&text)?;
        let path = out.join(format!("script-{name}.png"));
        std::fs::write(&path, &card.png)?;
        println!("{} ({} KB)", path.display(), card.png.len() / 1024);
        if !card.missing_glyphs.is_empty() {
            println!("  no font has {:?}: install the Noto fonts (see the file's header)", card.missing_glyphs);
        }
    }
    Ok(())
}
