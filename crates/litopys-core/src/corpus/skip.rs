//! Why an input was not turned into an article.
//!
//! An archive of news dumps always contains some junk: a file in a legacy encoding, a line cut
//! in half by a crashed exporter, a record without text. Reading must never stop at the first
//! such input; instead every rejected input becomes a [`Skip`] that names the file (and line),
//! so that the indexer can report "read 99 812 articles, skipped 188" and show the first few
//! reasons to the user.

use std::fmt;
use std::path::PathBuf;

/// One input (a file, a JSON Lines line or a JSON array element) that was not read as an
/// article, with where it is and why.
///
/// Exists so that bad input is counted and reported instead of aborting the whole run. Its
/// `Display` is the message shown to users: `corpus/a.jsonl:12: malformed JSON (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The file as found by [`discover`](super::discover) (not canonicalised), so that the
    /// message shows the path the user typed.
    pub path: PathBuf,
    /// 1-based line for JSON Lines input; `None` when the whole file is concerned.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: SkipReason,
}

impl Skip {
    /// A skip that concerns a whole file.
    ///
    /// Exists to keep the many call sites in the readers short.
    pub fn file(path: impl Into<PathBuf>, reason: SkipReason) -> Self {
        Skip {
            path: path.into(),
            line: None,
            reason,
        }
    }

    /// A skip that concerns one line of a file.
    ///
    /// Exists to keep the many call sites in the readers short.
    pub fn at_line(path: impl Into<PathBuf>, line: usize, reason: SkipReason) -> Self {
        Skip {
            path: path.into(),
            line: Some(line),
            reason,
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for Skip {}

/// Why an input was skipped.
///
/// Exists so that callers can both show a precise message (`Display`) and count skips by kind
/// in a summary ([`SkipReason::kind`]) without parsing message strings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The bytes are not UTF-8 (e.g. a cp1251 dump). `byte` is the offset of the first bad
    /// byte from the start of the file (`.txt`, `.json`) or of the line (JSON Lines).
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        byte: usize,
    },
    /// The JSON does not parse; the message is serde_json's, with line and column.
    MalformedJson(String),
    /// Valid JSON that is not an article object (e.g. a number, or an array inside a JSON
    /// Lines line).
    NotAnArticle(String),
    /// The article has no text (absent, `null` or only whitespace), or the file is empty.
    NoText,
    /// The file or folder cannot be read (missing, permissions, not a regular file, unknown
    /// extension of a file named explicitly, symlink loop); the message says which.
    Unreadable(String),
    /// The gzip stream is truncated or corrupt; the articles before this point were read.
    BadGzip(String),
    /// A bzip2, xz or zstd stream is truncated or corrupt; the articles before this point
    /// were read.
    BrokenStream {
        /// The decompressor's name: `bzip2`, `xz`, `zstd`.
        compression: &'static str,
        /// What went wrong, and where.
        message: String,
    },
    /// The date is not a real calendar day (`2023-02-30`) or not a `YYYY-MM-DD` date at all,
    /// including a malformed `date …` line of a `.txt` file.
    ImpossibleDate(String),
    /// A JSON field has the wrong type (e.g. `"title": 5`).
    BadField(String),
    /// Another article already has this id; `first_seen` is where (`path:line`,
    /// `path#index` or `path`).
    DuplicateId {
        /// The id both articles claim.
        id: String,
        /// Location of the article that was kept.
        first_seen: String,
    },
    /// A CSV or TSV row (or header) that cannot be read: wrong number of fields, a field
    /// that is not UTF-8.
    MalformedCsv(String),
    /// A Parquet file whose footer or a row group cannot be read (truncated, corrupt, an
    /// unknown codec); the message says which rows when it is one row group.
    BadParquet(String),
}

impl SkipReason {
    /// A short stable name, for counting skips by kind in summaries and JSON reports.
    ///
    /// Exists because messages carry details (offsets, columns) that make them useless as
    /// grouping keys; these names never change once published.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::InvalidUtf8 { .. } => "invalid-utf8",
            SkipReason::MalformedJson(_) => "malformed-json",
            SkipReason::NotAnArticle(_) => "not-an-article",
            SkipReason::NoText => "no-text",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::BadGzip(_) => "bad-gzip",
            SkipReason::BrokenStream { .. } => "broken-stream",
            SkipReason::ImpossibleDate(_) => "impossible-date",
            SkipReason::BadField(_) => "bad-field",
            SkipReason::DuplicateId { .. } => "duplicate-id",
            SkipReason::MalformedCsv(_) => "malformed-csv",
            SkipReason::BadParquet(_) => "bad-parquet",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::InvalidUtf8 { byte } => write!(f, "not valid UTF-8 (byte {byte})"),
            SkipReason::MalformedJson(m) => write!(f, "malformed JSON ({m})"),
            SkipReason::NotAnArticle(m) => write!(f, "not an article ({m})"),
            SkipReason::NoText => write!(f, "no text"),
            SkipReason::Unreadable(m) => write!(f, "unreadable ({m})"),
            SkipReason::BadGzip(m) => write!(f, "broken gzip stream ({m})"),
            SkipReason::BrokenStream { compression, message } => {
                write!(f, "broken {compression} stream ({message})")
            }
            SkipReason::ImpossibleDate(m) => write!(f, "impossible date ({m})"),
            SkipReason::BadField(m) => write!(f, "bad field ({m})"),
            SkipReason::DuplicateId { id, first_seen } => {
                write!(f, "duplicate id {id}, first seen at {first_seen}")
            }
            SkipReason::MalformedCsv(m) => write!(f, "malformed CSV ({m})"),
            SkipReason::BadParquet(m) => write!(f, "broken Parquet file ({m})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_reason() {
        let s = Skip::at_line(
            "corpus/a.jsonl",
            12,
            SkipReason::MalformedJson("expected `,` or `}` at line 1 column 40".into()),
        );
        assert_eq!(
            s.to_string(),
            "corpus/a.jsonl:12: malformed JSON (expected `,` or `}` at line 1 column 40)"
        );
        let s = Skip::file("corpus/b.txt", SkipReason::InvalidUtf8 { byte: 1234 });
        assert_eq!(s.to_string(), "corpus/b.txt: not valid UTF-8 (byte 1234)");
        assert_eq!(s.reason.kind(), "invalid-utf8");
    }

    #[test]
    fn duplicate_message() {
        let r = SkipReason::DuplicateId {
            id: "x-1".into(),
            first_seen: "a.jsonl:3".into(),
        };
        assert_eq!(r.to_string(), "duplicate id x-1, first seen at a.jsonl:3");
        assert_eq!(r.kind(), "duplicate-id");
    }
}
