//! `litopys stats`: what an index holds, for people (aligned `label: value` lines ending
//! in a warning when the index no longer fits this program) and for programs (the
//! [`StatsReport`] as pretty-printed JSON, the same object as `/api/stats`).

use std::io::{self, Write};

use super::{unsupported, Format, Formats};
use litopys_core::index::stats::StatsReport;

/// What `litopys stats --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "A summary for people"),
    (
        Format::Json,
        "One pretty-printed JSON object: index, stats, meta, installed",
    ),
];

/// Writes the report in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, r: &StatsReport, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, r),
        Format::Json => write_json(out, r),
        other => Err(unsupported(other, "statistics")),
    }
}

/// Writes the report as aligned lines: counts, size, dates, top sources, then what the
/// index was built with and whether each still matches.
pub fn write_text(out: &mut dyn Write, r: &StatsReport) -> io::Result<()> {
    let s = &r.stats;
    let i = &r.installed;
    writeln!(out, "index:      {}", r.index)?;
    writeln!(out, "articles:   {}", s.articles)?;
    writeln!(
        out,
        "size:       {:.1} MB in {} segment(s)",
        s.size_bytes as f64 / 1e6,
        s.segments
    )?;
    match (&s.dates.first, &s.dates.last) {
        (Some(first), Some(last)) => writeln!(
            out,
            "dates:      {first} … {last} ({} without a date)",
            s.dates.without_date
        )?,
        _ => writeln!(out, "dates:      none ({} without a date)", s.dates.without_date)?,
    }
    writeln!(
        out,
        "sources:    {} distinct ({} articles without a source)",
        s.sources.distinct, s.sources.without_source
    )?;
    for sc in &s.sources.top {
        writeln!(out, "  {:>8}  {}", sc.articles, sc.source)?;
    }
    writeln!(
        out,
        "format:     {} ({}; this program: {})",
        r.meta.format,
        verdict(i.format_matches),
        i.format
    )?;
    writeln!(
        out,
        "analyzer:   {} ({}; this program: {})",
        r.meta.analyzer,
        verdict(i.analyzer_matches),
        i.analyzer
    )?;
    let lexicon = match (&i.lexicon, i.lexicon_matches) {
        (Some(l), Some(m)) => format!("{}; installed: {l}", verdict(m)),
        _ => format!(
            "installed lexicon unavailable: {}",
            i.lexicon_error.as_deref().unwrap_or("unknown")
        ),
    };
    writeln!(out, "lexicon:    {} ({lexicon})", r.meta.lexicon)?;
    writeln!(out, "created by: {}", r.meta.created_by)?;
    if !(i.format_matches && i.analyzer_matches && i.lexicon_matches != Some(false)) {
        writeln!(
            out,
            "warning:    searches would miss articles; rebuild with `litopys index --rebuild --index {}`",
            r.index
        )?;
    }
    Ok(())
}

/// Writes the report as one pretty-printed JSON object (people read it too).
pub fn write_json(out: &mut dyn Write, r: &StatsReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}

fn verdict(matches: bool) -> &'static str {
    if matches {
        "matches"
    } else {
        "DIFFERS"
    }
}
