//! The face chosen for each writing system, with the fonts installed on the
//! machine: `.ci/run` installs them, and under CI a missing one fails the
//! test instead of skipping it.
#![allow(clippy::disallowed_macros)] // a test may print what it skipped

use super::fonts::{FontFace, FontOrigin, FontStack, RenderFonts, Role};
use super::shape::{shape, Shaped};
use super::*;

const NOTO: &str = "/usr/share/fonts/truetype/noto";
const CJK_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const CJK_REGULAR: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// Whether these font files are installed; in CI (`CI` set) they must be.
pub(super) fn installed(files: &[&str]) -> bool {
    let absent: Vec<&&str> = files.iter().filter(|f| !Path::new(f).exists()).collect();
    if absent.is_empty() {
        return true;
    }
    let help = "apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji";
    assert!(std::env::var_os("CI").is_none(), "{absent:?} not installed: CI must install them ({help})");
    eprintln!("skipped: {absent:?} not installed ({help})");
    false
}

/// The faces drawing the letters of `text` (not ASCII digits, spaces or
/// punctuation), after checking that nothing was left out.
fn faces_of<'f>(shaped: &Shaped, fonts: &'f RenderFonts) -> Vec<&'f FontFace> {
    assert_eq!(shaped.notdef, 0, "{:?}: a .notdef glyph was shaped", shaped.text);
    assert!(fonts.missing.is_empty(), "{:?}: no font for {:?}", shaped.text, fonts.missing);
    let mut faces: Vec<&FontFace> = Vec::new();
    for (_, glyph) in shaped.line(0, shaped.text.len()) {
        assert_ne!(glyph.id, 0);
        let c = shaped.text[glyph.cluster..].chars().next().unwrap_or(' ');
        let face = fonts.face(glyph.font);
        let letter = !(c.is_ascii_punctuation() || c.is_ascii_digit() || c.is_whitespace());
        if letter && !faces.iter().any(|f| std::ptr::eq(*f, face)) {
            faces.push(face);
        }
    }
    faces
}

fn weight(face: &FontFace) -> u16 {
    ttf_parser::Face::parse(face.bytes(), face.index).unwrap().weight().to_number()
}

fn file_name(face: &FontFace) -> (String, u32) {
    match &face.origin {
        FontOrigin::BuiltIn(name) => (name.to_string(), 0),
        FontOrigin::File { path, index } => (path.file_name().unwrap().to_string_lossy().into_owned(), *index),
    }
}

struct Case {
    title: &'static str,
    lang: &'static str,
    family: &'static str,
    /// The title's file, and the tags' when it differs.
    file: (&'static str, &'static str),
    index: u32,
}

const CASES: &[Case] = &[
    Case {
        title: "Čeština Åse Þórður Nguyễn Văn Đức",
        lang: "cs",
        family: "Inter",
        file: ("InterDisplay-Bold.otf", "Inter-Medium.otf"),
        index: 0,
    },
    Case {
        title: "Η γρήγορη καφέ αλεπού",
        lang: "el",
        family: "Inter",
        file: ("InterDisplay-Bold.otf", "Inter-Medium.otf"),
        index: 0,
    },
    Case {
        title: "Съешь же ещё этих булок",
        lang: "ru",
        family: "Inter",
        file: ("InterDisplay-Bold.otf", "Inter-Medium.otf"),
        index: 0,
    },
    Case {
        title: "مرحبا بالعالم",
        lang: "ar",
        family: "Noto Sans Arabic",
        file: ("NotoSansArabic-Bold.ttf", "NotoSansArabic-"),
        index: 0,
    },
    Case {
        title: "שלום עולם",
        lang: "he",
        family: "Noto Sans Hebrew",
        file: ("NotoSansHebrew-Bold.ttf", "NotoSansHebrew-"),
        index: 0,
    },
    Case {
        title: "नमस्ते दुनिया",
        lang: "hi",
        family: "Noto Sans Devanagari",
        file: ("NotoSansDevanagari-Bold.ttf", "NotoSansDevanagari-"),
        index: 0,
    },
    Case {
        title: "ที่นี่ภาษาไทย",
        lang: "th",
        family: "Noto Sans Thai",
        file: ("NotoSansThai-Bold.ttf", "NotoSansThai-"),
        index: 0,
    },
    Case {
        title: "中文标题：排版测试",
        lang: "zh-CN",
        family: "Noto Sans CJK SC",
        file: ("NotoSansCJK-Bold.ttc", "NotoSansCJK-"),
        index: 2,
    },
    Case {
        title: "中文標題：排版測試",
        lang: "zh-TW",
        family: "Noto Sans CJK TC",
        file: ("NotoSansCJK-Bold.ttc", "NotoSansCJK-"),
        index: 3,
    },
    Case {
        title: "日本語のタイトル：テスト",
        lang: "ja",
        family: "Noto Sans CJK JP",
        file: ("NotoSansCJK-Bold.ttc", "NotoSansCJK-"),
        index: 0,
    },
    Case {
        title: "한국어 제목 테스트",
        lang: "ko",
        family: "Noto Sans CJK KR",
        file: ("NotoSansCJK-Bold.ttc", "NotoSansCJK-"),
        index: 1,
    },
    Case {
        title: "⚡ ☕ 🦀 👩‍💻 🇫🇷",
        lang: "en",
        family: "Noto Color Emoji",
        file: ("NotoColorEmoji.ttf", "NotoColorEmoji.ttf"),
        index: 0,
    },
];

#[test]
fn each_script_gets_its_face_at_the_weight_of_its_role() {
    let files = [
        format!("{NOTO}/NotoSansArabic-Bold.ttf"),
        format!("{NOTO}/NotoSansHebrew-Bold.ttf"),
        format!("{NOTO}/NotoSansDevanagari-Bold.ttf"),
        format!("{NOTO}/NotoSansThai-Bold.ttf"),
        format!("{NOTO}/NotoColorEmoji.ttf"),
        CJK_BOLD.to_string(),
        CJK_REGULAR.to_string(),
    ];
    if !installed(&files.iter().map(String::as_str).collect::<Vec<_>>()) {
        return;
    }
    let stack = FontStack::new(&CardSettings::default()).unwrap();
    for case in CASES {
        let mut fonts = RenderFonts::for_card(&stack, Some(case.lang), case.title);
        let title = shape(case.title, Role::Title, &mut fonts);
        let tag = shape(&format!("#{}", case.title), Role::Text, &mut fonts);
        for (role, shaped, file) in [("title", &title, case.file.0), ("tag", &tag, case.file.1)] {
            let faces = faces_of(shaped, &fonts);
            let [face] = faces[..] else { panic!("{}: {role} drawn with {} faces", case.title, faces.len()) };
            let (name, index) = file_name(face);
            let what = format!("{} ({role}): {} {name}#{index}", case.title, face.family);
            assert!(face.family.starts_with(case.family) && name.starts_with(file), "{what}");
            assert_eq!(index, case.index, "{what}");
            let w = weight(face);
            match role {
                // Noto Color Emoji comes in one weight.
                _ if face.bitmap => {}
                "title" => assert!(w >= 700, "{what}: weight {w}"),
                _ => assert!((400..=500).contains(&w), "{what}: weight {w}"),
            }
        }
    }
}

#[test]
fn chinese_and_japanese_take_their_own_forms() {
    if !installed(&[CJK_BOLD]) {
        return;
    }
    let stack = FontStack::new(&CardSettings::default()).unwrap();
    // The same characters: only the language differs.
    let title = "中文：排版";
    let colon = |lang| {
        let mut fonts = RenderFonts::for_card(&stack, Some(lang), title);
        let shaped = shape(title, Role::Title, &mut fonts);
        let (_, glyph) =
            shaped.line(0, title.len()).into_iter().find(|(_, g)| &title[g.cluster..] == "：排版").unwrap();
        (file_name(fonts.face(glyph.font)), glyph.id)
    };
    let (chinese, japanese) = (colon("zh-CN"), colon("ja"));
    assert_eq!(chinese.0, ("NotoSansCJK-Bold.ttc".to_string(), 2));
    assert_eq!(japanese.0, ("NotoSansCJK-Bold.ttc".to_string(), 0));
    assert_ne!(chinese.1, japanese.1, "the colon should have its Chinese (low) and Japanese (centred) forms");
}

#[test]
fn fallback_collections_give_the_face_for_the_language() {
    if !installed(&[CJK_BOLD]) {
        return;
    }
    let font = |index| FontPath { path: PathBuf::from(CJK_BOLD), index };
    let face_for = |fallback: FontPath, lang| {
        let settings = CardSettings { fallback_fonts: vec![fallback], system_fonts: false, ..CardSettings::default() };
        let stack = FontStack::new(&settings).unwrap();
        let mut fonts = RenderFonts::for_card(&stack, Some(lang), "中文");
        let shaped = shape("中文", Role::Title, &mut fonts);
        let faces = faces_of(&shaped, &fonts);
        file_name(faces[0]).1
    };
    // The whole collection: the face for the language, not the first one.
    assert_eq!(face_for(font(None), "zh-CN"), 2);
    assert_eq!(face_for(font(None), "zh-HK"), 4);
    assert_eq!(face_for(font(None), "ko"), 1);
    // `file.ttc#3`: that face only, whatever the language.
    assert_eq!(face_for(font(Some(3)), "zh-CN"), 3);
}

#[test]
fn looped_and_serif_faces_lose_to_noto_sans() {
    let thai = format!("{NOTO}/NotoSansThai-Bold.ttf");
    let looped = format!("{NOTO}/NotoLoopedThai-Bold.ttf");
    if !installed(&[&thai, &looped]) {
        return;
    }
    // Two entries are two sets, tried in the order given: the first that
    // has Thai wins, as the user asked.
    let fallback = [&looped, &thai].map(|p| FontPath { path: PathBuf::from(p), index: None });
    let settings = CardSettings { fallback_fonts: fallback.to_vec(), system_fonts: false, ..CardSettings::default() };
    let stack = FontStack::new(&settings).unwrap();
    let mut fonts = RenderFonts::for_card(&stack, Some("th"), "ที่นี่");
    let shaped = shape("ที่นี่", Role::Title, &mut fonts);
    let faces = faces_of(&shaped, &fonts);
    assert_eq!(faces[0].family, "Noto Looped Thai");
    // In one folder (as installed fonts are), Noto Sans Thai wins.
    let folder = tempfile::tempdir().unwrap();
    for file in [&looped, &thai] {
        std::fs::copy(file, folder.path().join(Path::new(file).file_name().unwrap())).unwrap();
    }
    let settings = CardSettings {
        fallback_fonts: vec![FontPath { path: folder.path().to_path_buf(), index: None }],
        system_fonts: false,
        ..CardSettings::default()
    };
    let stack = FontStack::new(&settings).unwrap();
    let mut fonts = RenderFonts::for_card(&stack, Some("th"), "ที่นี่");
    let shaped = shape("ที่นี่", Role::Title, &mut fonts);
    assert_eq!(faces_of(&shaped, &fonts)[0].family, "Noto Sans Thai");
}
