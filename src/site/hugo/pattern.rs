//! Hugo's `[permalinks]` patterns: `/:year/:month/:slug/` and the other
//! `:name` tokens, including Go time layouts such as `:2006` or `:Jan`.
//! Written from Hugo's `resources/page/permalinks.go` and Go's `time`
//! layout rules; expansions checked against hugo v0.111.3.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use super::urlize::PathStyle;

/// What a pattern's tokens are filled from.
pub struct PageInfo<'a> {
    /// The title as written in the front matter.
    pub title: &'a str,
    /// `slug:` without leading or trailing `-`; `None` when absent or empty.
    pub slug: Option<&'a str>,
    /// The file name without extension or language code; a bundle's folder.
    pub base_name: &'a str,
    /// The first folder under the content folder (`posts`).
    pub section: &'a str,
    /// The nearest section's path, one folder per entry (`posts`, `tutorials`).
    pub sections: &'a [String],
    /// The page's date as Hugo holds it: with the offset written, else in
    /// the site's zone; year 1 when the page has none.
    pub date: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Year,
    Month,
    MonthName,
    Day,
    Weekday,
    WeekdayName,
    YearDay,
    Section,
    Sections,
    SectionsSlice(String),
    Title,
    Slug,
    SlugOrFilename,
    Filename,
    ContentBaseName,
    SlugOrContentBaseName,
    /// A Go time layout (`2006`, `Jan`, `_2`).
    Layout(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Token(Token),
}

/// A parsed permalink pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub text: String,
    parts: Vec<Part>,
}

/// 2019-11-09T23:01:42.000000001Z: every field differs from Go's reference
/// time, so a token that formats to itself holds no layout element.
fn reference_time() -> DateTime<FixedOffset> {
    DateTime::from_timestamp(1_573_340_502, 1).unwrap_or_default().fixed_offset()
}

impl Pattern {
    /// Parses `text`; `Err` names a token Hugo does not know (Hugo stops
    /// the build on it too).
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            // `\:` is a literal colon (Hugo 0.136 and later).
            if let Some(after) = rest.strip_prefix("\\:") {
                literal.push(':');
                rest = after;
                continue;
            }
            let name_len = rest[1..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            if c != ':' || name_len == 0 {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let mut end = 1 + name_len;
            // An optional `[...]` with at least one character, on one line.
            if rest[end..].starts_with('[') {
                if let Some(close) = rest[end + 1..].find(']').filter(|&i| i > 0) {
                    if !rest[end + 1..end + 1 + close].contains('\n') {
                        end += close + 2;
                    }
                }
            }
            let name = &rest[1..end];
            let token = token(name).ok_or_else(|| {
                format!("`:{name}` in the permalink `{text}` is not a token Hugo knows (see gohugo.io, \"Permalinks\")")
            })?;
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(Part::Token(token));
            rest = &rest[end..];
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Pattern { text: text.to_string(), parts })
    }

    /// The pattern with every token filled in, before Hugo unescapes and
    /// sanitizes the whole path.
    pub fn expand(&self, page: &PageInfo<'_>, style: PathStyle) -> String {
        let urlize = |text: &str| style.make_path(text);
        let filename = || urlize(page.base_name);
        let mut out = String::new();
        for part in &self.parts {
            let token = match part {
                Part::Text(text) => {
                    out.push_str(text);
                    continue;
                }
                Part::Token(token) => token,
            };
            let date = page.date;
            let value = match token {
                Token::Year => date.year().to_string(),
                Token::Month => format!("{:02}", date.month()),
                Token::MonthName => MONTHS[date.month0() as usize].to_string(),
                Token::Day => format!("{:02}", date.day()),
                Token::Weekday => date.weekday().num_days_from_sunday().to_string(),
                Token::WeekdayName => WEEKDAYS[date.weekday().num_days_from_sunday() as usize].to_string(),
                Token::YearDay => date.ordinal().to_string(),
                Token::Section => page.section.to_string(),
                Token::Sections => page.sections.join("/"),
                Token::SectionsSlice(cut) => slice(page.sections, cut).join("/"),
                Token::Title => urlize(page.title),
                Token::Slug => page.slug.map_or_else(|| urlize(page.title), urlize),
                Token::SlugOrFilename | Token::SlugOrContentBaseName => page.slug.map_or_else(filename, urlize),
                Token::Filename | Token::ContentBaseName => filename(),
                Token::Layout(layout) => go_format(layout, date),
            };
            out.push_str(&value);
        }
        out
    }
}

fn token(name: &str) -> Option<Token> {
    Some(match name {
        "year" => Token::Year,
        "month" => Token::Month,
        "monthname" => Token::MonthName,
        "day" => Token::Day,
        "weekday" => Token::Weekday,
        "weekdayname" => Token::WeekdayName,
        "yearday" => Token::YearDay,
        "section" => Token::Section,
        "sections" => Token::Sections,
        "title" => Token::Title,
        "slug" => Token::Slug,
        "slugorfilename" => Token::SlugOrFilename,
        "filename" => Token::Filename,
        "contentbasename" => Token::ContentBaseName,
        "slugorcontentbasename" => Token::SlugOrContentBaseName,
        _ if name.starts_with("sections[") => Token::SectionsSlice(name["sections".len()..].to_string()),
        _ if go_format(name, reference_time()) != name => Token::Layout(name.to_string()),
        _ => return None,
    })
}

/// `:sections[1:]`, `[last]`, `[0]`: Hugo's lenient slice of the section
/// path (out-of-range bounds give nothing, never an error).
fn slice(entries: &[String], cut: &str) -> Vec<String> {
    let cut = cut.trim().to_lowercase();
    if cut.len() < 3 || !cut.starts_with('[') || !cut.ends_with(']') || entries.is_empty() {
        return Vec::new();
    }
    let inner = &cut[1..cut.len() - 1];
    let len = entries.len();
    let index = |text: &str, low: bool| -> Option<usize> {
        match text {
            "" => Some(if low { 0 } else { len }),
            "last" => Some(len - 1),
            n => {
                let n = n.parse::<i64>().unwrap_or(0).max(0) as usize;
                match (n >= len, low) {
                    (true, true) => None,
                    (true, false) => Some(len),
                    _ => Some(n),
                }
            }
        }
    };
    match inner.split_once(':') {
        None => index(inner, true).map(|i| entries[i].clone()).into_iter().filter(|e| !e.is_empty()).collect(),
        Some((low, high)) => match (index(low, true), index(high.split(':').next().unwrap_or(""), false)) {
            (Some(low), Some(high)) if low <= high => entries[low..high].to_vec(),
            _ => Vec::new(),
        },
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// Go's `time.Time.Format` for the layout elements a `:name` token can
/// hold (letters, digits, `_`); anything else is copied as it is.
pub fn go_format(layout: &str, t: DateTime<FixedOffset>) -> String {
    let b = layout.as_bytes();
    let lower_next = |i: usize| b.get(i).is_some_and(u8::is_ascii_lowercase);
    let at = |i: usize, s: &str| layout.get(i..i + s.len()) == Some(s);
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let offset = t.offset().local_minus_utc();
    let zone = |colon: &str, seconds: bool, short: bool| {
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.unsigned_abs();
        let mut s = format!("{sign}{:02}", abs / 3600);
        if !short {
            s.push_str(&format!("{colon}{:02}", abs / 60 % 60));
        }
        if seconds {
            s.push_str(&format!("{colon}{:02}", abs % 60));
        }
        s
    };
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let (text, len): (String, usize) = match b[i] {
            b'J' if at(i, "January") => (MONTHS[t.month0() as usize].into(), 7),
            b'J' if at(i, "Jan") && !lower_next(i + 3) => (MONTHS[t.month0() as usize][..3].into(), 3),
            b'M' if at(i, "Monday") => (WEEKDAYS[t.weekday().num_days_from_sunday() as usize].into(), 6),
            b'M' if at(i, "Mon") && !lower_next(i + 3) => {
                (WEEKDAYS[t.weekday().num_days_from_sunday() as usize][..3].into(), 3)
            }
            b'M' if at(i, "MST") => (if offset == 0 { "UTC".into() } else { zone("", false, false) }, 3),
            b'0' if b.get(i + 1).is_some_and(|c| (b'1'..=b'6').contains(c)) => {
                let text = match b[i + 1] {
                    b'1' => format!("{:02}", t.month()),
                    b'2' => format!("{:02}", t.day()),
                    b'3' => format!("{hour12:02}"),
                    b'4' => format!("{:02}", t.minute()),
                    b'5' => format!("{:02}", t.second()),
                    _ => format!("{:02}", t.year().rem_euclid(100)),
                };
                (text, 2)
            }
            b'0' if at(i, "002") => (format!("{:03}", t.ordinal()), 3),
            b'1' if at(i, "15") => (format!("{:02}", t.hour()), 2),
            b'1' => (t.month().to_string(), 1),
            b'2' if at(i, "2006") => (format!("{:04}", t.year()), 4),
            b'2' => (t.day().to_string(), 1),
            // `_2006` is a literal `_` and the year.
            b'_' if at(i, "_2006") => ("_".into(), 1),
            b'_' if at(i, "_2") => (format!("{:>2}", t.day()), 2),
            b'_' if at(i, "__2") => (format!("{:>3}", t.ordinal()), 3),
            b'3' => (hour12.to_string(), 1),
            b'4' => (t.minute().to_string(), 1),
            b'5' => (t.second().to_string(), 1),
            b'P' if at(i, "PM") => ((if t.hour() >= 12 { "PM" } else { "AM" }).into(), 2),
            b'p' if at(i, "pm") => ((if t.hour() >= 12 { "pm" } else { "am" }).into(), 2),
            b'Z' if at(i, "Z070000") => (if offset == 0 { "Z".into() } else { zone("", true, false) }, 7),
            b'Z' if at(i, "Z0700") => (if offset == 0 { "Z".into() } else { zone("", false, false) }, 5),
            b'Z' if at(i, "Z07") => (if offset == 0 { "Z".into() } else { zone("", false, true) }, 3),
            _ => {
                let c = layout[i..].chars().next().unwrap_or(' ');
                (c.to_string(), c.len_utf8())
            }
        };
        out.push_str(&text);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn page<'a>(title: &'a str, slug: Option<&'a str>, sections: &'a [String]) -> PageInfo<'a> {
        PageInfo { title, slug, base_name: "n1", section: "notes", sections, date: date("2024-02-29T12:00:00Z") }
    }

    #[test]
    fn tokens_expand_as_hugo_does() {
        let sections = vec!["notes".to_string()];
        let style = PathStyle::default();
        // From hugo v0.111.3: notes = "/:section/:sections/:slugorfilename/:filename/
        //   :monthname-:weekday-:weekdayname-:yearday/:2006-:Jan-:_2-:06"
        let p = Pattern::parse(
            "/:section/:sections/:slugorfilename/:filename/:monthname-:weekday-:weekdayname-:yearday/:2006-:Jan-:_2-:06",
        )
        .unwrap();
        assert_eq!(
            p.expand(&page("N1", None, &sections), style),
            "/notes/notes/n1/n1/February-4-Thursday-60/2024-Feb-29-24"
        );
        assert_eq!(
            p.expand(&page("N1", Some("Sl Ug"), &sections), style),
            "/notes/notes/sl-ug/n1/February-4-Thursday-60/2024-Feb-29-24"
        );
        let p = Pattern::parse("/:year/:month/:day/:title/").unwrap();
        assert_eq!(p.expand(&page("C++ tips", None, &sections), style), "/2024/02/29/c++-tips/");
        let p = Pattern::parse("/:slug/").unwrap();
        assert_eq!(p.expand(&page("Blog Title", None, &sections), style), "/blog-title/");
        assert_eq!(p.expand(&page("Blog Title", Some("Mine"), &sections), style), "/mine/");
    }

    #[test]
    fn the_date_keeps_its_written_offset() {
        let sections = vec![];
        let mut info = page("x", None, &sections);
        info.date = date("2024-03-31T23:30:00-05:00");
        let p = Pattern::parse("/:year/:month/:day/").unwrap();
        assert_eq!(p.expand(&info, PathStyle::default()), "/2024/03/31/");
    }

    #[test]
    fn sections_slices_are_lenient() {
        let entries: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(slice(&entries, "[1:]"), ["b", "c"]);
        assert_eq!(slice(&entries, "[:2]"), ["a", "b"]);
        assert_eq!(slice(&entries, "[last]"), ["c"]);
        assert_eq!(slice(&entries, "[0]"), ["a"]);
        assert!(slice(&entries, "[7]").is_empty());
        assert_eq!(slice(&entries, "[1:9]"), ["b", "c"]);
        assert!(slice(&entries, "nonsense").is_empty());
    }

    #[test]
    fn unknown_tokens_are_refused_and_escapes_kept() {
        let err = Pattern::parse("/:yaer/:slug/").unwrap_err();
        assert!(err.contains(":yaer"), "{err}");
        let p = Pattern::parse("/a\\:b/:slug/").unwrap();
        let sections = vec![];
        assert_eq!(p.expand(&page("T", None, &sections), PathStyle::default()), "/a:b/t/");
    }

    #[test]
    fn go_layouts() {
        let t = date("2024-02-09T15:04:05+02:00");
        assert_eq!(go_format("2006", t), "2024");
        assert_eq!(go_format("06", t), "24");
        assert_eq!(go_format("01", t), "02");
        assert_eq!(go_format("1", t), "2");
        assert_eq!(go_format("_2", t), " 9");
        assert_eq!(go_format("002", t), "040");
        assert_eq!(go_format("January", t), "February");
        assert_eq!(go_format("Mon", t), "Fri");
        assert_eq!(go_format("Monday", t), "Friday");
        assert_eq!(go_format("15", t), "15");
        assert_eq!(go_format("03PM", t), "03PM");
        assert_eq!(go_format("Z0700", t), "+0200");
        assert_eq!(go_format("slug", t), "slug");
        assert_eq!(go_format("Janet", t), "Janet");
    }
}
