//! Dates written with words and dots: RFC 2822 (`Fri, 05 Sep 2025 14:30:00 +0300`),
//! Ukrainian, Russian and English month names, and `DD.MM.YYYY`.
//!
//! The value is cut into tokens (numbers, month and weekday names, times, zones, little
//! words such as «року» or «о»), which must then follow one of a few orders: day month year,
//! month day year, year month day or a dotted day, with a time before or after.

use super::clock::{parse_time, parse_zone};
use super::{day, excerpt, ArticleDateTime, DateTimeError, TimeOfDay};

/// Names and abbreviations of each month, January first, lowercase, without a final dot:
/// Ukrainian (genitive, nominative, abbreviations), Russian (as older Ukrainian outlets
/// wrote), English.
#[rustfmt::skip]
const MONTHS: [&[&str]; 12] = [
    &["січня", "січень", "січ", "января", "январь", "янв", "january", "jan"],
    &["лютого", "лютий", "лют", "февраля", "февраль", "фев", "february", "feb"],
    &["березня", "березень", "бер", "марта", "март", "мар", "march", "mar"],
    &["квітня", "квітень", "квіт", "кві", "апреля", "апрель", "апр", "april", "apr"],
    &["травня", "травень", "трав", "тра", "мая", "май", "may"],
    &["червня", "червень", "черв", "чер", "июня", "июнь", "июн", "june", "jun"],
    &["липня", "липень", "лип", "июля", "июль", "июл", "july", "jul"],
    &["серпня", "серпень", "серп", "сер", "августа", "август", "авг", "august", "aug"],
    &["вересня", "вересень", "вер", "сентября", "сентябрь", "сен", "сент", "september", "sep", "sept"],
    &["жовтня", "жовтень", "жовт", "жов", "октября", "октябрь", "окт", "october", "oct"],
    &["листопада", "листопад", "лист", "лис", "ноября", "ноябрь", "ноя", "november", "nov"],
    &["грудня", "грудень", "груд", "гру", "декабря", "декабрь", "дек", "december", "dec"],
];

/// Weekday names and abbreviations (Ukrainian, Russian, English); read and ignored, since
/// feeds get them wrong often enough that the day of the month is the one to trust.
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота", "неділя",
    "пн", "вт", "ср", "чт", "пт", "сб", "нд",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "вс",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Words after the year («2025 року», «2025 р.», «2025 г.»).
const YEAR_MARKS: &[&str] = &["р", "року", "рік", "г", "года", "год"];

/// Words before a time («о 14:30», «at 2:30 PM»).
const CONNECTORS: &[&str] = &["о", "об", "в", "у", "at", "-", "–", "—", "|", "/", "•", "·"];

/// One piece of a date written with words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    /// Digits: value and number of digits.
    Num(u32, usize),
    /// `DD.MM.YYYY` or `YYYY.MM.DD`, as (year, month, day).
    Dotted(u32, u32, u32),
    /// `MM.YYYY`: a month without a day.
    MonthDotted,
    Month(u8),
    Weekday,
    YearMark,
    Connector,
    Time(TimeOfDay),
    /// `am` (false) or `pm` (true).
    Meridiem(bool),
    Zone(i16),
}

/// Reads `s` as a date written with words or dots; see the module docs.
pub(super) fn parse(s: &str) -> Result<ArticleDateTime, DateTimeError> {
    let unrecognised = || DateTimeError::Unrecognised(excerpt(s));
    let mut lower = s.to_lowercase().replace(['’', 'ʼ', '`', '\u{2bb}'], "'");
    // A trailing comment, as in `+0300 (EEST)`.
    if lower.ends_with(')') {
        if let Some(open) = lower.rfind('(') {
            lower.truncate(open);
        }
    }
    let mut toks = Vec::new();
    for (n, chunk) in lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .enumerate()
    {
        if chunk.is_empty() || (n == 0 && chunk.ends_with(':') && chunk.starts_with(char::is_alphabetic)) {
            continue; // a label such as «Опубліковано:»
        }
        tokenize(chunk, &mut toks).ok_or_else(unrecognised)??;
    }
    let mut at = 0;
    let next_is = |at: usize, f: fn(&Tok) -> bool| toks.get(at).is_some_and(f);
    if next_is(at, |t| *t == Tok::Weekday) {
        at += 1;
    }
    let mut clock = None;
    if let Some(&Tok::Time(t)) = toks.get(at) {
        at += 1;
        clock = Some(time_and_zone(&toks, &mut at, t)?);
    }
    let (y, y_len, m, d, used) = match toks[at..] {
        [Tok::Dotted(y, m, d), ..] => (y, 4, m, d, 1),
        [Tok::Num(d, 1..=2), Tok::Month(m), Tok::Num(y, y_len @ (2 | 4)), ..]
        | [Tok::Month(m), Tok::Num(d, 1..=2), Tok::Num(y, y_len @ (2 | 4)), ..] => (y, y_len, m.into(), d, 3),
        [Tok::Num(y, 4), Tok::Month(m), Tok::Num(d, 1..=2), ..] => (y, 4, m.into(), d, 3),
        [Tok::Month(_), Tok::Num(_, 4), ..] | [Tok::MonthDotted, ..] => {
            return Err(DateTimeError::NoDay(excerpt(s)))
        }
        _ => return Err(unrecognised()),
    };
    at += used;
    let year = match (y, y_len) {
        // RFC 2822's obsolete two-digit years.
        (y, 2) if y < 50 => 2000 + y,
        (y, 2) => 1900 + y,
        (y, _) => y,
    };
    let date = day(year.into(), m, d)?;
    for skippable in [Tok::YearMark, Tok::Weekday, Tok::Connector] {
        if toks.get(at) == Some(&skippable) {
            at += 1;
        }
    }
    if clock.is_none() {
        if let Some(&Tok::Time(t)) = toks.get(at) {
            at += 1;
            clock = Some(time_and_zone(&toks, &mut at, t)?);
        }
    }
    if at != toks.len() {
        return Err(unrecognised());
    }
    Ok(match clock {
        None => ArticleDateTime::from_date(date),
        Some((time, offset)) => ArticleDateTime::with_time(date, time, offset),
    })
}

/// After a time `t` at `toks[*at - 1]`: an optional `am`/`pm`, then an optional zone.
fn time_and_zone(
    toks: &[Tok],
    at: &mut usize,
    t: TimeOfDay,
) -> Result<(TimeOfDay, Option<i16>), DateTimeError> {
    let mut t = t;
    if let Some(&Tok::Meridiem(pm)) = toks.get(*at) {
        *at += 1;
        let bad = || {
            DateTimeError::BadTime(format!(
                "{:02}:{:02} {}",
                t.hour(),
                t.minute(),
                if pm { "pm" } else { "am" }
            ))
        };
        let hour = match (t.hour(), pm) {
            (0 | 13.., _) => return Err(bad()),
            (12, false) => 0,
            (12, true) => 12,
            (h, false) => h,
            (h, true) => h + 12,
        };
        t = TimeOfDay::new(hour, t.minute(), t.second(), t.nanos()).ok_or_else(bad)?;
    }
    let mut zone = None;
    if let Some(&Tok::Zone(z)) = toks.get(*at) {
        *at += 1;
        zone = Some(z);
    }
    Ok((t, zone))
}

/// Appends the tokens of one chunk (text between spaces and commas) to `out`; `None` if it
/// is no part of a date, `Some(Err)` for a part of a date that is wrong (`25:00`).
fn tokenize(chunk: &str, out: &mut Vec<Tok>) -> Option<Result<(), DateTimeError>> {
    let first = chunk.chars().next()?;
    if first.is_ascii_digit() {
        return number_like(chunk, out);
    }
    if (first == '+' || first == '-') && chunk.len() > 1 {
        out.push(Tok::Zone(match parse_zone(chunk) {
            Ok(z) => z,
            Err(e) => return Some(Err(e)),
        }));
        return Some(Ok(()));
    }
    if CONNECTORS.contains(&chunk) {
        out.push(Tok::Connector);
        return Some(Ok(()));
    }
    let word = chunk.trim_end_matches('.');
    let tok = if let Some(m) = MONTHS.iter().position(|names| names.contains(&word)) {
        Tok::Month(m as u8 + 1)
    } else if WEEKDAYS.contains(&word) {
        Tok::Weekday
    } else if YEAR_MARKS.contains(&word) {
        Tok::YearMark
    } else if word == "am" || word == "a.m" {
        Tok::Meridiem(false)
    } else if word == "pm" || word == "p.m" {
        Tok::Meridiem(true)
    } else {
        Tok::Zone(parse_zone(word).ok()?)
    };
    out.push(tok);
    Some(Ok(()))
}

/// A chunk starting with a digit: a number (maybe with an ordinal or year suffix), a
/// dotted date, or a time (maybe followed by `am`/`pm` or an offset without a space).
fn number_like(chunk: &str, out: &mut Vec<Tok>) -> Option<Result<(), DateTimeError>> {
    if chunk.contains(':') {
        let (time, rest) = match parse_time(chunk) {
            Ok(ok) => ok,
            Err(DateTimeError::Unrecognised(_)) => return None,
            Err(e) => return Some(Err(e)),
        };
        out.push(Tok::Time(time));
        return match rest.trim_end_matches('.') {
            "" => Some(Ok(())),
            "am" | "a.m" => {
                out.push(Tok::Meridiem(false));
                Some(Ok(()))
            }
            "pm" | "p.m" => {
                out.push(Tok::Meridiem(true));
                Some(Ok(()))
            }
            zone => Some(parse_zone(zone).map(|z| out.push(Tok::Zone(z)))),
        };
    }
    let digits = chunk.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = chunk.split_at(digits);
    if digits > 9 {
        return None;
    }
    let value: u32 = number.parse().ok()?;
    if let Some(dotted) = suffix.strip_prefix('.').filter(|s| !s.is_empty()) {
        let dotted = dotted.trim_end_matches('.');
        let dotted = dotted
            .strip_suffix(['р', 'г'])
            .unwrap_or(dotted)
            .trim_end_matches('.');
        let part = |p: &str, lens: std::ops::RangeInclusive<usize>| {
            (lens.contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())?
        };
        let parts: Vec<&str> = dotted.split('.').collect();
        let tok = match (digits, &parts[..]) {
            (1..=2, [y]) => part(y, 4..=4).map(|_| Tok::MonthDotted),
            (1..=2, [m, y]) => Some(Tok::Dotted(part(y, 4..=4)?, part(m, 1..=2)?, value)),
            (4, [m, d]) => Some(Tok::Dotted(value, part(m, 1..=2)?, part(d, 1..=2)?)),
            _ => None,
        }?;
        out.push(tok);
        return Some(Ok(()));
    }
    let known_suffix = matches!(
        suffix,
        "" | "." | "st" | "nd" | "rd" | "th" | "-го" | "го" | "-е" | "р" | "р." | "г" | "г."
    );
    known_suffix.then(|| out.push(Tok::Num(value, digits))).map(Ok)
}
