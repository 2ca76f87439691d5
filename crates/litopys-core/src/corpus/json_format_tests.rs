//! Unit tests of the JSON readers, on bytes in memory.

use super::*;
use crate::corpus::tests::source_file as file;
use crate::corpus::Format;

fn line(s: &str, n: usize) -> Option<Result<Article, Skip>> {
    parse_json_line_with_fields(
        s.as_bytes(),
        n,
        &file("jsonl/news.jsonl", Format::JsonLines),
        &FieldMap::new(),
    )
    .map(|r| r.map(|p| p.article))
}

fn line_bytes(bytes: &[u8], n: usize) -> Option<Result<Article, Skip>> {
    parse_json_line_with_fields(bytes, n, &file("a.jsonl", Format::JsonLines), &FieldMap::new())
        .map(|r| r.map(|p| p.article))
}

fn json(s: &[u8]) -> Vec<Result<Article, Skip>> {
    let mut out = Vec::new();
    let f = file("json/digest.json", Format::Json);
    parse_json_file_with_fields(s, &f, &FieldMap::new(), &mut |r| out.push(r.map(|p| p.article)));
    out
}

#[test]
fn full_object() {
    let a = line(
        r#"{"id":" uk-17 ","title":"Укрзалізниця запускає контейнерний поїзд","date":"2021-04-13","source":"Портал Схід","url":"https://example.org/x","text":"Перший абзац.\n\nДругий.","extra":[1,{"a":2}]}"#,
        4,
    )
    .unwrap()
    .unwrap();
    assert_eq!(a.id, "uk-17");
    assert_eq!(
        a.title.as_deref(),
        Some("Укрзалізниця запускає контейнерний поїзд")
    );
    assert_eq!(a.date.unwrap().to_string(), "2021-04-13");
    assert_eq!(a.source.as_deref(), Some("Портал Схід"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
    assert_eq!(a.text, "Перший абзац.\n\nДругий.");
    assert_eq!((a.origin.line, a.origin.index), (Some(4), None));
}

#[test]
fn only_text_is_required_and_null_is_absent() {
    let a = line(
        r#"{"text":"  Лише текст. ","title":null,"date":null,"id":null,"url":""}"#,
        3,
    )
    .unwrap()
    .unwrap();
    assert_eq!(a.id, "jsonl/news.jsonl:3");
    assert_eq!(
        (a.header.title, a.header.date, a.header.source, a.header.url),
        (None, None, None, None)
    );
    assert_eq!(a.text, "Лише текст.");
    let a = line(r#"{"id":"  ","text":"т"}"#, 9).unwrap().unwrap();
    assert_eq!(a.id, "jsonl/news.jsonl:9", "a blank id counts as absent");
}

#[test]
fn numeric_ids() {
    assert_eq!(line(r#"{"id":42,"text":"т"}"#, 1).unwrap().unwrap().id, "42");
    assert_eq!(line(r#"{"id":-7,"text":"т"}"#, 1).unwrap().unwrap().id, "-7");
}

#[test]
fn blank_lines_are_not_articles() {
    assert!(line("", 1).is_none());
    assert!(line("  \t ", 2).is_none());
}

fn skip_of(s: &str) -> Skip {
    line(s, 12).unwrap().unwrap_err()
}

#[test]
fn bad_lines() {
    let s = skip_of(r#"{"id":"a","text":"т" "title":"x"}"#);
    assert_eq!(s.reason.kind(), "malformed-json");
    assert_eq!(
        s.to_string(),
        "arch/jsonl/news.jsonl:12: malformed JSON (expected `,` or `}` at column 23)"
    );
    assert_eq!(skip_of(r#"{"id":"a","text":"#).reason.kind(), "malformed-json");
    assert_eq!(skip_of(r#"{"id":"a"}"#).reason, SkipReason::NoText);
    assert_eq!(skip_of(r#"{"text":null}"#).reason, SkipReason::NoText);
    assert_eq!(skip_of(r#"{"text":" \n "}"#).reason, SkipReason::NoText);
    let s = skip_of(r#"{"text":"т","title":5}"#);
    assert_eq!(
        s.reason,
        SkipReason::BadField("`title` must be a string, found the number 5".into())
    );
    assert_eq!(skip_of(r#"{"text":["т"]}"#).reason.kind(), "bad-field");
    assert_eq!(skip_of(r#"{"text":"т","id":{"a":1}}"#).reason.kind(), "bad-field");
    assert_eq!(skip_of(r#"{"text":"т","url":true}"#).reason.kind(), "bad-field");
    assert_eq!(skip_of(r#"[{"text":"т"}]"#).reason.kind(), "not-an-article");
    assert_eq!(skip_of("17").reason.kind(), "not-an-article");
}

fn parsed(s: &str, fields: &FieldMap) -> ParsedArticle {
    parse_json_line_with_fields(
        s.as_bytes(),
        12,
        &file("jsonl/news.jsonl", Format::JsonLines),
        fields,
    )
    .unwrap()
    .unwrap()
}

#[test]
fn unreadable_dates_leave_the_article_undated() {
    for (date, problem) in [
        (
            r#""2023-02-30""#,
            "`date`: 2023-02-30 is not a day of the calendar",
        ),
        (
            r#""2023-13-01""#,
            "`date`: 2023-13-01 is not a day of the calendar",
        ),
        (
            r#""минулого тижня""#,
            "`date`: `минулого тижня` is not a date in any known form",
        ),
        (
            r#""вересень 2025""#,
            "`date`: `вересень 2025` names a month but no day",
        ),
        (
            "true",
            "`date`: expected a string or a number, found the boolean true",
        ),
        (
            r#"["2025-09-05"]"#,
            "`date`: expected a string or a number, found an array",
        ),
        ("0", "`date`: the number 0 is not a Unix time of a date"),
    ] {
        let json = format!(r#"{{"text":"т","date":{date}}}"#);
        let p = parsed(&json, &FieldMap::new());
        assert_eq!((p.article.date, p.article.published), (None, None), "{date}");
        assert_eq!(p.article.text, "т");
        assert_eq!(p.date_problem.unwrap().to_string(), problem);
        // The plain entry point keeps the article too.
        assert_eq!(line(&json, 3).unwrap().unwrap().date, None);
    }
    let p = parsed(r#"{"text":"т","Published_At":"31.04.2025"}"#, &FieldMap::new());
    assert_eq!(
        p.date_problem.unwrap().to_string(),
        "`Published_At`: 2025-04-31 is not a day of the calendar"
    );
    let a = line(r#"{"text":"т","date":"2024-02-29"}"#, 1).unwrap().unwrap();
    assert_eq!(a.date.unwrap().unix_seconds(), 1_709_164_800);
}

#[test]
fn dates_in_real_world_forms_keep_time_and_offset() {
    for (date, day, written) in [
        (
            r#""2025-09-05T01:30:00+03:00""#,
            "2025-09-05",
            "2025-09-05T01:30:00+03:00",
        ),
        (r#""2025-09-05T14:30:00Z""#, "2025-09-05", "2025-09-05T14:30:00Z"),
        (r#""2025-09-05 14:30""#, "2025-09-05", "2025-09-05T14:30:00"),
        (r#""05.09.2025""#, "2025-09-05", "2025-09-05"),
        (
            r#""Fri, 05 Sep 2025 23:30:00 -0500""#,
            "2025-09-05",
            "2025-09-05T23:30:00-05:00",
        ),
        (
            r#""5 вересня 2025 року, 14:30""#,
            "2025-09-05",
            "2025-09-05T14:30:00",
        ),
        ("1757071800", "2025-09-05", "2025-09-05T11:30:00Z"),
        ("1757071800123", "2025-09-05", "2025-09-05T11:30:00.123Z"),
        (r#""1757071800""#, "2025-09-05", "2025-09-05T11:30:00Z"),
        ("20230101", "2023-01-01", "2023-01-01"),
    ] {
        let p = parsed(&format!(r#"{{"text":"т","date":{date}}}"#), &FieldMap::new());
        assert_eq!(p.article.date.unwrap().to_string(), day, "{date}");
        // The time and offset as written; a bare day has no `published`.
        let published = p.article.published.map(|w| w.to_rfc3339());
        let expected = Some(written).filter(|w| w.contains('T'));
        assert_eq!(published.as_deref(), expected, "{date}");
        assert_eq!(p.date_problem, None);
    }
}

#[test]
fn field_names_of_crawlers_and_dumps() {
    let p = parsed(
        r#"{"maintext":"Текст.","title":null,"Headline":"Заголовок","date_publish":"2025-09-05 14:30:00","source_domain":"example.org","link":"https://example.org/a","guid":"g-1","lang":"uk","date_download":"2025-09-06"}"#,
        &FieldMap::new(),
    );
    let a = &p.article;
    assert_eq!(a.text, "Текст.");
    assert_eq!(
        a.title.as_deref(),
        Some("Заголовок"),
        "a null `title` leaves room for `headline`"
    );
    assert_eq!(a.date.unwrap().to_string(), "2025-09-05");
    assert_eq!(a.source.as_deref(), Some("example.org"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.id, "g-1");
    assert_eq!(a.language.as_deref(), Some("uk"));
    assert_eq!(
        p.fields.to_string(),
        "text ← maintext, title ← Headline, date ← date_publish, source ← source_domain, \
         url ← link, id ← guid, language ← lang"
    );
    // The first name of each list wins, whatever the order in the object.
    let p = parsed(
        r#"{"content":"Друге.","body":"Перше.","text":" "}"#,
        &FieldMap::new(),
    );
    assert_eq!(
        (p.article.text.as_str(), p.fields.get(FieldKey::Text)),
        ("Перше.", Some("body"))
    );
    // Type errors name the field as the record spells it.
    let s = skip_of(r#"{"content":"т","Headline":5}"#);
    assert_eq!(
        s.reason,
        SkipReason::BadField("`Headline` must be a string, found the number 5".into())
    );
    assert_eq!(skip_of(r#"{"body":"т","uuid":[1]}"#).reason.kind(), "bad-field");
    assert_eq!(
        skip_of(r#"{"maintext":" ","raw":"т"}"#).reason,
        SkipReason::NoText
    );
}

#[test]
fn overrides_name_any_field() {
    let fields = FieldMap::from_overrides(["text=tekst", "date=data", "title=text"]).unwrap();
    let p = parsed(
        r#"{"tekst":"Текст.","text":"Заголовок","data":"5 вересня 2025","date":"2020-01-01"}"#,
        &fields,
    );
    assert_eq!(p.article.text, "Текст.");
    assert_eq!(p.article.title.as_deref(), Some("Заголовок"));
    assert_eq!(p.article.date.unwrap().to_string(), "2025-09-05");
    assert_eq!(p.fields.get(FieldKey::Date), Some("data"));
    // Without the overriding field the defaults still apply.
    let p = parsed(r#"{"body":"Текст.","date":"2020-01-01"}"#, &fields);
    assert_eq!(p.fields.to_string(), "text ← body, date ← date");
    let mut out = Vec::new();
    parse_json_file_with_fields(
        r#"[{"tekst":"а"},{"body":"б"}]"#.as_bytes(),
        &file("json/d.json", Format::Json),
        &fields,
        &mut |r| out.push(r.unwrap().article.text),
    );
    assert_eq!(out, ["а", "б"]);
}

#[test]
fn invalid_utf8_line() {
    let mut bytes = r#"{"text":"Ціни "#.as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xf6\xe0\xed\"}");
    let r = line_bytes(&bytes, 5).unwrap();
    let s = r.unwrap_err();
    assert_eq!(s.reason, SkipReason::InvalidUtf8 { byte: at });
    assert_eq!(
        s.to_string(),
        format!("arch/a.jsonl:5: not valid UTF-8 (byte {at})")
    );
}

#[test]
fn json_object_and_array() {
    let one = json("\u{feff}{\"id\":\"s-1\",\"text\":\"Текст.\"}".as_bytes());
    assert_eq!(one.len(), 1);
    let a = one[0].as_ref().unwrap();
    assert_eq!((a.id.as_str(), a.origin.index), ("s-1", None));

    let one = json(r#"{"text":"Текст."}"#.as_bytes());
    assert_eq!(one[0].as_ref().unwrap().id, "json/digest.json");

    let many = json(
        r#"[{"id":"d-0","text":"Нульова."},{"text":"Перша без id."},{"id":"d-2","text":"Друга.","date":"2023-02-29"},5,{"text":"Четверта."}]"#
            .as_bytes(),
    );
    assert_eq!(many.len(), 5);
    assert_eq!(many[0].as_ref().unwrap().id, "d-0");
    let second = many[1].as_ref().unwrap();
    assert_eq!(
        (second.id.as_str(), second.origin.index, second.origin.line),
        ("json/digest.json#1", Some(1), None)
    );
    // An impossible date no longer costs the article: it is read undated.
    let undated = many[2].as_ref().unwrap();
    assert_eq!((undated.id.as_str(), undated.date), ("d-2", None));
    assert_eq!(many[3].as_ref().unwrap_err().reason.kind(), "not-an-article");
    assert_eq!(many[4].as_ref().unwrap().id, "json/digest.json#4");
}

#[test]
fn broken_json_files() {
    let r = json(b"[{\"text\":\"a\"},\n{\"text\":");
    assert_eq!(r.len(), 1);
    let s = r[0].as_ref().unwrap_err();
    assert_eq!(s.reason.kind(), "malformed-json");
    assert!(s.to_string().contains("line 2 column"), "{s:?}");
    assert_eq!(json(b"").pop().unwrap().unwrap_err().reason, SkipReason::NoText);
    assert_eq!(
        json(b"null").pop().unwrap().unwrap_err().reason.kind(),
        "not-an-article"
    );
    assert_eq!(json(b"[]").len(), 0);
    let s = json(b"{\"text\":\"\xff\"}").pop().unwrap().unwrap_err();
    assert_eq!(s.reason, SkipReason::InvalidUtf8 { byte: 9 });
    // Deep nesting hits serde_json's recursion limit instead of the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        json(deep.as_bytes()).pop().unwrap().unwrap_err().reason.kind(),
        "malformed-json"
    );
}
