//! Where title lines break, per script, and how far apart they sit: read
//! back through the layout API and from the decoded PNG.
//!
//! The fonts for Thai, Chinese, Japanese and Korean come from Debian's Noto
//! packages, which `.ci/run` installs; under CI a missing one fails the test,
//! elsewhere the test is skipped with a notice.

use super::*;

const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const THAI: &str = "/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf";

fn installed(path: &str) -> Option<PathBuf> {
    super::script_tests::installed(&[path]).then(|| PathBuf::from(path))
}

/// No installed fonts, so only the named files take part; a fixed title size
/// and a narrow card, so titles take several lines.
fn settings(width: u32, fallback: Vec<PathBuf>) -> CardSettings {
    CardSettings {
        width,
        padding: 40,
        title_size_min: 48.0,
        title_size_max: 48.0,
        max_title_lines: 6,
        height: 900,
        fallback_fonts: fallback.into_iter().map(|path| FontPath { path, index: None }).collect(),
        system_fonts: false,
        ..CardSettings::default()
    }
}

fn lines(settings: &CardSettings, title: &str, lang: &str) -> CardLayout {
    let text = CardText { title, tags: &[], site: "example.org", date: "2 November 2024", lang, ..CardText::default() };
    CardRenderer::new(settings).unwrap().layout(&text)
}

/// Asserts the title took several lines, and that every line ends where one
/// of `pieces` does: the title is these pieces, and no piece is split.
fn assert_breaks_between(layout: &CardLayout, pieces: &[&str]) {
    let title: String = pieces.concat();
    assert!(layout.title_lines.len() > 1, "one line: {:?}", layout.title_lines);
    assert!(!layout.title_truncated, "{:?}", layout.title_lines);
    let mut ends = Vec::new();
    let mut end = 0;
    for piece in pieces {
        end += piece.len();
        ends.push(end);
    }
    let mut at = 0;
    for line in &layout.title_lines {
        at += line.len();
        // The space a line ended at is not drawn.
        at += title[at..].len() - title[at..].trim_start().len();
        assert!(ends.contains(&at), "a line ends inside a word: {:?}", layout.title_lines);
    }
    assert_eq!(at, title.len(), "{:?}", layout.title_lines);
}

#[test]
fn korean_breaks_only_at_spaces() {
    let Some(font) = installed(CJK) else { return };
    let s = settings(700, vec![font]);
    let words = ["정적 ", "사이트 ", "생성기를 ", "위한 ", "피드와 ", "소셜 ", "카드 ", "이미지를 ", "만드는 ", "방법"];
    for lang in ["ko", "ko-KR", "en"] {
        assert_breaks_between(&lines(&s, &words.concat(), lang), &words);
    }
}

#[test]
fn thai_breaks_between_words_and_keeps_tone_marks() {
    let Some(font) = installed(THAI) else { return };
    let s = settings(600, vec![font]);
    let words = ["การ", "เว้น", "วรรค", "ระหว่าง", "คำ", "ใน", "ภาษา", "ไทย", "ที่", "นี่", "ไม่", "มี"];
    let layout = lines(&s, &words.concat(), "th");
    assert_breaks_between(&layout, &words);
    let out = CardRenderer::new(&s)
        .unwrap()
        .render(&CardText {
            title: &words.concat(),
            tags: &[],
            site: "s",
            date: "d",
            lang: "th",
            ..CardText::default()
        })
        .unwrap();
    assert!(out.missing_glyphs.is_empty(), "{:?}", out.missing_glyphs);
}

#[test]
fn japanese_breaks_between_phrases() {
    let Some(font) = installed(CJK) else { return };
    let s = settings(700, vec![font]);
    let phrases = ["日本語の", "タイトルは", "スペースが", "なくても", "文字と", "文字の", "間で", "改行できる"];
    assert_breaks_between(&lines(&s, &phrases.concat(), "ja"), &phrases);
}

#[test]
fn chinese_breaks_between_words() {
    let Some(font) = installed(CJK) else { return };
    let s = settings(600, vec![font]);
    let words = ["静态", "网站", "生成", "器", "的", "持续", "集成", "与", "自动", "发布", "流程"];
    assert_breaks_between(&lines(&s, &words.concat(), "zh-CN"), &words);
}

#[test]
fn soft_hyphens_break_with_a_drawn_hyphen_and_are_invisible_otherwise() {
    let s = settings(700, Vec::new());
    let title = "Donau\u{AD}dampf\u{AD}schiff\u{AD}fahrts\u{AD}gesellschaft";
    let layout = lines(&s, title, "de");
    assert!(layout.title_lines.len() > 1, "{:?}", layout.title_lines);
    let (last, broken) = layout.title_lines.split_last().unwrap();
    assert!(broken.iter().all(|line| line.ends_with('-')), "{:?}", layout.title_lines);
    assert!(!last.contains('-'));
    assert_eq!(layout.title_lines.concat().replace('-', ""), title.replace('\u{AD}', ""));
    // The hyphen is drawn: the line is wider than its letters alone.
    let plain = lines(&s, &broken[0].replace('-', ""), "de");
    assert!(layout.title_line_boxes[0].width > plain.title_line_boxes[0].width + 10.0);

    // On one line nothing shows: as wide as the word without them.
    let wide = settings(2000, Vec::new());
    let with = lines(&wide, "Dampf\u{AD}schiff", "de");
    let without = lines(&wide, "Dampfschiff", "de");
    assert_eq!(with.title_lines, ["Dampfschiff"]);
    assert_eq!(with.title_line_boxes[0].width, without.title_line_boxes[0].width);
    let text =
        CardText { title: "Dampf\u{AD}schiff", tags: &[], site: "s", date: "d", lang: "de", ..CardText::default() };
    let out = CardRenderer::new(&wide).unwrap().render(&text).unwrap();
    assert!(out.missing_glyphs.is_empty(), "{:?}", out.missing_glyphs);
}

#[test]
fn a_long_word_shrinks_the_title_before_it_is_split() {
    let s = CardSettings { system_fonts: false, ..CardSettings::default() };
    let r = CardRenderer::new(&s).unwrap();
    let layout = r.layout(&CardText {
        title: "Die Donaudampfschifffahrtsgesellschaft",
        tags: &[],
        site: "s",
        date: "d",
        lang: "de",
        ..CardText::default()
    });
    assert_eq!(layout.title_lines, ["Die", "Donaudampfschifffahrtsgesellschaft"]);
    assert!(layout.title_size < s.title_size_max && layout.title_size > s.title_size_min, "{}", layout.title_size);

    // Too long for a line even at the smallest size: split there, and only there.
    let word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen";
    let layout =
        r.layout(&CardText { title: word, tags: &[], site: "s", date: "d", lang: "de", ..CardText::default() });
    assert_eq!(layout.title_size, s.title_size_min);
    assert!(layout.title_lines.len() > 1 && !layout.title_truncated, "{:?}", layout.title_lines);
    assert_eq!(layout.title_lines.concat(), word);
}

/// Runs `(first, last)` of rows with ink between the columns of `area`.
fn ink_bands(png: &[u8], area: Rect, background: Rgb) -> Vec<(u32, u32)> {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    let mut bands: Vec<(u32, u32)> = Vec::new();
    for y in 0..img.height() {
        let inked = (area.x as u32..area.right() as u32).any(|x| {
            let p = img.get_pixel(x, y).0;
            p != [background.0, background.1, background.2]
        });
        match bands.last_mut() {
            Some(band) if inked && band.1 + 1 == y => band.1 = y,
            _ if inked => bands.push((y, y)),
            _ => {}
        }
    }
    bands
}

#[test]
fn accented_capitals_never_touch_the_descenders_above() {
    let mut cases = vec![("Åsa Égypte gypsy Ångström joyful Éric yoga Ålesund glyphs", Vec::new())];
    if let Some(thai) = installed(THAI) {
        cases.push(("ปู่ย่าตายายที่นี่ ญี่ปุ่น ฎีกา ฏ ฐาน ปี่ ผู้ใหญ่ ฤดู ฦ ดู ปู่", vec![thai]));
    }
    for (title, fallback) in cases {
        let s = CardSettings { max_title_lines: 6, ..settings(520, fallback) };
        let r = CardRenderer::new(&s).unwrap();
        let text = CardText { title, tags: &[], site: "s", date: "d", lang: "", ..CardText::default() };
        let layout = r.layout(&text);
        assert!(layout.title_lines.len() >= 3, "{:?}", layout.title_lines);
        for pair in layout.title_line_boxes.windows(2) {
            assert!(pair[0].bottom() <= pair[1].y, "{title}: line boxes overlap: {pair:?}");
        }
        // Every run of inked rows lies within one line's box, so the ink of
        // one line never reaches another.
        let png = r.render(&text).unwrap().png;
        let boxes = &layout.title_line_boxes;
        let mut inked_lines = vec![false; boxes.len()];
        for (top, bottom) in ink_bands(&png, layout.title_box, s.theme.background) {
            let (top, bottom) = (top as f32, bottom as f32 + 1.0);
            if bottom <= layout.title_box.y || top >= layout.title_box.bottom() {
                continue; // the accent bar and the footer
            }
            let line = boxes.iter().position(|b| top >= b.y.floor() && bottom <= b.bottom().ceil());
            let Some(line) = line else { panic!("{title}: ink in rows {top}..{bottom} spans lines {boxes:?}") };
            inked_lines[line] = true;
        }
        assert!(inked_lines.iter().all(|&inked| inked), "{title}: {inked_lines:?}");
    }
}

#[test]
fn combining_marks_stay_on_their_letters_and_inside_the_margins() {
    // Ten marks above and ten below each letter and space.
    let marks: String = ('\u{0300}'..='\u{0309}').chain('\u{0316}'..='\u{031F}').collect();
    let words = "Zalgo is coming for the cards";
    let title: String = words.chars().map(|c| format!("{c}{marks}")).collect();
    let s = isolated_default();
    let r = CardRenderer::new(&s).unwrap();
    let text = CardText { title: &title, tags: &[], site: "s", date: "d", lang: "en", ..CardText::default() };
    let layout = r.layout(&text);
    assert!(layout.title_lines.len() > 1, "{:?}", layout.title_lines);
    let letters = |line: &str| line.chars().filter(|c| !marks.contains(*c)).collect::<String>();
    for line in &layout.title_lines {
        let first = line.chars().next().unwrap();
        assert!(first.is_alphabetic(), "a line starts with a mark that lost its letter: {line:?}");
        let line = letters(line);
        assert!(format!(" {words} ").contains(&format!(" {} ", line.trim())), "split inside a word: {line:?}");
    }
    assert_eq!(
        layout.title_lines.iter().map(|l| letters(l)).collect::<String>().replace(' ', ""),
        words.replace(' ', "")
    );
    for pair in layout.title_line_boxes.windows(2) {
        assert!(pair[0].bottom() <= pair[1].y, "line boxes overlap: {pair:?}");
    }
    let img = image::load_from_memory(&r.render(&text).unwrap().png).unwrap().to_rgb8();
    let bg = s.theme.background;
    let pad = s.padding;
    // The accent band along the bottom edge is the only ink meant to reach it.
    let band_top = s.height - (s.height as f32 / 63.0).round() as u32;
    // A mark centred over a narrow first letter may overhang its side by a
    // few pixels (harfrust centres marks as HarfBuzz does), never further.
    let slack = 6;
    for (x, y, p) in img.enumerate_pixels() {
        if p.0 != [bg.0, bg.1, bg.2] && y < band_top {
            let inside =
                (pad - slack..s.width - pad + slack).contains(&x) && (pad - slack..s.height - pad + slack).contains(&y);
            assert!(inside, "ink at ({x}, {y}) outside the {pad} px padding");
        }
    }
}

fn isolated_default() -> CardSettings {
    CardSettings { system_fonts: false, ..CardSettings::default() }
}
