//! Unit and property tests of the lenient date reader.

use proptest::prelude::*;
use serde_json::json;

use super::*;

/// The RFC 3339 rendering of what `s` reads as, or the error message.
fn read(s: &str) -> String {
    match ArticleDateTime::parse(s) {
        Ok(d) => d.to_rfc3339(),
        Err(e) => format!("error: {e}"),
    }
}

fn check(cases: &[(&str, &str)]) {
    for (input, expected) in cases {
        assert_eq!(read(input), *expected, "input: {input:?}");
    }
}

#[test]
fn iso_8601_and_rfc_3339() {
    check(&[
        ("2025-09-05", "2025-09-05"),
        ("2025-09-05T14:30:00+03:00", "2025-09-05T14:30:00+03:00"),
        ("2025-09-05T14:30:00Z", "2025-09-05T14:30:00Z"),
        ("2025-09-05t14:30:00z", "2025-09-05T14:30:00Z"),
        ("2025-09-05T14:30:00.123", "2025-09-05T14:30:00.123"),
        (
            "2025-09-05T14:30:00.123456+03:00",
            "2025-09-05T14:30:00.123456+03:00",
        ),
        ("2025-09-05T14:30:00.123456789Z", "2025-09-05T14:30:00.123456789Z"),
        (
            "2025-09-05T14:30:00.1234567891234Z",
            "2025-09-05T14:30:00.123456789Z",
        ),
        ("2025-09-05T14:30:00.5Z", "2025-09-05T14:30:00.500Z"),
        ("2025-09-05T14:30:00,25+02:00", "2025-09-05T14:30:00.250+02:00"),
        ("2025-09-05T14:30:00+0300", "2025-09-05T14:30:00+03:00"),
        ("2025-09-05T14:30:00+03", "2025-09-05T14:30:00+03:00"),
        ("2025-09-05T14:30:00-05:30", "2025-09-05T14:30:00-05:30"),
        ("2025-09-05T14:30:00+00:00", "2025-09-05T14:30:00Z"),
        ("2025-09-05T14:30+03:00", "2025-09-05T14:30:00+03:00"),
        ("2025-09-05 14:30", "2025-09-05T14:30:00"),
        ("2025-09-05 14:30:07", "2025-09-05T14:30:07"),
        ("2025-09-05 14:30:07 +0300", "2025-09-05T14:30:07+03:00"),
        ("2025-09-05 14:30:07 UTC", "2025-09-05T14:30:07Z"),
        (
            "2025-09-05T14:30:00+03:00[Europe/Kyiv]",
            "2025-09-05T14:30:00+03:00",
        ),
        ("2025-09-05T14:30[Europe/Kyiv]", "2025-09-05T14:30:00"),
        ("2025/09/05 14:30", "2025-09-05T14:30:00"),
        ("2025-9-5", "2025-09-05"),
        ("  2025-09-05\n", "2025-09-05"),
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60Z"),
    ]);
    let d = ArticleDateTime::parse("2025-09-05T14:30:00.123+03:00").unwrap();
    assert_eq!((d.date().year(), d.date().month(), d.date().day()), (2025, 9, 5));
    let t = d.time().unwrap();
    assert_eq!(
        (t.hour(), t.minute(), t.second(), t.nanos()),
        (14, 30, 0, 123_000_000)
    );
    assert_eq!(d.offset_minutes(), Some(180));
    let local = ArticleDateTime::parse("2025-09-05 14:30").unwrap();
    assert_eq!((local.offset_minutes(), local.unix_seconds()), (None, None));
    let bare = ArticleDateTime::parse("2025-09-05").unwrap();
    assert_eq!((bare.time(), bare.offset_minutes()), (None, None));
}

#[test]
fn iso_refusals() {
    check(&[
        ("2023-02-30", "error: 2023-02-30 is not a day of the calendar"),
        (
            "2023-02-29T10:00:00Z",
            "error: 2023-02-29 is not a day of the calendar",
        ),
        ("2023-13-01", "error: 2023-13-01 is not a day of the calendar"),
        ("0000-01-01", "error: 0000-01-01 is not a day of the calendar"),
        ("2025-09", "error: `2025-09` names a month but no day"),
        ("2025-09-05T25:00:00Z", "error: `25:00:00` is not a time of day"),
        ("2025-09-05T14:61", "error: `14:61` is not a time of day"),
        (
            "2025-09-05T14:30:00+25:00",
            "error: `+25:00` is not a UTC offset or a known time zone",
        ),
        (
            "2025-09-05T14:30:00 Kyiv",
            "error: `Kyiv` is not a UTC offset or a known time zone",
        ),
        (
            "2025-09-05T14",
            "error: `2025-09-05T14` is not a date in any known form",
        ),
        (
            "2025-09-05T",
            "error: `2025-09-05T` is not a date in any known form",
        ),
        (
            "2025-09-05Z",
            "error: `2025-09-05Z` is not a date in any known form",
        ),
        (
            "2025-09/05",
            "error: `2025-09/05` is not a date in any known form",
        ),
        (
            "2025-09-051",
            "error: `2025-09-051` is not a date in any known form",
        ),
        (
            "2025-09-05T14:305",
            "error: `2025-09-05T14:305` is not a date in any known form",
        ),
        ("2025--05", "error: `2025--05` is not a date in any known form"),
    ]);
}

#[test]
fn leap_days() {
    check(&[
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"),
        ("29.02.2024", "2024-02-29"),
        ("29 лютого 2024", "2024-02-29"),
        ("Feb 29, 2024", "2024-02-29"),
        ("1900-02-29", "error: 1900-02-29 is not a day of the calendar"),
        ("29.02.2023", "error: 2023-02-29 is not a day of the calendar"),
        ("29 лютого 2023", "error: 2023-02-29 is not a day of the calendar"),
        ("20240229", "2024-02-29"),
        ("20230229", "error: 2023-02-29 is not a day of the calendar"),
    ]);
}

#[test]
fn the_day_is_the_one_written_whatever_the_utc_instant() {
    // 01:30 in Kyiv is still the previous day in UTC; 23:30 in New York is the next one.
    let early = ArticleDateTime::parse("2025-09-05T01:30:00+03:00").unwrap();
    assert_eq!(early.date().to_string(), "2025-09-05");
    let utc = ArticleDateTime::from_unix(early.unix_seconds().unwrap(), 0).unwrap();
    assert_eq!(utc.to_rfc3339(), "2025-09-04T22:30:00Z");
    let late = ArticleDateTime::parse("Fri, 05 Sep 2025 23:30:00 EST").unwrap();
    assert_eq!(late.to_rfc3339(), "2025-09-05T23:30:00-05:00");
    assert_eq!(late.date().to_string(), "2025-09-05");
    assert_eq!(late.unix_seconds(), Some(1_757_133_000));
    let new_year = ArticleDateTime::parse("31.12.2024 23:59 +14:00").unwrap();
    assert_eq!(new_year.date().to_string(), "2024-12-31");
}

#[test]
fn rfc_2822() {
    check(&[
        ("Fri, 05 Sep 2025 14:30:00 +0300", "2025-09-05T14:30:00+03:00"),
        ("05 Sep 2025 14:30:00 +0300", "2025-09-05T14:30:00+03:00"),
        // The weekday is not checked: 5 September 2025 was a Friday.
        ("Mon, 05 Sep 2025 14:30:00 GMT", "2025-09-05T14:30:00Z"),
        ("Fri, 5 Sep 2025 14:30 UT", "2025-09-05T14:30:00Z"),
        ("Fri, 05 Sep 2025 14:30:00 EST", "2025-09-05T14:30:00-05:00"),
        ("Fri, 05 Sep 2025 14:30:00 PDT", "2025-09-05T14:30:00-07:00"),
        ("Fri, 05 Sep 2025 14:30:00 EEST", "2025-09-05T14:30:00+03:00"),
        ("Fri, 05 Sep 2025 14:30:00 -0000", "2025-09-05T14:30:00Z"),
        (
            "Fri, 05 Sep 2025 14:30:00 +0300 (EEST)",
            "2025-09-05T14:30:00+03:00",
        ),
        ("FRI, 05 SEP 2025 14:30:00 GMT", "2025-09-05T14:30:00Z"),
        ("Fri, 05 Sep 2025 14:30:00", "2025-09-05T14:30:00"),
        ("Fri, 05 Sep 25 14:30:00 +0300", "2025-09-05T14:30:00+03:00"),
        ("Sun, 07 Sep 98 08:00:00 GMT", "1998-09-07T08:00:00Z"),
        ("Fri, 05 Sep 2025 14:30:00 GMT+3", "2025-09-05T14:30:00+03:00"),
        (
            "Fri, 31 Sep 2025 14:30:00 GMT",
            "error: 2025-09-31 is not a day of the calendar",
        ),
        (
            "Fri, 05 Sep 2025 14:30:00 XYZ",
            "error: `Fri, 05 Sep 2025 14:30:00 XYZ` is not a date in any known form",
        ),
    ]);
}

#[test]
fn day_first_with_dots() {
    check(&[
        ("05.09.2025", "2025-09-05"),
        ("5.9.2025", "2025-09-05"),
        ("05.09.2025 14:30", "2025-09-05T14:30:00"),
        ("05.09.2025 14:30:15", "2025-09-05T14:30:15"),
        ("05.09.2025, 9:05", "2025-09-05T09:05:00"),
        ("05.09.2025 р.", "2025-09-05"),
        ("05.09.2025р.", "2025-09-05"),
        ("14:30 05.09.2025", "2025-09-05T14:30:00"),
        ("2025.09.05", "2025-09-05"),
        ("31.04.2025", "error: 2025-04-31 is not a day of the calendar"),
        ("32.01.2025", "error: 2025-01-32 is not a day of the calendar"),
        ("05.13.2025", "error: 2025-13-05 is not a day of the calendar"),
        ("09.2025", "error: `09.2025` names a month but no day"),
        ("05.09.25", "error: `05.09.25` is not a date in any known form"),
        ("05.09.2025 24:00", "error: `24:00` is not a time of day"),
    ]);
}

#[test]
fn ukrainian_month_names() {
    check(&[
        ("5 вересня 2025", "2025-09-05"),
        ("05 вер. 2025 р.", "2025-09-05"),
        ("5 вересня 2025 року, 14:30", "2025-09-05T14:30:00"),
        ("5 вересня 2025 року о 14:30", "2025-09-05T14:30:00"),
        ("14:30, 5 вересня 2025", "2025-09-05T14:30:00"),
        ("5 ВЕРЕСНЯ 2025", "2025-09-05"),
        ("5 Вересень 2025", "2025-09-05"),
        ("5\u{a0}вересня\u{a0}2025", "2025-09-05"),
        ("П’ятниця, 5 вересня 2025", "2025-09-05"),
        ("пт, 5 вер 2025", "2025-09-05"),
        ("Опубліковано: 5 вересня 2025", "2025-09-05"),
        ("1 січня 2024", "2024-01-01"),
        ("1 січ. 2024", "2024-01-01"),
        ("14 лютого 2024", "2024-02-14"),
        ("8 березня 2024", "2024-03-08"),
        ("12 квітня 2024", "2024-04-12"),
        ("12 квіт. 2024", "2024-04-12"),
        ("9 травня 2024", "2024-05-09"),
        ("28 червня 2024", "2024-06-28"),
        ("15 липня 2024", "2024-07-15"),
        ("24 серпня 2024", "2024-08-24"),
        ("24 серп. 2024 р.", "2024-08-24"),
        ("14 жовтня 2024", "2024-10-14"),
        ("21 листопада 2024", "2024-11-21"),
        ("21 лист. 2024", "2024-11-21"),
        ("25 грудня 2024", "2024-12-25"),
        ("25 груд. 2024 р.", "2024-12-25"),
        ("5 сентября 2025 г.", "2025-09-05"),
        ("5 сентября 2025 года, 14:30", "2025-09-05T14:30:00"),
        ("вересень 2025", "error: `вересень 2025` names a month but no day"),
        (
            "вересня 2025 р.",
            "error: `вересня 2025 р.` names a month but no day",
        ),
        ("31 квітня 2025", "error: 2025-04-31 is not a day of the calendar"),
        ("5 вересня", "error: `5 вересня` is not a date in any known form"),
        (
            "вчора, 14:30",
            "error: `вчора, 14:30` is not a date in any known form",
        ),
        (
            "5 вересеня 2025",
            "error: `5 вересеня 2025` is not a date in any known form",
        ),
    ]);
}

#[test]
fn english_month_names() {
    check(&[
        ("September 5, 2025", "2025-09-05"),
        ("5 September 2025", "2025-09-05"),
        ("Sep 5, 2025", "2025-09-05"),
        ("Sept. 5, 2025", "2025-09-05"),
        ("September 5th, 2025", "2025-09-05"),
        ("1st May 2025", "2025-05-01"),
        ("Friday, September 5, 2025", "2025-09-05"),
        ("2025 September 5", "2025-09-05"),
        ("Sep 5, 2025 2:30 PM", "2025-09-05T14:30:00"),
        ("Sep 5, 2025 at 2:30pm", "2025-09-05T14:30:00"),
        ("Sep 5, 2025 12:15 a.m.", "2025-09-05T00:15:00"),
        ("Sep 5, 2025 12:15 PM EDT", "2025-09-05T12:15:00-04:00"),
        ("Sep 5, 2025 13:15 PM", "error: `13:15 pm` is not a time of day"),
        (
            "September 2025",
            "error: `September 2025` names a month but no day",
        ),
        (
            "September 31, 2025",
            "error: 2025-09-31 is not a day of the calendar",
        ),
    ]);
}

#[test]
fn unix_times() {
    check(&[
        ("1757071800", "2025-09-05T11:30:00Z"),
        ("1757071800123", "2025-09-05T11:30:00.123Z"),
        ("1757071800.5", "2025-09-05T11:30:00.500Z"),
        ("1757071800123456", "2025-09-05T11:30:00.123456Z"),
        ("1757071800123456789", "2025-09-05T11:30:00.123456789Z"),
        // 10^11 seconds is still seconds (year 5138); just above it, milliseconds (1973).
        ("100000000000", "5138-11-16T09:46:40Z"),
        ("100000000001", "1973-03-03T09:46:40.001Z"),
        ("0", "error: the number 0 is not a Unix time of a date"),
        ("2025", "error: the number 2025 is not a Unix time of a date"),
        ("-1", "error: the number -1 is not a Unix time of a date"),
        (
            "99999999999999999999999",
            "error: the number 99999999999999999999999 is not a Unix time of a date",
        ),
        ("20250905", "2025-09-05"),
    ]);
    let from = |v: serde_json::Value| match ArticleDateTime::from_json(&v) {
        Ok(d) => d.to_rfc3339(),
        Err(e) => format!("error: {e}"),
    };
    assert_eq!(from(json!(1_757_071_800)), "2025-09-05T11:30:00Z");
    assert_eq!(from(json!(1_757_071_800_123u64)), "2025-09-05T11:30:00.123Z");
    assert_eq!(from(json!(1_757_071_800.25)), "2025-09-05T11:30:00.250Z");
    assert_eq!(from(json!(1.757071800123e12)), "2025-09-05T11:30:00.123Z");
    assert_eq!(from(json!(20_250_905)), "2025-09-05");
    assert_eq!(from(json!("2025-09-05")), "2025-09-05");
    assert_eq!(
        from(json!(1e300)),
        "error: the number 1e+300 is not a Unix time of a date"
    );
    assert_eq!(
        from(json!(-1e20)),
        "error: the number -1e+20 is not a Unix time of a date"
    );
    assert_eq!(
        from(json!(true)),
        "error: expected a string or a number, found the boolean true"
    );
    assert_eq!(
        from(json!(["2025-09-05"])),
        "error: expected a string or a number, found an array"
    );
    assert_eq!(
        from(json!({"a": 1})),
        "error: expected a string or a number, found an object"
    );
    assert_eq!(from(json!(null)), "error: empty date");
    let d = ArticleDateTime::parse("1757071800").unwrap();
    assert_eq!(
        (d.offset_minutes(), d.unix_seconds()),
        (Some(0), Some(1_757_071_800))
    );
    assert_eq!(ArticleDateTime::from_unix(i64::MAX, 0), None);
    assert_eq!(ArticleDateTime::from_unix(0, 1_000_000_000), None);
    assert_eq!(
        ArticleDateTime::from_unix(-1, 0).unwrap().to_rfc3339(),
        "1969-12-31T23:59:59Z"
    );
}

#[test]
fn garbage_is_refused_with_a_short_message() {
    check(&[
        ("", "error: empty date"),
        (" \t\n ", "error: empty date"),
        (
            "минулого тижня",
            "error: `минулого тижня` is not a date in any known form",
        ),
        ("null", "error: `null` is not a date in any known form"),
        ("N/A", "error: `N/A` is not a date in any known form"),
        ("-", "error: `-` is not a date in any known form"),
        ("+", "error: `+` is not a date in any known form"),
        ("12:30", "error: `12:30` is not a date in any known form"),
        ("1.5", "error: `1.5` is not a date in any known form"),
        ("123.5", "error: the number 123.5 is not a Unix time of a date"),
        ("2025", "error: the number 2025 is not a Unix time of a date"),
    ]);
    let long = "5 вересня 2025 ".repeat(1000);
    let message = read(&long);
    assert!(
        message.starts_with("error: `5 вересня 2025 5 вересня 2025"),
        "{message}"
    );
    assert!(message.chars().count() < 100, "{message}");
    for nasty in [
        "\u{0}",
        "💥",
        "2025-💥",
        "2025-09-0💥",
        "2025-09-05T💥",
        "5 💥 2025",
        "05.💥.2025",
        "1:💥",
    ] {
        assert!(ArticleDateTime::parse(nasty).is_err(), "{nasty}");
    }
}

#[test]
fn serialises_as_rfc_3339_and_reads_back() {
    let d = ArticleDateTime::parse("Fri, 05 Sep 2025 14:30:00 +0300").unwrap();
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        "\"2025-09-05T14:30:00+03:00\""
    );
    for s in [
        "2025-09-05",
        "2025-09-05T14:30:00",
        "2025-09-05T14:30:00.000001-09:30",
        "0001-01-01T00:00:00Z",
    ] {
        let d = ArticleDateTime::parse(s).unwrap();
        assert_eq!(d.to_rfc3339(), s);
        assert_eq!(ArticleDateTime::parse(&d.to_rfc3339()).unwrap(), d);
    }
    let day = ArticleDate::parse("2025-09-05").unwrap();
    assert_eq!(ArticleDateTime::from_date(day).to_rfc3339(), "2025-09-05");
    assert_eq!(TimeOfDay::new(24, 0, 0, 0), None);
    assert_eq!(TimeOfDay::new(23, 59, 61, 0), None);
}

proptest! {
    #[test]
    fn never_panics_on_any_string(s in "\\PC{0,80}") {
        let _ = ArticleDateTime::parse(&s);
    }

    #[test]
    fn never_panics_on_date_like_strings(s in "[0-9 .:,+\\-TZtz/()a-zA-Zвересняр]{0,40}") {
        let _ = ArticleDateTime::parse(&s);
    }

    #[test]
    fn never_panics_on_any_number(n in any::<i64>(), f in any::<f64>()) {
        let _ = ArticleDateTime::from_json(&json!(n));
        let _ = ArticleDateTime::from_json(&json!(f));
        let _ = ArticleDateTime::parse(&n.to_string());
    }

    #[test]
    fn rendering_reads_back_to_the_same_value(
        seconds in -62_135_596_800i64..253_402_300_799,
        nanos in 0u32..1_000_000_000,
        offset in proptest::option::of(-1439i16..=1439),
    ) {
        let utc = ArticleDateTime::from_unix(seconds, nanos).unwrap();
        let written = ArticleDateTime::with_time(utc.date(), utc.time().unwrap(), offset);
        let back = ArticleDateTime::parse(&written.to_rfc3339()).unwrap();
        prop_assert_eq!(back, written);
    }
}
