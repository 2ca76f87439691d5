//! A timeline for people (a bar chart in the terminal), for programs (the [`Timeline`]
//! in JSON, as `/api/timeline` sends it) and for spreadsheets (CSV).

use std::io::{self, Write};

use super::{unsupported, Format, Formats};
use litopys_core::search::searcher::Counting;
use litopys_core::search::timeline::Timeline;

/// What `litopys timeline --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "A bar chart for the terminal"),
    (
        Format::Json,
        "One JSON object: query, total, by, undated, buckets",
    ),
    (Format::Csv, "One row per period: period,start,end,count"),
];

/// Writes the timeline in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, t: &Timeline, format: Format) -> io::Result<()> {
    match format {
        Format::Text => write_chart(out, t),
        Format::Json => write_json(out, t),
        Format::Csv => write_csv(out, t),
        other => Err(unsupported(other, "a timeline")),
    }
}

/// The longest bar, in characters.
const BAR_WIDTH: u64 = 50;

/// Draws one line per period: its label, a bar scaled to the largest period, the count.
/// Eighths of a block keep small differences visible.
pub fn write_chart(out: &mut dyn Write, t: &Timeline) -> io::Result<()> {
    let noun = match t.count {
        Counting::Articles => "articles",
        Counting::Stories => "stories",
    };
    let scope = if t.query.is_empty() {
        format!("all {noun}")
    } else {
        format!("{noun} matching «{}»", t.query)
    };
    let by = match t.by {
        litopys_core::search::timeline::Granularity::Year => "year",
        litopys_core::search::timeline::Granularity::Month => "month",
        litopys_core::search::timeline::Granularity::Week => "week",
    };
    writeln!(out, "{} {scope} by {by}", t.total)?;
    let max = t.buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let label_width = t.buckets.iter().map(|b| b.period.len()).max().unwrap_or(0);
    let count_width = max.to_string().len();
    for b in &t.buckets {
        writeln!(
            out,
            "{:<label_width$} {:>count_width$} {}",
            b.period,
            b.count,
            bar(b.count, max)
        )?;
    }
    if t.undated > 0 {
        writeln!(out, "({} without a date)", t.undated)?;
    }
    Ok(())
}

/// A bar of `count` on a scale where `max` fills [`BAR_WIDTH`] characters; any non-zero
/// count shows at least an eighth.
fn bar(count: u64, max: u64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if count == 0 || max == 0 {
        return String::new();
    }
    let eighths = (count * BAR_WIDTH * 8).div_ceil(max).max(1);
    let mut s = "█".repeat((eighths / 8) as usize);
    let rest = eighths % 8;
    if rest > 0 {
        s.push(EIGHTHS[(rest - 1) as usize]);
    }
    s
}

/// The timeline as one JSON object on one line: query, total, by, undated, buckets.
pub fn write_json(out: &mut dyn Write, t: &Timeline) -> io::Result<()> {
    super::json::write_value(out, t)
}

/// One row per period: `period,start,end,count`.
pub fn write_csv(out: &mut dyn Write, t: &Timeline) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(["period", "start", "end", "count"])?;
    for b in &t.buckets {
        w.write_record([
            b.period.clone(),
            b.start.to_string(),
            b.end.to_string(),
            b.count.to_string(),
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_period() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10).chars().count(), BAR_WIDTH as usize);
        assert_eq!(bar(5, 10).chars().count(), (BAR_WIDTH / 2) as usize);
        assert_eq!(bar(1, 1000), "▏");
    }
}
