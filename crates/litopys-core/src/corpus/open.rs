//! Opening archive files for reading: the bytes of a file as a buffered stream,
//! gunzipped for `.jsonl.gz` and `.warc.gz`, and I/O errors worded for a skip.
//!
//! The lowest piece of reading, shared by the JSON Lines reader ([`super::lines`]) and the
//! per-format dispatch ([`super::read`]), so that both point down here and not at each
//! other.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use super::discover::{Format, SourceFile};

/// Opens a JSON Lines file for reading lines (gunzipping a `.jsonl.gz`).
pub(super) fn open_lines(file: &SourceFile) -> io::Result<Box<dyn BufRead + Send>> {
    let f = File::open(&file.path)?;
    Ok(if file.format == Format::JsonLinesGz {
        Box::new(BufReader::with_capacity(256 << 10, MultiGzDecoder::new(f)))
    } else {
        Box::new(BufReader::with_capacity(256 << 10, f))
    })
}

/// Opens a record-per-row text file (CSV, TSV) for streaming.
///
/// Exists so that the CSV reader reads through the same opening (and whatever
/// decompression and decoding it does) as JSON Lines rather than `File::open` directly.
pub(super) fn open_text(file: &SourceFile) -> io::Result<Box<dyn BufRead + Send>> {
    open_lines(file)
}

/// An I/O error as a message without the path (the skip shows it).
pub(super) fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => e.to_string(),
    }
}

/// Reads (and for `.jsonl.gz` decompresses) a file without parsing it, returning the number
/// of bytes of content.
///
/// Exists for the reading benchmark, to tell I/O and decompression time from parsing time.
#[doc(hidden)]
pub fn drain_bytes(file: &SourceFile) -> io::Result<u64> {
    let f = File::open(&file.path)?;
    if matches!(file.format, Format::JsonLinesGz | Format::WarcGz) {
        io::copy(&mut MultiGzDecoder::new(f), &mut io::sink())
    } else {
        let mut f = f;
        let mut sink = Vec::new();
        f.read_to_end(&mut sink).map(|n| n as u64)
    }
}
