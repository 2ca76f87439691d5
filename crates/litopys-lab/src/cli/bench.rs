//! `litopys-lab bench …`: the performance measurements quoted in the project's notes.

use std::path::PathBuf;

use clap::Subcommand;

use super::common::{CliError, Context};

mod print;
mod search;

/// Benchmarks.
#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Analyzer throughput (single thread) against Tantivy's default analyzer, and the
    /// lexicon's load time and memory.
    Analysis {
        /// JSON Lines input (title and text fields), gzip'd if it ends in .gz.
        #[arg(long, default_value = "../shared/data/news/news.jsonl.gz")]
        input: PathBuf,
        /// Passes; the best is reported.
        #[arg(long, default_value_t = 5)]
        passes: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Indexing throughput, peak memory and index size on an archive, with Tantivy's
    /// default tokenizer as the baseline in the same run. With `--formats`: the same
    /// articles written as JSON Lines, CSV, Parquet, HTML pages, a WARC crawl and text
    /// trees in UTF-8 and Windows-1251, each indexed and compared with JSON Lines.
    Index {
        /// The archive (e.g. made by ../shared/tools/make-archive --articles 100000).
        archive: PathBuf,
        /// Scratch folder for the two indexes (kept for `bench search`).
        #[arg(long, default_value = "target/bench-index")]
        work: PathBuf,
        /// Indexing threads.
        #[arg(long, default_value_t = litopys_core::indexer::budget::default_threads())]
        threads: usize,
        /// The `--memory` budget of every run (see `litopys index --help`); run the
        /// benchmark once per budget to see peak memory and throughput per budget.
        #[arg(long, value_name = "SIZE", default_value = litopys_core::indexer::budget::DEFAULT_MEMORY,
              value_parser = litopys_core::indexer::budget::parse_memory)]
        memory: u64,
        /// Compare archive formats instead of analyses (see above).
        #[arg(long)]
        formats: bool,
        /// With `--formats`: how many of the archive's articles to write in each format.
        #[arg(long, default_value_t = 20_000)]
        articles: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Reindexing jobs: a full index, a rerun with no change and reruns after 1% of the
    /// articles changed (in one part, then across all parts), each against the full time.
    Reindex {
        /// The archive (e.g. made by ../shared/tools/make-archive --articles 100000).
        archive: PathBuf,
        /// Scratch folder for the archive's copy and the index.
        #[arg(long, default_value = "target/bench-reindex")]
        work: PathBuf,
        /// Indexing threads.
        #[arg(long, default_value_t = litopys_core::indexer::budget::default_threads())]
        threads: usize,
        /// Measurements of each kind of rerun (with new changes each time); the fastest
        /// is reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Query latency (p50/p95/p99) over a fixed list of 100+ queries (or `--queries`),
    /// top-10 pages with snippets; with `--plain`, the plain Tantivy baseline on the same
    /// queries and the ratios. `--cold` also runs each query as a one-shot process on a
    /// dropped page cache and reports the bytes read from disk.
    Search {
        /// The index to query.
        #[arg(long, default_value = "target/bench-index/ukrainian")]
        index: PathBuf,
        /// Measured passes over the list (after one warm-up pass).
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Queries, one a line in Litopys's query language (`#` comments); a TSV gives
        /// its second column (../shared/research/anchor-queries.tsv).
        #[arg(long, value_name = "FILE")]
        queries: Option<PathBuf>,
        /// The plain Tantivy baseline's index (built there from --archive when missing).
        #[arg(long, value_name = "DIR")]
        plain: Option<PathBuf>,
        /// The JSON Lines archive the baseline is built from when --plain is missing.
        #[arg(long, value_name = "DIR")]
        archive: Option<PathBuf>,
        /// Also measure every query cold (Linux, root): drop the page cache, run
        /// `litopys search QUERY --limit 10` once, report read_bytes and wall.
        #[arg(long)]
        cold: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Counting at scale: the total, the facet lists and the monthly timeline of one
    /// query (by default the commonest word), in process, on one thread and on every
    /// thread side by side, with the speed-up.
    Counts {
        /// The index to query.
        #[arg(long, default_value = "target/bench-index/ukrainian")]
        index: PathBuf,
        /// The query.
        #[arg(long, default_value = "Україна")]
        query: String,
        /// Measured passes of each answer (after one warm-up).
        #[arg(long, default_value_t = 10)]
        passes: usize,
        /// Threads of the parallel runs.
        #[arg(long, default_value_t = std::thread::available_parallelism().map_or(1, |n| n.get()))]
        threads: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Builds the plain Tantivy baseline of a JSON Lines archive as its own process: the
    /// baseline's side of `bench index`.
    #[command(hide = true)]
    PlainIndex {
        /// The JSON Lines archive.
        #[arg(long)]
        archive: PathBuf,
        /// The new index folder.
        #[arg(long)]
        index: PathBuf,
        /// Indexing threads.
        #[arg(long, default_value_t = crate::bench::plain::THREADS)]
        threads: usize,
    },
    /// One plain Tantivy query (top 10 + count + snippets) as its own process: the
    /// baseline's side of `bench search --cold`.
    #[command(hide = true)]
    PlainQuery {
        /// The plain index.
        #[arg(long)]
        index: PathBuf,
        /// The query.
        #[arg(required = true)]
        query: Vec<String>,
    },
    /// Load on the HTTP server: concurrent clients sending mixed requests (searches with
    /// facets, date-sorted pages, filtered searches, timelines, facet lists) for a fixed
    /// time: throughput, latency percentiles, errors.
    Serve {
        /// The index to serve (a server is started on it unless --url is given).
        #[arg(long, default_value = "target/bench-index/ukrainian")]
        index: PathBuf,
        /// A running server to load instead (http://HOST:PORT).
        #[arg(long)]
        url: Option<String>,
        /// Concurrent clients.
        #[arg(long, default_value_t = 4)]
        clients: usize,
        /// Measured seconds.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Entity facet counts by Tantivy's FacetCollector against our terms aggregation:
    /// p50/p95 per query, bytes of each representation, and whether the top 10 agree
    /// (it fails if they do not). Reads the index; builds a temporary side index.
    Facets {
        /// The index whose articles and entities are copied (only read).
        #[arg(long, default_value = "target/bench-index/ukrainian")]
        index: PathBuf,
        /// Measured repetitions per query, field and method (after one warm-up).
        #[arg(long, default_value_t = 30)]
        reps: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a benchmark.
pub fn run(ctx: &Context, cmd: BenchCommand) -> Result<(), CliError> {
    match cmd {
        BenchCommand::Analysis { input, passes, json } => {
            let texts = crate::bench::read_jsonl_texts(&input)?;
            let r = crate::bench::analysis::run(&ctx.lexicon_path, &texts, passes)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!(
                    "input: {} ({:.1} MB, best of {} passes, 1 thread)",
                    input.display(),
                    r.bytes as f64 / 1e6,
                    r.passes
                );
                println!(
                    "lexicon: opened in {:.1} ms, +{:.1} MB resident",
                    r.lexicon_open_ms, r.lexicon_open_rss_mb
                );
                println!(
                    "ukrainian analyzer (cold cache): {:.2} M words/s, {:.2} M keys/s, {:.1} MB/s",
                    r.words_per_sec / 1e6,
                    r.keys_per_sec / 1e6,
                    r.mb_per_sec
                );
                println!(
                    "  with a warm word cache: {:.2} M words/s, {:.2} M keys/s",
                    r.warm_words_per_sec / 1e6,
                    r.warm_keys_per_sec / 1e6
                );
                println!(
                    "tantivy default:    {:.2} M tokens/s, {:.1} MB/s",
                    r.baseline_tokens_per_sec / 1e6,
                    r.baseline_mb_per_sec
                );
                println!("ratio (words/s vs baseline tokens/s): {:.2}", r.ratio_to_baseline);
                println!("process resident memory at the end: {:.1} MB", r.final_rss_mb);
            }
            Ok(())
        }
        BenchCommand::Index {
            archive,
            work,
            threads,
            memory,
            formats: true,
            articles,
            json,
        } => {
            let r =
                crate::bench::formats::run(&ctx.lexicon_path, &archive, &work, threads, memory, articles)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print::formats(&r);
            }
            Ok(())
        }
        BenchCommand::Index {
            archive,
            work,
            threads,
            memory,
            json,
            ..
        } => {
            let r = crate::bench::index::run(&ctx.lexicon_path, &archive, &work, threads, memory)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print::index(&r, threads);
            }
            Ok(())
        }
        BenchCommand::Reindex {
            archive,
            work,
            threads,
            repeat,
            json,
        } => {
            let r = crate::bench::reindex::run(&ctx.lexicon_path, &archive, &work, threads, repeat)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                for run in &r.runs {
                    let p = &run.report;
                    let all: Vec<String> = run.walls.iter().map(|w| format!("{w:.2}")).collect();
                    println!(
                        "{:<36} {:>7.2} s ({:>5.1}% of full; CPU {:.1} s, {:.1}%; runs: {} s): {} files read, {} added, {} updated, {} unchanged, {} deleted",
                        run.name,
                        run.wall_s,
                        run.ratio * 100.0,
                        run.cpu_s,
                        run.cpu_ratio * 100.0,
                        all.join(", "),
                        p.files_read,
                        p.added,
                        p.updated,
                        p.unchanged,
                        p.deleted
                    );
                }
            }
            Ok(())
        }
        BenchCommand::Serve {
            index,
            url,
            clients,
            seconds,
            json,
        } => {
            let duration = std::time::Duration::try_from_secs_f64(seconds)
                .map_err(|e| super::common::usage_error(anyhow::anyhow!("--seconds: {e}")))?;
            let r = crate::bench::serve::run(&ctx.lexicon_path, &index, url, clients.max(1), duration)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!(
                    "{} clients for {:.1} s: {} requests, {:.1} requests/s, {} errors; p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                    r.clients, r.seconds, r.requests, r.throughput, r.errors, r.p50_ms, r.p95_ms, r.p99_ms, r.max_ms
                );
                for k in &r.kinds {
                    println!(
                        "  {:<24} {:>7} requests, {} errors, p50 {:.2} ms, p99 {:.2} ms",
                        k.kind, k.requests, k.errors, k.p50_ms, k.p99_ms
                    );
                }
                for e in &r.sample_errors {
                    println!("  error: {e}");
                }
            }
            Ok(())
        }
        BenchCommand::Search {
            index,
            passes,
            queries,
            plain,
            archive,
            cold,
            json,
        } => search::run(ctx, &index, passes, queries, plain, archive, cold, json),
        BenchCommand::Counts {
            index,
            query,
            passes,
            threads,
            json,
        } => {
            let r = crate::bench::counts::run(ctx.analyzer()?, &index, &query, passes, threads)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print::counts(&r);
            }
            Ok(())
        }
        BenchCommand::PlainIndex {
            archive,
            index,
            threads,
        } => {
            crate::bench::plain::build_with_threads(&archive, &index, threads)?;
            Ok(())
        }
        BenchCommand::PlainQuery { index, query } => {
            let a = crate::bench::plain::PlainSearcher::open(&index)?.search(&query.join(" "), 10)?;
            println!("{} hits", a.total);
            for (id, snippet) in a.hits {
                println!("{id}\t{snippet}");
            }
            Ok(())
        }
        BenchCommand::Facets { index, reps, json } => {
            let r = crate::bench::facets::run(&index, reps)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print::facets(&r);
            }
            let mismatches = r
                .cases
                .iter()
                .flat_map(|c| &c.fields)
                .filter(|f| f.mismatch.is_some());
            match mismatches.count() {
                0 => Ok(()),
                n => Err(anyhow::anyhow!(
                    "FacetCollector and the terms aggregation disagree on {n} top-10 lists"
                )
                .into()),
            }
        }
    }
}
