//! render-engine: a Python static-site generator whose routes live in code.
//! Its module (`app.py`, or the one `pyproject.toml` names) gives
//! `SITE_URL`, `SITE_TITLE` and the collections; the posts are the `*.md`
//! files directly in the blog collection's `content_path`, each at
//! `/{route}/{slug}.html` where the slug is python-slugify of `slug:` or
//! the title.

mod python;
mod slugify;
mod slugify_tables;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Detected, Generator, PostFacts, SiteError, SiteRules, SiteSettings};
use python::{Code, CollectionDef};
use slugify::slugify;

/// The modules a site is usually built from, after the one `pyproject.toml`
/// names (`[tool.render-engine.cli] module = "app"`).
const MODULES: &[&str] = &["app.py", "routes.py", "main.py", "site.py", "build.py"];

/// A Python module at the root that imports render_engine, else a
/// `pyproject.toml` that names render-engine.
pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    let pyproject = root.join("pyproject.toml");
    let pyproject_text = crate::site::read_text(&pyproject);
    let named = pyproject_text.as_deref().and_then(module_from_pyproject);
    let candidates = named.into_iter().chain(MODULES.iter().map(|m| m.to_string()));
    let imports = |path: &Path| crate::site::read_text(path).is_some_and(|text| text.contains("render_engine"));
    candidates.map(|name| root.join(name)).find(|path| path.is_file() && imports(path)).or_else(|| {
        let mentions = pyproject_text.is_some_and(|t| t.contains("render-engine") || t.contains("render_engine"));
        mentions.then_some(pyproject)
    })
}

/// `module = "app"` under `[tool.render-engine.cli]` (or the older
/// `[render-engine.cli]`), as a file name.
fn module_from_pyproject(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let cli = |t: &toml::Table| t.get("render-engine")?.get("cli")?.get("module")?.as_str().map(str::to_string);
    let module = table.get("tool").and_then(|t| t.as_table()).and_then(cli).or_else(|| cli(&table))?;
    Some(format!("{}.py", module.replace('.', "/")))
}

pub(super) fn load(_root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    let python = marker.filter(|m| m.extension().is_some_and(|e| e == "py"));
    let code = match python {
        Some(file) => python::read(&super::read_config_text(file)?),
        None => Code::default(),
    };
    let mut settings = SiteSettings::default();
    if let Some(file) = python {
        if let Some(url) = &code.site_url {
            settings.url = Some(url.clone());
            settings.note("url", file);
        }
        if let Some(title) = &code.site_title {
            settings.title = Some(title.clone());
            settings.note("title", file);
        }
    }
    let from = python
        .and_then(Path::file_name)
        .map_or_else(|| "the site's code".to_string(), |n| n.to_string_lossy().into_owned());
    Ok(Detected {
        generator: Generator::RenderEngine,
        marker: marker.map(Path::to_path_buf),
        settings,
        rules: Arc::new(RenderEngineRules::new(code.collections, from)),
    })
}

#[derive(Debug, Clone)]
pub struct RenderEngineRules {
    /// The collection whose pages are the posts (the blog).
    posts: Option<CollectionDef>,
    /// The other collections, for their routes.
    others: Vec<CollectionDef>,
    /// The module the collections were read from.
    from: String,
}

impl RenderEngineRules {
    /// The blog is the `Blog` collection named or routed `blog`/`posts`,
    /// else the first `Blog`, else the first collection.
    fn new(collections: Vec<CollectionDef>, from: String) -> RenderEngineRules {
        let is_main = |c: &CollectionDef| {
            [c.name.as_str(), c.route.as_str(), c.content_path.rsplit('/').next().unwrap_or("")]
                .iter()
                .any(|n| n.eq_ignore_ascii_case("blog") || n.eq_ignore_ascii_case("posts"))
        };
        let main = collections
            .iter()
            .position(|c| c.is_blog && is_main(c))
            .or_else(|| collections.iter().position(|c| c.is_blog))
            .or_else(|| (!collections.is_empty()).then_some(0));
        let mut others = collections;
        let posts = main.map(|at| others.remove(at));
        RenderEngineRules { posts, others, from }
    }

    /// The collection whose folder holds the file at `path`.
    fn collection(&self, path: &str) -> Option<&CollectionDef> {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.posts.iter().chain(&self.others).find(|c| c.content_path == dir)
    }
}

impl SiteRules for RenderEngineRules {
    /// Every collection's folder, so that `include:` can reach the others.
    fn post_roots(&self) -> Vec<String> {
        let mut roots: Vec<String> = self.posts.iter().chain(&self.others).map(|c| c.content_path.clone()).collect();
        roots.dedup();
        if roots.is_empty() {
            roots.push(String::new());
        }
        roots
    }

    fn skip_dir(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        match &self.posts {
            // A collection reads its folder, not the folders inside it.
            Some(_) => !self.post_roots().iter().any(|root| root == path),
            None => {
                name.starts_with('.') || matches!(name, "output" | "templates" | "static" | "node_modules" | "venv")
            }
        }
    }

    /// `Path(content_path).glob("*.md")`: the folder itself, `.md` exactly.
    fn is_post_path(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        name.ends_with(".md") && self.posts.as_ref().is_none_or(|posts| posts.content_path == dir)
    }

    /// python-slugify of `slug:`, else of the title as written (a page
    /// without either is titled after its class, `Page`).
    fn slug(&self, post: &PostFacts<'_>) -> String {
        let text = post.front.text("slug").or_else(|| post.front.text("title")).unwrap_or_else(|| "Page".to_string());
        slugify(&text)
    }

    fn permalink(&self, post: &PostFacts<'_>) -> Result<String, String> {
        let slug = self.slug(post);
        Ok(match self.collection(post.path).map_or("", |c| c.route.as_str()) {
            "" => format!("/{slug}.html"),
            route => format!("/{route}/{slug}.html"),
        })
    }

    fn describe(&self) -> Vec<String> {
        let mut lines = match &self.posts {
            Some(posts) => vec![format!(
                "posts: the .md files directly in {}/ (collection {} in {})",
                posts.content_path, posts.name, self.from
            )],
            None => vec![format!(
                "posts: no collection with a `content_path` found in {}; every .md file is read (set `include:`/`exclude:` in feedcard.yaml)",
                self.from
            )],
        };
        let route = self.posts.as_ref().map_or("", |c| c.route.as_str());
        let pattern = if route.is_empty() { "/{slug}.html".to_string() } else { format!("/{route}/{{slug}}.html") };
        lines.push(format!("permalink: {pattern}; slug: python-slugify of `slug:` or the title"));
        for other in &self.others {
            lines.push(format!(
                "not posts: {}/ (collection {}, at /{}); add it with `include:` in feedcard.yaml",
                other.content_path,
                other.name,
                if other.route.is_empty() { String::new() } else { format!("{}/", other.route) }
            ));
        }
        lines
    }
}

#[cfg(test)]
mod tests;
