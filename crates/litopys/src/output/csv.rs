//! CSV: one hit per row, for spreadsheets. Uses the `csv` crate because snippets contain
//! commas, quotes and (in headlines) line breaks, which must be quoted per RFC 4180.

use std::io::{self, Write};

use litopys_core::search::results::SearchResults;

/// The columns, in order.
pub const HEADER: [&str; 9] = [
    "id", "date", "source", "title", "score", "url", "language", "path", "snippet",
];

/// Writes the header and one row per hit; absent fields are empty cells, the snippet is
/// the best fragment's plain text.
pub fn write(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(&mut *out);
    w.write_record(HEADER)?;
    w.flush()?;
    drop(w);
    write_rows(out, results)
}

/// Writes one row per hit without the header: the later pages of a streamed export.
pub fn write_rows(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    for hit in &results.hits {
        let header = &hit.header;
        let date = header.date.map(|d| d.to_string()).unwrap_or_default();
        let score = format!("{:.4}", hit.score);
        let snippet = hit.snippets.first().map_or("", |s| s.text.as_str());
        w.write_record([
            header.id.as_str(),
            &date,
            header.source.as_deref().unwrap_or(""),
            header.title.as_deref().unwrap_or(""),
            &score,
            header.url.as_deref().unwrap_or(""),
            header.language.as_deref().unwrap_or(""),
            hit.path.as_deref().unwrap_or(""),
            snippet,
        ])?;
    }
    w.flush()
}
