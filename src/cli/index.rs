//! `litopys index`: reads an archive into the index, with progress, skip messages and a
//! one-line summary.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{usage_error, CliError, Context};
use crate::index::budget::{default_threads, parse_memory, WriterBudget, DEFAULT_MEMORY};
use crate::index::progress::Reporter;
use crate::index::{build_index, IndexError, IndexRequest};

/// Arguments of `litopys index`.
#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Archive files or folders (.txt, .json, .jsonl, .jsonl.gz) [default: corpus]
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// The index folder: created if empty or missing, updated by article id if it holds
    /// a compatible index.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Build a fresh index next to DIR and replace DIR with it at the end (needed after a
    /// lexicon or analyzer change); a failed rebuild leaves the old index as it was.
    #[arg(long)]
    rebuild: bool,
    /// Indexing threads (they run the analyzer) [default: number of cores, at most 8]
    #[arg(long, value_name = "N", default_value_t = default_threads(), hide_default_value = true)]
    threads: usize,
    /// Total memory of the indexing threads (bytes, or with K, M, G: 512M, 1G); each
    /// thread needs at least 15 MB.
    #[arg(long, value_name = "SIZE", default_value = DEFAULT_MEMORY, value_parser = parse_memory)]
    memory: u64,
    /// Fail (exit status 1, nothing written) if any input is skipped.
    #[arg(long)]
    strict: bool,
    /// Print nothing but errors (no progress, skip lines or summary).
    #[arg(long, short)]
    quiet: bool,
    /// Also write what the run did as JSON to FILE (added, skipped by kind, duration …).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Benchmarks only: Tantivy's default tokenizer instead of the Ukrainian analyzer.
    #[arg(long, hide = true)]
    baseline_tokenizer: bool,
}

/// Runs the command.
pub fn run(ctx: &Context, args: IndexArgs) -> Result<(), CliError> {
    let budget = WriterBudget::new(args.threads, args.memory).map_err(usage_error)?;
    let analyzer = ctx.analyzer()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths
    };
    let request = IndexRequest {
        paths,
        dir: args.index,
        budget,
        rebuild: args.rebuild,
        baseline_tokenizer: args.baseline_tokenizer,
        strict: args.strict,
    };
    let mut reporter = Reporter::new(std::io::stderr().is_terminal(), args.quiet);
    let result = build_index(&request, &analyzer, &mut reporter);
    reporter.close();
    match result {
        Ok(summary) => {
            if !args.quiet {
                println!("{summary}");
            }
            if let Some(path) = &args.report {
                let json = serde_json::to_vec_pretty(&summary.report())?;
                std::fs::write(path, json)
                    .map_err(|e| anyhow::anyhow!("cannot write the report {}: {e}", path.display()))?;
            }
            Ok(())
        }
        Err(e @ IndexError::NoFiles(_)) => Err(usage_error(e)),
        Err(e) => Err(e.into()),
    }
}
