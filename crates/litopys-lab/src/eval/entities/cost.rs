//! The cost of entity extraction measured against the analysis alone (`--bench`): the
//! figure behind the claim that facets add a fraction of the indexing time.

use serde::Serialize;

use litopys_analysis::{Analyzer, Side};
use litopys_core::entities::EntityExtractor;

/// Time of `extract` over the texts against the analyzer alone, single thread.
#[derive(Clone, Debug, Serialize)]
pub struct Cost {
    /// Input size in bytes.
    pub bytes: usize,
    /// Best analysis pass (seconds): the analyzer with a per-thread word cache, as indexing
    /// runs it.
    pub analyze_s: f64,
    /// Best extraction pass (seconds).
    pub extract_s: f64,
    /// extract / analyze.
    pub ratio: f64,
    /// Mentions found per pass.
    pub mentions: usize,
}

/// Measures [`Cost`] over `texts` (best of `passes`).
pub fn cost(
    ex: &EntityExtractor,
    analyzer: &std::sync::Arc<Analyzer>,
    texts: &[String],
    passes: usize,
) -> Cost {
    use std::time::Instant;
    let mut best_a = f64::MAX;
    let mut best_e = f64::MAX;
    let mut mentions = 0;
    let mut words = 0usize;
    for _ in 0..passes.max(1) {
        let t = Instant::now();
        let mut session = litopys_analysis::Session::new(analyzer.clone(), Side::Index, 200_000);
        for text in texts {
            session.analyze_with(text, |_, keys| words += keys.len());
        }
        best_a = best_a.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let mut n = 0;
        for text in texts {
            n += ex.extract(None, text).len();
        }
        best_e = best_e.min(t.elapsed().as_secs_f64());
        mentions = n;
    }
    std::hint::black_box(words);
    Cost {
        bytes: texts.iter().map(|t| t.len()).sum(),
        analyze_s: best_a,
        extract_s: best_e,
        ratio: best_e / best_a,
        mentions,
    }
}
