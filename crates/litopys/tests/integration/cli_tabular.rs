//! CSV, TSV and Parquet archives end to end: indexed through the binary, every row is an
//! article found by a word of its body with its title and date, and a changed CSV row
//! updates that article only on the next run.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMillisecondArray};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

use crate::common::reindex::{counts, index};
use crate::common::{ok, search_json};

/// The CSV export: a quoted title with a comma, a body with a line break and quotes.
const CSV: &str = "id,headline,content,published_at,outlet\r\n\
csv-1,\"Черкаські садівники, груші й сушня\",\"Садівники Черкащини зібрали рекордний урожай груш.\r\nЧастину переробили на \"\"сушню\"\".\",2024-08-20T16:45:00+03:00,Черкаський край\r\n\
csv-2,Поромна переправа через Дністер,Через Дністер знову ходить пором після повені.,1725262200,Дністровські новини\r\n";

/// The TSV export: no id column, so its rows are named after their lines.
const TSV: &str = "title\ttext\tdate\n\
Житомирська бібліотека відкрилася\tУ Житомирі відкрили оновлену дитячу бібліотеку з читальнею.\t05.09.2025\n";

/// Writes a Parquet file of two articles in two row groups, dated by a zoned timestamp.
fn write_parquet(path: &Path) {
    let column = |v: &[&str]| -> ArrayRef { Arc::new(StringArray::from(v.to_vec())) };
    // 2023-10-03T09:15:00Z and 2023-10-04T09:15:00Z.
    let stamps: ArrayRef = Arc::new(
        TimestampMillisecondArray::from(vec![1_696_324_500_000, 1_696_410_900_000])
            .with_timezone("Europe/Kyiv"),
    );
    let batch = RecordBatch::try_from_iter([
        ("id", column(&["pq-1", "pq-2"])),
        ("title", column(&["Трамваї для Львова", "Гречка з Вінниччини"])),
        (
            "text",
            column(&[
                "Львівський трамвайний парк отримав десять нових вагонів.",
                "Аграрії Вінниччини зібрали рекордний урожай гречки.",
            ]),
        ),
        ("timestamp", stamps),
    ])
    .unwrap();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(1))
        .build();
    let mut writer =
        ArrowWriter::try_new(fs::File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

/// The only hit of `query`, failing if there is not exactly one.
fn only_hit(index: &Path, query: &str) -> Value {
    let v = search_json(index, query);
    assert_eq!(v["total"], 1, "{query}: {v}");
    v["hits"][0].clone()
}

#[test]
fn csv_tsv_and_parquet_are_indexed_and_a_changed_row_updates_its_article_only() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let dir = tmp.path().join("ix");
    fs::create_dir_all(archive.join("tsv")).unwrap();
    fs::write(archive.join("news.csv"), CSV).unwrap();
    fs::write(archive.join("tsv/library.tsv"), TSV).unwrap();
    write_parquet(&archive.join("train.parquet"));

    let (out, report) = index(&archive, &dir, &[]);
    let stdout = ok(&out);
    assert!(stdout.starts_with("indexed 5 articles"), "{stdout}");
    assert!(stdout.contains("skipped 0;"), "{stdout}");
    assert_eq!(counts(&report.unwrap()), (5, 0, 0, 0));

    let hit = only_hit(&dir, "сушню");
    assert_eq!(hit["id"], "csv-1");
    assert_eq!(hit["title"], "Черкаські садівники, груші й сушня");
    assert_eq!(hit["date"], "2024-08-20");
    assert_eq!(hit["source"], "Черкаський край");
    let hit = only_hit(&dir, "пором");
    assert_eq!(hit["id"], "csv-2");
    assert_eq!(hit["date"], "2024-09-02", "1725262200 is 2024-09-02T07:30:00Z");
    let hit = only_hit(&dir, "бібліотеку");
    assert_eq!(hit["id"], "tsv/library.tsv:2");
    assert_eq!(hit["title"], "Житомирська бібліотека відкрилася");
    assert_eq!(hit["date"], "2025-09-05");
    let hit = only_hit(&dir, "вагонів");
    assert_eq!(
        (hit["id"].as_str(), hit["title"].as_str()),
        (Some("pq-1"), Some("Трамваї для Львова"))
    );
    assert_eq!(hit["date"], "2023-10-03");
    let hit = only_hit(&dir, "гречки");
    assert_eq!(
        (hit["id"].as_str(), hit["date"].as_str()),
        (Some("pq-2"), Some("2023-10-04"))
    );

    // One row of the CSV corrected: only its article is updated.
    let changed = CSV.replace("ходить пором", "курсує пором");
    assert_ne!(changed, CSV);
    fs::write(archive.join("news.csv"), changed).unwrap();
    let (out, report) = index(&archive, &dir, &[]);
    ok(&out);
    assert_eq!(counts(&report.unwrap()), (0, 1, 4, 0));
    assert_eq!(only_hit(&dir, "курсує")["id"], "csv-2");
    assert_eq!(search_json(&dir, "ходить")["total"], 0);
}
