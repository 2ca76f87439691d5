//! Reading discovered files into articles, one file or many in parallel.

use std::io;

use rayon::prelude::*;

use super::article::{Article, IdRegistry};
use super::csv_format::read_csv;
use super::discover::{Format, SourceFile};
use super::html_format::parse_html_file;
use super::json_format::parse_json_file;
use super::lines::{read_json_lines, Fingerprints, Line};
use super::open::io_message;
use super::parquet_format::read_parquet;
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
/// lines before it were emitted; an unreadable file is one skip.
pub fn read_file(file: &SourceFile, emit: &mut dyn FnMut(Result<Article, Skip>)) {
    let unreadable = |e: io::Error| Skip::file(&file.path, SkipReason::Unreadable(io_message(&e)));
    match file.format {
        Format::Text | Format::Json | Format::Html => {
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(e) => return emit(Err(unreadable(e))),
            };
            match file.format {
                Format::Text => emit(parse_text(&bytes, file)),
                Format::Html => emit(parse_html_file(&bytes, file)),
                _ => parse_json_file(&bytes, file, emit),
            }
        }
        Format::JsonLines | Format::JsonLinesGz => read_json_lines(file, Fingerprints::Off, &mut |line| {
            if let Line::Read(r, _) = line {
                emit(r);
            }
            true
        }),
        Format::Warc | Format::WarcGz => read_warc(file, emit),
        Format::Csv | Format::Tsv => read_csv(file, &mut |r| emit(r.map(|p| p.article))),
        Format::Parquet => read_parquet(file, &mut |r| emit(r.map(|p| p.article))),
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
            bytes += files[end].format.expected_content_bytes(files[end].size);
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
