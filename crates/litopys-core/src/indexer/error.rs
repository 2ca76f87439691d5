//! Why an indexing job (or an optimisation) failed: [`IndexError`], and
//! [`WriterLockError`] for the writer lock.
//!
//! In a file of its own so that every part of the job can return them without importing
//! the orchestration that calls it (nor the folder transaction, which returns them too).

use std::io;
use std::path::{Path, PathBuf};

use super::summary::SkipCounts;
use crate::corpus::Format;
pub use crate::index::damage::{damage, os_words};
use crate::index::meta::MetaError;
use crate::index::schema::MissingField;

/// Why a run failed. What was committed before stays (an existing index is at its last
/// commit; a new index or a rebuild is removed if nothing was committed yet).
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No archive file under the given paths.
    #[error("nothing to index: no {known} files under {0}", known = Format::KNOWN_EXTENSIONS)]
    NoFiles(String),
    /// `--shard-by` and the folder disagree: a folder of shards indexed without it, a
    /// plain index with it, or another shard key than the folder's.
    #[error("{0}")]
    Shards(String),
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
    /// Tantivy failed for a reason other than the machine's (those are
    /// [`IndexError::Storage`]).
    #[error("indexing failed: {0}")]
    Tantivy(#[source] tantivy::TantivyError),
    /// The thread reading the archive failed (a bug): what was read before is
    /// committed, nothing was deleted.
    #[error("reading the archive failed unexpectedly; what was read before is committed and nothing was deleted: rerun to finish")]
    Reader,
    /// Writing the index failed for a reason of the machine, not of the archive: the disk
    /// is full, the folder is read-only or not writable. The last commit is intact and
    /// the files of the unfinished segment were removed (as far as the disk allowed).
    #[error("{}", storage_message(.dir, .reason, *.full, .advice))]
    Storage {
        /// The index folder.
        dir: PathBuf,
        /// The operating system's reason, in its words (`no space left on device`).
        reason: String,
        /// Whether the disk is full (the advice is then about space).
        full: bool,
        /// What was committed and what the rest needs, in a sentence.
        advice: String,
    },
    /// A file of the existing index cannot be read as Tantivy wrote it (flipped bytes, a
    /// file cut short or missing): the job refused to write into the index. The archive
    /// is the source of truth, so the way out is a rebuild from it.
    #[error("the index is damaged ({}: {cause}): run `litopys check`, then `litopys index --rebuild` from the archive", .file.display())]
    Damaged {
        /// The damaged file (the index folder when Tantivy did not say which).
        file: PathBuf,
        /// What is wrong with it, in Tantivy's words.
        cause: String,
    },
    /// The index's story table cannot be used: built at another threshold, or damaged
    /// (the message says to rebuild).
    #[error(transparent)]
    Stories(#[from] crate::stories::TableError),
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

impl IndexError {
    /// A story-table error: its I/O failures become [`IndexError::Io`] saying `what` was
    /// being done in `dir` (so a full disk is told as one), the rest
    /// [`IndexError::Stories`].
    pub(crate) fn from_stories(e: crate::stories::TableError, what: &'static str, dir: &Path) -> Self {
        match e {
            crate::stories::TableError::Io(source) => IndexError::Io {
                what,
                path: dir.to_path_buf(),
                source,
            },
            other => IndexError::Stories(other),
        }
    }
}

/// The one line of [`IndexError::Storage`].
fn storage_message(dir: &Path, reason: &str, full: bool, advice: &str) -> String {
    let next = if full {
        "free space (or choose another --index folder) and rerun the same command to finish"
    } else {
        "fix the folder's permissions (or choose another --index folder) and rerun the same command"
    };
    format!(
        "cannot write the index in {}: {reason}; {advice}; {next}",
        dir.display()
    )
}

/// The operating system's reason for a failure under a Tantivy error, in its own words
/// without the code (`no space left on device`), and whether it is a full disk; `None`
/// when the error is not about the machine.
///
/// Exists because Tantivy wraps the cause in messages that do not name it ("an index
/// writer was killed") or name it inside debug output, and a user must be told "the disk
/// is full", once.
pub fn storage_cause(e: &tantivy::TantivyError) -> Option<(String, bool)> {
    use tantivy::directory::error::{OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    let io: Option<&io::Error> = match e {
        T::IoError(io) => Some(io),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => Some(io_error),
        T::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error),
        _ => None,
    };
    if let Some(reason) = io.and_then(machine_reason) {
        return Some(reason);
    }
    // Errors of Tantivy's own threads reach us as text, and some I/O errors wrap the OS's
    // in one of another kind (a merge's writer: `other`, with the OS's words).
    let text = e.to_string().to_lowercase();
    [
        ("no space left on device", true),
        ("disk quota exceeded", true),
        ("read-only file system", false),
        ("permission denied", false),
    ]
    .into_iter()
    .find(|(words, _)| text.contains(words))
    .map(|(words, full)| (words.to_string(), full))
}

/// [`storage_cause`] of an I/O error.
pub(super) fn machine_reason(io: &io::Error) -> Option<(String, bool)> {
    let full = matches!(
        io.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    );
    let machine = full
        || matches!(
            io.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        );
    machine.then(|| (os_words(io), full))
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

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        match damage(&e) {
            Some((file, cause)) => IndexError::Damaged { file, cause },
            None => IndexError::Tantivy(e),
        }
    }
}

impl IndexError {
    /// The same error, a damaged file named by its place in `dir` when Tantivy named it
    /// relative to the index folder: what the user can find and what `check` prints.
    pub fn in_dir(self, dir: &Path) -> Self {
        match self {
            IndexError::Damaged { file, cause } if file.is_relative() => IndexError::Damaged {
                file: dir.join(file),
                cause,
            },
            e => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_causes_are_found_under_tantivy_errors() {
        let full = tantivy::TantivyError::from(io::Error::from_raw_os_error(28));
        assert_eq!(
            storage_cause(&full),
            Some(("no space left on device".into(), true))
        );
        let quota = tantivy::TantivyError::from(io::Error::from(io::ErrorKind::QuotaExceeded));
        assert!(storage_cause(&quota).is_some_and(|(_, full)| full));
        let os = io::Error::from_raw_os_error(28);
        assert_eq!(os_words(&os), "no space left on device");
        let thread = tantivy::TantivyError::InternalError("'No space left on device (os error 28)'".into());
        assert_eq!(
            storage_cause(&thread),
            Some(("no space left on device".into(), true))
        );
        let ro = tantivy::TantivyError::from(io::Error::from_raw_os_error(30));
        assert_eq!(storage_cause(&ro), Some(("read-only file system".into(), false)));
        let wrapped = io::Error::other(io::Error::from_raw_os_error(28).to_string());
        assert_eq!(
            storage_cause(&tantivy::TantivyError::from(wrapped)),
            Some(("no space left on device".into(), true))
        );
        let other = tantivy::TantivyError::InvalidArgument("x".into());
        assert_eq!(storage_cause(&other), None);
    }

    #[test]
    fn damaged_files_are_named_and_other_errors_are_not_damage() {
        use tantivy::directory::error::OpenReadError;
        let footer = io::Error::new(io::ErrorKind::InvalidData, "Footer magic byte mismatch");
        let e = tantivy::TantivyError::from(OpenReadError::wrap_io_error(footer, "a.term".into()));
        let damaged = IndexError::from(e);
        let m = damaged.to_string();
        assert!(matches!(damaged, IndexError::Damaged { .. }), "{m}");
        assert!(
            m.starts_with("the index is damaged (a.term: footer magic byte mismatch): run `litopys check`, then `litopys index --rebuild`"),
            "{m}"
        );
        let corruption = tantivy::error::DataCorruption::new("b.store".into(), "bad block".into());
        let (file, cause) = damage(&tantivy::TantivyError::from(corruption)).unwrap();
        assert_eq!((file, cause.as_str()), (PathBuf::from("b.store"), "bad block"));
        let full = tantivy::TantivyError::from(io::Error::from_raw_os_error(28));
        assert!(damage(&full).is_none());
        assert!(matches!(IndexError::from(full), IndexError::Tantivy(_)));
    }

    #[test]
    fn the_storage_message_is_one_line_with_the_next_step() {
        let e = IndexError::Storage {
            dir: "ix".into(),
            reason: "no space left on device".into(),
            full: true,
            advice: "the last commit is intact".into(),
        };
        let m = e.to_string();
        assert!(!m.contains('\n'));
        assert!(m.starts_with("cannot write the index in ix: no space left on device; the last commit is intact; free space"), "{m}");
    }
}
