//! What an index holds: article count, size, date range, the biggest sources, segments.
//!
//! Computed by scanning the `date` and `source` fast columns of the live documents, which
//! is exact (deleted documents are left out) and takes milliseconds even for millions of
//! articles.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use tantivy::{DateTime, Index, ReloadPolicy};

use super::meta::{IndexMeta, INDEX_FORMAT};
use litopys_analysis::ANALYZER_VERSION;

/// Number of sources a report lists.
pub const TOP_SOURCES: usize = 10;

/// What this program would build an index with, and whether the index matches it.
///
/// Exists so that `stats` (and `/api/stats`) can say why searches might miss articles.
#[derive(Clone, Debug, Serialize)]
pub struct Installed {
    /// This program's index format.
    pub format: u32,
    /// This program's analyzer version.
    pub analyzer: &'static str,
    /// The installed lexicon's fingerprint; `None` when none is installed (or it cannot
    /// be opened).
    pub lexicon: Option<String>,
    /// Why the lexicon could not be opened.
    pub lexicon_error: Option<String>,
    /// The index has this program's format.
    pub format_matches: bool,
    /// The index was built with this program's analyzer.
    pub analyzer_matches: bool,
    /// `None` when there is no installed lexicon to compare with.
    pub lexicon_matches: Option<bool>,
}

/// Compares the index's metadata with what this program would write.
pub fn installed_for(meta: &IndexMeta, lexicon: Option<String>, lexicon_error: Option<String>) -> Installed {
    Installed {
        format: INDEX_FORMAT,
        analyzer: ANALYZER_VERSION,
        lexicon_matches: lexicon.as_ref().map(|l| *l == meta.lexicon),
        lexicon,
        lexicon_error,
        format_matches: meta.format == INDEX_FORMAT,
        analyzer_matches: meta.analyzer == ANALYZER_VERSION,
    }
}

/// Everything `stats --format json` and `/api/stats` answer.
#[derive(Clone, Debug, Serialize)]
pub struct StatsReport {
    /// The index folder as given.
    pub index: String,
    /// The content.
    #[serde(flatten)]
    pub stats: IndexStats,
    /// How it was built.
    pub meta: IndexMeta,
    /// Whether that fits this program.
    pub installed: Installed,
}

/// The first and last publication day, and how many articles have none.
///
/// Exists so that `litopys stats` can show which period an archive covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// Earliest date (`YYYY-MM-DD`), if any article is dated.
    pub first: Option<String>,
    /// Latest date.
    pub last: Option<String>,
    /// Articles without a date.
    pub without_date: u64,
}

/// One outlet and its number of articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    /// The outlet, as in the archive.
    pub source: String,
    /// Its articles in the index.
    pub articles: u64,
}

/// Which outlets the index holds.
///
/// Exists so that `litopys stats` can show the archive's composition at a glance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// Number of distinct outlets.
    pub distinct: u64,
    /// Articles without a source.
    pub without_source: u64,
    /// The biggest outlets, most articles first (ties by name).
    pub top: Vec<SourceCount>,
}

/// Facts about an index's content.
///
/// Exists as the data behind `litopys stats` (text and JSON).
#[derive(Clone, Debug, Serialize)]
pub struct IndexStats {
    /// Live articles (deleted ones excluded).
    pub articles: u64,
    /// Size of the index folder on disk.
    pub size_bytes: u64,
    /// Tantivy segments (many small ones slow searches down).
    pub segments: usize,
    /// Publication dates.
    pub dates: DateRange,
    /// Outlets.
    pub sources: Sources,
}

/// Total size of the files under `dir` (0 if it cannot be read).
///
/// Exists because both the indexing summary and `litopys stats` report the index's size.
pub fn disk_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// `YYYY-MM-DD` of a day given in days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A stored date as `YYYY-MM-DD`.
fn day(date: DateTime) -> String {
    civil_from_days(date.into_timestamp_secs().div_euclid(86_400))
}

/// Collects the statistics of `index` (in `dir`), with the `top` biggest sources.
pub fn collect(index: &Index, dir: &Path, top: usize) -> tantivy::Result<IndexStats> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut first: Option<DateTime> = None;
    let mut last: Option<DateTime> = None;
    let mut without_date = 0;
    let mut without_source = 0;
    let mut per_source: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let dates = fast.column_opt::<DateTime>("date")?;
        let sources = fast.str("source")?;
        let mut counts = vec![0u64; sources.as_ref().map_or(0, |s| s.num_terms())];
        for doc in segment.doc_ids_alive() {
            match dates.as_ref().and_then(|c| c.first(doc)) {
                Some(d) => {
                    first = Some(first.map_or(d, |f| f.min(d)));
                    last = Some(last.map_or(d, |l| l.max(d)));
                }
                None => without_date += 1,
            }
            match sources.as_ref().and_then(|c| c.term_ords(doc).next()) {
                Some(ord) => counts[ord as usize] += 1,
                None => without_source += 1,
            }
        }
        if let Some(col) = &sources {
            let mut name = String::new();
            for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                col.ord_to_str(ord as u64, &mut name)?;
                *per_source.entry(name.clone()).or_default() += n;
            }
        }
    }
    let distinct = per_source.len() as u64;
    let mut ranked: Vec<SourceCount> = per_source
        .into_iter()
        .map(|(source, articles)| SourceCount { source, articles })
        .collect();
    ranked.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.source.cmp(&b.source)));
    ranked.truncate(top);
    Ok(IndexStats {
        articles: searcher.num_docs(),
        size_bytes: disk_size(dir),
        segments: searcher.segment_readers().len(),
        dates: DateRange {
            first: first.map(day),
            last: last.map(day),
            without_date,
        },
        sources: Sources {
            distinct,
            without_source,
            top: ranked,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleDate;

    #[test]
    fn days_round_trip_through_unix_seconds() {
        for s in [
            "1970-01-01",
            "1969-12-31",
            "2000-02-29",
            "2019-03-05",
            "2025-11-18",
            "1678-01-01",
            "2261-12-31",
        ] {
            let secs = ArticleDate::parse(s).unwrap().unix_seconds();
            assert_eq!(day(DateTime::from_timestamp_secs(secs)), s);
        }
    }
}
