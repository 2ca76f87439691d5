//! Query latency: a fixed list of queries (single words, inflected forms, phrases,
//! several words, operators) run against an index, top-10 pages with snippets, in
//! process, after a warm-up pass; with the plain Tantivy baseline's figures on the same
//! queries when its index is given. `--queries FILE` measures any list.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::plain::PlainSearcher;
use litopys_analysis::Analyzer;
use litopys_core::index::open_index;
use litopys_core::search::searcher::{SearchRequest, Searcher};

/// The fixed query list (one query a line, `#` comments).
pub const QUERIES: &str = include_str!("queries.txt");

/// The queries of `--queries FILE` (one a line in Litopys's query language; `#` comments;
/// a TSV line gives its second column, as `anchor-queries.tsv` does), else the fixed list.
pub fn load_queries(file: Option<&Path>) -> anyhow::Result<Vec<String>> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the query list {}: {e}", path.display()))?,
        None => QUERIES.to_string(),
    };
    let queries = parse_queries(&text);
    anyhow::ensure!(!queries.is_empty(), "the query list is empty");
    Ok(queries)
}

fn parse_queries(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| match l.split_once('\t') {
            Some((_, rest)) => rest.split('\t').next().unwrap_or_default(),
            None => l,
        })
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The plain Tantivy baseline's latency on the same queries (top 10 + count + snippets).
#[derive(Debug, Serialize)]
pub struct PlainLatency {
    /// Articles in the baseline index.
    pub articles: u64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Litopys's p50 over the baseline's.
    pub p50_ratio: f64,
    /// Litopys's p99 over the baseline's.
    pub p99_ratio: f64,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Serialize)]
pub struct SearchBench {
    /// Queries in the list.
    pub queries: usize,
    /// Measured passes over the list.
    pub passes: usize,
    /// Articles in the index.
    pub articles: u64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Slowest query, ms.
    pub max_ms: f64,
    /// The slowest query's text.
    pub slowest: String,
    /// The plain Tantivy baseline, when its index was given.
    pub plain: Option<PlainLatency>,
}

/// The nearest-rank `p`th percentile of ascending `sorted` values (0 when empty); shared
/// by the benches so that they report percentiles alike.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Times `one` over every query `passes` times after one warm-up pass: sorted
/// (ms, query) pairs.
fn timed(
    queries: &[String],
    passes: usize,
    mut one: impl FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<(f64, &str)>> {
    for q in queries {
        one(q)?;
    }
    let mut times = Vec::new();
    for _ in 0..passes.max(1) {
        for q in queries {
            let t = Instant::now();
            one(q)?;
            times.push((t.elapsed().as_secs_f64() * 1000.0, q.as_str()));
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(times)
}

/// Runs every query `passes` times (after one warm-up pass) on the index in `dir`, and
/// the same on the plain Tantivy index in `plain` when given.
pub fn run(
    analyzer: Arc<Analyzer>,
    dir: &Path,
    queries: &[String],
    passes: usize,
    plain: Option<&Path>,
) -> anyhow::Result<SearchBench> {
    let searcher = Searcher::new(open_index(dir, analyzer)?)?;
    let times = timed(queries, passes, |q| {
        searcher.search(&SearchRequest::new(q))?;
        Ok(())
    })?;
    let ms: Vec<f64> = times.iter().map(|t| t.0).collect();
    let (max_ms, slowest) = times.last().map(|t| (t.0, t.1.to_string())).unwrap_or_default();
    let (p50_ms, p99_ms) = (percentile(&ms, 50.0), percentile(&ms, 99.0));
    let plain = match plain {
        Some(dir) => {
            let plain = PlainSearcher::open(dir)?;
            let times = timed(queries, passes, |q| {
                plain.search(q, 10)?;
                Ok(())
            })?;
            let ms: Vec<f64> = times.iter().map(|t| t.0).collect();
            let (b50, b99) = (percentile(&ms, 50.0), percentile(&ms, 99.0));
            Some(PlainLatency {
                articles: plain.num_docs(),
                p50_ms: b50,
                p99_ms: b99,
                p50_ratio: p50_ms / b50,
                p99_ratio: p99_ms / b99,
            })
        }
        None => None,
    };
    Ok(SearchBench {
        queries: queries.len(),
        passes,
        articles: searcher.num_docs(),
        p50_ms,
        p95_ms: percentile(&ms, 95.0),
        p99_ms,
        max_ms,
        slowest,
        plain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_list_is_long_and_parses() {
        let queries: Vec<&str> = QUERIES
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        assert!(queries.len() >= 100, "{}", queries.len());
        for q in queries {
            litopys_core::search::query::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
        }
    }

    #[test]
    fn a_query_file_gives_its_lines_and_a_tsv_its_second_column() {
        let text = "# comment\nУкраїна\n\n\"мирні переговори\"\nsingle\tроку\nand\tКиїв Львів\tnote\n";
        assert_eq!(
            parse_queries(text),
            ["Україна", "\"мирні переговори\"", "року", "Київ Львів"]
        );
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 95.0), 3.0);
    }
}
