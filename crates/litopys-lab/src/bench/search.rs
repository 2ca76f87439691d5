//! Query latency: a fixed list of queries (single words, inflected forms, phrases,
//! several words, operators) run against an index, top-10 pages with snippets, in
//! process, after a warm-up pass.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use litopys_analysis::Analyzer;
use litopys_core::index::open_index;
use litopys_core::search::searcher::{SearchRequest, Searcher};

/// The fixed query list (one query a line, `#` comments).
pub const QUERIES: &str = include_str!("queries.txt");

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

/// Runs every query `passes` times (after one warm-up pass) on the index in `dir`.
pub fn run(analyzer: Arc<Analyzer>, dir: &Path, passes: usize) -> anyhow::Result<SearchBench> {
    let searcher = Searcher::new(open_index(dir, analyzer)?)?;
    let queries: Vec<&str> = QUERIES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for q in &queries {
        searcher.search(&SearchRequest::new(*q))?;
    }
    let mut times: Vec<(f64, &str)> = Vec::new();
    for _ in 0..passes.max(1) {
        for q in &queries {
            let t = Instant::now();
            searcher.search(&SearchRequest::new(*q))?;
            times.push((t.elapsed().as_secs_f64() * 1000.0, q));
        }
    }
    times.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ms: Vec<f64> = times.iter().map(|t| t.0).collect();
    let (max_ms, slowest) = times.last().map(|t| (t.0, t.1.to_string())).unwrap_or_default();
    Ok(SearchBench {
        queries: queries.len(),
        passes,
        articles: searcher.num_docs(),
        p50_ms: percentile(&ms, 50.0),
        p95_ms: percentile(&ms, 95.0),
        p99_ms: percentile(&ms, 99.0),
        max_ms,
        slowest,
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
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 95.0), 3.0);
    }
}
