//! Numbers: Unix times in seconds, milliseconds, microseconds or nanoseconds, and
//! `YYYYMMDD` written as eight digits.

use super::{day, excerpt, ArticleDateTime, DateTimeError};

/// Below this, a number is no Unix time of a news article (it would be before March 1973):
/// it is a placeholder such as 0, a year, or something else.
const MIN_EPOCH: u128 = 100_000_000;

/// Whether `s` is `-?DIGITS(.DIGITS)?`, with at least three digits before a dot (so that
/// `09.2025` and `5.9.2025` are left to the reader of dotted dates).
pub(super) fn looks_numeric(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((int, _)) if int.len() < 3 => return false,
        Some(parts) => parts,
        None => (s, "0"),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

/// Reads a JSON number as [`parse_digits`] reads its decimal text.
pub(super) fn parse_number(n: &serde_json::Number) -> Result<ArticleDateTime, DateTimeError> {
    let text = n.to_string();
    if looks_numeric(&text) {
        parse_digits(&text)
    } else {
        // Exponent notation: far outside any Unix time of a date.
        Err(DateTimeError::BadEpoch(excerpt(&text)))
    }
}

/// Reads `s` (which [`looks_numeric`]): eight digits as `YYYYMMDD`, anything else as a
/// Unix time whose unit follows from its magnitude (seconds up to 10^11, then milliseconds
/// up to 10^14, microseconds up to 10^17, nanoseconds beyond).
pub(super) fn parse_digits(s: &str) -> Result<ArticleDateTime, DateTimeError> {
    let bad = || DateTimeError::BadEpoch(excerpt(s));
    if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) {
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        return Ok(ArticleDateTime::from_date(day(n(0..4).into(), n(4..6), n(6..8))?));
    }
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let int = int.trim_start_matches('0');
    if int.len() > 21 {
        return Err(bad());
    }
    let int: u128 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let unit_nanos: u128 = match int {
        i if i < MIN_EPOCH => return Err(bad()),
        i if i <= 100_000_000_000 => 1_000_000_000,
        i if i <= 100_000_000_000_000 => 1_000_000,
        i if i <= 100_000_000_000_000_000 => 1_000,
        _ => 1,
    };
    // The fraction, to 18 digits, as a part of one unit.
    let frac = &frac[..frac.len().min(18)];
    let frac_nanos = if frac.is_empty() {
        0
    } else {
        let value: u128 = frac.parse().map_err(|_| bad())?;
        value * unit_nanos / 10u128.pow(frac.len() as u32)
    };
    let total = i128::try_from(int * unit_nanos + frac_nanos).map_err(|_| bad())?;
    let total = if negative { -total } else { total };
    let seconds = i64::try_from(total.div_euclid(1_000_000_000)).map_err(|_| bad())?;
    let nanos = total.rem_euclid(1_000_000_000) as u32;
    ArticleDateTime::from_unix(seconds, nanos).ok_or_else(bad)
}
