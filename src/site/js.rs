//! Literal values out of JavaScript and TypeScript files (Eleventy's config
//! and data files, Astro's config): object literals whose values are
//! strings, lists, booleans, numbers or nested objects. Anything computed is
//! kept as its source text, so a caller can say what it could not follow.
//! This is a scanner, not a JavaScript parser: it never runs code.

mod scanner;

use scanner::Scanner;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum JsValue {
    Str(String),
    List(Vec<JsValue>),
    Object(Vec<(String, JsValue)>),
    Bool(bool),
    Number(String),
    /// An expression that is not a literal (`SITE.website`, a function), as written.
    Code(String),
}

impl JsValue {
    /// The value of `key` in an object (the last one written wins, as in JavaScript).
    pub(super) fn get(&self, key: &str) -> Option<&JsValue> {
        match self {
            JsValue::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            JsValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A string as one item, or a list of strings; `None` for anything else.
    pub(super) fn strings(&self) -> Option<Vec<String>> {
        match self {
            JsValue::Str(s) => Some(vec![s.clone()]),
            JsValue::List(items) => items.iter().map(|item| item.as_str().map(str::to_string)).collect(),
            _ => None,
        }
    }
}

/// Why a literal could not be read, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JsError {
    pub offset: usize,
    pub message: String,
}

impl JsError {
    /// The 1-based line of the problem in `text`.
    pub(super) fn line(&self, text: &str) -> usize {
        line_of(text, self.offset)
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The object literal that starts at the first `{` after the first match of
/// `needle` outside comments and strings (`export default`, `defineConfig(`).
/// `Ok(None)` when `needle` is not there or no `{` follows it directly.
pub(super) fn object_after(text: &str, needle: &str) -> Result<Option<JsValue>, JsError> {
    let Some(at) = find_code(text, needle) else { return Ok(None) };
    let mut scanner = Scanner { text, pos: at + needle.len() };
    scanner.skip_space();
    // `export default () => ({ ... })` and `defineConfig({`: step over `(`.
    while scanner.peek() == Some('(') {
        scanner.pos += 1;
        scanner.skip_space();
    }
    if scanner.peek() != Some('{') {
        return Ok(None);
    }
    scanner.value().map(Some)
}

/// The value given to `const NAME` (or `let`/`var`) in `text`, after any
/// TypeScript type: `export const SITE: Site = { ... }` gives the object.
pub(super) fn const_value(text: &str, name: &str) -> Result<Option<JsValue>, JsError> {
    for keyword in ["const ", "let ", "var "] {
        let needle = format!("{keyword}{name}");
        let mut from = 0;
        while let Some(at) = find_code(&text[from..], &needle) {
            let end = from + at + needle.len();
            from = end;
            if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            // The first `=` that is not `==` or `=>`.
            let rest = &text[end..];
            let Some(eq) = rest.char_indices().find_map(|(i, c)| {
                let next = rest[i + 1..].chars().next();
                (c == '=' && !matches!(next, Some('=' | '>'))).then_some(i)
            }) else {
                continue;
            };
            let mut scanner = Scanner { text, pos: end + eq + 1 };
            return scanner.value().map(Some);
        }
    }
    Ok(None)
}

/// `text` with every comment blanked out (new lines kept, so lines and
/// offsets stay), for searches that must not find commented-out code.
pub(super) fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut scanner = Scanner { text, pos: 0 };
    while scanner.pos < text.len() {
        let rest = &text[scanner.pos..];
        let start = scanner.pos;
        if rest.starts_with("//") || rest.starts_with("/*") {
            let end = if rest.starts_with("//") {
                rest.find('\n').unwrap_or(rest.len())
            } else {
                rest[2..].find("*/").map_or(rest.len(), |e| e + 4)
            };
            out.extend(rest[..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
            scanner.pos += end;
            continue;
        }
        match rest.chars().next() {
            Some('"' | '\'' | '`') => {
                if scanner.string().is_err() {
                    scanner.pos = text.len();
                }
                out.push_str(&text[start..scanner.pos]);
            }
            Some(c) => {
                out.push(c);
                scanner.pos += c.len_utf8();
            }
            None => break,
        }
    }
    out
}

/// The byte offset of `needle` in `text`, outside comments and strings.
pub(super) fn find_code(text: &str, needle: &str) -> Option<usize> {
    let mut scanner = Scanner { text, pos: 0 };
    while scanner.pos < text.len() {
        if text[scanner.pos..].starts_with(needle) {
            return Some(scanner.pos);
        }
        match scanner.peek()? {
            '/' if text[scanner.pos..].starts_with("//") || text[scanner.pos..].starts_with("/*") => {
                scanner.skip_space()
            }
            '"' | '\'' | '`' => {
                if scanner.string().is_err() {
                    return None;
                }
            }
            c => scanner.pos += c.len_utf8(),
        }
    }
    None
}

/// Every literal string argument of calls to `callee` (`setInputDirectory(`),
/// in order: `callee("src")` gives `src`.
pub(super) fn string_calls(text: &str, callee: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(at) = find_code(&text[rest..], callee) {
        let mut scanner = Scanner { text, pos: rest + at + callee.len() };
        scanner.skip_space();
        if let Some('"' | '\'' | '`') = scanner.peek() {
            if let Ok(JsValue::Str(s)) = scanner.string() {
                found.push(s);
            }
        }
        rest = scanner.pos.max(rest + at + callee.len());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn str_of(v: &JsValue, key: &str) -> Option<String> {
        v.get(key).and_then(JsValue::as_str).map(str::to_string)
    }

    #[test]
    fn reads_an_exported_object_with_nesting_comments_and_code() {
        let text = r#"
// url: "https://commented.example/"
export default {
  title: 'It\'s mine', /* inline */
  "url": "https://a.example/",
  author: { name: "Me", url: "https://a.example/about/" },
  tags: ["posts", `notes`],
  draft: false,
  count: 3,
  layout: layouts.post + ".njk",
  permalink: (data) => `/x/${data.page.fileSlug}/`,
  pattern: /[{}"]/g,
  eleventyComputed,
  ...rest,
  method() { return "}"; },
};
"#;
        let v = object_after(text, "export default").unwrap().unwrap();
        assert_eq!(str_of(&v, "title").as_deref(), Some("It's mine"));
        assert_eq!(str_of(&v, "url").as_deref(), Some("https://a.example/"));
        assert_eq!(
            v.get("author").and_then(|a| a.get("url")).and_then(JsValue::as_str),
            Some("https://a.example/about/")
        );
        assert_eq!(v.get("tags").and_then(JsValue::strings), Some(vec!["posts".into(), "notes".into()]));
        assert_eq!(v.get("draft"), Some(&JsValue::Bool(false)));
        assert_eq!(v.get("count"), Some(&JsValue::Number("3".into())));
        assert_eq!(v.get("layout"), Some(&JsValue::Code("layouts.post + \".njk\"".into())));
        assert!(matches!(v.get("permalink"), Some(JsValue::Code(_))));
        assert!(matches!(v.get("pattern"), Some(JsValue::Code(_))));
        assert_eq!(v.get("eleventyComputed"), Some(&JsValue::Code("eleventyComputed".into())));
    }

    #[test]
    fn typescript_const_and_calls() {
        let text = "import x from 'y';\nexport default defineConfig({ site: SITE.website, base: \"/blog\" as const });";
        let v = object_after(text, "defineConfig(").unwrap().unwrap();
        assert_eq!(v.get("site"), Some(&JsValue::Code("SITE.website".into())));
        assert_eq!(str_of(&v, "base").as_deref(), Some("/blog"));
        let calls = string_calls("cfg.setInputDirectory(\"src\"); // setInputDirectory('no')", "setInputDirectory(");
        assert_eq!(calls, vec!["src".to_string()]);
        assert_eq!(object_after("const a = 1;", "export default").unwrap(), None);
        let text = "export const BLOG_PATH = \"src/data/blog\";\nexport const SITE: Site = { website: 'https://a.example/' } as const;";
        assert_eq!(const_value(text, "BLOG_PATH").unwrap(), Some(JsValue::Str("src/data/blog".into())));
        let site = const_value(text, "SITE").unwrap().unwrap();
        assert_eq!(str_of(&site, "website").as_deref(), Some("https://a.example/"));
        assert_eq!(const_value(text, "BLOG").unwrap(), None);
        let text = "a: 1, // b: \"x\"\n/* c:\n d */ e: '// not a comment'";
        let blank = without_comments(text);
        assert_eq!(blank.len(), text.len());
        assert!(!blank.contains("b:") && !blank.contains("c:") && blank.contains("'// not a comment'"), "{blank}");
        assert_eq!(blank.lines().count(), text.lines().count());
    }

    #[test]
    fn unclosed_things_are_errors_with_a_line() {
        let text = "export default {\n  url: \"https://a.example/,\n  title: 'x'\n}\n";
        let err = object_after(text, "export default").unwrap_err();
        assert_eq!(err.line(text), 2, "{err:?}");
        let text = "export default {\n  a: [1, 2,\n";
        let err = object_after(text, "export default").unwrap_err();
        assert_eq!(err.line(text), 2, "{err:?}");
        // Stray characters end the scan with an error, never a loop.
        for text in ["export default { a: ; }", "export default { ; }", "export default { a: [ ) ] }"] {
            assert!(object_after(text, "export default").is_err(), "{text}");
        }
    }
}
