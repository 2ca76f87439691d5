//! `litopys index`: brings the index up to date with an archive (incrementally), with
//! progress, skip messages and a one-line summary; Ctrl-C stops it cleanly.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use super::common::{index_error, usage_error, CliError, Context};
use crate::output;
use crate::progress::Reporter;
use litopys_core::corpus::{FieldMap, ReadOptions};
use litopys_core::index::entity_fields::{extractor_for, FacetFields};
use litopys_core::index::{DocumentEnricher, NoEnrichment};
use litopys_core::indexer::budget::{default_threads, parse_memory, WriterBudget, DEFAULT_MEMORY};
use litopys_core::indexer::commit::{CommitPolicy, DEFAULT_COMMIT_EVERY, DEFAULT_COMMIT_SECS};
use litopys_core::indexer::shards::{build_shards, finish_shards, plan_shards, run_planned_shards, ShardBy};
use litopys_core::indexer::{build_index, IndexRequest};
use litopys_core::stories::group::DEFAULT_THRESHOLD;

/// Exit status of a job stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;

/// Arguments of `litopys index`.
#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Archive files or folders (.txt, .json, .jsonl, .html, .warc and more: see the
    /// README's table of formats) [default: corpus]
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// The index folder: created if empty or missing; if it holds an index, only what
    /// changed is done (files with a new size or time are read, changed articles
    /// replaced, vanished ones deleted).
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Build a fresh index next to DIR and replace DIR with it at the end (needed after a
    /// lexicon, analyzer or entity change); searches use the old index until then, and an
    /// interrupted rebuild is continued by the next --rebuild.
    #[arg(long)]
    rebuild: bool,
    /// Only say what would be added, updated and deleted, and per file which field or
    /// column fed each part of its articles; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Take KEY (text, title, date, source, url, id) from the field or column NAME of JSON,
    /// JSON Lines, CSV and Parquet records, before the names Litopys knows (repeatable:
    /// `--field text=tekst --field date=data`).
    #[arg(long = "field", value_name = "KEY=NAME")]
    fields: Vec<String>,
    /// Read every text file in this encoding (utf-8, windows-1251, koi8-u, utf-16le, …)
    /// instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Commit after this many added, updated or deleted articles (a crash loses at most
    /// the work since the last commit).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_COMMIT_EVERY)]
    commit_every: u64,
    /// Commit at least this often, in seconds. Ctrl-C (or SIGTERM) stops the job after a
    /// last commit (exit status 130; rerun to finish); a second Ctrl-C stops it at once,
    /// which is safe too.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_COMMIT_SECS)]
    commit_secs: u64,
    /// Indexing threads (they run the analyzer) [default: number of cores, at most 8,
    /// fewer if --memory would leave each less than 24 MB of Tantivy's heap]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Memory budget of the job (bytes, or with K, M, G: 512M, 1G). It bounds Tantivy's
    /// indexing heap (a segment is written to disk when its thread's share is full) and
    /// the memory it needs to write and merge segments, the analyzer's word caches, and
    /// the articles and documents in flight between reading and indexing, whatever the
    /// archive's size. Not included: the program itself (about 30 MB), the lexicon and
    /// the index files Tantivy memory-maps (merges read whole segments this way: the
    /// pages count in RSS but are page cache the system reclaims when it needs memory).
    /// Smaller budgets mean more segments to merge, fewer threads by default (one below
    /// 128M) and, below 112M per thread, a smaller word cache: indexing is slower. The
    /// least is 37M with 1 thread, 62M with 2, about 31M per thread with more.
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MEMORY, value_parser = parse_memory)]
    memory: u64,
    /// Fail (exit status 1, nothing written) if any input is skipped or any date cannot
    /// be read; commits only at the end.
    #[arg(long)]
    strict: bool,
    /// Print nothing but errors (no progress, skip lines, notes or summary).
    #[arg(long, short)]
    quiet: bool,
    /// Also write what the run did as JSON to FILE (added, updated, deleted, unchanged,
    /// skipped by kind, duration, commits, interrupted …).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// A user entity file (TOML) that adds, merges or suppresses countries and
    /// companies; the index keeps a copy, used by later runs and searches. A change needs
    /// `--rebuild`.
    #[arg(long, value_name = "FILE")]
    entities: Option<PathBuf>,
    /// How similar (0–1, the estimated share of shared 4-word shingles) an article must
    /// be to an earlier one to count as its reprint, one story (`search --collapse`,
    /// `--count stories`). Fixed when the index is built: a change needs `--rebuild`.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    story_threshold: f64,
    /// Split the index into shards under DIR, one ordinary index per shard, plus
    /// DIR/shards.json (what built them, each shard's dates and count): `month` (DIR/2024-03),
    /// `year` (DIR/2024), or `hash:N` (N from 1 to 1024, by a stable hash of the article
    /// id: DIR/hash-03-of-08); undated articles go to DIR/undated by month or year. Reruns
    /// rebuild only the shards whose articles changed. Search one shard folder, or all of
    /// them with the cluster coordinator.
    #[arg(long, value_name = "KEY", value_parser = parse_shard_by)]
    shard_by: Option<ShardBy>,
    /// With --shard-by, for building the shards in several processes: route the archive
    /// as a run would and write which shards run to DIR/shards.plan.json (printed as JSON:
    /// run, remove, skip); nothing else is written. Then `--only` for the shards, then
    /// `--finish`.
    #[arg(long, requires = "shard_by", conflicts_with_all = ["only", "finish", "dry_run"])]
    plan: bool,
    /// With --shard-by, after --plan: run only the jobs of these shards of the plan
    /// (repeatable, or comma-separated), each in its own folder; other processes may run
    /// other shards at the same time. Writes no shards.json.
    #[arg(long, value_name = "NAME", value_delimiter = ',', requires = "shard_by", conflicts_with_all = ["finish", "dry_run", "rebuild"])]
    only: Vec<String>,
    /// With --shard-by, after the --only runs: check that every shard of the plan was
    /// built, write DIR/shards.json and delete the plan.
    #[arg(long, requires = "shard_by", conflicts_with_all = ["dry_run", "rebuild"])]
    finish: bool,
    /// Benchmarks only: Tantivy's default tokenizer instead of the Ukrainian analyzer.
    #[arg(long, hide = true)]
    baseline_tokenizer: bool,
    /// Benchmarks only: index without entity extraction (its cost is measured apart).
    #[arg(long, hide = true)]
    no_entities: bool,
}

/// A flag set by the first Ctrl-C or SIGTERM; a second one ends the process at once
/// (with [`INTERRUPTED`]), which is safe because commits are atomic.
fn stop_on_signals() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Order matters: the shutdown is armed by the flag the first signal sets.
        let _ =
            signal_hook::flag::register_conditional_shutdown(signal, i32::from(INTERRUPTED), stop.clone());
        let _ = signal_hook::flag::register(signal, stop.clone());
    }
    stop
}

/// `--story-threshold`: a similarity in (0, 1].
fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err(format!("`{s}` is not a similarity between 0 (exclusive) and 1")),
    }
}

/// `--shard-by`: month, year or hash:N.
fn parse_shard_by(s: &str) -> Result<ShardBy, String> {
    s.parse::<ShardBy>().map_err(|e| e.to_string())
}

/// Runs the command.
pub fn run(ctx: &Context, args: IndexArgs) -> Result<(), CliError> {
    let budget = match args.threads {
        Some(threads) => WriterBudget::new(threads, args.memory),
        None => WriterBudget::fitting(default_threads(), args.memory),
    }
    .map_err(usage_error)?;
    // So that memory freed by written segments leaves the process: see `index::malloc`.
    crate::malloc::return_freed_pages();
    let analyzer = ctx.analyzer()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths
    };
    let index_dir = args.index.clone();
    let enricher: Box<dyn DocumentEnricher> = if args.no_entities {
        Box::new(NoEnrichment)
    } else {
        Box::new(FacetFields::new(extractor_for(
            analyzer.clone(),
            &index_dir,
            args.entities.as_deref(),
        )?))
    };
    let mut read = ReadOptions {
        fields: FieldMap::from_overrides(&args.fields).map_err(usage_error)?,
        encoding: None,
    };
    if let Some(label) = &args.encoding {
        read = read.with_encoding_label(label).map_err(usage_error)?;
    }
    let mut request = IndexRequest::new(paths, args.index, budget);
    request.read = read.shared();
    request.rebuild = args.rebuild;
    request.dry_run = args.dry_run;
    request.commit = CommitPolicy {
        every: args.commit_every,
        interval: Duration::from_secs(args.commit_secs),
        strict: args.strict,
    };
    request.baseline_tokenizer = args.baseline_tokenizer;
    request.story_threshold = args.story_threshold;
    request.keep_entities = args.entities.clone();
    if !args.dry_run {
        request.stop = stop_on_signals();
    }
    let mut reporter =
        Reporter::new(std::io::stderr().is_terminal(), args.quiet).showing_fields(args.dry_run);
    if let (Some(by), true) = (args.shard_by, args.plan) {
        let result = plan_shards(&request, by, &mut reporter);
        reporter.close();
        let plan = result.map_err(index_error)?;
        let json = serde_json::to_string(&plan.lists())?;
        println!("{json}");
        if let Some(path) = &args.report {
            std::fs::write(path, json + "\n")
                .map_err(|e| anyhow::anyhow!("cannot write the report {}: {e}", path.display()))?;
        }
        return Ok(());
    }
    let (summary, report, shard_lines) = match args.shard_by {
        Some(by) => {
            let result = if args.finish {
                finish_shards(&request, by, &analyzer, &*enricher)
            } else if !args.only.is_empty() {
                run_planned_shards(&request, by, &args.only, &analyzer, &*enricher, &mut reporter)
            } else {
                build_shards(&request, by, &analyzer, &*enricher, &mut reporter)
            };
            reporter.close();
            let sharded = result.map_err(index_error)?;
            let report = serde_json::to_vec_pretty(&sharded.report())?;
            (
                sharded.total.clone(),
                report,
                output::index::shard_lines(&sharded),
            )
        }
        None => {
            let result = build_index(&request, &analyzer, &*enricher, &mut reporter);
            reporter.close();
            let summary = result.map_err(index_error)?;
            let report = serde_json::to_vec_pretty(&summary.report())?;
            (summary, report, Vec::new())
        }
    };
    if !args.quiet {
        for line in &shard_lines {
            println!("{line}");
        }
        let found = [
            output::index::ignored_note(&summary),
            output::index::detected_note(&summary),
        ];
        for note in summary.notes.iter().cloned().chain(found.into_iter().flatten()) {
            eprintln!("litopys: note: {note}");
        }
        println!("{}", output::index::summary_line(&summary));
    }
    if let Some(path) = &args.report {
        std::fs::write(path, report)
            .map_err(|e| anyhow::anyhow!("cannot write the report {}: {e}", path.display()))?;
    }
    if summary.interrupted {
        return Err(CliError {
            status: INTERRUPTED,
            error: anyhow::anyhow!(
                "interrupted; what was read is committed: rerun the same command to finish"
            ),
        });
    }
    Ok(())
}
