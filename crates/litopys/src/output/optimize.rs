//! `litopys optimize`: what merging did, for people (one line: before and after) and for
//! programs (the [`OptimizeReport`] as pretty-printed JSON).

use std::io::{self, Write};
use std::path::Path;

use super::{unsupported, Format, Formats};
use litopys_core::indexer::budget::Mb;
use litopys_core::indexer::optimize::{OptimizeReport, Shape};

/// What `litopys optimize --format` takes.
pub const FORMATS: &Formats = &[
    (
        Format::Text,
        "One line: the segments and articles before and after",
    ),
    (
        Format::Json,
        "One pretty-printed JSON object: before, after, elapsed",
    ),
];

/// Writes the report on the index at `index` in one of [`FORMATS`].
pub fn write(out: &mut dyn Write, index: &Path, r: &OptimizeReport, format: Format) -> io::Result<()> {
    match format {
        Format::Text => writeln!(
            out,
            "optimized {} in {:.1} s: {} before, {} after",
            index.display(),
            r.elapsed.as_secs_f64(),
            describe(&r.before),
            describe(&r.after)
        ),
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(r).map_err(io::Error::other)?
        ),
        other => Err(unsupported(other, "an optimize report")),
    }
}

/// An index's shape in words: `3 segments, 41 articles, 2 deleted, 0.2 MB`.
fn describe(s: &Shape) -> String {
    format!(
        "{} segment{}, {} articles, {} deleted, {}",
        s.segments,
        if s.segments == 1 { "" } else { "s" },
        s.documents,
        s.deleted,
        Mb(s.bytes)
    )
}
