//! Analysis throughput: the Ukrainian analyzer as Tantivy runs it (a fresh tokenizer,
//! so the word cache starts cold), against Tantivy's default analyzer on the same text.
//! Also the lexicon's load time and resident memory.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::tantivy_tokenizer::UkTokenizer;
use litopys_analysis::Analyzer;

/// Results of the analysis benchmark.
#[derive(Debug, Serialize)]
pub struct AnalysisBench {
    /// Input size in bytes (UTF-8) per pass.
    pub bytes: usize,
    /// Passes measured (each with a fresh tokenizer).
    pub passes: usize,
    /// Lexicon open time in milliseconds.
    pub lexicon_open_ms: f64,
    /// Resident memory added by opening the lexicon, in MB.
    pub lexicon_open_rss_mb: f64,
    /// Resident memory of the process after the benchmark, in MB.
    pub final_rss_mb: f64,
    /// Words (input tokens) per second, single thread, Ukrainian analyzer, starting with
    /// an empty word cache (the worst case: a new indexing thread on unseen text).
    pub words_per_sec: f64,
    /// Words per second on a second pass with the cache filled by the first: the steady
    /// state of a long indexing run, where most words have been seen (optimistic: the
    /// text is replayed, so every word hits).
    pub warm_words_per_sec: f64,
    /// Emitted keys per second with a warm cache.
    pub warm_keys_per_sec: f64,
    /// Emitted keys per second (a word may have several).
    pub keys_per_sec: f64,
    /// Text throughput of the Ukrainian analyzer.
    pub mb_per_sec: f64,
    /// Tokens per second of Tantivy's default analyzer (SimpleTokenizer, RemoveLong,
    /// LowerCaser) on the same text.
    pub baseline_tokens_per_sec: f64,
    /// Text throughput of the baseline.
    pub baseline_mb_per_sec: f64,
    /// Ukrainian words/s divided by baseline tokens/s.
    pub ratio_to_baseline: f64,
}

fn run_pass(analyzer: &mut TextAnalyzer, texts: &[String]) -> usize {
    let mut n = 0;
    for t in texts {
        let mut stream = analyzer.token_stream(t);
        while stream.advance() {
            n += 1;
        }
    }
    n
}

/// Runs the benchmark on `texts`, `passes` times each.
pub fn run(lexicon_path: &Path, texts: &[String], passes: usize) -> anyhow::Result<AnalysisBench> {
    let rss_before = super::resident_bytes().unwrap_or(0);
    let started = Instant::now();
    let lexicon = Lexicon::open(lexicon_path)?;
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    let rss_after = super::resident_bytes().unwrap_or(0);
    let analyzer = Analyzer::new(Arc::new(lexicon));
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let words: usize = texts
        .iter()
        .map(|t| litopys_analysis::tokenizer::words(t).count())
        .sum();

    let mut best_uk = f64::MAX;
    let mut keys = 0;
    let mut best_warm = f64::MAX;
    let mut best_base = f64::MAX;
    let mut base_tokens = 0;
    for _ in 0..passes.max(1) {
        // The word cache starts cold, as for a new indexing thread.
        litopys_analysis::tantivy_tokenizer::clear_thread_cache();
        let mut uk = TextAnalyzer::from(UkTokenizer::lemmas(analyzer.clone()));
        let t = Instant::now();
        keys = run_pass(&mut uk, texts);
        best_uk = best_uk.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        run_pass(&mut uk, texts);
        best_warm = best_warm.min(t.elapsed().as_secs_f64());

        let mut base = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::RemoveLongFilter::limit(40))
            .filter(tantivy::tokenizer::LowerCaser)
            .build();
        let t = Instant::now();
        base_tokens = run_pass(&mut base, texts);
        best_base = best_base.min(t.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    Ok(AnalysisBench {
        bytes,
        passes,
        lexicon_open_ms: open_ms,
        lexicon_open_rss_mb: (rss_after.saturating_sub(rss_before)) as f64 / 1e6,
        final_rss_mb: super::resident_bytes().unwrap_or(0) as f64 / 1e6,
        words_per_sec: words as f64 / best_uk,
        keys_per_sec: keys as f64 / best_uk,
        warm_words_per_sec: words as f64 / best_warm,
        warm_keys_per_sec: keys as f64 / best_warm,
        mb_per_sec: mb / best_uk,
        baseline_tokens_per_sec: base_tokens as f64 / best_base,
        baseline_mb_per_sec: mb / best_base,
        ratio_to_baseline: (words as f64 / best_uk) / (base_tokens as f64 / best_base),
    })
}
