//! Literal values out of JavaScript and TypeScript files (Eleventy's config
//! and data files, Astro's config): object literals whose values are
//! strings, lists, booleans, numbers or nested objects. Anything computed is
//! kept as its source text, so a caller can say what it could not follow.
//! This is a scanner, not a JavaScript parser: it never runs code.

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

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, JsError> {
        Err(JsError { offset: self.pos, message: message.into() })
    }

    /// Skips white space and comments.
    fn skip_space(&mut self) {
        loop {
            let rest = &self.text[self.pos..];
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                self.pos += body.find("*/").map_or(trimmed.len(), |end| end + 4);
            } else {
                return;
            }
        }
    }

    fn value(&mut self) -> Result<JsValue, JsError> {
        self.skip_space();
        let start = self.pos;
        let literal = match self.peek() {
            Some('{') => self.object()?,
            Some('[') => self.list()?,
            Some('"' | '\'' | '`') => self.string()?,
            _ => {
                let word: String = self.text[self.pos..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || "_$.+-".contains(*c))
                    .collect();
                match word.as_str() {
                    "true" | "false" => {
                        self.pos += word.len();
                        JsValue::Bool(word == "true")
                    }
                    w if !w.is_empty() && w.parse::<f64>().is_ok() => {
                        self.pos += word.len();
                        JsValue::Number(word)
                    }
                    _ => {
                        self.skip_expression()?;
                        if self.pos == start {
                            return self.error(format!("a value was expected, not `{}`", self.peek().unwrap_or(' ')));
                        }
                        return Ok(JsValue::Code(self.text[start..self.pos].trim().to_string()));
                    }
                }
            }
        };
        // `"x" as const` is still the literal; `"a" + b` is code.
        self.skip_space();
        let rest = &self.text[self.pos..];
        if rest.starts_with("as ") || rest.starts_with("satisfies ") {
            self.skip_expression()?;
        } else if !matches!(self.peek(), None | Some(',' | '}' | ']' | ')' | ';')) {
            self.skip_expression()?;
            return Ok(JsValue::Code(self.text[start..self.pos].trim().to_string()));
        }
        Ok(literal)
    }

    fn object(&mut self) -> Result<JsValue, JsError> {
        let open = self.pos;
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            let key = match self.peek() {
                None => return Err(JsError { offset: open, message: "this `{` is never closed".into() }),
                Some('}') => {
                    self.pos += 1;
                    return Ok(JsValue::Object(entries));
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                Some('"' | '\'') => match self.string()? {
                    JsValue::Str(key) => Some(key),
                    _ => None,
                },
                Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => {
                    let word: String = self.text[self.pos..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                        .collect();
                    self.pos += word.len();
                    Some(word)
                }
                // `...spread` and `[computed]` keys: skipped whole.
                _ => None,
            };
            self.skip_space();
            match (key, self.peek()) {
                (Some(key), Some(':')) => {
                    self.pos += 1;
                    let value = self.value()?;
                    entries.push((key, value));
                }
                // A shorthand `{ blog }`: its value is the variable.
                (Some(key), Some(',' | '}')) => entries.push((key.clone(), JsValue::Code(key))),
                _ => {
                    let before = self.pos;
                    self.skip_expression()?;
                    if self.pos == before {
                        return self.error(format!("`{}` cannot be here", self.peek().unwrap_or(' ')));
                    }
                }
            }
        }
    }

    fn list(&mut self) -> Result<JsValue, JsError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(JsError { offset: open, message: "this `[` is never closed".into() }),
                Some(']') => {
                    self.pos += 1;
                    return Ok(JsValue::List(items));
                }
                Some(',') => self.pos += 1,
                Some(_) => items.push(self.value()?),
            }
        }
    }

    /// A quoted string; a template literal with `${` is code.
    fn string(&mut self) -> Result<JsValue, JsError> {
        let open = self.pos;
        let Some(quote) = self.peek() else { return self.error("a string was expected") };
        self.pos += 1;
        let mut out = String::new();
        let mut computed = false;
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    let raw = &self.text[open..self.pos + i + 1];
                    self.pos += i + 1;
                    return Ok(if computed { JsValue::Code(raw.to_string()) } else { JsValue::Str(out) });
                }
                '\n' if quote != '`' => break,
                '$' if quote == '`' && self.text[self.pos + i..].starts_with("${") => {
                    computed = true;
                    out.push(c);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'r')) => out.push('\r'),
                    Some((j, 'u')) => {
                        let rest = &self.text[self.pos + j + 1..];
                        let (hex, used) = match rest.strip_prefix('{') {
                            Some(braced) => {
                                let end = braced.find('}').unwrap_or(0);
                                (&braced[..end], end + 2)
                            }
                            None => (rest.get(..4).unwrap_or(""), 4),
                        };
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(decoded) => out.push(decoded),
                            None => return self.error("a `\\u` escape that is not a character"),
                        }
                        for _ in 0..used {
                            chars.next();
                        }
                    }
                    Some((_, '\n')) => {}
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(JsError { offset: open, message: "this string is never closed".into() })
    }

    /// Steps over an expression up to the `,`, `}`, `]` or `)` that ends it,
    /// keeping brackets, strings, comments and regular expressions balanced.
    fn skip_expression(&mut self) -> Result<(), JsError> {
        let mut depth: Vec<(char, usize)> = Vec::new();
        let mut last_significant = '(';
        loop {
            self.skip_space();
            let Some(c) = self.peek() else {
                return match depth.last() {
                    Some(&(open, at)) => Err(JsError { offset: at, message: format!("this `{open}` is never closed") }),
                    None => Ok(()),
                };
            };
            match c {
                '"' | '\'' | '`' => {
                    self.string()?;
                    last_significant = '"';
                    continue;
                }
                '/' if "(,=:[!&|?{};".contains(last_significant) => {
                    self.regex()?;
                    last_significant = '"';
                    continue;
                }
                '(' | '[' | '{' => depth.push((c, self.pos)),
                ')' | ']' | '}' | ',' | ';' if depth.is_empty() => return Ok(()),
                ')' | ']' | '}' => {
                    depth.pop();
                }
                _ => {}
            }
            last_significant = c;
            self.pos += c.len_utf8();
        }
    }

    fn regex(&mut self) -> Result<(), JsError> {
        let open = self.pos;
        self.pos += 1;
        let mut in_class = false;
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => {
                    self.pos += i + 1;
                    return Ok(());
                }
                '\n' => break,
                _ => {}
            }
        }
        Err(JsError { offset: open, message: "this regular expression is never closed".into() })
    }
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
