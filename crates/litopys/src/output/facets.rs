//! `litopys facets`: the most frequent countries, companies, sources or languages of the matching articles,
//! as an aligned table for people (with the series after each row when counted over
//! time) or as the [`FacetReport`] in JSON.

use std::io::{self, Write};

use super::{unsupported, Format, Formats};
use litopys_core::search::facet_report::FacetReport;
use litopys_core::search::searcher::Counting;

/// What `litopys facets --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "A table for people"),
    (Format::Json, "One JSON object"),
];

/// Writes the report in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, r: &FacetReport, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, r),
        Format::Json => write_json(out, r),
        other => Err(unsupported(other, "a facet report")),
    }
}

/// Writes `top N countries in …`, then one row per value: its name (and code), its
/// count and, with `--by`, `period count` pairs.
pub fn write_text(out: &mut dyn Write, r: &FacetReport) -> io::Result<()> {
    let scope = if r.query.is_empty() {
        format!("all {} articles", r.total)
    } else {
        format!("the {} articles matching «{}»", r.total, r.query)
    };
    let scope = match r.count {
        Counting::Articles => scope,
        Counting::Stories => format!("{scope}, counted in stories"),
    };
    let kind = match r.kind {
        "country" => "countries",
        "company" => "companies",
        "person" => "persons",
        "organisation" => "organisations",
        "source" => "sources",
        _ => "languages",
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

/// Writes the report as one JSON object on one line (the same as `/api/facets`).
pub fn write_json(out: &mut dyn Write, r: &FacetReport) -> io::Result<()> {
    super::json::write_value(out, r)
}
