//! Reading feedcard.yaml itself: the regular-file and size checks every
//! input gets, and YAML that would expand past any sensible size.

use super::ConfigError;
use crate::input_file::{read_regular, ReadError, MAX_CONFIG_BYTES};
use std::path::Path;

/// The text of the config file at `path`.
pub(super) fn read_config_text(path: &Path) -> Result<String, ConfigError> {
    let bytes = read_regular(path, MAX_CONFIG_BYTES).map_err(|problem| {
        let help = match &problem {
            ReadError::NotRegular(_) => "pass a feedcard.yaml file with -c, or remove this one",
            ReadError::TooLarge { .. } => "a feedcard.yaml is a few hundred bytes; check that -c names the right file",
            ReadError::Io(_) if problem.is_missing() => "check the path given with -c",
            ReadError::Io(_) => "check that its permissions let feedcard read it",
        };
        ConfigError::in_file(path, None, format!("the config file {problem} ({help})"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        ConfigError::in_file(
            path,
            None,
            format!(
                "the config file is not UTF-8 text (byte {} is not valid); save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// serde_yaml stops an alias bomb ("billion laughs") when it expands it, but
/// inside an untagged value (`tags_from`, `aliases`) its error is replaced by
/// "did not match any variant of untagged enum OneOrMany". Expanding the
/// document on its own first gives the real reason.
pub(super) fn check_expansion(path: &Path, text: &str) -> Result<(), ConfigError> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(e) if e.to_string().contains("repetition limit") || e.to_string().contains("recursion limit") => {
            Err(ConfigError::in_file(
                path,
                e.location().map(|l| l.line()),
                "the config expands to too much: it repeats aliases (`*name`) or nests too deeply \
                 (write the values out; a feedcard.yaml needs no aliases)",
            ))
        }
        _ => Ok(()),
    }
}

/// The line of each key directly under a top-level `section:` written in
/// block style, and of the section itself (key ""). serde_yaml reports no
/// place for a value that parsed but was then found wrong; this finds it.
pub(super) fn section_key_lines(text: &str, section: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut indent = None;
    for (i, line) in text.lines().enumerate() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let depth = line.len() - content.len();
        if depth == 0 {
            inside = key_of(content) == Some(section);
            if inside {
                out.push((String::new(), i + 1));
                indent = None;
            }
            continue;
        }
        if !inside {
            continue;
        }
        // Keys of the section are those at its first indentation.
        if *indent.get_or_insert(depth) == depth {
            if let Some(key) = key_of(content) {
                out.push((key.to_string(), i + 1));
            }
        }
    }
    out
}

/// `key` of a `key: value` line.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(char::is_whitespace)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::section_key_lines;

    #[test]
    fn keys_of_a_section_are_found_at_their_lines() {
        let text =
            "site:\n  url: x\ncard:\n  # colours\n  theme: light\n  tags:\n    max: 3\n  accent: '#fff'\nfeeds: {}\n";
        let lines = section_key_lines(text, "card");
        let names: Vec<(&str, usize)> = lines.iter().map(|(k, l)| (k.as_str(), *l)).collect();
        assert_eq!(names, [("", 3), ("theme", 5), ("tags", 6), ("accent", 8)]);
    }
}
