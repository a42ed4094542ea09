use super::*;
use crate::post::front_matter::{parse_fields, split, Fields};
use crate::site::{FrontMatter, PostFacts};
use std::fs;

fn fields(front: &str) -> Fields {
    let text = format!("---\n{front}\n---\nBody.\n");
    let parts = split(Path::new("t.md"), &text).unwrap().unwrap();
    parse_fields(Path::new("t.md"), &parts).unwrap().0
}

fn facts<'a>(path: &'a str, fields: &'a Fields) -> PostFacts<'a> {
    let date = crate::post::parse_date("2025-01-31T23:30:00-05:00", chrono_tz::UTC).unwrap();
    PostFacts { path, title: "T", date, timezone: chrono_tz::UTC, front: FrontMatter::new(fields) }
}

struct Site(tempfile::TempDir);

impl Site {
    fn new(files: &[(&str, &str)]) -> Site {
        let site = Site(tempfile::tempdir().unwrap());
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.0.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn load(&self) -> Result<Detected, SiteError> {
        let root = self.0.path();
        load(root, marker(root).as_deref())
    }

    fn permalink(&self, path: &str, front: &str) -> Result<String, String> {
        let detected = self.load().unwrap();
        let fields = fields(front);
        assert!(detected.rules.is_post_path(path), "{path} is not a post");
        detected.rules.permalink(&facts(path, &fields))
    }
}

const PAPER_ROUTE: &str = "---\nimport { getPath } from \"@/utils/getPath\";\nexport async function getStaticPaths() {\n  const posts = await getCollection(\"blog\", ({ data }) => !data.draft);\n  return posts.map((post) => ({ params: { slug: getPath(post.id, post.filePath, false) }, props: { post } }));\n}\n---\n";
const PAGINATED: &str = "---\nexport async function getStaticPaths({ paginate }) {\n  return paginate(await getCollection(\"blog\"), { pageSize: 4 });\n}\n---\n";

fn astro_paper() -> Site {
    Site::new(&[
        ("astro.config.ts", "import { defineConfig } from \"astro/config\";\nimport { SITE } from \"./src/config\";\n\nexport default defineConfig({\n  site: SITE.website,\n});\n"),
        ("src/config.ts", "export const SITE = {\n  website: \"https://paper.example/\", // the address\n  title: \"Paper\",\n  desc: \"About paper\",\n  lang: \"fr\",\n  timezone: \"Asia/Bangkok\",\n} as const;\n"),
        ("src/content.config.ts", "import { glob } from \"astro/loaders\";\nexport const BLOG_PATH = \"src/data/blog\";\nconst blog = defineCollection({\n  loader: glob({ pattern: \"**/[^_]*.md\", base: `./${BLOG_PATH}` }),\n  schema: ({ image }) => z.object({ title: z.string() }),\n});\nexport const collections = { blog };\n"),
        ("src/pages/posts/[...slug]/index.astro", PAPER_ROUTE),
        ("src/pages/posts/[...slug]/index.png.ts", "getCollection(\"blog\")"),
        ("src/pages/posts/[...page].astro", PAGINATED),
        ("src/pages/tags/[tag]/[...page].astro", PAGINATED),
    ])
}

#[test]
fn astro_paper_site_and_addresses() {
    let site = astro_paper();
    let detected = site.load().unwrap();
    let s = &detected.settings;
    assert_eq!(s.url.as_deref(), Some("https://paper.example/"));
    assert_eq!(
        (s.title.as_deref(), s.description.as_deref(), s.language.as_deref()),
        (Some("Paper"), Some("About paper"), Some("fr"))
    );
    // Astro reads a date without an offset as UTC, whatever SITE.timezone says.
    assert_eq!(s.timezone, None);
    let from = s.sources.iter().find(|(key, _)| *key == "url").map(|(_, file)| file.clone()).unwrap();
    assert_eq!(from, site.0.path().join("src/config.ts"));
    let cases = [
        ("src/data/blog/hello-world.md", "", "/posts/hello-world"),
        ("src/data/blog/2025-02-01-dated.md", "", "/posts/2025-02-01-dated"),
        ("src/data/blog/custom.md", "slug: My Own", "/posts/My Own"),
        ("src/data/blog/Travel Notes/Crème Brûlée.md", "", "/posts/travel-notes/crème-brûlée"),
        ("src/data/blog/_releases/v5.md", "", "/posts/v5"),
        ("src/data/blog/series/index.md", "", "/posts/series/series"),
        ("src/data/blog/2025/Q&A/C++ Notes.md", "", "/posts/2025/qanda/c-notes"),
        ("src/data/blog/Ka\u{308}ldstro\u{308}m.md", "", "/posts/k\u{e4}ldstr\u{f6}m"),
    ];
    for (path, front, want) in cases {
        assert_eq!(site.permalink(path, front).as_deref(), Ok(want), "{path}");
    }
    let rules = &detected.rules;
    assert!(!rules.is_post_path("src/data/blog/_draft.md"));
    assert!(!rules.is_post_path("src/data/blog/widget.mdx"));
    assert!(!rules.is_post_path("src/pages/about.md"));
    assert_eq!(rules.post_roots(), vec!["src/data/blog".to_string()]);
    let fields = fields("title: T");
    assert_eq!(rules.slug(&facts("src/data/blog/Travel Notes/Hi There.md", &fields)), "hi-there");
}

#[test]
fn trailing_slash_and_base() {
    let site = astro_paper();
    site.write("astro.config.ts", "import { SITE } from \"@/config\";\nexport default defineConfig({ site: SITE.website, base: \"/docs\", trailingSlash: \"always\" });\n");
    assert_eq!(site.load().unwrap().settings.url.as_deref(), Some("https://paper.example/docs/"));
    assert_eq!(site.permalink("src/data/blog/a.md", "").as_deref(), Ok("/posts/a/"));
}

#[test]
fn astro_blog_template_site() {
    let site = Site::new(&[
        ("astro.config.mjs", "import mdx from '@astrojs/mdx';\nexport default defineConfig({\n\tsite: 'https://blog.example',\n\tintegrations: [mdx()],\n});\n"),
        ("src/consts.ts", "export const SITE_TITLE = 'Astro Blog';\nexport const SITE_DESCRIPTION = 'Welcome!';\n"),
        ("src/content.config.ts", "const blog = defineCollection({\n\tloader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),\n\tschema: ({ image }) => z.object({ title: z.string() }),\n});\nconst authors = defineCollection({ loader: file('src/data/authors.json') });\nexport const collections = { blog, authors };\n"),
        ("src/pages/blog/[...slug].astro", "---\nexport async function getStaticPaths() {\n\tconst posts = await getCollection('blog');\n\treturn posts.map((post) => ({ params: { slug: post.id }, props: post }));\n}\n---\n"),
    ]);
    let detected = site.load().unwrap();
    assert_eq!(detected.settings.url.as_deref(), Some("https://blog.example"));
    assert_eq!(detected.settings.title.as_deref(), Some("Astro Blog"));
    assert_eq!(detected.settings.description.as_deref(), Some("Welcome!"));
    let cases = [
        ("src/content/blog/first-post.md", "", "/blog/first-post/"),
        ("src/content/blog/using-mdx.mdx", "", "/blog/using-mdx/"),
        ("src/content/blog/2024/Year End.md", "", "/blog/2024/year-end/"),
        ("src/content/blog/Sub Folder/index.md", "", "/blog/sub-folder/"),
        ("src/content/blog/_underscore.md", "", "/blog/_underscore/"),
        ("src/content/blog/x.md", "slug: custom/nested", "/blog/custom/nested/"),
        ("src/content/blog/file.name.v2.md", "", "/blog/filenamev2/"),
    ];
    for (path, front, want) in cases {
        assert_eq!(site.permalink(path, front).as_deref(), Ok(want), "{path}");
    }
    assert!(!detected.rules.is_post_path("src/content/blog/.hidden.md"));
    assert!(!detected.rules.is_post_path("src/data/authors.md"));
}

#[test]
fn legacy_collections_and_no_route() {
    // No content config: every folder of src/content/ is a collection; `_`
    // files and folders are skipped. No route found: `/blog/<id>/`.
    let site = Site::new(&[
        ("astro.config.mjs", "export default { site: \"https://legacy.example/\", trailingSlash: \"never\" };\n"),
        ("src/content/blog/post-one.md", ""),
        ("src/content/notes/n.md", ""),
    ]);
    assert_eq!(site.permalink("src/content/blog/post-one.md", "").as_deref(), Ok("/blog/post-one"));
    let rules = site.load().unwrap().rules;
    assert!(!rules.is_post_path("src/content/blog/_draft.md"));
    assert!(!rules.is_post_path("src/content/blog/_old/x.md"));
    // `notes` has no route and no blog-like name: not posts.
    assert!(!rules.is_post_path("src/content/notes/n.md"));
    // A legacy config: `type: 'content'` collections, data ones skipped.
    site.write("src/content/config.ts", "const posts = defineCollection({ type: 'content' });\nconst people = defineCollection({ type: 'data' });\nexport const collections = { posts, people };\n");
    site.write("src/pages/articles/[slug].astro", "const entries = await getCollection('posts');\nreturn entries.map((entry) => ({ params: { slug: entry.slug } }));\n");
    site.write("src/content/posts/Hello World.md", "");
    assert_eq!(site.permalink("src/content/posts/Hello World.md", "").as_deref(), Ok("/articles/hello-world"));
}

#[test]
fn config_errors_name_the_file_and_line() {
    let site = Site::new(&[("astro.config.mjs", "export default defineConfig({\n  site: 'https://a.example/,\n});\n")]);
    let err = site.load().unwrap_err();
    assert_eq!((err.file.file_name().unwrap().to_str(), err.line), (Some("astro.config.mjs"), Some(2)), "{err:?}");
    let site = astro_paper();
    site.write(
        "src/config.ts",
        "export const SITE = {\n  website: \"https://paper.example/\",\n  title: [\"unclosed\",\n",
    );
    let err = site.load().unwrap_err();
    assert!(err.file.ends_with("src/config.ts"), "{err:?}");
    assert_eq!(err.line, Some(3), "{err:?}");
    let site = astro_paper();
    site.write("src/content.config.ts", "const blog = defineCollection({ loader: glob({ pattern: \"**/*.md\", base: \"./src/x\" }) });\nexport const collections = { blog: blog, other: defineCollection({ loader: glob({ pattern: `${\"x\"}` }) }), broken: { ;\n");
    let err = site.load().unwrap_err();
    assert!(err.file.ends_with("src/content.config.ts"), "{err:?}");
}

#[test]
fn the_site_constant_can_be_a_string() {
    let site = Site::new(&[
        (
            "astro.config.mjs",
            "import { SITE_URL } from './src/consts.js';\nexport default defineConfig({ site: SITE_URL });\n",
        ),
        ("src/consts.js", "export const SITE_URL = 'https://consts.example/';\n"),
    ]);
    assert_eq!(site.load().unwrap().settings.url.as_deref(), Some("https://consts.example/"));
    let site = Site::new(&[("astro.config.mjs", "export default defineConfig({ site: process.env.SITE });\n")]);
    assert_eq!(site.load().unwrap().settings.url, None);
}
