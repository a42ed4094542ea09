//! The reader on arbitrary bytes: it returns a post or errors, never panics,
//! and whatever it accepts the feed emitter turns into well-formed feeds.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use feedcard::internals::{parse_post, Parsed};
use feedcard::Config;
use libfuzzer_sys::fuzz_target;

// The integration tests' strict checker: allowed characters, balanced elements, known entities.
#[path = "../../common/xml.rs"]
mod xml;

static CONFIG: LazyLock<Config> =
    LazyLock::new(|| Config::builder().site_url("https://blog.example.com/").build().expect("a valid site URL"));

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
            for file in feedcard::render_feeds(std::slice::from_ref(post), &CONFIG, chrono::DateTime::UNIX_EPOCH) {
                if file.path.ends_with(".json") {
                    let json: Result<serde_json::Value, _> = serde_json::from_slice(&file.bytes);
                    assert!(json.is_ok(), "{} is not JSON: {:?}", file.path, json.err());
                } else {
                    xml::assert_well_formed_xml(&file.path, &file.bytes);
                }
            }
        }
        Ok(Parsed::NoFrontMatter | Parsed::NotAPost(_)) => {}
        Err(problems) => assert!(problems.iter().any(|d| d.is_error()), "rejected without an error"),
    }
});
