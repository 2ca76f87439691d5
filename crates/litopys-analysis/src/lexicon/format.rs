//! On-disk layout of the lexicon file (one self-describing file).
//!
//! ```text
//! 0    magic            8 bytes  b"LITOLEX\0"
//! 8    format version   u32 LE   (VERSION)
//! 12   fingerprint      16 ASCII hex chars (sha256 of the sections, truncated)
//! 28   source length    u16 LE, then the UTF-8 source description
//! ..   zero padding to a multiple of 8
//! ..   section table    SECTION_COUNT × (offset u64 LE, length u64 LE), absolute offsets
//! ..   sections, each starting at a multiple of 8:
//!      FST        fst::Map: normalised form -> reading-set id
//!      TAGS       u64 LE per distinct Tags value
//!      XF_INDEX   u32 LE per transform + 1: offsets into XF_DATA
//!      XF_DATA    per transform: cut:u8 (bytes removed from the form's end; 255 = all), appended UTF-8
//!      READINGS   per distinct reading: transform id u32 LE, tags id u16 LE
//!      SET_INDEX  u32 LE per reading set + 1: offsets (in entries) into SET_DATA
//!      SET_DATA   reading ids, u32 LE each, ascending within a set
//! ```
//! All integers are little-endian and read with bounds checks, so a
//! truncated or corrupt file yields errors or missing readings, never a panic.

use super::tags::Tags;
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

/// File magic: identifies a Litopys lexicon regardless of its name.
pub(crate) const MAGIC: [u8; 8] = *b"LITOLEX\0";
/// Bumped whenever the layout or the meaning of `Tags` bits changes.
pub(crate) const VERSION: u32 = 3;
/// Length of the hex fingerprint stored in the header.
pub(crate) const FINGERPRINT_LEN: usize = 16;
/// `cut` value meaning "remove the whole form" (as in morfologik's SUFFIX encoder).
pub(crate) const CUT_ALL: u8 = 255;
/// Bytes per entry of the READINGS section.
pub(crate) const READING_SIZE: usize = 6;

/// Index of the fst in the section table (see the layout above for the rest).
pub(crate) const FST_SECTION: usize = 0;
/// Number of sections.
pub(crate) const SECTION_COUNT: usize = 7;

/// Why a header could not be parsed (mapped to `LexiconError` with the path).
#[derive(Debug)]
pub(crate) enum HeaderError {
    BadMagic,
    Version(u32),
    Corrupt(String),
}

/// The parsed header of a lexicon file.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub fingerprint: String,
    pub source: String,
    pub sections: [Range<usize>; SECTION_COUNT],
}

fn pad8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// Fingerprint of the content: first 8 bytes of sha256 over the version and
/// the sections (with their lengths), as hex.
pub(crate) fn fingerprint(sections: &[&[u8]; SECTION_COUNT]) -> String {
    let mut h = Sha256::new();
    h.update(VERSION.to_le_bytes());
    for s in sections {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s);
    }
    h.finalize()[..FINGERPRINT_LEN / 2]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a complete lexicon file; returns (fingerprint, bytes written).
pub(crate) fn write(
    w: &mut impl Write,
    source: &str,
    sections: &[&[u8]; SECTION_COUNT],
) -> io::Result<(String, u64)> {
    let mut source = source;
    while source.len() > u16::MAX as usize {
        // Truncate at a char boundary; the source is descriptive only.
        let mut end = u16::MAX as usize;
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        source = &source[..end];
    }
    let fp = fingerprint(sections);
    let mut head = Vec::with_capacity(256);
    head.extend_from_slice(&MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    head.extend_from_slice(fp.as_bytes());
    head.extend_from_slice(&(source.len() as u16).to_le_bytes());
    head.extend_from_slice(source.as_bytes());
    head.resize(pad8(head.len()), 0);
    let mut offset = head.len() + SECTION_COUNT * 16;
    for s in sections {
        head.extend_from_slice(&(offset as u64).to_le_bytes());
        head.extend_from_slice(&(s.len() as u64).to_le_bytes());
        offset = pad8(offset + s.len());
    }
    w.write_all(&head)?;
    let mut written = head.len();
    for (i, s) in sections.iter().enumerate() {
        w.write_all(s)?;
        let last = i + 1 == SECTION_COUNT;
        let pad = if last {
            0
        } else {
            pad8(written + s.len()) - written - s.len()
        };
        w.write_all(&[0u8; 8][..pad])?;
        written += s.len() + pad;
    }
    Ok((fp, written as u64))
}

/// Parses and validates the header against the file length.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<Header, HeaderError> {
    let corrupt = |m: &str| HeaderError::Corrupt(m.to_string());
    if bytes.len() < 8 || bytes[..8] != MAGIC {
        return Err(HeaderError::BadMagic);
    }
    let version = read_u32(bytes, 8).ok_or_else(|| corrupt("truncated header"))?;
    if version != VERSION {
        return Err(HeaderError::Version(version));
    }
    let fp = bytes
        .get(12..12 + FINGERPRINT_LEN)
        .ok_or_else(|| corrupt("truncated header"))?;
    let fingerprint = std::str::from_utf8(fp)
        .ok()
        .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| corrupt("bad fingerprint"))?
        .to_string();
    let src_len = read_u16(bytes, 28).ok_or_else(|| corrupt("truncated header"))? as usize;
    let source = bytes
        .get(30..30 + src_len)
        .ok_or_else(|| corrupt("truncated header"))?;
    let source = String::from_utf8(source.to_vec()).map_err(|_| corrupt("source is not UTF-8"))?;
    let table = pad8(30 + src_len);
    let mut sections: [Range<usize>; SECTION_COUNT] = Default::default();
    for (i, section) in sections.iter_mut().enumerate() {
        let at = table + i * 16;
        let (Some(off), Some(len)) = (read_u64(bytes, at), read_u64(bytes, at + 8)) else {
            return Err(corrupt("truncated section table"));
        };
        let end = off.checked_add(len).filter(|&e| e <= bytes.len() as u64);
        let end = end.ok_or_else(|| corrupt("section extends past the end of the file (truncated?)"))?;
        *section = off as usize..end as usize;
    }
    Ok(Header {
        fingerprint,
        source,
        sections,
    })
}

/// The builder's interned data, ready to be serialised by [`write_contents`].
pub(crate) struct Contents<'a> {
    pub fst: &'a [u8],
    pub tags: &'a [Tags],
    /// (cut, appended text) per transform id.
    pub transforms: Vec<(u8, &'a str)>,
    /// (transform id, tags id) per reading id.
    pub readings: &'a [(u32, u32)],
    /// Ascending reading ids per reading-set id.
    pub sets: &'a [Vec<u32>],
}

/// Serialises the contents as a complete file; returns (fingerprint, file
/// bytes, bytes of the tables after the fst).
pub(crate) fn write_contents(
    w: &mut impl Write,
    source: &str,
    c: &Contents<'_>,
) -> io::Result<(String, u64, usize)> {
    if c.tags.len() > u16::MAX as usize + 1 {
        return Err(io::Error::other("more than 65536 distinct tag values"));
    }
    let tags: Vec<u8> = c.tags.iter().flat_map(|t| t.0.to_le_bytes()).collect();
    let (mut xf_index, mut xf_data) = (0u32.to_le_bytes().to_vec(), Vec::new());
    for (cut, append) in &c.transforms {
        xf_data.push(*cut);
        xf_data.extend_from_slice(append.as_bytes());
        xf_index.extend_from_slice(&(xf_data.len() as u32).to_le_bytes());
    }
    let mut readings = Vec::with_capacity(c.readings.len() * READING_SIZE);
    for &(transform, tag) in c.readings {
        readings.extend_from_slice(&transform.to_le_bytes());
        readings.extend_from_slice(&(tag as u16).to_le_bytes());
    }
    let (mut set_index, mut set_data) = (0u32.to_le_bytes().to_vec(), Vec::new());
    for set in c.sets {
        set.iter()
            .for_each(|r| set_data.extend_from_slice(&r.to_le_bytes()));
        set_index.extend_from_slice(&((set_data.len() / 4) as u32).to_le_bytes());
    }
    // In `Section` order.
    let sections = [
        c.fst, &tags, &xf_index, &xf_data, &readings, &set_index, &set_data,
    ];
    let table_bytes = sections[1..].iter().map(|s| s.len()).sum();
    let (fingerprint, file_bytes) = write(w, source, &sections)?;
    Ok((fingerprint, file_bytes, table_bytes))
}

/// What a lexicon's bytes live in.
pub(crate) enum Backing {
    Mmap(memmap2::Mmap),
    Owned(Vec<u8>),
}

/// Shared, cheaply cloneable view of a byte range of the backing file; the
/// fst map needs an owned `AsRef<[u8]>`.
#[derive(Clone)]
pub(crate) struct Bytes {
    pub data: Arc<Backing>,
    pub range: Range<usize>,
}

impl Bytes {
    /// The whole backing buffer.
    pub fn new(backing: Backing) -> Bytes {
        let len = match &backing {
            Backing::Mmap(m) => m.len(),
            Backing::Owned(v) => v.len(),
        };
        Bytes {
            data: Arc::new(backing),
            range: 0..len,
        }
    }

    /// A sub-range (relative to the whole buffer) sharing the same backing.
    pub fn slice(&self, range: Range<usize>) -> Bytes {
        Bytes {
            data: self.data.clone(),
            range,
        }
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        let all: &[u8] = match &*self.data {
            Backing::Mmap(m) => m,
            Backing::Owned(v) => v,
        };
        &all[self.range.clone()]
    }
}

/// Bounds-checked reader of the reading tables of a lexicon file.
pub(crate) struct Tables<'a> {
    s: [&'a [u8]; SECTION_COUNT],
}

impl<'a> Tables<'a> {
    /// `sections` must come from `parse_header(file)` (ranges within `file`).
    pub fn new(file: &'a [u8], sections: &[Range<usize>; SECTION_COUNT]) -> Self {
        Tables {
            s: std::array::from_fn(|i| &file[sections[i].clone()]),
        }
    }

    /// Calls `f(lemma, tags)` for every reading in reading set `set` of `form`;
    /// entries that do not decode (corrupt file) are skipped.
    pub fn for_each(&self, set: u64, form: &str, f: &mut impl FnMut(&str, Tags)) {
        let [_, tags, xf_index, xf_data, readings, set_index, set_data] = self.s;
        let set = set as usize;
        let (Some(start), Some(end)) = (read_u32(set_index, set * 4), read_u32(set_index, set * 4 + 4))
        else {
            return;
        };
        let mut buf = String::new();
        for k in start as usize..end as usize {
            let reading = || {
                let r = read_u32(set_data, k * 4)? as usize * READING_SIZE;
                let (xf, tag) = (read_u32(readings, r)? as usize, read_u16(readings, r + 4)?);
                let tags = Tags(read_u64(tags, tag as usize * 8)?);
                let xs = read_u32(xf_index, xf * 4)? as usize;
                let xe = read_u32(xf_index, xf * 4 + 4)? as usize;
                let append = std::str::from_utf8(xf_data.get(xs + 1..xe)?).ok()?;
                Some((*xf_data.get(xs)?, append, tags))
            };
            if let Some((cut, append, tags)) = reading() {
                if let Some(lemma) = apply_transform(form, cut, append, &mut buf) {
                    f(lemma, tags);
                }
            }
        }
    }
}

/// Reconstructs a lemma from its form and a suffix transform (`cut` bytes
/// removed, `append` added). Borrows the form when nothing is appended; uses
/// `buf` otherwise. `None` when `cut` does not fit the form (corrupt data).
pub(crate) fn apply_transform<'a>(
    form: &'a str,
    cut: u8,
    append: &'a str,
    buf: &'a mut String,
) -> Option<&'a str> {
    let keep = if cut == CUT_ALL {
        0
    } else {
        form.len().checked_sub(cut as usize)?
    };
    let stem = form.get(..keep)?;
    if append.is_empty() {
        return Some(stem);
    }
    if stem.is_empty() {
        return Some(append);
    }
    buf.clear();
    buf.push_str(stem);
    buf.push_str(append);
    Some(buf.as_str())
}

/// Computes the suffix transform turning `form` into `lemma`: cut at the end
/// of their longest common prefix (on a char boundary).
pub(crate) fn make_transform<'a>(form: &str, lemma: &'a str) -> (u8, &'a str) {
    let mut prefix = 0;
    for ((i, a), b) in form.char_indices().zip(lemma.chars()) {
        if a != b {
            break;
        }
        prefix = i + a.len_utf8();
    }
    let cut = form.len() - prefix;
    if cut >= CUT_ALL as usize {
        (CUT_ALL, lemma)
    } else {
        (cut as u8, &lemma[prefix..])
    }
}

/// Reads a little-endian u16 at `at`, `None` if out of bounds.
pub(crate) fn read_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// Reads a little-endian u32 at `at`, `None` if out of bounds.
pub(crate) fn read_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Reads a little-endian u64 at `at`, `None` if out of bounds.
pub(crate) fn read_u64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let data: [&[u8]; SECTION_COUNT] = [b"fst!", b"", b"abc", b"0123456789", b"x", b"", b"yz"];
        let mut out = vec![];
        let (fp, n) = write(&mut out, "src ✓", &data).unwrap();
        assert_eq!(n as usize, out.len());
        let h = parse_header(&out).unwrap();
        assert_eq!(
            (h.fingerprint.as_str(), h.source.as_str()),
            (fp.as_str(), "src ✓")
        );
        for (r, d) in h.sections.iter().zip(data) {
            assert_eq!(&out[r.clone()], d);
            assert_eq!(r.start % 8, 0);
        }
        assert!(matches!(
            parse_header(&out[..out.len() - 3]),
            Err(HeaderError::Corrupt(_))
        ));
        let mut v2 = out.clone();
        v2[8] = 99;
        assert!(matches!(parse_header(&v2), Err(HeaderError::Version(99))));
        assert!(matches!(parse_header(b"nonsense"), Err(HeaderError::BadMagic)));
    }
}
