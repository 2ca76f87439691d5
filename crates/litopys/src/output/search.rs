//! Search results in each [`Format`]: the terminal listing ([`text`](super::text)), the
//! [`SearchResults`] object or one hit per line ([`json`](super::json)), and one hit per
//! row ([`csv`](super::csv)); also the pages of `/api/export`.

use std::io::{self, Write};

use super::text::TextOptions;
use super::{csv, json, text, unsupported, Format, Formats};
use litopys_core::search::results::SearchResults;

/// What `litopys search --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "For people"),
    (Format::Json, "One JSON object: query, total, took_ms, hits"),
    (Format::Jsonl, "One JSON hit per line"),
    (
        Format::Csv,
        "One hit per row: id,date,source,title,score,url,language,path,snippet",
    ),
];

/// What `/api/export` writes: a file to download, streamed page by page, so one record per
/// line or row (the default first).
pub const EXPORT_FORMATS: &Formats = &[
    (Format::Csv, "One hit per row, with a header"),
    (Format::Jsonl, "One JSON hit per line"),
];

/// Whether `format` shows the entity counts over all matches: a format with one hit per
/// line or row leaves no place for them, so the search need not compute them.
pub fn shows_facets(format: Format) -> bool {
    matches!(format, Format::Text | Format::Json)
}

/// Writes `results` in `format`; `text` only affects [`Format::Text`].
pub fn write(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
    text: &TextOptions,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(out, results, text),
        Format::Json => json::write(out, results),
        Format::Jsonl => json::write_lines(out, results),
        Format::Csv => csv::write(out, results),
    }
}

/// Writes one page of an export in one of [`EXPORT_FORMATS`]; the CSV header only on the
/// `first` page.
pub fn write_export_page(
    out: &mut dyn Write,
    results: &SearchResults,
    format: Format,
    first: bool,
) -> io::Result<()> {
    match (format, first) {
        (Format::Csv, true) => csv::write(out, results),
        (Format::Csv, false) => csv::write_rows(out, results),
        (Format::Jsonl, _) => json::write_lines(out, results),
        (other, _) => Err(unsupported(other, "an export")),
    }
}
