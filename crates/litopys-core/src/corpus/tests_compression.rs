//! Every compression on every format, legacy encodings through compression, and cut
//! streams: files written here, read as an archive.

use std::io::Write;

use super::{archive, gz, read_dir};
use crate::corpus::*;

const TITLE: &str = "Поромна переправа через Дністер знову працює";
const BODY: &str =
    "Через Дністер знову запрацювала поромна переправа, яку лагодили цілий місяць після повені. \
    Пором перевозить за один рейс до шести легковиків та одну вантажівку, рейси щогодини.";

/// `data` compressed as a file named `*.{ext}` would be.
fn compress(ext: &str, data: &[u8]) -> Vec<u8> {
    match ext {
        "" => data.to_vec(),
        "gz" => gz(data),
        "bz2" => {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "xz" => {
            let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "zst" => zstd::encode_all(data, 3).unwrap(),
        _ => unreachable!("{ext}"),
    }
}

/// A small news page (a menu around the article).
fn page() -> String {
    format!(
        r#"<html><head><meta charset="utf-8"><meta property="og:title" content="{TITLE}"></head>
<body><nav><a href="/">Менюголовна</a></nav><article><h1>{TITLE}</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"#
    )
}

/// One WARC response record holding [`page`] fetched from `uri`.
fn warc(uri: &str) -> Vec<u8> {
    let page = page();
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-09-02T07:30:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

/// The content of one article in each format, with CRLF line ends where lines matter
/// (`ext` makes the WARC record's URI, its id, unique).
fn content(format: &str, ext: &str) -> Vec<u8> {
    match format {
        "txt" => format!("date 2024-09-02 {TITLE}\r\n\r\n{BODY}\r\n").into_bytes(),
        "json" => format!(r#"{{"title":"{TITLE}","text":"{BODY}","date":"2024-09-02"}}"#).into_bytes(),
        "jsonl" => format!("{{\"title\":\"{TITLE}\",\"text\":\"{BODY}\",\"date\":\"2024-09-02\"}}\r\n\r\n")
            .into_bytes(),
        "html" => page().into_bytes(),
        "warc" => warc(&format!("https://example.ua/porom-{ext}")),
        _ => unreachable!("{format}"),
    }
}

#[test]
fn every_compression_on_every_format() {
    let formats = ["txt", "json", "jsonl", "html", "warc"];
    let compressions = ["", "gz", "bz2", "xz", "zst"];
    let mut files = Vec::new();
    for format in formats {
        for ext in compressions {
            let name = match ext {
                "" => format!("{format}/a.{format}"),
                _ => format!("{format}/a.{format}.{ext}"),
            };
            files.push((name, compress(ext, &content(format, ext))));
        }
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (n.as_str(), c.as_slice())).collect();
    let dir = archive(&refs);
    let (found, _) = discover(&[dir.path().into()]);
    let names: Vec<String> = found.iter().map(SourceFile::format_name).collect();
    assert_eq!(names.len(), 25, "{names:?}");
    assert!(names.contains(&"json.bz2".to_string()) && names.contains(&"warc.zst".to_string()));
    let (articles, skips) = read_dir(dir.path());
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(articles.len(), 25);
    for a in &articles {
        let path = a.origin.path.display();
        assert_eq!(a.title.as_deref(), Some(TITLE), "{path}");
        assert!(a.text.contains("поромна переправа"), "{path}: {}", a.text);
        assert!(!a.text.contains('\r'), "{path}");
        if !path.to_string().contains("html") && !path.to_string().contains("warc") {
            assert_eq!(
                a.date.map(|d| d.to_string()).as_deref(),
                Some("2024-09-02"),
                "{path}"
            );
        }
    }
}

#[test]
fn legacy_encodings_inside_compressed_files() {
    let jsonl: String = (1..=3)
        .map(|i| format!("{{\"id\":\"k-{i}\",\"title\":\"{TITLE}\",\"text\":\"{BODY}\"}}\r\n"))
        .collect();
    let (koi8, _, _) = encoding_rs::KOI8_U.encode(&jsonl);
    let txt = format!("{TITLE}\r\n\r\n{BODY}");
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&txt);
    let dir = archive(&[
        ("koi8.jsonl.zst", &compress("zst", &koi8)),
        ("cp1251.txt.xz", &compress("xz", &cp1251)),
    ]);
    let (articles, skips) = read_dir(dir.path());
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(articles.len(), 4);
    assert!(articles
        .iter()
        .all(|a| a.title.as_deref() == Some(TITLE) && a.text == BODY));
    let (files, _) = discover(&[dir.path().into()]);
    for f in &files {
        let found = open_text(f).unwrap().encoding;
        let expected = if f.format == Format::Text {
            encoding_rs::WINDOWS_1251
        } else {
            encoding_rs::KOI8_U
        };
        assert_eq!(found.detected(), Some(expected), "{}", f.path.display());
    }
}

#[test]
fn a_forced_encoding_is_used_for_every_file() {
    let text = format!("{TITLE}\n\n{BODY}");
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let dir = archive(&[("a.txt.gz", &gz(&cp1251))]);
    let options = ReadOptions::default()
        .with_encoding_label("koi8-u")
        .unwrap()
        .shared();
    let files = discover_with(&[dir.path().into()], &options).files;
    let found = open_text(&files[0]).unwrap().encoding;
    assert_eq!(
        (found.encoding, found.source),
        (encoding_rs::KOI8_U, EncodingSource::Forced)
    );
    let (articles, _) = read_all(&files);
    // Read as KOI8-U, the cp1251 bytes are other letters: forced means forced.
    assert_ne!(articles[0].title.as_deref(), Some(TITLE));
}

#[test]
fn cut_streams_keep_what_came_before_and_say_where() {
    let lines: String = (1..=3000)
        .map(|i| format!("{{\"id\":\"t-{i}\",\"text\":\"Новина номер {i} про експорт зерна до Китаю.\"}}\n"))
        .collect();
    for ext in ["bz2", "xz", "zst"] {
        let whole = compress(ext, lines.as_bytes());
        let cut = &whole[..whole.len() * 2 / 3];
        let name = format!("cut.jsonl.{ext}");
        let txt = compress(ext, format!("{TITLE}\n\n{BODY}").as_bytes());
        let txt_name = format!("z.txt.{ext}");
        let dir = archive(&[(name.as_str(), cut), (txt_name.as_str(), &txt[..txt.len() / 2])]);
        let (articles, skips) = read_dir(dir.path());
        let n = articles.len();
        assert!(n < 3000, "{ext}: {n}");
        for (i, a) in articles.iter().enumerate() {
            assert_eq!(
                a.id,
                format!("t-{}", i + 1),
                "{ext}: the lines before the cut, in order"
            );
        }
        assert_eq!(skips.len(), 2, "{ext}: {skips:?}");
        assert_eq!(
            (skips[0].line, skips[0].reason.kind()),
            (Some(n + 1), "broken-stream"),
            "{ext}"
        );
        let message = skips[0].to_string();
        let tool = Compression::from_path(std::path::Path::new(&name)).name();
        assert!(message.contains(&format!("broken {tool} stream")), "{message}");
        assert!(
            message.contains(&format!("the {n} lines before were read")),
            "{message}"
        );
        assert_eq!(
            (skips[1].line, skips[1].reason.kind()),
            (None, "broken-stream"),
            "{}",
            skips[1]
        );
    }
}
