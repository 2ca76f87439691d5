//! Litopys against a plain Tantivy pipeline on the same archive, the anchor `bench
//! index` compares with: wall, CPU, index size and memory ratios, the baseline built by
//! a child process measured as `litopys index` is.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use super::child::watch;
use super::index::IndexRun;
use litopys_core::index::stats::disk_size;

/// Litopys divided by plain Tantivy, for the same archive in the same run.
#[derive(Debug, Serialize)]
pub struct VsPlain {
    /// Process wall time.
    pub wall: f64,
    /// CPU seconds.
    pub cpu: f64,
    /// Index bytes on disk.
    pub index_size: f64,
    /// Peak resident memory (VmHWM, mapped files included).
    pub peak_rss: f64,
    /// Peak anonymous memory (heap and stacks).
    pub peak_anon: f64,
}

impl VsPlain {
    /// The ratios of `litopys` to `plain`.
    pub fn of(litopys: &IndexRun, plain: &IndexRun) -> Self {
        let r = |a: f64, b: f64| a / b.max(1e-9);
        VsPlain {
            wall: r(litopys.wall_s, plain.wall_s),
            cpu: r(litopys.cpu_s, plain.cpu_s),
            index_size: r(litopys.index_mb, plain.index_mb),
            peak_rss: r(litopys.peak_rss_mb, plain.peak_rss_mb),
            peak_anon: r(litopys.peak_anon_mb, plain.peak_anon_mb),
        }
    }
}

/// Builds the plain Tantivy baseline of `archive` in `dir` as a child process (`lab`,
/// the lab's own binary, with the hidden `bench plain-index`), so its wall, CPU and
/// memory are measured exactly as `litopys index`'s. `text_mb` is the archive's text,
/// as Litopys counted it.
pub fn plain_run(
    lab: &Path,
    archive: &Path,
    dir: &Path,
    threads: usize,
    text_mb: f64,
) -> anyhow::Result<IndexRun> {
    let _ = std::fs::remove_dir_all(dir);
    let mut cmd = Command::new(lab);
    cmd.args(["bench", "plain-index", "--threads"])
        .arg(threads.to_string())
        .arg("--archive")
        .arg(archive)
        .arg("--index")
        .arg(dir);
    let watched = watch(&mut cmd, "the plain Tantivy baseline")?;
    let articles = super::plain::PlainSearcher::open(dir)?.num_docs();
    eprintln!("plain tantivy: {:.1} s wall", watched.wall_s);
    Ok(IndexRun {
        analyzer: "plain tantivy".into(),
        articles,
        text_mb,
        seconds: watched.wall_s,
        wall_s: watched.wall_s,
        articles_per_sec: articles as f64 / watched.wall_s.max(1e-3),
        mb_per_sec: text_mb / watched.wall_s.max(1e-3),
        cpu_s: watched.cpu_s,
        mb_per_cpu_sec: text_mb / watched.cpu_s.max(1e-3),
        peak_rss_mb: watched.peak_rss as f64 / 1e6,
        peak_anon_mb: watched.peak_anon as f64 / 1e6,
        index_mb: disk_size(dir) as f64 / 1e6,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(cpu_s: f64, wall_s: f64, index_mb: f64) -> IndexRun {
        IndexRun {
            analyzer: "x".into(),
            articles: 1,
            text_mb: 1.0,
            seconds: wall_s,
            wall_s,
            articles_per_sec: 1.0,
            mb_per_sec: 1.0,
            cpu_s,
            mb_per_cpu_sec: 1.0,
            peak_rss_mb: 200.0,
            peak_anon_mb: 100.0,
            index_mb,
        }
    }

    #[test]
    fn ratios_are_litopys_over_plain() {
        let v = VsPlain::of(&run(6.0, 3.0, 150.0), &run(3.0, 2.0, 100.0));
        assert_eq!((v.wall, v.cpu, v.index_size, v.peak_anon), (1.5, 2.0, 1.5, 1.0));
    }
}
