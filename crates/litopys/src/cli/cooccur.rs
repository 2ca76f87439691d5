//! `litopys cooccur country|company|source [QUERY] --country X | --company Y`: which
//! countries, companies or outlets go with the picked entities in the matching
//! articles, with counts and lift.

use clap::{Args, ValueEnum};

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, Format};
use litopys_core::search::searcher::FacetField;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    /// Countries.
    Country,
    /// Companies.
    Company,
    /// Persons.
    Person,
    /// Organisations other than companies.
    #[value(alias = "organization")]
    Organisation,
    /// Outlets.
    Source,
}

/// Arguments of `litopys cooccur`.
#[derive(Args, Debug)]
pub struct CooccurArgs {
    /// What to count beside the picked entities.
    #[arg(value_enum)]
    kind: KindArg,
    /// Only articles matching this query (the search language); none: every article.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// The picked entities are `--country` and `--company` (at least one); the other
    /// filters narrow the result set they are compared with.
    #[command(flatten)]
    scope: ScopeArgs,
    /// How many pairs to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::cooccur::FORMATS))]
    format: Format,
}

/// Runs the command.
pub fn run(ctx: &Context, args: CooccurArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let field = match args.kind {
        KindArg::Country => FacetField::Country,
        KindArg::Company => FacetField::Company,
        KindArg::Person => FacetField::Person,
        KindArg::Organisation => FacetField::Organisation,
        KindArg::Source => FacetField::Source,
    };
    let report = searcher
        .cooccurrence(&request, field, args.limit)
        .map_err(|e| search_error(e, &query))?;
    write_stdout(|out| output::cooccur::write(out, &report, args.format))
}
