//! Finding a field: its built-in keys and the user's aliases, the first
//! present one winning (the others warned about), and its value as text.

use serde_yaml::Value;

use super::PostReader;
use crate::diagnostic::Diagnostic;
use crate::post::front_matter::{describe, Field, Fields};
use crate::post::tags::scalar_text;

/// The keys each field is read from, before the user's own aliases. The first
/// one present wins.
pub(super) const BUILT_IN_KEYS: &[(&str, &[&str])] = &[
    ("title", &["title"]),
    ("date", &["date", "pubdatetime", "published", "pubdate"]),
    ("updated", &["updated", "lastmod", "modified", "moddatetime"]),
    ("link", &["link", "external_url"]),
    ("description", &["description", "summary", "excerpt"]),
    ("tags", &["tags"]),
    ("draft", &["draft"]),
    ("slug", &["slug"]),
    ("author", &["author"]),
    ("image", &["image"]),
    ("lang", &["lang"]),
];

/// `taxonomies.tags`: a key inside a map, as a field on its map's line.
pub(super) fn nested_field(fields: &Fields, key: &str) -> Option<Field> {
    let (head, rest) = key.split_once('.')?;
    let parent = fields.get(head)?;
    let value = crate::site::nested(&parent.value, rest)?.clone();
    Some(Field { key: format!("{}.{rest}", parent.key), value, line: parent.line })
}

pub(super) fn not_bool(value: &Value) -> bool {
    !value.is_bool()
}

pub(super) const TEXT_HELP: &str = "write it as text on one line, in quotes if it contains `: `";

impl<'a> PostReader<'a> {
    /// The fields that give `name`, in order: the built-in keys, then the
    /// user's aliases. Empty values and values `accept` refuses are skipped
    /// (`published: false` is not a date).
    pub(super) fn candidates(&self, name: &str, accept: fn(&Value) -> bool) -> Vec<&'a Field> {
        let fields = self.fields;
        let built_in = BUILT_IN_KEYS.iter().find(|(field, _)| *field == name).map_or(&[][..], |(_, keys)| keys);
        let aliases = self.config.aliases.get(name).map_or(&[][..], Vec::as_slice);
        let mut keys: Vec<&str> = built_in.to_vec();
        for alias in aliases {
            if !keys.contains(&alias.as_str()) {
                keys.push(alias);
            }
        }
        let found = keys
            .into_iter()
            .filter_map(|key| fields.get(key))
            .filter(|field| !field.value.is_null() && accept(&field.value))
            .collect();
        found
    }

    /// The first field that gives `name`; the others are reported as ignored.
    pub(super) fn field_where(&mut self, name: &str, accept: fn(&Value) -> bool) -> Option<&'a Field> {
        let found = self.candidates(name, accept);
        let (chosen, ignored) = found.split_first()?;
        for field in ignored {
            self.warnings.push(
                Diagnostic::warning(
                    self.source,
                    Some(field.line),
                    format!(
                        "`{}` is ignored because `{}` (line {}) gives the {name}",
                        field.key, chosen.key, chosen.line
                    ),
                )
                .with_help("remove one of them"),
            );
        }
        Some(chosen)
    }

    pub(super) fn field(&mut self, name: &str) -> Option<&'a Field> {
        self.field_where(name, |_| true)
    }

    pub(super) fn text(&mut self, name: &str) -> Option<String> {
        self.text_field(name).map(|(_, text)| text)
    }

    /// A text field: a string (or a number or bool, as written). A list or map
    /// is an error; an empty value is no value.
    pub(super) fn text_field(&mut self, name: &str) -> Option<(&'a Field, String)> {
        let field = self.field(name)?;
        match scalar_text(&field.value) {
            Some(text) => Some((field, text.trim().to_string())).filter(|(_, t)| !t.is_empty()),
            None => {
                self.error(field, format!("is {}, but {name} must be text", describe(&field.value)), TEXT_HELP);
                None
            }
        }
    }

    pub(super) fn front_values(&self) -> Vec<(String, String)> {
        let fields = self.fields.values();
        fields.filter_map(|field| Some((field.key.clone(), scalar_text(&field.value)?))).collect()
    }

    /// `value`, after reporting an error at `field` when there is none.
    pub(super) fn require<T>(
        &mut self,
        field: &Field,
        value: Option<T>,
        message: impl FnOnce() -> String,
        help: &str,
    ) -> Option<T> {
        if value.is_none() {
            self.error(field, message(), help);
        }
        value
    }

    pub(super) fn error(&mut self, field: &Field, message: String, help: &str) {
        self.errors.push(
            Diagnostic::error(self.source, Some(field.line), format!("`{}` {message}", field.key)).with_help(help),
        );
    }
}
