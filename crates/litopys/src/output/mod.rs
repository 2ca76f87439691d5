//! Rendering: every result the binary writes, for people at a terminal and for programs
//! (JSON, JSON Lines, CSV).
//!
//! Kept apart from the library and from the command line so that a command reads as parse
//! → library call → render, and so that the same report (a [`SearchResults`], a timeline)
//! can be printed by the command line or exported by the HTTP API; only this module knows
//! about ANSI colours, column layouts and file formats.
//!
//! Search results: [`text`] for the terminal, [`json`] (JSON and JSON Lines) and [`csv`].
//! The other commands' reports: [`facets`], [`timeline`], [`stats`], [`analyze`] and
//! [`lexicon`].

pub mod analyze;
pub mod csv;
pub mod facets;
pub mod json;
pub mod lexicon;
pub mod stats;
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
