//! CSV and TSV exports (`.csv`, `.tsv`): one article per row, the columns named by a header.
//!
//! Spreadsheets, CMS exports and `pandas.to_csv` write news archives this way. The first
//! row must be a header; its names are matched through the file's [`FieldMap`] exactly as
//! JSON keys are (each row becomes a JSON object of the classified columns and goes through
//! [`parsed_at_line`], so the ranking of names, blank-as-absent and date reading are the
//! JSON reader's). A header without a recognisable text column is one skip naming the
//! columns found. Quoting is RFC 4180 (commas, doubled quotes and line breaks inside
//! quoted fields), by the `csv` crate; CRLF or LF line ends; a UTF-8 BOM is ignored.
//!
//! Rows are streamed from [`open_text`] in batches and turned into articles on all cores,
//! so that neither the file nor more than one batch is held. A row with the wrong number of
//! fields (an unclosed quote that swallowed the lines after it shows up this way) or a
//! field that is not UTF-8 is a skip naming the line where the row starts; later rows are
//! still read. An article without an id column is named `RELPATH:LINE` after the line where
//! its row starts, as a JSON Lines line is.

use std::io::BufRead;

use csv::{ByteRecord, Reader, ReaderBuilder};
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::csv_lines::LineStarts;
use super::discover::{Format, SourceFile};
use super::fields::{FieldKey, FieldMap};
use super::json_format::parsed_at_line;
use super::open::{io_message, open_text};
use super::parsed::ParsedArticle;
use super::skip::{Skip, SkipReason};

/// Rows are turned into articles in batches of this many, in parallel.
const ROW_BATCH: usize = 512;

/// Reads every row of a `.csv` or `.tsv` file, calling `emit` in row order.
pub(super) fn read_csv(file: &SourceFile, emit: &mut dyn FnMut(Result<ParsedArticle, Skip>)) {
    let input = match open_text(file) {
        Ok(input) => input,
        Err(e) => {
            return emit(Err(Skip::file(
                &file.path,
                SkipReason::Unreadable(io_message(&e)),
            )))
        }
    };
    let detected = input.encoding.detected();
    read_csv_from(input.reader, file, &mut |r| {
        emit(r.map(|mut p| {
            p.encoding = detected;
            p
        }))
    });
}

/// [`read_csv`] on an open stream (the file's bytes, decoded).
pub(super) fn read_csv_from(
    input: impl BufRead + Send,
    file: &SourceFile,
    emit: &mut dyn FnMut(Result<ParsedArticle, Skip>),
) {
    let delimiter = if file.format == Format::Tsv { b'\t' } else { b',' };
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        // Field counts are checked here, so that a bad row is a skip with its line.
        .flexible(true)
        .from_reader(LineStarts::new(input));
    let columns = match header(&mut reader, file) {
        Ok(columns) => columns,
        Err(skip) => return emit(Err(skip)),
    };
    // Reading the next batch (one core) overlaps with parsing the current one (the rest).
    let (mut batch, mut ended) = read_batch(&mut reader, file);
    while !batch.is_empty() {
        let parse = || parse_batch(batch, &columns, file);
        let ((next, next_ended), parsed) = if ended {
            ((Vec::new(), true), parse())
        } else {
            rayon::join(|| read_batch(&mut reader, file), parse)
        };
        parsed.into_iter().for_each(&mut *emit);
        (batch, ended) = (next, next_ended);
    }
}

/// A row read but not yet parsed: its starting line and its fields, or why it was not read.
type RawRow = Result<(usize, ByteRecord), Skip>;

/// Reads up to [`ROW_BATCH`] rows; `true` with them when the input has ended (or broken).
fn read_batch<R: BufRead>(reader: &mut Reader<LineStarts<R>>, file: &SourceFile) -> (Vec<RawRow>, bool) {
    let mut batch = Vec::with_capacity(ROW_BATCH);
    while batch.len() < ROW_BATCH {
        let mut record = ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let line = start_line(reader, &record);
                batch.push(Ok((line, record)));
            }
            Ok(false) => return (batch, true),
            Err(e) => {
                let line = match e.position() {
                    Some(p) => reader.get_mut().line_at(p.byte()).unwrap_or(p.line()) as usize,
                    None => 0,
                };
                batch.push(Err(Skip::at_line(
                    &file.path,
                    line,
                    SkipReason::MalformedCsv(e.to_string()),
                )));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return (batch, true);
                }
            }
        }
    }
    (batch, false)
}

/// The line where `record` starts (the `csv` crate's own position is that of the end of
/// the record before, see [`LineStarts`]).
fn start_line<R: BufRead>(reader: &mut Reader<LineStarts<R>>, record: &ByteRecord) -> usize {
    let reported = record.position().map_or((0, 0), |p| (p.byte(), p.line()));
    reader.get_mut().line_at(reported.0).unwrap_or(reported.1) as usize
}

/// The header's columns, each with its name and whether it feeds any key.
struct Columns {
    /// Every column's name, in order.
    names: Vec<String>,
    /// The columns that feed a key (by index into `names`): only these are looked at.
    used: Vec<usize>,
}

/// Reads and checks the header row.
fn header<R: std::io::Read>(reader: &mut Reader<R>, file: &SourceFile) -> Result<Columns, Skip> {
    let skip = |reason| Skip::file(&file.path, reason);
    let raw = match reader.byte_headers() {
        Ok(raw) => raw.clone(),
        Err(e) => return Err(skip(SkipReason::MalformedCsv(e.to_string()))),
    };
    if raw.is_empty() || raw.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return Err(skip(SkipReason::NoText));
    }
    let mut names = Vec::with_capacity(raw.len());
    for field in raw.iter() {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.trim().to_string()),
            Err(e) => {
                return Err(skip(SkipReason::MalformedCsv(format!(
                    "the header is not valid UTF-8 (byte {} of column {})",
                    e.valid_up_to(),
                    names.len() + 1
                ))))
            }
        }
    }
    let fields: &FieldMap = &file.options.fields;
    if fields
        .resolve(names.iter().map(String::as_str))
        .get(FieldKey::Text)
        .is_none()
    {
        let found: Vec<String> = names.iter().take(20).map(|n| format!("`{n}`")).collect();
        return Err(skip(SkipReason::NotAnArticle(format!(
            "the header has no text column (found {})",
            found.join(", ")
        ))));
    }
    let used = (0..names.len())
        .filter(|&i| fields.classify(&names[i]).is_some())
        .collect();
    Ok(Columns { names, used })
}

/// Turns a batch of rows into articles on all cores, in order.
fn parse_batch(batch: Vec<RawRow>, columns: &Columns, file: &SourceFile) -> Vec<Result<ParsedArticle, Skip>> {
    batch
        .into_par_iter()
        .map(|row| row.and_then(|(line, record)| parse_row(&record, line, columns, file)))
        .collect()
}

/// One row, starting on `line`, as an article: its classified columns as a JSON object, read as JSON is.
fn parse_row(
    record: &ByteRecord,
    line: usize,
    columns: &Columns,
    file: &SourceFile,
) -> Result<ParsedArticle, Skip> {
    let skip = |reason| Skip::at_line(&file.path, line, reason);
    if record.len() != columns.names.len() {
        return Err(skip(SkipReason::MalformedCsv(format!(
            "{} fields where the header has {}",
            record.len(),
            columns.names.len()
        ))));
    }
    let mut object = Map::new();
    for &i in &columns.used {
        let name = &columns.names[i];
        let value = simdutf8::compat::from_utf8(&record[i]).map_err(|e| {
            skip(SkipReason::MalformedCsv(format!(
                "column `{name}` is not valid UTF-8 (byte {} of the field)",
                e.valid_up_to()
            )))
        })?;
        if !value.trim().is_empty() {
            // Of two columns with one name, the first that is not blank counts.
            object
                .entry(name.clone())
                .or_insert_with(|| Value::String(value.to_string()));
        }
    }
    parsed_at_line(Value::Object(object), file, line, &file.options.fields)
}

#[cfg(test)]
#[path = "csv_format_tests.rs"]
mod tests;
