//! A permalink template evaluated as Liquid or Nunjucks would: `{{ }}`
//! variables from the page and its data, then the common filters.

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, Utc};
use std::fmt::Write as _;

use super::super::slugify::slugify;
use super::{DataFile, EleventyRules};
use crate::site::PostFacts;

impl EleventyRules {
    pub(super) fn render(&self, template: &str, post: &PostFacts<'_>, data: &DataFile) -> Result<String, String> {
        if template.contains("{%") {
            return Err(unsupported(template, "a `{% %}` tag"));
        }
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after
                .find("}}")
                .ok_or_else(|| format!("the permalink `{template}` has a `{{{{` that is never closed"))?;
            let expression = after[..close].trim_start_matches('-').trim_end_matches('-').trim();
            out.push_str(&self.evaluate(expression, post, data).map_err(|what| unsupported(template, &what))?);
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// One `{{ ... }}`: a variable, then filters. `Err` names what is not supported.
    fn evaluate(&self, expression: &str, post: &PostFacts<'_>, data: &DataFile) -> Result<String, String> {
        let mut parts = split_outside_quotes(expression, '|').into_iter();
        let head = parts.next().unwrap_or_default();
        let head = head.trim();
        let mut value = match unquote(head) {
            Some(text) => Data::Text(text),
            None => self.variable(head, post, data)?,
        };
        for filter in parts {
            value = apply_filter(filter.trim(), value)?;
        }
        match value {
            Data::Text(text) => Ok(text),
            Data::Date(_) => Err(format!("`{head}` without a `date` filter")),
        }
    }

    fn variable(&self, name: &str, post: &PostFacts<'_>, data: &DataFile) -> Result<Data, String> {
        let (slug, stem) = self.file_slug(post);
        Ok(match name {
            "page.fileSlug" => Data::Text(slug),
            "page.filePathStem" => Data::Text(stem),
            "page.inputPath" => Data::Text(format!("./{}", post.path)),
            "page.outputFileExtension" => Data::Text("html".to_string()),
            "page.date" => Data::Date(post.date),
            "title" => Data::Text(post.front.text("title").unwrap_or_else(|| post.title.to_string())),
            name if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                // Liquid and Nunjucks print an unknown variable as nothing.
                let text = post.front.text(name).or_else(|| data.strings.get(name).cloned());
                Data::Text(text.unwrap_or_default())
            }
            other => return Err(format!("`{other}`")),
        })
    }
}

enum Data {
    Text(String),
    Date(DateTime<FixedOffset>),
}

fn apply_filter(filter: &str, value: Data) -> Result<Data, String> {
    // Liquid writes `name: a, b`; Nunjucks `name(a, b)`.
    let (name, args) = match filter.find([':', '(']) {
        Some(at) => {
            let args = filter[at + 1..].trim().trim_end_matches(')');
            (filter[..at].trim(), split_outside_quotes(args, ',').iter().map(|a| unquote(a.trim())).collect())
        }
        None => (filter, Vec::new()),
    };
    let args: Vec<Option<String>> = args;
    let arg =
        |i: usize| args.get(i).cloned().flatten().ok_or_else(|| format!("the `{name}` filter with these arguments"));
    let text = |value: Data| match value {
        Data::Text(text) => Ok(text),
        Data::Date(_) => Err(format!("the `{name}` filter on a date")),
    };
    Ok(Data::Text(match name {
        "slugify" => slugify(&text(value)?),
        // Deprecated in Eleventy, still common in older sites.
        "slug" => crate::site::npm_slugify::slugify(&text(value)?),
        "lower" | "downcase" => text(value)?.to_lowercase(),
        "upper" | "upcase" => text(value)?.to_uppercase(),
        "trim" | "strip" => text(value)?.trim().to_string(),
        // Page paths are written without pathPrefix; the site URL holds it.
        "url" => text(value)?,
        "append" => text(value)? + &arg(0)?,
        "prepend" => arg(0)? + &text(value)?,
        "replace" => text(value)?.replace(&arg(0)?, &arg(1)?),
        "default" => Some(text(value)?).filter(|t| !t.is_empty()).map_or_else(|| arg(0), Ok)?,
        "date" => {
            let format = arg(0)?;
            let Data::Date(date) = value else { return Err("the `date` filter on text".to_string()) };
            format_date(date, &format).ok_or_else(|| format!("the date format `{format}`"))?
        }
        other => return Err(format!("the `{other}` filter")),
    }))
}

/// Liquid's `date` filter, in UTC (Eleventy's dates are instants; a build
/// machine in UTC prints them so).
fn format_date(date: DateTime<FixedOffset>, format: &str) -> Option<String> {
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|item| matches!(item, Item::Error)) {
        return None;
    }
    let mut out = String::new();
    write!(out, "{}", date.with_timezone(&Utc).format_with_items(items.into_iter())).ok()?;
    Some(out)
}

fn unsupported(template: &str, what: &str) -> String {
    format!(
        "the permalink `{template}` uses {what}, which feedcard cannot evaluate; write the path literally, or set `permalink:` in feedcard.yaml"
    )
}

fn unquote(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    text.strip_prefix(quote)?.strip_suffix(quote).map(str::to_string)
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c == separator => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}
