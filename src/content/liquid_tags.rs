//! Liquid and Nunjucks tags `{% name args %}` (Jekyll, Eleventy; Zola's
//! shortcodes look the same): those a reader can be shown rendered as the
//! generator or the plugin that provides them documents it, the others
//! removed (a paired one keeping what it wraps).

use pulldown_cmark::Parser;
use url::Url;

use super::super::shortcodes::{gist_link, Args, Video};
use super::{apply, delimited, find_tag, first_word, tag_parts, Replacement, Scan};

impl Scan<'_, '_> {
    pub(super) fn tag(&mut self, start: usize) -> Option<(Replacement, usize)> {
        let (inner, end) = delimited(self.body, start, "{%", "%}", false)?;
        let (name, args) = tag_parts(inner)?;
        let paired = |name: &str| find_tag(self.body, end, &format!("end{name}"));
        let label = format!("{{% {name} %}}");
        Some(match name {
            "raw" => match paired(name) {
                Some((close, after)) => (Replacement::Text(self.body[end..close].to_string()), after),
                None => (Replacement::None, end),
            },
            "highlight" | "mermaid" => match paired(name) {
                Some((close, after)) => {
                    let lang = if name == "mermaid" { name } else { first_word(args) };
                    (Replacement::code(lang, &self.body[end..close]), after)
                }
                None => self.remove(label, end),
            },
            // jekyll-figure: the Markdown inside stays and goes on being read.
            "figure" if paired(name).is_some() => {
                let caption = self.figure_caption(args);
                self.figures.push(caption);
                (Replacement::Block("<figure>".to_string()), end)
            }
            "endfigure" => match self.figures.pop() {
                Some(caption) => (Replacement::Block(format!("{caption}</figure>")), end),
                None => (Replacement::None, end),
            },
            "renderTemplate" => match paired(name) {
                Some((_, after)) if !renders_markdown(args) => self.remove(label, after),
                _ => self.remove(label, end),
            },
            "comment" | "capture" => {
                let after = paired(name).map_or(end, |(_, after)| after);
                self.remove(label, after)
            }
            "link" | "post_url" => match (self.resolve)(first_word(args)) {
                Some(url) => (Replacement::Text(url), end),
                None => self.remove(label, end),
            },
            "include" | "include_cached" => match included_video(args) {
                Some(html) => (Replacement::Text(html), end),
                None => self.remove(label, end),
            },
            "gist" => match gist(args) {
                Some(html) => (Replacement::Text(html), end),
                None => self.remove(label, end),
            },
            // The close of a paired tag (and its branches) goes with its opening.
            _ if name.starts_with("end") || matches!(name, "else" | "elsif" | "elif" | "when") => {
                (Replacement::None, end)
            }
            _ => match video_tag(name, args) {
                Some(html) => (Replacement::Text(html), end),
                None => self.remove(label, end),
            },
        })
    }

    /// Whether the `{` at `at`, inside code, starts a `{% raw %}` that Liquid
    /// consumes there: in a dialect that runs Liquid first, and closed.
    pub(super) fn raw_in_code(&self, at: usize) -> bool {
        self.dialect.raw_in_code
            && delimited(self.body, at, "{%", "%}", false).is_some_and(|(inner, end)| {
                tag_parts(inner).is_some_and(|(name, _)| name == "raw") && find_tag(self.body, end, "endraw").is_some()
            })
    }

    /// `<figcaption>` with the `caption:"…"` argument, whose Markdown (and
    /// template constructs) jekyll-figure renders; empty without one.
    fn figure_caption(&mut self, args: &str) -> String {
        let args = Args::liquid(args);
        let Some(caption) = args.named("caption").filter(|c| !c.trim().is_empty()) else {
            return String::new();
        };
        let caption = match apply(caption, self.dialect, self.resolve, self.vars) {
            Some(applied) => {
                self.removed.extend(applied.removed);
                applied.body
            }
            None => caption.to_string(),
        };
        format!("<figcaption>{}</figcaption>\n", inline_markdown(&caption))
    }
}

/// `text` rendered as Markdown, on one line, without the paragraph around it.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, super::super::markdown::options()));
    let html = html.trim();
    let inline = html.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")).filter(|h| !h.contains("<p>"));
    inline.unwrap_or(html).replace('\n', " ")
}

/// Eleventy's `{% renderTemplate "md" %}`: its body is Markdown when the
/// languages it names (`"liquid,md"`) include Markdown, or none is named.
fn renders_markdown(args: &str) -> bool {
    Args::liquid(args)
        .positional(0)
        .is_none_or(|langs| langs.split(',').any(|lang| matches!(lang.trim(), "md" | "markdown")))
}

/// A video site a tag or include name (`youtube.html`, `youtubeEmbed`) says.
fn video_named(name: &str) -> Option<Video> {
    let name = name.to_ascii_lowercase();
    if name.contains("youtube") {
        Some(Video::YouTube)
    } else if name.contains("vimeo") {
        Some(Video::Vimeo)
    } else {
        None
    }
}

/// `{% youtube id %}`, `{% vimeo id %}`, Eleventy's `{% youtubeEmbed "id" %}`:
/// a tag whose name says YouTube or Vimeo, given the video's id or address.
fn video_tag(name: &str, args: &str) -> Option<String> {
    let video = video_named(name)?;
    let args = Args::liquid(args);
    video_link(video, args.named("id").or(args.positional(0))?, args.named("title"))
}

/// `{% include youtube.html id="…" %}` (an include whose name says YouTube
/// or Vimeo, or `{% include video id="…" provider="youtube" %}`).
fn included_video(args: &str) -> Option<String> {
    let args = Args::liquid(args);
    let video = video_named(args.positional(0)?).or_else(|| video_named(args.named("provider")?))?;
    let id = args.named_ending("id").or(args.positional(1))?;
    video_link(video, id, args.named("title"))
}

fn video_link(video: Video, value: &str, title: Option<&str>) -> Option<String> {
    Some(video.link(&video_id(video, value)?, title))
}

/// The video's id, given as is or in its address (`youtu.be/ID`,
/// `watch?v=ID`, `/embed/ID`, `vimeo.com/ID`); `None` for anything that is
/// not one, such as a Liquid variable.
fn video_id(video: Video, value: &str) -> Option<String> {
    let value = value.trim();
    let id = match Url::parse(value) {
        Ok(url) => {
            let from_query = url.query_pairs().find(|(key, _)| key == "v").map(|(_, v)| v.into_owned());
            let last_segment = url.path_segments().and_then(|mut s| s.rfind(|s| !s.is_empty()).map(String::from));
            from_query.filter(|_| video == Video::YouTube).or(last_segment)?
        }
        Err(_) => value.to_string(),
    };
    let valid = match video {
        Video::YouTube => id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        Video::Vimeo => !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
    };
    valid.then_some(id)
}

/// jekyll-gist's `{% gist user/id [file] %}` or `{% gist id %}`.
fn gist(args: &str) -> Option<String> {
    let path = Args::liquid(args).positional(0)?.to_string();
    let (user, id) = path.split_once('/').unwrap_or(("-", &path));
    let user_ok = !user.is_empty() && user.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    (user_ok && id_ok).then(|| gist_link(&path))
}
