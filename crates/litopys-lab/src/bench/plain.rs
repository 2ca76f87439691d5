//! The plain Tantivy baseline of issue 12: the index and the queries a tantivy-cli user
//! would write for the same archive, with nothing of Litopys (no lemmas, no entities, no
//! manifest). Benchmarks compare against it so that Litopys's cost is seen against
//! Tantivy's own, not against Litopys with another tokenizer.
//!
//! Schema: `title` and `body` TEXT with the default tokenizer and positions, `body`
//! stored, `date` FAST, `id` STRING STORED. Two indexing threads.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, Value, FAST, STORED, STRING, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, DateTime, Index, IndexReader, TantivyDocument};

/// Indexing threads of the baseline when not told otherwise (what the figures
/// used).
pub const THREADS: usize = 2;
/// Tantivy's indexing heap for the baseline, shared by its threads.
const HEAP_BYTES: usize = 256 << 20;

/// The baseline's fields.
#[derive(Clone, Copy, Debug)]
pub struct PlainFields {
    /// Title, TEXT.
    pub title: Field,
    /// Body, TEXT and stored.
    pub body: Field,
    /// Publication day, fast.
    pub date: Field,
    /// Article id, STRING and stored.
    pub id: Field,
}

/// The baseline's schema and its fields.
pub fn schema() -> (Schema, PlainFields) {
    let mut b = Schema::builder();
    let fields = PlainFields {
        title: b.add_text_field("title", TEXT),
        body: b.add_text_field("body", TEXT | STORED),
        date: b.add_date_field("date", FAST),
        id: b.add_text_field("id", STRING | STORED),
    };
    (b.build(), fields)
}

/// A JSON Lines record; any field may be missing or null.
#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

/// What building the baseline index did.
#[derive(Debug)]
pub struct PlainBuild {
    /// Articles indexed.
    pub articles: u64,
}

/// Whether the baseline can read `archive`: a JSON Lines file or a folder holding any.
pub fn reads(archive: &Path) -> bool {
    archive_files(archive).is_ok()
}

/// The JSON Lines files of an archive folder (or the file itself), in name order.
pub fn archive_files(archive: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let is_jsonl = |p: &Path| {
        let name = p.to_string_lossy();
        name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
    };
    if archive.is_file() {
        anyhow::ensure!(is_jsonl(archive), "{} is not JSON Lines", archive.display());
        return Ok(vec![archive.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(archive)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| is_jsonl(p))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no .jsonl(.gz) files in {}", archive.display());
    Ok(files)
}

/// The records of one JSON Lines file (gzip'd when it ends in `.gz`).
fn records(path: &Path) -> anyhow::Result<Vec<Record>> {
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut out = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        if !line.trim().is_empty() {
            out.push(serde_json::from_str(&line)?);
        }
    }
    Ok(out)
}

/// The (title, body) of every article of one JSON Lines file: what `index_parts`
/// analyses, read as the baseline reads it.
pub fn read_articles(path: &Path) -> anyhow::Result<Vec<(Option<String>, String)>> {
    Ok(records(path)?
        .into_iter()
        .map(|r| (r.title, r.text.unwrap_or_default()))
        .collect())
}

/// A day `YYYY-MM-DD` as a fast-field date (midnight UTC).
fn parse_day(s: &str) -> Option<DateTime> {
    let mut it = s.get(..10)?.split('-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    // Days since 1970-01-01 (civil calendar).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(DateTime::from_timestamp_secs(days * 86_400))
}

/// Builds the baseline index of the JSON Lines archive `archive` in the new folder `dir`:
/// written beside it first and renamed at the end, so a failed build leaves no index
/// that a later run would take for a finished one.
pub fn build(archive: &Path, dir: &Path) -> anyhow::Result<PlainBuild> {
    build_with_threads(archive, dir, THREADS)
}

/// [`build`] with `threads` indexing threads (`bench index` gives the baseline the
/// threads Litopys gets).
pub fn build_with_threads(archive: &Path, dir: &Path, threads: usize) -> anyhow::Result<PlainBuild> {
    let partial = dir.with_extension("partial");
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
    }
    let built = build_in(archive, &partial, threads.max(1))?;
    std::fs::rename(&partial, dir)?;
    Ok(built)
}

fn build_in(archive: &Path, dir: &Path, threads: usize) -> anyhow::Result<PlainBuild> {
    std::fs::create_dir_all(dir)?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, HEAP_BYTES)?;
    let mut articles = 0u64;
    for path in archive_files(archive)? {
        for r in records(&path)? {
            let mut d = doc!(
                f.title => r.title.unwrap_or_default(),
                f.body => r.text.unwrap_or_default(),
                f.id => r.id.unwrap_or_default()
            );
            if let Some(day) = r.date.as_deref().and_then(parse_day) {
                d.add_date(f.date, day);
            }
            writer.add_document(d)?;
            articles += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(PlainBuild { articles })
}

/// The baseline index opened for queries, as `Index::open_in_dir` gives it (the kernel's
/// default read advice: what a plain Tantivy user gets).
pub struct PlainSearcher {
    reader: IndexReader,
    parser: QueryParser,
    fields: PlainFields,
}

/// One query's answer: the total and the top hits' ids with a body snippet.
#[derive(Debug)]
pub struct PlainAnswer {
    /// Matching articles.
    pub total: usize,
    /// (id, snippet) of the top hits.
    pub hits: Vec<(String, String)>,
}

impl PlainSearcher {
    /// Opens the baseline index in `dir`.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        // Litopys requires every word; so does the baseline.
        parser.set_conjunction_by_default();
        Ok(PlainSearcher {
            reader: index.reader()?,
            parser,
            fields,
        })
    }

    /// Articles in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Top `limit` + count + snippets for `query` (Tantivy's query syntax; a query it
    /// cannot parse is run leniently, as tantivy-cli users' front ends do).
    pub fn search(&self, query: &str, limit: usize) -> anyhow::Result<PlainAnswer> {
        let (q, _) = self.parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(&q, &(TopDocs::with_limit(limit).order_by_score(), Count))?;
        let snippets = SnippetGenerator::create(&searcher, &*q, self.fields.body)?;
        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            hits.push((id, snippets.snippet_from_doc(&doc).to_html()));
        }
        Ok(PlainAnswer { total, hits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_midnight_utc() {
        assert_eq!(parse_day("1970-01-01").unwrap().into_timestamp_secs(), 0);
        assert_eq!(
            parse_day("2024-03-01").unwrap().into_timestamp_secs(),
            1_709_251_200
        );
        assert!(parse_day("2024-3").is_none());
    }

    #[test]
    fn an_archive_is_indexed_and_answered_with_count_and_snippets() {
        let tmp = tempfile::tempdir().unwrap();
        let archive = tmp.path().join("a.jsonl");
        std::fs::write(
            &archive,
            "{\"id\":\"1\",\"title\":\"Київ\",\"text\":\"Новини з Києва сьогодні\",\"date\":\"2024-01-02\"}\n\
             {\"id\":\"2\",\"title\":null,\"text\":\"Новини зі Львова\"}\n",
        )
        .unwrap();
        let built = build(&archive, &tmp.path().join("ix")).unwrap();
        assert_eq!(built.articles, 2);
        let s = PlainSearcher::open(&tmp.path().join("ix")).unwrap();
        let a = s.search("новини", 10).unwrap();
        assert_eq!(a.total, 2);
        let a = s.search("новини сьогодні", 10).unwrap();
        assert_eq!(a.total, 1);
        assert_eq!(a.hits[0].0, "1");
        assert!(a.hits[0].1.contains("<b>"), "{}", a.hits[0].1);
    }
}
