//! `litopys facets country|company|source|language [QUERY]`: which countries or companies
//! the matching articles name, or which outlets and languages they come in, largest
//! first, optionally as a series over months or years.

use clap::{Args, ValueEnum};

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, Format};
use litopys_core::search::facets::Period;
use litopys_core::search::searcher::FacetField;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    /// Countries (canonical Ukrainian name and ISO code).
    Country,
    /// Companies (canonical name).
    Company,
    /// Persons (one canonical name each, in the nominative).
    Person,
    /// Organisations other than companies (ministries, courts, parties, councils).
    #[value(alias = "organization")]
    Organisation,
    /// Outlets (the archive's `source`).
    Source,
    /// Languages (normalised tags: uk, ru, en-gb).
    Language,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ByArg {
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// Arguments of `litopys facets`.
#[derive(Args, Debug)]
pub struct FacetsArgs {
    /// What to count.
    #[arg(value_enum)]
    kind: KindArg,
    /// Only articles matching this query (the search language); none: every article.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    scope: ScopeArgs,
    /// How many values to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// Also count per month or per year (articles without a date are left out of the series).
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::facets::FORMATS))]
    format: Format,
}

/// Runs the command.
pub fn run(ctx: &Context, args: FacetsArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let field = match args.kind {
        KindArg::Country => FacetField::Country,
        KindArg::Company => FacetField::Company,
        KindArg::Person => FacetField::Person,
        KindArg::Organisation => FacetField::Organisation,
        KindArg::Source => FacetField::Source,
        KindArg::Language => FacetField::Language,
    };
    let period = args.by.map(|b| match b {
        ByArg::Month => Period::Month,
        ByArg::Year => Period::Year,
    });
    let report = searcher
        .facet_report(&request, field, args.limit, period)
        .map_err(|e| search_error(e, &query))?;
    write_stdout(|out| output::facets::write(out, &report, args.format))
}
