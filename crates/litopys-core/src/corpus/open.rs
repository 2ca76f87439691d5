//! Opening archive files for reading: the one place that turns a file into its bytes
//! (decompressed, [`open_stream`]) or its text (decompressed and decoded to UTF-8,
//! [`open_text`]), and words I/O errors for a skip.
//!
//! The lowest piece of reading, shared by every reader and the per-format dispatch
//! ([`super::read`]), so that they all point down here and not at each other.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use encoding_rs::Encoding;

use super::compression::Compression;
use super::discover::SourceFile;
use super::encoding::{sniff, TextEncoding, Utf8Decoder, SAMPLE_BYTES};
use super::skip::SkipReason;

/// Buffer size for reading large files and decompressed streams.
const BUFFER_BYTES: usize = 256 << 10;

/// A buffer for `bytes` of input: its size, within 8 KiB and [`BUFFER_BYTES`] (so that a
/// tree of small files does not cost a large buffer each).
fn buffer_for(bytes: u64) -> usize {
    (bytes.saturating_add(1)).clamp(8 << 10, BUFFER_BYTES as u64) as usize
}

/// A file's bytes, decompressed as its name says ([`SourceFile::compression`]).
///
/// Exists for the readers of bytes (WARC, whole files); text readers use [`open_text`].
pub(super) fn open_stream(file: &SourceFile) -> io::Result<Box<dyn BufRead + Send>> {
    let f = BufReader::with_capacity(buffer_for(file.size), File::open(&file.path)?);
    Ok(match file.compression {
        Compression::None => Box::new(f),
        c => Box::new(BufReader::with_capacity(
            buffer_for(file.expected_content_bytes()),
            c.decoder(f)?,
        )),
    })
}

/// A file's text as a stream of UTF-8, and how its encoding was found.
///
/// Exists so that every text reader (JSON Lines, CSV, text, JSON) gets UTF-8 whatever the
/// file's compression and encoding, read as it goes (never held whole).
pub struct TextStream {
    /// The text, from after any byte order mark. UTF-8 files are passed through unchecked
    /// (readers report a bad byte where it is); other encodings are decoded.
    pub reader: Box<dyn BufRead + Send>,
    /// The encoding the file is read in, and how it was found.
    pub encoding: TextEncoding,
}

/// Opens a file as UTF-8 text (see [`TextStream`] and `corpus/encoding.rs` for the rules).
///
/// A stream that breaks within the first [`SAMPLE_BYTES`] (a cut `.gz`) is not an error
/// here: the text before the break is read and the error comes after it, so that line
/// readers report it at the line where it happened.
pub fn open_text(file: &SourceFile) -> io::Result<TextStream> {
    open_text_from(
        open_stream(file)?,
        file.options.encoding,
        buffer_for(file.expected_content_bytes()),
    )
}

/// [`open_text`] over any stream of bytes, with the encoding `forced` or not.
/// `expected`: the content's expected size, to size the sample's buffer.
fn open_text_from(
    mut bytes: Box<dyn BufRead + Send>,
    forced: Option<&'static Encoding>,
    expected: usize,
) -> io::Result<TextStream> {
    let (sample, broke) = read_sample(&mut bytes, SAMPLE_BYTES, expected);
    let complete = broke.is_none() && sample.len() < SAMPLE_BYTES;
    let encoding = sniff(&sample, complete, forced);
    let mut head = Cursor::new(sample);
    head.set_position(encoding.bom_len as u64);
    let rest: Box<dyn BufRead + Send> = match broke {
        Some(e) => Box::new(FailOnce(Some(e))),
        None => bytes,
    };
    // Both halves are buffered already, and so is their chain.
    let joined = head.chain(rest);
    let reader: Box<dyn BufRead + Send> = if encoding.encoding == encoding_rs::UTF_8 {
        Box::new(joined)
    } else {
        Box::new(Utf8Decoder::new(joined, encoding.encoding))
    };
    Ok(TextStream { reader, encoding })
}

/// Up to `limit` first bytes of `input` (about `expected` bytes long), and the error that
/// stopped the reading early if one did.
fn read_sample(input: &mut dyn BufRead, limit: usize, expected: usize) -> (Vec<u8>, Option<io::Error>) {
    let mut sample = Vec::with_capacity(limit.min(expected));
    match input.take(limit as u64).read_to_end(&mut sample) {
        Ok(_) => (sample, None),
        Err(e) => (sample, Some(e)),
    }
}

/// A reader that fails once with the error it holds, then ends.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.fill_buf().map(<[u8]>::len)
    }
}

impl BufRead for FailOnce {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(&[]),
        }
    }

    fn consume(&mut self, _: usize) {}
}

/// The reason for a file whose bytes stopped while being read (`message` says how and
/// where): a broken stream named after its compression for a compressed file, else
/// unreadable.
///
/// Exists so that every reader words a cut `.gz`, `.bz2`, `.xz` or `.zst` the same way.
pub(super) fn stream_broke(file: &SourceFile, message: String) -> SkipReason {
    match file.compression {
        Compression::None => SkipReason::Unreadable(message),
        Compression::Gzip => SkipReason::BadGzip(message),
        c => SkipReason::BrokenStream {
            compression: c.name(),
            message,
        },
    }
}

/// An I/O error as a message without the path (the skip shows it).
pub(super) fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a folder".into(),
        _ => e.to_string(),
    }
}

/// Reads (and decompresses) a file without parsing it, returning the number of bytes of
/// content.
///
/// Exists for the reading benchmark, to tell I/O and decompression time from parsing time.
#[doc(hidden)]
pub fn drain_bytes(file: &SourceFile) -> io::Result<u64> {
    if file.compression == Compression::None {
        let mut sink = Vec::new();
        File::open(&file.path)?.read_to_end(&mut sink).map(|n| n as u64)
    } else {
        io::copy(&mut open_stream(file)?, &mut io::sink())
    }
}

/// Reads a file as text (decompressed and decoded to UTF-8) without parsing it, returning
/// the number of bytes of UTF-8.
///
/// Exists for the reading benchmark, to tell the cost of detecting and decoding an
/// encoding from that of parsing.
#[doc(hidden)]
pub fn drain_text(file: &SourceFile) -> io::Result<u64> {
    io::copy(&mut open_text(file)?.reader, &mut io::sink())
}
