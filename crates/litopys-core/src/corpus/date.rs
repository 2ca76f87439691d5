//! Calendar dates of articles.
//!
//! Archives carry dates as `YYYY-MM-DD` strings. They are validated once, here, so that the
//! rest of Litopys (date facets, range queries, sorting) can rely on every date being a real
//! day, and so that a typo such as `2023-02-30` is reported against the file that holds it
//! instead of turning into a silently wrong index entry.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A validated calendar day (proleptic Gregorian, years 1–9999), without time or time zone.
///
/// Exists because news archives date articles by day only; a full timestamp type would
/// invent a time and a zone that the archive never had. Ordered chronologically; shown and
/// serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleDate {
    // Field order matters: the derived `Ord` is chronological.
    year: i32,
    month: u8,
    day: u8,
}

/// Why a string or a triple is not an [`ArticleDate`].
///
/// Exists so that the reader can tell a malformed string from an impossible day in its
/// message; both end up as [`SkipReason::ImpossibleDate`](super::SkipReason::ImpossibleDate).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (four, two and two ASCII digits).
    #[error("`{0}` is not a YYYY-MM-DD date")]
    Malformed(String),
    /// Well-formed, but no such day exists.
    #[error("{0:04}-{1:02}-{2:02} is not a day of the calendar")]
    NoSuchDay(i32, u8, u8),
}

/// Whether `year` has a 29 February (Gregorian rule).
fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days of `month` (1–12) in `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl ArticleDate {
    /// Builds a date from its parts, rejecting days that do not exist.
    ///
    /// Exists for callers that already hold numbers (e.g. a date facet) and for tests.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(DateError::NoSuchDay(year, month, day));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay(year, month, day));
        }
        Ok(ArticleDate { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD` (no surrounding whitespace, no time part).
    ///
    /// Exists as the single strict entry point for dates found in archives: `2023-1-5`,
    /// `05.01.2023` and `2023-02-30` are all rejected, each with its own message.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let b = s.as_bytes();
        let well_formed = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !well_formed {
            return Err(DateError::Malformed(s.chars().take(40).collect()));
        }
        let num =
            |r: std::ops::Range<usize>| -> i32 { b[r].iter().fold(0, |n, c| n * 10 + i32::from(c - b'0')) };
        // Month and day are two digits, so they fit in u8.
        Self::new(num(0..4), num(5..7) as u8, num(8..10) as u8)
    }

    /// The year (1–9999).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12).
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month (1–31).
    pub fn day(&self) -> u8 {
        self.day
    }

    /// Seconds since 1970-01-01T00:00:00Z at midnight UTC of this day (negative before 1970).
    ///
    /// Exists because the index stores dates as Tantivy date fields, which count seconds.
    pub fn unix_seconds(&self) -> i64 {
        self.days_since_epoch() * 86_400
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    ///
    /// Exists so that timelines can step through days, weeks and months by arithmetic.
    pub fn days_since_epoch(&self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // [0, 399]
        let mp = (m + 9) % 12; // March = 0
        let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`); `None`
    /// outside the years an article can carry.
    ///
    /// Exists to turn the index's second counts back into calendar days for timelines.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097; // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // March = 0
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        ArticleDate::new(i32::try_from(year).ok()?, month as u8, day as u8).ok()
    }

    /// Day of the week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    pub fn weekday(&self) -> u8 {
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }
}

impl fmt::Display for ArticleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for ArticleDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ArticleDate::parse(s)
    }
}

impl Serialize for ArticleDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ArticleDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        ArticleDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays() {
        for s in [
            "1970-01-01",
            "1969-12-31",
            "2000-02-29",
            "2024-03-01",
            "2025-12-31",
            "0001-01-01",
        ] {
            let d = ArticleDate::parse(s).unwrap();
            assert_eq!(
                ArticleDate::from_days_since_epoch(d.days_since_epoch()),
                Some(d),
                "{s}"
            );
        }
        let mut d = ArticleDate::parse("2023-12-25").unwrap(); // a Monday
        for i in 0..800 {
            assert_eq!(d.weekday(), (i % 7) as u8, "{d}");
            let next = ArticleDate::from_days_since_epoch(d.days_since_epoch() + 1).unwrap();
            assert!(next > d);
            d = next;
        }
        assert_eq!(ArticleDate::from_days_since_epoch(i64::MAX / 4), None);
    }

    #[test]
    fn parses_and_displays() {
        let d = ArticleDate::parse("2024-02-29").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(
            "0987-01-05".parse::<ArticleDate>().unwrap().to_string(),
            "0987-01-05"
        );
    }

    #[test]
    fn leap_years() {
        assert!(ArticleDate::parse("2024-02-29").is_ok());
        assert!(ArticleDate::parse("2000-02-29").is_ok());
        assert!(ArticleDate::parse("2023-02-29").is_err());
        assert!(ArticleDate::parse("1900-02-29").is_err());
        assert!(ArticleDate::parse("2100-02-29").is_err());
    }

    #[test]
    fn rejects_impossible_and_malformed() {
        for s in [
            "2024-02-30",
            "2023-13-01",
            "2023-00-10",
            "2023-04-31",
            "2023-05-00",
        ] {
            assert!(
                matches!(ArticleDate::parse(s), Err(DateError::NoSuchDay(..))),
                "{s}"
            );
        }
        for s in [
            "2023-1-5",
            "05.01.2023",
            "",
            " 2023-01-05",
            "2023-01-05T10:00",
            "вчора",
        ] {
            assert!(
                matches!(ArticleDate::parse(s), Err(DateError::Malformed(_))),
                "{s}"
            );
        }
        assert!(ArticleDate::parse("0000-01-01").is_err());
        assert_eq!(
            ArticleDate::parse("2023-02-30").unwrap_err().to_string(),
            "2023-02-30 is not a day of the calendar"
        );
    }

    #[test]
    fn unix_seconds_at_midnight_utc() {
        let s = |x: &str| ArticleDate::parse(x).unwrap().unix_seconds();
        assert_eq!(s("1970-01-01"), 0);
        assert_eq!(s("1969-12-31"), -86_400);
        assert_eq!(s("2000-03-01"), 951_868_800);
        assert_eq!(s("2024-02-29"), 1_709_164_800);
        assert_eq!(s("2025-11-18"), 1_763_424_000);
    }

    #[test]
    fn ordered_chronologically_and_serde_as_string() {
        let a = ArticleDate::parse("2019-12-31").unwrap();
        let b = ArticleDate::parse("2020-01-01").unwrap();
        assert!(a < b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"2019-12-31\"");
        let back: ArticleDate = serde_json::from_str("\"2019-12-31\"").unwrap();
        assert_eq!(back, a);
        assert!(serde_json::from_str::<ArticleDate>("\"2019-02-30\"").is_err());
    }
}
