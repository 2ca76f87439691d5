//! Tests of [`super`]: a small crawl written here record by record, plain and gzipped per
//! record as crawlers write it.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::*;
use crate::corpus::Format;

/// A news page with a menu and a footer around `paragraphs`; `date` as
/// `article:published_time` if given.
fn page(title: &str, date: Option<&str>, paragraphs: &[&str]) -> String {
    let date = date
        .map(|d| format!(r#"<meta property="article:published_time" content="{d}">"#))
        .unwrap_or_default();
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<html><head><meta charset="utf-8"><title>{title} | Сайт</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Київські вісті">{date}
<script>var лічильник = 1;</script></head><body>
<nav class="menu"><ul><li><a href="/">Менюголовна</a></li><li><a href="/a">Менюспорт</a></li></ul></nav>
<article><h1>{title}</h1>{body}</article>
<footer class="footer">Підвалсайту, усі права захищено</footer></body></html>"#
    )
}

const BRIDGE: [&str; 3] = [
    "Міська рада затвердила план ремонту Подільського мосту, роботи почнуться навесні й триватимуть два роки.",
    "Підрядника обрали на відкритих торгах, а вартість робіт оцінили у чотириста мільйонів гривень.",
    "На час ремонту рух громадського транспорту частково перенаправлять через сусідні мости міста.",
];

const LIBRARY: [&str; 3] = [
    "У Житомирі після реконструкції відкрили обласну бібліотеку для дітей з новою читальною залою.",
    "Бібліотекарі обіцяють щосуботи проводити голосні читання та майстер-класи для молодших школярів.",
    "Кошти на оновлення приміщення зібрали громада міста та меценати протягом минулого року.",
];

/// One WARC record: its header fields, then `block`.
fn record(kind: &str, n: usize, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nWARC-Date: 2024-05-0{n}T10:00:00Z\r\n");
    if let Some(uri) = uri {
        out.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    out.push_str(&format!(
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response with `status`, `content_type` and `body`.
fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

const RESPONSE: &str = "application/http; msgtype=response";

/// A crawl: warcinfo, request, two HTML pages (the second undated), an image, a redirect.
fn crawl() -> Vec<Vec<u8>> {
    let bridge = page(
        "Подільський міст відремонтують за два роки",
        Some("2024-04-30T08:00:00+03:00"),
        &BRIDGE,
    );
    let library = page("У Житомирі відкрили оновлену дитячу бібліотеку", None, &LIBRARY);
    vec![
        record(
            "warcinfo",
            1,
            None,
            "application/warc-fields",
            b"software: test-crawler\r\nformat: WARC 1.1\r\n",
        ),
        record(
            "request",
            2,
            Some("https://kyiv.example.ua/mist"),
            "application/http; msgtype=request",
            b"GET /mist HTTP/1.1\r\nHost: kyiv.example.ua\r\n\r\n",
        ),
        record(
            "response",
            3,
            Some("https://kyiv.example.ua/mist"),
            RESPONSE,
            &http("200 OK", "text/html; charset=UTF-8", bridge.as_bytes()),
        ),
        record(
            "response",
            4,
            Some("https://kyiv.example.ua/logo.png"),
            RESPONSE,
            &http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0"),
        ),
        record(
            "response",
            5,
            Some("https://kyiv.example.ua/old"),
            RESPONSE,
            &http(
                "301 Moved Permanently",
                "text/html",
                page("Переїхали", None, &BRIDGE).as_bytes(),
            ),
        ),
        record(
            "response",
            6,
            Some("https://zhytomyr.example.ua/biblioteka"),
            RESPONSE,
            &http("200 OK", "text/html", library.as_bytes()),
        ),
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Reads `bytes` written to `dir/name`.
fn read(dir: &Path, name: &str, bytes: &[u8]) -> Vec<Result<Article, Skip>> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let file = SourceFile {
        size: bytes.len() as u64,
        modified: None,
        format: Format::from_path(&path).unwrap(),
        compression: crate::corpus::Compression::from_path(&path),
        options: Default::default(),
        root: dir.to_path_buf(),
        path,
    };
    let mut out = Vec::new();
    read_warc(&file, &mut |r| out.push(r));
    out
}

fn assert_two_articles(results: &[Result<Article, Skip>]) {
    assert_eq!(results.len(), 2, "{results:?}");
    let a = results[0].as_ref().unwrap();
    assert_eq!(a.id, "https://kyiv.example.ua/mist");
    assert_eq!(a.url.as_deref(), Some("https://kyiv.example.ua/mist"));
    assert_eq!(
        a.title.as_deref(),
        Some("Подільський міст відремонтують за два роки")
    );
    assert_eq!(a.date.unwrap().to_string(), "2024-04-30");
    assert_eq!(a.source.as_deref(), Some("Київські вісті"));
    assert_eq!(a.origin.line, Some(3));
    assert!(a.text.contains("вартість робіт оцінили"), "{}", a.text);
    let b = results[1].as_ref().unwrap();
    assert_eq!(b.id, "https://zhytomyr.example.ua/biblioteka");
    assert_eq!(
        b.title.as_deref(),
        Some("У Житомирі відкрили оновлену дитячу бібліотеку")
    );
    assert_eq!(b.date.unwrap().to_string(), "2024-05-06", "from WARC-Date");
    assert_eq!(b.origin.line, Some(6));
    for a in [a, b] {
        for word in ["Менюголовна", "Менюспорт", "Підвалсайту", "лічильник"]
        {
            assert!(!a.text.contains(word), "{word} in {}", a.text);
        }
    }
}

#[test]
fn plain_warc_gives_the_two_html_pages() {
    let dir = tempfile::tempdir().unwrap();
    assert_two_articles(&read(dir.path(), "crawl.warc", &crawl().concat()));
}

#[test]
fn warc_gz_with_one_member_per_record_gives_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    let results = read(dir.path(), "crawl.warc.gz", &members);
    assert_two_articles(&results);
    // A file gzipped whole reads the same.
    let whole = read(dir.path(), "whole.warc.gz", &gzip(&crawl().concat()));
    assert_eq!(
        whole,
        results
            .into_iter()
            .map(|r| r.map(|mut a| {
                a.origin.path = dir.path().join("whole.warc.gz");
                a
            }))
            .collect::<Vec<_>>()
    );
}

#[test]
fn chunked_and_gzipped_http_bodies_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let html = gzip(page("Бібліотека", None, &LIBRARY).as_bytes());
    let (a, b) = html.split_at(100);
    let mut body = format!("{:x}\r\n", a.len()).into_bytes();
    body.extend_from_slice(a);
    body.extend_from_slice(format!("\r\n{:x}\r\n", b.len()).as_bytes());
    body.extend_from_slice(b);
    body.extend_from_slice(b"\r\n0\r\n\r\n");
    let http = [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"[..], &body].concat();
    let results = read(
        dir.path(),
        "c.warc",
        &record("response", 1, Some("https://x.example/b"), RESPONSE, &http),
    );
    let a = results[0].as_ref().unwrap();
    assert!(a.text.contains("голосні читання"), "{}", a.text);
}

#[test]
fn a_truncated_record_is_a_skip_naming_it_after_the_records_before() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let mut bytes = records[..5].concat();
    bytes.extend_from_slice(&records[5][..records[5].len() / 2]);
    let results = read(dir.path(), "cut.warc", &bytes);
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, "https://kyiv.example.ua/mist");
    let skip = results[1].as_ref().unwrap_err();
    assert_eq!(skip.line, Some(6));
    assert!(
        skip.to_string()
            .contains("cut.warc:6: unreadable (WARC record 6 is truncated"),
        "{skip}"
    );

    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let results = read(dir.path(), "cut.warc.gz", &members[..members.len() - 40]);
    assert_eq!(results[0].as_ref().unwrap().id, "https://kyiv.example.ua/mist");
    let skip = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!(skip.reason.kind(), "bad-gzip", "{skip}");
    assert_eq!(skip.line, Some(6), "{skip}");
}

#[test]
fn a_malformed_header_is_a_skip_and_garbage_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let records = crawl();
    let bytes = [
        &records[2][..],
        b"WARC/1.1\r\nthis is no header\r\n\r\n",
        &records[5],
    ]
    .concat();
    let results = read(dir.path(), "bad.warc", &bytes);
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    let skip = results[1].as_ref().unwrap_err();
    assert_eq!(
        skip.to_string(),
        format!(
            "{}:2: unreadable (WARC record 2 has a malformed header)",
            dir.path().join("bad.warc").display()
        )
    );
    for junk in [
        &b""[..],
        b"\r\n\r\n",
        b"<html>not a warc</html>",
        b"WARC/1.0\r\nContent-Length: 99999\r\n\r\nshort",
        b"\xff\xfe\0\0",
    ] {
        let results = read(dir.path(), "junk.warc", junk);
        assert!(results.iter().all(|r| r.is_err()), "{junk:?}: {results:?}");
    }
}
