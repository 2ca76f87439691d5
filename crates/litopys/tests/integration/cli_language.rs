//! The language an archive gives each article: read from JSON Lines, CSV and HTML in the
//! spellings dumps use, shown in JSON and CSV hits, and a filter on the command line and
//! the HTTP API (`uk` also takes `uk-UA`; articles of unknown language are left out).

use std::fs;

use serde_json::Value;

use crate::common::server::{index_of, RunningServer};
use crate::common::{facet_counts, litopys, ok, s, sorted_ids};

const LINES: [&str; 5] = [
    r#"{"id":"uk-1","lang":"uk","title":"Угода","text":"Казахстан підписав угоду з Китаєм."}"#,
    r#"{"id":"uk-2","language":"uk_UA","title":"Угода","text":"Китай і Казахстан уклали угоду."}"#,
    r#"{"id":"uk-3","language":"Ukrainian","title":"Угода","text":"Угоду з Китаєм підписано."}"#,
    r#"{"id":"ru-1","lang":"ru","title":"Соглашение","text":"Угода Китаю з Казахстаном."}"#,
    r#"{"id":"none","title":"Угода","text":"Китай уклав угоду."}"#,
];

fn search(index: &str, extra: &[&str]) -> Value {
    let args = [&["search", "угода", "--index", index, "--format", "json"], extra].concat();
    serde_json::from_str(&ok(&litopys(&args))).unwrap()
}

#[test]
fn the_language_is_kept_shown_and_filtered() {
    let tmp = tempfile::tempdir().unwrap();
    let index = index_of(tmp.path(), &LINES);
    let all = search(&index, &[]);
    assert_eq!(all["total"], 5, "{all}");
    let by_id = |id: &str| {
        all["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap()["language"]
            .clone()
    };
    assert_eq!(by_id("uk-1"), "uk");
    assert_eq!(by_id("uk-2"), "uk-ua");
    assert_eq!(by_id("uk-3"), "uk");
    assert_eq!(by_id("ru-1"), "ru");
    assert_eq!(by_id("none"), Value::Null);

    assert_eq!(
        sorted_ids(&search(&index, &["--language", "uk"])),
        ["uk-1", "uk-2", "uk-3"]
    );
    assert_eq!(sorted_ids(&search(&index, &["--language", "UK-ua"])), ["uk-2"]);
    assert_eq!(sorted_ids(&search(&index, &["--language", "rus"])), ["ru-1"]);
    assert_eq!(
        sorted_ids(&search(&index, &["--language", "ru,uk_UA"])),
        ["ru-1", "uk-2"]
    );
    assert_eq!(search(&index, &["--language", "en"])["total"], 0);

    let csv = ok(&litopys(&[
        "search",
        "угода",
        "--index",
        &index,
        "--format",
        "csv",
        "--language",
        "ru",
    ]));
    let mut rows = csv.lines();
    assert!(rows.next().unwrap().contains(",url,language,path,"), "{csv}");
    assert!(rows.next().unwrap().contains(",ru,"), "{csv}");

    let counted = ok(&litopys(&[
        "timeline",
        "угода",
        "--index",
        &index,
        "--format",
        "json",
        "--language",
        "uk",
    ]));
    let counted: Value = serde_json::from_str(&counted).unwrap();
    assert_eq!(counted["total"], 3, "{counted}");

    // Languages (and sources) are facets of the result set too.
    let facets = ok(&litopys(&[
        "facets",
        "language",
        "угода",
        "--index",
        &index,
        "--format",
        "json",
    ]));
    let facets: Value = serde_json::from_str(&facets).unwrap();
    let counts = facet_counts(&facets);
    assert_eq!(
        counts,
        [("uk".into(), 2), ("ru".into(), 1), ("uk-ua".into(), 1)],
        "{facets}"
    );

    let server = RunningServer::start(std::path::Path::new(&index), &[]);
    let body = ureq::get(&server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0&language=uk"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sorted_ids(&body), ["uk-1", "uk-2", "uk-3"]);
    let body = ureq::get(&server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0&facets=5"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["facets"]["language"][0]["name"], "uk", "{body}");
    assert_eq!(body["facets"]["language"][0]["count"], 2, "{body}");
}

#[test]
fn html_and_csv_give_their_language_too() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    fs::create_dir_all(&archive).unwrap();
    let body = "Пасічники Вінниччини цього літа зібрали рекордний урожай липового меду, кажуть у спілці. \
                Частину меду продадуть на осінньому ярмарку, решту відправлять до пекарень області.";
    fs::write(
        archive.join("med.html"),
        format!(
            r#"<html lang="uk-UA"><head><meta charset="utf-8"><title>Мед</title></head>
<body><article><h1>Вінницький мед</h1><p>{body}</p></article></body></html>"#
        ),
    )
    .unwrap();
    fs::write(
        archive.join("export.csv"),
        "id,title,text,lang\nc-1,Мед,Пасічники продали мед на ярмарку.,ukr\n",
    )
    .unwrap();
    let index = tmp.path().join("ix");
    ok(&litopys(&["index", s(&archive), "--index", s(&index)]));
    let v: Value = serde_json::from_str(&ok(&litopys(&[
        "search",
        "мед",
        "--index",
        s(&index),
        "--format",
        "json",
        "--language",
        "uk",
    ])))
    .unwrap();
    assert_eq!(v["total"], 2, "{v}");
    let mut langs: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["language"].as_str().unwrap())
        .collect();
    langs.sort();
    assert_eq!(langs, ["uk", "uk-ua"]);
}
