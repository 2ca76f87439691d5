//! Reading discovered files into articles, one file or many in parallel.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;
use rayon::prelude::*;

use super::json_format::{parse_json_file, parse_json_line};
use super::text_format::parse_text;
use super::{Article, Format, IdRegistry, Skip, SkipReason, SourceFile};

/// JSON Lines are parsed in batches of this many lines, in parallel, so that one big dump
/// (the common case) still uses every core.
const LINE_BATCH: usize = 512;

/// Files are read by [`read_ordered`] in groups of about this many (uncompressed) bytes, so
/// that order can be restored while memory stays bounded.
const ORDERED_GROUP_BYTES: u64 = 64 << 20;

/// Reads one archive file, calling `emit` once per article or skip, in file order.
///
/// Exists as the single entry point over all formats. Never panics and never gives up on a
/// file early except when the bytes themselves stop: a bad JSON Lines line skips that line
/// only; a truncated or corrupt `.gz` reports the line where the stream broke after the
/// lines before it were emitted; an unreadable file is one skip.
pub fn read_file(file: &SourceFile, emit: &mut dyn FnMut(Result<Article, Skip>)) {
    let unreadable = |e: io::Error| Skip::file(&file.path, SkipReason::Unreadable(io_message(&e)));
    match file.format {
        Format::Text | Format::Json => {
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(e) => return emit(Err(unreadable(e))),
            };
            if file.format == Format::Text {
                emit(parse_text(&bytes, file));
            } else {
                parse_json_file(&bytes, file, emit);
            }
        }
        Format::JsonLines | Format::JsonLinesGz => {
            let f = match File::open(&file.path) {
                Ok(f) => f,
                Err(e) => return emit(Err(unreadable(e))),
            };
            if file.format == Format::JsonLinesGz {
                let reader = BufReader::with_capacity(256 << 10, MultiGzDecoder::new(f));
                read_lines(reader, file, emit);
            } else {
                read_lines(BufReader::with_capacity(256 << 10, f), file, emit);
            }
        }
    }
}

/// An I/O error as a message without the path (the skip shows it).
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => e.to_string(),
    }
}

/// A batch of raw JSON Lines lines (1-based number, bytes without the line end), and how
/// reading stopped if it did.
struct LineBatch {
    lines: Vec<(usize, Vec<u8>)>,
    /// `None` while there is more to read.
    end: Option<BatchEnd>,
}

/// Why a [`LineBatch`] is the last one.
enum BatchEnd {
    Eof,
    /// The stream failed while reading line `.0` (1-based).
    Failed(usize, io::Error),
}

/// Reads up to [`LINE_BATCH`] lines; `line_no` counts the lines read so far.
fn read_batch(reader: &mut impl BufRead, line_no: &mut usize) -> LineBatch {
    let mut lines = Vec::with_capacity(LINE_BATCH);
    while lines.len() < LINE_BATCH {
        let mut buf = Vec::new();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => {
                return LineBatch {
                    lines,
                    end: Some(BatchEnd::Eof),
                }
            }
            Ok(_) => {
                *line_no += 1;
                if buf.ends_with(b"\n") {
                    buf.pop();
                }
                if buf.ends_with(b"\r") {
                    buf.pop();
                }
                lines.push((*line_no, buf));
            }
            Err(e) => {
                return LineBatch {
                    lines,
                    end: Some(BatchEnd::Failed(*line_no + 1, e)),
                }
            }
        }
    }
    LineBatch { lines, end: None }
}

/// Reads a JSON Lines stream and emits its articles in order. Reading (and gunzipping) the
/// next batch of lines overlaps with parsing the current one, itself spread over the cores,
/// so that one big dump does not leave all but one core idle.
fn read_lines(
    mut reader: impl BufRead + Send,
    file: &SourceFile,
    emit: &mut dyn FnMut(Result<Article, Skip>),
) {
    let mut line_no = 0;
    let parse = |lines: Vec<(usize, Vec<u8>)>| -> Vec<Option<Result<Article, Skip>>> {
        lines
            .into_par_iter()
            .map(|(n, line)| parse_json_line(&line, n, file))
            .collect()
    };
    let mut batch = read_batch(&mut reader, &mut line_no);
    loop {
        let LineBatch { lines, end } = batch;
        let (parsed, next) = match end {
            None => {
                let (parsed, next) = rayon::join(|| parse(lines), || read_batch(&mut reader, &mut line_no));
                (parsed, Some(next))
            }
            Some(_) => (parse(lines), None),
        };
        parsed.into_iter().flatten().for_each(&mut *emit);
        if let Some(BatchEnd::Failed(at, e)) = end {
            let reason = if file.format == Format::JsonLinesGz {
                SkipReason::BadGzip(format!("{e}; the {} lines before were read", at - 1))
            } else {
                SkipReason::Unreadable(io_message(&e))
            };
            emit(Err(Skip::at_line(&file.path, at, reason)));
        }
        match next {
            Some(next) => batch = next,
            None => return,
        }
    }
}

/// Reads `files` in parallel, calling `f` for every article and skip as soon as it is read.
///
/// Exists for streaming a large archive into the indexer with all cores busy and without
/// holding it in memory. `f` is called concurrently from rayon's threads, in no particular
/// order across files (in file order within a file); use [`read_ordered`] where the order
/// must be deterministic, e.g. to decide which of two duplicate ids wins.
pub fn read_parallel(files: &[SourceFile], f: impl Fn(Result<Article, Skip>) + Sync) {
    files.par_iter().for_each(|file| read_file(file, &mut |r| f(r)));
}

/// Reads `files` in parallel but calls `f` on the calling thread in the order of `files`
/// (and of each file), so that results are the same on every run.
///
/// Exists for consumers that need determinism (duplicate detection with [`IdRegistry`],
/// reproducible index builds) while still reading with all cores. Files are read in groups
/// of about 64 MiB, so memory stays bounded; a single file is held whole.
pub fn read_ordered(files: &[SourceFile], mut f: impl FnMut(Result<Article, Skip>)) {
    let mut start = 0;
    while start < files.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < files.len() && (end == start || bytes < ORDERED_GROUP_BYTES) {
            let factor = if files[end].format == Format::JsonLinesGz {
                4
            } else {
                1
            };
            bytes += files[end].size.saturating_mul(factor);
            end += 1;
        }
        let results: Vec<Vec<Result<Article, Skip>>> = files[start..end]
            .par_iter()
            .map(|file| {
                let mut out = Vec::new();
                read_file(file, &mut |r| out.push(r));
                out
            })
            .collect();
        results.into_iter().flatten().for_each(&mut f);
        start = end;
    }
}

/// Reads the whole archive: articles and skips in deterministic order, with duplicate ids
/// (the second and later articles with an id, in file order) turned into skips.
///
/// Exists for small archives, tests and tools that want everything in memory at once.
pub fn read_all(files: &[SourceFile]) -> (Vec<Article>, Vec<Skip>) {
    let mut articles = Vec::new();
    let mut skips = Vec::new();
    let mut registry = IdRegistry::new();
    read_ordered(files, |r| {
        match r.and_then(|a| registry.register(&a).map(|()| a)) {
            Ok(article) => articles.push(article),
            Err(skip) => skips.push(skip),
        }
    });
    (articles, skips)
}

/// Reads (and for `.jsonl.gz` decompresses) a file without parsing it, returning the number
/// of bytes of content.
///
/// Exists for the reading benchmark, to tell I/O and decompression time from parsing time.
#[doc(hidden)]
pub fn drain_bytes(file: &SourceFile) -> io::Result<u64> {
    let f = File::open(&file.path)?;
    if file.format == Format::JsonLinesGz {
        io::copy(&mut MultiGzDecoder::new(f), &mut io::sink())
    } else {
        let mut f = f;
        let mut sink = Vec::new();
        f.read_to_end(&mut sink).map(|n| n as u64)
    }
}
