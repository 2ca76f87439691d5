//! JSON Lines files read line by line, each line with a fingerprint of its raw bytes, so
//! that a caller who knows what a line held last time need not parse it again.
//!
//! Parsing (JSON, dates, content hashes) costs far more than reading: on a rerun after a
//! few corrections spread over a big archive, almost every line is byte for byte the one
//! already indexed. [`read_json_lines`] hashes each raw line and asks the caller whether
//! it knows that line at that number; known lines are reported as [`Line::Known`]
//! without being parsed.

use std::io::{self, BufRead};
use std::ops::Range;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::compression::Compression;
use super::discover::SourceFile;
use super::json_format::parse_json_line_with_fields;
use super::open::{io_message, open_text, stream_broke};
use super::parsed::ParsedArticle;
use super::skip::{Skip, SkipReason};

/// JSON Lines are parsed in batches of this many lines, in parallel, so that one big dump
/// (the common case) still uses every core.
const LINE_BATCH: usize = 512;

/// Version tag mixed into every [`LineHash`]: bump it when the same bytes may give another
/// article (a change of parsing rules or of [`content_hash`](super::content_hash)), so
/// that stored fingerprints stop matching and every line is parsed again once.
const LINE_HASH_VERSION: &[u8] = b"litopys-line-v5/litopys-article-v3\n";

/// A fingerprint of one raw JSON Lines line in its file: never 0, so that 0 can mean "no
/// fingerprint" (articles of other formats, or read before fingerprints existed).
pub type LineHash = u64;

/// Computes [`LineHash`]es for the lines of one file.
///
/// Exists so that a line is recognised only with the same version tag and the same
/// derived id base as when it was indexed: the article a line gives depends on both (an
/// article without an `id` is named after its file and line). Both go into the seed (64
/// bits of their SHA-256) of XXH3, a specified hash whose output is the same on every
/// platform and version, fast enough to hash a whole archive at memory speed: a changed
/// line passes for the old one with a chance of about 2⁻⁶⁴ (no adversary is in play: whoever
/// can edit the archive decides what is indexed anyway).
#[derive(Clone, Copy, Debug)]
pub struct LineHasher {
    seed: u64,
}

impl LineHasher {
    /// The hasher for the lines of `file`.
    pub fn new(file: &SourceFile) -> Self {
        let base = file.id_base();
        let mut h = Sha256::new();
        h.update(LINE_HASH_VERSION);
        h.update((base.len() as u64).to_le_bytes());
        h.update(base.as_bytes());
        let full = h.finalize();
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&full[..8]);
        LineHasher {
            seed: u64::from_le_bytes(seed),
        }
    }

    /// The fingerprint of a line's bytes (without its line end).
    pub fn hash(&self, line: &[u8]) -> LineHash {
        xxh3_64_with_seed(line, self.seed).max(1)
    }
}

/// One line of a JSON Lines file, as [`read_json_lines`] reports it. Blank lines are not
/// reported.
// Lines travel in batches that are parsed in place; boxing every parsed line would cost an
// allocation per article for the sake of the rare `Known` runs.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Line {
    /// The line with this 1-based number is the one the caller knows: not parsed.
    Known(usize),
    /// A line that was parsed: its article or why it was skipped, and its fingerprint (0
    /// when not asked for, and for a skip that is not about one line's content, such as
    /// a broken gzip stream).
    Read(Result<ParsedArticle, Skip>, LineHash),
}

/// Whether the caller knows line `.0` (1-based) with fingerprint `.1`.
pub type KnownLine<'a> = &'a (dyn Fn(usize, LineHash) -> bool + Sync);

/// How [`read_json_lines`] treats fingerprints.
#[derive(Clone, Copy)]
pub enum Fingerprints<'a> {
    /// None computed (plain reading).
    Off,
    /// Computed for every line; lines for which the function says yes are not parsed.
    Known(KnownLine<'a>),
}

/// Reads a `.jsonl` file (compressed or not, in any text encoding) and reports its lines in order until its end or
/// until `emit` returns `false`.
///
/// Exists as the one JSON Lines reader, for plain reading ([`read_file`](super::read_file))
/// and for incremental indexing, which passes the fingerprints it knows (of each line as
/// UTF-8). Reading (decompressing and decoding) the next batch of lines overlaps with hashing and parsing the current one,
/// itself spread over the cores. Like every reader it never gives up early: a bad line is
/// one skip (with its line number); a broken stream is one skip at the line where it broke,
/// after the lines before it.
pub fn read_json_lines(file: &SourceFile, prints: Fingerprints, emit: &mut dyn FnMut(Line) -> bool) {
    let (mut reader, detected) = match open_text(file) {
        Ok(text) => (text.reader, text.encoding.detected()),
        Err(e) => {
            let skip = Skip::file(&file.path, SkipReason::Unreadable(io_message(&e)));
            emit(Line::Read(Err(skip), 0));
            return;
        }
    };
    let hasher = match prints {
        Fingerprints::Off => None,
        Fingerprints::Known(_) => Some(LineHasher::new(file)),
    };
    let one = |n: usize, bytes: &[u8]| -> Option<Line> {
        let hash = hasher.as_ref().map_or(0, |h| h.hash(bytes));
        if let Fingerprints::Known(known) = prints {
            if known(n, hash) {
                return Some(Line::Known(n));
            }
        }
        parse_json_line_with_fields(bytes, n, file, &file.options.fields).map(|r| {
            let r = r.map(|mut p| {
                p.encoding = detected;
                p
            });
            Line::Read(r, hash)
        })
    };
    let parse = |batch: &LineBatch| -> Vec<Option<Line>> {
        batch
            .lines
            .par_iter()
            .map(|(n, range)| one(*n, &batch.bytes[range.clone()]))
            .collect()
    };
    let mut line_no = 0;
    let mut batch = read_batch(&mut reader, &mut line_no, 0);
    loop {
        let (parsed, next) = match batch.end {
            None => {
                let hint = batch.bytes.len();
                let (parsed, next) =
                    rayon::join(|| parse(&batch), || read_batch(&mut reader, &mut line_no, hint));
                (parsed, Some(next))
            }
            Some(_) => (parse(&batch), None),
        };
        for line in parsed.into_iter().flatten() {
            if !emit(line) {
                return;
            }
        }
        if let Some(BatchEnd::Failed(at, e)) = &batch.end {
            let reason = match file.compression {
                Compression::None => SkipReason::Unreadable(io_message(e)),
                _ => stream_broke(file, format!("{e}; the {} lines before were read", at - 1)),
            };
            emit(Line::Read(Err(Skip::at_line(&file.path, *at, reason)), 0));
        }
        match next {
            Some(next) => batch = next,
            None => return,
        }
    }
}

/// A batch of raw JSON Lines lines, and how reading stopped if it did.
struct LineBatch {
    /// The lines' bytes, one after the other (one buffer: no allocation per line).
    bytes: Vec<u8>,
    /// Each line's 1-based number and where its bytes are in `bytes`, without the line
    /// end.
    lines: Vec<(usize, Range<usize>)>,
    /// `None` while there is more to read.
    end: Option<BatchEnd>,
}

/// Why a [`LineBatch`] is the last one.
enum BatchEnd {
    Eof,
    /// The stream failed while reading line `.0` (1-based).
    Failed(usize, io::Error),
}

/// Reads up to [`LINE_BATCH`] lines (`hint`: bytes to reserve); `line_no` counts the
/// lines read so far.
fn read_batch(reader: &mut impl BufRead, line_no: &mut usize, hint: usize) -> LineBatch {
    let mut bytes = Vec::with_capacity(hint);
    let mut lines = Vec::with_capacity(LINE_BATCH);
    let end = loop {
        if lines.len() >= LINE_BATCH {
            break None;
        }
        let start = bytes.len();
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => break Some(BatchEnd::Eof),
            Ok(_) => {
                *line_no += 1;
                let mut end = bytes.len();
                if bytes[start..end].ends_with(b"\n") {
                    end -= 1;
                }
                if bytes[start..end].ends_with(b"\r") {
                    end -= 1;
                }
                lines.push((*line_no, start..end));
            }
            Err(e) => {
                bytes.truncate(start);
                break Some(BatchEnd::Failed(*line_no + 1, e));
            }
        }
    };
    LineBatch { bytes, lines, end }
}
