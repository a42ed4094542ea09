//! The reader on arbitrary bytes: it returns a post or errors, never panics,
//! and whatever it accepts the feed emitter turns into well-formed feeds.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use feedcard::config::Config;
use feedcard::post::{parse_post, Parsed};
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> =
    LazyLock::new(|| Config::with_site_url("https://blog.example.com/").expect("a valid site URL"));

fuzz_target!(|bytes: &[u8]| {
    let source = Path::new("posts/fuzz.md");
    match parse_post(source, bytes, &CONFIG) {
        Ok(Parsed::Post(parsed)) => {
            let post = &parsed.post;
            assert!(!post.slug.is_empty(), "an empty slug");
            assert!(
                post.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "slug {:?} is not one safe path segment",
                post.slug
            );
            if let Some(link) = &post.link {
                assert!(matches!(link.scheme(), "http" | "https"), "link {link} is not http(s)");
            }
            for file in feedcard::feed::render_feeds(std::slice::from_ref(post), &CONFIG) {
                if file.path.ends_with(".json") {
                    let json: Result<serde_json::Value, _> = serde_json::from_slice(&file.bytes);
                    assert!(json.is_ok(), "{} is not JSON: {:?}", file.path, json.err());
                } else {
                    check_xml(&file.path, &file.bytes);
                }
            }
        }
        Ok(Parsed::NoFrontMatter) => {}
        Err(problems) => assert!(problems.iter().any(|d| d.is_error()), "rejected without an error"),
    }
});

/// Well-formed XML 1.0: allowed characters only, every element closed.
fn check_xml(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
    if let Some(c) = text
        .chars()
        .find(|&c| !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
    {
        panic!("{name} holds U+{:04X}, which XML 1.0 forbids", c as u32);
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let char_ref = r.resolve_char_ref().unwrap_or_else(|e| panic!("{name}: bad character reference: {e}"));
                let entity = r.xml10_content();
                assert!(
                    char_ref.is_some() || matches!(entity.as_ref(), "amp" | "lt" | "gt" | "quot" | "apos"),
                    "{name}: undefined entity &{entity};"
                );
            }
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}
