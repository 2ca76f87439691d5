//! `litopys facets country|company [QUERY]`: which countries or companies the matching
//! articles name, largest first, optionally as a series over months or years.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::scope::ScopeArgs;
use super::{search_error, CliError, Context};
use litopys_core::search::facet_report::FacetReport;
use litopys_core::search::facets::Period;
use litopys_core::search::searcher::EntityField;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum KindArg {
    /// Countries (canonical Ukrainian name and ISO code).
    Country,
    /// Companies (canonical name).
    Company,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ByArg {
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// A table for people.
    Text,
    /// One JSON object.
    Json,
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
    #[arg(long, value_enum, default_value = "text")]
    format: FormatArg,
}

/// Runs the command.
pub fn run(ctx: &Context, args: FacetsArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let field = match args.kind {
        KindArg::Country => EntityField::Country,
        KindArg::Company => EntityField::Company,
    };
    let period = args.by.map(|b| match b {
        ByArg::Month => Period::Month,
        ByArg::Year => Period::Year,
    });
    let report = searcher
        .facet_report(&request, field, args.limit, period)
        .map_err(|e| search_error(e, &query))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        FormatArg::Json => {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        FormatArg::Text => write_text(&mut out, &report)?,
    }
    out.flush()?;
    Ok(())
}

fn write_text(out: &mut dyn Write, r: &FacetReport) -> std::io::Result<()> {
    let scope = if r.query.is_empty() {
        format!("all {} articles", r.total)
    } else {
        format!("the {} articles matching «{}»", r.total, r.query)
    };
    let kind = if r.kind == "country" {
        "countries"
    } else {
        "companies"
    };
    writeln!(out, "top {} {kind} in {scope}", r.values.len())?;
    let labels: Vec<String> = r
        .values
        .iter()
        .map(|v| match &v.code {
            Some(code) => format!("{} ({code})", v.name),
            None => v.name.clone(),
        })
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (v, label) in r.values.iter().zip(&labels) {
        let pad = width - label.chars().count();
        write!(out, "  {label}{} {:>6}", " ".repeat(pad), v.count)?;
        if let Some(series) = &v.series {
            let parts: Vec<String> = series
                .iter()
                .map(|p| format!("{} {}", p.period, p.count))
                .collect();
            write!(out, "   {}", parts.join(" · "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
