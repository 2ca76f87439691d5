//! How a reader will touch the index files, and the kernel read advice that follows from
//! it: the one place where that choice is made.
//!
//! Tantivy memory-maps every segment file. On a page fault the kernel reads the missing
//! page and, under the default advice, a readahead window around it (often several MB).
//! A query touches a few term-dictionary blocks, the postings of its words, a handful of
//! stored blocks and some fast-field pages, scattered over files of hundreds of MB; with
//! readahead, every one of those faults pulls in a window, so a cold top-10 query read
//! 76–110 MB of a 30k-article index (issue 17). `MADV_RANDOM` turns readahead off for the
//! mapping: a fault reads the page it needs and no more, which is what Lucene 10 made its
//! default for the same reason.
//!
//! Reading a whole segment in order (indexing, merging, `check`, a full export) is the
//! opposite case: there readahead is what makes the read fast, so those keep the
//! kernel's default advice.
//!
//! What Tantivy's API cannot do: advice is per directory, applied to every file mapped
//! through it (`MmapDirectory::open_with_madvice`). A per-file choice — random for the
//! postings and the term dictionary, sequential for a store scanned by an export, say —
//! would need a `Directory` wrapper that maps the files itself; one search process also
//! cannot switch advice for a later export without opening the index again.

use std::path::Path;

use tantivy::directory::error::OpenDirectoryError;
#[cfg(unix)]
pub use tantivy::directory::Advice;
use tantivy::directory::MmapDirectory;

/// How a reader will go through the index files; it decides the kernel read advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Queries: a few scattered pages per request (search, facets, timeline, the
    /// server). No readahead, so a cold query reads what it touches and not more.
    Lookup,
    /// Whole files in order (indexing, merging, checks, full exports): the kernel's
    /// default readahead.
    Scan,
}

impl Access {
    /// The advice mapped files get, or `None` for the kernel's default.
    #[cfg(unix)]
    pub fn advice(self) -> Option<Advice> {
        match self {
            Access::Lookup => Some(Advice::Random),
            Access::Scan => None,
        }
    }

    /// Opens the folder's files for this kind of reading.
    pub fn open_directory(self, dir: &Path) -> Result<MmapDirectory, OpenDirectoryError> {
        #[cfg(unix)]
        if let Some(advice) = self.advice() {
            return MmapDirectory::open_with_madvice(dir, advice);
        }
        MmapDirectory::open(dir)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn queries_read_without_readahead_and_scans_keep_the_default() {
        assert!(matches!(Access::Lookup.advice(), Some(Advice::Random)));
        assert!(Access::Scan.advice().is_none());
    }

    #[test]
    fn both_open_an_existing_folder_and_refuse_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        for access in [Access::Lookup, Access::Scan] {
            assert!(access.open_directory(dir.path()).is_ok());
            assert!(access.open_directory(&dir.path().join("missing")).is_err());
        }
    }
}
