//! The front matter nearly every post has, read without serde_yaml: one
//! `key: value` a line, each value a quoted string, a plain string or a
//! flow list of them. Setting up serde_yaml's parser cost more than the rest
//! of reading a post. Anything this does not recognise for certain, it
//! leaves to serde_yaml (`None`), which gives the same value (tested against
//! it), so a post reads the same either way.

use serde_yaml::{Mapping, Value};

/// The map and each key's line (1-based), as serde_yaml and `key_lines`
/// would give them; `None` for anything beyond the simple form.
pub(super) fn parse(yaml: &str) -> Option<(Value, Vec<(String, usize)>)> {
    if !yaml.chars().all(printable) {
        return None;
    }
    let mut mapping = Mapping::new();
    let mut key_lines = Vec::new();
    for (index, line) in yaml.split('\n').enumerate() {
        if line.trim_start_matches(' ').is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        if !is_simple_key(key) {
            return None;
        }
        let value = value.trim_matches(' ');
        let value = match value.as_bytes().first()? {
            b'[' => Value::Sequence(flow_list(value.strip_prefix('[')?.strip_suffix(']')?)?),
            _ => Value::String(scalar(value)?),
        };
        // A repeated key is serde_yaml's error to report.
        if mapping.insert(Value::String(key.to_string()), value).is_some() {
            return None;
        }
        key_lines.push((key.to_string(), index + 1));
    }
    // An empty document is null, not a map: serde_yaml's to say.
    (!mapping.is_empty()).then_some((Value::Mapping(mapping), key_lines))
}

/// Characters YAML reads as they are: no control characters, and none of
/// the line breaks YAML 1.1 adds (NEL, LS, PS) or a BOM.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `title`, `og_image`, `last-updated`: a key that is a string however read.
fn is_simple_key(key: &str) -> bool {
    // libyaml gives up on an implicit key past 1,024 characters.
    if key.len() > 1024 {
        return false;
    }
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && surely_text(key)
}

/// A quoted or plain scalar that is a string.
fn scalar(value: &str) -> Option<String> {
    if let Some(inner) = value.strip_prefix('"') {
        // No escapes: a backslash or an inner quote goes to serde_yaml.
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then(|| inner.to_string());
    }
    if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        // `''` is a quote; a lone one ends the string early.
        return (!inner.replace("''", "").contains('\'')).then(|| inner.replace("''", "'"));
    }
    plain(value).then(|| value.to_string())
}

/// A plain scalar that is a string in any context: it starts with no
/// indicator, holds no comment, `: `, tab, bracket or brace, and is not a
/// null, a boolean or a number.
fn plain(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return false };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !value.contains(" #")
        && !value.contains(": ")
        && !value.ends_with(':')
        && !value.contains(['\t', '[', ']', '{', '}'])
        && surely_text(value)
}

/// Not read as null, a boolean or a number by serde_yaml's rules (which
/// Rust's float parser, plus the `0x`, `0o`, `0b` forms, covers).
fn surely_text(text: &str) -> bool {
    let special = ["null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"];
    let radix = ["0x", "0o", "0b", "+0x", "+0o", "+0b", "-0x", "-0o", "-0b"];
    !special.contains(&text)
        && !radix.iter().any(|prefix| text.starts_with(prefix))
        && !text.starts_with('.')
        // `+.inf` is a float to serde_yaml, which Rust's parser does not read.
        && !text.starts_with("+.")
        && text.parse::<f64>().is_err()
}

/// `"a", "b"` or `a, b` between the brackets; `[]` is empty.
fn flow_list(inner: &str) -> Option<Vec<Value>> {
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_matches(' ');
            match item.as_bytes().first()? {
                b'"' | b'\'' => scalar(item).map(Value::String),
                // `a:b` in a list is a map to some YAML readers.
                _ => (plain(item) && !item.contains(':')).then(|| Value::String(item.to_string())),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yaml_value(yaml: &str) -> Option<Value> {
        serde_yaml::from_str(yaml).ok()
    }

    #[test]
    fn the_common_front_matter_is_read_as_serde_yaml_reads_it() {
        let yaml = "date: 2024-11-02 08:14:09.402117\ntitle: \"A maintainer's notes — 日本語 🚀\"\n\
                    link: https://example.org/essays/why/\ntags: [\"oss\", \"process\"]\n\
                    description: 'It''s short, and: fine'\n\n# a comment\nlang: en-GB\ncategories: [a b, c]\n";
        let (value, lines) = parse(yaml).expect("the simple form");
        assert_eq!(Some(value), yaml_value(yaml));
        let keys: Vec<(&str, usize)> = lines.iter().map(|(k, l)| (k.as_str(), *l)).collect();
        assert_eq!(
            keys,
            [("date", 1), ("title", 2), ("link", 3), ("tags", 4), ("description", 5), ("lang", 8), ("categories", 9)]
        );
    }

    #[test]
    fn anything_else_is_left_to_serde_yaml() {
        for yaml in [
            "",
            "draft: true\n",
            "weight: 10\n",
            "rating: 1.5\n",
            "hex: 0x1F\n",
            "nan: .nan\n",
            "empty:\n",
            "title: a # comment\n",
            "title: \"a \\\"b\\\"\"\n",
            "title: !custom x\n",
            "tags:\n  - a\n",
            "tags: [a, , b]\n",
            "tags: [1, 2]\n",
            "title: A\ntitle: B\n",
            "<<: *base\n",
            "title: &a x\n",
            "title: a: b\n",
            "title: 'it's'\n",
            "title: a\tb\n",
            "title: a\u{85}b\n",
            "true: x\n",
            "title: ~\n",
            "title: [a, [b]]\n",
            "title: {a: b}\n",
            "tags: [a:b]\n",
            "rating: +.inf\n",
            &format!("{}: x\n", "k".repeat(1100)),
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    /// Lines made of pieces that sit near the edges of the simple form.
    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec!["title", "date", "Tags", "_x", "a-b", "true", "null", "inf", "1", "k"]);
        let piece = prop::sample::select(vec![
            "a",
            "word",
            " ",
            "  ",
            ",",
            ", ",
            ":",
            ": ",
            "#",
            " #",
            "'",
            "''",
            "\"",
            "\\",
            "[",
            "]",
            "{",
            "}",
            "-",
            "- ",
            "!",
            "&",
            "*",
            "?",
            "|",
            ">",
            "%",
            "@",
            "`",
            "0x1",
            "0o7",
            "0b1",
            "1",
            "1.5",
            "1e3",
            ".5",
            "+",
            "~",
            "null",
            "true",
            "False",
            "inf",
            "nan",
            "é",
            "日本",
            "🚀",
            "\t",
            "2024-01-01",
            "10:30",
            ".inf",
            "+.inf",
        ]);
        (key, prop::sample::select(vec![": ", ":", " : ", ":  "]), prop::collection::vec(piece, 0..6))
            .prop_map(|(key, colon, pieces)| format!("{key}{colon}{}", pieces.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_serde_yaml_whenever_it_answers(lines in prop::collection::vec(line(), 1..4)) {
            let yaml = lines.join("\n") + "\n";
            if let Some((value, _)) = parse(&yaml) {
                prop_assert_eq!(Some(value), yaml_value(&yaml), "{:?}", yaml);
            }
        }
    }
}
