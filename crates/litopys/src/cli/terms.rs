//! `litopys terms [QUERY]`: the words, countries and companies that characterise the
//! matching articles against the whole archive.

use clap::Args;

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, Format};
use litopys_core::search::terms::DEFAULT_SAMPLE;

/// Arguments of `litopys terms`.
#[derive(Args, Debug)]
pub struct TermsArgs {
    /// Only articles matching this query (the search language); none: every article.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    scope: ScopeArgs,
    /// How many terms to show.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// How many of the best-scored matching articles to analyse.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SAMPLE)]
    sample: usize,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::terms::FORMATS))]
    format: Format,
}

/// Runs the command.
pub fn run(ctx: &Context, args: TermsArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let report = searcher
        .significant_terms(&request, args.limit, args.sample)
        .map_err(|e| search_error(e, &query))?;
    write_stdout(|out| output::terms::write(out, &report, args.format))
}
