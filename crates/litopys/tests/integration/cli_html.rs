//! Saved web pages and WARC crawls end to end: indexed through the binary, the article
//! text is searchable and the boilerplate around it is not.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::common::{litopys, ok, s, search_json};

/// A news page: menu, header, footer and a "read also" box around three paragraphs.
fn page(title: &str, site: &str, date_meta: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">
<title>{title} — {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
{date_meta}
<style>.nav {{ font-weight: bold; }} /* стильовийкоментар */</style>
<script>var лічильниквідвідин = 0;</script></head><body>
<header class="header">Шапкарайону</header>
<nav class="nav menu"><ul><li><a href="/">Менюголовна</a></li><li><a href="/k">Менюкультура</a></li></ul></nav>
<article><h1>{title}</h1>{body}
<div class="read-also related">Читайте також: <a href="/x">Рекламнатизерка</a></div></article>
<footer class="footer">Підвалредакції © усі права захищено</footer></body></html>"#
    )
}

const ORCHARD: [&str; 3] = [
    "На Черкащині садівники зібрали рекордний урожай груш, попри холодну весну і пізні приморозки.",
    "Найкраще вродили старі сорти, які господарі щепили ще їхні діди на околицях невеликих сіл.",
    "Частину врожаю переробили на сушню та повидло, а решту продали на ярмарку в обласному центрі.",
];

const FERRY: [&str; 3] = [
    "Через Дністер знову запрацювала поромна переправа, яку лагодили цілий місяць після повені.",
    "Пором перевозить за один рейс до шести легковиків та одну вантажівку, рейси щогодини.",
    "Місцеві мешканці кажуть, що без переправи об'їзд до районного центру забирав майже дві години.",
];

/// One WARC record, gzipped on its own as crawlers write them.
fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut raw = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Date: 2024-09-02T07:30:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    raw.extend_from_slice(block);
    raw.extend_from_slice(b"\r\n\r\n");
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&raw).unwrap();
    gz.finish().unwrap()
}

fn write_archive(dir: &Path) {
    fs::create_dir_all(dir.join("pages")).unwrap();
    let orchard = page(
        "Черкаські садівники зібрали рекордний урожай груш",
        "Черкаський край",
        r#"<meta property="article:published_time" content="2024-08-20T16:45:00+03:00">"#,
        &ORCHARD,
    );
    fs::write(dir.join("pages/grushi.html"), orchard).unwrap();
    let ferry = page(
        "На Дністрі відновили поромну переправу",
        "Дністровські новини",
        "",
        &FERRY,
    );
    let response = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{ferry}");
    let uri = "https://dnister.example.org/news/porom";
    let warc = [
        record(
            "request",
            uri,
            b"GET /news/porom HTTP/1.1\r\nHost: dnister.example.org\r\n\r\n",
        ),
        record("response", uri, response.as_bytes()),
        record(
            "response",
            "https://dnister.example.org/old",
            b"HTTP/1.1 301 Moved\r\nLocation: /news/porom\r\n\r\n",
        ),
    ]
    .concat();
    fs::write(dir.join("crawl.warc.gz"), warc).unwrap();
}

#[test]
fn html_pages_and_warc_crawls_are_indexed_without_boilerplate() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let index = tmp.path().join("ix");
    write_archive(&archive);
    let out = ok(&litopys(&["index", s(&archive), "--index", s(&index)]));
    assert!(out.starts_with("indexed 2 articles"), "{out}");
    assert!(out.contains("skipped 0;"), "{out}");

    let v = search_json(&index, "груш");
    assert_eq!(v["total"], 1, "{v}");
    let hit = &v["hits"][0];
    assert_eq!(hit["title"], "Черкаські садівники зібрали рекордний урожай груш");
    assert_eq!(hit["date"], "2024-08-20");
    assert_eq!(hit["source"], "Черкаський край");
    assert_eq!(hit["id"], "pages/grushi.html");

    let v = search_json(&index, "переправа");
    assert_eq!(v["total"], 1, "{v}");
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "https://dnister.example.org/news/porom");
    assert_eq!(hit["url"], "https://dnister.example.org/news/porom");
    assert_eq!(hit["title"], "На Дністрі відновили поромну переправу");
    assert_eq!(hit["date"], "2024-09-02", "the crawl's date, the page has none");

    for word in [
        "Менюголовна",
        "Менюкультура",
        "Шапкарайону",
        "Підвалредакції",
        "Рекламнатизерка",
        "лічильниквідвідин",
        "стильовийкоментар",
    ] {
        assert_eq!(search_json(&index, word)["total"], 0, "{word} is searchable");
    }
}
