//! MDX (`.mdx` posts, Astro's and others'): the JavaScript in a post is not
//! content. `import`/`export` statements go; components (`<Cta />`,
//! `<Aside>…</Aside>`) go, keeping what they wrap; `{expressions}` and
//! `{/* comments */}` go; a plain HTML tag's `width={1200}` becomes
//! `width="1200"`. An `<Image>` whose `src` is a plain address becomes an
//! `<img>`; one whose `src` is an imported file goes (its published address
//! is made by the site's build). Code blocks and code spans are not touched.

use std::ops::Range;

/// The body without its MDX constructs and a label per construct removed;
/// `None` when it has none.
pub(super) fn strip(body: &str) -> Option<(String, Vec<String>)> {
    if !body.contains(['{', '<']) && !body.contains("import") && !body.contains("export") {
        return None;
    }
    let code = super::templates::code_ranges(body);
    let mut scan =
        Scan { body, code: &code, next_code: 0, out: String::with_capacity(body.len()), removed: Vec::new() };
    scan.run();
    (scan.out != body).then_some((scan.out, scan.removed))
}

struct Scan<'a> {
    body: &'a str,
    code: &'a [Range<usize>],
    next_code: usize,
    out: String,
    removed: Vec<String>,
}

impl Scan<'_> {
    fn run(&mut self) {
        let body = self.body;
        let mut at = 0;
        let mut line_start = true;
        while at < body.len() {
            if let Some(end) = self.in_code(at) {
                self.out.push_str(&body[at..end]);
                line_start = body[..end].ends_with('\n');
                at = end;
                continue;
            }
            let rest = &body[at..];
            let consumed = if line_start && (rest.starts_with("import ") || rest.starts_with("import{")) {
                Some(self.statement(at, "import"))
            } else if line_start && rest.starts_with("export ") {
                Some(self.statement(at, "export"))
            } else if rest.starts_with('{') {
                self.expression(at)
            } else if rest.starts_with('<') {
                self.tag(at)
            } else {
                None
            };
            match consumed {
                Some(end) => at = end,
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    self.out.push(c);
                    line_start = c == '\n';
                    at += c.len_utf8();
                }
            }
        }
    }

    fn in_code(&mut self, at: usize) -> Option<usize> {
        while self.code.get(self.next_code).is_some_and(|range| range.end <= at) {
            self.next_code += 1;
        }
        self.code.get(self.next_code).filter(|range| range.start <= at).map(|range| range.end)
    }

    /// An ESM statement: to the line where its brackets close and it ends
    /// (a `;`, a quoted module name, or the next line starting anew).
    fn statement(&mut self, start: usize, label: &str) -> usize {
        let body = self.body;
        let mut depth = 0i32;
        let mut end = body.len();
        for (offset, line) in body[start..].split_inclusive('\n').scan(start, |pos, line| {
            let at = *pos;
            *pos += line.len();
            Some((at, line))
        }) {
            depth += line.matches(['{', '[', '(']).count() as i32 - line.matches(['}', ']', ')']).count() as i32;
            let text = line.trim_end();
            if depth <= 0 && !text.ends_with([',', '{', '(', '[', '=']) {
                end = offset + line.len();
                break;
            }
        }
        self.removed.push(label.to_string());
        end
    }

    /// `{…}` with balanced braces and quotes, on any number of lines.
    fn expression(&mut self, start: usize) -> Option<usize> {
        let end = balanced(self.body, start)?;
        let inner = self.body[start + 1..end - 1].trim();
        self.removed.push(if inner.starts_with("/*") { "{/* */}" } else { "{…}" }.to_string());
        Some(end)
    }

    /// `<Component …>`, `</Component>` and `<Component />` go; a plain HTML
    /// tag stays with its `{…}` attribute values made plain or dropped.
    fn tag(&mut self, start: usize) -> Option<usize> {
        let body = self.body;
        let after = body[start + 1..].trim_start_matches('/');
        let name: &str =
            &after[..after.find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).unwrap_or(after.len())];
        let first = name.chars().next()?;
        let end = tag_end(body, start)?;
        let text = &body[start..end];
        if !first.is_ascii_uppercase() {
            if !text.contains('{') {
                return None;
            }
            self.out.push_str(&plain_attributes(text));
            return Some(end);
        }
        if name == "Image" || name == "Picture" {
            if let Some(img) = plain_image(text) {
                self.out.push_str(&img);
                return Some(end);
            }
        }
        if !text.starts_with("</") {
            self.removed.push(format!("<{name}>"));
        }
        Some(end)
    }
}

/// The end of the `{…}` starting at `start`, past nested braces and quotes.
fn balanced(body: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (offset, c) in body[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(start + offset + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of the tag at `start`: its `>` outside quotes and braces.
fn tag_end(body: &str, start: usize) -> Option<usize> {
    let mut at = start + 1;
    let mut quote: Option<u8> = None;
    let bytes = body.as_bytes();
    while at < bytes.len() {
        match (quote, bytes[at]) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b @ (b'"' | b'\'')) => quote = Some(b),
            (None, b'{') => {
                at = balanced(body, at)?;
                continue;
            }
            (None, b'>') => return Some(at + 1),
            (None, b'<') => return None,
            _ => {}
        }
        at += 1;
    }
    None
}

/// `name={1200}` → `name="1200"`, `name={"x"}` → `name="x"`; any other
/// `{…}` attribute (a variable, a spread) goes.
fn plain_attributes(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut at = 0;
    while let Some(rel) = tag[at..].find('{') {
        let open = at + rel;
        let Some(close) = balanced(tag, open) else { break };
        let inner = tag[open + 1..close - 1].trim();
        let literal = inner.parse::<f64>().is_ok().then_some(inner).or_else(|| {
            let quoted = ['"', '\''].iter().find_map(|q| inner.strip_prefix(*q)?.strip_suffix(*q));
            quoted.filter(|text| !text.contains(['"', '<', '>']))
        });
        match (tag[..open].strip_suffix('='), literal) {
            (Some(_), Some(value)) => {
                out.push_str(&tag[at..open]);
                out.push('"');
                out.push_str(value);
                out.push('"');
            }
            (Some(before), None) => {
                // Drop ` name=` too.
                let name_start = before.rfind(char::is_whitespace).map_or(at, |n| n);
                out.push_str(&tag[at..name_start.max(at)]);
            }
            (None, _) => out.push_str(&tag[at..open]),
        }
        at = close;
    }
    out.push_str(&tag[at..]);
    out
}

/// `<Image src="/a.png" alt="A" />` → `<img src="/a.png" alt="A">` when
/// `src` is written as an address.
fn plain_image(tag: &str) -> Option<String> {
    let attribute = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let value = &tag[at + 1..];
        Some(&value[..value.find(quote)?])
    };
    let src = attribute("src")?;
    let alt = attribute("alt").unwrap_or("");
    Some(format!("<img src=\"{src}\" alt=\"{alt}\">"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(body: &str) -> String {
        strip(body).map_or_else(|| body.to_string(), |(out, _)| out)
    }

    #[test]
    fn imports_exports_components_and_expressions_go() {
        let body = "import { Image } from \"astro:assets\";\nimport shot from \"../../assets/shot.png\";\nimport {\n  A,\n  B,\n} from './x';\n\nWhy add a search page?\n\n<Image src={shot} alt=\"Screenshot\" width={1200} />\n\n<Cta variant=\"highlighted\" />\n\nexport const meta = {\n  draft: false,\n};\n\n<Aside type=\"tip\">Keep **this**.</Aside> {/* a note */} and {props.x}.\n\nDone.\n";
        let (out, removed) = strip(body).unwrap();
        assert_eq!(out, "\nWhy add a search page?\n\n\n\n\n\n\nKeep **this**.  and .\n\nDone.\n");
        assert_eq!(removed, ["import", "import", "import", "<Image>", "<Cta>", "export", "<Aside>", "{/* */}", "{…}"]);
    }

    #[test]
    fn html_tags_keep_literal_values_and_images_with_an_address_stay() {
        assert_eq!(
            stripped("<img src=\"/a.png\" width={1200} alt={\"A\"} data-x={y} />\n"),
            "<img src=\"/a.png\" width=\"1200\" alt=\"A\" />\n"
        );
        assert_eq!(stripped("<Image src=\"/b.png\" alt=\"B\" />"), "<img src=\"/b.png\" alt=\"B\">");
    }

    #[test]
    fn code_and_plain_text_stay() {
        let body =
            "Use `{x}` and\n\n```js\nimport a from 'b';\nconst c = {d};\n```\n\nA < B and 2 > 1, important imports.\n";
        assert_eq!(strip(body), None);
    }
}
