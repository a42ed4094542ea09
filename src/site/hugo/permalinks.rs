//! `[permalinks]` read into rules: a pattern per section, per page kind, or
//! per glob over page paths (the `[[permalinks]]` list).

use globset::{GlobBuilder, GlobMatcher};
use serde_json::Value;

use super::pattern::Pattern;

/// Where a `[permalinks]` pattern applies.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// A section path (`posts`, `posts/tutorials`; `""` for the root):
    /// pages in it and below it.
    Section(String),
    /// The `[[permalinks]]` list form: a glob over the page's path.
    Glob(GlobMatcher),
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) target: Target,
    pub(super) pattern: Pattern,
}

/// `[permalinks]` as a map of sections (`posts = "..."`), as kinds
/// (`[permalinks.page] posts = "..."`), or as a `[[permalinks]]` list.
pub(super) fn permalink_rules(value: &Value) -> Result<Vec<Rule>, String> {
    let pattern = |text: &str| Pattern::parse(text);
    let section = |key: &str| Target::Section(key.trim_matches([' ', '/']).to_lowercase());
    let mut rules = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(text) => rules.push(Rule { target: section(key), pattern: pattern(text)? }),
                    Value::Object(kinds) if key == "page" => {
                        for (key, value) in kinds {
                            let text = value
                                .as_str()
                                .ok_or_else(|| format!("permalinks.page.{key} must be a text pattern"))?;
                            rules.push(Rule { target: section(key), pattern: pattern(text)? });
                        }
                    }
                    Value::Object(_) if ["home", "section", "taxonomy", "term"].contains(&key.as_str()) => {}
                    other => {
                        return Err(format!("permalinks: `{key}` is {other}, not a pattern like \"/:year/:slug/\""))
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                let text =
                    item.get("pattern").and_then(Value::as_str).ok_or("permalinks: each entry needs a `pattern`")?;
                let target = item.get("target");
                let kind = target.and_then(|t| t.get("kind")).and_then(Value::as_str).unwrap_or("*").to_lowercase();
                let environment = target.and_then(|t| t.get("environment")).and_then(Value::as_str);
                let glob = |text: &str| {
                    GlobBuilder::new(text)
                        .literal_separator(true)
                        .build()
                        .map(|g| g.compile_matcher())
                        .map_err(|e| format!("permalinks: `{text}` is not a glob ({e})"))
                };
                // Only page rules for `hugo` (production) builds matter here.
                if !glob(&kind)?.is_match("page")
                    || environment.is_some_and(|env| !glob(env).is_ok_and(|g| g.is_match("production")))
                {
                    pattern(text)?;
                    continue;
                }
                let path = target.and_then(|t| t.get("path")).and_then(Value::as_str).unwrap_or("/**").to_lowercase();
                rules.push(Rule { target: Target::Glob(glob(&path)?), pattern: pattern(text)? });
            }
        }
        other => return Err(format!("permalinks is {other}, not a map of sections to patterns")),
    }
    Ok(rules)
}
