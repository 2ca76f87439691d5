//! Unit tests of the JSON readers, on bytes in memory.

use super::*;
use crate::corpus::Format;

fn file(rel: &str, format: Format) -> SourceFile {
    SourceFile {
        path: format!("arch/{rel}").into(),
        root: "arch".into(),
        size: 0,
        modified: None,
        format,
    }
}

fn line(s: &str, n: usize) -> Option<Result<Article, Skip>> {
    parse_json_line(s.as_bytes(), n, &file("jsonl/news.jsonl", Format::JsonLines))
}

fn json(s: &[u8]) -> Vec<Result<Article, Skip>> {
    let mut out = Vec::new();
    parse_json_file(s, &file("json/digest.json", Format::Json), &mut |r| out.push(r));
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
    assert_eq!(
        skip_of(r#"{"text":"т","date":20230101}"#).reason.kind(),
        "bad-field"
    );
    assert_eq!(skip_of(r#"{"text":"т","url":true}"#).reason.kind(), "bad-field");
    assert_eq!(skip_of(r#"[{"text":"т"}]"#).reason.kind(), "not-an-article");
    assert_eq!(skip_of("17").reason.kind(), "not-an-article");
}

#[test]
fn impossible_dates() {
    for (date, message) in [
        (
            "2023-02-30",
            "impossible date (2023-02-30 is not a day of the calendar)",
        ),
        (
            "2023-13-01",
            "impossible date (2023-13-01 is not a day of the calendar)",
        ),
        (
            "минулого тижня",
            "impossible date (`минулого тижня` is not a YYYY-MM-DD date)",
        ),
    ] {
        let s = skip_of(&format!(r#"{{"text":"т","date":"{date}"}}"#));
        assert_eq!(s.reason.to_string(), message);
        assert_eq!(s.line, Some(12));
    }
    let a = line(r#"{"text":"т","date":"2024-02-29"}"#, 1).unwrap().unwrap();
    assert_eq!(a.date.unwrap().unix_seconds(), 1_709_164_800);
}

#[test]
fn invalid_utf8_line() {
    let mut bytes = r#"{"text":"Ціни "#.as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xf6\xe0\xed\"}");
    let r = parse_json_line(&bytes, 5, &file("a.jsonl", Format::JsonLines)).unwrap();
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
    assert_eq!(many[2].as_ref().unwrap_err().reason.kind(), "impossible-date");
    assert_eq!(many[3].as_ref().unwrap_err().reason.kind(), "not-an-article");
    assert_eq!(many[4].as_ref().unwrap().id, "json/digest.json#4");
}

#[test]
fn broken_json_files() {
    let r = json(b"[{\"text\":\"a\"},\n{\"text\":");
    assert_eq!(r.len(), 1);
    let s = r[0].as_ref().unwrap_err();
    assert_eq!(s.reason.kind(), "malformed-json");
    assert!(s.to_string().contains("line 2 column"), "{s}");
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
