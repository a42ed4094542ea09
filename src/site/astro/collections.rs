//! Astro's content collections: `defineCollection` with a `glob()` loader in
//! the content config, or the legacy `src/content/<name>/` folders.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::Path;

use super::js::{self, JsValue};
use super::{first_file, js_error, read_config_text, SiteError};
use crate::site::clean_path;

pub(super) const CONTENT_CONFIGS: &[&str] = &[
    "src/content.config.ts",
    "src/content.config.mts",
    "src/content.config.js",
    "src/content.config.mjs",
    "src/content/config.ts",
    "src/content/config.mts",
    "src/content/config.js",
    "src/content/config.mjs",
];

/// A content collection of Markdown entries.
pub(super) struct Found {
    pub(super) name: String,
    /// From the site root, no trailing `/`.
    pub(super) base: String,
    pub(super) matcher: Option<Gitignore>,
    pub(super) patterns: Vec<String>,
    /// A legacy `src/content/<name>/` collection: `_` files and folders skipped.
    pub(super) legacy: bool,
}

pub(super) fn read_collections(root: &Path) -> Result<Vec<Found>, SiteError> {
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
pub(super) fn legacy_folders(root: &Path, defined: &[String]) -> Vec<Found> {
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

pub(super) fn template_or_str(text: &str, value: &JsValue) -> Option<String> {
    match value {
        JsValue::Str(s) => Some(s.clone()),
        JsValue::Code(code) => template(text, code),
        _ => None,
    }
}

/// A template literal whose `${NAME}` parts are string constants of `text`,
/// or a bare constant: AstroPaper's `` `./${BLOG_PATH}` ``.
pub(super) fn template(text: &str, code: &str) -> Option<String> {
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
pub(super) fn glob_matcher(base: &Path, patterns: &[String]) -> Result<Gitignore, String> {
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
