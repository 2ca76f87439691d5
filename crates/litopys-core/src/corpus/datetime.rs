//! Lenient reading of the dates and times that real archives carry.
//!
//! Researchers' dumps date articles in every way a crawler, a CMS or a spreadsheet ever
//! wrote a date: ISO 8601 timestamps with offsets, RSS's RFC 2822, `05.09.2025`,
//! «5 вересня 2025 року, 14:30», `Sep 5, 2025`, Unix seconds or milliseconds. Each of
//! them is read here into an [`ArticleDateTime`], which keeps what was written: the calendar
//! day in the article's own offset (what filters and timelines use), and the time of day and
//! the offset when the archive gave them. Anything else is a [`DateTimeError`] whose
//! message names the problem in a few words, for a per-file warning; the caller keeps the
//! article, undated. The forms read are listed on [`ArticleDateTime::parse`].

mod clock;
mod epoch;
mod iso;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::ArticleDate;

/// Longest input (in bytes, after trimming) that is looked at; longer values are refused at
/// once, so that a text pasted into a date field costs nothing.
const MAX_LEN: usize = 160;

/// A time of day as written, to the nanosecond.
///
/// Exists because the archive's own clock time is worth keeping (shown to the reader, used
/// to order articles of one day) even when no offset says which instant it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
}

impl TimeOfDay {
    /// A time of day, or `None` for an impossible one. `second` may be 60 (a leap second, as
    /// RFC 3339 allows); `nanos` is below 10^9.
    ///
    /// Exists for readers of typed columns (Parquet times) and for tests.
    pub fn new(hour: u8, minute: u8, second: u8, nanos: u32) -> Option<Self> {
        (hour < 24 && minute < 60 && second <= 60 && nanos < 1_000_000_000).then_some(TimeOfDay {
            hour,
            minute,
            second,
            nanos,
        })
    }

    /// The hour, 0–23.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    pub fn minute(&self) -> u8 {
        self.minute
    }

    /// The second, 0–60 (60 only for a leap second).
    pub fn second(&self) -> u8 {
        self.second
    }

    /// The fraction of the second, in nanoseconds.
    pub fn nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since midnight (a leap second counts as the next one).
    fn seconds_of_day(&self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }
}

/// A publication date as an archive wrote it: the day, and the time and UTC offset if given.
///
/// Exists because dumps carry anything from a bare day to a full timestamp, and Litopys must
/// neither invent a time or a zone that the archive never had nor throw away one it had.
/// The [`date`](Self::date) is the calendar day *as written*, in the article's own offset
/// (`2025-09-05T01:00:00+03:00` is 5 September even though it is the 4th in UTC), because
/// that is the day the outlet published it on. An offset is only ever present with a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleDateTime {
    date: ArticleDate,
    time: Option<TimeOfDay>,
    offset_minutes: Option<i16>,
}

/// Why a value is not a date that [`ArticleDateTime`] can read.
///
/// Exists so that a per-file warning can say in a few words what was wrong with the first
/// bad value (`2023-02-30 is not a day of the calendar`, `` `вересень 2025` names a month
/// but no day``); values in messages are cut to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateTimeError {
    /// Nothing but whitespace.
    #[error("empty date")]
    Empty,
    /// None of the forms that are read.
    #[error("`{0}` is not a date in any known form")]
    Unrecognised(String),
    /// Well-formed, but no such day exists (year, month, day as written).
    #[error("{0:04}-{1:02}-{2:02} is not a day of the calendar")]
    NoSuchDay(i64, u32, u32),
    /// A month (and year) without a day, such as «вересень 2025» or `2025-09`.
    #[error("`{0}` names a month but no day")]
    NoDay(String),
    /// The date is fine but the time of day is impossible (`25:00`, `14:61`).
    #[error("`{0}` is not a time of day")]
    BadTime(String),
    /// The date and time are fine but what follows is not a UTC offset or known zone.
    #[error("`{0}` is not a UTC offset or a known time zone")]
    BadOffset(String),
    /// A number that cannot be a Unix time of a news article (below 10^8, i.e. before 1973,
    /// as placeholders like 0 are, or beyond the year 9999).
    #[error("the number {0} is not a Unix time of a date")]
    BadEpoch(String),
    /// A real day in a year the index cannot store (a typo such as `0219-03-05`).
    #[error("{0} is outside the years the index can store ({1}–{2})")]
    Unstorable(String, i32, i32),
    /// A JSON value that is neither a string nor a number (the description says which).
    #[error("expected a string or a number, found {0}")]
    WrongType(String),
}

/// The first 40 characters of `s`, for messages.
fn excerpt(s: &str) -> String {
    s.chars().take(40).collect()
}

/// [`ArticleDate::new`] from wide numbers, with the error of this module.
fn day(year: i64, month: u32, day: u32) -> Result<ArticleDate, DateTimeError> {
    let no_such_day = || DateTimeError::NoSuchDay(year, month, day);
    let (y, m, d) = (
        i32::try_from(year).map_err(|_| no_such_day())?,
        u8::try_from(month).map_err(|_| no_such_day())?,
        u8::try_from(day).map_err(|_| no_such_day())?,
    );
    ArticleDate::new(y, m, d).map_err(|_| no_such_day())
}

impl ArticleDateTime {
    /// Reads a date in any of the forms real dumps use; see [`DateTimeError`] for what is
    /// refused. Never panics, whatever the input.
    ///
    /// The forms (surrounding whitespace ignored, letters in any case):
    ///
    /// - ISO 8601 / RFC 3339: `2025-09-05`, `2025-09-05T14:30:00+03:00`, `…Z`, `…T14:30:00.123`,
    ///   offsets `+03:00`, `+0300`, `+03`, a space instead of `T`, minutes without seconds,
    ///   `/` instead of `-` (`2025/09/05 14:30`); `YYYYMMDD` as eight digits;
    /// - RFC 2822 as in RSS: `Fri, 05 Sep 2025 14:30:00 +0300`, zones `GMT`, `UT`, `UTC`,
    ///   `EST`-style and `EET`/`EEST`/`MSK`, weekday optional and not checked against the day;
    /// - day first with dots: `05.09.2025`, `5.9.2025`, with an optional `14:30[:00]` after;
    /// - month names, Ukrainian (genitive, nominative, abbreviations: «5 вересня 2025»,
    ///   «05 вер. 2025 р.», «5 вересня 2025 року, 14:30», «14:30, 5 вересня 2025»), Russian
    ///   (genitive, as in older Ukrainian outlets) and English (`September 5, 2025`,
    ///   `5 September 2025`, `Sep 5, 2025 2:30 PM`); a month without a day is refused;
    /// - Unix time as a number or a digit string (seconds; milliseconds above 10^11,
    ///   microseconds above 10^14, nanoseconds above 10^17), which is UTC.
    ///
    ///
    /// Exists as the one entry point for textual dates of every archive format (JSON, CSV,
    /// HTML metadata), so that they all accept and refuse the same things.
    pub fn parse(s: &str) -> Result<Self, DateTimeError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(DateTimeError::Empty);
        }
        if s.len() > MAX_LEN {
            return Err(DateTimeError::Unrecognised(excerpt(s)));
        }
        let b = s.as_bytes();
        if epoch::looks_numeric(s) {
            epoch::parse_digits(s)
        } else if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/') {
            iso::parse(s)
        } else {
            words::parse(s)
        }
    }

    /// Reads a JSON value: a string as [`parse`](Self::parse) does, a number as a Unix time
    /// (or eight digits `YYYYMMDD`); anything else is [`DateTimeError::WrongType`].
    ///
    /// Exists because JSON dumps give epoch times as numbers, and a date field of the wrong
    /// type should make the article undated rather than skipped.
    pub fn from_json(value: &Value) -> Result<Self, DateTimeError> {
        match value {
            Value::String(s) => Self::parse(s),
            Value::Number(n) => epoch::parse_number(n),
            Value::Null => Err(DateTimeError::Empty),
            Value::Bool(b) => Err(DateTimeError::WrongType(format!("the boolean {b}"))),
            Value::Array(_) => Err(DateTimeError::WrongType("an array".into())),
            Value::Object(_) => Err(DateTimeError::WrongType("an object".into())),
        }
    }

    /// A bare day, without time or offset.
    ///
    /// Exists for formats whose dates are days only (`.txt` headers, Parquet date columns).
    pub fn from_date(date: ArticleDate) -> Self {
        ArticleDateTime {
            date,
            time: None,
            offset_minutes: None,
        }
    }

    /// The instant `seconds` + `nanos` after 1970-01-01T00:00:00Z, in UTC (offset 0);
    /// `None` outside the years 1–9999 or for `nanos` ≥ 10^9.
    ///
    /// Exists for Unix times in JSON and for Parquet/Arrow timestamp columns.
    pub fn from_unix(seconds: i64, nanos: u32) -> Option<Self> {
        if nanos >= 1_000_000_000 {
            return None;
        }
        let date = ArticleDate::from_days_since_epoch(seconds.div_euclid(86_400))?;
        let s = seconds.rem_euclid(86_400);
        let time = TimeOfDay::new((s / 3600) as u8, (s / 60 % 60) as u8, (s % 60) as u8, nanos)?;
        Some(ArticleDateTime {
            date,
            time: Some(time),
            offset_minutes: Some(0),
        })
    }

    /// A day with a time and, optionally, an offset in minutes east of UTC (±23:59 at most).
    fn with_time(date: ArticleDate, time: TimeOfDay, offset_minutes: Option<i16>) -> Self {
        ArticleDateTime {
            date,
            time: Some(time),
            offset_minutes,
        }
    }

    /// The calendar day as written, in the article's own offset.
    ///
    /// Exists because filters, facets and timelines work by the day the outlet published on.
    pub fn date(&self) -> ArticleDate {
        self.date
    }

    /// The time of day as written, if any.
    pub fn time(&self) -> Option<TimeOfDay> {
        self.time
    }

    /// The UTC offset in minutes east of Greenwich (`+03:00` is 180), if the value had one;
    /// `None` for a local time such as `2025-09-05 14:30` and for a bare day.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset_minutes
    }

    /// Seconds since 1970-01-01T00:00:00Z of the instant, when both a time and an offset
    /// were given; `None` otherwise, since a local time is no instant.
    ///
    /// Exists for sorting articles by the moment of publication across outlets in different
    /// zones.
    pub fn unix_seconds(&self) -> Option<i64> {
        let (time, offset) = (self.time?, self.offset_minutes?);
        Some(self.date.unix_seconds() + time.seconds_of_day() - i64::from(offset) * 60)
    }

    /// RFC 3339 text of what was written: `2025-09-05T14:30:00+03:00`, `…Z` for offset 0,
    /// `2025-09-05T14:30:00.123` for a local time (RFC 3339 without the offset, as ISO 8601
    /// allows), `2025-09-05` for a bare day. Fractions are shown in groups of three digits.
    /// [`parse`](Self::parse) reads it back to the same value.
    ///
    /// Exists for storage and for JSON output, where dates are shown as RFC 3339.
    pub fn to_rfc3339(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ArticleDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        let Some(t) = self.time else {
            return Ok(());
        };
        write!(f, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second)?;
        match t.nanos {
            0 => {}
            n if n % 1_000_000 == 0 => write!(f, ".{:03}", n / 1_000_000)?,
            n if n % 1_000 == 0 => write!(f, ".{:06}", n / 1_000)?,
            n => write!(f, ".{n:09}")?,
        }
        match self.offset_minutes {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

impl Serialize for ArticleDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads back what [`Serialize`] wrote (RFC 3339 text), so that headers stored or sent as
/// JSON round-trip.
impl<'de> Deserialize<'de> for ArticleDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        ArticleDateTime::parse(&s).map_err(serde::de::Error::custom)
    }
}
