//! Parquet files (`.parquet`), the format Hugging Face datasets and data-frame exports ship:
//! one article per row.
//!
//! Columns are matched through the file's [`FieldMap`] as JSON keys are; each row's
//! classified cells become a JSON object read by [`parsed_from_value`], so the ranking of
//! names, blank-as-absent and the reading of textual dates are the JSON reader's. Typed
//! cells are turned into what JSON would hold ([`cells`]): strings stay strings, integers
//! and floats numbers (ids, Unix times), dates and timestamps the RFC 3339 text of the
//! [`ArticleDateTime`] they are (a timestamp with a time zone an instant shown in UTC with
//! `Z`, one without a zone a local time without offset).
//!
//! Only the classified columns are decoded, one row group at a time, in batches of
//! [`BATCH_ROWS`] rows, so that the file is never held whole. A file whose footer cannot be
//! read (truncated, not Parquet) is one skip; a row group that cannot be decoded is one
//! skip naming its rows (`rows 1025–2048`), and the other row groups are still read. A row's
//! position is its 1-based number in the file, kept in [`Origin::line`](super::Origin::line) as a WARC record's
//! is (`news.parquet:7`), and an article without an id column is named `RELPATH:ROW`.
//!
//! [`ArticleDateTime`]: super::ArticleDateTime

use std::fs::File;

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ProjectionMask;
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::compression::Compression;
use super::discover::SourceFile;
use super::fields::FieldKey;
use super::json_format::parsed_at_line;
use super::open::io_message;
use super::parquet_cells::{cells, is_readable};
use super::parsed::ParsedArticle;
use super::skip::{Skip, SkipReason};

/// Rows decoded at a time: enough to spread the articles over the cores, few enough that a
/// batch of long texts stays a few megabytes.
pub(super) const BATCH_ROWS: usize = 1024;

/// Reads every row of a `.parquet` file, calling `emit` in row order.
///
/// Parquet needs random access (the footer is at the end), so the file is opened here
/// rather than through the streaming [`open`](super::open) functions.
pub(super) fn read_parquet(file: &SourceFile, emit: &mut dyn FnMut(Result<ParsedArticle, Skip>)) {
    let skip = |reason| Skip::file(&file.path, reason);
    if file.compression != Compression::None {
        // Parquet compresses its own columns; a compressed file would have to be unpacked
        // to a temporary file first, for its footer.
        let m =
            "a compressed Parquet file is not read: unpack it (its columns are compressed inside already)"
                .to_string();
        return emit(Err(skip(SkipReason::BadParquet(m))));
    }
    let f = match File::open(&file.path) {
        Ok(f) => f,
        Err(e) => return emit(Err(skip(SkipReason::Unreadable(io_message(&e))))),
    };
    let metadata = match ArrowReaderMetadata::load(&f, ArrowReaderOptions::new()) {
        Ok(metadata) => metadata,
        Err(e) => return emit(Err(skip(SkipReason::BadParquet(e.to_string())))),
    };
    let schema = metadata.schema().clone();
    let fields = &file.options.fields;
    // The columns that feed a key and whose type is read; the text must be among them.
    let used: Vec<usize> = (0..schema.fields().len())
        .filter(|&i| {
            let field = schema.field(i);
            fields.classify(field.name()).is_some() && is_readable(field.data_type())
        })
        .collect();
    let names = used.iter().map(|&i| schema.field(i).name().as_str());
    if fields.resolve(names).get(FieldKey::Text).is_none() {
        let found: Vec<String> = schema
            .fields()
            .iter()
            .take(20)
            .map(|f| format!("`{}` ({})", f.name(), f.data_type()))
            .collect();
        return emit(Err(skip(SkipReason::NotAnArticle(format!(
            "no text column of strings (found {})",
            found.join(", ")
        )))));
    }
    let mask = ProjectionMask::roots(metadata.parquet_schema(), used.iter().copied());
    let names: Vec<String> = used.iter().map(|&i| schema.field(i).name().clone()).collect();
    let mut first_row = 1;
    for group in 0..metadata.metadata().num_row_groups() {
        let rows = usize::try_from(metadata.metadata().row_group(group).num_rows()).unwrap_or(0);
        let range = format!("rows {first_row}–{}", first_row + rows.saturating_sub(1));
        let bad = |e: String| Skip::file(&file.path, SkipReason::BadParquet(format!("{range}: {e}")));
        let input = match f.try_clone() {
            Ok(input) => input,
            Err(e) => return emit(Err(skip(SkipReason::Unreadable(io_message(&e))))),
        };
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(input, metadata.clone())
            .with_row_groups(vec![group])
            .with_projection(mask.clone())
            .with_batch_size(BATCH_ROWS)
            .build();
        let reader = match reader {
            Ok(reader) => reader,
            Err(e) => {
                emit(Err(bad(e.to_string())));
                first_row += rows;
                continue;
            }
        };
        let mut reader = reader;
        let mut row = first_row;
        let mut next = reader.next();
        while let Some(batch) = next {
            let batch = match batch {
                Ok(batch) => batch,
                Err(e) => {
                    // The rest of this row group cannot be trusted; the next one may be fine.
                    emit(Err(bad(e.to_string())));
                    break;
                }
            };
            // Decoding the next batch (one core) overlaps with parsing this one (the rest).
            let parsed;
            (next, parsed) = rayon::join(|| reader.next(), || parse_batch(&batch, &names, row, file));
            parsed.into_iter().for_each(&mut *emit);
            row += batch.num_rows();
        }
        first_row += rows;
    }
}

/// Turns one batch, whose first row is `first_row` (1-based) of the file, into articles on
/// all cores, in order.
fn parse_batch(
    batch: &RecordBatch,
    names: &[String],
    first_row: usize,
    file: &SourceFile,
) -> Vec<Result<ParsedArticle, Skip>> {
    let rows = batch.num_rows();
    let mut columns: Vec<(&str, Vec<Option<Value>>)> = names
        .iter()
        .zip(batch.columns())
        .map(|(name, array)| (name.as_str(), cells(array.as_ref())))
        .collect();
    let objects: Vec<Map<String, Value>> = (0..rows)
        .map(|r| {
            let mut object = Map::new();
            for (name, cells) in &mut columns {
                if let Some(value) = cells.get_mut(r).and_then(Option::take) {
                    object.entry(name.to_string()).or_insert(value);
                }
            }
            object
        })
        .collect();
    objects
        .into_par_iter()
        .enumerate()
        .map(|(r, object)| parsed_at_line(Value::Object(object), file, first_row + r, &file.options.fields))
        .collect()
}

#[cfg(test)]
#[path = "parquet_format_tests.rs"]
mod tests;
