//! kramdown's attribute lists `{: .class #id}` (dropped: a feed keeps no
//! classes) and extensions `{::name}` (Jekyll): `{::nomarkdown}` keeps its
//! text, the others go.

use super::{Replacement, Scan};

impl Scan<'_, '_> {
    /// kramdown's `{: .class #id}` attribute lists and `{::name}` extensions.
    pub(super) fn kramdown(&mut self, start: usize) -> Option<(Replacement, usize)> {
        let line_end = self.body[start..].find('\n').map_or(self.body.len(), |n| start + n);
        let end = start + self.body[start..line_end].find('}')? + 1;
        let inner = &self.body[start + 2..end - 1];
        if let Some(extension) = inner.strip_prefix(':') {
            let name: String = extension.chars().take_while(char::is_ascii_alphanumeric).collect();
            let closes = |from: usize| {
                let rest = &self.body[from..];
                [format!("{{:/{name}}}"), "{:/}".to_string()]
                    .iter()
                    .filter_map(|close| rest.find(close.as_str()).map(|at| (from + at, from + at + close.len())))
                    .min()
            };
            return Some(match name.as_str() {
                "nomarkdown" if !extension.ends_with('/') => match closes(end) {
                    Some((close, after)) => (Replacement::Text(self.body[end..close].to_string()), after),
                    None => (Replacement::None, end),
                },
                "comment" if !extension.ends_with('/') => {
                    let after = closes(end).map_or(end, |(_, after)| after);
                    self.remove(format!("{{::{name}}}"), after)
                }
                "" => return None,
                _ => self.remove(format!("{{::{name}}}"), end),
            });
        }
        if inner.starts_with('/') {
            return Some((Replacement::None, end));
        }
        let first = inner.chars().next()?;
        if !(first == ' ' || first == '.' || first == '#' || first.is_ascii_alphabetic()) || inner.trim().is_empty() {
            return None;
        }
        Some(self.remove("{: }".to_string(), end))
    }
}
