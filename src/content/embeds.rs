//! Embedded players in a body's HTML, before the sanitiser sees it: a feed
//! reader runs none, but can follow a link. An `<iframe>` becomes a link to
//! its `src`; a `<video>` or `<audio>` a link to its media (its `src`, else
//! its first `<source src>`), a video's `poster` the picture of that link.

use std::borrow::Cow;

use url::Url;

use super::markdown::next_attribute;
use crate::feed::xml_text::escape_html;

const PLAYERS: [&str; 3] = ["iframe", "video", "audio"];
const OPENINGS: [&str; 3] = ["<iframe", "<video", "<audio"];

/// `html` with each player replaced by its link (nothing, when it names no
/// address); `base` is what relative addresses resolve against.
pub(super) fn players_to_links<'a>(html: &'a str, base: &Url) -> Cow<'a, str> {
    let lower = html.to_ascii_lowercase();
    if !OPENINGS.iter().any(|opening| lower.contains(opening)) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let (mut at, mut copied) = (0, 0);
    while let Some((start, name)) = next_player(&lower, at) {
        let Some(open_end) = lower[start..].find('>').map(|e| start + e + 1) else { break };
        let close = format!("</{name}");
        let (inner_end, end) = lower[open_end..]
            .find(&close)
            .and_then(|c| lower[open_end + c..].find('>').map(|e| (open_end + c, open_end + c + e + 1)))
            .unwrap_or((open_end, open_end));
        out.push_str(&html[copied..start]);
        let value = |from: usize, to: usize, names: &[&str]| {
            next_attribute(&lower[from..to], 0, names).map(|(a, b)| resolve(&html[from + a..from + b], base))
        };
        let media = value(start, open_end, &["src"]).or_else(|| {
            let source = open_end + lower[open_end..inner_end].find("<source")?;
            let source_end = lower[source..inner_end].find('>').map_or(inner_end, |e| source + e);
            value(source, source_end, &["src"])
        });
        if let Some(media) = media {
            let poster = if name == "video" { value(start, open_end, &["poster"]) } else { None };
            out.push_str(&match poster {
                Some(poster) => format!("<a href=\"{media}\"><img src=\"{poster}\" alt=\"Video\"></a>"),
                None => format!("<a href=\"{media}\">{media}</a>"),
            });
        }
        (at, copied) = (end, end);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Where the next `<iframe`, `<video` or `<audio` tag starts, and its name.
fn next_player(lower: &str, from: usize) -> Option<(usize, &'static str)> {
    let mut at = from;
    loop {
        let start = at + lower.get(at..)?.find('<')?;
        at = start + 1;
        let rest = &lower[at..];
        let found = PLAYERS.into_iter().find(|name| {
            rest.starts_with(name)
                && rest[name.len()..].starts_with(|c: char| c.is_ascii_whitespace() || "/>".contains(c))
        });
        if let Some(name) = found {
            return Some((start, name));
        }
    }
}

/// An attribute value (HTML text) as an absolute address, escaped again.
fn resolve(value: &str, base: &Url) -> String {
    // `&amp;` is the one entity addresses commonly carry.
    match base.join(&value.replace("&amp;", "&")) {
        Ok(url) => escape_html(url.as_str()).into_owned(),
        Err(_) => value.replace('"', "&quot;"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(html: &str) -> String {
        players_to_links(html, &Url::parse("https://b.example/posts/a/").unwrap()).into_owned()
    }

    #[test]
    fn video_and_audio_become_links_to_their_media() {
        assert_eq!(
            links("<p>Demo: <video src=\"/media/demo.mp4\" controls>Old browser</video> end</p>"),
            "<p>Demo: <a href=\"https://b.example/media/demo.mp4\">https://b.example/media/demo.mp4</a> end</p>"
        );
        assert_eq!(
            links("<VIDEO poster=\"still.jpg\" controls>\n<source src=\"a.webm\" type=\"video/webm\"><source src=\"a.mp4\">\n</VIDEO>"),
            "<a href=\"https://b.example/posts/a/a.webm\"><img src=\"https://b.example/posts/a/still.jpg\" alt=\"Video\"></a>"
        );
        assert_eq!(
            links("<audio controls src='talk.mp3?a=1&amp;b=2'></audio>"),
            "<a href=\"https://b.example/posts/a/talk.mp3?a=1&amp;b=2\">https://b.example/posts/a/talk.mp3?a=1&amp;b=2</a>"
        );
    }

    #[test]
    fn a_player_with_no_address_goes_and_look_alikes_stay() {
        assert_eq!(links("a<video controls></video>b<audio>"), "ab");
        let text = "<videos>x</videos><p>&lt;video src=x&gt;</p>";
        assert_eq!(links(text), text);
    }

    #[test]
    fn an_iframe_becomes_a_link_to_its_src() {
        assert_eq!(
            links("<iframe width=560 src=\"https://www.youtube.com/embed/x\">fallback</iframe>"),
            "<a href=\"https://www.youtube.com/embed/x\">https://www.youtube.com/embed/x</a>"
        );
    }
}
