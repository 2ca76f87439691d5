//! Tests of [`super`]: Ukrainian text written here in each encoding with encoding_rs's
//! encoders (or by hand for UTF-16, which encoding_rs does not encode).

use std::io::{self, BufRead, Read};

use encoding_rs::{KOI8_U, UTF_16BE, UTF_16LE, WINDOWS_1251};

use super::*;

/// A few sentences of news, with the letters only Ukrainian has (і, ї, є, ґ).
const NEWS: &str = "Житомирська міська рада затвердила програму ремонту шкіл. \
    У селищі відкрили новий ґанок бібліотеки, де щосуботи збираються читачі. \
    Їхні діти вчаться в оновлених класах, а вчителі отримали нові підручники. \
    Фермери Полтавщини зібрали рекордний урожай пшениці та ячменю цього літа.";

fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, used, unmappable) = encoding.encode(text);
    assert_eq!(used, encoding, "encoding_rs encodes {}", encoding.name());
    assert!(!unmappable, "the text fits {}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        out.extend_from_slice(&pair);
    }
    out
}

#[test]
fn legacy_cyrillic_is_detected() {
    for encoding in [WINDOWS_1251, KOI8_U] {
        let found = sniff(&encoded(NEWS, encoding), true, None);
        assert_eq!(found.encoding, encoding, "got {}", found.encoding.name());
        assert_eq!(found.source, EncodingSource::Detected);
        assert_eq!(found.detected(), Some(encoding));
        assert_eq!(found.bom_len, 0);
    }
}

#[test]
fn a_short_cp1251_title_is_still_cyrillic() {
    let found = sniff(&encoded("Новини Києва\n\nТекст.", WINDOWS_1251), true, None);
    assert_eq!(found.encoding, WINDOWS_1251);
}

#[test]
fn byte_order_marks() {
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(NEWS.as_bytes());
    for (bytes, encoding, bom_len) in [
        (utf8, UTF_8, 3),
        (utf16(NEWS, true), UTF_16LE, 2),
        (utf16(NEWS, false), UTF_16BE, 2),
    ] {
        let found = sniff(&bytes, true, None);
        assert_eq!(
            (found.encoding, found.source, found.bom_len),
            (encoding, EncodingSource::ByteOrderMark, bom_len)
        );
        assert_eq!(found.detected(), None);
    }
}

#[test]
fn utf8_without_bom_and_a_sample_cut_mid_character() {
    let bytes = NEWS.as_bytes();
    assert_eq!(sniff(bytes, true, None).source, EncodingSource::Utf8);
    // Every cut, including those inside a two-byte letter, is still UTF-8 when the sample
    // is not the whole file.
    for cut in 1..bytes.len() {
        let found = sniff(&bytes[..cut], false, None);
        assert_eq!(found.encoding, UTF_8, "cut at {cut}");
        assert_eq!(found.detected(), None);
    }
    // A two-letter file cut inside its last letter is not a sample: one bad sequence
    // among too few letters is not UTF-8.
    let short = "Ки".as_bytes();
    assert_eq!(sniff(&short[..3], false, None).encoding, UTF_8);
    assert_ne!(sniff(&short[..3], true, None).encoding, UTF_8);
}

#[test]
fn a_damaged_byte_in_utf8_text_stays_utf8() {
    let mut bytes = NEWS.as_bytes().to_vec();
    bytes.extend_from_slice(b" \xd6\xe5\xed\xe8 "); // one cp1251 word in a UTF-8 file
    bytes.extend_from_slice(NEWS.as_bytes());
    let found = sniff(&bytes, true, None);
    assert_eq!((found.encoding, found.source), (UTF_8, EncodingSource::Utf8));
}

#[test]
fn a_forced_encoding_wins() {
    let cp1251 = encoded(NEWS, WINDOWS_1251);
    let found = sniff(&cp1251, true, Some(KOI8_U));
    assert_eq!((found.encoding, found.source), (KOI8_U, EncodingSource::Forced));
    assert_eq!(found.detected(), None);
    // Over valid UTF-8 and over a BOM of another encoding too; its own BOM is dropped.
    assert_eq!(
        sniff(NEWS.as_bytes(), true, Some(WINDOWS_1251)).encoding,
        WINDOWS_1251
    );
    let le = utf16(NEWS, true);
    let forced = sniff(&le, true, Some(WINDOWS_1251));
    assert_eq!((forced.encoding, forced.bom_len), (WINDOWS_1251, 0));
    assert_eq!(sniff(&le, true, Some(UTF_16LE)).bom_len, 2);
}

/// A reader that hands out `step` bytes at a time, then fails with `error` if given.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
    error: Option<io::Error>,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.bytes.len() {
            return match self.error.take() {
                Some(e) => Err(e),
                None => Ok(0),
            };
        }
        let n = self.step.min(buf.len()).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn trickle(bytes: Vec<u8>, step: usize) -> Trickle {
    Trickle {
        bytes,
        at: 0,
        step,
        error: None,
    }
}

#[test]
fn streaming_decoding_across_every_chunk_boundary() {
    let long: String = (0..400).map(|i| format!("{i}. {NEWS}\r\n")).collect();
    for (bytes, encoding) in [
        (encoded(&long, WINDOWS_1251), WINDOWS_1251),
        (encoded(&long, KOI8_U), KOI8_U),
        (utf16(&long, true)[2..].to_vec(), UTF_16LE),
        (utf16(&long, false)[2..].to_vec(), UTF_16BE),
    ] {
        for step in [1, 3, 4096, 1 << 20] {
            let mut out = String::new();
            Utf8Decoder::new(trickle(bytes.clone(), step), encoding)
                .read_to_string(&mut out)
                .unwrap();
            assert!(out == long, "{} in steps of {step}", encoding.name());
        }
    }
}

#[test]
fn lines_of_a_decoded_stream_keep_their_crlf_for_the_reader() {
    let text = "Перший рядок\r\nДругий рядок\r\n";
    let mut decoder = Utf8Decoder::new(trickle(encoded(text, WINDOWS_1251), 5), WINDOWS_1251);
    let mut lines = Vec::new();
    let mut line = Vec::new();
    while decoder.read_until(b'\n', &mut line).unwrap() > 0 {
        lines.push(String::from_utf8(std::mem::take(&mut line)).unwrap());
    }
    assert_eq!(lines, ["Перший рядок\r\n", "Другий рядок\r\n"]);
}

#[test]
fn an_error_of_the_stream_comes_after_the_text_before_it() {
    let mut source = trickle(encoded("Рядок один\nРядок два\n", WINDOWS_1251), 7);
    source.error = Some(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
    let mut decoder = Utf8Decoder::new(source, WINDOWS_1251);
    let mut line = String::new();
    decoder.read_line(&mut line).unwrap();
    assert_eq!(line, "Рядок один\n");
    line.clear();
    decoder.read_line(&mut line).unwrap();
    assert_eq!(line, "Рядок два\n");
    line.clear();
    let err = decoder.read_line(&mut line).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
}
