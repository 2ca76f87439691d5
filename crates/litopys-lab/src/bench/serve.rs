//! Load on the HTTP server: several concurrent clients sending a mix of requests (searches
//! with facets, date-sorted second pages, filtered searches, timelines, facet lists) for a
//! fixed time against a real `litopys serve` process, counting throughput, latency
//! percentiles and errors. Clients and server share the machine, as they would on a
//! researcher's laptop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::search::{percentile, QUERIES};

/// One kind of request in the mix.
#[derive(Debug, Serialize)]
pub struct KindStats {
    /// What the request asks.
    pub kind: &'static str,
    /// Requests sent.
    pub requests: usize,
    /// Answers other than 200, and failed connections.
    pub errors: usize,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
}

/// The outcome of a load run.
#[derive(Debug, Serialize)]
pub struct ServeBench {
    /// Concurrent clients.
    pub clients: usize,
    /// Measured wall time, s.
    pub seconds: f64,
    /// Requests answered (any status).
    pub requests: usize,
    /// Answers other than 200, and failed connections.
    pub errors: usize,
    /// Requests per second.
    pub throughput: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Slowest request, ms.
    pub max_ms: f64,
    /// The same per kind of request.
    pub kinds: Vec<KindStats>,
    /// The first few errors, to say what went wrong.
    pub sample_errors: Vec<String>,
}

/// The kinds of request, in the proportions of the mix (ten slots).
const MIX: [&str; 10] = [
    "search",
    "search",
    "search",
    "search",
    "search",
    "search",
    "search, by date, page 2",
    "search, filtered",
    "timeline",
    "facets",
];

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The request in slot `i` of the mix for query `q`.
fn path(i: usize, q: &str) -> String {
    let q = encode(q);
    match i % MIX.len() {
        6 => format!("/api/search?q={q}&sort=date&offset=10"),
        7 => format!("/api/search?q={q}&country=UA&from=2015-01-01"),
        8 => format!("/api/timeline?q={q}&by=month"),
        9 => format!("/api/facets?kind=company&q={q}&limit=10"),
        _ => format!("/api/search?q={q}"),
    }
}

/// One measured request: its slot in the mix, latency in ms, and outcome.
type Sample = (usize, f64, Result<(), String>);

/// A server process started by the bench, stopped when dropped.
struct Spawned(Child);

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `litopys serve` (the binary beside this one) on a free port; its base URL.
fn spawn_server(lexicon: &Path, index: &Path) -> anyhow::Result<(Spawned, String)> {
    let mut child = Command::new(super::litopys_exe()?)
        .arg("--lexicon")
        .arg(lexicon)
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    let spawned = Spawned(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| anyhow::anyhow!("the server did not start: «{}»", line.trim()))?
        .trim_end_matches('/')
        .to_string();
    Ok((spawned, base))
}

/// One request: its latency in ms, or what went wrong.
fn fetch(agent: &ureq::Agent, url: &str) -> (f64, Result<(), String>) {
    let started = Instant::now();
    let outcome = match agent.get(url).call() {
        Ok(mut response) => {
            let status = response.status().as_u16();
            match response.body_mut().read_to_vec() {
                Ok(_) if status == 200 => Ok(()),
                Ok(body) => Err(format!("{status} for {url}: {}", String::from_utf8_lossy(&body))),
                Err(e) => Err(format!("{url}: {e}")),
            }
        }
        Err(e) => Err(format!("{url}: {e}")),
    };
    (started.elapsed().as_secs_f64() * 1e3, outcome)
}

/// Runs `clients` clients for `duration` against `url`, or against a server this bench
/// starts on `index` when `url` is `None`.
pub fn run(
    lexicon: &Path,
    index: &Path,
    url: Option<String>,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<ServeBench> {
    let (_server, base) = match url {
        Some(u) => (None, u.trim_end_matches('/').to_string()),
        None => {
            let (s, b) = spawn_server(lexicon, index)?;
            (Some(s), b)
        }
    };
    let queries: Vec<&str> = QUERIES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let agent = |_: ()| {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .new_agent()
    };
    // Warm-up: every query once, unmeasured (first touches of the index files).
    let warm = agent(());
    for q in &queries {
        if let (_, Err(e)) = fetch(&warm, &format!("{base}{}", path(0, q))) {
            anyhow::bail!("warm-up failed: {e}");
        }
    }
    let started = Instant::now();
    let deadline = started + duration;
    let per_client: Vec<Vec<Sample>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (base, queries) = (&base, &queries);
                scope.spawn(move || {
                    let agent = agent(());
                    let mut out = Vec::new();
                    let mut i = c * 7; // clients start at different places of the list
                    while Instant::now() < deadline {
                        let slot = i % MIX.len();
                        let q = queries[(i / MIX.len() + c * 13) % queries.len()];
                        let (ms, outcome) = fetch(&agent, &format!("{base}{}", path(slot, q)));
                        out.push((slot, ms, outcome));
                        i += 1;
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let all: Vec<&Sample> = per_client.iter().flatten().collect();
    let sorted = |pick: &dyn Fn(usize) -> bool| {
        let mut v: Vec<f64> = all.iter().filter(|r| pick(r.0)).map(|r| r.1).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let lat = sorted(&|_| true);
    let mut kinds: Vec<KindStats> = Vec::new();
    for kind in MIX.iter().copied() {
        if kinds.iter().any(|k| k.kind == kind) {
            continue;
        }
        let in_kind = |slot: usize| MIX[slot] == kind;
        let v = sorted(&in_kind);
        kinds.push(KindStats {
            kind,
            requests: v.len(),
            errors: all.iter().filter(|r| in_kind(r.0) && r.2.is_err()).count(),
            p50_ms: percentile(&v, 50.0),
            p99_ms: percentile(&v, 99.0),
        });
    }
    let errors: Vec<String> = all.iter().filter_map(|r| r.2.clone().err()).collect();
    Ok(ServeBench {
        clients,
        seconds,
        requests: all.len(),
        errors: errors.len(),
        throughput: all.len() as f64 / seconds,
        p50_ms: percentile(&lat, 50.0),
        p95_ms: percentile(&lat, 95.0),
        p99_ms: percentile(&lat, 99.0),
        max_ms: lat.last().copied().unwrap_or(0.0),
        kinds,
        sample_errors: errors.into_iter().take(5).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_covers_every_endpoint_and_encodes_queries() {
        let paths: Vec<String> = (0..MIX.len()).map(|i| path(i, "\"Китай\" OR КНР")).collect();
        for endpoint in ["/api/search?", "/api/timeline?", "/api/facets?"] {
            assert!(paths.iter().any(|p| p.starts_with(endpoint)), "{endpoint}");
        }
        assert!(
            paths[0].ends_with("q=%22%D0%9A%D0%B8%D1%82%D0%B0%D0%B9%22+OR+%D0%9A%D0%9D%D0%A0"),
            "{}",
            paths[0]
        );
    }
}
