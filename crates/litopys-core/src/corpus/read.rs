//! Reading discovered files into articles, one file or many in parallel.

use std::io::{self, Read};

use rayon::prelude::*;

use super::article::{Article, IdRegistry};
use super::csv_format::read_csv;
use super::discover::{Format, SourceFile};
use super::html_format::parse_html_file;
use super::json_format::parse_json_file_with_fields;
use super::lines::{read_json_lines, Fingerprints, Line};
use super::open::{io_message, open_stream, open_text, stream_broke};
use super::parquet_format::read_parquet;
use super::parsed::ParsedArticle;
use super::skip::{Skip, SkipReason};
use super::text_format::parse_text;
use super::warc_format::read_warc;

/// Files are read by [`read_ordered`] in groups of about this many (uncompressed) bytes, so
/// that order can be restored while memory stays bounded.
const ORDERED_GROUP_BYTES: u64 = 64 << 20;

/// Reads one archive file, calling `emit` once per article or skip, in file order.
///
/// Exists as the single entry point over all formats. Never panics and never gives up on a
/// file early except when the bytes themselves stop: a bad JSON Lines line skips that line
/// only; a truncated or corrupt `.gz` reports the line where the stream broke after the
/// lines before it were emitted (any compression); an unreadable file is one skip.
pub fn read_file(file: &SourceFile, emit: &mut dyn FnMut(Result<ParsedArticle, Skip>)) {
    match file.format {
        Format::Text | Format::Json | Format::Html => {
            let (bytes, detected) = match whole_file(file) {
                Ok(read) => read,
                Err(skip) => return emit(Err(skip)),
            };
            let emit = &mut |r: Result<ParsedArticle, Skip>| {
                emit(r.map(|mut p| {
                    p.encoding = p.encoding.or(detected);
                    p
                }))
            };
            match file.format {
                Format::Text => emit(parse_text(&bytes, file).map(ParsedArticle::from)),
                Format::Html => emit(parse_html_file(&bytes, file)),
                _ => parse_json_file_with_fields(&bytes, file, &file.options.fields, emit),
            }
        }
        Format::JsonLines => read_json_lines(file, Fingerprints::Off, &mut |line| {
            if let Line::Read(r, _) = line {
                emit(r);
            }
            true
        }),
        Format::Warc => read_warc(file, &mut |r| emit(r.map(ParsedArticle::from))),
        Format::Csv | Format::Tsv => read_csv(file, emit),
        Format::Parquet => read_parquet(file, emit),
    }
}

/// [`read_file`] without what records say besides the article (date problems, the
/// fields used): for callers that only want articles.
pub fn read_articles(file: &SourceFile, emit: &mut dyn FnMut(Result<Article, Skip>)) {
    read_file(file, &mut |r| emit(r.map(|p| p.article)));
}

/// The whole content of a file read at once: decompressed, and decoded to UTF-8 except for
/// HTML pages (which name their encoding inside); with the encoding when it was detected.
fn whole_file(file: &SourceFile) -> Result<(Vec<u8>, Option<&'static encoding_rs::Encoding>), Skip> {
    let unreadable = |e: io::Error| Skip::file(&file.path, SkipReason::Unreadable(io_message(&e)));
    let (mut reader, detected) = if file.format == Format::Html {
        (open_stream(file).map_err(unreadable)?, None)
    } else {
        let text = open_text(file).map_err(unreadable)?;
        (text.reader, text.encoding.detected())
    };
    let mut bytes = Vec::with_capacity(file.expected_content_bytes().min(64 << 20) as usize);
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Ok((bytes, detected)),
        Err(e) => Err(Skip::file(&file.path, stream_broke(file, io_message(&e)))),
    }
}

/// Reads `files` in parallel, calling `f` for every article and skip as soon as it is read.
///
/// Exists for streaming a large archive into the indexer with all cores busy and without
/// holding it in memory. `f` is called concurrently from rayon's threads, in no particular
/// order across files (in file order within a file); use [`read_ordered`] where the order
/// must be deterministic, e.g. to decide which of two duplicate ids wins.
pub fn read_parallel(files: &[SourceFile], f: impl Fn(Result<Article, Skip>) + Sync) {
    files
        .par_iter()
        .for_each(|file| read_articles(file, &mut |r| f(r)));
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
            bytes += files[end].expected_content_bytes();
            end += 1;
        }
        let results: Vec<Vec<Result<Article, Skip>>> = files[start..end]
            .par_iter()
            .map(|file| {
                let mut out = Vec::new();
                read_articles(file, &mut |r| out.push(r));
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
