//! Times of day and UTC offsets, shared by every family of date forms.

use super::{excerpt, DateTimeError, TimeOfDay};

/// Zones named by letters in RSS feeds and CMS exports, with their offsets in minutes.
/// RFC 2822's own (`UT`, `GMT`, the North American ones) plus those of Ukraine's outlets.
const ZONES: &[(&str, i16)] = &[
    ("z", 0),
    ("ut", 0),
    ("utc", 0),
    ("gmt", 0),
    ("est", -300),
    ("edt", -240),
    ("cst", -360),
    ("cdt", -300),
    ("mst", -420),
    ("mdt", -360),
    ("pst", -480),
    ("pdt", -420),
    ("cet", 60),
    ("cest", 120),
    ("eet", 120),
    ("eest", 180),
    ("msk", 180),
];

/// Reads a run of at most `max` ASCII digits at the start of `s`: its value, its length.
pub(super) fn digits(s: &[u8], max: usize) -> (u32, usize) {
    let n = s.iter().take(max).take_while(|c| c.is_ascii_digit()).count();
    let v = s[..n].iter().fold(0u32, |v, c| v * 10 + u32::from(c - b'0'));
    (v, n)
}

/// Reads `H[H]:MM[:SS[.fraction]]` at the start of `s` (`,` also starts a fraction, as
/// ISO 8601 allows); returns the time and what follows it. Digits of the fraction beyond
/// nanoseconds are read and dropped.
pub(super) fn parse_time(s: &str) -> Result<(TimeOfDay, &str), DateTimeError> {
    let b = s.as_bytes();
    let unrecognised = || DateTimeError::Unrecognised(excerpt(s));
    let (hour, h_len) = digits(b, 2);
    if h_len == 0 || b.get(h_len) != Some(&b':') {
        return Err(unrecognised());
    }
    let mut at = h_len + 1;
    let (minute, m_len) = digits(&b[at..], 2);
    if m_len != 2 {
        return Err(unrecognised());
    }
    at += 2;
    let mut second = 0;
    if b.get(at) == Some(&b':') {
        let (s2, s_len) = digits(&b[at + 1..], 2);
        if s_len != 2 {
            return Err(unrecognised());
        }
        second = s2;
        at += 3;
    }
    let mut nanos = 0u32;
    if matches!(b.get(at), Some(b'.' | b',')) && b.get(at + 1).is_some_and(u8::is_ascii_digit) {
        at += 1;
        let mut scale = 100_000_000;
        while let Some(c) = b.get(at).filter(|c| c.is_ascii_digit()) {
            nanos += u32::from(c - b'0') * scale;
            scale /= 10;
            at += 1;
        }
    }
    // A digit right after the time (`14:305`) is not a time of day.
    if b.get(at).is_some_and(u8::is_ascii_digit) {
        return Err(unrecognised());
    }
    let time = TimeOfDay::new(hour as u8, minute as u8, second as u8, nanos)
        .ok_or_else(|| DateTimeError::BadTime(excerpt(&s[..at])))?;
    Ok((time, &s[at..]))
}

/// Reads all of `s` as a UTC offset in minutes: `Z`, `±HH:MM`, `±HHMM`, `±HH`, `±H`, a zone
/// name of [`ZONES`], or `UTC`/`GMT` followed by an offset (`UTC+3`). Letters in any case.
pub(super) fn parse_zone(s: &str) -> Result<i16, DateTimeError> {
    let bad = || DateTimeError::BadOffset(excerpt(s));
    let b = s.as_bytes();
    let Some(&sign) = b.first() else {
        return Err(bad());
    };
    if sign != b'+' && sign != b'-' {
        if let Some(&(_, minutes)) = ZONES.iter().find(|(name, _)| name.eq_ignore_ascii_case(s)) {
            return Ok(minutes);
        }
        let named = ["utc", "gmt"]
            .iter()
            .find(|n| b.len() > 3 && s.is_char_boundary(3) && s[..3].eq_ignore_ascii_case(n));
        return match named {
            Some(_) => parse_zone(&s[3..]),
            None => Err(bad()),
        };
    }
    let rest = &b[1..];
    let (hours, minutes) = match rest.len() {
        1 | 2 => (digits(rest, 2), (0, 0)),
        4 => (digits(rest, 2), digits(&rest[2..], 2)),
        5 if rest[2] == b':' => (digits(rest, 2), digits(&rest[3..], 2)),
        _ => return Err(bad()),
    };
    let all_digits = hours.1 == rest.len().min(2) && (rest.len() <= 2 || minutes.1 == 2);
    if !all_digits || hours.0 > 23 || minutes.0 > 59 {
        return Err(bad());
    }
    let total = (hours.0 * 60 + minutes.0) as i16;
    Ok(if sign == b'-' { -total } else { total })
}
