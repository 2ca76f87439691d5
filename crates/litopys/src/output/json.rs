//! JSON and JSON Lines: the library's report types serialised as they are (for search,
//! the [`SearchResults`] contract), so a program reading the command line's output reads
//! exactly what the HTTP API sends.

use std::io::{self, Write};

use serde::Serialize;

use litopys_core::search::results::SearchResults;

/// Any report as one JSON object on one line, then a line break: what every command's
/// `--format json` writes, except `stats`, which people read too (pretty-printed).
pub fn write_value(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// The whole answer as one JSON object on one line.
pub fn write(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    write_value(out, results)
}

/// One hit object per line (no count): for `jq`, `grep` and streaming exports.
pub fn write_lines(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    }
    Ok(())
}
