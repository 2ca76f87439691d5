//! Indexing throughput on a large archive: `litopys index` run as a child process (so
//! its peak memory is its own) three times in one run: the whole analysis (Ukrainian
//! analyzer and entities), the analyzer without entities, and Tantivy's default tokenizer
//! as the baseline (same schema and pipeline).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::index::summary::Report;

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
    /// Peak resident memory of the child, in MB (sampled every 20 ms from VmHWM).
    pub peak_rss_mb: f64,
    /// Index size on disk, in MB.
    pub index_mb: f64,
}

/// The three runs and their ratios.
#[derive(Debug, Serialize)]
pub struct IndexBench {
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
enum Mode {
    Baseline,
    NoEntities,
    Full,
}

fn peak_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

fn run_one(
    exe: &Path,
    lexicon: &Path,
    archive: &Path,
    work: &Path,
    threads: usize,
    mode: Mode,
) -> anyhow::Result<IndexRun> {
    let label = match mode {
        Mode::Baseline => "baseline",
        Mode::NoEntities => "no-entities",
        Mode::Full => "ukrainian",
    };
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
        .arg("--report")
        .arg(&report_path);
    if mode == Mode::Baseline {
        cmd.arg("--baseline-tokenizer");
    }
    if mode != Mode::Full {
        cmd.arg("--no-entities");
    }
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let mut peak = 0;
    let status = loop {
        if let Some(p) = peak_of(child.id()) {
            peak = peak.max(p);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = started.elapsed().as_secs_f64();
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
        peak_rss_mb: peak as f64 / 1e6,
        index_mb: report.index_bytes as f64 / 1e6,
    };
    eprintln!("{}: {:.1} s wall", run.analyzer, wall);
    Ok(run)
}

/// Indexes `archive` twice into folders under `work`.
pub fn run(lexicon: &Path, archive: &Path, work: &Path, threads: usize) -> anyhow::Result<IndexBench> {
    let exe: PathBuf = std::env::current_exe()?;
    std::fs::create_dir_all(work)?;
    let baseline = run_one(&exe, lexicon, archive, work, threads, Mode::Baseline)?;
    let without_entities = run_one(&exe, lexicon, archive, work, threads, Mode::NoEntities)?;
    let ukrainian = run_one(&exe, lexicon, archive, work, threads, Mode::Full)?;
    Ok(IndexBench {
        throughput_ratio: ukrainian.mb_per_sec / baseline.mb_per_sec,
        entity_share: 1.0 - without_entities.seconds / ukrainian.seconds,
        ukrainian,
        without_entities,
        baseline,
    })
}
