//! `litopys terms`: the significant terms of a result set, as a table for people or as
//! the [`TermsReport`] in JSON (the same as `/api/terms`).

use std::io::{self, Write};

use super::{unsupported, Format, Formats};
use litopys_core::search::terms::{TermKind, TermsReport};

/// What `litopys terms --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "A table for people"),
    (Format::Json, "One JSON object"),
];

/// Writes the report in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, r: &TermsReport, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, r),
        Format::Json => super::json::write_value(out, r),
        other => Err(unsupported(other, "a terms report")),
    }
}

/// `N terms characterising …`, then one row per term: the term (entities marked), its
/// share of the sample, its share of the archive and the score.
fn write_text(out: &mut dyn Write, r: &TermsReport) -> io::Result<()> {
    let scope = if r.query.is_empty() {
        format!("all {} articles", r.total)
    } else {
        format!("the {} articles matching «{}»", r.total, r.query)
    };
    let sampled = if r.sample < r.total {
        format!(" (the best {} analysed)", r.sample)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} terms characterising {scope}{sampled}, against all {} articles",
        r.terms.len(),
        r.background
    )?;
    if r.terms.is_empty() {
        return Ok(());
    }
    let labels: Vec<String> = r
        .terms
        .iter()
        .map(|t| match t.kind {
            TermKind::Word => t.term.clone(),
            TermKind::Country => format!("{} [country]", t.term),
            TermKind::Company => format!("{} [company]", t.term),
        })
        .collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0).max(4);
    writeln!(
        out,
        "  {:<width$}  {:>14}  {:>16}  {:>7}",
        "term", "in the results", "in the archive", "score"
    )?;
    let pct = |n: u64, of: u64| {
        if of == 0 {
            0.0
        } else {
            100.0 * n as f64 / of as f64
        }
    };
    for (t, label) in r.terms.iter().zip(&labels) {
        let pad = width - label.chars().count();
        let fg = format!("{} ({:.0}%)", t.foreground, pct(t.foreground, r.sample as u64));
        let bg = format!("{} ({:.1}%)", t.background, pct(t.background, r.background));
        writeln!(
            out,
            "  {label}{}  {fg:>14}  {bg:>16}  {:>7.3}",
            " ".repeat(pad),
            t.score
        )?;
    }
    Ok(())
}
