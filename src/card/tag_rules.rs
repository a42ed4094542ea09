//! Which of a post's tags its card shows, and how each is written.

use super::values::HashMark;

/// Which tags a card shows, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct TagRules {
    /// At most this many (0 hides them all).
    pub max: usize,
    /// Tags never shown, lowercase, without `#`.
    pub hide: Vec<String>,
    pub hash: HashMark,
}

impl Default for TagRules {
    fn default() -> Self {
        TagRules { max: 3, hide: Vec::new(), hash: HashMark::Auto }
    }
}

impl TagRules {
    /// The labels to draw for `tags`, in order: hidden and empty ones gone,
    /// duplicates dropped, at most `max`, each with or without `#`.
    pub fn labels(&self, tags: &[String]) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for tag in tags {
            let name = tag.trim().trim_start_matches('#').trim();
            let key = name.to_lowercase();
            if name.is_empty() || self.hide.contains(&key) || seen.contains(&key) {
                continue;
            }
            if out.len() == self.max {
                break;
            }
            seen.push(key);
            let hash = match self.hash {
                HashMark::Always => true,
                HashMark::Never => false,
                HashMark::Auto => !name.contains(char::is_whitespace),
            };
            out.push(if hash { format!("#{name}") } else { name.to_string() });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::settings::CardSettingsFile;
    use std::path::Path;

    fn rules(yaml: &str) -> TagRules {
        let file: CardSettingsFile = serde_yaml::from_str(yaml).unwrap();
        file.resolve(Path::new(".")).unwrap().tags
    }

    #[test]
    fn tag_rules_filter_cap_and_mark() {
        let s = rules("tags: {max: 3, hide: ['#Notes', 2024], hash: auto}");
        let tags: Vec<String> = ["notes", "rust", "2024", "police brutality", "#rust", "web", "css"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(s.labels(&tags), ["#rust", "police brutality", "#web"]);
        let always = rules("tags: {hash: always}");
        assert_eq!(always.labels(&tags[3..4]), ["#police brutality"]);
        let never = rules("tags: {hash: never}");
        assert_eq!(never.labels(&tags[1..2]), ["rust"]);
        assert!(rules("tags: false").labels(&tags).is_empty());
        assert!(serde_yaml::from_str::<CardSettingsFile>("tags: {hash: sometimes}").is_err());
    }
}
