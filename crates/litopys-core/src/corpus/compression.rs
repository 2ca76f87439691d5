//! Compressed archive files: `.gz`, `.bz2`, `.xz` and `.zst` after any known extension
//! (`news.jsonl.gz`, `a.json.bz2`, `b.txt.xz`, `c.html.zst`, `crawl.warc.gz`).
//!
//! Compression is told apart from the format so that every format is read compressed the
//! same way: [`Compression::from_path`] strips the suffix, [`Compression::decoder`] wraps
//! the file's bytes. Concatenated streams (`cat a.gz b.gz`, pbzip2, one gzip member per
//! WARC record, several zstd frames) are read to their end.

use std::io::{self, BufRead, Read};
use std::path::Path;

use bzip2::read::MultiBzDecoder;
use flate2::read::MultiGzDecoder;
use liblzma::read::XzDecoder;

/// How an archive file's bytes are compressed, from the last extension of its name.
///
/// Exists so that [`Format`](super::Format) is only the kind of content, and any format can
/// be compressed with any of the common tools without a variant per pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Compression {
    /// Not compressed.
    #[default]
    None,
    /// `.gz`: gzip, one member or several.
    Gzip,
    /// `.bz2`: bzip2, one stream or several.
    Bzip2,
    /// `.xz`: xz (LZMA2), one stream or several.
    Xz,
    /// `.zst`: Zstandard, one frame or several.
    Zstd,
}

/// Every compression with its file-name suffix, for recognising names.
const SUFFIXES: [(Compression, &str); 4] = [
    (Compression::Gzip, ".gz"),
    (Compression::Bzip2, ".bz2"),
    (Compression::Xz, ".xz"),
    (Compression::Zstd, ".zst"),
];

impl Compression {
    /// The compression of a file name (lower-cased) and the name without its suffix:
    /// `("news.jsonl", Gzip)` for `news.jsonl.gz`, `(name, None)` when not compressed.
    ///
    /// Exists so that [`Format::from_path`](super::Format::from_path) reads the kind from
    /// what is left.
    pub fn split_name(name: &str) -> (&str, Compression) {
        for (compression, suffix) in SUFFIXES {
            if let Some(stem) = name.strip_suffix(suffix) {
                return (stem, compression);
            }
        }
        (name, Compression::None)
    }

    /// The compression of a file, from its name (case-insensitive).
    ///
    /// Exists for discovery, which stores it on every [`SourceFile`](super::SourceFile).
    pub fn from_path(path: &Path) -> Compression {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Compression::split_name(&name).1
    }

    /// The suffix without its dot (`gz`, `bz2`, `xz`, `zst`); `None` when not compressed.
    ///
    /// Exists for report names such as `jsonl.gz`.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            Compression::Gzip => Some("gz"),
            Compression::Bzip2 => Some("bz2"),
            Compression::Xz => Some("xz"),
            Compression::Zstd => Some("zst"),
        }
    }

    /// The tool's name for messages: `gzip`, `bzip2`, `xz`, `zstd` (`none` otherwise).
    ///
    /// Exists so that a broken stream says which decompressor gave up.
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
        }
    }

    /// Bytes of content expected per byte of a file compressed this way, before reading it
    /// (news text, JSON and HTML at the tools' default levels).
    ///
    /// Exists so that every estimate made from a file's size (grouping files, deciding to
    /// stream one, the progress bar's first guess) uses one number per compression.
    pub fn expansion(self) -> u64 {
        match self {
            Compression::None => 1,
            Compression::Gzip | Compression::Zstd => 4,
            Compression::Bzip2 | Compression::Xz => 5,
        }
    }

    /// `input` decompressed (itself when not compressed).
    ///
    /// Exists as the one place where a decompressor is chosen, for every reader. A truncated
    /// or corrupt stream makes a read fail with an `io::Error` after the bytes before the
    /// damage were returned (or, for the block-based bzip2 and xz, those before the damaged
    /// block), so that readers keep what came before.
    pub fn decoder<'a>(self, input: impl BufRead + Send + 'a) -> io::Result<Box<dyn Read + Send + 'a>> {
        Ok(match self {
            Compression::None => Box::new(input),
            Compression::Gzip => Box::new(MultiGzDecoder::new(input)),
            Compression::Bzip2 => Box::new(MultiBzDecoder::new(input)),
            Compression::Xz => Box::new(XzDecoder::new_multi_decoder(input)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(input)?),
        })
    }
}
