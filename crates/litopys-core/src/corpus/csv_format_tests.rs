//! Unit tests of the CSV and TSV reader, on bytes in memory.

use super::*;
use crate::corpus::tests::source_file;
use crate::corpus::ArticleDateTime;
use crate::corpus::ParsedArticle;
use crate::corpus::ReadOptions;

/// The date as written: the time with its offset when the record had one, else the day.
fn written(p: &ParsedArticle) -> Option<ArticleDateTime> {
    p.article
        .published
        .or_else(|| p.article.date.map(ArticleDateTime::from_date))
}

/// Every result of reading `bytes` as `rel` (`.csv` or `.tsv`).
fn read(rel: &str, bytes: &[u8]) -> Vec<Result<ParsedArticle, Skip>> {
    read_with(rel, bytes, ReadOptions::default())
}

/// [`read`] with `options` (field overrides).
fn read_with(rel: &str, bytes: &[u8], options: ReadOptions) -> Vec<Result<ParsedArticle, Skip>> {
    let format = Format::from_path(std::path::Path::new(rel)).unwrap();
    let mut file = source_file(rel, format);
    file.options = options.shared();
    let mut out = Vec::new();
    read_csv_from(bytes, &file, &mut |r| out.push(r));
    out
}

/// The articles of `results`, failing on any skip.
fn articles(results: Vec<Result<ParsedArticle, Skip>>) -> Vec<ParsedArticle> {
    results.into_iter().map(|r| r.unwrap()).collect()
}

#[test]
fn rfc4180_quoting_with_commas_quotes_and_newlines() {
    let csv = "id,title,date,text\n\
               a-1,\"Мости, дороги і тунелі\",2024-05-21,\"Рада сказала: \"\"ремонт почнеться\"\", а потім\nдодала ще рядок.\"\n\
               a-2,Другий,2024-05-22,Просто текст\n";
    let got = articles(read("news.csv", csv.as_bytes()));
    assert_eq!(got.len(), 2);
    let a = &got[0].article;
    assert_eq!(a.id, "a-1");
    assert_eq!(a.title.as_deref(), Some("Мости, дороги і тунелі"));
    assert_eq!(
        a.text,
        "Рада сказала: \"ремонт почнеться\", а потім\nдодала ще рядок."
    );
    assert_eq!(a.date.unwrap().to_string(), "2024-05-21");
    assert_eq!(a.origin.line, Some(2));
    // The second row starts on line 4: the first one spans two lines.
    assert_eq!(got[1].article.origin.line, Some(4));
    assert_eq!(got[1].article.text, "Просто текст");
}

#[test]
fn crlf_line_ends_and_a_bom_are_ignored() {
    let csv = "\u{feff}title,text\r\nПерший,Текст один\r\n\"Другий\",\"Текст\r\nдва\"\r\n";
    let got = articles(read("news.csv", csv.as_bytes()));
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].article.title.as_deref(), Some("Перший"));
    assert_eq!(
        got[0].fields.get(FieldKey::Title),
        Some("title"),
        "the BOM is not part of the name"
    );
    assert_eq!(got[0].article.text, "Текст один");
    assert_eq!(got[1].article.text, "Текст\r\nдва");
    assert_eq!(got[1].article.id, "news.csv:3");
}

#[test]
fn tsv_uses_tabs_and_leaves_commas_alone() {
    let tsv = "headline\tcontent\tpublished_at\n\
               Ціни, тарифи\tУряд підняв тарифи, а ціни стоять.\t2025-09-05T14:30:00+03:00\n";
    let got = articles(read("dump/news.tsv", tsv.as_bytes()));
    assert_eq!(got.len(), 1);
    let p = &got[0];
    assert_eq!(p.article.title.as_deref(), Some("Ціни, тарифи"));
    assert_eq!(p.article.text, "Уряд підняв тарифи, а ціни стоять.");
    assert_eq!(written(p).unwrap().to_rfc3339(), "2025-09-05T14:30:00+03:00");
    assert_eq!(p.article.id, "dump/news.tsv:2");
}

#[test]
fn header_variants_resolve_like_json_keys() {
    let csv = "Headline,Content,Published_At,Outlet,Link\n\
               Заголовок,Тіло статті,05.09.2025,Портал Схід,https://example.org/a\n";
    let p = articles(read("news.csv", csv.as_bytes())).remove(0);
    assert_eq!(p.article.title.as_deref(), Some("Заголовок"));
    assert_eq!(p.article.text, "Тіло статті");
    assert_eq!(p.article.date.unwrap().to_string(), "2025-09-05");
    assert_eq!(p.article.source.as_deref(), Some("Портал Схід"));
    assert_eq!(p.article.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(p.fields.get(FieldKey::Date), Some("Published_At"));
}

#[test]
fn field_overrides_apply_to_columns() {
    let csv = "tekst,data,nazva\nТекст статті,2024-01-02,Назва\n";
    let fields = crate::corpus::FieldMap::from_overrides(["text=tekst", "date=data", "title=nazva"]).unwrap();
    let options = ReadOptions {
        fields,
        ..ReadOptions::default()
    };
    let p = articles(read_with("news.csv", csv.as_bytes(), options)).remove(0);
    assert_eq!(p.article.text, "Текст статті");
    assert_eq!(p.article.title.as_deref(), Some("Назва"));
    assert_eq!(p.article.date.unwrap().to_string(), "2024-01-02");
}

#[test]
fn epoch_and_iso_dates_and_an_unreadable_one() {
    let csv = "text,date\n\
               Перший,1757082600\n\
               Другий,1757082600000\n\
               Третій,2025-09-05 14:30\n\
               Четвертий,колись восени\n";
    let got = articles(read("news.csv", csv.as_bytes()));
    let dates: Vec<Option<String>> = got.iter().map(|p| written(p).map(|d| d.to_rfc3339())).collect();
    assert_eq!(
        dates,
        [
            Some("2025-09-05T14:30:00Z".to_string()),
            Some("2025-09-05T14:30:00Z".to_string()),
            Some("2025-09-05T14:30:00".to_string()),
            None
        ]
    );
    let problem = got[3]
        .date_problem
        .as_ref()
        .expect("an unreadable date is reported");
    assert_eq!(problem.field, "date");
    assert!(got[3].article.date.is_none(), "the article stays, undated");
}

#[test]
fn a_malformed_row_is_skipped_with_its_line_and_later_rows_are_read() {
    let mut bytes = "id,title,text\n1,Перший,Текст один\n2,Зайве,поле,тут\n3,Третій,\"Текст\nтри\"\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"4,\xff\xfe,\xc3\x28\n5,\xd0\x9f,\xd0\x9f\xd0\x9f\n");
    let got = read("news.csv", &bytes);
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0].as_ref().unwrap().article.id, "1");
    let skip = got[1].as_ref().unwrap_err();
    assert_eq!(skip.line, Some(3));
    assert_eq!(skip.reason.kind(), "malformed-csv");
    assert!(
        skip.to_string().contains("4 fields where the header has 3"),
        "{skip}"
    );
    assert_eq!(got[2].as_ref().unwrap().article.text, "Текст\nтри");
    let skip = got[3].as_ref().unwrap_err();
    assert_eq!(skip.line, Some(6));
    assert!(skip.to_string().contains("not valid UTF-8"), "{skip}");
    assert_eq!(got[4].as_ref().unwrap().article.text, "ПП");
}

#[test]
fn an_unclosed_quote_costs_its_row_only() {
    let csv = "id,title,text\n1,\"Назва без кінця,Текст\n2,Другий,Текст\n";
    let got = read("news.csv", csv.as_bytes());
    assert_eq!(got.len(), 1, "{got:?}");
    // The quote swallowed the rest of the file into one field of a short row.
    let skip = got[0].as_ref().unwrap_err();
    assert_eq!((skip.line, skip.reason.kind()), (Some(2), "malformed-csv"));
}

#[test]
fn rows_without_text_are_skipped_and_blank_lines_ignored() {
    let csv = "id,title,text\n1,Без тексту,\n\n2,З текстом,Є текст\n";
    let got = read("news.csv", csv.as_bytes());
    assert_eq!(got.len(), 2, "{got:?}");
    let skip = got[0].as_ref().unwrap_err();
    assert_eq!((skip.line, &skip.reason), (Some(2), &SkipReason::NoText));
    assert_eq!(got[1].as_ref().unwrap().article.origin.line, Some(4));
}

#[test]
fn a_header_without_a_text_column_is_one_skip_naming_its_columns() {
    let csv = "номер,заголовок,дата\n1,Щось,2024-01-01\n2,Ще,2024-01-02\n";
    let got = read("news.csv", csv.as_bytes());
    assert_eq!(got.len(), 1);
    let skip = got[0].as_ref().unwrap_err();
    assert_eq!(skip.line, None);
    let message = skip.to_string();
    assert!(message.contains("`номер`, `заголовок`, `дата`"), "{message}");
    assert!(read("empty.csv", b"").iter().all(Result::is_err));
}

#[test]
fn many_rows_keep_their_order_and_lines_across_batches_and_buffers() {
    // Thousands of rows cross the reader's buffer many times, splitting CRLF pairs too.
    for end in ["\n", "\r\n", "\r\n\r\n"] {
        let mut csv = format!("text{end}");
        for i in 0..(ROW_BATCH * 2 + 7) {
            csv.push_str(&format!("Стаття номер {i}{end}"));
        }
        let got = articles(read("news.csv", csv.as_bytes()));
        assert_eq!(got.len(), ROW_BATCH * 2 + 7);
        let lines_per_row = end.matches('\n').count();
        for (i, p) in got.iter().enumerate() {
            assert_eq!(p.article.text, format!("Стаття номер {i}"));
            let line = 1 + lines_per_row * (i + 1);
            assert_eq!(p.article.id, format!("news.csv:{line}"), "{end:?}");
        }
    }
}
