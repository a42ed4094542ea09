//! Eleventy (11ty): detected from `eleventy.config.*`, `.eleventy.js` or a
//! package.json that depends on `@11ty/eleventy`. Eleventy keeps its
//! settings in code, so only what is written literally is read: `dir.input`
//! (and the other folders), `pathPrefix`, `ignores.add(...)`, collections made
//! with `getFilteredByGlob("...")`, the global data files `_data/site.*` and
//! `_data/metadata.*`, and directory data files (`blog/blog.11tydata.json`).

mod rules;
mod slugify;
mod translit;

use crate::site::clean_path;
use ignore::gitignore::GitignoreBuilder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::js::{self, JsValue};
use super::{first_file, read_config_text, Detected, Generator, SiteError, SiteSettings};
use rules::DataFile;
use rules::EleventyRules;

const CONFIG_FILES: &[&str] =
    &["eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", "eleventy.config.ts", ".eleventy.js"];

/// The collections whose members are a blog's posts, when made by glob.
const POST_COLLECTIONS: &[&str] = &["posts", "post", "blog", "articles"];

pub(super) fn marker(root: &Path) -> Option<PathBuf> {
    first_file(root, CONFIG_FILES).or_else(|| {
        let path = root.join("package.json");
        let text = crate::site::read_text(&path)?;
        let package: serde_json::Value = serde_json::from_str(&text).ok()?;
        let depends = ["dependencies", "devDependencies"]
            .iter()
            .any(|key| package.get(key).and_then(|deps| deps.get("@11ty/eleventy")).is_some());
        depends.then_some(path)
    })
}

pub(super) fn load(root: &Path, marker: Option<&Path>) -> Result<Detected, SiteError> {
    let config = match marker.filter(|m| m.file_name().is_some_and(|n| n != "package.json")) {
        Some(path) => read_config(path, &read_config_text(path)?)?,
        None => ConfigFacts::default(),
    };
    let input = clean_path(config.input.as_deref().unwrap_or("."));
    let under_input = |dir: &str| clean_path(&format!("{input}/{dir}"));
    let data_dir = under_input(config.data.as_deref().unwrap_or("_data"));
    let mut skip = vec![
        clean_path(config.output.as_deref().unwrap_or("_site")),
        under_input(config.includes.as_deref().unwrap_or("_includes")),
        data_dir.clone(),
    ];
    if let Some(layouts) = &config.layouts {
        skip.push(under_input(layouts));
    }
    skip.retain(|dir| !dir.is_empty());

    let mut settings = SiteSettings::default();
    read_global_data(root, &data_dir, &mut settings)?;
    if let (Some(path), Some(metadata)) = (marker, config.feed.as_ref().and_then(|f| f.get("metadata"))) {
        feed_metadata(path, metadata, &mut settings);
    }
    if let (Some(url), Some(prefix)) = (&settings.url, &config.path_prefix) {
        settings.url = Some(with_path_prefix(url, prefix));
    }

    let mut ignores = GitignoreBuilder::new(root);
    for file in [".eleventyignore".to_string(), format!("{input}/.eleventyignore")] {
        if let Some(text) = crate::site::read_text(&root.join(&file)) {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                // Eleventy's ignore lines are globs from the project root.
                let _ = ignores.add_line(None, &anchored(line));
            }
        }
    }
    for pattern in &config.ignores {
        let _ = ignores.add_line(None, &anchored(pattern));
    }
    let ignores = ignores.build().ok().filter(|set| !set.is_empty());

    let collection = if config.post_globs.is_empty() {
        None
    } else {
        let mut builder = GitignoreBuilder::new(root);
        for glob in &config.post_globs {
            builder
                .add_line(None, &anchored(glob))
                .map_err(|e| SiteError::new(marker.unwrap_or(root), None, format!("`{glob}` is not a glob: {e}")))?;
        }
        builder.build().ok()
    };

    let data = read_directory_data(root, &input, &skip)?;
    let mut post_tags: Vec<String> = rules::POST_TAGS.iter().map(|t| t.to_string()).collect();
    if let Some(name) =
        config.feed.as_ref().and_then(|f| f.get("collection")).and_then(|c| c.get("name")).and_then(JsValue::as_str)
    {
        if !post_tags.iter().any(|t| t == name) {
            post_tags.push(name.to_string());
        }
    }
    let rules = EleventyRules {
        input,
        skip,
        ignores,
        collection,
        collection_globs: config.post_globs,
        tagged_folders: data.iter().any(|(key, d)| key.ends_with('/') && d.is_tagged(&post_tags)),
        post_tags,
        data,
        path_prefix: config.path_prefix,
    };
    Ok(Detected {
        generator: Generator::Eleventy,
        marker: marker.map(Path::to_path_buf),
        settings,
        rules: Arc::new(rules),
    })
}

/// What the config file says, where it says it literally.
#[derive(Debug, Default, PartialEq)]
struct ConfigFacts {
    input: Option<String>,
    output: Option<String>,
    data: Option<String>,
    includes: Option<String>,
    layouts: Option<String>,
    path_prefix: Option<String>,
    ignores: Vec<String>,
    /// Globs of `addCollection("posts", ... getFilteredByGlob("..."))`.
    post_globs: Vec<String>,
    /// The options of `addPlugin(feedPlugin, { ... })` (Eleventy's RSS plugin).
    feed: Option<JsValue>,
}

fn read_config(path: &Path, text: &str) -> Result<ConfigFacts, SiteError> {
    let text = &js::without_comments(text);
    let mut facts = ConfigFacts::default();
    let bad =
        |e: js::JsError| SiteError::new(path, Some(e.line(text)), format!("cannot read this config: {}", e.message));
    if let Some(dir) = keyed_object(text, "dir").map_err(bad)? {
        let get = |key: &str| dir.get(key).and_then(JsValue::as_str).map(str::to_string);
        facts.input = get("input");
        facts.output = get("output");
        facts.data = get("data");
        facts.includes = get("includes");
        facts.layouts = get("layouts");
    }
    let last = |callee: &str| js::string_calls(text, callee).pop();
    facts.input = last("setInputDirectory(").or(facts.input);
    facts.output = last("setOutputDirectory(").or(facts.output);
    facts.data = last("setDataDirectory(").or(facts.data);
    facts.includes = last("setIncludesDirectory(").or(facts.includes);
    facts.layouts = last("setLayoutsDirectory(").or(facts.layouts);
    facts.path_prefix = keyed_string(text, "pathPrefix");
    facts.ignores = js::string_calls(text, "ignores.add(");
    // addPlugin(feedPlugin, { collection: { name: "posts" }, metadata: { base: "https://..." } })
    for (at, _) in text.match_indices("addPlugin(") {
        let call = &text[at..];
        let Some(comma) = call.find([',', ')']).filter(|&c| call[c..].starts_with(',')) else { continue };
        let options = js::object_after(&call[comma..], ",").map_err(|mut e| {
            e.offset += at + comma;
            bad(e)
        })?;
        if let Some(options) = options.filter(|o| o.get("collection").is_some() || o.get("metadata").is_some()) {
            facts.feed = Some(options);
            break;
        }
    }
    // addCollection("posts", (api) => api.getFilteredByGlob("src/posts/*.md"))
    let calls: Vec<usize> = text.match_indices("addCollection(").map(|(at, _)| at).collect();
    for (i, &at) in calls.iter().enumerate() {
        let end = calls.get(i + 1).copied().unwrap_or(text.len());
        let call = &text[at..end];
        let Some(name) = js::string_calls(call, "addCollection(").into_iter().next() else { continue };
        if POST_COLLECTIONS.contains(&name.as_str()) {
            for glob_at in call.match_indices("getFilteredByGlob(").map(|(g, _)| g + "getFilteredByGlob(".len()) {
                let args = &call[glob_at..];
                let args = &args[..args.find(')').unwrap_or(args.len())];
                facts.post_globs.extend(quoted_strings(args));
            }
        }
    }
    Ok(facts)
}

/// The object literal written as `key: { ... }` (or `"key": {`).
fn keyed_object(text: &str, key: &str) -> Result<Option<JsValue>, js::JsError> {
    for needle in [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")] {
        for (at, _) in text.match_indices(&needle) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
                continue;
            }
            let found = js::object_after(&text[at..], &needle).map_err(|mut e| {
                e.offset += at;
                e
            })?;
            if let Some(value) = found {
                return Ok(Some(value));
            }
        }
    }
    Ok(None)
}

/// A string written as `key: "value"` anywhere in the file.
fn keyed_string(text: &str, key: &str) -> Option<String> {
    let needle = format!("{key}:");
    text.match_indices(&needle).find_map(|(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        quoted_strings(text[at + needle.len()..].trim_start().lines().next()?).into_iter().next()
    })
}

/// The quoted strings in a short piece of code: `["a/*.md", 'b']` gives both.
fn quoted_strings(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(open) = rest.find(['"', '\'', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let body = &rest[open + 1..];
        let Some(close) = body.find(quote) else { break };
        found.push(body[..close].to_string());
        rest = &body[close + 1..];
    }
    found
}

/// A glob from the project root in `.gitignore` terms: `./posts/*.md` → `/posts/*.md`.
fn anchored(glob: &str) -> String {
    let glob = glob.trim();
    let glob = glob.strip_prefix("./").unwrap_or(glob);
    if glob.starts_with('/') || glob.starts_with("**") {
        glob.to_string()
    } else {
        format!("/{glob}")
    }
}

/// The site URL with Eleventy's `pathPrefix` under it, unless already there.
fn with_path_prefix(url: &str, prefix: &str) -> String {
    let prefix = prefix.trim_matches('/');
    let base = url.trim_end_matches('/');
    if prefix.is_empty() || base.ends_with(&format!("/{prefix}")) {
        return format!("{base}/");
    }
    format!("{base}/{prefix}/")
}

/// The site's URL, title, description and language from `_data/site.*` or
/// `_data/metadata.*` (the names Eleventy's starters use).
fn read_global_data(root: &Path, data_dir: &str, settings: &mut SiteSettings) -> Result<(), SiteError> {
    let names = ["site", "metadata", "meta"];
    for name in names {
        for ext in ["json", "js", "mjs", "cjs"] {
            let path = root.join(data_dir).join(format!("{name}.{ext}"));
            if !path.is_file() {
                continue;
            }
            let text = read_config_text(&path)?;
            let Some(data) = read_data_text(&path, &text)? else { continue };
            let first =
                |keys: &[&str]| keys.iter().find_map(|k| data.get(k).and_then(JsValue::as_str).map(str::to_string));
            let mut take = |field: &mut Option<String>, label: &'static str, keys: &[&str]| {
                if field.is_none() {
                    if let Some(value) = first(keys).filter(|v| !v.trim().is_empty()) {
                        *field = Some(value);
                        settings.sources.push((label, path.clone()));
                    }
                }
            };
            let (mut url, mut title, mut description, mut language) =
                (settings.url.take(), settings.title.take(), settings.description.take(), settings.language.take());
            take(&mut url, "url", &["url", "baseUrl", "baseURL", "base_url", "siteUrl", "site_url"]);
            take(&mut title, "title", &["title", "name"]);
            take(&mut description, "description", &["description", "subtitle", "tagline"]);
            take(&mut language, "language", &["language", "lang", "locale"]);
            (settings.url, settings.title, settings.description, settings.language) =
                (url, title, description, language);
        }
    }
    Ok(())
}

/// The feed plugin's `metadata` fills what the global data files did not give.
fn feed_metadata(path: &Path, metadata: &JsValue, settings: &mut SiteSettings) {
    let text = |key: &str| metadata.get(key).and_then(JsValue::as_str).map(str::to_string);
    for (label, key, field) in [
        ("url", "base", &mut settings.url),
        ("title", "title", &mut settings.title),
        ("description", "subtitle", &mut settings.description),
        ("language", "language", &mut settings.language),
    ] {
        if field.is_none() {
            if let Some(value) = text(key) {
                *field = Some(value);
                settings.sources.push((label, path.to_path_buf()));
            }
        }
    }
}

/// A data file as an object: JSON, or a JavaScript file whose exported
/// object is written literally. `Ok(None)` when it exports something else.
fn read_data_text(path: &Path, text: &str) -> Result<Option<JsValue>, SiteError> {
    let is_json = path.extension().is_some_and(|e| e == "json");
    if is_json {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| SiteError::new(path, Some(e.line()), format!("this JSON data file cannot be read: {e}")))?;
        return Ok(Some(from_json(&value)));
    }
    let bad =
        |e: js::JsError| SiteError::new(path, Some(e.line(text)), format!("cannot read this data file: {}", e.message));
    for needle in ["export default", "module.exports ="] {
        if let Some(value) = js::object_after(text, needle).map_err(bad)? {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

fn from_json(value: &serde_json::Value) -> JsValue {
    use serde_json::Value;
    match value {
        Value::String(s) => JsValue::Str(s.clone()),
        Value::Bool(b) => JsValue::Bool(*b),
        Value::Number(n) => JsValue::Number(n.to_string()),
        Value::Array(items) => JsValue::List(items.iter().map(from_json).collect()),
        Value::Object(map) => JsValue::Object(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
        Value::Null => JsValue::Code("null".to_string()),
    }
}

/// Directory data files (`blog/blog.11tydata.json`, `blog/blog.json`) and
/// template data files (`blog/post.11tydata.json`, `blog/post.json`) under the input folder, by the folder or
/// file stem they apply to, from the site root.
fn read_directory_data(root: &Path, input: &str, skip: &[String]) -> Result<BTreeMap<String, DataFile>, SiteError> {
    let mut found = BTreeMap::new();
    let mut stack = vec![input.to_string()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else { continue };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                if !name.starts_with('.') && name != "node_modules" && !skip.contains(&rel) {
                    stack.push(rel);
                }
                continue;
            }
            let folder = dir.rsplit('/').next().unwrap_or(&dir);
            // `blog/blog.11tydata.js`, or a plain `blog/blog.json` (also a
            // data file to Eleventy), and the same beside one template.
            let (stem, _) = match name.split_once(".11tydata.") {
                Some((stem, ext)) if ["json", "js", "mjs", "cjs"].contains(&ext) => (stem, ext),
                Some(_) => continue,
                None => match name.strip_suffix(".json") {
                    Some(stem) if stem == folder || root.join(&dir).join(format!("{stem}.md")).is_file() => {
                        (stem, "json")
                    }
                    _ => continue,
                },
            };
            let path = root.join(&rel);
            let text = read_config_text(&path)?;
            let path_is_dir = stem == folder;
            // A folder's key ends with `/`; a template's is its path without `.md`.
            let applies_to = match (path_is_dir, dir.is_empty()) {
                (true, _) => format!("{dir}/"),
                (false, true) => stem.to_string(),
                (false, false) => format!("{dir}/{stem}"),
            };
            let data = match read_data_text(&path, &text)? {
                Some(value) => DataFile::from_value(&value, &rel),
                // An exported function: nothing can be known without running it.
                None => DataFile::default(),
            };
            found.entry(applies_to).or_insert_with(DataFile::default).merge(data);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests;
