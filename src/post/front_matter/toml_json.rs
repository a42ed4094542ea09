//! TOML (`+++`) and JSON (`{ ... }`) front matter, turned into the same
//! values YAML gives, with each top-level key's line for messages.

use serde_yaml::Value;
use std::path::Path;

use super::{strip_locations, Format, Split};
use crate::diagnostic::Diagnostic;

type Parsed = (Value, Vec<(String, usize)>);

/// A file that starts with `{`: the object runs to its matching `}`, and the
/// body starts on the line after it.
pub(super) fn split_json<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let end = at + 1;
                    let rest = &text[end..];
                    let body = rest.find('\n').map_or("", |newline| &rest[newline + 1..]);
                    return Ok(Split { yaml: &text[..end], yaml_line: 1, body, format: Format::Json });
                }
            }
            _ => {}
        }
    }
    Err(Diagnostic::error(file, Some(1), "the JSON front matter opened here is never closed")
        .with_help("end the object with a `}` before the post's text"))
}

pub(super) fn parse_toml(file: &Path, text: &str, file_line: impl Fn(usize) -> usize) -> Result<Parsed, Diagnostic> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        Diagnostic::error(
            file,
            line.map(&file_line),
            format!("the front matter is not valid TOML: {}", e.message().trim()),
        )
        .with_help("write one `key = value` per line, with text in quotes, like `title = \"Hello\"`")
    })?;
    let value = Value::Mapping(table.into_iter().map(|(k, v)| (Value::String(k), from_toml(v))).collect());
    Ok((value, toml_key_lines(text)))
}

pub(super) fn parse_json(file: &Path, text: &str, file_line: impl Fn(usize) -> usize) -> Result<Parsed, Diagnostic> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            file,
            Some(file_line(e.line().max(1))),
            format!("the front matter is not valid JSON: {}", strip_locations(&e.to_string())),
        )
        .with_help("check the quotes and commas; keys and text need double quotes")
    })?;
    let keys: Vec<String> = json.as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default();
    let value = serde_yaml::to_value(&json).map_err(|e| {
        Diagnostic::error(file, Some(file_line(1)), format!("the JSON front matter cannot be read: {e}"))
    })?;
    Ok((value, json_key_lines(text, &keys)))
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        // Dates are read from text, the way YAML's unquoted dates are.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Value::Mapping(table.into_iter().map(|(k, v)| (Value::String(k), from_toml(v))).collect())
        }
    }
}

/// Top-level keys: `key = ...` before the first `[table]`, and each table's name.
fn toml_key_lines(text: &str) -> Vec<(String, usize)> {
    let unquote = |key: &str| key.trim().trim_matches(['"', '\'']).to_string();
    let mut in_table = false;
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if let Some(header) = line.strip_prefix('[') {
            in_table = true;
            let name = header.trim_start_matches('[').split([']', '.']).next().unwrap_or("");
            keys.push((unquote(name), i + 1));
        } else if !in_table && !line.starts_with('#') {
            if let Some((key, _)) = line.split_once('=') {
                keys.push((unquote(key.split('.').next().unwrap_or(key)), i + 1));
            }
        }
    }
    keys
}

/// The first line each top-level key is written on, as `"key":`.
fn json_key_lines(text: &str, keys: &[String]) -> Vec<(String, usize)> {
    keys.iter()
        .filter_map(|key| {
            let quoted = format!("\"{key}\"");
            let line = text.lines().position(|line| {
                line.find(&quoted).is_some_and(|at| line[at + quoted.len()..].trim_start().starts_with(':'))
            })?;
            Some((key.clone(), line + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{parse_fields, split};
    use super::*;

    fn fields(text: &str) -> Result<(super::super::Fields, String), Vec<Diagnostic>> {
        let file = Path::new("content/a.md");
        let split = split(file, text).map_err(|d| vec![d])?.expect("front matter");
        let (fields, errors) = parse_fields(file, &split)?;
        assert!(errors.is_empty(), "{errors:?}");
        Ok((fields, split.body.to_string()))
    }

    #[test]
    fn toml_gives_the_same_fields_as_yaml() {
        let text = "+++\ntitle = \"Hello\"\ndate = 2024-03-02T10:00:00+01:00\ntags = [\"a\", \"b\"]\ndraft = false\n\n[taxonomies]\ncategories = [\"x\"]\n+++\nBody\n";
        let (fields, body) = fields(text).unwrap();
        assert_eq!(body, "Body\n");
        assert_eq!(fields["title"].value, Value::String("Hello".into()));
        assert_eq!(fields["title"].line, 2);
        assert_eq!(fields["date"].value, Value::String("2024-03-02T10:00:00+01:00".into()));
        assert_eq!(fields["date"].line, 3);
        assert_eq!(fields["draft"].value, Value::Bool(false));
        assert_eq!(fields["taxonomies"].line, 7);
        assert!(fields["tags"].value.is_sequence());
    }

    #[test]
    fn json_object_then_body() {
        let text = "{\n  \"title\": \"Hi {there}\",\n  \"date\": \"2024-03-03\",\n  \"tags\": [\"a\"]\n}\n\nBody\n";
        let (fields, body) = fields(text).unwrap();
        assert_eq!(body, "\nBody\n");
        assert_eq!(fields["title"].value, Value::String("Hi {there}".into()));
        assert_eq!(fields["date"].line, 3);
    }

    #[test]
    fn bad_toml_and_json_name_the_line() {
        let err = fields("+++\ntitle = \"T\"\ndate = = 2\n+++\n").unwrap_err();
        assert_eq!(err[0].line, Some(3), "{}", err[0]);
        assert!(err[0].message.contains("TOML"), "{}", err[0]);
        let err = fields("{\n  \"title\": \"T\",\n  \"date\" \"x\"\n}\n").unwrap_err();
        assert_eq!(err[0].line, Some(3), "{}", err[0]);
        assert!(err[0].message.contains("JSON"), "{}", err[0]);
        let err = split(Path::new("a.md"), "+++\ntitle = \"T\"\n").unwrap_err();
        assert!(err.help.as_deref().unwrap_or("").contains("+++"), "{err}");
        let err = split(Path::new("a.md"), "{ \"title\": \"T\"\n").unwrap_err();
        assert!(err.message.contains("JSON"), "{err}");
    }
}
