//! The command line: clap definitions and the wiring from commands to the library.
//!
//! Exit status: 0 success, 1 failure (I/O, a broken index), 2 bad usage or a bad query,
//! in the tradition of grep and ripgrep, so scripts can tell "your input is wrong" from
//! "something broke".

mod analyze;
mod check;
mod common;
mod cooccur;
mod export;
mod facets;
mod index;
mod lexicon;
mod optimize;
mod scope;
mod search;
mod serve;
mod stats;
mod terms;
mod timeline;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use litopys_analysis::lexicon::default_path;

use common::Context;

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
    /// Count the countries, companies, sources or languages of the matching articles,
    /// optionally over time.
    Facets(facets::FacetsArgs),
    /// The words, countries and companies that characterise the matching articles
    /// against the whole archive (significant terms).
    Terms(terms::TermsArgs),
    /// The countries, companies or outlets most often named together with the picked
    /// `--country`/`--company` in the matching articles, with counts and lift.
    Cooccur(cooccur::CooccurArgs),
    /// Count the matching articles per year, month or week (a bar chart, JSON or CSV);
    /// compare queries (`--vs`) and give shares of all articles (`--share`).
    Timeline(timeline::TimelineArgs),
    /// Serve the JSON API and the web page (http://127.0.0.1:8080/ by default).
    Serve(serve::ServeArgs),
    /// Export every article with its analysed title and body: OpenSearch/Elasticsearch
    /// bulk (annotated_text), Solr (PreAnalyzedField) or the tokens as JSON Lines.
    Export(export::ExportArgs),
    /// Describe the index: articles, size, dates, sources, fingerprints.
    Stats(stats::StatsArgs),
    /// Merge the index's segments into one, dropping deleted articles' data.
    Optimize(optimize::OptimizeArgs),
    /// Verify the index on disk: every segment file's checksum, the metadata, the manifest.
    Check(check::CheckArgs),
    /// Show how the analyzer cuts and lemmatises a text.
    Analyze(analyze::AnalyzeArgs),
    /// Install or inspect the Ukrainian lexicon.
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
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
        Command::Export(args) => export::run(&ctx, args),
        Command::Facets(args) => facets::run(&ctx, args),
        Command::Timeline(args) => timeline::run(&ctx, args),
        Command::Terms(args) => terms::run(&ctx, args),
        Command::Cooccur(args) => cooccur::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Optimize(args) => optimize::run(args),
        Command::Check(args) => check::run(args),
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
            eprintln!("litopys: {}", common::one_line(&e.error));
            ExitCode::from(e.status)
        }
    }
}
