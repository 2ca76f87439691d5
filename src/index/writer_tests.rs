//! Tests of the writer's pure parts: documents and reading order.

use super::*;
use crate::corpus::{ArticleDate, Origin};
use tantivy::schema::Value;

#[test]
fn streaming_big_files_keeps_the_order() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("a.jsonl"), "{\"id\":\"a1\",\"text\":\"x\"}\n{\"id\":\n").unwrap();
    std::fs::write(root.join("b.txt"), "Заголовок\n\nТекст.").unwrap();
    std::fs::write(root.join("c.jsonl"), "{\"id\":\"c1\",\"text\":\"y\"}\n").unwrap();
    std::fs::write(root.join("d.txt"), "Заголовок\n\nЩе текст.").unwrap();
    let (files, _) = discover(&[root.to_path_buf()]);
    let seen = |limit| {
        let mut out = Vec::new();
        read_in_order(&files, limit, &mut |r| {
            out.push(match r {
                Ok(a) => a.id,
                Err(s) => s.reason.kind().to_string(),
            })
        });
        out
    };
    let expected = ["a1", "malformed-json", "b.txt", "c1", "d.txt"];
    assert_eq!(seen(u64::MAX), expected);
    assert_eq!(seen(0), expected);
    assert!(streamed(&files[0], 0) && !streamed(&files[1], 0) && !streamed(&files[0], 1 << 20));
}

#[test]
fn documents_carry_month_only_with_a_date() {
    let fields = Fields::from_schema(&build_schema()).unwrap();
    let mut a = Article {
        id: "x-1".into(),
        title: None,
        date: ArticleDate::parse("2024-03-12").ok(),
        source: Some("Агроогляд".into()),
        url: None,
        text: "Угода з Китаєм.".into(),
        origin: Origin {
            path: "a/b.jsonl".into(),
            line: Some(3),
            index: None,
        },
    };
    let doc = article_document(&fields, &a);
    let month = doc.get_first(fields.month).and_then(|v| v.as_u64());
    assert_eq!(month, Some(202403));
    let path = doc
        .get_first(fields.path)
        .and_then(|v| v.as_str().map(str::to_string));
    assert_eq!(path.as_deref(), Some("a/b.jsonl:3"));
    assert!(doc.get_first(fields.title).is_none() && doc.get_first(fields.url).is_none());
    assert_eq!(
        doc.get_first(fields.hash).and_then(|v| v.as_str().map(str::len)),
        Some(32)
    );
    assert!(check_storable(&a).is_ok());
    a.date = None;
    let doc = article_document(&fields, &a);
    assert!(doc.get_first(fields.month).is_none() && doc.get_first(fields.date).is_none());
    assert!(check_storable(&a).is_ok());
    a.date = ArticleDate::parse("0219-03-05").ok();
    let skip = check_storable(&a).unwrap_err();
    assert_eq!(
        skip.to_string(),
        "a/b.jsonl:3: impossible date (0219-03-05 is outside the years the index can store (1678–2261))"
    );
    let doc = article_document(&fields, &a);
    assert!(doc.get_first(fields.date).is_none());
}
