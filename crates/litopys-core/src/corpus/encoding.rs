//! Text encodings of archive files: which one a file is in, and its text as UTF-8.
//!
//! Rules, in order: an encoding forced with `--encoding`; a byte order mark (UTF-8,
//! UTF-16LE, UTF-16BE); a charset the file or its transport declares (HTML only, see
//! `html_format.rs`); UTF-8 when a sample of the file's first [`SAMPLE_BYTES`] is valid
//! UTF-8 (a character cut by the sample's end still counts as valid) or nearly so (a few
//! damaged bytes among many UTF-8 letters); else a legacy code page guessed by `chardetng`
//! from the start of that sample (windows-1251, KOI8-U, IBM866, ISO-8859-5
//! for Ukrainian text, as the 2000s archives have them).
//!
//! UTF-8 is passed through as it is (readers check it line by line and report a bad byte
//! where it is); any other encoding is decoded while it is read ([`Utf8Decoder`]), so a
//! large cp1251 JSON Lines file is never held whole.

use std::io::{self, BufRead, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

/// How many bytes at the start of a file decide its encoding when nothing declares it.
/// Detection sees no more than this, so that it costs the same whatever the file's size.
pub const SAMPLE_BYTES: usize = 64 << 10;

/// How many bytes, from just before the first byte beyond ASCII, the detector is fed:
/// enough Cyrillic text to tell the code pages apart (256 bytes named windows-1251 and
/// KOI8-U right for each of 1 062 real news articles, as did 512), while the detector
/// (50 to 150 ns a byte) stays a small share of indexing a file.
const DETECT_BYTES: usize = 256;

/// How many ASCII bytes before the first byte beyond it the detector also sees.
const DETECT_CONTEXT_BYTES: usize = 16;

/// The top-level domain given to the detector: it makes close calls go to the Cyrillic
/// code pages, which is what a legacy Ukrainian archive is in.
const DETECTOR_TLD: &[u8] = b"ua";

/// How a file's encoding was found.
///
/// Exists so that a report can say which files were *guessed* ("detected windows-1251"):
/// only those may be wrong and worth an `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EncodingSource {
    /// `--encoding NAME`.
    Forced,
    /// A byte order mark at the start of the file.
    ByteOrderMark,
    /// A charset named by the file or its transport (an HTML `<meta>`, an HTTP header).
    Declared,
    /// Nothing said; the sample was UTF-8: valid, or with a few bad bytes among many
    /// UTF-8 characters (a damaged line, which its reader reports where it is).
    Utf8,
    /// Nothing said and the sample was not UTF-8: guessed by the detector.
    Detected,
}

/// A file's encoding and how it was found.
///
/// Exists as what [`sniff`] answers and what a [`TextStream`](super::TextStream) carries,
/// so that readers and reports learn both at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding {
    /// The encoding the bytes are read in.
    pub encoding: &'static Encoding,
    /// How it was found.
    pub source: EncodingSource,
    /// Length of the byte order mark at the start of the file (0 without one).
    pub bom_len: usize,
}

impl TextEncoding {
    /// The encoding when it was guessed by the detector, `None` otherwise.
    ///
    /// Exists for [`ParsedArticle::encoding`](super::ParsedArticle::encoding) and `--report`.
    pub fn detected(&self) -> Option<&'static Encoding> {
        (self.source == EncodingSource::Detected).then_some(self.encoding)
    }

    fn new(encoding: &'static Encoding, source: EncodingSource, bom_len: usize) -> Self {
        TextEncoding {
            encoding,
            source,
            bom_len,
        }
    }
}

/// The encoding of a file whose first bytes are `sample` (`complete`: the sample is the
/// whole file), `forced` by `--encoding` or not. Never fails: a guess is always made.
///
/// Exists as the one set of rules for every text format.
pub fn sniff(sample: &[u8], complete: bool, forced: Option<&'static Encoding>) -> TextEncoding {
    let bom = Encoding::for_bom(sample);
    if let Some(forced) = forced {
        // A BOM of the forced encoding itself is still not text.
        let bom_len = bom.filter(|(e, _)| *e == forced).map_or(0, |(_, n)| n);
        return TextEncoding::new(forced, EncodingSource::Forced, bom_len);
    }
    if let Some((encoding, bom_len)) = bom {
        return TextEncoding::new(encoding, EncodingSource::ByteOrderMark, bom_len);
    }
    if mostly_utf8(sample, complete) {
        return TextEncoding::new(UTF_8, EncodingSource::Utf8, 0);
    }
    TextEncoding::new(detect_legacy(sample, complete), EncodingSource::Detected, 0)
}

/// A sample with at least this many UTF-8 characters beyond ASCII per invalid sequence is
/// UTF-8 with damaged bytes, not a legacy code page: a cp1251 or KOI8-U text forms a valid
/// UTF-8 pair only by chance (`Ці` is D6 B3) and breaks UTF-8 at nearly every letter.
const UTF8_CHARS_PER_BAD_SEQUENCE: usize = 8;

/// Whether `sample` is UTF-8: valid (the last character may be cut off by the end of the
/// sample when it is not the whole file), or with few invalid sequences among many
/// multi-byte characters (see [`UTF8_CHARS_PER_BAD_SEQUENCE`]).
pub(super) fn mostly_utf8(sample: &[u8], complete: bool) -> bool {
    let mut rest = sample;
    let mut multibyte = 0;
    let mut invalid = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += count_multibyte(valid.as_bytes());
                break;
            }
            Err(e) => {
                multibyte += count_multibyte(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    // The bytes end inside a character: cut by the sample, or by the file.
                    None => {
                        invalid += usize::from(complete);
                        break;
                    }
                    Some(len) => {
                        invalid += 1;
                        rest = &rest[e.valid_up_to() + len..];
                        // Not even every byte left as a two-byte character would do, or
                        // (a legacy code page, decided early) more bad than good.
                        let best = multibyte + rest.len() / 2;
                        if best < invalid * UTF8_CHARS_PER_BAD_SEQUENCE
                            || (invalid >= 16 && multibyte < invalid)
                        {
                            return false;
                        }
                    }
                }
            }
        }
    }
    invalid == 0 || multibyte >= invalid * UTF8_CHARS_PER_BAD_SEQUENCE
}

/// The number of characters beyond ASCII in valid UTF-8 (their lead bytes).
fn count_multibyte(valid: &[u8]) -> usize {
    valid.iter().filter(|&&b| b >= 0xC0).count()
}

/// The legacy (non-UTF) encoding `chardetng` finds most likely for `sample` (`complete`:
/// the sample is the whole file), from [`DETECT_BYTES`] at the end of its leading ASCII.
///
/// Exists for text files and for HTML pages that declare no charset: one detector for both.
pub(super) fn detect_legacy(sample: &[u8], complete: bool) -> &'static Encoding {
    let first = sample.iter().position(|b| !b.is_ascii()).unwrap_or(sample.len());
    // A few bytes before it (the word's start), not a long run of JSON keys or markup.
    let start = first.saturating_sub(DETECT_CONTEXT_BYTES);
    let end = sample.len().min(start + DETECT_BYTES);
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&sample[start..end], complete && end == sample.len());
    detector.guess(Some(DETECTOR_TLD), Utf8Detection::Deny)
}

/// A stream of bytes in a non-UTF-8 encoding read as UTF-8, a buffer at a time.
///
/// Exists so that line readers see UTF-8 however the file is encoded, without holding it
/// whole. Bytes that do not decode (only possible in UTF-16 and multi-byte code pages)
/// become U+FFFD. An error of the underlying stream (a broken compressed stream) is passed
/// on after the text before it.
pub struct Utf8Decoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    input_done: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    finished: bool,
}

/// Bytes read from the underlying stream at a time (small enough that the buffers of a
/// decoder per file are no burden on a tree of small files).
const DECODE_CHUNK: usize = 16 << 10;

impl<R: Read> Utf8Decoder<R> {
    /// `inner` (positioned after any byte order mark) read as `encoding`.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        let decoder = encoding.new_decoder_without_bom_handling();
        let out_len = decoder
            .max_utf8_buffer_length(DECODE_CHUNK)
            .unwrap_or(4 * DECODE_CHUNK);
        Utf8Decoder {
            inner,
            decoder,
            input: vec![0; DECODE_CHUNK],
            in_start: 0,
            in_end: 0,
            input_done: false,
            output: vec![0; out_len],
            out_start: 0,
            out_end: 0,
            finished: false,
        }
    }
}

impl<R: Read> BufRead for Utf8Decoder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.out_start == self.out_end && !self.finished {
            if self.in_start == self.in_end && !self.input_done {
                let n = loop {
                    match self.inner.read(&mut self.input) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other?,
                    }
                };
                self.in_start = 0;
                self.in_end = n;
                self.input_done = n == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.input_done,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            self.finished = self.input_done && result == CoderResult::InputEmpty;
        }
        Ok(&self.output[self.out_start..self.out_end])
    }

    fn consume(&mut self, amount: usize) {
        self.out_start = (self.out_start + amount).min(self.out_end);
    }
}

impl<R: Read> Read for Utf8Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
#[path = "encoding_tests.rs"]
mod tests;
