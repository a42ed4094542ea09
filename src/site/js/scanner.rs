//! The scanner under the literal reader: white space and comments, values,
//! strings and template literals, and skipping what it cannot evaluate.

use super::{JsError, JsValue};

pub(super) struct Scanner<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
}

impl Scanner<'_> {
    pub(super) fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    pub(super) fn error<T>(&self, message: impl Into<String>) -> Result<T, JsError> {
        Err(JsError { offset: self.pos, message: message.into() })
    }

    /// Skips white space and comments.
    pub(super) fn skip_space(&mut self) {
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

    pub(super) fn value(&mut self) -> Result<JsValue, JsError> {
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

    pub(super) fn object(&mut self) -> Result<JsValue, JsError> {
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

    pub(super) fn list(&mut self) -> Result<JsValue, JsError> {
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
    pub(super) fn string(&mut self) -> Result<JsValue, JsError> {
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
    pub(super) fn skip_expression(&mut self) -> Result<(), JsError> {
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

    pub(super) fn regex(&mut self) -> Result<(), JsError> {
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
