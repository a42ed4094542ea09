//! A read-only view of a post's front matter for the generators' rules: keys
//! are looked up case-insensitively, values read the way posts write them.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde_yaml::Value;

use crate::post::front_matter::Fields;
use crate::post::{collect_tags, parse_date, scalar_text};

#[derive(Clone, Copy)]
pub struct FrontMatter<'a> {
    fields: &'a Fields,
}

impl<'a> FrontMatter<'a> {
    pub(crate) fn new(fields: &'a Fields) -> FrontMatter<'a> {
        FrontMatter { fields }
    }

    /// The value of `key` (any case), unless empty. A dotted key reaches
    /// into maps: `taxonomies.tags` (Zola nests its tags in a table).
    pub fn value(&self, key: &str) -> Option<&'a Value> {
        // Rules name keys in lowercase mostly; only the others need a copy.
        let key = match key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            true => std::borrow::Cow::Owned(key.to_lowercase()),
            false => std::borrow::Cow::Borrowed(key),
        };
        let value = match self.fields.get(key.as_ref()) {
            Some(field) => &field.value,
            None => {
                let (head, rest) = key.split_once('.')?;
                nested(&self.fields.get(head)?.value, rest)?
            }
        };
        Some(value).filter(|value| !value.is_null())
    }

    /// A string, number or bool as trimmed text; `None` when empty or not a scalar.
    pub fn text(&self, key: &str) -> Option<String> {
        let text = scalar_text(self.value(key)?)?;
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// `true`/`false`, also written as `"yes"`, `"no"`, `"on"`, `"off"`.
    pub fn flag(&self, key: &str) -> Option<bool> {
        crate::post::flag(self.value(key)?)
    }

    /// A list, a comma-separated string or one scalar, as trimmed items.
    pub fn list(&self, key: &str) -> Vec<String> {
        let mut items = Vec::new();
        if let Some(value) = self.value(key) {
            // A value that is no list of scalars has no items to give.
            let _ = collect_tags(value, &mut items);
        }
        items
    }

    /// A date, read like `date:` (a date without an offset is in `tz`).
    pub fn date(&self, key: &str, tz: Tz) -> Option<DateTime<FixedOffset>> {
        parse_date(&self.text(key)?, tz).ok()
    }
}

/// The value at a dotted path of keys (any case) inside `value`'s maps.
pub(crate) fn nested<'v>(value: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(value, |value, key| match value {
        Value::Mapping(map) => {
            map.iter().find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key))).map(|(_, v)| v)
        }
        _ => None,
    })
}
