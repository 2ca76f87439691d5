//! `litopys timeline [QUERY] [--vs QUERY …] [--share]`: how many matching articles
//! appeared per year, month or week, as a bar chart, JSON or CSV; compared with other
//! queries on the same periods, and as a share of all articles of each period.

use clap::{Args, ValueEnum};

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, Format};
use litopys_core::search::attention::AttentionRequest;
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
    /// Compare with another query on the same periods and filters (repeatable; five
    /// queries in all at most).
    #[arg(long, value_name = "QUERY")]
    vs: Vec<String>,
    /// Give each period's matching articles as a share of all articles of that period
    /// (under the date, source and language filters; not the query, countries or
    /// companies), with that number shown.
    #[arg(long)]
    share: bool,
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
    if !args.vs.is_empty() || args.share {
        let mut queries = vec![query];
        queries.extend(args.vs);
        let compare = AttentionRequest {
            base: request,
            queries,
            by,
            share: args.share,
        };
        let attention = searcher
            .attention(&compare)
            .map_err(|e| search_error(e.error, &e.query))?;
        return write_stdout(|out| output::attention::write(out, &attention, args.format));
    }
    let timeline = searcher
        .timeline(&request, by)
        .map_err(|e| search_error(e, &query))?;
    write_stdout(|out| output::timeline::write(out, &timeline, args.format))
}
