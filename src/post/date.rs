//! Front-matter dates: the ISO 8601 / RFC 3339 shapes blogs actually write,
//! RFC 2822 (a date in a file name is the site rules' to find).

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// Shown whenever a date is rejected, so the user sees what would work.
pub const ACCEPTED_DATE_FORMS: &str = "write it like 2024-06-13, 2024-06-13 08:15, 2024-06-13 08:15:00.123, \
2024-06-13T08:15:00+02:00, 2023-11-17T01:59:43Z or Tue, 12 Feb 2019 17:00:00 -0800; \
a date without an offset is in the site's time zone";

/// Parses a date as written in front matter or given to `--now`. A date
/// without an offset is in `tz` (the site's zone), never the machine's.
pub fn parse_date(text: &str, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    parse(text, tz).ok_or_else(|| format!("`{}` is not a date ({ACCEPTED_DATE_FORMS})", text.trim()))
}

pub(crate) fn parse(text: &str, tz: Tz) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        parse_iso(text, tz)
    } else {
        DateTime::parse_from_rfc2822(text).ok()
    }
}

/// `YYYY-MM-DD`, then optionally `T` or a space, `HH:MM[:SS[.fraction]]` and an
/// optional offset (`Z`, `+HH:MM`, `+HHMM`, `+HH`, ` UTC`, ` GMT`).
fn parse_iso(text: &str, tz: Tz) -> Option<DateTime<FixedOffset>> {
    let (date, rest) = split_date(text)?;
    if rest.is_empty() {
        return Some(in_zone(date.and_time(NaiveTime::MIN), tz));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (time, offset) = split_offset(rest)?;
    let naive = date.and_time(parse_time(time)?);
    match offset {
        Some(offset) => offset.from_local_datetime(&naive).single(),
        None => Some(in_zone(naive, tz)),
    }
}

/// A strict `YYYY-MM-DD` at the start (chrono alone would also take `2024-6-1`).
fn split_date(text: &str) -> Option<(NaiveDate, &str)> {
    let head = text.get(..10)?;
    let b = head.as_bytes();
    let shape_ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| head[range].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
    Some((date, &text[10..]))
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let two_digits =
        |s: &str| (s.len() == 2 && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse::<u32>().ok())?;
    let (hour, minute, second) = match parts.as_slice() {
        [h, m] if fraction.is_none() => (two_digits(h)?, two_digits(m)?, 0),
        [h, m, s] => (two_digits(h)?, two_digits(m)?, two_digits(s)?),
        _ => return None,
    };
    let nanos = match fraction {
        None => 0,
        Some(f) if !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()) => {
            // Keep nanosecond precision; extra digits cannot change the instant meaningfully.
            let digits = &f[..f.len().min(9)];
            digits.parse::<u32>().ok()? * 10u32.pow(9 - digits.len() as u32)
        }
        Some(_) => return None,
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// Splits a trailing UTC offset off the time. `None` inside means "no offset".
fn split_offset(text: &str) -> Option<(&str, Option<FixedOffset>)> {
    let utc = FixedOffset::east_opt(0)?;
    for suffix in ["Z", "z", " UTC", " GMT"] {
        if let Some(time) = text.strip_suffix(suffix) {
            return Some((time.trim_end(), Some(utc)));
        }
    }
    match text.rfind(['+', '-']) {
        Some(at) => Some((text[..at].trim_end(), Some(parse_offset(&text[at..])?))),
        None => Some((text, None)),
    }
}

/// `+HH:MM`, `+HHMM` or `+HH`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// A wall-clock time in the site's zone. When the clocks go back the time
/// happens twice: take the earlier. When they go forward it never happens:
/// read it with the offset from before the change, which lands just after it
/// (02:30 on a spring-forward night becomes 03:30).
fn in_zone(naive: NaiveDateTime, tz: Tz) -> DateTime<FixedOffset> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => dt.fixed_offset(),
        LocalResult::Ambiguous(earliest, _) => earliest.fixed_offset(),
        LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(naive - TimeDelta::days(1))).fix();
            let instant = naive - TimeDelta::seconds(i64::from(before.local_minus_utc()));
            tz.from_utc_datetime(&instant).fixed_offset()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NY: Tz = chrono_tz::America::New_York;

    /// Asserts both the instant (as RFC 3339 in its own offset) and the offset.
    fn check(text: &str, tz: Tz, expected: &str) {
        let got = parse_date(text, tz).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got.to_rfc3339(), expected, "{text}");
        let expected = DateTime::parse_from_rfc3339(expected).unwrap();
        assert_eq!(got.offset(), expected.offset(), "{text}");
    }

    #[test]
    fn naive_forms_are_in_the_site_zone() {
        check("2025-05-05 17:35:52.919448", Tz::UTC, "2025-05-05T17:35:52.919448+00:00");
        check("2024-06-13 01:15:00", Tz::UTC, "2024-06-13T01:15:00+00:00");
        check("2024-06-13 01:15", Tz::UTC, "2024-06-13T01:15:00+00:00");
        check("2025-06-18T11:36:21", Tz::UTC, "2025-06-18T11:36:21+00:00");
        check("2023-06-17", Tz::UTC, "2023-06-17T00:00:00+00:00");
        // New York is UTC-4 in summer and UTC-5 in winter.
        check("2025-05-05 17:35:52.919448", NY, "2025-05-05T17:35:52.919448-04:00");
        check("2024-01-10 08:00", NY, "2024-01-10T08:00:00-05:00");
        check("2023-06-17", NY, "2023-06-17T00:00:00-04:00");
    }

    #[test]
    fn forms_with_an_offset_keep_it() {
        check("2025-01-16 21:35:58.641657+00:00", NY, "2025-01-16T21:35:58.641657+00:00");
        check("2023-02-16 03:36:00-08:00", Tz::UTC, "2023-02-16T03:36:00-08:00");
        check("2024-08-26 09:00-04:00", Tz::UTC, "2024-08-26T09:00:00-04:00");
        check("2023-11-17T01:59:43Z", NY, "2023-11-17T01:59:43+00:00");
        check("2013-06-07T02:33:00.000Z", NY, "2013-06-07T02:33:00+00:00");
        check("2019-02-12 17:00:00 -0800", Tz::UTC, "2019-02-12T17:00:00-08:00");
        check("2019-02-12 17:00:00 +05", Tz::UTC, "2019-02-12T17:00:00+05:00");
        check("  2019-02-12T17:00:00+05:30 ", Tz::UTC, "2019-02-12T17:00:00+05:30");
    }

    #[test]
    fn rfc_2822() {
        check("Tue, 12 Feb 2019 17:00:00 -0800", NY, "2019-02-12T17:00:00-08:00");
        check("Tue, 12 Feb 2019 17:00:00 GMT", NY, "2019-02-12T17:00:00+00:00");
    }

    #[test]
    fn daylight_saving_edges_do_not_panic() {
        // 2024-03-10 02:30 never happened in New York: shifted forward to 03:30 EDT.
        check("2024-03-10 02:30", NY, "2024-03-10T03:30:00-04:00");
        // 2024-11-03 01:30 happened twice: the earlier one, still EDT.
        check("2024-11-03 01:30", NY, "2024-11-03T01:30:00-04:00");
    }

    #[test]
    fn bad_dates_quote_the_value_and_list_the_forms() {
        for bad in
            ["2024-13-45", "yesterday", "2024-6-1", "2024-06-13 25:00", "2024-06-13 08:15+99:00", "", "2024-06-13x"]
        {
            let err = parse_date(bad, Tz::UTC).unwrap_err();
            assert!(err.contains(&format!("`{bad}`")), "{err}");
            assert!(err.contains("2023-11-17T01:59:43Z"), "{err}");
        }
    }
}
