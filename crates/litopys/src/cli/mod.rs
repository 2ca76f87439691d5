//! The command line: clap definitions and the wiring from commands to the library.
//!
//! Exit status: 0 success, 1 failure (I/O, a broken index), 2 bad usage or a bad query,
//! in the tradition of grep and ripgrep, so scripts can tell "your input is wrong" from
//! "something broke".

mod analyze;
mod facets;
mod index;
mod lexicon;
mod optimize;
mod scope;
mod search;
mod serve;
mod stats;
mod timeline;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use litopys_analysis::lexicon::{default_path, Lexicon};
use litopys_analysis::Analyzer;

use crate::output::{Format, Formats};

/// Litopys: full-text search for archives of Ukrainian news.
#[derive(Parser, Debug)]
#[command(name = "litopys", version, about, propagate_version = true)]
pub struct Cli {
    /// The lexicon file (default: $LITOPYS_LEXICON, else the user data folder; see
    /// `litopys lexicon install`).
    #[arg(long, global = true, value_name = "FILE")]
    lexicon: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Index an archive (by default `corpus/` into `index/`).
    Index(index::IndexArgs),
    /// Search the index: ranked articles with highlighted snippets.
    Search(search::SearchArgs),
    /// Count the countries or companies of the matching articles, optionally over time.
    Facets(facets::FacetsArgs),
    /// Count the matching articles per year, month or week (a bar chart, JSON or CSV).
    Timeline(timeline::TimelineArgs),
    /// Serve the JSON API and the web page (http://127.0.0.1:8080/ by default).
    Serve(serve::ServeArgs),
    /// Describe the index: articles, size, dates, sources, fingerprints.
    Stats(stats::StatsArgs),
    /// Merge the index's segments into one, dropping deleted articles' data.
    Optimize(optimize::OptimizeArgs),
    /// Show how the analyzer cuts and lemmatises a text.
    Analyze(analyze::AnalyzeArgs),
    /// Install or inspect the Ukrainian lexicon.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
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

/// A failed search as the user should see it: a bad query with a caret under the problem
/// and an empty date range are usage errors (exit 2); a broken index is a failure.
pub fn search_error(e: litopys_core::search::searcher::SearchError, query: &str) -> CliError {
    use litopys_core::search::searcher::SearchError;
    match e {
        SearchError::Query(q) => usage_error(anyhow::anyhow!("bad query: {q}\n{}", q.pointer(query))),
        e if e.is_user_error() => usage_error(e),
        e => e.into(),
    }
}

/// The parser of a command's `--format`: accepts the names of `formats` only, lists them
/// with what each gives in `--help`, and refuses any other name as a usage error (exit 2)
/// that names the ones this command takes.
///
/// Exists so that every command shares the one [`Format`] while offering exactly the
/// formats its renderer writes (see [`crate::output::Formats`]).
pub fn format_arg(formats: &'static Formats) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(
        formats
            .iter()
            .map(|&(format, gives)| PossibleValue::new(format.name()).help(gives)),
    )
    .try_map(|name| name.parse::<Format>())
}

/// Writes a command's result through `render` to standard output, buffered and flushed:
/// how the commands print what an `output` renderer makes, so that a reader who stops
/// early (`| head`) ends the command quietly (see [`run`]) instead of in a panic.
pub fn write_stdout(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Context shared by the commands: where the lexicon is, loaded on first use.
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
/// status. This is all `main` does.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context {
        lexicon_path: cli.lexicon.clone().unwrap_or_else(default_path),
    };
    let result = match cli.command {
        Command::Index(args) => index::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Stats(args) => stats::run(&ctx, args),
        Command::Facets(args) => facets::run(&ctx, args),
        Command::Timeline(args) => timeline::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Optimize(args) => optimize::run(args),
        Command::Analyze(args) => analyze::run(&ctx, args),
        Command::Lexicon(cmd) => lexicon::run(&ctx, cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.error.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("litopys: {:#}", e.error);
            ExitCode::from(e.status)
        }
    }
}
