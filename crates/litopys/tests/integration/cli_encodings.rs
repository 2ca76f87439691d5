//! Legacy encodings and every compression end to end: an archive of a cp1251 `.txt`, a
//! KOI8-U `.jsonl`, a UTF-16 `.json` with a BOM, a `.json.bz2`, a `.txt.xz`, a `.html.zst`
//! a `.jsonl.zst` and a cp1251 `.html` page that names no charset, indexed through the binary with no flags: every article is found by
//! a word of its body, with its title right.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::common::{litopys, ok, s, text};

/// Title, body (with one word found nowhere else) and the file it is written to.
const ARTICLES: [(&str, &str, &str); 8] = [
    (
        "Житомирські бібліотекарі відкрили читальню",
        "У Житомирі бібліотекарі відкрили нову читальню для школярів, де щосуботи читають казки.",
        "old/chytalnia.txt",
    ),
    (
        "Полтавські аграрії зібрали ячмінь",
        "Аграрії Полтавщини завершили жнива ячменю раніше, ніж торік, і зібрали вдвічі більше.",
        "koi8/news.jsonl",
    ),
    (
        "Одеський порт прийняв круїзний лайнер",
        "В Одеський порт уперше за п'ять років зайшов круїзний лайнер із туристами з Європи.",
        "utf16/liner.json",
    ),
    (
        "Черкаські садівники продали груші",
        "Садівники Черкащини продали на ярмарку тонни груш, а решту переробили на повидло.",
        "zipped/grushi.json.bz2",
    ),
    (
        "Львівські трамваї отримали нові вагони",
        "Львівське трамвайне депо отримало десять нових вагонів з кондиціонерами та пандусами.",
        "zipped/tramvai.txt.xz",
    ),
    (
        "На Дністрі відновили поромну переправу",
        "Через Дністер знову запрацювала поромна переправа, яку лагодили цілий місяць після повені. \
         Пором перевозить за один рейс до шести легковиків та одну вантажівку, рейси щогодини.",
        "zipped/porom.html.zst",
    ),
    (
        "Харківські вчені запустили супутник",
        "Науковці Харкова запустили навчальний супутник, зібраний студентами політехніки.",
        "zipped/suputnyk.jsonl.zst",
    ),
    (
        "Вінницькі пасічники зібрали липовий мед",
        "Пасічники Вінниччини цього літа зібрали рекордний урожай липового меду, кажуть у спілці. \
         Частину меду продадуть на осінньому ярмарку, решту відправлять до пекарень області.",
        "old/med.html",
    ),
];

/// The word of each article's body searched for.
const WORDS: [&str; 8] = [
    "читальню",
    "ячменю",
    "лайнер",
    "повидло",
    "кондиціонерами",
    "пором",
    "супутник",
    "пасічники",
];

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn write_archive(dir: &Path) {
    let json = |title: &str, body: &str| format!(r#"{{"title":"{title}","text":"{body}"}}"#);
    let txt = |title: &str, body: &str| format!("{title}\r\n\r\n{body}\r\n");
    let mut contents: Vec<Vec<u8>> = Vec::new();
    for (i, (title, body, _)) in ARTICLES.iter().enumerate() {
        contents.push(match i {
            0 => encoding_rs::WINDOWS_1251.encode(&txt(title, body)).0.into_owned(),
            1 => {
                let lines = format!("{}\r\n", json(title, body));
                encoding_rs::KOI8_U.encode(&lines).0.into_owned()
            }
            2 => utf16le_with_bom(&json(title, body)),
            3 => bzip2(json(title, body).as_bytes()),
            4 => xz(txt(title, body).as_bytes()),
            5 => {
                let page = format!(
                    r#"<html><head><meta charset="utf-8"><meta property="og:title" content="{title}"></head>
<body><nav><a href="/">Менюголовна</a></nav><article><h1>{title}</h1><p>{body}</p></article></body></html>"#
                );
                zstd::encode_all(page.as_bytes(), 3).unwrap()
            }
            6 => zstd::encode_all(format!("{}\n", json(title, body)).as_bytes(), 3).unwrap(),
            _ => {
                // No `charset` anywhere: the detector has to guess.
                let page = format!(
                    r#"<html lang="uk"><head><meta property="og:title" content="{title}"></head>
<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"#
                );
                encoding_rs::WINDOWS_1251.encode(&page).0.into_owned()
            }
        });
    }
    for ((_, _, rel), content) in ARTICLES.iter().zip(contents) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
}

#[test]
fn legacy_encodings_and_every_compression_are_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let index = tmp.path().join("ix");
    write_archive(&archive);
    let report = tmp.path().join("report.json");
    let run = litopys(&["index", s(&archive), "--index", s(&index), "--report", s(&report)]);
    let out = ok(&run);
    assert!(out.starts_with("indexed 8 articles"), "{out}");
    assert!(out.contains("skipped 0;"), "{out}");
    // The three files in a legacy code page say their encoding was guessed, the others not.
    let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    let detected = report["detected_encodings"].as_object().unwrap();
    let name = |i: usize| archive.join(ARTICLES[i].2).display().to_string();
    assert_eq!(detected.len(), 3, "{detected:?}");
    assert_eq!(detected[&name(0)], "windows-1251");
    assert_eq!(detected[&name(1)], "KOI8-U");
    assert_eq!(detected[&name(7)], "windows-1251");
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("litopys: note: read 3 files in a detected encoding (windows-1251 2, koi8-u 1)"),
        "{stderr}"
    );
    for ((title, _, rel), word) in ARTICLES.iter().zip(WORDS) {
        let out = ok(&litopys(&[
            "search",
            word,
            "--index",
            s(&index),
            "--format",
            "json",
        ]));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["total"], 1, "{word} ({rel}): {v}");
        assert_eq!(v["hits"][0]["title"], *title, "{rel}");
    }
    let v: Value = serde_json::from_str(&ok(&litopys(&[
        "search",
        "Менюголовна",
        "--index",
        s(&index),
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["total"], 0, "the page's menu is not searchable");
}
