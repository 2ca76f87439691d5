//! `litopys timeline [QUERY]`: how many matching articles appeared per year, month or
//! week, as a bar chart, JSON or CSV.

use clap::{Args, ValueEnum};

use super::scope::ScopeArgs;
use super::{search_error, write_stdout, CliError, Context};
use crate::output::timeline::{write_chart, write_csv, write_json};
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

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// A bar chart for the terminal.
    Text,
    /// One JSON object: query, total, by, undated, buckets.
    Json,
    /// One row per period: period,start,end,count.
    Csv,
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
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
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
    write_stdout(|out| match args.format {
        FormatArg::Text => write_chart(out, &timeline),
        FormatArg::Json => write_json(out, &timeline),
        FormatArg::Csv => write_csv(out, &timeline),
    })
}
