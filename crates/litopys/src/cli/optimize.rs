//! `litopys optimize`: merges the index's segments into one, on demand.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::common::CliError;
use litopys_core::indexer::budget::Mb;
use litopys_core::indexer::optimize::{optimize, Shape};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `litopys optimize`.
#[derive(Args, Debug)]
pub struct OptimizeArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

fn describe(s: &Shape) -> String {
    format!(
        "{} segment{}, {} articles, {} deleted, {}",
        s.segments,
        if s.segments == 1 { "" } else { "s" },
        s.documents,
        s.deleted,
        Mb(s.bytes)
    )
}

/// Runs the command.
pub fn run(args: OptimizeArgs) -> Result<(), CliError> {
    let r = optimize(&args.index)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&r)?),
        Format::Text => println!(
            "optimized {} in {:.1} s: {} before, {} after",
            args.index.display(),
            r.elapsed.as_secs_f64(),
            describe(&r.before),
            describe(&r.after)
        ),
    }
    Ok(())
}
