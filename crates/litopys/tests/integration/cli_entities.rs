//! Entity facets end to end: index an archive with countries and companies in several
//! forms, then filter and count with `search --country/--company` and `facets`. Runs with
//! the tiny test lexicon, so it needs no dictionary.

use std::fs;

use crate::common::{litopys, ok, s, sorted_ids};
use serde_json::Value;

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","date":"2024-03-01","title":"Угода з Китаєм","text":"Казахстан підписав угоду з Китаєм. Компанія BYD будує завод."}"#,
        r#"{"id":"b","date":"2024-05-10","title":"КНР і Польща","text":"КНР та Польща обговорили угоду. Chery теж."}"#,
        r#"{"id":"c","date":"2025-01-20","title":"Польща","text":"Польща уклала угоду з компанією BYD."}"#,
        r#"{"id":"d","date":"2025-02-02","title":"Кити","text":"У морі бачили кита. Угода про охорону природи."}"#,
    ];
    fs::write(dir.path().join("news.jsonl"), lines.join("\n")).unwrap();
    dir
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(&litopys(args))).unwrap()
}

#[test]
fn countries_and_companies_filter_count_and_show() {
    let archive = archive();
    let index = tempfile::tempdir().unwrap();
    let idx = s(index.path());
    ok(&litopys(&["index", s(archive.path()), "--index", idx, "--quiet"]));

    // Every form and alias of China resolves to one country: «Китаєм» and «КНР».
    let china = json(&[
        "search",
        "угода",
        "--index",
        idx,
        "--country",
        "cn",
        "--format",
        "json",
    ]);
    assert_eq!(sorted_ids(&china), ["a", "b"]);
    assert_eq!(
        sorted_ids(&json(&[
            "search",
            "угода",
            "--index",
            idx,
            "--country",
            "Китаю",
            "--format",
            "json"
        ])),
        ["a", "b"]
    );
    // The whale article is not about China.
    let whale = json(&["search", "угода", "--index", idx, "--format", "json"]);
    let d = whale["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "d")
        .unwrap();
    assert!(
        d["countries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["code"] != "CN"),
        "{d}"
    );

    // Repeated flags are AND, a comma is OR.
    assert_eq!(
        sorted_ids(&json(&[
            "search",
            "угода",
            "--index",
            idx,
            "--country",
            "cn",
            "--company",
            "BYD",
            "--format",
            "json"
        ])),
        ["a"]
    );
    assert_eq!(
        sorted_ids(&json(&[
            "search",
            "угода",
            "--index",
            idx,
            "--company",
            "BYD,Chery",
            "--format",
            "json"
        ])),
        ["a", "b", "c"]
    );

    // Facets count over all matches, and hits carry their entities.
    let all = json(&[
        "search",
        "угода",
        "--index",
        idx,
        "--limit",
        "1",
        "--format",
        "json",
    ]);
    let companies = all["facets"]["company"].as_array().unwrap();
    assert_eq!(companies[0], serde_json::json!({"name": "BYD", "count": 2}));
    let countries = all["facets"]["country"].as_array().unwrap();
    assert!(
        countries
            .iter()
            .any(|c| c["name"] == "Китай" && c["code"] == "CN" && c["count"] == 2),
        "{countries:?}"
    );
    let a = json(&["search", "Китай", "--index", idx, "--format", "json"]);
    let hit = &a["hits"][0];
    assert!(hit["countries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "Китай"));
    assert!(hit["companies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "BYD"));

    // The facets command, with a yearly series.
    let f = json(&[
        "facets", "company", "--index", idx, "--by", "year", "--format", "json",
    ]);
    assert_eq!(f["total"], 4);
    let byd = f["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "BYD")
        .unwrap();
    assert_eq!(byd["count"], 2);
    assert_eq!(
        byd["series"],
        serde_json::json!([{"period": "2024", "count": 1}, {"period": "2025", "count": 1}])
    );

    // An unknown country is a usage error.
    let bad = litopys(&["search", "угода", "--index", idx, "--country", "Атлантида"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(crate::common::text(&bad.stderr).contains("unknown country"));
}

#[test]
fn a_user_entity_file_adds_a_company_and_is_kept_with_the_index() {
    let archive = archive();
    let index = tempfile::tempdir().unwrap();
    let idx = s(index.path());
    let user = archive.path().join("my-entities.toml");
    fs::write(&user, "[[company]]\nname = \"Охорона природи\"\naliases = [\"охорону природи\"]\n\n[[suppress]]\nkind = \"company\"\nnames = [\"Chery\"]\n").unwrap();
    let files = tempfile::tempdir().unwrap();
    fs::copy(archive.path().join("news.jsonl"), files.path().join("news.jsonl")).unwrap();
    ok(&litopys(&[
        "index",
        s(files.path()),
        "--index",
        idx,
        "--quiet",
        "--entities",
        s(&user),
    ]));
    assert!(index.path().join("entities.toml").is_file());
    let f = json(&["facets", "company", "--index", idx, "--format", "json"]);
    let names: Vec<&str> = f["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"Chery"), "{names:?}");
    assert!(names.contains(&"Охорона природи"), "{names:?}");
}
