//! Why an indexing job (or an optimisation) failed: [`IndexError`], and
//! [`WriterLockError`] for the writer lock.
//!
//! In a file of its own so that every part of the job can return them without importing
//! the orchestration that calls it (nor the folder transaction, which returns them too).

use std::io;
use std::path::{Path, PathBuf};

use super::summary::SkipCounts;
use crate::corpus::Format;
use crate::index::meta::MetaError;
use crate::index::schema::MissingField;

/// Why a run failed. What was committed before stays (an existing index is at its last
/// commit; a new index or a rebuild is removed if nothing was committed yet).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No archive file under the given paths.
    #[error("nothing to index: no {known} files under {0}", known = Format::KNOWN_EXTENSIONS)]
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
    /// Another job is writing to the index.
    #[error(transparent)]
    Locked(#[from] WriterLockError),
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
    /// Tantivy failed (disk full, …).
    #[error("indexing failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The thread reading the archive failed (a bug): what was read before is
    /// committed, nothing was deleted.
    #[error("reading the archive failed unexpectedly; what was read before is committed and nothing was deleted: rerun to finish")]
    Reader,
    /// `--strict` and some inputs were skipped or had dates that could not be read.
    #[error("--strict: {}, the first being {first}; nothing was written to the index", strict_problems(skips, *undated))]
    Strict {
        /// The skips, by kind.
        skips: SkipCounts,
        /// Articles whose date could not be read (they would have been indexed undated).
        undated: u64,
        /// The first problem's message.
        first: String,
    },
}

/// `skipped 2 (malformed-json 2)`, `3 unreadable dates` or both, for the `--strict` error.
fn strict_problems(skips: &SkipCounts, undated: u64) -> String {
    let mut parts = Vec::new();
    if skips.total() > 0 {
        parts.push(format!("skipped {skips}"));
    }
    if undated > 0 {
        let s = if undated == 1 { "" } else { "s" };
        parts.push(format!("{undated} unreadable date{s}"));
    }
    parts.join(" and ")
}

/// Why the writer lock ([`WriterLock`](super::transaction::lock::WriterLock)) could not
/// be taken.
#[derive(Debug, thiserror::Error)]
pub enum WriterLockError {
    /// Another job holds it.
    #[error("another `litopys {}` is writing to {} ({}): wait for it to finish or stop it", .command, .dir.display(), .holder)]
    Busy {
        /// The index folder.
        dir: PathBuf,
        /// The command of the holder, if it said (`index`, `optimize`), else `index`.
        command: String,
        /// `pid 1234`, or `pid unknown` when the lock file says nothing.
        holder: String,
    },
    /// The lock file cannot be created or locked.
    #[error("cannot lock the index folder {}: {source}", .dir.display())]
    Io {
        /// The index folder.
        dir: PathBuf,
        /// The error.
        source: io::Error,
    },
}

/// A function turning an I/O error into an [`IndexError::Io`] about `path`.
pub(crate) fn io_err<'a>(
    what: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> IndexError + 'a {
    move |source| IndexError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}
