//! Which post a template names (`{% post_url 2024-01-02-hello %}`,
//! `{% link _posts/x.md %}`, `{{< ref "blog/x.md#part" >}}`), by the end of
//! its file's path.

use crate::post::Post;

/// Every post's file path (without extension, `/`-separated, a bundle's
/// `index` file standing for its folder) and its permalink.
pub(super) struct PostIndex {
    entries: Vec<(String, String)>,
}

impl PostIndex {
    pub fn new(posts: &[Post]) -> PostIndex {
        let entries = posts
            .iter()
            .map(|post| (key(&post.source.to_string_lossy().replace('\\', "/")), post.permalink.to_string()))
            .collect();
        PostIndex { entries }
    }

    /// The absolute URL of the one post `target` names; `None` when no post
    /// or more than one matches.
    pub fn url(&self, target: &str) -> Option<String> {
        let target = target.trim().trim_matches(['"', '\'', '`']);
        let (path, fragment) = target.split_once('#').map_or((target, None), |(path, f)| (path, Some(f)));
        let path = key(path.trim_start_matches("./").trim_start_matches('/'));
        if path.is_empty() {
            return None;
        }
        // Exact first; then regardless of ASCII case, as Hugo (which lowercases
        // page paths) finds `ref "4-EC2"` for `content/posts/4-ec2/`.
        let url = self.only_match(|key| ends_with_segments(key, &path)).or_else(|| {
            let path = path.to_ascii_lowercase();
            self.only_match(|key| ends_with_segments(&key.to_ascii_lowercase(), &path))
        })?;
        let mut url = url.to_string();
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            url.push('#');
            url.push_str(fragment);
        }
        Some(url)
    }
}

impl PostIndex {
    /// The URL of the one entry whose key `matches`; `None` for none or several.
    fn only_match(&self, matches: impl Fn(&str) -> bool) -> Option<&str> {
        let mut found = self.entries.iter().filter(|(key, _)| matches(key));
        let (_, url) = found.next()?;
        found.next().is_none().then_some(url.as_str())
    }
}

/// `content/posts/hello/index.md` → `content/posts/hello`; `a/b.md/` → `a/b`.
fn key(path: &str) -> String {
    let path = path.trim_end_matches('/');
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(dir, name)| (dir, name));
    let stem = match name.rsplit_once('.') {
        Some((stem, "md" | "markdown" | "mdown" | "mkd" | "html" | "htm")) => stem,
        _ => name,
    };
    match (dir, stem) {
        (dir, "index" | "_index") => dir.to_string(),
        ("", stem) => stem.to_string(),
        (dir, stem) => format!("{dir}/{stem}"),
    }
}

/// Whether `path` is `key` or its last whole segments.
fn ends_with_segments(key: &str, path: &str) -> bool {
    key == path || (key.ends_with(path) && key.as_bytes().get(key.len() - path.len() - 1) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(paths: &[&str]) -> PostIndex {
        PostIndex {
            entries: paths.iter().enumerate().map(|(i, p)| (key(p), format!("https://b.example/{i}/"))).collect(),
        }
    }

    #[test]
    fn targets_match_by_whole_trailing_segments() {
        let index = index(&["/s/_posts/2024-01-02-hello.md", "/s/content/blog/x/index.md", "/s/content/a/same.md"]);
        assert_eq!(index.url("2024-01-02-hello").as_deref(), Some("https://b.example/0/"));
        assert_eq!(index.url("_posts/2024-01-02-hello.md").as_deref(), Some("https://b.example/0/"));
        assert_eq!(index.url("\"blog/x.md#part\"").as_deref(), Some("https://b.example/1/#part"));
        assert_eq!(index.url("/blog/x/").as_deref(), Some("https://b.example/1/"));
        assert_eq!(index.url("ello"), None);
        assert_eq!(index.url("missing.md"), None);
        assert_eq!(index.url(""), None);
    }

    #[test]
    fn case_only_counts_when_the_exact_spelling_matches_nothing() {
        let index =
            index(&["/s/content/posts/4-ec2/index.md", "/s/content/posts/11-S3.md", "/s/content/posts/11-s3.md"]);
        assert_eq!(index.url("4-EC2").as_deref(), Some("https://b.example/0/"));
        assert_eq!(index.url("11-S3").as_deref(), Some("https://b.example/1/"));
        assert_eq!(index.url("11-S3".to_lowercase().as_str()).as_deref(), Some("https://b.example/2/"));
        assert_eq!(index.url("11-s3x"), None);
    }

    #[test]
    fn an_ambiguous_target_resolves_to_nothing() {
        let index = index(&["/s/a/same.md", "/s/b/same.md"]);
        assert_eq!(index.url("same.md"), None);
        assert_eq!(index.url("b/same.md").as_deref(), Some("https://b.example/1/"));
    }
}
