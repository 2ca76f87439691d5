//! WARC web archives (`.warc`, `.warc.gz`): what crawlers (Heritrix, wget, browsertrix,
//! Common Crawl) save, each fetched page a `response` record holding the HTTP response.
//!
//! Every `response` record whose HTTP status is 200 and whose `Content-Type` is `text/html`
//! or `application/xhtml+xml` is an article, read as a saved page is
//! ([`super::html_format`]); its id and url are the record's `WARC-Target-URI`, its date
//! the page's, else the record's `WARC-Date`. Every other record (warcinfo, request,
//! metadata, revisit, images, redirects, errors) is passed over without a word.
//!
//! Records are read one at a time from a stream (gunzipped for `.warc.gz`, one gzip member
//! per record or one for the whole file; `.warc.bz2`, `.warc.xz` and `.warc.zst` as one
//! stream): only the HTML page being read is held, other
//! blocks are read past. A record's position is its 1-based number in the file (kept in
//! [`Origin::line`], so skips and duplicates show `crawl.warc.gz:3`), which is the same on
//! every run. The WARC header lines are parsed by the `warc` crate; a record whose header
//! does not parse, or that is cut short, is a skip naming its number, and the file stops
//! there (its length can no longer be trusted); the records before it are kept.

use std::io::{self, BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};

use super::article::{Article, ArticleHeader, Origin};
use super::compression::Compression;
use super::discover::SourceFile;
use super::html_format::{charset_param, decode, extract, page_date};
use super::open::{io_message, open_stream, stream_broke};
use super::skip::{Skip, SkipReason};

/// A WARC header block larger than this is taken as garbage, not a record.
const MAX_HEAD_BYTES: usize = 1 << 20;

/// An HTTP header block larger than this is not a page's.
const MAX_HTTP_HEAD_BYTES: u64 = 256 << 10;

/// A page (the HTTP body, before decompression) larger than this is skipped: no news
/// article is that long, and it would all be held.
const MAX_PAGE_BYTES: u64 = 64 << 20;

/// How one record ended, for the loop over records.
enum Outcome {
    /// An article, or the skip of an HTML page without one; the file goes on.
    Emit(Result<Article, Skip>),
    /// Not an article; the file goes on.
    Pass,
    /// The stream is broken here: report this and stop reading the file.
    Stop(Skip),
}

/// Reads every article of a `.warc` / `.warc.gz` file, calling `emit` in record order.
pub(super) fn read_warc(file: &SourceFile, emit: &mut dyn FnMut(Result<Article, Skip>)) {
    let mut input = match open_stream(file) {
        Ok(input) => input,
        Err(e) => {
            return emit(Err(Skip::file(
                &file.path,
                SkipReason::Unreadable(io_message(&e)),
            )))
        }
    };
    for number in 1.. {
        match read_record(&mut *input, file, number) {
            Ok(Outcome::Emit(r)) => emit(r),
            Ok(Outcome::Pass) => {}
            Ok(Outcome::Stop(skip)) => return emit(Err(skip)),
            Err(End) => return,
        }
    }
}

/// The clean end of the file (no bytes after the last record but blank lines).
struct End;

/// Reads record `number` (its header, then its block) from `input`.
fn read_record(input: &mut dyn BufRead, file: &SourceFile, number: usize) -> Result<Outcome, End> {
    let broken = |what: String| {
        Outcome::Stop(Skip::at_line(
            &file.path,
            number,
            SkipReason::Unreadable(format!("WARC record {number} {what}")),
        ))
    };
    let io_broken = |e: io::Error| {
        let reason = match file.compression {
            Compression::None => SkipReason::Unreadable(format!("WARC record {number}: {}", io_message(&e))),
            _ => stream_broke(file, format!("in WARC record {number}: {}", io_message(&e))),
        };
        Outcome::Stop(Skip::at_line(&file.path, number, reason))
    };
    let head = match read_head(input) {
        Ok(Some(head)) => head,
        Ok(None) => return Err(End),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(broken(e.to_string())),
        Err(e) => return Ok(io_broken(e)),
    };
    let (fields, length) = match warc::parser::headers(&head) {
        Ok((_, (_version, fields, length))) => (fields, length as u64),
        Err(_) => return Ok(broken("has a malformed header".into())),
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| String::from_utf8_lossy(v).trim().to_string())
    };
    let mut block = input.take(length);
    let is_response = field("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
    let outcome = if is_response {
        match read_page(&mut block) {
            Ok(Some(Ok(payload))) => {
                let target = field("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
                let warc_date = field("WARC-Date");
                Outcome::Emit(article(payload, target, warc_date, file, number))
            }
            Ok(Some(Err(reason))) => Outcome::Emit(Err(Skip::at_line(&file.path, number, reason))),
            Ok(None) => Outcome::Pass,
            Err(e) => return Ok(io_broken(e)),
        }
    } else {
        Outcome::Pass
    };
    // Whatever of the block was not read (a request, an image, the rest of a large page).
    if let Err(e) = io::copy(&mut block, &mut io::sink()) {
        return Ok(io_broken(e));
    }
    if block.limit() > 0 {
        let got = length - block.limit();
        return Ok(broken(format!(
            "is truncated: its block has {got} of the {length} bytes of its Content-Length"
        )));
    }
    Ok(outcome)
}

/// The header block of the next record (from `WARC/` to its blank line), skipping the
/// blank lines that end the previous record; `None` at the end of the file.
fn read_head(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    loop {
        let start = head.len();
        let n = input.read_until(b'\n', &mut head)?;
        let line = &head[start..];
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "is truncated in its header",
                ))
            };
        }
        let blank = line == b"\r\n" || line == b"\n";
        if blank && start == 0 {
            head.clear();
        } else if blank {
            return Ok(Some(head));
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "has a header of more than 1 MiB (not a WARC record)",
            ));
        }
    }
}

/// What an HTML page's payload is: the page's bytes and the charset its HTTP header names.
struct Payload {
    bytes: Vec<u8>,
    charset: Option<String>,
}

/// Reads an HTTP response from a record's block: `None` if it is not an HTML page with
/// status 200 (the rest of the block is left unread); the page, or why it cannot be read,
/// otherwise. `Err` only when the stream itself fails.
fn read_page(block: &mut dyn BufRead) -> io::Result<Option<Result<Payload, SkipReason>>> {
    let mut limited = (&mut *block).take(MAX_HTTP_HEAD_BYTES);
    let mut first = Vec::new();
    limited.read_until(b'\n', &mut first)?;
    let status_line = String::from_utf8_lossy(&first);
    let mut parts = status_line.split_whitespace();
    if !parts.next().is_some_and(|p| p.starts_with("HTTP/")) || parts.next() != Some("200") {
        return Ok(None);
    }
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if limited.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        head.push(String::from_utf8_lossy(&line).trim().to_string());
    }
    let header = |name: &str| {
        head.iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    let content_type = header("Content-Type").unwrap_or_default();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media != "text/html" && media != "application/xhtml+xml" {
        return Ok(None);
    }
    let mut body = Vec::new();
    block.take(MAX_PAGE_BYTES + 1).read_to_end(&mut body)?;
    if body.len() as u64 > MAX_PAGE_BYTES {
        return Ok(Some(Err(SkipReason::Unreadable(
            "page larger than 64 MiB".into(),
        ))));
    }
    let chunked = header("Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    let encoding = header("Content-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => match inflate(MultiGzDecoder::new(&body[..])) {
            Ok(b) => b,
            Err(m) => return Ok(Some(Err(SkipReason::BadGzip(m)))),
        },
        "deflate" => match inflate(ZlibDecoder::new(&body[..])) {
            Ok(b) => b,
            Err(m) => return Ok(Some(Err(SkipReason::BadGzip(m)))),
        },
        other => {
            let m = format!("page compressed as `{other}`, which is not read");
            return Ok(Some(Err(SkipReason::Unreadable(m))));
        }
    };
    let charset = charset_param(&content_type);
    Ok(Some(Ok(Payload { bytes, charset })))
}

/// A compressed page decompressed, at most [`MAX_PAGE_BYTES`] of it.
fn inflate(decoder: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(MAX_PAGE_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| format!("the page's Content-Encoding: {e}"))?;
    Ok(out)
}

/// The body of an HTTP message sent with `Transfer-Encoding: chunked`, joined; what was
/// received of it if the chunks are cut short.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(end) = body.iter().position(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(&body[..end]);
        let size = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            break;
        };
        body = &body[end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(body.len());
        out.extend_from_slice(&body[..take]);
        body = &body[take..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
    out
}

/// The article of record `number`'s page.
fn article(
    payload: Payload,
    target: Option<String>,
    warc_date: Option<String>,
    file: &SourceFile,
    number: usize,
) -> Result<Article, Skip> {
    let skip = |reason| Skip::at_line(&file.path, number, reason);
    let html = decode(&payload.bytes, payload.charset.as_deref()).map_err(skip)?;
    let page = extract(&html).map_err(skip)?;
    let target = target.filter(|t| !t.is_empty());
    Ok(Article {
        header: ArticleHeader {
            id: target
                .clone()
                .unwrap_or_else(|| format!("{}:{number}", file.id_base())),
            title: page.title,
            // The crawl's own date is the day of last resort, never a time of publication.
            date: page
                .date
                .or_else(|| warc_date.as_deref().and_then(page_date))
                .map(|d| d.date()),
            published: page.date.filter(|d| d.time().is_some()),
            source: page.source,
            url: target.or(page.url),
            language: page.language,
        },
        text: page.text,
        origin: Origin {
            path: file.path.clone(),
            line: Some(number),
            index: None,
        },
    })
}

#[cfg(test)]
#[path = "warc_format_tests.rs"]
mod tests;
