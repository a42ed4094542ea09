//! Post content, prepared once per post before either emitter sees it. The
//! passes, in order:
//!
//! 1. [`resolve_templates`] (after the reader, over all posts at once, since
//!    `{% post_url %}` and `{{< ref >}}` name other posts): the template
//!    constructs of the site's dialect ([`templates`], its Liquid tags,
//!    [`shortcodes`]) are rendered as the generator documents them or
//!    removed, never printed. Text in code blocks and inline code is not
//!    touched, but for the `{% raw %}` markers Liquid consumes there.
//! 2. [`render`] ([`markdown`]): Markdown to HTML, relative links made
//!    absolute against the post's permalink, footnotes moved to one list at
//!    the end in reference order with back-links ([`footnotes`]), a
//!    plain-text excerpt (which leaves the notes out).
//! 3. [`sanitize`] (inside `render`, unless `feeds.sanitize: false`): an
//!    allow-list over the HTML, embedded players (`<iframe>`, `<video>`,
//!    `<audio>`) becoming links to what they play ([`embeds`]).
//!
//! The feed emitter only serialises what these passes produce.

mod embeds;
mod excerpt;
mod footnotes;
mod links;
mod liquid;
mod markdown;
mod mdx;
mod sanitize;
mod shortcodes;
mod templates;

use std::borrow::Cow;

use crate::par::prelude::*;

use crate::config::Site;
use crate::diagnostic::Diagnostic;
use crate::post::Post;
use crate::site::Generator;

pub(crate) use excerpt::plain_text;
pub(crate) use markdown::render;
pub use templates::Dialect;

/// Renders or removes the template constructs of `generator`'s dialect in
/// every post's body, in place. Returns one notice per post that lost any,
/// naming them (shown with `-v`).
pub fn resolve_templates(posts: &mut [Post], generator: Generator, site: &Site) -> Vec<Diagnostic> {
    let dialect = Dialect::of(generator);
    let is_mdx = |post: &Post| post.source.extension().is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
    if dialect == Dialect::default() && !posts.iter().any(is_mdx) {
        return Vec::new();
    }
    let index = links::PostIndex::new(posts);
    let notices: Vec<Option<Diagnostic>> = posts
        .par_iter_mut()
        .map(|post| {
            let permalink = post.permalink.clone();
            // `{{< ref "#part" >}}` names a part of the page it is on.
            let resolve = |target: &str| match target.trim().trim_matches(['"', '\'']).strip_prefix('#') {
                Some(part) => permalink.join(&format!("#{part}")).ok().map(String::from),
                None => index.url(target),
            };
            let vars = liquid::Vars {
                site_url: &site.url,
                site_title: &site.title,
                page_title: &post.title,
                page_url: &post.permalink,
                front: &post.front_values,
                bare_front_keys: generator == Generator::Eleventy,
            };
            let mut removed = Vec::new();
            let mut body = None;
            if is_mdx(post) {
                if let Some((stripped, labels)) = mdx::strip(&post.body) {
                    body = Some(stripped);
                    removed = labels;
                }
            }
            let source = body.as_deref().unwrap_or(&post.body);
            if let Some(applied) = (dialect != Dialect::default())
                .then(|| templates::apply(source, dialect, &resolve, Some(&vars)))
                .flatten()
            {
                body = Some(applied.body);
                removed.extend(applied.removed);
            }
            if let Some(body) = body {
                post.body = body;
            }
            (!removed.is_empty()).then(|| Diagnostic::notice(&post.source, None, removed_message(&removed)))
        })
        .collect();
    notices.into_iter().flatten().collect()
}

/// `body` with the template constructs of `generator`'s dialect rendered or
/// removed as far as that needs no other post and no page variable (those
/// are removed): the text a title made from the body is taken from.
pub fn without_templates(body: &str, generator: Generator) -> Cow<'_, str> {
    match templates::apply(body, Dialect::of(generator), &|_| None, None) {
        Some(applied) => Cow::Owned(applied.body),
        None => Cow::Borrowed(body),
    }
}

/// `3 template constructs left out of the feeds: {% include %} ×2, {: }`.
fn removed_message(removed: &[String]) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for label in removed {
        match counted.iter_mut().find(|(seen, _)| *seen == label) {
            Some((_, count)) => *count += 1,
            None => counted.push((label, 1)),
        }
    }
    let list: Vec<String> = counted
        .iter()
        .map(|(label, count)| if *count == 1 { format!("`{label}`") } else { format!("`{label}` ×{count}") })
        .collect();
    let n = removed.len();
    let noun = if n == 1 { "construct" } else { "constructs" };
    format!("{n} template {noun} left out of the feeds: {}", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_counts_each_kind_once() {
        let removed = ["{% include %}", "{: }", "{% include %}"].map(String::from);
        assert_eq!(
            removed_message(&removed),
            "3 template constructs left out of the feeds: `{% include %}` ×2, `{: }`"
        );
    }
}
