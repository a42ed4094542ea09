//! Bodies left on disk. A build holds every post from the read to the
//! feeds, and the bodies are most of that (~7 KB a post: 700 MB at 100,000
//! posts), while the feeds need each body once, a chunk at a time. So a
//! build's reader keeps bodies in memory up to a budget, and past it leaves
//! on disk each body that is the file's own text (one the template pass
//! does not change): the feeds read it again when they render it.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{front_matter, Post};
use crate::config::Config;
use crate::content::Dialect;
use crate::diagnostic::Diagnostic;
use crate::fingerprint::ContentHash;
use crate::input_file::read_regular;

/// Bytes of bodies a build's reader keeps in memory; a site whose bodies
/// fit (10,000 posts of 1,000 words) reads each file once.
pub(crate) const BODY_BUDGET: usize = 96 << 20;

/// What is left of the body budget, shared by the reading threads. Which
/// bodies stay depends on the threads' timing; the output does not.
pub(crate) struct BodyBudget(AtomicUsize);

impl BodyBudget {
    pub(crate) fn new(bytes: usize) -> BodyBudget {
        BodyBudget(AtomicUsize::new(bytes))
    }

    /// Takes `bytes` from the budget if it has them.
    fn take(&self, bytes: usize) -> bool {
        self.0.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(bytes)).is_ok()
    }
}

/// Leaves the body of a post just read on disk when the budget is spent
/// and reading the file again gives the same body: not MDX (stripped), and
/// no `{` where the site's template dialect would act.
pub(crate) fn leave_on_disk(post: &mut Post, config: &Config, budget: &BodyBudget) {
    let plain = !is_mdx(post) && (Dialect::of(config.generator) == Dialect::default() || !post.body.contains('{'));
    if plain && !budget.take(post.body.len()) {
        post.body_on_disk = Some(ContentHash::of(post.body.as_bytes()));
        post.body = String::new();
    }
}

fn is_mdx(post: &Post) -> bool {
    post.source.extension().is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
}

/// The post's body: its own, or read again from its file.
pub(crate) fn body_text<'a>(post: &'a Post, config: &Config) -> Result<Cow<'a, str>, Diagnostic> {
    let Some(first_read) = &post.body_on_disk else { return Ok(Cow::Borrowed(&post.body)) };
    let changed = |message: String| {
        Diagnostic::error(&post.source, None, message)
            .with_help("the post changed while feedcard was building: run it again; nothing was published")
    };
    let bytes = read_regular(&post.source, config.max_post_bytes)
        .map_err(|e| changed(format!("the file {e} when read again for the feeds")))?;
    let text = front_matter::decode(&post.source, &bytes)?;
    match front_matter::split(&post.source, &text)? {
        // Its front matter (title, date, draft) was read with the first body.
        Some(split) if ContentHash::of(split.body.as_bytes()) == *first_read => Ok(Cow::Owned(split.body.to_string())),
        Some(_) => Err(changed("the body changed after the front matter was read".to_string())),
        None => Err(changed("the file has no front matter any more".to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_body_past_the_budget_is_read_again_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\r\ntitle: T\r\ndate: 2024-01-01\r\n---\r\nBody *one*.\r\n\r\nTwo.\r\n";
        fs::write(dir.path().join("a.md"), text).unwrap();
        let mut config = Config::with_site_url("https://blog.example.com/").unwrap();
        config.input = dir.path().to_path_buf();
        let now = chrono::Utc::now();
        let [mut post] = <[Post; 1]>::try_from(crate::post::read_posts(&config, now).posts).unwrap();
        let body = post.body.clone();
        assert_eq!(body, "Body *one*.\n\nTwo.\n");
        leave_on_disk(&mut post, &config, &BodyBudget::new(body.len()));
        assert!(post.body_on_disk.is_none(), "within the budget, the body stays");
        leave_on_disk(&mut post, &config, &BodyBudget::new(body.len() - 1));
        assert!(post.body_on_disk.is_some() && post.body.is_empty());
        assert_eq!(body_text(&post, &config).unwrap(), body);
        // Saved again mid-build: the old front matter must not go out with a new body.
        fs::write(dir.path().join("a.md"), text.replace("one", "two")).unwrap();
        let error = body_text(&post, &config).unwrap_err();
        assert!(error.is_error() && error.message.contains("body changed"), "{error}");
        fs::remove_file(dir.path().join("a.md")).unwrap();
        let error = body_text(&post, &config).unwrap_err();
        assert!(error.is_error() && error.file.ends_with("a.md"), "{error}");
    }
}
