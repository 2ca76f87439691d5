//! Indexing throughput on a large archive: `litopys index` run as a child process (so
//! its peak memory is its own) three times in one run, with the same `--memory` budget:
//! the whole analysis (Ukrainian analyzer and entities), the analyzer without entities,
//! and Tantivy's default tokenizer as the baseline (same schema and pipeline).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::reindex::children_cpu;
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

/// The three runs and their ratios.
#[derive(Debug, Serialize)]
pub struct IndexBench {
    /// The `--memory` budget of every run, as passed (`512M`).
    pub memory: String,
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
}

/// The child's `VmHWM` (peak resident) and `RssAnon` (anonymous resident now), in bytes.
fn memory_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
    };
    Some((kb("VmHWM:")?, kb("RssAnon:").unwrap_or(0)))
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
    if mode != Mode::Full {
        cmd.arg("--no-entities");
    }
    let started = Instant::now();
    let cpu_before = children_cpu();
    let mut child = cmd.spawn()?;
    let (mut peak, mut peak_anon) = (0, 0);
    let status = loop {
        if let Some((hwm, anon)) = memory_of(child.id()) {
            peak = peak.max(hwm);
            peak_anon = peak_anon.max(anon);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = started.elapsed().as_secs_f64();
    let cpu_s = children_cpu() - cpu_before;
    anyhow::ensure!(status.success(), "litopys index failed ({status})");
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
        cpu_s,
        mb_per_cpu_sec: text_mb / cpu_s.max(1e-3),
        peak_rss_mb: peak as f64 / 1e6,
        peak_anon_mb: peak_anon as f64 / 1e6,
        index_mb: report.index_bytes as f64 / 1e6,
    };
    eprintln!("{}: {:.1} s wall", run.analyzer, wall);
    Ok(run)
}

/// Indexes `archive` three times into folders under `work`, each run with `threads`
/// indexing threads and a `--memory` budget of `memory` bytes.
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
    let baseline = run_on(&setup, archive, "baseline", Mode::Baseline)?;
    let without_entities = run_on(&setup, archive, "no-entities", Mode::NoEntities)?;
    let ukrainian = run_on(&setup, archive, "ukrainian", Mode::Full)?;
    Ok(IndexBench {
        memory: MemoryFlag(memory).to_string(),
        throughput_ratio: ukrainian.mb_per_sec / baseline.mb_per_sec,
        entity_share: 1.0 - without_entities.seconds / ukrainian.seconds,
        ukrainian,
        without_entities,
        baseline,
    })
}
