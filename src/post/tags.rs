//! `tags:` and `categories:` in every shape posts use them.

use serde_yaml::Value;
use std::collections::HashSet;

/// Adds the tags in `value` to `tags`: a list (flow or block), a
/// comma-separated string, a number, or nothing. Items are trimmed, empty ones
/// dropped, and a tag already present in another case is skipped, so the
/// first spelling wins. `Err` describes what is not a tag.
pub(crate) fn collect_tags(value: &Value, tags: &mut Vec<String>) -> Result<(), String> {
    collect_tags_split(value, tags, false)
}

/// [`collect_tags`], splitting a string at white space too when `at_spaces`.
pub(crate) fn collect_tags_split(value: &Value, tags: &mut Vec<String>, at_spaces: bool) -> Result<(), String> {
    // A set of the lowercased tags so far: comparing each new tag with every
    // earlier one made 40,000 tags take minutes.
    let mut seen: HashSet<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    let mut push = |tag: &str| push_tag(tags, &mut seen, tag);
    match value {
        Value::Null => Ok(()),
        Value::String(text) if at_spaces => {
            text.split(|c: char| c == ',' || c.is_whitespace()).for_each(push);
            Ok(())
        }
        Value::String(text) => {
            text.split(',').for_each(push);
            Ok(())
        }
        Value::Number(_) | Value::Bool(_) => {
            push(&scalar_text(value).unwrap_or_default());
            Ok(())
        }
        Value::Sequence(items) => {
            for item in items {
                match scalar_text(item) {
                    Some(tag) => push(&tag),
                    None if item.is_null() => {}
                    None => return Err("an item is itself a list or a map; write one tag per item".to_string()),
                }
            }
            Ok(())
        }
        Value::Mapping(_) | Value::Tagged(_) => {
            Err("is a map; write a list like `[rust, web]` or a comma-separated string".to_string())
        }
    }
}

/// A string, number or bool as text (`[2025]` is a tag named `2025`).
/// Control characters other than tab and line ends are dropped here, so no
/// output (XML, JSON, the manifest, a terminal) ever receives them.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let unwanted = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            // Almost every value has none: copy it whole.
            Some(if s.contains(unwanted) { s.chars().filter(|c| !unwanted(*c)).collect() } else { s.clone() })
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn push_tag(tags: &mut Vec<String>, seen: &mut HashSet<String>, tag: &str) {
    let tag = tag.trim();
    if !tag.is_empty() && seen.insert(tag.to_lowercase()) {
        tags.push(tag.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(yaml: &str) -> Result<Vec<String>, String> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut tags = Vec::new();
        collect_tags(&value, &mut tags).map(|()| tags)
    }

    #[test]
    fn every_shape() {
        assert_eq!(tags(r#"["oss", "process"]"#).unwrap(), ["oss", "process"]);
        assert_eq!(tags("- oss\n- process\n").unwrap(), ["oss", "process"]);
        assert_eq!(tags("oss, process ,  ,web").unwrap(), ["oss", "process", "web"]);
        assert_eq!(tags("[2025, 3.5, true]").unwrap(), ["2025", "3.5", "true"]);
        assert_eq!(tags("2025").unwrap(), ["2025"]);
        assert_eq!(tags("null").unwrap(), Vec::<String>::new());
        assert_eq!(tags("- a\n-\n- ''\n- '  b '\n").unwrap(), ["a", "b"]);
        assert_eq!(tags("[a, b, ]").unwrap(), ["a", "b"]);
    }

    #[test]
    fn duplicates_keep_the_first_spelling() {
        assert_eq!(tags("[Rust, rust, RUST, Web, web]").unwrap(), ["Rust", "Web"]);
        assert_eq!(tags("[Ärger, ärger]").unwrap(), ["Ärger"]);
    }

    /// Linear, not quadratic: 50,000 distinct tags (and as many repeats in
    /// another case) take well under a second here, and took many minutes
    /// when each was compared with every other. No clock is read: a
    /// quadratic version shows as a test that never ends.
    #[test]
    fn many_tags_are_collected_in_linear_time() {
        let items: Vec<Value> = (0..50_000).map(|n| Value::String(format!("Tag{n}"))).collect();
        let repeats: Vec<Value> = (0..50_000).map(|n| Value::String(format!("TAG{n}"))).collect();
        let mut tags = Vec::new();
        collect_tags(&Value::Sequence(items), &mut tags).unwrap();
        collect_tags(&Value::Sequence(repeats), &mut tags).unwrap();
        assert_eq!(tags.len(), 50_000);
        assert_eq!(tags[49_999], "Tag49999");
    }

    #[test]
    fn maps_and_nested_lists_are_errors() {
        assert!(tags("{a: 1}").unwrap_err().contains("map"));
        assert!(tags("[[a, b]]").unwrap_err().contains("list"));
    }
}
