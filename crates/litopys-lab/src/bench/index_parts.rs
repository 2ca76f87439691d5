//! Where an indexing run's CPU time goes: the analysis and the entity extraction of the
//! archive's articles, measured in this process on one thread exactly as the indexer
//! runs them (the lemma then the exact-form tokenizer over title and body, in the
//! schema's field order; the extractor over title and body), and reading from a
//! `--dry-run`; story signatures and grouping as the indexer does them. What is left of the whole run's CPU is Tantivy (postings, stored
//! fields, merges) and the pipeline around it.
//!
//! Differences between whole runs cannot give this: Litopys with Tantivy's tokenizer
//! is not "Litopys without analysis" (it tokenizes the exact-form fields again, where
//! the Ukrainian analyzer reuses its lemma pass), and measured slower than the Ukrainian
//! analyzer.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use litopys_analysis::tantivy_tokenizer::UkTokenizer;
use litopys_analysis::Analyzer;
use litopys_core::entities::EntityExtractor;
use litopys_core::stories::group::DEFAULT_THRESHOLD;
use litopys_core::stories::{Signature, StoryTable};

use super::index::IndexRun;

/// One part of the indexing time.
#[derive(Debug, Serialize)]
pub struct Part {
    /// What the part is.
    pub name: &'static str,
    /// Its CPU seconds.
    pub cpu_s: f64,
    /// Its share of the whole run's CPU seconds.
    pub share: f64,
}

/// CPU seconds this thread has used (Linux `CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// CPU seconds of each measured part of indexing.
struct Measured {
    analysis: f64,
    entities: f64,
    stories: f64,
}

/// Analysis, entity and story CPU seconds over every (title, body) of the archive's JSON
/// Lines files, read one file at a time; stories are grouped as the indexer groups them
/// (a signature per body, then the story table, in archive order).
fn measure(analyzer: &Arc<Analyzer>, files: &[std::path::PathBuf]) -> anyhow::Result<Measured> {
    let mut lemmas = TextAnalyzer::from(UkTokenizer::lemmas(analyzer.clone()));
    let mut exact = TextAnalyzer::from(UkTokenizer::exact(analyzer.clone()));
    let extractor = EntityExtractor::new(analyzer.clone(), None)?;
    let drain = |a: &mut TextAnalyzer, text: &str| {
        let mut stream = a.token_stream(text);
        let mut n = 0usize;
        while stream.advance() {
            n += 1;
        }
        n
    };
    let (mut analysis, mut entities, mut stories, mut tokens) = (0.0, 0.0, 0.0, 0usize);
    let mut table = StoryTable::new(DEFAULT_THRESHOLD);
    for file in files {
        for (n, (title, body)) in super::plain::read_articles(file)?.into_iter().enumerate() {
            let t0 = thread_cpu();
            if let Some(t) = &title {
                tokens += drain(&mut lemmas, t);
            }
            tokens += drain(&mut lemmas, &body);
            if let Some(t) = &title {
                tokens += drain(&mut exact, t);
            }
            tokens += drain(&mut exact, &body);
            let t1 = thread_cpu();
            std::hint::black_box(extractor.extract(title.as_deref(), &body));
            let t2 = thread_cpu();
            let signature = Signature::of(&body);
            std::hint::black_box(table.assign(&n.to_string(), signature.as_ref()));
            stories += thread_cpu() - t2;
            entities += t2 - t1;
            analysis += t1 - t0;
        }
    }
    std::hint::black_box(tokens);
    Ok(Measured {
        analysis,
        entities,
        stories,
    })
}

/// The parts of `full`'s CPU time: reading (`reading`, a dry run), analysis and entities
/// (measured here on `archive`'s JSON Lines files), and the rest.
pub fn split(
    lexicon: &Path,
    archive: &Path,
    reading: &IndexRun,
    full: &IndexRun,
) -> anyhow::Result<Vec<Part>> {
    let analyzer = Analyzer::new(Arc::new(litopys_analysis::lexicon::Lexicon::open(lexicon)?));
    let files = super::plain::archive_files(archive)?;
    let m = measure(&analyzer, &files)?;
    Ok(parts(full.cpu_s, reading.cpu_s, &m))
}

/// The five parts of a run of `total` CPU seconds.
fn parts(total: f64, reading: f64, m: &Measured) -> Vec<Part> {
    let part = |name, cpu_s: f64| Part {
        name,
        cpu_s,
        share: cpu_s / total.max(1e-9),
    };
    vec![
        part("reading and parsing (a dry run)", reading),
        part("Ukrainian analysis (lemmas, exact forms)", m.analysis),
        part("entity facets", m.entities),
        part("story signatures and grouping", m.stories),
        part(
            "Tantivy and the pipeline (the rest)",
            total - reading - m.analysis - m.entities - m.stories,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_add_up_to_the_whole_run() {
        let m = Measured {
            analysis: 3.0,
            entities: 2.0,
            stories: 0.5,
        };
        let p = parts(10.0, 1.0, &m);
        let cpu: Vec<f64> = p.iter().map(|p| p.cpu_s).collect();
        assert_eq!(cpu, vec![1.0, 3.0, 2.0, 0.5, 3.5]);
        assert!((p.iter().map(|p| p.share).sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn thread_cpu_advances_with_work() {
        let t0 = thread_cpu();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        std::hint::black_box(x);
        assert!(thread_cpu() > t0);
    }
}
