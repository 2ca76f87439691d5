//! `bench index --formats`: the same articles indexed from every archive shape, against
//! JSON Lines in the same run.
//!
//! Exists because the reading side of indexing differs by format (CSV is parsed by
//! columns, Parquet decoded by row groups, HTML pages run through Readability, WARC
//! records also un-gzipped and their HTTP headers parsed, legacy text detected and
//! decoded) while the analysis is the same: the ratios per MB of text say what each
//! reader costs, and pages per second what a crawl costs.

use std::path::Path;

use serde::Serialize;

use super::archive_shapes::{self, Shape};
use super::index::{run_on, IndexRun, Mode, Setup};
use litopys_core::corpus::{discover, read_all};

/// One shape's run and how it compares with JSON Lines.
#[derive(Debug, Serialize)]
pub struct ShapeRun {
    /// `jsonl`, `csv`, `parquet`, `html`, `warc`, `txt-utf8`, `txt-cp1251`.
    pub shape: String,
    /// The indexing run (full analysis).
    pub run: IndexRun,
    /// Articles per wall second (pages per second for HTML and WARC).
    pub articles_per_sec: f64,
    /// This shape's MB of text per wall second over JSON Lines' (≥ 1: at least as fast).
    pub mb_per_sec_vs_jsonl: f64,
    /// This shape's MB of text per CPU second over JSON Lines'.
    pub mb_per_cpu_sec_vs_jsonl: f64,
}

/// Every shape's run, and what encoding detection costs.
#[derive(Debug, Serialize)]
pub struct FormatsBench {
    /// Articles read from the input archive and written in each shape.
    pub articles: usize,
    /// One run per shape, JSON Lines first.
    pub shapes: Vec<ShapeRun>,
    /// Extra CPU time of the Windows-1251 text tree over the same tree in UTF-8, as a
    /// share of the UTF-8 run's: what detecting and decoding the legacy encoding costs.
    pub encoding_detection_cpu_share: f64,
}

/// Reads `archive`'s articles (the first `limit`), writes them in every shape under
/// `work`, and indexes each with the full analysis, `threads` and a `--memory` of
/// `memory` bytes.
pub fn run(
    lexicon: &Path,
    archive: &Path,
    work: &Path,
    threads: usize,
    memory: u64,
    limit: usize,
) -> anyhow::Result<FormatsBench> {
    let exe = super::litopys_exe()?;
    std::fs::create_dir_all(work)?;
    let setup = &Setup {
        exe: &exe,
        lexicon,
        work,
        threads,
        memory,
    };
    let (files, _) = discover(&[archive.to_path_buf()]);
    let (mut articles, _) = read_all(&files);
    articles.truncate(limit);
    anyhow::ensure!(!articles.is_empty(), "no articles in {}", archive.display());
    let shapes_dir = setup.work.join("shapes");
    let mut runs: Vec<(Shape, IndexRun)> = Vec::new();
    for shape in Shape::ALL {
        let dir = archive_shapes::write(shape, &articles, &shapes_dir)?;
        let run = run_on(setup, &dir, shape.name(), Mode::Full)?;
        runs.push((shape, run));
    }
    let reference = &runs[0].1;
    let (ref_mb_s, ref_mb_cpu) = (reference.mb_per_sec, reference.mb_per_cpu_sec);
    let cpu = |s: Shape| runs.iter().find(|(shape, _)| *shape == s).map(|(_, r)| r.cpu_s);
    let detection = match (cpu(Shape::TextCp1251), cpu(Shape::TextUtf8)) {
        (Some(legacy), Some(utf8)) => legacy / utf8.max(1e-3) - 1.0,
        _ => f64::NAN,
    };
    let shapes = runs
        .into_iter()
        .map(|(shape, run)| ShapeRun {
            shape: shape.name().to_string(),
            articles_per_sec: run.articles_per_sec,
            mb_per_sec_vs_jsonl: run.mb_per_sec / ref_mb_s,
            mb_per_cpu_sec_vs_jsonl: run.mb_per_cpu_sec / ref_mb_cpu,
            run,
        })
        .collect();
    Ok(FormatsBench {
        articles: articles.len(),
        shapes,
        encoding_detection_cpu_share: detection,
    })
}
