//! Indexing throughput on a large archive, every run a child process (so its peak memory
//! is its own) with the same `--memory` budget and threads: plain Tantivy (the anchor,
//! `index_compare`), then `litopys index` reading only (`--dry-run`), with Tantivy's
//! default tokenizer (same schema and pipeline), with the Ukrainian analyzer but no
//! entities, and with everything a user gets by default; then `index_parts` says where
//! the last run's time goes.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use super::child::watch;
use super::index_compare::{plain_run, VsPlain};
use super::index_parts::Part;
use litopys_core::indexer::budget::MemoryFlag;
use litopys_core::indexer::summary::Report;

/// One measured indexing run.
#[derive(Debug, Serialize)]
pub struct IndexRun {
    /// `ukrainian` or `baseline`.
    pub analyzer: String,
    /// Articles indexed.
    pub articles: u64,
    /// Megabytes of title and body text.
    pub text_mb: f64,
    /// Wall time in seconds, from the child's own report.
    pub seconds: f64,
    /// Wall time of the whole process (start-up and exit included), in seconds: what
    /// the comparison with plain Tantivy uses, measured the same way for both.
    pub wall_s: f64,
    /// Articles per second.
    pub articles_per_sec: f64,
    /// Text megabytes per second.
    pub mb_per_sec: f64,
    /// CPU seconds (user and system) of the child: on a shared machine, less noisy than
    /// wall time.
    pub cpu_s: f64,
    /// Text megabytes per CPU second.
    pub mb_per_cpu_sec: f64,
    /// Peak resident memory of the child, in MB (its VmHWM, read every 20 ms): includes
    /// memory-mapped files (the lexicon, index files read by merges).
    pub peak_rss_mb: f64,
    /// Peak anonymous resident memory (heap, stacks) of the child, in MB, sampled every
    /// 20 ms: what `--memory` bounds, plus the program's own few tens of MB.
    pub peak_anon_mb: f64,
    /// Index size on disk, in MB.
    pub index_mb: f64,
}

/// The runs and their ratios.
#[derive(Debug, Serialize)]
pub struct IndexBench {
    /// The `--memory` budget of every run, as passed (`512M`).
    pub memory: String,
    /// Plain Tantivy on the same archive (JSON Lines archives only; `None` otherwise).
    pub plain: Option<IndexRun>,
    /// Litopys (everything on) divided by plain Tantivy.
    pub vs_plain: Option<VsPlain>,
    /// Reading and parsing only.
    pub reading: IndexRun,
    /// Where the whole run's CPU time goes (JSON Lines archives only; empty otherwise).
    pub parts: Vec<Part>,
    /// The whole analysis: Ukrainian analyzer and entity extraction.
    pub ukrainian: IndexRun,
    /// The Ukrainian analyzer without entity extraction.
    pub without_entities: IndexRun,
    /// Tantivy's default tokenizer, no entities.
    pub baseline: IndexRun,
    /// Whole-analysis throughput divided by the baseline's.
    pub throughput_ratio: f64,
    /// Share of the whole run's time that entity extraction adds: 1 − T(without) / T(with).
    pub entity_share: f64,
}

/// Which analysis a run does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Tantivy's default tokenizer, no entities.
    Baseline,
    /// The Ukrainian analyzer without entity extraction.
    NoEntities,
    /// Everything a user gets by default.
    Full,
    /// Reading and parsing only (`--dry-run`): what the archive's formats cost.
    Reading,
}

/// What every run shares: the program, lexicon, scratch folder, threads and budget.
pub struct Setup<'a> {
    /// The `litopys` binary.
    pub exe: &'a Path,
    /// The lexicon it runs with.
    pub lexicon: &'a Path,
    /// Where the indexes (and written archives) go.
    pub work: &'a Path,
    /// `--threads`.
    pub threads: usize,
    /// `--memory`, in bytes.
    pub memory: u64,
}

/// Indexes `archive` with `litopys index` into `work/label` under `mode`, measuring wall,
/// CPU and peak memory of the process.
pub fn run_on(setup: &Setup, archive: &Path, label: &str, mode: Mode) -> anyhow::Result<IndexRun> {
    let Setup {
        exe,
        lexicon,
        work,
        threads,
        memory,
    } = *setup;
    let dir = work.join(label);
    let _ = std::fs::remove_dir_all(&dir);
    let report_path = work.join("report.json");
    let mut cmd = Command::new(exe);
    cmd.arg("--lexicon")
        .arg(lexicon)
        .arg("index")
        .arg(archive)
        .arg("--index")
        .arg(&dir)
        .arg("--quiet")
        .arg("--threads")
        .arg(threads.to_string())
        .arg("--memory")
        .arg(memory.to_string())
        .arg("--report")
        .arg(&report_path);
    if mode == Mode::Baseline {
        cmd.arg("--baseline-tokenizer");
    }
    if matches!(mode, Mode::Baseline | Mode::NoEntities) {
        cmd.arg("--no-entities");
    }
    if mode == Mode::Reading {
        cmd.arg("--dry-run");
    }
    let watched = watch(&mut cmd, "litopys index")?;
    let report: Report = serde_json::from_slice(&std::fs::read(&report_path)?)?;
    let text_mb = report.text_bytes as f64 / 1e6;
    let seconds = report.duration_s.max(1e-3);
    let run = IndexRun {
        analyzer: label.into(),
        articles: report.added,
        text_mb,
        seconds,
        articles_per_sec: report.added as f64 / seconds,
        mb_per_sec: text_mb / seconds,
        wall_s: watched.wall_s,
        cpu_s: watched.cpu_s,
        mb_per_cpu_sec: text_mb / watched.cpu_s.max(1e-3),
        peak_rss_mb: watched.peak_rss as f64 / 1e6,
        peak_anon_mb: watched.peak_anon as f64 / 1e6,
        index_mb: report.index_bytes as f64 / 1e6,
    };
    eprintln!("{}: {:.1} s wall", run.analyzer, watched.wall_s);
    Ok(run)
}

/// Indexes `archive` five times into folders under `work` (plain Tantivy, then the
/// Litopys runs), each with `threads` indexing threads and, for Litopys, a `--memory`
/// budget of `memory` bytes. Plain Tantivy reads JSON Lines only: for any other archive
/// it is left out.
pub fn run(
    lexicon: &Path,
    archive: &Path,
    work: &Path,
    threads: usize,
    memory: u64,
) -> anyhow::Result<IndexBench> {
    let exe: PathBuf = super::litopys_exe()?;
    std::fs::create_dir_all(work)?;
    let setup = Setup {
        exe: &exe,
        lexicon,
        work,
        threads,
        memory,
    };
    let reading = run_on(&setup, archive, "reading", Mode::Reading)?;
    let jsonl = super::plain::reads(archive);
    let plain = if jsonl {
        let lab = std::env::current_exe()?;
        Some(plain_run(
            &lab,
            archive,
            &work.join("plain"),
            threads,
            reading.text_mb,
        )?)
    } else {
        eprintln!("plain tantivy: left out (it reads JSON Lines archives only)");
        None
    };
    let baseline = run_on(&setup, archive, "baseline", Mode::Baseline)?;
    let without_entities = run_on(&setup, archive, "no-entities", Mode::NoEntities)?;
    let ukrainian = run_on(&setup, archive, "ukrainian", Mode::Full)?;
    Ok(IndexBench {
        memory: MemoryFlag(memory).to_string(),
        vs_plain: plain.as_ref().map(|p| VsPlain::of(&ukrainian, p)),
        parts: if jsonl {
            super::index_parts::split(lexicon, archive, &reading, &ukrainian)?
        } else {
            Vec::new()
        },
        plain,
        reading,
        throughput_ratio: ukrainian.mb_per_sec / baseline.mb_per_sec,
        entity_share: 1.0 - without_entities.seconds / ukrainian.seconds,
        ukrainian,
        without_entities,
        baseline,
    })
}
