//! One benchmarked child process, watched while it runs: wall time, CPU time and peak
//! memory are measured the same way for `litopys index` and for the plain Tantivy
//! baseline, so that their ratios compare like with like.

use std::process::Command;
use std::time::{Duration, Instant};

use super::reindex::children_cpu;

/// What a child process cost.
#[derive(Clone, Copy, Debug)]
pub struct Watched {
    /// Wall time from spawn to exit, in seconds.
    pub wall_s: f64,
    /// CPU seconds (user and system) of the child.
    pub cpu_s: f64,
    /// Peak resident memory (`VmHWM`), in bytes: includes memory-mapped files.
    pub peak_rss: u64,
    /// Peak anonymous resident memory (`RssAnon`, sampled every 20 ms), in bytes: the
    /// heap and stacks, what a memory budget bounds.
    pub peak_anon: u64,
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

/// Runs `cmd` to its end, sampling its memory every 20 ms; fails when it exits
/// unsuccessfully (naming `what`).
pub fn watch(cmd: &mut Command, what: &str) -> anyhow::Result<Watched> {
    let started = Instant::now();
    let cpu_before = children_cpu();
    let mut child = cmd.spawn()?;
    let (mut peak_rss, mut peak_anon) = (0, 0);
    let status = loop {
        if let Some((hwm, anon)) = memory_of(child.id()) {
            peak_rss = peak_rss.max(hwm);
            peak_anon = peak_anon.max(anon);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = children_cpu() - cpu_before;
    anyhow::ensure!(status.success(), "{what} failed ({status})");
    Ok(Watched {
        wall_s,
        cpu_s,
        peak_rss,
        peak_anon,
    })
}
