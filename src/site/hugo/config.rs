//! Hugo's configuration: `hugo.toml` (or `.yaml`, `.yml`, `.json`; or the
//! older `config.*`), merged with the files of `config/_default/` and
//! `config/production/` (what `hugo` builds with). Keys are
//! case-insensitive in Hugo, so every key is lowercased here.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

use crate::site::{read_config_text, SiteError};

const EXTENSIONS: [&str; 4] = ["toml", "yaml", "yml", "json"];

/// The config file Hugo reads at the site root: the first of `hugo.*`,
/// then `config.*`.
pub fn main_file(root: &Path) -> Option<PathBuf> {
    ["hugo", "config"]
        .iter()
        .flat_map(|name| EXTENSIONS.iter().map(move |ext| root.join(format!("{name}.{ext}"))))
        .find(|path| path.is_file())
}

/// The root file of a config folder (`config/_default/hugo.toml`).
pub fn dir_root_file(root: &Path) -> Option<PathBuf> {
    main_file(&root.join("config").join("_default"))
}

/// Whether `text` sets `baseURL` (any case) at its top level: what tells a
/// Hugo `config.toml` from a Zola one (`base_url`).
pub fn mentions_base_url(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches(['"', '\'']);
        let lower = line.get(..7).map(str::to_ascii_lowercase);
        lower.as_deref() == Some("baseurl") && {
            let rest = line[7..].trim_start_matches(['"', '\'']).trim_start();
            rest.starts_with('=') || rest.starts_with(':')
        }
    })
}

/// The merged settings, with every file read, in order.
#[derive(Debug, Default)]
pub struct Tree {
    pub root: Map<String, Value>,
    /// Each file read, with what it set (placed as in `root`).
    pub files: Vec<(PathBuf, Map<String, Value>)>,
}

impl Tree {
    /// Reads `main` (when there is one) and the config folder over it.
    pub fn load(site: &Path, main: Option<&Path>) -> Result<Tree, SiteError> {
        let mut tree = Tree::default();
        if let Some(main) = main {
            tree.add(main, None)?;
        }
        for env in ["_default", "production"] {
            let dir = site.join("config").join(env);
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            files.sort();
            // The root file first, so that `params.toml` lands over its `[params]`.
            files.sort_by_key(|path| !is_root_name(path));
            for path in files {
                let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
                let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
                // `menus.en.toml` and the like belong to one language: not read.
                if !EXTENSIONS.contains(&ext) || stem.contains('.') || Some(path.as_path()) == main {
                    continue;
                }
                let key = (!is_root_name(&path)).then(|| stem.to_lowercase());
                tree.add(&path, key.as_deref())?;
            }
        }
        Ok(tree)
    }

    fn add(&mut self, path: &Path, under: Option<&str>) -> Result<(), SiteError> {
        let text = read_config_text(path)?;
        let value = parse(path, &text)?;
        let Value::Object(map) = value else {
            return Err(SiteError::new(path, Some(1), "this Hugo config file does not hold a map of settings"));
        };
        let map = match under {
            None => map,
            Some(key) => Map::from_iter([(key.to_string(), Value::Object(map))]),
        };
        merge(&mut self.root, map.clone());
        self.files.push((path.to_path_buf(), map));
        Ok(())
    }

    /// The file that set the value at `path` (the last one read).
    pub fn origin(&self, path: &[&str]) -> Option<&Path> {
        self.files.iter().rev().find(|(_, map)| lookup(map, path).is_some()).map(|(file, _)| file.as_path())
    }

    /// The value at `path` (lowercase keys).
    pub fn get(&self, path: &[&str]) -> Option<&Value> {
        lookup(&self.root, path)
    }

    pub fn text(&self, path: &[&str]) -> Option<String> {
        text_of(self.get(path)?)
    }

    /// Hugo's `cast.ToBool` for the values people write.
    pub fn flag(&self, path: &[&str]) -> Option<bool> {
        flag_of(self.get(path)?)
    }

    /// A list of strings, or one string as a list of one.
    pub fn list(&self, path: &[&str]) -> Option<Vec<String>> {
        match self.get(path)? {
            Value::Array(items) => Some(items.iter().filter_map(text_of).collect()),
            other => text_of(other).map(|one| vec![one]),
        }
    }
}

fn lookup<'a>(map: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut value = map.get(*first)?;
    for key in rest {
        value = value.as_object()?.get(*key)?;
    }
    Some(value)
}

fn is_root_name(path: &Path) -> bool {
    matches!(path.file_stem().and_then(|s| s.to_str()), Some("hugo" | "config"))
}

pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn flag_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_f64().is_some_and(|n| n != 0.0)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Some(true),
            "false" | "f" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Maps merge key by key; anything else is replaced.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// Parses one config file by its extension, keys lowercased.
pub fn parse(path: &Path, text: &str) -> Result<Value, SiteError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let broken = |line: Option<usize>, message: String| {
        SiteError::new(
            path,
            line,
            format!("this Hugo config file cannot be read: {message}; fix it so that `hugo` builds"),
        )
    };
    let value = match ext.as_str() {
        "toml" => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
                broken(line, e.message().to_string())
            })?;
            from_toml(toml::Value::Table(table))
        }
        "yaml" | "yml" => {
            if text.trim().is_empty() {
                return Ok(Value::Object(Map::new()));
            }
            let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
                let line = e.location().map(|l| l.line());
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                broken(line, message)
            })?;
            from_yaml(yaml)
        }
        _ => {
            let json: Value = serde_json::from_str(text).map_err(|e| broken(Some(e.line()), e.to_string()))?;
            lowercase_keys(json)
        }
    };
    Ok(value)
}

fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k.to_lowercase(), lowercase_keys(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k.to_lowercase(), from_toml(v))).collect())
        }
    }
}

fn from_yaml(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            n.as_i64().map(Value::from).or_else(|| n.as_f64().map(Value::from)).unwrap_or(Value::Null)
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(items.into_iter().map(from_yaml).collect()),
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        serde_yaml::Value::String(s) => s,
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key.to_lowercase(), from_yaml(v)))
                })
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => from_yaml(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_marks_a_hugo_config() {
        assert!(mentions_base_url("title = 'x'\nbaseURL = 'https://e.org/'\n"));
        assert!(mentions_base_url("BaseUrl: https://e.org/\n"));
        assert!(mentions_base_url("{\n  \"baseURL\": \"https://e.org/\"\n}"));
        assert!(!mentions_base_url("base_url = \"https://e.org\"\n"));
        assert!(!mentions_base_url("baseURLs = 1\n"));
    }

    #[test]
    fn keys_are_lowercased_in_every_format() {
        let toml = parse(Path::new("hugo.toml"), "baseURL = 'u'\n[Params]\nmainSections = ['a']\n").unwrap();
        assert_eq!(toml["params"]["mainsections"][0], "a");
        let yaml = parse(Path::new("hugo.yaml"), "baseURL: u\nParams:\n  Description: d\n").unwrap();
        assert_eq!(yaml["params"]["description"], "d");
        let json = parse(Path::new("hugo.json"), "{\"BaseURL\": \"u\"}").unwrap();
        assert_eq!(json["baseurl"], "u");
    }

    #[test]
    fn broken_files_name_their_line() {
        let err = parse(Path::new("hugo.toml"), "title = 'x'\nbaseURL = \n").unwrap_err();
        assert_eq!(err.file, Path::new("hugo.toml"));
        assert_eq!(err.line, Some(2), "{err:?}");
        let err = parse(Path::new("hugo.yaml"), "title: x\nbaseURL: [\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
        let err = parse(Path::new("hugo.json"), "{\n\"a\": }").unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn merging_keeps_both_sides_of_a_map() {
        let mut root = Map::new();
        merge(&mut root, serde_json::from_str(r#"{"params": {"a": 1, "b": 2}, "title": "x"}"#).unwrap());
        merge(&mut root, serde_json::from_str(r#"{"params": {"b": 3}, "title": "y"}"#).unwrap());
        assert_eq!(Value::Object(root), serde_json::json!({"params": {"a": 1, "b": 3}, "title": "y"}));
    }
}
