//! Reading a news archive into [`Article`]s.
//!
//! An archive is any set of files and folders given on the command line. [`discover`] walks
//! them into a sorted list of [`SourceFile`]s; [`read_file`], [`read_parallel`],
//! [`read_ordered`] and [`read_all`] turn those into articles ([`read_json_lines`] reads JSON
//! Lines with a fingerprint per line, for incremental indexing). Formats (see `corpus/README.md`):
//!
//! - `.txt`: `date YYYY-MM-DD <title>` on the first line (optional), then the body;
//! - `.json`: one article object, or an array of them;
//! - `.jsonl` / `.jsonl.gz`: one article object per line;
//! - `.html` / `.htm`: one saved web page, the article found by Readability, its header from
//!   the page's metadata (`og:*`, canonical link, `<time>`, JSON-LD);
//! - `.warc` / `.warc.gz`: a web archive, each HTML response record (status 200) one article
//!   read as a page is, its id the record's `WARC-Target-URI`;
//! - `.csv` / `.tsv`: a header row, then one article per row (RFC 4180 quoting);
//! - `.parquet`: one article per row, string, integer, date and timestamp columns.
//!
//! Every format may be compressed ([`Compression`]: `.gz`, `.bz2`, `.xz`, `.zst` after its
//! extension), and text may be in UTF-8 (with or without BOM), UTF-16 with a BOM, or a
//! legacy Cyrillic code page, detected ([`TextEncoding`]) or forced with `--encoding`;
//! [`open_text`] gives any file as UTF-8.
//!
//! An [`Article`] is an [`ArticleHeader`] (id, title, date, source, url: the shape the
//! index, search hits and every output share) plus its body and its [`Origin`].
//! The fields of JSON objects are found by the names real dumps use ([`FieldMap`]), and
//! their dates are read in every common form ([`ArticleDateTime`]); a date that cannot be
//! read leaves the article undated rather than skipped.
//!
//! Bad input never stops a run: each rejected file, line or array element becomes a
//! [`Skip`] naming where it is and why ([`SkipReason::kind`] gives a stable name for
//! counting), and everything else is still read. Article ids are stable across runs (see
//! [`ArticleHeader::id`]); duplicates across files are caught by an [`IdRegistry`], which the
//! consumer applies in a deterministic order.

mod article;
mod compression;
mod csv_format;
mod csv_lines;
mod date;
mod datetime;
mod discover;
mod encoding;
mod fields;
mod html_format;
mod json_format;
mod language;
mod lines;
mod open;
mod options;
mod parquet_cells;
mod parquet_format;
mod parsed;
mod read;
mod skip;
mod text_format;
mod warc_format;

#[cfg(test)]
mod tests;

pub use article::{content_hash, content_hash_hex, Article, ArticleHeader, IdRegistry, Origin};
pub use compression::Compression;
pub use date::{ArticleDate, DateError};
pub use datetime::{ArticleDateTime, DateTimeError, TimeOfDay};
pub use discover::{discover, discover_with, Discovery, Format, SourceFile};
pub use encoding::{EncodingSource, TextEncoding};
pub use fields::{FieldKey, FieldMap, FieldMapError, Resolved};
pub use language::{language_matches, normalize_language};
pub use lines::{read_json_lines, Fingerprints, KnownLine, Line, LineHash, LineHasher};
#[doc(hidden)]
pub use open::{drain_bytes, drain_text};
pub use open::{open_text, TextStream};
pub use options::{ReadOptions, UnknownEncoding};
pub use parsed::{DateProblem, ParsedArticle};
pub use read::{read_all, read_articles, read_file, read_ordered, read_parallel};
pub use skip::{Skip, SkipReason};

/// The version of the rules that turn archive bytes into articles (formats, field names,
/// date forms). An index records it with each commit; when it changes, the next `index`
/// run reads every file again, even unchanged ones, and updates exactly the articles the
/// new rules read differently. Bump it with any such change.
pub const READER_VERSION: &str = "litopys-reader-4";
