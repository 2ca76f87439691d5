//! One writer at a time: the lock an indexing or optimizing job holds on an index folder.
//!
//! Tantivy's `IndexWriter` already refuses a second writer on the same Tantivy folder, but a
//! `--rebuild` writes into `DIR.rebuild-tmp` and then replaces `DIR`, so two jobs could
//! still trample each other (an update writing into the folder a rebuild is about to
//! swap away, or two rebuilds sharing one temporary folder). This lock sits on `DIR`
//! itself and is held for the whole job, whichever folder it writes to.
//!
//! It is an advisory `flock` on `DIR/.litopys-writer.lock` (through Tantivy's directory
//! locking, so no extra dependency): the kernel releases it when the process ends, even
//! on SIGKILL, so a crashed job never leaves a stale lock behind. The file holds the pid
//! and the command of the holder, only for the message shown to a second job. Readers
//! (`search`, `stats`) never take it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, DirectoryLock, Lock, MmapDirectory};

use crate::indexer::error::WriterLockError;

/// File name of the lock inside the index folder.
pub const LOCK_FILE: &str = ".litopys-writer.lock";

/// The lock of one job on one index folder, released when dropped (or when the process
/// ends, however it ends).
///
/// Exists so that a second job on the same index fails at once with a clear message
/// instead of waiting, or damaging what the first one writes.
pub struct WriterLock {
    _guard: DirectoryLock,
    path: PathBuf,
}

impl std::fmt::Debug for WriterLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriterLock").field("path", &self.path).finish()
    }
}

impl WriterLock {
    /// Takes the lock on `dir` (which must exist) for `command`, without waiting.
    pub fn acquire(dir: &Path, command: &str) -> Result<WriterLock, WriterLockError> {
        let io_err = |source| WriterLockError::Io {
            dir: dir.to_path_buf(),
            source,
        };
        let directory = MmapDirectory::open(dir).map_err(|e| io_err(io::Error::other(e.to_string())))?;
        let lock = Lock {
            filepath: PathBuf::from(LOCK_FILE),
            is_blocking: false,
        };
        let path = dir.join(LOCK_FILE);
        match directory.acquire_lock(&lock) {
            Ok(guard) => {
                // Written through another handle: the flock belongs to the guard's.
                let _ = fs::write(&path, format!("{} {command}\n", std::process::id()));
                Ok(WriterLock { _guard: guard, path })
            }
            Err(LockError::LockBusy) => Err(busy(dir)),
            Err(LockError::IoError(e)) => Err(io_err(io::Error::new(e.kind(), e.to_string()))),
        }
    }
}

/// The [`WriterLockError::Busy`] for `dir`, with what its lock file says about the holder.
///
/// Exists also for Tantivy's own writer lock, which a foreign program may hold.
pub fn busy(dir: &Path) -> WriterLockError {
    let said = fs::read_to_string(dir.join(LOCK_FILE)).unwrap_or_default();
    let mut words = said.split_whitespace();
    let pid = words.next().filter(|p| p.parse::<u32>().is_ok());
    WriterLockError::Busy {
        dir: dir.to_path_buf(),
        command: words.next().unwrap_or("index").to_string(),
        holder: pid.map_or_else(|| "pid unknown".to_string(), |p| format!("pid {p}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_at_once_and_names_the_holder() {
        let t = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(t.path(), "index").unwrap();
        let err = WriterLock::acquire(t.path(), "optimize").unwrap_err().to_string();
        let pid = std::process::id();
        assert!(
            err.starts_with("another `litopys index` is writing to")
                && err.contains(&format!("(pid {pid})"))
                && err.contains("wait for it"),
            "{err}"
        );
        drop(first);
        let again = WriterLock::acquire(t.path(), "optimize").unwrap();
        drop(again);
    }
}
