//! Saved web pages: one article per `.html` / `.htm` file (and, for WARC archives, per
//! HTML response).
//!
//! A news page is mostly not the article: menus, the site header and footer, "Читайте
//! також" boxes, share buttons, scripts and styles. The body is found by a port of Mozilla's
//! Readability (the `dom_smoothie` crate), which scores the page's blocks by text and link
//! density, rather than by rules written here for particular sites. The header comes from
//! the metadata news sites publish for social networks and search engines:
//!
//! - title: `og:title`, else the page's `<h1>`, else JSON-LD `headline`, else Readability's
//!   guess (the `<title>` usually carries the site's name: «Заголовок — Сайт»);
//! - date: `article:published_time`, else `<time datetime>`, else JSON-LD `datePublished`;
//! - url: `og:url`, else `<link rel=canonical>`; it is also the id, else the file's path;
//! - source: `og:site_name`.
//!
//! Encoding: one forced with `--encoding` (saved pages only), else a byte order mark, else
//! the charset the transport declared (a WARC record's HTTP header), else `<meta charset>`
//! or `<meta http-equiv=Content-Type>` near the top of the page, else UTF-8 if the page is
//! valid UTF-8, else the legacy code page the detector of `encoding.rs` guesses. A page
//! that is not valid in the encoding it ends up with (only UTF-8 can be invalid), or that
//! names an unknown charset, is skipped.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8};
use serde_json::Value;

use super::article::{Article, ArticleHeader, Origin};
use super::datetime::ArticleDateTime;
use super::discover::SourceFile;
use super::encoding::{detect_legacy, sniff, EncodingSource, TextEncoding};
use super::language::normalize_language;
use super::parsed::ParsedArticle;
use super::skip::{Skip, SkipReason};

/// How far into a page `<meta charset>` is looked for. The HTML standard says 1024 bytes;
/// saved news pages often put a long inline script or style before it, so more is read.
const CHARSET_SCAN_BYTES: usize = 8192;

/// Pages with more elements than this are not scored (Readability's cost grows with them);
/// a news article page has a few thousand.
const MAX_ELEMENTS: usize = 200_000;

/// A page holds an article only if some paragraph-like block has at least this many
/// characters (Readability's default, 140, would turn away the shortest news items).
const MIN_PARAGRAPH_CHARS: usize = 80;

/// Readability's first, strictest attempt (menus, "related" boxes and sidebars removed
/// before scoring) is kept if its text has at least this many characters; below that it
/// retries with looser rules that let such boxes back in. Its default, 500, is longer than
/// many news items.
const MIN_ARTICLE_CHARS: usize = 200;

/// What a page yields: its header fields and body, before an id and origin are given.
///
/// Exists so that `.html` files and WARC records share the extraction and differ only in
/// where the id, url and fallback date come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Page {
    /// `og:title`, `<h1>`, JSON-LD `headline` or Readability's guess.
    pub title: Option<String>,
    /// `article:published_time`, `<time datetime>` or JSON-LD `datePublished`, with the
    /// time and offset the page gave.
    pub date: Option<ArticleDateTime>,
    /// `og:site_name`.
    pub source: Option<String>,
    /// `og:url` or `<link rel=canonical>`.
    pub url: Option<String>,
    /// `<html lang>`, `Content-Language`, `og:locale` or JSON-LD `inLanguage`, normalised.
    pub language: Option<String>,
    /// Paragraphs separated by blank lines, never empty.
    pub text: String,
}

/// Reads a `.html` / `.htm` file into its article, with the page's encoding when it was
/// guessed by the detector (no BOM, no `charset`, not UTF-8), for `--report`.
pub(super) fn parse_html_file(bytes: &[u8], file: &SourceFile) -> Result<ParsedArticle, Skip> {
    let (html, encoding) =
        decode_page(bytes, None, file.options.encoding).map_err(|reason| Skip::file(&file.path, reason))?;
    let page = extract(&html).map_err(|reason| Skip::file(&file.path, reason))?;
    let article = Article {
        header: ArticleHeader {
            id: page.url.clone().unwrap_or_else(|| file.id_base()),
            title: page.title,
            date: page.date.map(|d| d.date()),
            published: page.date.filter(|d| d.time().is_some()),
            source: page.source,
            url: page.url,
            language: page.language,
        },
        text: page.text,
        origin: Origin {
            path: file.path.clone(),
            line: None,
            index: None,
        },
    };
    Ok(ParsedArticle {
        encoding: encoding.detected(),
        ..ParsedArticle::from(article)
    })
}

/// A date string found in a page (meta tag, `<time>`, JSON-LD, `WARC-Date`), with its
/// time and offset if it has them.
///
/// Exists as the one place that reads those strings: every form [`ArticleDateTime`]
/// reads (RFC 3339, RFC 2822 as in `WARC-Date` and RSS, Ukrainian month names, …); its
/// day is the day as written in the value's own offset (`2024-03-12T23:30:00-05:00` is
/// 12 March).
pub(super) fn page_date(s: &str) -> Option<ArticleDateTime> {
    ArticleDateTime::parse(s).ok()
}

/// The text of a page's bytes: see the module documentation for how the encoding is
/// chosen. `declared` is a charset named outside the page (an HTTP header).
pub(super) fn decode(bytes: &[u8], declared: Option<&str>) -> Result<String, SkipReason> {
    decode_page(bytes, declared, None).map(|(html, _)| html)
}

/// [`decode`] with an encoding `forced` by `--encoding` or not, also telling which encoding
/// was used and how it was found.
pub(super) fn decode_page(
    bytes: &[u8],
    declared: Option<&str>,
    forced: Option<&'static Encoding>,
) -> Result<(String, TextEncoding), SkipReason> {
    let encoding = page_encoding(bytes, declared, forced)?;
    let html = decode_as(encoding.encoding, &bytes[encoding.bom_len..], encoding.bom_len)?;
    Ok((html, encoding))
}

/// The encoding of a page by the rules of the module documentation; an unknown declared
/// charset is an error.
///
/// Exists apart from [`decode_page`] so that a report can ask how a page's encoding was
/// found without decoding it.
pub(super) fn page_encoding(
    bytes: &[u8],
    declared: Option<&str>,
    forced: Option<&'static Encoding>,
) -> Result<TextEncoding, SkipReason> {
    if forced.is_some() || Encoding::for_bom(bytes).is_some() {
        return Ok(sniff(bytes, true, forced));
    }
    let label = declared
        .map(str::to_string)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(CHARSET_SCAN_BYTES)]));
    let Some(label) = label else {
        // The whole page, not a sample: pages often open with tens of kilobytes of ASCII
        // scripts before any text, and one is held whole anyway.
        let (encoding, source) = if std::str::from_utf8(bytes).is_ok() {
            (UTF_8, EncodingSource::Utf8)
        } else {
            (detect_legacy(bytes, true), EncodingSource::Detected)
        };
        return Ok(TextEncoding {
            encoding,
            source,
            bom_len: 0,
        });
    };
    let encoding = match Encoding::for_label(label.trim().as_bytes()) {
        Some(e) => e,
        None => return Err(SkipReason::Unreadable(format!("unknown charset `{label}`"))),
    };
    // A page cannot declare itself UTF-16 from inside (its ASCII would not read); the
    // standard reads such pages as UTF-8.
    Ok(TextEncoding {
        encoding: encoding.output_encoding(),
        source: EncodingSource::Declared,
        bom_len: 0,
    })
}

/// `bytes` decoded as `encoding`; `offset` is where they start in the input, for messages.
fn decode_as(encoding: &'static Encoding, bytes: &[u8], offset: usize) -> Result<String, SkipReason> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(SkipReason::InvalidUtf8 {
                byte: offset + e.valid_up_to(),
            }),
        };
    }
    Ok(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// The charset named by the first `<meta>` tag of `head` that names one, either as
/// `<meta charset="…">` or as `<meta http-equiv="Content-Type" content="…; charset=…">`.
fn meta_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(label) = charset_param(tag) {
            return Some(label);
        }
        rest = &rest[at + 5..];
    }
    None
}

/// The value after `charset=` in `s` (a tag or a Content-Type value), without quotes.
pub(super) fn charset_param(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c == '>' || c.is_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// Extracts the article of a decoded page; a page without article text is `no-text`.
pub(super) fn extract(html: &str) -> Result<Page, SkipReason> {
    let doc = Document::from(html);
    let meta = |key: &str| {
        let found = doc
            .select(&format!(r#"meta[property="{key}"], meta[name="{key}"]"#))
            .iter()
            .find_map(|m| non_blank(m.attr("content").as_deref()));
        found
    };
    let ld = json_ld(&doc);
    let h1 = doc.select("h1").iter().find_map(|h| non_blank(Some(&h.text())));
    let time = doc
        .select("time[datetime]")
        .iter()
        .find_map(|t| non_blank(t.attr("datetime").as_deref()));
    let canonical = doc
        .select(r#"link[rel="canonical"]"#)
        .iter()
        .find_map(|l| non_blank(l.attr("href").as_deref()));

    let title = meta("og:title").or(h1).or_else(|| ld_string(&ld, "headline"));
    let date = [
        meta("article:published_time"),
        time,
        ld_string(&ld, "datePublished"),
    ]
    .into_iter()
    .flatten()
    .find_map(|s| page_date(&s));
    let url = meta("og:url").or(canonical);
    let source = meta("og:site_name");
    let language = doc
        .select("html[lang]")
        .iter()
        .find_map(|h| non_blank(h.attr("lang").as_deref()))
        .or_else(|| {
            doc.select("meta[http-equiv]")
                .iter()
                .filter(|m| {
                    m.attr("http-equiv")
                        .is_some_and(|v| v.eq_ignore_ascii_case("content-language"))
                })
                .find_map(|m| non_blank(m.attr("content").as_deref()))
        })
        .or_else(|| meta("og:locale"))
        .or_else(|| ld_string(&ld, "inLanguage"))
        .and_then(|l| normalize_language(&l));

    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        readable_min_content_length: MIN_PARAGRAPH_CHARS,
        // Any one such block will do (Readability's default asks for several).
        readable_min_score: 1.0,
        char_threshold: MIN_ARTICLE_CHARS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, None, Some(config))
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    // Without this check Readability's last attempt returns whatever text there is (a
    // menu, a cookie notice) for a page that holds no article.
    if !readability.is_probably_readable() {
        return Err(SkipReason::NoText);
    }
    let article = readability.parse().map_err(|_| SkipReason::NoText)?;
    let text = paragraphs(&article.text_content);
    if text.is_empty() {
        return Err(SkipReason::NoText);
    }
    let title = title.or_else(|| non_blank(Some(&article.title)));
    Ok(Page {
        title: title.map(|t| collapse_spaces(&t)),
        date,
        source,
        url,
        language,
        text,
    })
}

/// `s` trimmed, if it has anything but whitespace.
fn non_blank(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// `s` with every run of whitespace (a headline split over lines) as one space.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Readability's text as the article body: lines trimmed, spaces collapsed, runs of blank
/// lines as one blank line between paragraphs.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = collapse_spaces(line);
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        blank = false;
    }
    out
}

/// Every JSON-LD block of the page that parses.
fn json_ld(doc: &Document) -> Vec<Value> {
    doc.select(r#"script[type="application/ld+json"]"#)
        .iter()
        .filter_map(|s| serde_json::from_str(s.text().trim()).ok())
        .collect()
}

/// The first string (or first string of an array) under `key` in the JSON-LD blocks,
/// looking into arrays and `@graph` lists.
fn ld_string(blocks: &[Value], key: &str) -> Option<String> {
    fn find(v: &Value, key: &str, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match v {
            Value::Object(map) => {
                let direct = match map.get(key) {
                    Some(Value::String(s)) => non_blank(Some(s)),
                    Some(Value::Array(items)) => items.iter().find_map(|i| non_blank(i.as_str())),
                    _ => None,
                };
                direct.or_else(|| map.values().find_map(|v| find(v, key, depth + 1)))
            }
            Value::Array(items) => items.iter().find_map(|v| find(v, key, depth + 1)),
            _ => None,
        }
    }
    blocks.iter().find_map(|b| find(b, key, 0))
}

#[cfg(test)]
#[path = "html_format_tests.rs"]
mod tests;
