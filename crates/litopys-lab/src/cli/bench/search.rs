//! `bench search`: warm latency against the plain baseline, and cold one-shot runs.

use std::path::PathBuf;

use crate::cli::common::{CliError, Context};

/// `bench search`: warm latency (with the baseline when `--plain`), then with `--cold`
/// the one-shot runs on a dropped cache.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    ctx: &Context,
    index: &std::path::Path,
    passes: usize,
    queries: Option<PathBuf>,
    plain: Option<PathBuf>,
    archive: Option<PathBuf>,
    cold: bool,
    json: bool,
) -> Result<(), CliError> {
    use crate::bench::{cold as cold_cache, plain as baseline, search, search_cold};
    if cold {
        if let Some(why) = cold_cache::unavailable() {
            return Err(CliError::from(anyhow::anyhow!(why)));
        }
    }
    let queries = search::load_queries(queries.as_deref()).map_err(crate::cli::common::usage_error)?;
    if let Some(dir) = &plain {
        if !dir.join("meta.json").is_file() {
            let archive = archive.as_deref().ok_or_else(|| {
                crate::cli::common::usage_error(anyhow::anyhow!(
                    "{} holds no plain index: give --archive to build it",
                    dir.display()
                ))
            })?;
            let built = baseline::build(archive, dir)?;
            eprintln!(
                "plain Tantivy index of {} articles built in {}",
                built.articles,
                dir.display()
            );
        }
    }
    let r = search::run(ctx.analyzer()?, index, &queries, passes, plain.as_deref())?;
    let c = if cold {
        let lab = std::env::current_exe()?;
        Some(search_cold::run(
            &crate::bench::litopys_exe()?,
            index,
            &lab,
            plain.as_deref(),
            &queries,
        )?)
    } else {
        None
    };
    if json {
        println!("{}", serde_json::json!({ "warm": r, "cold": c }));
        return Ok(());
    }
    println!(
        "{} queries x {} passes on {} articles, top 10 with snippets: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({})",
        r.queries, r.passes, r.articles, r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms, r.slowest
    );
    if let Some(p) = &r.plain {
        println!(
            "plain Tantivy ({} articles): p50 {:.2} ms, p99 {:.2} ms; Litopys/plain p50 x{:.2}, p99 x{:.2}",
            p.articles, p.p50_ms, p.p99_ms, p.p50_ratio, p.p99_ratio
        );
    }
    if let Some(c) = &c {
        for q in &c.queries {
            print!("cold {:<40} {:8.1} MB {:8.1} ms", q.query, q.read_mb, q.wall_ms);
            if let (Some(mb), Some(ms)) = (q.plain_read_mb, q.plain_wall_ms) {
                print!("   plain {mb:8.1} MB {ms:8.1} ms");
            }
            println!();
        }
        println!(
            "cold one-shot `litopys search Q --limit 10`: read median {:.1} MB, max {:.1} MB; wall median {:.0} ms, max {:.0} ms",
            c.read_mb.median, c.read_mb.max, c.wall_ms.median, c.wall_ms.max
        );
        if let (Some(mb), Some(ms)) = (&c.plain_read_mb, &c.plain_wall_ms) {
            println!(
                "cold plain Tantivy: read median {:.1} MB, max {:.1} MB; wall median {:.0} ms, max {:.0} ms; Litopys/plain read x{:.2}, wall x{:.2}",
                mb.median,
                mb.max,
                ms.median,
                ms.max,
                c.read_ratio.unwrap_or_default(),
                c.wall_ratio.unwrap_or_default()
            );
        }
        print!(
            "start-up alone (cold `--version`): litopys {:.1} MB",
            c.startup_mb
        );
        if let Some(mb) = c.plain_startup_mb {
            print!(", litopys-lab {mb:.1} MB");
        }
        println!(
            "; beyond start-up, Litopys median {:.1} MB",
            c.read_mb.median - c.startup_mb
        );
        if let (Some(p), Some(s)) = (&c.plain_read_mb, c.plain_startup_mb) {
            println!("beyond start-up, plain median {:.1} MB", p.median - s);
        }
    }
    Ok(())
}
