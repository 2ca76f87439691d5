//! Tests of the Parquet reader, on files written here with the Arrow writer.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Int64Array, LargeStringArray, StringArray, StringViewArray,
    TimestampMillisecondArray, TimestampSecondArray,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::*;
use crate::corpus::discover::Format;
use crate::corpus::ArticleDateTime;
use crate::corpus::ParsedArticle;

/// The date as written: the time with its offset when the record had one, else the day.
fn written(p: &ParsedArticle) -> Option<ArticleDateTime> {
    p.article
        .published
        .or_else(|| p.article.date.map(ArticleDateTime::from_date))
}

/// Writes `columns` as a snappy-compressed Parquet file at `path`, at most `group_rows` rows
/// per row group.
pub(crate) fn write_parquet(path: &Path, columns: Vec<(&str, ArrayRef)>, group_rows: usize) {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(group_rows))
        .build();
    let out = std::fs::File::create(path).unwrap();
    let mut writer = ArrowWriter::try_new(out, batch.schema(), Some(props)).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

/// A [`SourceFile`] for `path` below `root`.
fn source(root: &Path, path: &Path) -> SourceFile {
    SourceFile {
        path: path.to_path_buf(),
        root: root.to_path_buf(),
        size: std::fs::metadata(path).map_or(0, |m| m.len()),
        modified: None,
        format: Format::Parquet,
        compression: Default::default(),
        options: Default::default(),
    }
}

/// Every result of reading `path`.
fn read(root: &Path, path: &Path) -> Vec<Result<ParsedArticle, Skip>> {
    let mut out = Vec::new();
    read_parquet(&source(root, path), &mut |r| out.push(r));
    out
}

fn strings(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

const TEXTS: [&str; 5] = [
    "Міська рада затвердила ремонт Подільського мосту.",
    "У Житомирі відкрили оновлену дитячу бібліотеку.",
    "Аграрії Вінниччини зібрали рекордний урожай гречки.",
    "Укрзалізниця призначила новий поїзд до Перемишля.",
    "Львівський трамвай отримав десять нових вагонів.",
];

/// Five articles in three row groups: int64 ids, large-string titles, string texts, and
/// millisecond timestamps in a zone.
fn typed_file(path: &Path) {
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![101, 102, 103, 104, 105]));
    let titles: ArrayRef = Arc::new(LargeStringArray::from(vec![
        Some("Міст"),
        None,
        Some("Гречка"),
        Some("Поїзд"),
        Some("Трамвай"),
    ]));
    // 2025-09-05T14:30:00Z plus i days.
    let stamps: Vec<i64> = (0..5).map(|i| 1_757_082_600_000 + i * 86_400_000).collect();
    let stamps: ArrayRef = Arc::new(TimestampMillisecondArray::from(stamps).with_timezone("+03:00"));
    let texts = strings(&TEXTS.map(Some));
    write_parquet(
        path,
        vec![
            ("id", ids),
            ("headline", titles),
            ("content", texts),
            ("published_at", stamps),
        ],
        2,
    );
}

#[test]
fn typed_columns_in_several_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.parquet");
    typed_file(&path);
    let got: Vec<ParsedArticle> = read(dir.path(), &path).into_iter().map(Result::unwrap).collect();
    assert_eq!(got.len(), 5);
    for (i, p) in got.iter().enumerate() {
        assert_eq!(p.article.id, (101 + i).to_string());
        assert_eq!(p.article.text, TEXTS[i]);
        assert_eq!(p.article.origin.line, Some(i + 1));
        assert_eq!(
            written(p).unwrap().to_rfc3339(),
            format!("2025-09-{:02}T14:30:00Z", 5 + i),
            "a zoned timestamp is an instant in UTC"
        );
    }
    assert_eq!(got[0].article.title.as_deref(), Some("Міст"));
    assert_eq!(got[1].article.title, None, "a null is absent");
    assert_eq!(got[0].fields.get(FieldKey::Date), Some("published_at"));
}

#[test]
fn string_views_date32_and_zoneless_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/days.parquet");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let texts: ArrayRef = Arc::new(StringViewArray::from(vec!["Перший текст", "Другий текст"]));
    // 2024-05-21 is day 19864 since 1970-01-01.
    let days: ArrayRef = Arc::new(Date32Array::from(vec![Some(19_864), None]));
    let local: ArrayRef = Arc::new(TimestampSecondArray::from(vec![1_716_300_000, 1_716_300_000]));
    write_parquet(&path, vec![("text", texts), ("date", days), ("time", local)], 100);
    let got: Vec<ParsedArticle> = read(dir.path(), &path).into_iter().map(Result::unwrap).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].article.id, "sub/days.parquet:1");
    assert_eq!(got[1].article.id, "sub/days.parquet:2");
    assert_eq!(written(&got[0]).unwrap().to_rfc3339(), "2024-05-21");
    // The date column is null in row 2, so the next date name (`time`) is used: a
    // timestamp without a zone is a local time, without offset.
    assert_eq!(written(&got[1]).unwrap().to_rfc3339(), "2024-05-21T14:00:00");
    assert_eq!(written(&got[1]).unwrap().offset_minutes(), None);
}

#[test]
fn a_null_text_skips_its_row_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.parquet");
    write_parquet(
        &path,
        vec![("text", strings(&[Some("Є текст"), None, Some("  ")]))],
        10,
    );
    let got = read(dir.path(), &path);
    assert_eq!(got.len(), 3);
    assert!(got[0].is_ok());
    for (r, row) in [(1, 2), (2, 3)] {
        let skip = got[r].as_ref().unwrap_err();
        assert_eq!((skip.line, &skip.reason), (Some(row), &SkipReason::NoText));
    }
}

#[test]
fn no_text_column_is_one_skip_naming_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.parquet");
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    write_parquet(
        &path,
        vec![("id", ids), ("tekst", strings(&[Some("а"), Some("б")]))],
        10,
    );
    let got = read(dir.path(), &path);
    assert_eq!(got.len(), 1);
    let message = got[0].as_ref().unwrap_err().to_string();
    assert!(
        message.contains("`tekst` (Utf8)") && message.contains("`id` (Int64)"),
        "{message}"
    );
}

#[test]
fn a_truncated_file_is_one_skip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.parquet");
    typed_file(&path);
    let bytes = std::fs::read(&path).unwrap();
    for cut in [bytes.len() - 3, bytes.len() / 2, 4, 0] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let got = read(dir.path(), &path);
        assert_eq!(got.len(), 1, "cut at {cut}: {got:?}");
        let skip = got[0].as_ref().unwrap_err();
        assert_eq!(
            (skip.line, skip.reason.kind()),
            (None, "bad-parquet"),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_corrupt_row_group_is_one_skip_naming_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.parquet");
    typed_file(&path);
    let f = std::fs::File::open(&path).unwrap();
    let metadata = ArrowReaderMetadata::load(&f, ArrowReaderOptions::new()).unwrap();
    // The text column (`content`, the third) of the second row group.
    let (start, len) = metadata.metadata().row_group(1).column(2).byte_range();
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[start as usize..(start + len) as usize] {
        *b = 0xff;
    }
    std::fs::write(&path, &bytes).unwrap();
    let got = read(dir.path(), &path);
    let ids: Vec<String> = got.iter().flatten().map(|p| p.article.id.clone()).collect();
    assert_eq!(ids, ["101", "102", "105"], "{got:?}");
    let skips: Vec<&Skip> = got.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(skips.len(), 1, "{skips:?}");
    assert!(skips[0].to_string().contains("rows 3–4"), "{}", skips[0]);
}

/// Writes the sample archive's Parquet file, `corpus/parquet/tech-2021-2023.parquet`: run
/// once by hand (`cargo test --release --workspace write_sample_parquet -- --ignored`) when
/// its articles change; the file is committed.
#[test]
#[ignore = "writes into the repository's sample archive"]
fn write_sample_parquet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/parquet");
    std::fs::create_dir_all(&root).unwrap();
    let texts = [
        "Харківська компанія «Слобожанські мікросхеми» запустила лінію з пакування контролерів для побутової техніки. \
         Досі мікросхеми, які розробляли інженери компанії, пакували на заводах у Малайзії, а тепер частину замовлень виконають удома.\n\n\
         Технічний директор Андрій Коваленко розповів, що лінія обійшлася у вісім мільйонів доларів і створила шістдесят робочих місць. \
         Обладнання привезли з Німеччини, а налаштовували його разом із постачальником протягом трьох місяців.\n\n\
         Перша партія контролерів піде виробникам пральних машин у Словаччині. \
         Компанія розраховує, що за рік власна лінія скоротить строки поставок майже вдвічі.",
        "Одеський порт перейшов на електронну чергу для вантажівок, які везуть зерно до терміналів. \
         Водії тепер бронюють час заїзду в мобільному застосунку, а не чекають добу в заторах на під'їзних дорогах.\n\n\
         За даними адміністрації порту, за перший місяць середній час очікування скоротився з дев'ятнадцяти годин до трьох. \
         Застосунок розробила місцева ІТ-компанія, яка раніше робила системи обліку для складів.\n\n\
         Перевізники кажуть, що найбільше виграють невеликі фермерські господарства: їм більше не доводиться наймати окремого водія лише для черги. \
         Порт обіцяє підключити до системи ще два термінали до кінця року.",
    ];
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["sample-pq-01", "sample-pq-02"]));
    let titles = strings(&[
        Some("Харківська компанія пакуватиме мікросхеми вдома"),
        Some("Одеський порт запустив електронну чергу для зерновозів"),
    ]);
    // 2021-11-23 and 2023-04-18 as days since 1970-01-01.
    let days: ArrayRef = Arc::new(Date32Array::from(vec![18_954, 19_465]));
    let sources = strings(&[Some("Техносвіт"), Some("Діловий Дніпро")]);
    let urls = strings(&[Some("https://tekhnosvit.example.com/2021/11/mikroskhemy"), None]);
    write_parquet(
        &root.join("tech-2021-2023.parquet"),
        vec![
            ("id", ids),
            ("title", titles),
            ("text", strings(&texts.map(Some))),
            ("date", days),
            ("source", sources),
            ("url", urls),
        ],
        1,
    );
}
