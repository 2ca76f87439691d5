//! Several queries over time, or one as a share of all articles (`timeline … --vs …
//! --share`): a table for the terminal, the [`Attention`] in JSON (as `/api/attention`
//! sends it) and CSV for spreadsheets.

use std::io::{self, Write};

use super::{unsupported, Format};
use litopys_core::search::attention::Attention;
use litopys_core::search::searcher::Counting;
use litopys_core::search::timeline::Granularity;

/// Writes the comparison in one of the timeline's formats.
pub fn write(out: &mut dyn Write, a: &Attention, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_table(out, a),
        Format::Json => super::json::write_value(out, a),
        Format::Csv => write_csv(out, a),
        other => Err(unsupported(other, "a timeline")),
    }
}

/// What a query is called in headers: the query, or "all articles" when empty.
fn name(query: &str) -> String {
    if query.is_empty() {
        "all articles".into()
    } else {
        format!("«{query}»")
    }
}

/// A share as a percentage with two decimals, or `–` for a period without articles.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_string(), |s| format!("{:.2}%", s * 100.0))
}

/// One line per period: the counts of every query (and, with shares, each share and the
/// period's number of articles).
pub fn write_table(out: &mut dyn Write, a: &Attention) -> io::Result<()> {
    let by = match a.by {
        Granularity::Year => "year",
        Granularity::Month => "month",
        Granularity::Week => "week",
    };
    let names: Vec<String> = a
        .series
        .iter()
        .map(|s| format!("{} ({})", name(&s.query), s.total))
        .collect();
    let shares = a.series.first().is_some_and(|s| s.shares.is_some());
    let noun = match a.count {
        Counting::Articles => "articles",
        Counting::Stories => "stories",
    };
    let what = if shares {
        format!(", each as a share of all {noun} of the period")
    } else {
        String::new()
    };
    writeln!(out, "matching {noun} by {by}: {}{what}", names.join(" vs "))?;
    let label_width = a.periods.iter().map(|p| p.period.len()).max().unwrap_or(6).max(6);
    let mut header = format!("{:<label_width$}", "period");
    for s in &a.series {
        let title: String = name(&s.query).chars().take(24).collect();
        header.push_str(&format!("  {title:>24}"));
    }
    if shares {
        header.push_str(&format!("  {:>10}", "all"));
    }
    writeln!(out, "{}", header.trim_end())?;
    for (i, p) in a.periods.iter().enumerate() {
        let mut line = format!("{:<label_width$}", p.period);
        for s in &a.series {
            let cell = match &s.shares {
                Some(shares) => format!("{} {:>7}", s.counts[i], percent(shares[i])),
                None => s.counts[i].to_string(),
            };
            line.push_str(&format!("  {cell:>24}"));
        }
        if let Some(all) = p.all {
            line.push_str(&format!("  {all:>10}"));
        }
        writeln!(out, "{line}")?;
    }
    for s in a.series.iter().filter(|s| s.undated > 0) {
        writeln!(out, "({} of {} without a date)", s.undated, name(&s.query))?;
    }
    Ok(())
}

/// One row per period: `period,start,end`, a `count:QUERY` column per query, and with
/// shares `all` and a `share:QUERY` column per query (empty for a period without
/// articles).
pub fn write_csv(out: &mut dyn Write, a: &Attention) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let shares = a.series.first().is_some_and(|s| s.shares.is_some());
    let mut header = vec!["period".to_string(), "start".into(), "end".into()];
    header.extend(a.series.iter().map(|s| format!("count:{}", s.query)));
    if shares {
        header.push("all".into());
        header.extend(a.series.iter().map(|s| format!("share:{}", s.query)));
    }
    w.write_record(&header)?;
    for (i, p) in a.periods.iter().enumerate() {
        let mut row = vec![p.period.clone(), p.start.to_string(), p.end.to_string()];
        row.extend(a.series.iter().map(|s| s.counts[i].to_string()));
        if shares {
            row.push(p.all.map(|n| n.to_string()).unwrap_or_default());
            row.extend(a.series.iter().map(|s| {
                s.shares
                    .as_ref()
                    .and_then(|sh| sh[i])
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            }));
        }
        w.write_record(&row)?;
    }
    w.flush()
}
