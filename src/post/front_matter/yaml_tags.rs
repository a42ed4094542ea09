//! YAML tags (`!custom`, `!!python/object`) in front matter. serde_yaml
//! drops some and keeps others as opaque values, so a tagged title was
//! reported as "a list" or "a map"; they are found in the text instead.

/// Tags any YAML reader understands the same way; others are refused.
const CORE_TAGS: &[&str] = &["!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map"];

/// Each tag that starts a value, with its (1-based) line: after `key: `, a
/// `- ` entry, `[`, `{` or `,` in a flow list, or at the start of a line;
/// never inside quotes, a comment or a plain scalar (`title: Wow !`).
pub(super) fn find_tags(yaml: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut quote: Option<char> = None;
    // Inside a `|` or `>` block: text, until a line indented no deeper than
    // the line that opened it.
    let mut block_of: Option<usize> = None;
    for (index, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        match block_of {
            Some(opener) if line.trim().is_empty() || indent > opener => continue,
            _ => block_of = None,
        }
        if quote.is_none() && opens_block(line) {
            block_of = Some(indent);
        }
        // A value may start here: the line's start, `- `, `: `, or a flow opener.
        let mut at_value_start = quote.is_none();
        let mut previous = ' ';
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match quote {
                Some('\'') if c == '\'' => quote = None,
                Some('"') if c == '"' && previous != '\\' => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if previous.is_whitespace() => break,
                    '"' | '\'' if at_value_start => {
                        quote = Some(c);
                        at_value_start = false;
                    }
                    '!' if at_value_start => {
                        let tag: String = chars[i..]
                            .iter()
                            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
                            .collect();
                        if !CORE_TAGS.contains(&tag.as_str()) {
                            found.push((index + 1, tag.clone()));
                        }
                        i += tag.chars().count();
                        previous = '!';
                        // The tagged value itself follows.
                        continue;
                    }
                    '[' | '{' | ',' => at_value_start = true,
                    '-' if at_value_start && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) => {}
                    ':' if chars.get(i + 1).is_none_or(|n| n.is_whitespace()) => at_value_start = true,
                    c if c.is_whitespace() => {}
                    _ => at_value_start = false,
                },
            }
            previous = c;
            i += 1;
        }
    }
    found
}

/// `key: |`, `- >-`, `text: |2`: the value is a block of text below.
fn opens_block(line: &str) -> bool {
    let value = line.split(" #").next().unwrap_or(line).trim_end();
    let Some(last) = value.rsplit([' ', '\t']).next() else { return false };
    let before = &value[..value.len() - last.len()];
    let starts_value = before.trim_end().ends_with(':') || before.trim_end().ends_with('-') || before.is_empty();
    starts_value
        && last.starts_with(['|', '>'])
        && last[1..].chars().all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_start_values_are_found() {
        let yaml = "title: !!python/object:os.system [ls]\ntags: !custom [a, b]\nlist:\n  - !x 1\nflow: [a, !y b]\n";
        let tags: Vec<_> = find_tags(yaml).into_iter().map(|(line, tag)| format!("{line}{tag}")).collect();
        assert_eq!(tags, ["1!!python/object:os.system", "2!custom", "4!x", "5!y"]);
    }

    #[test]
    fn text_with_exclamation_marks_is_no_tag() {
        let yaml = "title: Wow !\ndescription: \"!important\"\nnote: 'it''s !fine'\nx: a # !comment\nkey: !!str 2025\n\
                    body: |\n  !not a tag\n\n  !nor this\nlist:\n  - >-\n    !text\n";
        assert_eq!(find_tags(yaml), Vec::<(usize, String)>::new());
    }
}
