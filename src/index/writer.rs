//! Indexing an archive: files are read and parsed in parallel ([`read_ordered`]), each
//! article becomes a Tantivy document, and Tantivy's indexing threads run the analyzer
//! (registered on the index as tokenizers) while the next articles are read.
//!
//! Memory is bounded whatever the archive size: reading holds at most one group of small
//! files (about 64 MiB) or a few batches of lines of a big dump, Tantivy's queue holds at
//! most 10 000 documents, and each indexing thread flushes its segment when its share of
//! the budget is full. The run commits once, at the
//! end, so that an interrupted or refused (`--strict`) run changes nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use tantivy::schema::Term;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

use super::budget::WriterBudget;
use super::meta::{IndexMeta, MetaError};
use super::open::expected_meta;
use super::schema::{build_schema, Fields, MissingField};
use super::staging::{inspect, DirState, Staging};
use super::stats::disk_size;
use super::summary::{SkipCounts, Summary};
use crate::analysis::{tantivy_tokenizer, Analyzer};
use crate::corpus::{
    content_hash_hex, discover, read_file, read_ordered, Article, Format, IdRegistry, Skip, SkipReason,
    SourceFile,
};

/// What to index, where, and how.
///
/// Exists so that the CLI and tests describe a run in one value instead of a long
/// argument list.
#[derive(Clone, Debug)]
pub struct IndexRequest {
    /// Archive files and folders.
    pub paths: Vec<PathBuf>,
    /// The index folder.
    pub dir: PathBuf,
    /// Indexing threads and memory.
    pub budget: WriterBudget,
    /// Build a fresh index and swap it in, whatever is there now.
    pub rebuild: bool,
    /// Fail without committing if any input is skipped.
    pub strict: bool,
    /// Benchmarks only: analyse with Tantivy's default tokenizer instead of the Ukrainian
    /// analyzer, everything else unchanged, to measure what the analysis costs. The index
    /// it makes answers Ukrainian queries wrongly.
    pub baseline_tokenizer: bool,
}

/// Hears about a run as it happens, for progress display and skip messages.
///
/// Exists so that the library does not know about terminals: the CLI draws a progress bar
/// and prints skips; tests and other callers can ignore both.
pub trait Observer {
    /// Discovery is done; these files will be read, in this order.
    fn start(&mut self, _files: &[SourceFile]) {}
    /// An article was read and handed to the index.
    fn article(&mut self, _article: &Article) {}
    /// An input was skipped (already counted in the summary).
    fn skip(&mut self, _skip: &Skip) {}
    /// Everything was read; Tantivy is finishing the queued documents and committing
    /// (seconds on a large archive, so a progress display should say so).
    fn committing(&mut self) {}
}

/// An observer that ignores everything.
///
/// Exists for callers that only want the [`Summary`].
pub struct Silent;

impl Observer for Silent {}

/// Why a run failed. Nothing was committed (an existing index is as it was; a new one was
/// removed).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No archive file under the given paths.
    #[error("nothing to index: no .txt, .json, .jsonl or .jsonl.gz files under {0}")]
    NoFiles(String),
    /// The index folder holds other files.
    #[error("{0} is not empty and holds no Litopys index; refusing to write into it: choose an empty or new folder with --index")]
    Foreign(String),
    /// The existing index was built differently (the message says to use `--rebuild`).
    #[error(transparent)]
    Meta(#[from] MetaError),
    /// The existing index lacks a field (built by another version).
    #[error(transparent)]
    Schema(#[from] MissingField),
    /// A file operation on the index folder failed.
    #[error("{what} {}: {source}", path.display())]
    Io {
        /// What was being done.
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Tantivy failed (disk full, lock held by another writer, …).
    #[error("indexing failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// `--strict` and some inputs were skipped.
    #[error("--strict: skipped {skips}, the first being {first}; nothing was written to the index")]
    Strict {
        /// The skips, by kind.
        skips: SkipCounts,
        /// The first skip's message.
        first: String,
    },
}

fn io_err<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> IndexError + 'a {
    move |source| IndexError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// Years a Tantivy date can hold (nanoseconds in an `i64` reach from 1677-09-21 to
/// 2262-04-11); whole years inside that span.
pub const STORABLE_YEARS: std::ops::RangeInclusive<i32> = 1678..=2261;

/// Refuses an article whose date the index cannot store (a typo such as `0219-03-05`),
/// rather than storing a wrong date.
///
/// Exists because the archive reader accepts any year from 1 to 9999, while Tantivy's
/// dates overflow outside [`STORABLE_YEARS`].
pub fn check_storable(a: &Article) -> Result<(), Skip> {
    match a.date {
        Some(d) if !STORABLE_YEARS.contains(&d.year()) => Err(Skip {
            path: a.origin.path.clone(),
            line: a.origin.line,
            reason: SkipReason::ImpossibleDate(format!(
                "{d} is outside the years the index can store ({}–{})",
                STORABLE_YEARS.start(),
                STORABLE_YEARS.end()
            )),
        }),
        _ => Ok(()),
    }
}

/// The Tantivy document of an article.
///
/// Exists as the one place that maps [`Article`] fields to index fields: title and body go
/// to both the lemma and the exact-form fields; date and month only when the date is known
/// (and storable: see [`check_storable`], which callers apply first).
pub fn article_document(fields: &Fields, a: &Article) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &a.id);
    if let Some(title) = &a.title {
        doc.add_text(fields.title, title);
        doc.add_text(fields.title_exact, title);
    }
    doc.add_text(fields.body, &a.text);
    doc.add_text(fields.body_exact, &a.text);
    if let Some(date) = a.date.filter(|d| STORABLE_YEARS.contains(&d.year())) {
        doc.add_date(fields.date, DateTime::from_timestamp_secs(date.unix_seconds()));
        doc.add_u64(fields.month, date.year() as u64 * 100 + u64::from(date.month()));
    }
    if let Some(source) = &a.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &a.url {
        doc.add_text(fields.url, url);
    }
    doc.add_text(fields.path, a.origin.to_string());
    doc.add_text(fields.hash, content_hash_hex(a));
    doc
}

/// Decides where the run writes, refusing foreign folders and incompatible indexes.
fn stage(req: &IndexRequest, analyzer: &Analyzer) -> Result<Staging, IndexError> {
    let dir = &req.dir;
    let state = inspect(dir).map_err(io_err("cannot read the index folder", dir))?;
    match (state, req.rebuild) {
        (DirState::Foreign, _) => Err(IndexError::Foreign(dir.display().to_string())),
        (_, true) => Staging::rebuild(dir).map_err(io_err("cannot prepare a rebuild next to", dir)),
        (DirState::Empty, false) => {
            Staging::fresh(dir).map_err(io_err("cannot create the index folder", dir))
        }
        (DirState::Index, false) => {
            IndexMeta::read(dir)?.check_compatible(&expected_meta(analyzer), dir)?;
            Ok(Staging::update(dir))
        }
    }
}

/// What feeding the writer produced.
#[derive(Default)]
struct Fed {
    articles: u64,
    text_bytes: u64,
    skips: SkipCounts,
    first_skip: Option<String>,
    error: Option<tantivy::TantivyError>,
}

impl Fed {
    fn skipped(&mut self, skip: &Skip, observer: &mut dyn Observer) {
        self.skips.add(skip.reason.kind());
        if self.first_skip.is_none() {
            self.first_skip = Some(skip.to_string());
        }
        observer.skip(skip);
    }
}

/// JSON Lines files with more content than this (a `.jsonl.gz` counts four times its size)
/// are streamed on their own instead of being read whole with their neighbours.
pub const STREAM_FILE_BYTES: u64 = 16 << 20;

/// Whether `file` is a JSON Lines dump with more than `limit` bytes of content, to be
/// streamed rather than held in memory.
fn streamed(file: &SourceFile, limit: u64) -> bool {
    match file.format {
        Format::JsonLines => file.size > limit,
        Format::JsonLinesGz => file.size.saturating_mul(4) > limit,
        Format::Text | Format::Json => false,
    }
}

/// Reads `files` in order, calling `f` for every article and skip: runs of small files go
/// through [`read_ordered`] (parsed in parallel, in groups of about 64 MiB), big JSON Lines
/// dumps through [`read_file`] (batches of lines parsed in parallel while the next batch
/// is read), so that memory stays bounded even when the archive is one 10 GB dump.
fn read_in_order(files: &[SourceFile], limit: u64, f: &mut dyn FnMut(Result<Article, Skip>)) {
    let big = |file: &SourceFile| streamed(file, limit);
    let mut start = 0;
    while start < files.len() {
        if big(&files[start]) {
            read_file(&files[start], f);
            start += 1;
            continue;
        }
        let end = files[start..]
            .iter()
            .position(big)
            .map_or(files.len(), |n| start + n);
        read_ordered(&files[start..end], &mut *f);
        start = end;
    }
}

/// Reads every file into the writer. With `replace`, each article first deletes any
/// document with its id, so that rerunning on the same archive does not duplicate. With
/// `strict`, documents stop being added at the first skip, but reading goes on so that
/// every problem is reported in one run.
fn feed(
    writer: &IndexWriter,
    fields: &Fields,
    files: &[SourceFile],
    replace: bool,
    strict: bool,
    fed: &mut Fed,
    observer: &mut dyn Observer,
) {
    let mut registry = IdRegistry::new();
    read_in_order(files, STREAM_FILE_BYTES, &mut |read| {
        let checked = read.and_then(|a| check_storable(&a).map(|()| a));
        let article = match checked.and_then(|a| registry.register(&a).map(|()| a)) {
            Ok(article) => article,
            Err(skip) => return fed.skipped(&skip, observer),
        };
        if fed.error.is_some() || (strict && fed.skips.total() > 0) {
            return;
        }
        if replace {
            writer.delete_term(Term::from_field_text(fields.id, &article.id));
        }
        if let Err(e) = writer.add_document(article_document(fields, &article)) {
            fed.error = Some(e);
            return;
        }
        fed.articles += 1;
        fed.text_bytes += (article.title.as_ref().map_or(0, String::len) + article.text.len()) as u64;
        observer.article(&article);
    });
}

/// Indexes the archive under `req.paths` into `req.dir` with `analyzer`: creates the
/// index if the folder is empty, updates a compatible one by article id, or (with
/// `rebuild`) builds a fresh one and swaps it in. Commits once, at the end.
///
/// Exists as the whole of `litopys index` except argument parsing and terminal output.
pub fn build_index(
    req: &IndexRequest,
    analyzer: &Arc<Analyzer>,
    observer: &mut dyn Observer,
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let (files, discovery_skips) = discover(&req.paths);
    observer.start(&files);
    let mut fed = Fed::default();
    for skip in &discovery_skips {
        fed.skipped(skip, observer);
    }
    if files.is_empty() {
        let paths: Vec<String> = req.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(IndexError::NoFiles(paths.join(", ")));
    }

    let staging = stage(req, analyzer)?;
    let work = staging.work_dir().to_path_buf();
    let index = if staging.is_new() {
        Index::create_in_dir(&work, build_schema())?
    } else {
        Index::open_in_dir(&work)?
    };
    tantivy_tokenizer::register(&index, analyzer);
    if req.baseline_tokenizer {
        tantivy_tokenizer::register_baseline(&index);
    }
    let fields = Fields::from_schema(&index.schema())?;
    let mut writer: IndexWriter =
        index.writer_with_num_threads(req.budget.threads(), req.budget.total_bytes() as usize)?;

    feed(
        &writer,
        &fields,
        &files,
        !staging.is_new(),
        req.strict,
        &mut fed,
        observer,
    );
    if let Some(e) = fed.error.take() {
        return Err(e.into());
    }
    if req.strict && fed.skips.total() > 0 {
        return Err(IndexError::Strict {
            skips: fed.skips,
            first: fed.first_skip.unwrap_or_default(),
        });
    }
    observer.committing();
    writer.commit()?;
    drop(writer);
    if staging.is_new() {
        expected_meta(analyzer)
            .write(&work)
            .map_err(io_err("cannot write the index metadata in", &work))?;
    }
    staging
        .finish()
        .map_err(io_err("cannot move the rebuilt index into", &req.dir))?;

    Ok(Summary {
        articles: fed.articles,
        text_bytes: fed.text_bytes,
        files: files.len(),
        elapsed: started.elapsed(),
        skips: fed.skips,
        index_dir: req.dir.clone(),
        index_bytes: disk_size(&req.dir),
    })
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
