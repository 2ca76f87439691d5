//! ISO 8601 / RFC 3339: `2025-09-05`, `2025-09-05T14:30:00.123+03:00`, `2025-09-05 14:30`.

use super::clock::{digits, parse_time, parse_zone};
use super::{day, excerpt, ArticleDateTime, DateTimeError};

/// Reads `s`, which starts with four digits and `-` or `/` (the caller checked).
///
/// Month and day may have one digit (`2025-9-5`); the time may follow a `T` or spaces; the
/// offset may follow the time directly or after a space; an RFC 9557 zone name in brackets
/// after the offset (`+03:00[Europe/Kyiv]`, as Java writes) is dropped.
pub(super) fn parse(s: &str) -> Result<ArticleDateTime, DateTimeError> {
    let b = s.as_bytes();
    let unrecognised = || DateTimeError::Unrecognised(excerpt(s));
    let (year, _) = digits(b, 4);
    let sep = b[4];
    let (month, m_len) = digits(&b[5..], 2);
    if m_len == 0 {
        return Err(unrecognised());
    }
    let mut at = 5 + m_len;
    if at == b.len() {
        return Err(DateTimeError::NoDay(excerpt(s)));
    }
    if b[at] != sep {
        return Err(unrecognised());
    }
    let (d, d_len) = digits(&b[at + 1..], 2);
    if d_len == 0 {
        return Err(unrecognised());
    }
    at += 1 + d_len;
    let rest = &s[at..];
    let clock = if let Some(r) = rest.strip_prefix(['T', 't']) {
        r
    } else if rest.starts_with(' ') {
        rest.trim_start()
    } else if rest.is_empty() {
        return Ok(ArticleDateTime::from_date(day(year.into(), month, d)?));
    } else {
        return Err(unrecognised());
    };
    if !clock.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(unrecognised());
    }
    let date = day(year.into(), month, d)?;
    let (time, after) = parse_time(clock).map_err(|e| match e {
        DateTimeError::Unrecognised(_) => unrecognised(),
        other => other,
    })?;
    let mut zone = after.trim_start();
    if let Some(open) = zone.find('[').filter(|_| zone.ends_with(']')) {
        zone = zone[..open].trim_end();
    }
    let offset = if zone.is_empty() {
        None
    } else {
        Some(parse_zone(zone)?)
    };
    Ok(ArticleDateTime::with_time(date, time, offset))
}
