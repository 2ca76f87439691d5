//! `litopys bench …`: the performance measurements quoted in the project's notes.

use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, Context};

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
    }
}
