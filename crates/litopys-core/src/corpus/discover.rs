//! Finding the archive files under the paths given on the command line.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use walkdir::WalkDir;

use super::compression::Compression;
use super::options::ReadOptions;
use super::skip::{Skip, SkipReason};

/// The archive formats Litopys reads, recognised by file extension (case-insensitive),
/// after any compression suffix ([`Compression`]: `.gz`, `.bz2`, `.xz`, `.zst`).
///
/// Exists so that discovery decides once which reader handles a file, and so that reports
/// can count files per format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `.txt`: optional `date YYYY-MM-DD <title>` first line, then the body.
    Text,
    /// `.json`: one article object or an array of them.
    Json,
    /// `.jsonl`: one article object per line.
    JsonLines,
    /// `.html`, `.htm`: one saved web page, its article found by Readability.
    Html,
    /// `.warc`: a web archive; each HTML response record is an article.
    Warc,
    /// `.csv`: a header row naming the columns, then one article per row.
    Csv,
    /// `.tsv`: [`Csv`](Format::Csv) with tabs between fields.
    Tsv,
    /// `.parquet`: a columnar table (as Hugging Face datasets ship), one article per row.
    Parquet,
}

/// Bytes of content per byte of a Parquet file (text columns compressed with snappy or
/// zstd, about three to one for news text), as guessed before reading it.
const PARQUET_EXPANSION: u64 = 3;

/// Share of a file's content that is article text (title and body) rather than markup
/// (JSON keys and quoting, the `date` line), as guessed before reading it.
const TEXT_SHARE: f64 = 0.9;

/// [`TEXT_SHARE`] for web pages and archives of them, which are mostly markup, scripts and
/// boilerplate around the article.
const PAGE_TEXT_SHARE: f64 = 0.1;

impl Format {
    /// The extensions of every format, for messages.
    ///
    /// Exists so that messages naming what Litopys reads change with the formats.
    pub const KNOWN_EXTENSIONS: &'static str =
        ".txt, .json, .jsonl, .html, .htm, .warc, .csv, .tsv or .parquet, each but .parquet also compressed (.gz, .bz2, .xz, .zst)";

    /// The format of a file, from its name; `None` for any other extension.
    ///
    /// Exists so that unrelated files (README.md, images, `.pdf.gz`) in an archive folder
    /// are ignored rather than reported. The compression is [`Compression::from_path`].
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let (name, _) = Compression::split_name(&name);
        if name.ends_with(".jsonl") {
            Some(Format::JsonLines)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".txt") {
            Some(Format::Text)
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Some(Format::Html)
        } else if name.ends_with(".warc") {
            Some(Format::Warc)
        } else if name.ends_with(".csv") {
            Some(Format::Csv)
        } else if name.ends_with(".tsv") {
            Some(Format::Tsv)
        } else if name.ends_with(".parquet") {
            Some(Format::Parquet)
        } else {
            None
        }
    }

    /// A short stable name (`txt`, `json`, `jsonl`, `html`, `warc`, `csv`, `tsv`,
    /// `parquet`) for reports; see [`SourceFile::format_name`] for the name with the
    /// compression (`jsonl.gz`).
    pub fn name(&self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Parquet => "parquet",
        }
    }

    /// Whether the reader of this format gives its articles one by one as it reads (JSON
    /// Lines, CSV, TSV, Parquet row groups, WARC records) rather than parsing the whole file
    /// at once (text, JSON, HTML).
    ///
    /// Exists so that a big file of such a format is streamed into the index, holding a
    /// batch at a time, instead of being held whole with its neighbours.
    pub fn streams_articles(self) -> bool {
        matches!(
            self,
            Format::JsonLines | Format::Csv | Format::Tsv | Format::Parquet | Format::Warc
        )
    }

    /// Whether a file of this format holds one article per line (JSON Lines, compressed
    /// or not).
    ///
    /// Exists because such files can be read line by line with a fingerprint per line, so
    /// that a rerun skips the lines it knows and a large file is streamed rather than held.
    pub fn is_line_based(self) -> bool {
        matches!(self, Format::JsonLines)
    }

    /// Whether an article's position in a file of this format is an array index
    /// ([`Origin::index`](super::Origin::index)) rather than a line (a WARC record's
    /// 1-based number is kept and shown like a line: `crawl.warc.gz:3`).
    ///
    /// Exists so that positions remembered between runs are shown the way [`Origin`](super::Origin)
    /// shows them (`path#index`, `path:line`).
    pub fn positions_are_indices(self) -> bool {
        matches!(self, Format::Json)
    }

    /// The bytes of content a file of this format, `compression` and `file_size` is
    /// expected to hold once decompressed (about four times its size for `.jsonl.gz`).
    ///
    /// Exists so that memory limits and groupings decided before reading a file use one
    /// estimate whatever the format.
    pub fn expected_content_bytes(self, compression: Compression, file_size: u64) -> u64 {
        let inner = if self == Format::Parquet {
            PARQUET_EXPANSION
        } else {
            1
        };
        file_size
            .saturating_mul(compression.expansion())
            .saturating_mul(inner)
    }

    /// Bytes of article text (title and body) expected per byte of a file of this
    /// format: [`expected_content_bytes`](Format::expected_content_bytes) less markup.
    ///
    /// Exists for progress estimates made before any file of the format is finished
    /// (and its real ratio measured).
    pub fn expected_text_ratio(self, compression: Compression) -> f64 {
        let share = match self {
            Format::Html | Format::Warc => PAGE_TEXT_SHARE,
            Format::Text | Format::Json | Format::JsonLines | Format::Csv | Format::Tsv | Format::Parquet => {
                TEXT_SHARE
            }
        };
        self.expected_content_bytes(compression, 1) as f64 * share
    }
}

/// One archive file found by [`discover`], with what is needed to read it and to notice
/// later that it changed.
///
/// Exists so that reading (parallel, per file) and incremental reindexing (size and
/// modification time) work from one list built once, in a deterministic order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The file as found by the walk: `root` joined with the path below it.
    pub path: PathBuf,
    /// The PATH argument it was found under (the file itself if it was named directly).
    pub root: PathBuf,
    /// Size in bytes (of the compressed file for `.jsonl.gz`).
    pub size: u64,
    /// Last modification time, if the platform reports one.
    pub modified: Option<SystemTime>,
    /// Which reader handles it.
    pub format: Format,
    /// How its bytes are compressed (from the last extension of its name).
    pub compression: Compression,
    /// How to read it (field names, a forced encoding): the same for every file of a run.
    pub options: Arc<ReadOptions>,
}

impl SourceFile {
    /// The format with its compression, for reports: `jsonl`, `jsonl.gz`, `json.bz2`.
    pub fn format_name(&self) -> String {
        match self.compression.extension() {
            Some(ext) => format!("{}.{ext}", self.format.name()),
            None => self.format.name().to_string(),
        }
    }

    /// [`Format::expected_content_bytes`] of this file.
    ///
    /// Exists so that the indexer's estimates take the compression into account without
    /// each call site naming it.
    pub fn expected_content_bytes(&self) -> u64 {
        self.format.expected_content_bytes(self.compression, self.size)
    }

    /// The path relative to `root`, with `/` separators (`txt/2019/grain-china.txt`); the
    /// file name when the file was named directly.
    ///
    /// Exists as the base of derived article ids, which must not depend on the current
    /// directory or the platform's separator.
    pub fn id_base(&self) -> String {
        let rel = self.path.strip_prefix(&self.root).unwrap_or(&self.path);
        let parts: Vec<_> = rel
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy()),
                _ => None,
            })
            .collect();
        if parts.is_empty() {
            match self.path.file_name() {
                Some(name) => name.to_string_lossy().into_owned(),
                None => self.path.to_string_lossy().into_owned(),
            }
        } else {
            parts.join("/")
        }
    }
}

/// Whether a path's last component starts with '.' (`.git`, `.DS_Store`, editor swap files).
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// An I/O error as a short message without the path (the skip shows the path).
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Finds the archive files under `paths` (files or folders), sorted by path.
///
/// Exists as the one place that decides which files make up an archive: folders are walked
/// recursively following symlinks (a symlink loop is reported, not followed); hidden files
/// and folders (name starting with '.') below a PATH are ignored; files with other
/// extensions are ignored; a file reached twice (two overlapping PATHs, or a symlink to a
/// file also found directly) is listed once, under the path that sorts first (the earlier
/// PATH on a tie), and the same skip is reported once. A PATH that does not exist, cannot
/// be read, or is a file with an unknown extension is returned as an `unreadable` [`Skip`],
/// as is any folder or file that the walk cannot enter.
pub fn discover(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Skip>) {
    let found = discover_with(paths, &ReadOptions::default().shared());
    (found.files, found.skips)
}

/// What [`discover_with`] found under the PATHs.
///
/// Exists so that the files of no known type are counted for the report ("ignored 3
/// files of unknown type: .pdf 2, .docx 1") rather than passed over in silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The archive files, sorted by path, each once.
    pub files: Vec<SourceFile>,
    /// PATHs and entries that could not be read.
    pub skips: Vec<Skip>,
    /// Regular files below a folder PATH of no type Litopys reads, by lower-cased
    /// extension (`.pdf`; `(none)` without one); hidden files are not counted.
    pub ignored: BTreeMap<String, u64>,
}

/// [`discover`], with `options` (`--field`, `--encoding`) on every file found, and the
/// files of unknown type counted.
///
/// Exists so that what the user said about reading travels with each file to its reader.
pub fn discover_with(paths: &[PathBuf], options: &Arc<ReadOptions>) -> Discovery {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    let mut ignored = BTreeMap::new();
    for root in paths {
        discover_root(root, &mut files, &mut skips, &mut ignored);
    }
    for file in &mut files {
        file.options = options.clone();
    }
    files.sort_by(|a: &SourceFile, b| a.path.cmp(&b.path));
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone())));
    skips.sort_by_cached_key(|s| (s.path.clone(), s.to_string()));
    // Overlapping PATHs meet the same broken link or loop twice.
    skips.dedup();
    Discovery {
        files,
        skips,
        ignored,
    }
}

/// The lower-cased extension of a file of unknown type, for counting: `.pdf`, `.tar.gz`
/// is counted as `.gz`, `(none)` without one.
fn extension_key(path: &Path) -> String {
    match path.extension() {
        Some(ext) => format!(".{}", ext.to_string_lossy().to_lowercase()),
        None => "(none)".to_string(),
    }
}

/// Walks one PATH argument into `files` and `skips`.
fn discover_root(
    root: &Path,
    files: &mut Vec<SourceFile>,
    skips: &mut Vec<Skip>,
    ignored: &mut BTreeMap<String, u64>,
) {
    let unreadable = |m: String| Skip::file(root, SkipReason::Unreadable(m));
    let meta = match fs::metadata(root) {
        Ok(m) => m,
        Err(e) => return skips.push(unreadable(io_message(&e))),
    };
    if meta.is_file() {
        match Format::from_path(root) {
            Some(format) => files.push(source_file(root, root, &meta, format)),
            None => skips.push(unreadable(format!(
                "unknown file type; expected {} or a folder",
                Format::KNOWN_EXTENSIONS
            ))),
        }
        return;
    }
    if !meta.is_dir() {
        return skips.push(unreadable("not a regular file or folder".into()));
    }
    let walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(skip) = walk_error_skip(root, &e) {
                    skips.push(skip);
                }
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let Some(format) = Format::from_path(entry.path()) else {
            if entry.file_type().is_file() {
                *ignored.entry(extension_key(entry.path())).or_default() += 1;
            }
            continue;
        };
        if !entry.file_type().is_file() {
            skips.push(Skip::file(
                entry.path(),
                SkipReason::Unreadable("not a regular file".into()),
            ));
            continue;
        }
        match entry.metadata() {
            Ok(meta) => files.push(source_file(entry.path(), root, &meta, format)),
            Err(e) => skips.push(Skip::file(entry.path(), SkipReason::Unreadable(e.to_string()))),
        }
    }
}

/// The skip for an error of the walk, or `None` for errors about entries that would have
/// been ignored anyway (hidden names, broken symlinks to non-archive files).
fn walk_error_skip(root: &Path, e: &walkdir::Error) -> Option<Skip> {
    let path = e.path().unwrap_or(root);
    let is_symlink = path
        .symlink_metadata()
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    let dangling = is_symlink && e.loop_ancestor().is_none();
    if is_hidden(path) || (dangling && Format::from_path(path).is_none()) {
        // A dangling link named e.g. `photo.jpg` or `old-2019` is not part of the archive.
        return None;
    }
    let message = if let Some(ancestor) = e.loop_ancestor() {
        format!("symlink loop back to {}", ancestor.display())
    } else if let Some(io) = e.io_error() {
        if is_symlink && io.kind() == io::ErrorKind::NotFound {
            "broken symlink".to_string()
        } else {
            io_message(io)
        }
    } else {
        e.to_string()
    };
    Some(Skip::file(path, SkipReason::Unreadable(message)))
}

/// A [`SourceFile`] from its metadata.
fn source_file(path: &Path, root: &Path, meta: &fs::Metadata, format: Format) -> SourceFile {
    SourceFile {
        path: path.to_path_buf(),
        root: root.to_path_buf(),
        size: meta.len(),
        modified: meta.modified().ok(),
        format,
        compression: Compression::from_path(path),
        options: Arc::default(),
    }
}
