//! What a job tells its caller as it runs: the [`Observer`] trait.
//!
//! In a file of its own so that the parts of a job that report (the job loop, the
//! orchestration) depend on it rather than on each other.

use super::notes::FileNotes;
use crate::corpus::{Article, Skip, SourceFile};

/// Hears about a run as it happens, for progress display and skip messages.
///
/// Exists so that the library does not know about terminals: the CLI draws a progress bar
/// and prints skips; tests and other callers can ignore both.
pub trait Observer {
    /// Discovery is done; these files will be read, in this order.
    fn start(&mut self, _files: &[SourceFile]) {}
    /// An article was read (and handed to the index if it is new or changed).
    fn article(&mut self, _article: &Article) {}
    /// An input was skipped (already counted in the summary).
    fn skip(&mut self, _skip: &Skip) {}
    /// A file has been read; what was noticed about it (unreadable dates, the fields its
    /// records used), given once per file read.
    fn file_notes(&mut self, _notes: &FileNotes) {}
    /// Everything was read; Tantivy is finishing the queued documents and committing
    /// (seconds on a large archive, so a progress display should say so).
    fn committing(&mut self) {}
}

/// An observer that ignores everything.
///
/// Exists for callers that only want the [`Summary`](super::summary::Summary).
pub struct Silent;

impl Observer for Silent {}
