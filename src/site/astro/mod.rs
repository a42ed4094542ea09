//! Astro: detected from `astro.config.*`. The config's `site`, `base` and
//! `trailingSlash` are read when written literally, or followed into the file
//! a constant is imported from (AstroPaper's `site: SITE.website`). Posts are
//! the Markdown entries of content collections (`glob({ pattern, base })` in
//! `src/content.config.*`, or the legacy `src/content/<name>/` folders) that
//! a page route renders (`src/pages/blog/[...slug].astro`).

mod rules;
mod slugger;
mod slugger_table;

use crate::site::clean_path;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::js::{self, JsValue};
use super::{first_file, read_config_text, Detected, Generator, SiteError, SiteSettings};
use rules::{AstroRules, Collection, Style};

const CONFIG_FILES: &[&str] =
    &["astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"];
const CONTENT_CONFIGS: &[&str] = &[
    "src/content.config.ts",
    "src/content.config.mts",
    "src/content.config.js",
    "src/content.config.mjs",
    "src/content/config.ts",
    "src/content/config.mts",
    "src/content/config.js",
    "src/content/config.mjs",
];

pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    first_file(root, CONFIG_FILES)
}

/// What astro.config says about addresses.
#[derive(Debug, Default)]
struct Config {
    base: Option<String>,
    trailing_slash: Option<String>,
    mdx: bool,
}

pub(super) fn load(root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    let mut settings = SiteSettings::default();
    let mut config = Config::default();
    if let Some(path) = marker {
        let text = read_config_text(path)?;
        read_config(root, path, &text, &mut settings, &mut config)?;
    }
    read_consts(root, &mut settings)?;
    if let (Some(url), Some(base)) = (&settings.url, &config.base) {
        settings.url = Some(with_base(url, base));
    }
    let routes = find_routes(root);
    let mut collections = Vec::new();
    for found in read_collections(root)? {
        let route = routes.iter().find(|r| r.collection == found.name);
        let (prefix, style) = match route {
            Some(route) => (route.prefix.clone(), route.style),
            // No route found (built by a helper): the usual one for a blog.
            None if matches!(found.name.as_str(), "blog" | "posts" | "post") => {
                (format!("/{}/", found.name), Style::Id)
            }
            None => continue,
        };
        let slash = match config.trailing_slash.as_deref() {
            Some("always") => true,
            Some("never") => false,
            // `ignore`: the form the site's own links use.
            _ => style == Style::Id,
        };
        collections.push(Collection {
            name: found.name,
            base: found.base,
            matcher: found.matcher,
            patterns: found.patterns,
            skip_underscore: found.legacy,
            prefix,
            style,
            slash,
            mdx: config.mdx,
        });
    }
    Ok(Detected {
        generator: Generator::Astro,
        marker: marker.map(Path::to_path_buf),
        settings,
        rules: Arc::new(AstroRules { collections }),
    })
}

fn js_error(path: &Path, text: &str, e: js::JsError) -> SiteError {
    SiteError::new(path, Some(e.line(text)), format!("cannot read this file: {}", e.message))
}

fn read_config(
    root: &Path,
    path: &Path,
    text: &str,
    settings: &mut SiteSettings,
    config: &mut Config,
) -> Result<(), SiteError> {
    let bad = |e| js_error(path, text, e);
    let object = match js::object_after(text, "defineConfig(").map_err(bad)? {
        Some(object) => Some(object),
        None => js::object_after(text, "export default").map_err(bad)?,
    };
    let Some(object) = object else { return Ok(()) };
    match object.get("site") {
        Some(JsValue::Str(url)) => {
            settings.url = Some(url.clone());
            settings.note("url", path);
        }
        Some(JsValue::Code(expression)) => {
            if let Some((url, from, site_object)) = follow(root, path, text, expression)? {
                settings.url = Some(url);
                settings.note("url", &from);
                // AstroPaper keeps the title and description beside the URL.
                if let Some(site_object) = site_object {
                    take_site_text(&site_object, &from, settings);
                }
            }
        }
        _ => {}
    }
    config.base = object.get("base").and_then(JsValue::as_str).map(str::to_string);
    config.trailing_slash = object.get("trailingSlash").and_then(JsValue::as_str).map(str::to_string);
    config.mdx = text.contains("@astrojs/mdx");
    Ok(())
}

fn take_site_text(object: &JsValue, from: &Path, settings: &mut SiteSettings) {
    let text = |keys: &[&str]| keys.iter().find_map(|k| object.get(k).and_then(JsValue::as_str).map(str::to_string));
    if let Some(title) = text(&["title"]) {
        settings.title = Some(title);
        settings.note("title", from);
    }
    if let Some(description) = text(&["desc", "description"]) {
        settings.description = Some(description);
        settings.note("description", from);
    }
    if let Some(language) = text(&["lang", "language", "locale"]) {
        settings.language = Some(language);
        settings.note("language", from);
    }
}

/// `SITE.website` or `SITE_URL`: the constant, in this file or the one it is
/// imported from. Gives the text, the file, and the object it is a key of.
fn follow(
    root: &Path,
    path: &Path,
    text: &str,
    expression: &str,
) -> Result<Option<(String, PathBuf, Option<JsValue>)>, SiteError> {
    let expression = expression.trim();
    let (name, key) = match expression.split_once('.') {
        Some((name, key)) => (name, Some(key)),
        None => (expression, None),
    };
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$') || key.is_some_and(|k| k.contains(['.', '(']))
    {
        return Ok(None);
    }
    let (file, file_text) = match import_source(root, path, text, name) {
        Some(file) => {
            let file_text = read_config_text(&file)?;
            (file, file_text)
        }
        None => (path.to_path_buf(), text.to_string()),
    };
    let Some(value) = js::const_value(&file_text, name).map_err(|e| js_error(&file, &file_text, e))? else {
        return Ok(None);
    };
    Ok(match key {
        None => value.as_str().map(|url| (url.to_string(), file, None)),
        Some(key) => {
            value.get(key).and_then(JsValue::as_str).map(|url| (url.to_string(), file.clone(), Some(value.clone())))
        }
    })
}

/// The file `name` is imported from: `import { SITE } from "./src/config"`
/// (also `@/config` and `~/config`, the usual aliases of `src/`).
fn import_source(root: &Path, path: &Path, text: &str, name: &str) -> Option<PathBuf> {
    let mut statement = String::new();
    for line in text.lines() {
        let line = line.trim();
        if statement.is_empty() && !line.starts_with("import ") {
            continue;
        }
        statement.push_str(line);
        statement.push(' ');
        let Some(from) = statement.rfind(" from ") else { continue };
        let names = &statement[..from];
        let source = statement[from + 6..].trim().trim_end_matches(';').trim().trim_matches(['"', '\'']).to_string();
        let imports_it = names.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).any(|word| word == name);
        statement.clear();
        if !imports_it {
            continue;
        }
        let base = if let Some(rest) = source.strip_prefix("@/").or_else(|| source.strip_prefix("~/")) {
            root.join("src").join(rest)
        } else if source.starts_with('.') {
            let mut base = path.parent().unwrap_or(root).to_path_buf();
            for part in source.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        base.pop();
                    }
                    part => base.push(part),
                }
            }
            base
        } else {
            return None;
        };
        let candidates = ["", ".ts", ".mts", ".js", ".mjs", "/index.ts", "/index.js"];
        return candidates.iter().map(|ext| PathBuf::from(format!("{}{ext}", base.display()))).find(|p| p.is_file());
    }
    None
}

/// The Astro blog template's `SITE_TITLE` and `SITE_DESCRIPTION` constants.
fn read_consts(root: &Path, settings: &mut SiteSettings) -> Result<(), SiteError> {
    for name in ["src/consts.ts", "src/consts.js", "src/config.ts", "src/config.js"] {
        let path = root.join(name);
        let Some(text) = crate::site::read_text(&path) else { continue };
        for (key, field) in [("SITE_TITLE", "title"), ("SITE_DESCRIPTION", "description")] {
            let slot = if field == "title" { &mut settings.title } else { &mut settings.description };
            if slot.is_some() {
                continue;
            }
            if let Some(JsValue::Str(value)) = js::const_value(&text, key).map_err(|e| js_error(&path, &text, e))? {
                *slot = Some(value);
                settings.note(field, &path);
            }
        }
    }
    Ok(())
}

fn with_base(url: &str, base: &str) -> String {
    let base = base.trim_matches('/');
    let url = url.trim_end_matches('/');
    if base.is_empty() || url.ends_with(&format!("/{base}")) {
        format!("{url}/")
    } else {
        format!("{url}/{base}/")
    }
}

/// A content collection of Markdown entries.
struct Found {
    name: String,
    /// From the site root, no trailing `/`.
    base: String,
    matcher: Option<Gitignore>,
    patterns: Vec<String>,
    /// A legacy `src/content/<name>/` collection: `_` files and folders skipped.
    legacy: bool,
}

fn read_collections(root: &Path) -> Result<Vec<Found>, SiteError> {
    let Some(path) = first_file(root, CONTENT_CONFIGS) else {
        return Ok(legacy_folders(root, &[]));
    };
    let text = read_config_text(&path)?;
    let bad = |e| js_error(&path, &text, e);
    let Some(JsValue::Object(entries)) = js::const_value(&text, "collections").map_err(bad)? else {
        return Ok(legacy_folders(root, &[]));
    };
    let mut found = Vec::new();
    let mut named = Vec::new();
    let mut uses_loaders = false;
    for (name, value) in entries {
        named.push(name.clone());
        let code = match &value {
            JsValue::Code(code) if !code.contains('(') => match js::const_value(&text, code).map_err(bad)? {
                Some(JsValue::Code(code)) => code,
                _ => continue,
            },
            JsValue::Code(code) => code.clone(),
            _ => continue,
        };
        let Some(definition) = js::object_after(&code, "defineCollection(").map_err(bad)? else { continue };
        match definition.get("loader") {
            Some(JsValue::Code(loader)) => {
                uses_loaders = true;
                let Some(options) = js::object_after(loader, "glob(").map_err(bad)? else { continue };
                let literal = |v: Option<&JsValue>| -> Option<Vec<String>> {
                    match v? {
                        JsValue::Code(code) => template(&text, code).map(|s| vec![s]),
                        JsValue::List(items) => {
                            items.iter().map(|item| template_or_str(&text, item)).collect::<Option<Vec<_>>>()
                        }
                        other => template_or_str(&text, other).map(|s| vec![s]),
                    }
                };
                let base = match options.get("base") {
                    None => Some(String::new()),
                    some => literal(some).and_then(|mut b| b.pop()),
                };
                let (Some(base), Some(patterns)) = (base, literal(options.get("pattern"))) else { continue };
                let base = clean_path(&base);
                let matcher = glob_matcher(root.join(&base).as_path(), &patterns)
                    .map_err(|e| SiteError::new(&path, None, format!("collection `{name}`: {e}")))?;
                found.push(Found { name, base, matcher: Some(matcher), patterns, legacy: false });
            }
            // No loader: a legacy collection in src/content/<name>/ (not a data one).
            None if definition.get("type").and_then(JsValue::as_str) != Some("data") => {
                found.extend(legacy_folders(root, &[]).into_iter().filter(|f| f.name == name));
            }
            _ => {}
        }
    }
    // Astro makes collections of the other folders only when no collection has a loader.
    if !uses_loaders {
        found.extend(legacy_folders(root, &named));
    }
    Ok(found)
}

/// The folders of `src/content/` that Astro makes collections of by itself,
/// other than those in `defined`.
fn legacy_folders(root: &Path, defined: &[String]) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(root.join("src/content")) else { return Vec::new() };
    let mut found: Vec<Found> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with(['_', '.']) && !defined.contains(name))
        .map(|name| Found {
            base: format!("src/content/{name}"),
            name,
            matcher: None,
            patterns: vec!["**/*.{md,mdx}".to_string()],
            legacy: true,
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

fn template_or_str(text: &str, value: &JsValue) -> Option<String> {
    match value {
        JsValue::Str(s) => Some(s.clone()),
        JsValue::Code(code) => template(text, code),
        _ => None,
    }
}

/// A template literal whose `${NAME}` parts are string constants of `text`,
/// or a bare constant: AstroPaper's `` `./${BLOG_PATH}` ``.
fn template(text: &str, code: &str) -> Option<String> {
    let Some(body) = code.strip_prefix('`').and_then(|c| c.strip_suffix('`')) else {
        return match js::const_value(text, code).ok()?? {
            JsValue::Str(s) => Some(s),
            _ => None,
        };
    };
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find("${") {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        match js::const_value(text, rest[open + 2..close].trim()).ok()?? {
            JsValue::Str(s) => out.push_str(&s),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The glob loader's patterns, relative to its base, as `.gitignore` lines
/// (`!` lines take files out again, as in a pattern list).
fn glob_matcher(base: &Path, patterns: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new(base);
    for pattern in patterns {
        let (negated, glob) = match pattern.strip_prefix('!') {
            Some(glob) => ("!", glob),
            None => ("", pattern.as_str()),
        };
        let glob = glob.strip_prefix("./").unwrap_or(glob);
        // A glob without `/` matches at the base only, unlike a .gitignore line.
        let line = format!("{negated}/{}", glob.trim_start_matches('/'));
        builder.add_line(None, &line).map_err(|e| format!("`{pattern}` is not a glob: {e}"))?;
    }
    builder.build().map_err(|e| e.to_string())
}

/// A page route that renders a collection's entries one per page.
struct Route {
    collection: String,
    /// `/blog/`.
    prefix: String,
    style: Style,
}

/// `src/pages/**/[...slug].astro` and `[...slug]/index.astro` routes (any
/// parameter name) that call `getCollection("name")` and do not paginate.
fn find_routes(root: &Path) -> Vec<Route> {
    let pages = root.join("src/pages");
    let mut routes = Vec::new();
    let mut stack = vec![pages.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&pages).unwrap_or(&path);
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let Some(dynamic) = parts.iter().position(|p| p.starts_with('[')) else { continue };
            let rest = &parts[dynamic..];
            let is_page = match rest {
                [file] => file.ends_with("].astro"),
                [folder, index] => folder.ends_with(']') && index == "index.astro",
                _ => false,
            };
            if !is_page {
                continue;
            }
            let Some(text) = crate::site::read_text(&path) else { continue };
            if text.contains("paginate(") {
                continue;
            }
            let Some(collection) = js::string_calls(&text, "getCollection(").into_iter().next() else { continue };
            let style = if text.contains("getPath(") { Style::Paper } else { Style::Id };
            let prefix = super::join_url_path(&[&parts[..dynamic].join("/"), "/"]);
            routes.push(Route { collection, prefix, style });
        }
    }
    routes.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    routes
}

#[cfg(test)]
mod tests;
