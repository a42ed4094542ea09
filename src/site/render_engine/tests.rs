use super::*;
use crate::post::front_matter::{parse_fields, split};
use chrono::DateTime;
use chrono_tz::Tz;

const APP: &str = r#"from render_engine import Site, Blog, Collection
app = Site()
app.site_vars.update({"SITE_TITLE": "Kitchen Notes", "SITE_URL": "https://re.example.org"})

@app.collection
class Notes(Blog):
    content_path = "content/notes"
    routes = ["notes"]

@app.collection
class Posts(Blog):
    content_path = "content/posts"
    routes = ["posts"]

@app.collection
class Pages(Collection):
    content_path = "content/pages"
"#;

fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Option<PathBuf>) {
    let dir = crate::site::temp_site(files);
    let found = marker(dir.path());
    (dir, found)
}

fn rules() -> Arc<dyn SiteRules> {
    let (dir, found) = site(&[("app.py", APP)]);
    let detected = load(dir.path(), found.as_deref()).expect("loads");
    assert_eq!(detected.settings.url.as_deref(), Some("https://re.example.org"));
    assert_eq!(detected.settings.title.as_deref(), Some("Kitchen Notes"));
    detected.rules
}

fn permalink(rules: &dyn SiteRules, path: &str, front: &str) -> String {
    let text = format!("---\n{front}\n---\nBody\n");
    let source = Path::new(path);
    let split = split(source, &text).expect("splits").expect("has front matter");
    let (fields, _) = parse_fields(source, &split).expect("parses");
    let facts = PostFacts {
        path,
        title: "decoded title",
        date: DateTime::parse_from_rfc3339("2024-03-09T10:00:00Z").expect("a date"),
        timezone: Tz::UTC,
        front: crate::site::FrontMatter::new(&fields),
    };
    rules.permalink(&facts).expect("an address")
}

#[test]
fn markers() {
    assert_eq!(site(&[("app.py", "print('hello')\n")]).1, None);
    let (_dir, found) = site(&[("app.py", APP)]);
    assert!(found.is_some_and(|m| m.ends_with("app.py")));
    let (_dir, found) = site(&[
        ("pyproject.toml", "[project]\ndependencies = [\"render-engine\"]\n[tool.render-engine.cli]\nmodule = \"mysite.build\"\nsite = \"app\"\n"),
        ("mysite/build.py", APP),
    ]);
    assert!(found.is_some_and(|m| m.ends_with("mysite/build.py")));
    let (_dir, found) = site(&[("pyproject.toml", "[project]\ndependencies = [\"render_engine\"]\n")]);
    assert!(found.is_some_and(|m| m.ends_with("pyproject.toml")));
}

#[test]
fn the_blog_collection_holds_the_posts() {
    let rules = rules();
    assert_eq!(rules.post_roots(), ["content/posts", "content/notes", "content/pages"]);
    assert!(rules.is_post_path("content/posts/hello.md"));
    assert!(!rules.is_post_path("content/posts/hello.markdown"));
    assert!(!rules.is_post_path("content/posts/sub/hello.md"));
    assert!(!rules.is_post_path("content/notes/a-note.md"));
    assert!(!rules.is_post_path("content/pages/about.md"));
    assert!(rules.skip_dir("content/posts/sub"));
    assert!(!rules.skip_dir("content/notes"));
    assert!(rules.describe().iter().any(|l| l.contains("content/notes/ (collection Notes, at /notes/)")));
}

#[test]
fn addresses_are_route_and_slugified_title() {
    let rules = rules();
    let r = rules.as_ref();
    assert_eq!(
        permalink(r, "content/posts/x.md", "title: Café &amp; Crème, 2nd try"),
        "/posts/cafe-creme-2nd-try.html"
    );
    assert_eq!(permalink(r, "content/posts/x.md", "title: T\nslug: Own Slug"), "/posts/own-slug.html");
    assert_eq!(permalink(r, "content/posts/x.md", "date: 2024-01-01"), "/posts/page.html");
    // An included file of another collection keeps that collection's route.
    assert_eq!(permalink(r, "content/notes/x.md", "title: A note"), "/notes/a-note.html");
    assert_eq!(permalink(r, "content/pages/x.md", "title: About"), "/about.html");
}

#[test]
fn without_code_every_markdown_file_is_a_post_at_the_root() {
    let (dir, _) = site(&[]);
    let detected = load(dir.path(), None).expect("loads");
    let rules = detected.rules;
    assert_eq!(rules.post_roots(), [""]);
    assert!(rules.is_post_path("anything/here.md"));
    assert!(rules.skip_dir("output"));
    assert_eq!(permalink(rules.as_ref(), "anything/here.md", "title: Hello There"), "/hello-there.html");
}
