//! From the bytes of a post to its front-matter keys (with line numbers) and
//! its Markdown body. YAML between `---` lines, TOML between `+++` lines, or
//! a JSON object, as Hugo and Zola allow: all three give the same `Fields`.

mod simple_yaml;
mod toml_json;
mod yaml_tags;

use serde_yaml::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use super::tags::scalar_text;
use crate::diagnostic::Diagnostic;

/// The text of a post split at its fences. Lines are counted in the file.
#[derive(Debug, PartialEq)]
pub(crate) struct Split<'a> {
    /// The front matter's text, without its fences.
    pub yaml: &'a str,
    /// File line of the first front-matter line (the line after the opening fence).
    pub yaml_line: usize,
    pub body: &'a str,
    pub format: Format,
}

/// How the front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Yaml,
    Toml,
    Json,
}

/// One front-matter key and its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The key as written (`Title`), for messages.
    pub key: String,
    pub value: Value,
    pub line: usize,
}

/// Front-matter keys by lowercase name.
pub(crate) type Fields = BTreeMap<String, Field>;

/// UTF-8 text with the BOM stripped and CRLF made LF. Binary files and other
/// encodings are errors that say what to do.
pub(crate) fn decode<'a>(file: &Path, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let line_at = |offset: usize| Some(bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1);
    // UTF-16 is full of NUL bytes but is text; say what to do about it.
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(
            Diagnostic::error(file, Some(1), "the file is UTF-16 text").with_help("save it as UTF-8 in your editor")
        );
    }
    // `contains` on bytes is a memchr; `position` looks at each byte in turn.
    if let Some(nul) = bytes.contains(&0).then(|| bytes.iter().position(|b| *b == 0)).flatten() {
        return Err(Diagnostic::error(
            file,
            line_at(nul),
            "this is a binary file, not a Markdown post (it contains NUL bytes)",
        )
        .with_help("move it out of the input folder or give it another extension"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            file,
            line_at(e.valid_up_to()),
            "the file is not UTF-8 text (perhaps Latin-1 or Windows-1252)",
        )
        .with_help("save it as UTF-8 in your editor")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // `contains(char)` is a memchr; most posts have no `\r` to search for.
    // Borrowed when there is nothing to change: no copy of every post.
    Ok(if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n")) } else { Cow::Borrowed(text) })
}

/// Splits at a `---` first line and the next `---` or `...` line, at a
/// `+++` first line and the next `+++` line (TOML), or after the JSON object
/// the file starts with. `Ok(None)` when the file has no front matter.
pub(crate) fn split<'a>(file: &Path, text: &'a str) -> Result<Option<Split<'a>>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else { return Ok(None) };
    let (format, closers, fence): (_, &[&str], _) = match first.trim_end() {
        "---" | "---yaml" | "---yml" => (Format::Yaml, &["---", "..."], "---"),
        "+++" => (Format::Toml, &["+++"], "+++"),
        // gray-matter's language after the fence (Eleventy documents `---json`).
        "---json" => (Format::Json, &["---"], "---"),
        "---toml" => (Format::Toml, &["---"], "---"),
        _ if first.starts_with('{') => return toml_json::split_json(file, text).map(Some),
        _ => return Ok(None),
    };
    let start = first.len();
    let mut offset = start;
    for line in lines {
        let end = offset + line.len();
        if closers.contains(&line.trim_end()) {
            return Ok(Some(Split { yaml: &text[start..offset], yaml_line: 2, body: &text[end..], format }));
        }
        offset = end;
    }
    Err(Diagnostic::error(file, Some(1), "the front matter opened here is never closed")
        .with_help(format!("end it with a line of `{fence}` before the post's text")))
}

/// Parses the YAML into keys. `Err` is YAML that cannot be read at all (at
/// serde_yaml's line and column, as a file line) or is not a map. A key
/// repeated in another case keeps its first value and comes back as an error
/// beside the keys, so the rest of the post can still be checked.
pub(crate) fn parse_fields(file: &Path, split: &Split<'_>) -> Result<(Fields, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file_line = |yaml_line: usize| yaml_line + split.yaml_line - 1;
    let (value, key_lines) = match split.format {
        Format::Yaml => {
            let (mut value, key_lines) = match simple_yaml::parse(split.yaml) {
                Some(simple) => simple,
                None => {
                    let key_lines = key_lines(split.yaml);
                    let value: Value = serde_yaml::from_str(split.yaml)
                        .map_err(|e| vec![yaml_error(file, &e, &key_lines, file_line)])?;
                    (value, key_lines)
                }
            };
            // Every tag starts with `!`; most front matter has none to look for.
            let tags = if split.yaml.contains('!') { yaml_tags::find_tags(split.yaml) } else { Vec::new() };
            if !tags.is_empty() {
                return Err(tags
                    .into_iter()
                    .map(|(line, tag)| {
                        Diagnostic::error(
                            file,
                            Some(file_line(line)),
                            format!("a YAML tag (`{tag}`) feedcard does not read; remove it"),
                        )
                        .with_help("write the value as plain text, a list or a map")
                    })
                    .collect());
            }
            // `<<: *defaults` (a merge key) copies a map's keys in, as Hugo's
            // and Jekyll's YAML readers do.
            value.apply_merge().map_err(|e| {
                let line = line_of(&key_lines, "<<", 1).map_or(split.yaml_line, file_line);
                vec![Diagnostic::error(file, Some(line), format!("the merge key `<<` cannot be applied: {e}"))
                    .with_help("merge a map, like `<<: *defaults` where `defaults` is a map of keys")]
            })?;
            (value, key_lines)
        }
        Format::Toml => toml_json::parse_toml(file, split.yaml, file_line).map_err(|d| vec![d])?,
        Format::Json => toml_json::parse_json(file, split.yaml, file_line).map_err(|d| vec![d])?,
    };
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        Value::Null => return Ok((Fields::new(), Vec::new())),
        other => {
            let what = describe(&other);
            return Err(vec![Diagnostic::error(
                file,
                Some(split.yaml_line),
                format!("the front matter is {what}, not a map of keys"),
            )
            .with_help("write one `key: value` per line, like `title: Hello`")]);
        }
    };

    let mut fields = Fields::new();
    let mut errors = Vec::new();
    for (key, value) in mapping {
        // Keys that are lists or maps cannot be anything feedcard reads.
        let Some(key) = scalar_text(&key) else { continue };
        // A key merged in by `<<` is reported on the line of the `<<`.
        let line = file_line(line_of(&key_lines, &key, 1).or_else(|| line_of(&key_lines, "<<", 1)).unwrap_or(1));
        let lower = key.to_lowercase();
        if let Some(first) = fields.get(&lower) {
            errors.push(
                Diagnostic::error(
                    file,
                    Some(line),
                    format!("`{key}` repeats `{}` from line {}", first.key, first.line),
                )
                .with_help("keys are case-insensitive; keep only one of them"),
            );
            continue;
        }
        fields.insert(lower, Field { key, value, line });
    }
    Ok((fields, errors))
}

/// "a list", "a map", "`text`": a value as a message shows it.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_string(),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a map".to_string(),
        Value::Tagged(_) => "a tagged value".to_string(),
        scalar => format!("`{}`", scalar_text(scalar).unwrap_or_default()),
    }
}

fn yaml_error(
    file: &Path,
    error: &serde_yaml::Error,
    key_lines: &[(String, usize)],
    file_line: impl Fn(usize) -> usize,
) -> Diagnostic {
    let message = strip_locations(&error.to_string());
    // serde_yaml points a repeated key at the start of the map; point at the repeat.
    let repeated = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .and_then(|key| line_of(key_lines, key, 2));
    let (line, column) = match (repeated, error.location()) {
        (Some(line), _) => (Some(file_line(line)), None),
        (None, Some(at)) => (Some(file_line(at.line())), Some(at.column())),
        (None, None) => (None, None),
    };
    let column = column.map(|c| format!(" at column {c}")).unwrap_or_default();
    Diagnostic::error(file, line, format!("the front matter is not valid YAML{column}: {message}")).with_help(
        "check indentation and quoting; put a value that contains `: ` or starts with `[`, `{`, `*`, `&`, `!` or `#` in quotes",
    )
}

/// serde_yaml appends ` at line L column C` (sometimes twice); the diagnostic
/// carries the location itself.
pub(super) fn strip_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let skip = after
            .find(" column ")
            .map(|c| c + " column ".len() + after[c + 8..].bytes().take_while(u8::is_ascii_digit).count())
            .unwrap_or(0);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// Where each top-level key of a block map is written: `(key, YAML line)`.
/// serde_yaml values carry no positions, and top-level keys start a line.
fn key_lines(yaml: &str) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            if line.starts_with(|c: char| c.is_whitespace() || matches!(c, '#' | '-' | '{' | '[')) {
                return None;
            }
            let key = match line.chars().next()? {
                quote @ ('"' | '\'') => line[1..].split(quote).next()?,
                _ => {
                    let colon = line.find(": ").or_else(|| line.strip_suffix(':').map(str::len))?;
                    line[..colon].trim_end()
                }
            };
            Some((key.to_string(), i + 1))
        })
        .collect()
}

/// The YAML line of the `nth` (1-based) time `key` is written.
fn line_of(key_lines: &[(String, usize)], key: &str, nth: usize) -> Option<usize> {
    key_lines.iter().filter(|(k, _)| k == key).nth(nth - 1).map(|(_, line)| *line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("posts/a.md")
    }

    fn split_text(text: &str) -> Option<(String, String)> {
        split(file(), text).unwrap().map(|s| (s.yaml.to_string(), s.body.to_string()))
    }

    /// The keys, or every error (fatal or not).
    fn fields(yaml: &str) -> Result<Fields, Vec<Diagnostic>> {
        match parse_fields(file(), &Split { yaml, yaml_line: 2, body: "", format: Format::Yaml })? {
            (fields, errors) if errors.is_empty() => Ok(fields),
            (_, errors) => Err(errors),
        }
    }

    #[test]
    fn fence_forms() {
        let expected = Some(("title: A\n".to_string(), "Body\n".to_string()));
        assert_eq!(split_text("---\ntitle: A\n---\nBody\n"), expected);
        assert_eq!(split_text("---\ntitle: A\n...\nBody\n"), expected);
        assert_eq!(split_text("---  \ntitle: A\n---\t\nBody\n"), expected);
        assert_eq!(split_text("---\n---\n"), Some((String::new(), String::new())));
        assert_eq!(split_text("---\ntitle: A\n---"), Some(("title: A\n".to_string(), String::new())));
        assert_eq!(split_text("---yaml\ntitle: A\n---\nBody\n"), expected);
    }

    #[test]
    fn a_language_after_the_fence_picks_the_format_as_eleventy_reads_it() {
        let text = "---json\n{\"title\": \"A\", \"tags\": [\"x\"]}\n---\nBody\n";
        let split = split(file(), text).unwrap().unwrap();
        assert_eq!(split.format, Format::Json);
        assert_eq!(split.body, "Body\n");
        let (fields, errors) = parse_fields(file(), &split).unwrap();
        assert!(errors.is_empty());
        assert_eq!(fields["title"].value, Value::String("A".into()));
        let split = super::split(file(), "---toml\ntitle = \"A\"\n---\nBody\n").unwrap().unwrap();
        assert_eq!(split.format, Format::Toml);
    }

    #[test]
    fn bom_and_crlf() {
        let text = decode(file(), "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\nmore\r\n".as_bytes()).unwrap();
        assert_eq!(text, "---\ntitle: A\n---\nBody\nmore\n");
        assert_eq!(split_text(&text), Some(("title: A\n".to_string(), "Body\nmore\n".to_string())));
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(split_text("# README\n\nSome text\n---\n"), None);
        assert_eq!(split_text(""), None);
        assert_eq!(split_text("----\ntitle: A\n----\n"), None);
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_fence() {
        let err = split(file(), "---\ntitle: A\n\nBody\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn binary_and_latin1_are_errors_with_lines() {
        let err = decode(file(), b"---\ntitle: A\x00\n").unwrap_err();
        assert!(err.message.contains("binary"), "{err}");
        assert_eq!(err.line, Some(2));
        let err = decode(file(), b"---\ntitle: A\n---\ncaf\xe9\n").unwrap_err();
        assert!(err.help.as_deref().unwrap_or("").contains("UTF-8"), "{err}");
        assert_eq!(err.line, Some(4));
        let err = decode(file(), &[0xff, 0xfe, b'-', 0]).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{err}");
    }

    #[test]
    fn keys_are_case_insensitive_and_carry_lines() {
        let fields = fields("Title: A\n\"date\": 2024-01-01\ntags:\n  - a\n").unwrap();
        assert_eq!(fields["title"].key, "Title");
        assert_eq!(fields["title"].line, 2);
        assert_eq!(fields["date"].line, 3);
        assert_eq!(fields["tags"].line, 4);
        assert_eq!(fields["date"].value, Value::String("2024-01-01".to_string()));
    }

    #[test]
    fn repeated_keys_are_errors_at_the_repeat() {
        let err = fields("title: A\ndate: 2024-01-01\nTitle: B\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, Some(4));
        assert!(err[0].message.contains("`Title` repeats `title`"), "{}", err[0]);
        let err = fields("title: A\ndate: 2024-01-01\ntitle: B\n").unwrap_err();
        assert_eq!(err[0].line, Some(4));
        assert!(err[0].message.contains("duplicate"), "{}", err[0]);
    }

    #[test]
    fn yaml_errors_are_at_file_lines() {
        let err = fields("title: A\ntags: [a, , b]\n").unwrap_err();
        assert_eq!(err[0].line, Some(3));
        assert!(err[0].message.contains("column"), "{}", err[0]);
        assert!(!err[0].message.contains("at line"), "{}", err[0]);
        let err = fields("title: a: b\n").unwrap_err();
        assert_eq!(err[0].line, Some(2));
    }

    #[test]
    fn front_matter_must_be_a_map() {
        for yaml in ["- a\n- b\n", "just text\n", "42\n"] {
            let err = fields(yaml).unwrap_err();
            assert!(err[0].message.contains("not a map"), "{}", err[0]);
            assert_eq!(err[0].line, Some(2));
        }
        assert!(fields("").unwrap().is_empty());
        assert!(fields("# only a comment\n").unwrap().is_empty());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_errors_not_hangs() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in "bcdefghij".chars().zip("abcdefghi".chars()) {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = fields(&bomb).unwrap_err();
        assert!(err[0].message.contains("repetition limit"), "{}", err[0]);

        let deep = format!("title: {}\n", "[".repeat(10_000));
        let err = fields(&deep).unwrap_err();
        assert!(err[0].message.contains("recursion limit"), "{}", err[0]);
    }
}
