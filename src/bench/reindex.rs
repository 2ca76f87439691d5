//! Reindexing jobs on a large archive: a full index (time T), a rerun with no change, then
//! reruns after 1% of the articles changed, all as `litopys index` child processes with
//! default settings. The goal: each rerun takes at most 5% of T.
//!
//! The archive is linked (or copied) into the work folder first, so that changes are made
//! to copies (written to a new file, then renamed over the link) and never to the
//! original. Two ways to change 1%: *concentrated* (10% of the lines of one part of a
//! ten-part archive, the usual daily correction) and *spread* (1% of the lines of every
//! part, the worst case for per-file change detection, since every part is read again).

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use serde::Serialize;

use crate::index::summary::Report;

/// One measured `litopys index` run.
#[derive(Debug, Serialize)]
pub struct Run {
    /// What the run was.
    pub name: String,
    /// Articles changed in the archive before the run.
    pub changed: u64,
    /// The run's own report.
    pub report: Report,
    /// Wall time of the whole process (start-up and lexicon included), seconds.
    pub wall_s: f64,
    /// `wall_s` as a share of the full index's wall time.
    pub ratio: f64,
}

/// The whole benchmark.
#[derive(Debug, Serialize)]
pub struct ReindexBench {
    /// The archive measured.
    pub archive: String,
    /// The full index, then the reruns.
    pub runs: Vec<Run>,
}

fn is_jsonl(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

/// Links (or copies) the archive files under `from` into `to`.
fn mirror(from: &Path, to: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let _ = fs::remove_dir_all(to);
    let mut parts = Vec::new();
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from)?;
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().expect("a file has a parent"))?;
        if fs::hard_link(entry.path(), &dest).is_err() {
            fs::copy(entry.path(), &dest)?;
            let modified = entry.metadata()?.modified()?;
            fs::File::options()
                .write(true)
                .open(&dest)?
                .set_modified(modified)?;
        }
        if is_jsonl(&dest) {
            parts.push(dest);
        }
    }
    Ok(parts)
}

/// Rewrites the JSON Lines file at `path` (through a new file), editing the text of the
/// lines whose 0-based number `n` has `n % every == offset`; returns how many.
fn edit(path: &Path, every: u64, offset: u64, tag: &str) -> anyhow::Result<u64> {
    let gz = path.to_string_lossy().to_lowercase().ends_with(".gz");
    let file = fs::File::open(path)?;
    let reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let tmp = path.with_extension("bench-tmp");
    let out = fs::File::create(&tmp)?;
    let mut writer: Box<dyn Write> = if gz {
        Box::new(GzEncoder::new(out, flate2::Compression::fast()))
    } else {
        Box::new(std::io::BufWriter::new(out))
    };
    let mut edited = 0;
    for (n, line) in reader.lines().enumerate() {
        let mut line = line?;
        if n as u64 % every == offset {
            if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&line) {
                if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
                    v["text"] = format!("{text} ({tag})").into();
                    line = v.to_string();
                    edited += 1;
                }
            }
        }
        writeln!(writer, "{line}")?;
    }
    drop(writer);
    fs::rename(&tmp, path)?;
    Ok(edited)
}

fn index(
    exe: &Path,
    lexicon: &Path,
    archive: &Path,
    dir: &Path,
    threads: usize,
) -> anyhow::Result<(Report, f64)> {
    let report_path = dir.with_extension("report.json");
    let started = Instant::now();
    let status = Command::new(exe)
        .arg("--lexicon")
        .arg(lexicon)
        .arg("index")
        .arg(archive)
        .arg("--index")
        .arg(dir)
        .args(["--quiet", "--threads", &threads.to_string(), "--report"])
        .arg(&report_path)
        .status()?;
    let wall = started.elapsed().as_secs_f64();
    anyhow::ensure!(status.success(), "litopys index failed ({status})");
    Ok((serde_json::from_slice(&fs::read(&report_path)?)?, wall))
}

/// Runs the benchmark on `archive`, working in `work` (the mirrored archive and the
/// index stay there).
pub fn run(lexicon: &Path, archive: &Path, work: &Path, threads: usize) -> anyhow::Result<ReindexBench> {
    let exe = std::env::current_exe()?;
    fs::create_dir_all(work)?;
    let copy = work.join("archive");
    let dir = work.join("index");
    let parts = mirror(archive, &copy)?;
    anyhow::ensure!(
        !parts.is_empty(),
        "no .jsonl or .jsonl.gz files under {}",
        archive.display()
    );
    let _ = fs::remove_dir_all(&dir);
    let mut runs: Vec<Run> = Vec::new();
    let mut measure = |name: &str, changed: u64| -> anyhow::Result<()> {
        let (report, wall_s) = index(&exe, lexicon, &copy, &dir, threads)?;
        let full = runs.first().map_or(wall_s, |r| r.wall_s);
        eprintln!("{name}: {wall_s:.2} s");
        runs.push(Run {
            name: name.into(),
            changed,
            report,
            wall_s,
            ratio: wall_s / full,
        });
        Ok(())
    };
    measure("full index", 0)?;
    measure("rerun, nothing changed", 0)?;
    // 1% of all articles, in the first part (parts are assumed of similar size).
    let every = (100 / parts.len() as u64).max(1);
    let changed = edit(&parts[0], every, 0, "виправлено")?;
    measure("rerun, 1% changed in one part", changed)?;
    let mut changed = 0;
    for part in &parts {
        changed += edit(part, 100, 1, "оновлено")?;
    }
    measure("rerun, 1% changed across all parts", changed)?;
    Ok(ReindexBench {
        archive: archive.display().to_string(),
        runs,
    })
}
