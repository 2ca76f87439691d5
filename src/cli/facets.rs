//! `litopys facets country|company [QUERY]`: which countries or companies the matching
//! articles name, largest first, optionally as a series over months or years.

use std::io::Write;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::scope::ScopeArgs;
use super::{usage_error, CliError, Context};
use crate::index::schema::split_country_value;
use crate::search::facets::Period;
use crate::search::searcher::{EntityField, SearchError};

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

#[derive(Serialize)]
struct PeriodOut {
    period: String,
    count: u64,
}

#[derive(Serialize)]
struct ValueOut {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<Vec<PeriodOut>>,
}

#[derive(Serialize)]
struct FacetsOut {
    kind: &'static str,
    query: String,
    total: usize,
    by: Option<Period>,
    values: Vec<ValueOut>,
}

/// Runs the command.
pub fn run(ctx: &Context, args: FacetsArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    let (searcher, request) = args.scope.open(ctx, query.clone())?;
    let (field, kind) = match args.kind {
        KindArg::Country => (EntityField::Country, "country"),
        KindArg::Company => (EntityField::Company, "company"),
    };
    let period = args.by.map(|b| match b {
        ByArg::Month => Period::Month,
        ByArg::Year => Period::Year,
    });
    let (total, series) = searcher
        .entity_counts(&request, field, args.limit, period)
        .map_err(|e| match e {
            SearchError::Query(q) => usage_error(anyhow::anyhow!("bad query: {q}\n{}", q.pointer(&query))),
            e if e.is_user_error() => usage_error(e),
            e => e.into(),
        })?;
    let values: Vec<ValueOut> = series
        .into_iter()
        .map(|s| {
            let (code, name) = match field {
                EntityField::Country => {
                    let (code, name) = split_country_value(&s.value);
                    (code.map(str::to_string), name.to_string())
                }
                EntityField::Company => (None, s.value.clone()),
            };
            ValueOut {
                name,
                code,
                count: s.count,
                series: period.map(|_| {
                    s.periods
                        .into_iter()
                        .map(|(period, count)| PeriodOut { period, count })
                        .collect()
                }),
            }
        })
        .collect();
    let report = FacetsOut {
        kind,
        query,
        total,
        by: period,
        values,
    };
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

fn write_text(out: &mut dyn Write, r: &FacetsOut) -> std::io::Result<()> {
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
