//! One archive's articles written out again in each shape real archives come in (JSON
//! Lines, CSV, Parquet, HTML pages, a WARC crawl, plain-text trees in UTF-8 and in
//! Windows-1251), so that `bench index --formats` can index the same text in each.
//!
//! The writers are as plain as the tools that make such archives: one row or record per
//! article, the field names Litopys recognises, a news page's menu and footer around each
//! HTML article.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use flate2::write::GzEncoder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use litopys_core::corpus::Article;
use litopys_core::search::snippets::escape_html as escape;

/// A shape an archive comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One JSON object per line: the reference every other shape is compared with.
    JsonLines,
    /// A CSV export with a header row.
    Csv,
    /// A Parquet file, snappy, row groups of 10,000 rows (as datasets ship them).
    Parquet,
    /// One HTML page per article, with a site's menu, related links and footer.
    Html,
    /// The same pages as HTTP responses in one gzip'd WARC file.
    Warc,
    /// One plain-text file per article, UTF-8.
    TextUtf8,
    /// The same files in Windows-1251, which Litopys has to detect.
    TextCp1251,
}

impl Shape {
    /// Every shape, the reference first.
    pub const ALL: [Shape; 7] = [
        Shape::JsonLines,
        Shape::Csv,
        Shape::Parquet,
        Shape::Html,
        Shape::Warc,
        Shape::TextUtf8,
        Shape::TextCp1251,
    ];

    /// The folder name and label.
    pub fn name(self) -> &'static str {
        match self {
            Shape::JsonLines => "jsonl",
            Shape::Csv => "csv",
            Shape::Parquet => "parquet",
            Shape::Html => "html",
            Shape::Warc => "warc",
            Shape::TextUtf8 => "txt-utf8",
            Shape::TextCp1251 => "txt-cp1251",
        }
    }
}

/// Writes `articles` in `shape` under `out/<name>/` and returns that folder.
pub fn write(shape: Shape, articles: &[Article], out: &Path) -> anyhow::Result<PathBuf> {
    let dir = out.join(shape.name());
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    match shape {
        Shape::JsonLines => write_jsonl(articles, &dir.join("news.jsonl"))?,
        Shape::Csv => write_csv(articles, &dir.join("news.csv"))?,
        Shape::Parquet => write_parquet(articles, &dir.join("news.parquet"))?,
        Shape::Html => write_html(articles, &dir)?,
        Shape::Warc => write_warc(articles, &dir.join("crawl.warc.gz"))?,
        Shape::TextUtf8 => write_text(articles, &dir, false)?,
        Shape::TextCp1251 => write_text(articles, &dir, true)?,
    }
    Ok(dir)
}

fn date(a: &Article) -> String {
    a.date.map(|d| d.to_string()).unwrap_or_default()
}

fn write_jsonl(articles: &[Article], path: &Path) -> anyhow::Result<()> {
    let mut out = BufWriter::new(fs::File::create(path)?);
    for a in articles {
        let line = serde_json::json!({
            "id": a.id, "title": a.title, "date": a.date.map(|d| d.to_string()),
            "source": a.source, "text": a.text,
        });
        writeln!(out, "{line}")?;
    }
    Ok(out.flush()?)
}

fn write_csv(articles: &[Article], path: &Path) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(["id", "title", "date", "source", "text"])?;
    for a in articles {
        let title = a.title.as_deref().unwrap_or("");
        let source = a.source.as_deref().unwrap_or("");
        out.write_record([a.id.as_str(), title, &date(a), source, &a.text])?;
    }
    Ok(out.flush()?)
}

fn write_parquet(articles: &[Article], path: &Path) -> anyhow::Result<()> {
    let column = |f: &dyn Fn(&Article) -> Option<String>| -> ArrayRef {
        Arc::new(articles.iter().map(f).collect::<StringArray>())
    };
    let batch = RecordBatch::try_from_iter([
        ("id", column(&|a| Some(a.id.clone()))),
        ("title", column(&|a| a.title.clone())),
        ("date", column(&|a| a.date.map(|d| d.to_string()))),
        ("source", column(&|a| a.source.clone())),
        ("text", column(&|a| Some(a.text.clone()))),
    ])?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(10_000))
        .build();
    let mut writer = ArrowWriter::try_new(fs::File::create(path)?, batch.schema(), Some(props))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}

/// A news site's page around the article: menu, related links, footer, a script.
fn page(a: &Article, url: &str) -> String {
    let title = escape(a.title.as_deref().unwrap_or(""));
    let paragraphs: String = a
        .text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", escape(p.trim())))
        .collect();
    let published = a
        .date
        .map(|d| format!(r#"<meta property="article:published_time" content="{d}T09:00:00+03:00">"#))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="uk"><head><meta charset="utf-8"><title>{title} — Новини</title>
<meta property="og:title" content="{title}"><meta property="og:url" content="{url}">{published}
<script>window.dataLayer = [];</script></head>
<body><header><nav><a href="/">Головна</a> <a href="/politics">Політика</a> <a href="/economy">Економіка</a></nav></header>
<main><article><h1>{title}</h1>
{paragraphs}</article>
<aside><h3>Читайте також</h3><ul><li><a href="/a">Інша новина дня</a></li><li><a href="/b">Ще одна новина</a></li></ul></aside></main>
<footer>© Новини. Усі права захищено.</footer></body></html>
"#
    )
}

fn url(i: usize) -> String {
    format!("https://news.example.ua/articles/{i}")
}

fn write_html(articles: &[Article], dir: &Path) -> anyhow::Result<()> {
    for (i, a) in articles.iter().enumerate() {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&sub)?;
        }
        fs::write(sub.join(format!("{i}.html")), page(a, &url(i)))?;
    }
    Ok(())
}

/// One gzip member per record, as crawlers write `.warc.gz`.
fn write_warc(articles: &[Article], path: &Path) -> anyhow::Result<()> {
    let mut out = BufWriter::new(fs::File::create(path)?);
    for (i, a) in articles.iter().enumerate() {
        let html = page(a, &url(i));
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{i:012}>\r\n\
             WARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Target-URI: {}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            url(i),
            http.len()
        );
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(record.as_bytes())?;
        out.write_all(&gz.finish()?)?;
    }
    Ok(out.flush()?)
}

/// `date DAY title`, a blank line, the body (the sample format); in folders of 1,000 files.
fn write_text(articles: &[Article], dir: &Path, cp1251: bool) -> anyhow::Result<()> {
    for (i, a) in articles.iter().enumerate() {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&sub)?;
        }
        let dated = a.date.map(|d| format!("date {d} ")).unwrap_or_default();
        let text = format!("{dated}{}\n\n{}\n", a.title.as_deref().unwrap_or(""), a.text);
        let bytes = if cp1251 {
            encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        };
        fs::write(sub.join(format!("{i}.txt")), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use litopys_core::corpus::{discover, read_all};

    fn sample() -> Vec<Article> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let (files, _) = discover(&[root]);
        read_all(&files)
            .0
            .into_iter()
            .filter(|a| a.text.len() > 400)
            .take(5)
            .collect()
    }

    #[test]
    fn every_shape_reads_back_as_the_same_articles() {
        let articles = sample();
        assert_eq!(articles.len(), 5);
        let tmp = tempfile::tempdir().unwrap();
        for shape in Shape::ALL {
            let dir = write(shape, &articles, tmp.path()).unwrap();
            let (files, skips) = discover(&[dir]);
            let (back, skipped) = read_all(&files);
            assert!(
                skips.is_empty() && skipped.is_empty(),
                "{shape:?}: {skips:?} {skipped:?}"
            );
            assert_eq!(back.len(), articles.len(), "{shape:?}");
            let mut titles: Vec<_> = back.iter().map(|a| a.title.clone()).collect();
            let mut want: Vec<_> = articles.iter().map(|a| a.title.clone()).collect();
            titles.sort();
            want.sort();
            assert_eq!(titles, want, "{shape:?}");
            // Every shape keeps the body's words (HTML without its menu and footer).
            for a in &back {
                assert!(!a.text.contains("Головна"), "{shape:?}: the menu came through");
            }
        }
    }
}
