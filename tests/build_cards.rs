//! Cards through the binary: decoded back with a PNG decoder, referenced by
//! the feeds and the manifest, skipped when unchanged.

mod common;

use common::*;
use std::fs;
use std::thread;
use std::time::Duration;

fn decode(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png).expect("a PNG").to_rgba8()
}

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_slice(&site.read_out(".feedcard/manifest.json")).expect("manifest is JSON")
}

fn two_post_site() -> Site {
    let site = Site::new("site:\n  title: Card Test\n  url: https://blog.example.com/sub/\n");
    site.post("a.md", &post("First card", "2025-01-02", "tags: [rust, cards]\nlink: https://example.org/x\n"));
    site.post("b.md", &post("Second card", "2025-01-01", ""));
    site
}

/// The address feeds and manifest give a card: `?v=` and the first 8 hex
/// digits of the BLAKE3 hash of the file, so a redrawn card has a new one.
fn card_url(site: &Site, slug: &str) -> String {
    let hash = blake3::hash(&site.read_out(&format!("cards/{slug}.png"))).to_hex();
    format!("https://blog.example.com/sub/cards/{slug}.png?v={}", &hash[..8])
}

#[test]
fn every_post_gets_a_decodable_card_listed_in_the_manifest() {
    let site = two_post_site();
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest = manifest(&site);
    for slug in ["a", "b"] {
        let bytes = site.read_out(&format!("cards/{slug}.png"));
        let card = decode(&bytes);
        assert_eq!(card.dimensions(), (1200, 630));
        let first = *card.get_pixel(0, 0);
        assert!(card.pixels().any(|p| *p != first), "{slug}: the card is blank");
        let entry = &manifest["posts"][slug];
        assert_eq!(entry["card"], format!("cards/{slug}.png"));
        assert_eq!(entry["card_url"], card_url(&site, slug));
        assert_eq!(entry["permalink"], format!("https://blog.example.com/sub/{slug}/"));
        assert_eq!((entry["width"].as_u64(), entry["height"].as_u64()), (Some(1200), Some(630)));
        assert_eq!(entry["bytes"].as_u64(), Some(bytes.len() as u64));
        assert!(entry["hash"].as_str().is_some_and(|h| h.len() == 32));
    }
    assert_eq!(manifest["posts"]["a"]["alt"], "First card");
    assert_eq!(manifest["posts"]["a"]["link"], "https://example.org/x");
    assert!(manifest["posts"]["b"].get("link").is_none());
}

#[test]
fn feeds_reference_the_cards() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    let card_url = card_url(&site, "a");
    let card_url = card_url.as_str();
    let rss = parse_feed("rss.xml", &site.read_out("rss.xml"));
    let media = &rss.entries[0].media[0].content[0];
    assert_eq!(media.url.as_ref().map(|u| u.as_str()), Some(card_url));
    assert_eq!((media.width, media.height), (Some(1200), Some(630)));

    let atom = atom_syndication::Feed::read_from(&site.read_out("atom.xml")[..]).unwrap();
    let enclosure = atom.entries()[0].links().iter().find(|l| l.rel() == "enclosure").expect("an enclosure");
    assert_eq!(enclosure.href(), card_url);
    assert_eq!(enclosure.mime_type(), Some("image/png"));
    let size = site.read_out("cards/a.png").len().to_string();
    assert_eq!(enclosure.length(), Some(size.as_str()));

    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["items"][0]["image"], card_url);
}

#[test]
fn unchanged_cards_are_not_redrawn_and_force_redraws_them() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    let card_a = site.out().join("cards/a.png");
    let card_b = site.out().join("cards/b.png");
    let mtime = |p: &std::path::Path| fs::metadata(p).unwrap().modified().unwrap();
    let (before_a, before_b) = (mtime(&card_a), mtime(&card_b));
    thread::sleep(Duration::from_millis(50));

    let output = site.build(&[]);
    assert!(!stderr(&output).contains("cards drawn"), "{}", stderr(&output));
    assert_eq!((mtime(&card_a), mtime(&card_b)), (before_a, before_b));

    site.post("b.md", &post("Second card, retitled", "2025-01-01", ""));
    let output = site.build(&[]);
    assert!(stderr(&output).contains("1 card drawn"), "{}", stderr(&output));
    assert_eq!(mtime(&card_a), before_a, "an unchanged card was rewritten");
    assert_ne!(mtime(&card_b), before_b);

    let output = site.build(&["--force"]);
    assert!(stderr(&output).contains("2 cards drawn"), "{}", stderr(&output));
}

#[test]
fn cards_are_byte_for_byte_deterministic() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    let first = site.read_out("cards/a.png");
    fs::remove_dir_all(site.out()).unwrap();
    assert!(site.build(&[]).status.success());
    assert_eq!(site.read_out("cards/a.png"), first);
}

#[test]
fn only_feeds_and_only_cards() {
    let site = two_post_site();
    assert!(site.build(&["--only", "feeds"]).status.success());
    assert!(site.out().join("rss.xml").exists());
    assert!(!site.out().join("cards").exists());

    let site = two_post_site();
    assert!(site.build(&["--only", "cards"]).status.success());
    assert!(site.out().join("cards/a.png").exists());
    assert!(!site.out().join("rss.xml").exists());
    // Feeds built afterwards point at the cards made before.
    assert!(site.build(&["--only", "feeds"]).status.success());
    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["items"][0]["image"], card_url(&site, "a"));
    assert!(manifest(&site)["files"].get("cards/a.png").is_some());
}

#[test]
fn card_command_renders_one_post() {
    let site = two_post_site();
    let png = site.path().join("one.png");
    let post = site.path().join("posts/a.md");
    let output = feedcard(&["card", post.to_str().unwrap(), "-o", png.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(decode(&fs::read(&png).unwrap()).dimensions(), (1200, 630));
    // The same bytes as the build's card: the config was found above the post.
    assert!(site.build(&[]).status.success());
    assert_eq!(fs::read(&png).unwrap(), site.read_out("cards/a.png"));
}

#[test]
fn bad_card_settings_exit_2_and_write_nothing() {
    let cases = [
        ("card: {title_font: missing.otf}\n", "missing.otf"),
        ("card: {logo: logo.png}\n", "logo.png"),
        ("card: {accent: not-a-colour}\n", "accent"),
        ("card: {wdith: 100}\n", "wdith"),
    ];
    for (extra, expected) in cases {
        let site = Site::new(&format!("site: {{url: 'https://blog.example.com/'}}\n{extra}"));
        fs::write(site.path().join("logo.png"), b"not a png at all").unwrap();
        site.post("a.md", &post("A", "2025-01-01", ""));
        let output = site.build(&[]);
        assert_eq!(output.status.code(), Some(2), "{extra}: {}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{extra}: {}", stderr(&output));
        assert!(files_below(&site.out()).is_empty(), "{extra}: wrote {:?}", files_below(&site.out()));
    }
}

#[test]
fn a_card_that_cannot_be_made_publishes_nothing_and_keeps_the_old_cards() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    let before: Vec<_> = files_below(&site.out()).into_iter().map(|n| (site.read_out(&n), n)).collect();
    // Noise cannot be compressed: every card comes out over the 1 MB limit.
    let mut seed = 0x2545_F491_u32;
    let noise = image::RgbImage::from_fn(1200, 630, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    noise.save(site.path().join("noise.png")).unwrap();
    let config = fs::read_to_string(site.path().join("feedcard.yaml")).unwrap();
    fs::write(site.path().join("feedcard.yaml"), format!("{config}card: {{background_image: noise.png}}\n")).unwrap();

    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("a.md") && stderr(&output).contains("1 MB"), "{}", stderr(&output));
    for (bytes, name) in &before {
        assert_eq!(&site.read_out(name), bytes, "{name} changed after a failed run");
    }
    assert_eq!(files_below(&site.out()).len(), before.len(), "no temporary or new files stay");

    // --keep-going publishes the rest and keeps the cards it could not redo.
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(1));
    for (bytes, name) in before.iter().filter(|(_, n)| n.starts_with("cards/")) {
        assert_eq!(&site.read_out(name), bytes, "{name} was lost");
    }
    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["items"][0]["image"], card_url(&site, "a"));
}

#[test]
fn a_character_no_font_has_is_an_error_and_keep_going_draws_the_card_without_it() {
    let site = Site::new("site: {url: 'https://blog.example.com/'}\ncard: {system_fonts: false}\n");
    // The same card twice, but for Hindi words no font here has.
    site.post("a.md", &post("Hello नमस्ते", "2025-01-01", ""));
    site.post("b.md", &post("Hello", "2025-01-01", ""));
    let output = site.build(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for needed in
        ["error: ", "a.md", "U+0928 न, U+092E म", "(Devanagari)", "apt-get install fonts-noto-core", "--keep-going"]
    {
        assert!(err.contains(needed), "{needed:?} missing from {err}");
    }
    assert!(!err.contains("b.md"), "{err}");
    let published: Vec<_> = files_below(&site.out()).into_iter().filter(|n| n != ".feedcard/lock").collect();
    assert!(published.is_empty(), "{published:?}");

    // --keep-going publishes the card without the characters: no boxes.
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let (with, without) = (decode(&site.read_out("cards/a.png")), decode(&site.read_out("cards/b.png")));
    assert!(with == without, "the missing characters left ink on the card");
    // The card is current now, but the problem has not gone away.
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("U+0928"));

    // `feedcard card` too: no file without --keep-going.
    let png = site.path().join("one.png");
    let card = |extra: &[&str]| {
        let post = site.path().join("posts/a.md");
        let mut args = vec!["card", post.to_str().unwrap(), "-o", png.to_str().unwrap()];
        args.extend_from_slice(extra);
        feedcard(&args)
    };
    let output = card(&[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("fonts-noto-core") && !png.exists(), "{}", stderr(&output));
    assert_eq!(card(&["--keep-going"]).status.code(), Some(1));
    assert!(decode(&fs::read(&png).unwrap()) == without);
}

#[test]
fn check_names_the_font_for_each_script_or_the_package_to_install() {
    let site = Site::new("site: {url: 'https://blog.example.com/'}\ncard: {system_fonts: false}\n");
    site.post("a.md", &post("Hello नमस्ते", "2025-01-01", "tags: [日本]\n"));
    let output = feedcard(&["check", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let lines = [
        "fonts: Latin in titles (1 card): Inter Display, InterDisplay-Bold.otf (built in)\n",
        "fonts: Devanagari in titles (1 card): no font has U+0928 न, U+092E म, U+0938 स, U+094D ्, U+0924 त, \
         1 more (Devanagari); install fonts-noto-core\n",
        "fonts: CJK (zh-Hans) in tags (1 card): no font has U+65E5 日, U+672C 本 (Han); install fonts-noto-cjk\n",
    ];
    for line in lines {
        assert!(err.contains(line), "{line:?} missing from {err}");
    }
    assert!(err.contains("error: ") && err.contains("a.md"), "{err}");
    let json = feedcard(&["check", site.path().to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let fonts = report["fonts"].as_array().unwrap();
    assert!(fonts.iter().any(|f| f["script"] == "Devanagari" && f["fonts"].as_array().unwrap().is_empty()));
    let latin = fonts.iter().find(|f| f["script"] == "Latin").unwrap();
    assert_eq!(latin["fonts"][0]["font"], "Inter Display, InterDisplay-Bold.otf (built in)");
    assert_eq!(latin["fonts"][0]["characters"], 5);
}

#[test]
fn feeds_only_keeps_pointing_at_cards_that_are_out_of_date() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    site.post(
        "a.md",
        &post("First card, retitled", "2025-01-02", "tags: [rust, cards]\nlink: https://example.org/x\n"),
    );
    assert!(site.build(&["--only", "feeds"]).status.success());
    let json: serde_json::Value = serde_json::from_slice(&site.read_out("feed.json")).unwrap();
    assert_eq!(json["items"][0]["title"], "First card, retitled");
    assert_eq!(json["items"][0]["image"], card_url(&site, "a"));
    assert!(manifest(&site)["posts"].get("a").is_some());
    // The next full run brings the card up to date.
    let output = site.build(&[]);
    assert!(stderr(&output).contains("1 card drawn"), "{}", stderr(&output));
}

#[test]
fn keep_going_never_removes_the_files_of_a_post_with_an_error() {
    let site = two_post_site();
    assert!(site.build(&[]).status.success());
    let card = site.read_out("cards/a.png");
    site.post("a.md", "---\ntitle: First card\ndate: 2025-13-45\n---\n");
    let output = site.build(&["--keep-going"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(site.read_out("cards/a.png"), card, "a typo must not take the post's card offline");
    assert!(manifest(&site)["posts"].get("a").is_some());
}

/// Staged cards wait as closed files (a path each), not open descriptors:
/// 40 new cards under `ulimit -n 24` must not fail with "too many open files".
#[cfg(unix)]
#[test]
fn staging_many_cards_holds_no_file_open_per_card() {
    let site = Site::new("site: {url: 'https://blog.example.com/'}\ncard: {system_fonts: false}\n");
    for i in 0..40 {
        site.post(&format!("p{i:02}.md"), &post(&format!("Post {i}"), "2025-01-01", ""));
    }
    let output = std::process::Command::new("sh")
        .args(["-c", "ulimit -n 24 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_feedcard"))
        .args(["build", site.path().to_str().unwrap(), "-o", site.out().to_str().unwrap()])
        .args(["--now", "2026-01-01T00:00:00Z", "-q"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read_dir(site.out().join("cards")).unwrap().count(), 40);
}

/// Two posts with the same words, `lang: de` and `lang: en`.
fn quoted_posts(card: &str) -> Site {
    let site = Site::new(&format!("site: {{url: 'https://blog.example.com/', language: de}}\n{card}"));
    let title = "'\"Zug\" -- fährt...'";
    site.post("de.md", &post(title, "2025-01-01", ""));
    site.post("en.md", &post(title, "2025-01-01", "lang: en\n"));
    site
}

#[test]
fn smart_typography_follows_each_posts_language_on_cards_only() {
    let site = quoted_posts("");
    assert!(site.build(&[]).status.success());
    let (de, en) = (site.read_out("cards/de.png"), site.read_out("cards/en.png"));
    assert_ne!(decode(&de), decode(&en), "„Zug“ and “Zug” are drawn the same");
    // Feeds and the manifest keep the title as written.
    let rss = parse_feed("rss.xml", &site.read_out("rss.xml"));
    let titles: Vec<_> = rss.entries.iter().filter_map(|e| e.title.as_ref().map(|t| t.content.clone())).collect();
    assert_eq!(titles, ["\"Zug\" -- fährt...", "\"Zug\" -- fährt..."]);
    assert_eq!(manifest(&site)["posts"]["de"]["alt"], "\"Zug\" -- fährt...");

    let off = quoted_posts("card: {smart_typography: false}\n");
    assert!(off.build(&[]).status.success());
    assert_eq!(decode(&off.read_out("cards/de.png")), decode(&off.read_out("cards/en.png")));
}
