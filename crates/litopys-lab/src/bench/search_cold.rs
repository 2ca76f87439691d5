//! `bench search --cold`: every query as a one-shot process on a dropped page cache —
//! `litopys search QUERY --limit 10`, and the plain Tantivy baseline's one-shot query
//! (`litopys-lab bench plain-query`) — with the bytes each read from disk and its wall
//! time, median and max, and the ratios Litopys/plain.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use super::cold::{self, ColdRun};
use super::search::percentile;

/// One query's cold runs.
#[derive(Debug, Serialize)]
pub struct ColdQuery {
    /// The query.
    pub query: String,
    /// Litopys: MB read from disk.
    pub read_mb: f64,
    /// Litopys: wall ms.
    pub wall_ms: f64,
    /// Plain Tantivy: MB read from disk.
    pub plain_read_mb: Option<f64>,
    /// Plain Tantivy: wall ms.
    pub plain_wall_ms: Option<f64>,
}

/// Median and max of one measure.
#[derive(Debug, Default, Serialize)]
pub struct Spread {
    /// Median.
    pub median: f64,
    /// Maximum.
    pub max: f64,
}

fn spread(mut v: Vec<f64>) -> Spread {
    v.sort_by(f64::total_cmp);
    Spread {
        median: percentile(&v, 50.0),
        max: v.last().copied().unwrap_or_default(),
    }
}

/// The cold run over all queries.
#[derive(Debug, Serialize)]
pub struct ColdBench {
    /// Per query.
    pub queries: Vec<ColdQuery>,
    /// Litopys: MB read.
    pub read_mb: Spread,
    /// Litopys: wall ms.
    pub wall_ms: Spread,
    /// Plain Tantivy: MB read.
    pub plain_read_mb: Option<Spread>,
    /// Plain Tantivy: wall ms.
    pub plain_wall_ms: Option<Spread>,
    /// Median MB read, Litopys over plain.
    pub read_ratio: Option<f64>,
    /// Median wall, Litopys over plain.
    pub wall_ratio: Option<f64>,
    /// MB a cold `litopys --version` reads: the program's own start-up (its code is
    /// memory-mapped and faulted in with readahead), part of every figure above.
    pub startup_mb: f64,
    /// The same for the baseline's program (`litopys-lab --version`).
    pub plain_startup_mb: Option<f64>,
}

fn cold_run(cmd: &mut Command) -> anyhow::Result<ColdRun> {
    cold::drop_caches()?;
    cold::measure(cmd)
}

/// Runs every query cold with `litopys` on `index` and, when `plain` is given, with the
/// baseline through `lab` (this program). Fails at once when the cache cannot be dropped.
pub fn run(
    litopys: &Path,
    index: &Path,
    lab: &Path,
    plain: Option<&Path>,
    queries: &[String],
) -> anyhow::Result<ColdBench> {
    if let Some(why) = cold::unavailable() {
        anyhow::bail!(why);
    }
    let startup_mb = cold_run(Command::new(litopys).arg("--version"))?.read_bytes as f64 / 1e6;
    let plain_startup_mb = match plain {
        Some(_) => Some(cold_run(Command::new(lab).arg("--version"))?.read_bytes as f64 / 1e6),
        None => None,
    };
    let mut rows = Vec::with_capacity(queries.len());
    for q in queries {
        let mut cmd = Command::new(litopys);
        cmd.arg("search")
            .arg("--index")
            .arg(index)
            .args(["--limit", "10", "--"])
            .arg(q);
        let ours = cold_run(&mut cmd)?;
        let theirs = match plain {
            Some(dir) => {
                let mut cmd = Command::new(lab);
                cmd.args(["bench", "plain-query", "--index"])
                    .arg(dir)
                    .arg("--")
                    .arg(q);
                Some(cold_run(&mut cmd)?)
            }
            None => None,
        };
        rows.push(ColdQuery {
            query: q.clone(),
            read_mb: ours.read_bytes as f64 / 1e6,
            wall_ms: ours.wall_ms,
            plain_read_mb: theirs.map(|r| r.read_bytes as f64 / 1e6),
            plain_wall_ms: theirs.map(|r| r.wall_ms),
        });
    }
    let read_mb = spread(rows.iter().map(|r| r.read_mb).collect());
    let wall_ms = spread(rows.iter().map(|r| r.wall_ms).collect());
    let (plain_read_mb, plain_wall_ms) = match plain {
        Some(_) => (
            Some(spread(rows.iter().filter_map(|r| r.plain_read_mb).collect())),
            Some(spread(rows.iter().filter_map(|r| r.plain_wall_ms).collect())),
        ),
        None => (None, None),
    };
    Ok(ColdBench {
        read_ratio: plain_read_mb.as_ref().map(|p| read_mb.median / p.median),
        wall_ratio: plain_wall_ms.as_ref().map(|p| wall_ms.median / p.median),
        queries: rows,
        read_mb,
        wall_ms,
        plain_read_mb,
        plain_wall_ms,
        startup_mb,
        plain_startup_mb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_median_and_max() {
        let s = spread(vec![3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.max), (2.0, 3.0));
        let s = spread(Vec::new());
        assert_eq!((s.median, s.max), (0.0, 0.0));
    }
}
