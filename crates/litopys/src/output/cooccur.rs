//! `litopys cooccur`: the values found with the picked entities, as a table for people or
//! the [`Cooccurrence`] in JSON (as `/api/cooccurrence` sends it).

use std::io::{self, Write};

use super::{unsupported, Format, Formats};
use litopys_core::search::cooccurrence::Cooccurrence;

/// What `litopys cooccur --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "A table for people"),
    (
        Format::Json,
        "One JSON object: kind, query, with, results, with_count, pairs",
    ),
];

/// Writes the report in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, r: &Cooccurrence, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, r),
        Format::Json => super::json::write_value(out, r),
        other => Err(unsupported(other, "a co-occurrence report")),
    }
}

/// A picked value as people read it: `Китай` for `CN|Китай`.
fn shown(value: &str) -> &str {
    value.split_once('|').map_or(value, |(_, name)| name)
}

/// A header naming the picked entities and the result set, then one row per pair.
pub fn write_text(out: &mut dyn Write, r: &Cooccurrence) -> io::Result<()> {
    let picked: Vec<String> = r.with.iter().map(|v| format!("«{}»", shown(v))).collect();
    let scope = if r.query.is_empty() {
        format!("all {} articles", r.results)
    } else {
        format!("the {} articles matching «{}»", r.results, r.query)
    };
    let kinds = match r.kind {
        "country" => "countries",
        "company" => "companies",
        "person" => "persons",
        "organisation" => "organisations",
        "source" => "sources",
        other => other,
    };
    writeln!(
        out,
        "{} named in {} of {scope}; the {kinds} most often named with {}:",
        picked.join(" + "),
        r.with_count,
        if picked.len() == 1 { "it" } else { "them" }
    )?;
    let width = r
        .pairs
        .iter()
        .map(|p| p.name.chars().count() + 5)
        .max()
        .unwrap_or(10)
        .max(10);
    writeln!(
        out,
        "{:<width$} {:>9} {:>11} {:>6}",
        r.kind, "together", "in results", "lift"
    )?;
    for p in &r.pairs {
        let name = match &p.code {
            Some(code) => format!("{} {code}", p.name),
            None => p.name.clone(),
        };
        let pad = width.saturating_sub(name.chars().count());
        writeln!(
            out,
            "{name}{:pad$} {:>9} {:>11} {:>6.2}",
            "", p.together, p.in_results, p.lift
        )?;
    }
    Ok(())
}
