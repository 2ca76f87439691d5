//! The lab's command line: `litopys-lab bench …`, `litopys-lab eval …` and
//! `litopys-lab train …`.
//!
//! Exit status as the product's: 0 success, 1 failure, 2 bad usage.

mod bench;
mod common;
mod eval;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use litopys_analysis::lexicon::default_path;

use common::Context;

/// Litopys's lab: benchmarks and evaluations behind the project's figures.
#[derive(Parser, Debug)]
#[command(name = "litopys-lab", version, about, propagate_version = true)]
struct Cli {
    /// The lexicon file (default: $LITOPYS_LEXICON, else the user data folder; see
    /// `litopys lexicon install`).
    #[arg(long, global = true, value_name = "FILE")]
    lexicon: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate against gold data (reads ../shared).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Measure performance (reads ../shared by default).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Train the models Litopys ships (reads ../shared).
    #[command(subcommand)]
    Train(train::TrainCommand),
}

/// Parses the command line, runs the command and turns errors into messages and exit
/// status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context {
        lexicon_path: cli.lexicon.clone().unwrap_or_else(default_path),
    };
    let result = match cli.command {
        Command::Eval(cmd) => eval::run(&ctx, cmd),
        Command::Bench(cmd) => bench::run(&ctx, cmd),
        Command::Train(cmd) => train::run(&ctx, cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("litopys-lab: {:#}", e.error);
            ExitCode::from(e.status)
        }
    }
}
