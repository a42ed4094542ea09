//! "Did you mean": the closest known key or time zone to a misspelt one, and
//! every unknown key of a config file found in one run (serde stops at the
//! first, so each one found is hidden and the file parsed again).

use chrono_tz::TZ_VARIANTS;

/// At most this many unknown keys are collected before giving up.
const MAX_UNKNOWN_KEYS: usize = 50;

/// The closest of `candidates` to `word`, when it is close enough to be a
/// typo: at most one edit in four characters (and at least one).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 4).max(1);
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&lower, &candidate.to_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The IANA name closest to `name` (`Europe/Londn` -> `Europe/London`).
pub fn closest_time_zone(name: &str) -> Option<&'static str> {
    closest(name, TZ_VARIANTS.iter().map(|tz| tz.name()))
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, in
/// characters: the optimal string alignment distance, so `titel` is one
/// edit from `title`.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// One key serde did not know: its line and its message, with a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub line: usize,
    pub message: String,
}

/// serde_yaml's "unknown field `limt`, expected one of `a`, `b`" turned into
/// the key, and a message that suggests the closest expected key.
pub fn unknown_field(message: &str) -> Option<(String, String)> {
    const UNKNOWN: &str = "unknown field `";
    let at = message.find(UNKNOWN)?;
    // serde_yaml names the section first: `site: unknown field ...`.
    let section: String = message[..at].trim_end_matches([':', ' ']).replace(": ", ".");
    let (key, rest) = message[at + UNKNOWN.len()..].split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let hint = match closest(key, expected.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if expected.is_empty() => "remove it".to_string(),
        None => format!("the keys here are: {}", expected.join(", ")),
    };
    let full = if section.is_empty() { key.to_string() } else { format!("{section}.{key}") };
    Some((key.to_string(), format!("unknown key `{full}` ({hint}; README, \"Configuration\", lists every key)")))
}

/// Every unknown key in `text`: `parse` is the typed parse, returning the
/// line and message of its first error. Each unknown key found is commented
/// out (with the lines indented below it) and the text parsed again.
pub fn all_unknown_keys(text: &str, parse: impl Fn(&str) -> Option<(usize, String)>) -> Vec<UnknownKey> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut found = Vec::new();
    while found.len() < MAX_UNKNOWN_KEYS {
        let Some((line, message)) = parse(&lines.join("\n")) else { break };
        let Some((key, message)) = unknown_field(&message) else { break };
        // Only a block-style `key:` line can be hidden without breaking the rest.
        let Some(at) = line.checked_sub(1).filter(|&i| i < lines.len()) else { break };
        let content = lines[at].trim_start().trim_start_matches("- ");
        let starts_with_key = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")]
            .iter()
            .any(|prefix| content.starts_with(prefix.as_str()));
        if !starts_with_key {
            found.push(UnknownKey { line, message });
            break;
        }
        found.push(UnknownKey { line, message });
        let indent = lines[at].len() - lines[at].trim_start().len();
        lines[at] = format!("{}#", " ".repeat(indent));
        for next in lines.iter_mut().skip(at + 1) {
            let depth = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && depth <= indent {
                break;
            }
            next.clear();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_keys_and_time_zones_are_suggested() {
        assert_eq!(closest("limt", ["limit", "rss", "atom"]), Some("limit"));
        assert_eq!(closest("titel", ["title", "url"]), Some("title"));
        assert_eq!(closest("colour", ["title", "url"]), None);
        assert_eq!(closest_time_zone("Europe/Londn"), Some("Europe/London"));
        assert_eq!(closest_time_zone("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(closest_time_zone("Mars/Olympus"), None);
    }

    #[test]
    fn serdes_message_gives_the_key_its_section_and_a_hint() {
        let message = "feeds.rss: unknown field `fiel`, expected one of `file`, `limit`";
        let (key, text) = unknown_field(message).unwrap();
        assert_eq!(key, "fiel");
        assert!(text.starts_with("unknown key `feeds.rss.fiel` (did you mean `file`?; README"), "{text}");
        let (_, text) = unknown_field("unknown field `zzz`, expected `site`").unwrap();
        assert!(text.starts_with("unknown key `zzz` (the keys here are: site; README"), "{text}");
        assert_eq!(unknown_field("invalid type: map"), None);
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("titel", "title"), 1);
    }
}
