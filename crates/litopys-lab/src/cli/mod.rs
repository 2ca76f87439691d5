//! The lab's command line: `litopys-lab bench …` and `litopys-lab eval …`.
//!
//! Exit status as the product's: 0 success, 1 failure, 2 bad usage.

mod bench;
mod eval;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use litopys_analysis::lexicon::{default_path, Lexicon};
use litopys_analysis::Analyzer;

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
}

/// An error with the exit status it should produce.
#[derive(Debug)]
pub struct CliError {
    /// 1 for failures, 2 for bad usage or input.
    pub status: u8,
    /// The error and its causes.
    pub error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError {
            status: 1,
            error: e.into(),
        }
    }
}

/// Marks an error as the user's (exit status 2).
pub fn usage_error(e: impl Into<anyhow::Error>) -> CliError {
    CliError {
        status: 2,
        error: e.into(),
    }
}

/// Where the lexicon is, loaded on first use.
pub struct Context {
    lexicon_path: PathBuf,
}

impl Context {
    /// Loads the lexicon and builds the analyzer; a missing lexicon says how to get one.
    pub fn analyzer(&self) -> Result<Arc<Analyzer>, CliError> {
        let lexicon = Lexicon::open(&self.lexicon_path)?;
        Ok(Analyzer::new(Arc::new(lexicon)))
    }
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("litopys-lab: {:#}", e.error);
            ExitCode::from(e.status)
        }
    }
}
