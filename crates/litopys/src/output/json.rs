//! JSON and JSON Lines: the [`SearchResults`] contract serialised as it is, so a program
//! reading the command line's output reads exactly what an HTTP API would send.

use std::io::{self, Write};

use litopys_core::search::results::SearchResults;

/// The whole answer as one JSON object on one line.
pub fn write(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    serde_json::to_writer(&mut *out, results)?;
    writeln!(out)
}

/// One hit object per line (no count): for `jq`, `grep` and streaming exports.
pub fn write_lines(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    }
    Ok(())
}
