//! Counting at scale: the answers whose cost grows with the number of hits (the total,
//! the facet lists, the monthly timeline) for one query, in process, on one thread and
//! on every thread of the machine, side by side in the same run.
//!
//! Exists because counting is what grows with an archive: the commonest word of a
//! million articles matches half of them. The one-thread run is the baseline the
//! parallel run is stated against (their ratio is the speed-up from the cores).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::search::percentile;
use litopys_analysis::Analyzer;
use litopys_core::index::open_index;
use litopys_core::search::searcher::{FacetField, SearchRequest, Searcher};
use litopys_core::search::timeline::Granularity;

/// One kind of answer, timed on one thread and on all.
#[derive(Debug, Serialize)]
pub struct CountTiming {
    /// What was asked.
    pub answer: &'static str,
    /// Median over the passes on one thread, ms.
    pub one_thread_p50_ms: f64,
    /// Median over the passes on every thread, ms.
    pub all_threads_p50_ms: f64,
    /// Slowest pass on every thread, ms.
    pub all_threads_max_ms: f64,
    /// One thread's median over every thread's: the speed-up.
    pub speedup: f64,
}

/// What `bench counts` measured.
#[derive(Debug, Serialize)]
pub struct CountsBench {
    /// The query.
    pub query: String,
    /// Articles in the index.
    pub articles: u64,
    /// Matching articles.
    pub hits: usize,
    /// Segments of the index.
    pub segments: usize,
    /// Threads of the parallel runs.
    pub threads: usize,
    /// Measured passes (after one warm-up pass).
    pub passes: usize,
    /// Each answer.
    pub answers: Vec<CountTiming>,
}

/// The answers measured.
#[derive(Clone, Copy)]
enum Answer {
    Total,
    CountryAndCompany,
    SixFacetLists,
    MonthlyTimeline,
    Together,
}

impl Answer {
    const ALL: [Answer; 5] = [
        Answer::Total,
        Answer::CountryAndCompany,
        Answer::SixFacetLists,
        Answer::MonthlyTimeline,
        Answer::Together,
    ];

    fn name(self) -> &'static str {
        match self {
            Answer::Total => "total",
            Answer::CountryAndCompany => "country + company facets",
            Answer::SixFacetLists => "all six facet lists",
            Answer::MonthlyTimeline => "monthly timeline",
            Answer::Together => "total + country + company + monthly timeline",
        }
    }

    /// Runs this answer for `query`; the number of matches.
    fn run(self, searcher: &Searcher, query: &str) -> anyhow::Result<usize> {
        let request = SearchRequest {
            limit: Some(0),
            ..SearchRequest::new(query)
        };
        let facet = |field| searcher.entity_counts(&request, field, 10, None);
        Ok(match self {
            Answer::Total => searcher.search(&request)?.total,
            Answer::CountryAndCompany => facet(FacetField::Country)?.0 + facet(FacetField::Company)?.0,
            Answer::SixFacetLists => {
                let r = SearchRequest {
                    facets: 10,
                    ..request.clone()
                };
                searcher.search(&r)?.total
            }
            Answer::MonthlyTimeline => searcher.timeline(&request, Granularity::Month)?.total,
            Answer::Together => {
                let total = searcher.search(&request)?.total;
                facet(FacetField::Country)?;
                facet(FacetField::Company)?;
                searcher.timeline(&request, Granularity::Month)?;
                total
            }
        })
    }
}

/// Times every answer for `query` on the index in `dir`, `passes` times each after one
/// warm-up, on one thread and on `threads` threads.
pub fn run(
    analyzer: Arc<Analyzer>,
    dir: &Path,
    query: &str,
    passes: usize,
    threads: usize,
) -> anyhow::Result<CountsBench> {
    // As the server keeps it: facet counts add up by global ordinals.
    let searcher = Searcher::new(open_index(dir, analyzer)?)?.keep_facet_ordinals();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let all = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    let hits = Answer::Total.run(&searcher, query)?;
    let mut answers = Vec::new();
    for which in Answer::ALL {
        let time = |pool: &rayon::ThreadPool| -> anyhow::Result<Vec<f64>> {
            pool.install(|| {
                which.run(&searcher, query)?;
                let mut ms = Vec::new();
                for _ in 0..passes.max(1) {
                    let t = Instant::now();
                    which.run(&searcher, query)?;
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                ms.sort_by(f64::total_cmp);
                Ok(ms)
            })
        };
        let single = time(&one)?;
        let parallel = time(&all)?;
        let (one_ms, all_ms) = (percentile(&single, 50.0), percentile(&parallel, 50.0));
        answers.push(CountTiming {
            answer: which.name(),
            one_thread_p50_ms: one_ms,
            all_threads_p50_ms: all_ms,
            all_threads_max_ms: parallel.last().copied().unwrap_or_default(),
            speedup: one_ms / all_ms,
        });
    }
    Ok(CountsBench {
        query: query.to_string(),
        articles: searcher.num_docs(),
        hits,
        segments: searcher.snapshot().segment_readers().len(),
        threads,
        passes,
        answers,
    })
}
