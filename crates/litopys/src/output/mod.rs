//! Rendering search results: for people at a terminal ([`text`]) and for programs
//! ([`json`], JSON Lines, [`csv`]).
//!
//! Kept apart from the search itself so that the same [`SearchResults`] can be printed by
//! the command line or served by an HTTP API; only this module knows about ANSI colours
//! and file formats.

pub mod csv;
pub mod json;
pub mod text;
pub mod timeline;

use std::io::{self, Write};

use litopys_core::search::results::SearchResults;

/// How results are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people: headlines, dates, sources and snippets, highlighted when coloured.
    Text,
    /// One JSON object with the count and the hits.
    Json,
    /// One JSON hit object per line, for streaming into other tools.
    Jsonl,
    /// A spreadsheet-friendly table, one hit per row.
    Csv,
}

/// Writes `results` in `format`. `text` only affects [`Format::Text`].
pub fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
    text: &text::TextOptions,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(out, results, text),
        Format::Json => json::write(out, results),
        Format::Jsonl => json::write_lines(out, results),
        Format::Csv => csv::write(out, results),
    }
}
