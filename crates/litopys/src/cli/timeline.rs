//! `litopys timeline [QUERY]`: how many matching articles appeared per year, month or
//! week, as a bar chart, JSON or CSV.

use clap::{Args, ValueEnum};

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, Format};
use litopys_core::search::timeline::Granularity;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ByArg {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// ISO weeks (Monday to Sunday).
    Week,
}

/// Arguments of `litopys timeline`.
#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// Only articles matching this query (the search language); none: every article.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    scope: ScopeArgs,
    /// The width of a bar.
    #[arg(long, value_enum, default_value = "month")]
    by: ByArg,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::timeline::FORMATS))]
    format: Format,
}

/// Runs the command.
pub fn run(ctx: &Context, args: TimelineArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let by = match args.by {
        ByArg::Year => Granularity::Year,
        ByArg::Month => Granularity::Month,
        ByArg::Week => Granularity::Week,
    };
    let timeline = searcher
        .timeline(&request, by)
        .map_err(|e| search_error(e, &query))?;
    write_stdout(|out| output::timeline::write(out, &timeline, args.format))
}
