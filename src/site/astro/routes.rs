//! The page routes that render a collection's entries, one per page: where
//! each collection's posts are published and how their ids become paths.

use std::path::Path;

use super::js;
use super::rules::Style;

/// A page route that renders a collection's entries one per page.
pub(super) struct Route {
    pub(super) collection: String,
    /// `/blog/`.
    pub(super) prefix: String,
    pub(super) style: Style,
}

/// `src/pages/**/[...slug].astro` and `[...slug]/index.astro` routes (any
/// parameter name) that call `getCollection("name")` and do not paginate.
pub(super) fn find_routes(root: &Path) -> Vec<Route> {
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
            let prefix = crate::site::join_url_path(&[&parts[..dynamic].join("/"), "/"]);
            routes.push(Route { collection, prefix, style });
        }
    }
    routes.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    routes
}
