//! The keys that wire feedcard's output into the wider web: the WebSub hub
//! (`site.websub_hub`) and the OPML list of feeds (`feeds.opml`).

use std::path::Path;
use url::Url;

use super::feeds::check_file_name;
use super::file::FileName;
use super::{has_credentials, ConfigError};

/// The OPML file's name when `feeds.opml` is not set.
const DEFAULT_OPML_FILE: &str = "feeds.opml";

/// `site.websub_hub`, checked, or an error at its line in feedcard.yaml.
pub(super) fn websub_hub(
    given: Option<String>,
    config_path: Option<&Path>,
    site_lines: &[(String, usize)],
) -> Result<Option<Url>, ConfigError> {
    let Some(text) = given else { return Ok(None) };
    parse_hub(&text).map(Some).map_err(|problem| {
        let message = format!("site.websub_hub {problem}");
        let line = site_lines.iter().find(|(key, _)| key == "websub_hub").map(|(_, line)| *line);
        match config_path {
            Some(path) => ConfigError::in_file(path, line, message),
            None => ConfigError::new(message),
        }
    })
}

/// A hub is an http(s) address every feed publishes: no user name or
/// password in it, no fragment.
fn parse_hub(text: &str) -> Result<Url, String> {
    let example = "write it like `https://pubsubhubbub.appspot.com/`";
    let url = Url::parse(text.trim()).map_err(|e| format!("`{text}` is not an absolute URL ({e}; {example})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("`{text}` must be an http or https address ({example})"));
    }
    if has_credentials(&url) {
        return Err(format!("`{text}` holds a user name or password, which every feed would publish; remove it"));
    }
    if url.fragment().is_some() {
        return Err(format!("`{text}` must not have a `#` fragment"));
    }
    Ok(url)
}

/// `feeds.opml`: a file name, `true` for the default, `false`/`off` for none.
pub(super) fn opml_file(given: Option<FileName>) -> Result<Option<String>, String> {
    match given {
        None | Some(FileName::Off(true)) => Ok(Some(DEFAULT_OPML_FILE.to_string())),
        Some(FileName::Off(false)) => Ok(None),
        Some(FileName::Name(name)) if matches!(name.as_str(), "off" | "none" | "") => Ok(None),
        // The same rules as a feed's file, said of this key.
        Some(FileName::Name(name)) => check_file_name("opml", name)
            .map(Some)
            .map_err(|message| message.replacen("feeds.opml.file", "feeds.opml", 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::resolve::resolve_text as parse;

    #[test]
    fn a_websub_hub_is_an_http_address_reported_at_its_line() {
        let config = parse("site:\n  url: https://a.example/\n  websub_hub: https://hub.example/publish\n").unwrap();
        assert_eq!(config.site.websub_hub.map(String::from).as_deref(), Some("https://hub.example/publish"));
        assert_eq!(parse("site: {url: 'https://a.example/'}").unwrap().site.websub_hub, None);
        for bad in ["hub.example", "ftp://hub.example/", "https://me:secret@hub.example/", "https://hub.example/#x"] {
            let err = parse(&format!("site:\n  url: https://a.example/\n  websub_hub: '{bad}'\n")).unwrap_err();
            assert_eq!(err.line, Some(3), "{bad}: {err}");
            assert!(err.message.contains("websub_hub") && err.message.contains(bad), "{bad}: {err}");
        }
        let err = parse("site:\n  url: https://a.example/\n  websub_hbu: https://hub.example/\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("did you mean `websub_hub`?"), "{err}");
    }

    #[test]
    fn the_opml_file_is_on_by_default_renamed_or_off() {
        let opml = |feeds: &str| {
            parse(&format!("site: {{url: 'https://a.example/'}}\nfeeds: {feeds}\n")).map(|c| c.feeds.opml)
        };
        assert_eq!(opml("{}").unwrap().as_deref(), Some("feeds.opml"));
        assert_eq!(opml("{opml: subscriptions.opml}").unwrap().as_deref(), Some("subscriptions.opml"));
        assert_eq!(opml("{opml: false}").unwrap(), None);
        assert_eq!(opml("{opml: off}").unwrap(), None);
        let err = opml("{opml: ../feeds.opml}").unwrap_err();
        assert!(err.message.contains("feeds.opml `../feeds.opml` must be a relative path"), "{err}");
        let err = opml("{opml: rss.xml}").unwrap_err();
        assert!(err.message.contains("both written to `rss.xml`"), "{err}");
        let err = opml("{opml: feed.xsl}").unwrap_err();
        assert!(err.message.contains("feedcard uses itself"), "{err}");
    }
}
