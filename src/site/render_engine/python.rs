//! Reads what a render-engine site's Python module states plainly: its
//! `SITE_URL` and `SITE_TITLE`, and each registered collection's
//! `content_path` and `routes`. No Python is run: values built at run time
//! (f-strings, function calls) are not seen.

use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A collection class the site registers (`@app.collection` or
/// `app.collection(Name)`), with what it inherits from classes in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CollectionDef {
    pub name: String,
    /// The folder of its pages, from the site root, without `./` or `/` ends.
    pub content_path: String,
    /// Its first route; empty for the site root (`./`).
    pub route: String,
    /// A `Blog` (dated posts, sorted, with a feed) rather than a `Collection`.
    pub is_blog: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Code {
    pub site_url: Option<String>,
    pub site_title: Option<String>,
    pub collections: Vec<CollectionDef>,
}

/// One `class Name(Bases):` and the attributes set in its body.
struct Class {
    /// Where it starts, to keep the file's order.
    line: usize,
    bases: Vec<String>,
    attrs: BTreeMap<String, String>,
    registered: bool,
}

pub(super) fn read(source: &str) -> Code {
    let lines: Vec<&str> = source.lines().collect();
    let constants = module_constants(&lines);
    let value = |expr: &str| string_value(expr, &constants);
    let site_var = |key: &str| {
        let pattern =
            format!(r#"(?:["']{key}["']\s*\]?\s*[:=]|\b{key}\s*=)\s*([rRuU]?(?:"[^"\n]*"|'[^'\n]*')|[A-Za-z_]\w*)"#);
        let re = Regex::new(&pattern).ok()?;
        re.captures_iter(source).filter_map(|c| c.get(1).and_then(|m| value(m.as_str()))).last()
    };
    let classes = classes(&lines, source);
    let blog_names = blog_aliases(source);

    let mut registered: Vec<(&String, &Class)> = classes.iter().filter(|(_, class)| class.registered).collect();
    registered.sort_by_key(|(_, class)| class.line);
    let mut collections = Vec::new();
    for (name, _) in registered {
        let chain = chain(name, &classes);
        let attr = |key: &str| chain.iter().find_map(|c| c.attrs.get(key));
        let Some(content_path) = attr("content_path").and_then(|expr| path_value(expr, &constants)) else { continue };
        let route = attr("routes").and_then(|expr| first_string(expr, &constants)).unwrap_or_default();
        let is_blog = chain
            .iter()
            .flat_map(|c| &c.bases)
            .any(|base| blog_names.contains(base) || (base.ends_with("Blog") && !classes.contains_key(base.as_str())));
        collections.push(CollectionDef { name: name.clone(), content_path, route: clean_route(&route), is_blog });
    }
    Code { site_url: site_var("SITE_URL"), site_title: site_var("SITE_TITLE"), collections }
}

/// `NAME = "text"` (or a path expression) at the top level of the module.
fn module_constants(lines: &[&str]) -> BTreeMap<String, String> {
    static ASSIGN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([A-Za-z_]\w*)\s*(?::[^=]+)?=\s*(.+)$").expect("a valid pattern"));
    lines
        .iter()
        .filter_map(|line| ASSIGN.captures(line))
        .filter_map(|c| Some((c.get(1)?.as_str().to_string(), c.get(2)?.as_str().trim().to_string())))
        .collect()
}

/// Every class in the file, with its attributes and whether it is registered.
fn classes(lines: &[&str], source: &str) -> BTreeMap<String, Class> {
    static CLASS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\s*)class\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:").expect("a valid pattern"));
    static ATTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(content_path|routes)\s*(?::[^=]+)?=\s*(.*)$").expect("a valid pattern"));
    static DECORATOR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*@\s*[\w.]*\bcollection\b").expect("a valid pattern"));
    static CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\.collection\(\s*([A-Za-z_]\w*)\s*\)").expect("a valid pattern"));
    let called: Vec<&str> = CALL.captures_iter(source).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();

    let mut out = BTreeMap::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(found) = CLASS.captures(line) else { continue };
        let indent = found.get(1).map_or(0, |m| m.as_str().len());
        let name = found.get(2).map_or("", |m| m.as_str()).to_string();
        let bases = found.get(3).map_or("", |m| m.as_str());
        let bases = bases
            .split(',')
            .map(str::trim)
            .filter(|b| !b.is_empty() && !b.contains('='))
            .map(|b| b.rsplit('.').next().unwrap_or(b).to_string())
            .collect();
        let decorated =
            lines[..at].iter().rev().take_while(|l| l.trim_start().starts_with('@')).any(|l| DECORATOR.is_match(l));
        let mut attrs = BTreeMap::new();
        let body = lines[at + 1..].iter().copied().enumerate();
        let mut body_indent = None;
        for (i, body_line) in body {
            let trimmed = body_line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let this = body_line.len() - trimmed.len();
            if this <= indent {
                break;
            }
            if *body_indent.get_or_insert(this) != this {
                continue;
            }
            if let Some(attr) = ATTR.captures(body_line) {
                let key = attr.get(1).map_or("", |m| m.as_str()).to_string();
                let mut value = attr.get(2).map_or("", |m| m.as_str()).to_string();
                // A list written over several lines.
                let mut more = lines[at + 2 + i..].iter();
                while depth(&value) > 0 {
                    let Some(next) = more.next() else { break };
                    value.push(' ');
                    value.push_str(next.trim());
                }
                attrs.insert(key, value);
            }
        }
        let registered = decorated || called.contains(&name.as_str());
        out.insert(name, Class { line: at, bases, attrs, registered });
    }
    out
}

/// The class and the classes of the file it inherits from, nearest first.
fn chain<'a>(name: &str, classes: &'a BTreeMap<String, Class>) -> Vec<&'a Class> {
    let mut out: Vec<&Class> = Vec::new();
    let mut todo = vec![name.to_string()];
    while let Some(next) = todo.pop() {
        if let Some(class) = classes.get(&next) {
            if out.iter().any(|c| std::ptr::eq(*c, class)) {
                continue;
            }
            out.push(class);
            todo.extend(class.bases.iter().rev().cloned());
        }
    }
    out
}

/// Names `Blog` is imported as (`from render_engine import Blog as _Blog`).
fn blog_aliases(source: &str) -> Vec<String> {
    static ALIAS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bBlog\s+as\s+(\w+)").expect("a valid pattern"));
    let mut names = vec!["Blog".to_string()];
    names.extend(ALIAS.captures_iter(source).filter_map(|c| c.get(1)).map(|m| m.as_str().to_string()));
    names
}

/// Open brackets not yet closed.
fn depth(text: &str) -> i32 {
    text.chars().fold(0, |d, c| match c {
        '[' | '(' | '{' => d + 1,
        ']' | ')' | '}' => d - 1,
        _ => d,
    })
}

/// The string literals in an expression (a name is looked up once).
fn literals(expr: &str, constants: &BTreeMap<String, String>) -> Vec<String> {
    static LITERAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"([rRuUfFbB]{0,2})(?:"([^"\n]*)"|'([^'\n]*)')"#).expect("a valid pattern"));
    static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z_]\w*$").expect("a valid pattern"));
    let expr = expr.split(" #").next().unwrap_or(expr).trim();
    if NAME.is_match(expr) {
        return match constants.get(expr) {
            Some(value) if !NAME.is_match(value) => literals(value, constants),
            _ => Vec::new(),
        };
    }
    LITERAL
        .captures_iter(expr)
        .filter_map(|c| {
            let text = c.get(2).or_else(|| c.get(3))?.as_str();
            let prefix = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            // An f-string with a placeholder is only known at run time.
            (!(prefix.contains('f') && text.contains('{'))).then(|| text.to_string())
        })
        .collect()
}

/// One string value: a literal, or a module constant holding one.
fn string_value(expr: &str, constants: &BTreeMap<String, String>) -> Option<String> {
    let found = literals(expr, constants);
    (found.len() == 1).then(|| found[0].clone()).filter(|s| !s.is_empty())
}

/// A folder: `"content/blog"`, `Path("content") / "blog"`, `os.path.join(...)`.
fn path_value(expr: &str, constants: &BTreeMap<String, String>) -> Option<String> {
    let parts = literals(expr, constants);
    if parts.is_empty() {
        return None;
    }
    let joined = parts.iter().map(|p| p.trim_matches('/')).filter(|p| !p.is_empty() && *p != ".").collect::<Vec<_>>();
    let path = joined.join("/");
    Some(path.strip_prefix("./").unwrap_or(&path).to_string())
}

/// The first string in a `routes` list.
fn first_string(expr: &str, constants: &BTreeMap<String, String>) -> Option<String> {
    literals(expr, constants).into_iter().next()
}

/// `./`, `.` and `` are the site root; other routes lose their end slashes
/// (render-engine would write `//` there, which no server maps).
fn clean_route(route: &str) -> String {
    let route = route.trim().trim_matches('/');
    let route = route.strip_prefix("./").unwrap_or(route);
    if route == "." {
        String::new()
    } else {
        route.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = r#"
from pathlib import Path
from render_engine import Site, Collection, Page
from render_engine import Blog as _Blog

SITE_URL = "https://re.example.org/"
app = Site()
app.site_vars.update(
    {
        "SITE_TITLE": "Kitchen Notes",
        "SITE_URL": SITE_URL,
    }
)

class Base(_Blog):
    routes = ["blog"]

@app.collection
class Posts(Base):
    content_path = Path("content") / "blog"  # the posts


@app.collection
class Notes(_Blog):
    content_path: str = "./content/notes/"
    routes = [
        "notes",
        "n",
    ]

@app.collection()
class Pages(Collection):
    content_path = "content/pages"

class Unused(Collection):
    content_path = "unused"

class Later(Collection):
    content_path = os.path.join("content", "later")
    routes = ["./"]

app.collection(Later)

@app.page
class Index(Page):
    template = "index.html"
"#;

    #[test]
    fn reads_site_vars_and_collections() {
        let code = read(APP);
        assert_eq!(code.site_url.as_deref(), Some("https://re.example.org/"));
        assert_eq!(code.site_title.as_deref(), Some("Kitchen Notes"));
        let found: Vec<(&str, &str, &str, bool)> = code
            .collections
            .iter()
            .map(|c| (c.name.as_str(), c.content_path.as_str(), c.route.as_str(), c.is_blog))
            .collect();
        assert_eq!(
            found,
            [
                ("Posts", "content/blog", "blog", true),
                ("Notes", "content/notes", "notes", true),
                ("Pages", "content/pages", "", false),
                ("Later", "content/later", "", false),
            ]
        );
    }

    #[test]
    fn values_only_known_at_run_time_are_left_out() {
        let code = read(
            "SITE_URL = f\"https://{host}/\"\n@app.collection\nclass Blog(Blog):\n    content_path = get_path()\n",
        );
        assert_eq!(code, Code::default());
        let code = read("site.site_vars[\"SITE_URL\"] = 'https://x.example'\n");
        assert_eq!(code.site_url.as_deref(), Some("https://x.example"));
    }
}
