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

use litopys_core::indexer::summary::Report;

/// One measured `litopys index` run.
#[derive(Debug, Serialize)]
pub struct Run {
    /// What the run was.
    pub name: String,
    /// Articles changed in the archive before the run.
    pub changed: u64,
    /// The run's own report.
    pub report: Report,
    /// Wall time of the whole process (start-up and lexicon included), seconds: the
    /// fastest of the repetitions.
    pub wall_s: f64,
    /// Wall time of every repetition.
    pub walls: Vec<f64>,
    /// `wall_s` as a share of the full index's wall time.
    pub ratio: f64,
    /// CPU time (user and system) of that fastest run, seconds.
    pub cpu_s: f64,
    /// `cpu_s` as a share of the full index's CPU time: less sensitive than wall time to
    /// other work on a shared machine.
    pub cpu_ratio: f64,
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

/// CPU seconds (user and system) used so far by the children this process waited for
/// (Linux; 0 elsewhere).
pub(crate) fn children_cpu() -> f64 {
    let Ok(stat) = fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at "state"; cutime
    // and cstime are fields 16 and 17, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(13) + ticks(14)) / 100.0
}

/// One `litopys index` run: its report, wall time and CPU time.
fn index(
    exe: &Path,
    lexicon: &Path,
    archive: &Path,
    dir: &Path,
    threads: usize,
) -> anyhow::Result<(Report, f64, f64)> {
    let report_path = dir.with_extension("report.json");
    let cpu_before = children_cpu();
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
    let cpu = children_cpu() - cpu_before;
    anyhow::ensure!(status.success(), "litopys index failed ({status})");
    Ok((serde_json::from_slice(&fs::read(&report_path)?)?, wall, cpu))
}

/// Runs the benchmark on `archive`, working in `work` (the mirrored archive and the
/// index stay there). Each kind of rerun is measured `repeat` times (with fresh changes
/// each time) and the fastest counts, since other work on a shared machine only ever
/// slows a run down.
pub fn run(
    lexicon: &Path,
    archive: &Path,
    work: &Path,
    threads: usize,
    repeat: usize,
) -> anyhow::Result<ReindexBench> {
    let exe = super::litopys_exe()?;
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
    let (report, full, full_cpu) = index(&exe, lexicon, &copy, &dir, threads)?;
    eprintln!("full index: {full:.2} s, {full_cpu:.2} s CPU");
    let mut runs = vec![Run {
        name: "full index".into(),
        changed: 0,
        report,
        wall_s: full,
        walls: vec![full],
        ratio: 1.0,
        cpu_s: full_cpu,
        cpu_ratio: 1.0,
    }];
    // 1% of all articles: in one part (parts assumed of similar size), or in every part.
    let every = (100 / parts.len() as u64).max(1);
    for kind in [
        "rerun, nothing changed",
        "rerun, 1% changed in one part",
        "rerun, 1% changed across all parts",
    ] {
        let mut best: Option<Run> = None;
        let mut walls = Vec::new();
        for r in 0..repeat.max(1) as u64 {
            let tag = format!("правка {r}");
            let changed = match kind {
                "rerun, nothing changed" => 0,
                "rerun, 1% changed in one part" => {
                    edit(&parts[r as usize % parts.len()], every, r % every, &tag)?
                }
                _ => parts
                    .iter()
                    .map(|p| edit(p, 100, 1 + r % 99, &tag))
                    .sum::<anyhow::Result<u64>>()?,
            };
            let (report, wall_s, cpu_s) = index(&exe, lexicon, &copy, &dir, threads)?;
            eprintln!("{kind}: {wall_s:.2} s, {cpu_s:.2} s CPU");
            walls.push(wall_s);
            if best.as_ref().is_none_or(|b| wall_s < b.wall_s) {
                best = Some(Run {
                    name: kind.into(),
                    changed,
                    report,
                    wall_s,
                    walls: Vec::new(),
                    ratio: wall_s / full,
                    cpu_s,
                    cpu_ratio: cpu_s / full_cpu.max(1e-9),
                });
            }
        }
        let mut best = best.expect("at least one run");
        best.walls = walls;
        runs.push(best);
    }
    Ok(ReindexBench {
        archive: archive.display().to_string(),
        runs,
    })
}
