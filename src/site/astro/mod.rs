//! Astro: detected from `astro.config.*`. The config's `site`, `base` and
//! `trailingSlash` are read when written literally, or followed into the file
//! a constant is imported from (AstroPaper's `site: SITE.website`). Posts are
//! the Markdown entries of content collections (`glob({ pattern, base })` in
//! `src/content.config.*`, or the legacy `src/content/<name>/` folders) that
//! a page route renders (`src/pages/blog/[...slug].astro`).

mod collections;
mod routes;
mod rules;
mod slugger;
mod slugger_table;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::js::{self, JsValue};
use super::{first_file, read_config_text, Detected, Generator, SiteError, SiteSettings};
use collections::read_collections;
use routes::find_routes;
use rules::{AstroRules, Collection, Style};

const CONFIG_FILES: &[&str] =
    &["astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"];

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

#[cfg(test)]
mod tests;
