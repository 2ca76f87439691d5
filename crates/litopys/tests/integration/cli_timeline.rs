//! `litopys timeline` end to end: counts per month, year and ISO week over a real index,
//! filtered like a search, as JSON, CSV and a terminal chart. Runs with the tiny test
//! lexicon, so it needs no dictionary.

use std::fs;

use crate::common::{litopys, ok, s};
use serde_json::Value;

fn index() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","date":"2024-01-31","title":"Угода з Китаєм","text":"Угода з Китаєм про зерно."}"#,
        r#"{"id":"b","date":"2024-01-01","title":"Угода","text":"Угода з Польщею."}"#,
        r#"{"id":"c","date":"2024-04-02","title":"КНР","text":"КНР уклала угоду."}"#,
        r#"{"id":"d","title":"Без дати","text":"Угода без дати з Китаєм."}"#,
    ];
    fs::write(dir.path().join("news.jsonl"), lines.join("\n")).unwrap();
    let idx = dir.path().join("idx").display().to_string();
    ok(&litopys(&["index", s(dir.path()), "--index", &idx, "--quiet"]));
    (dir, idx)
}

#[test]
fn months_years_weeks_and_filters() {
    let (_dir, idx) = index();
    let v: Value = serde_json::from_str(&ok(&litopys(&[
        "timeline",
        "угода",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["total"], 4);
    assert_eq!(v["undated"], 1);
    assert_eq!(v["by"], "month");
    let bars: Vec<(String, u64)> = v["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["period"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [("2024-01", 2), ("2024-02", 0), ("2024-03", 0), ("2024-04", 1)];
    assert_eq!(bars, want.map(|(p, n)| (p.to_string(), n)));
    assert_eq!(v["buckets"][1]["end"], "2024-02-29");

    let csv = ok(&litopys(&[
        "timeline",
        "--index",
        &idx,
        "--by",
        "week",
        "--country",
        "КНР",
        "--format",
        "csv",
    ]));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "period,start,end,count");
    assert_eq!(rows[1], "2024-W05,2024-01-29,2024-02-04,1");
    assert_eq!(rows.last().unwrap(), &"2024-W14,2024-04-01,2024-04-07,1");

    let chart = ok(&litopys(&["timeline", "угода", "--index", &idx, "--by", "year"]));
    assert!(
        chart.starts_with("4 articles matching «угода» by year\n2024 3 █"),
        "{chart}"
    );
    assert!(chart.contains("(1 without a date)"), "{chart}");
}

#[test]
fn bad_query_and_unknown_country_are_usage_errors() {
    let (_dir, idx) = index();
    let out = litopys(&["timeline", "\"угода", "--index", &idx]);
    assert_eq!(out.status.code(), Some(2));
    let out = litopys(&["timeline", "угода", "--index", &idx, "--country", "Атлантида"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown country «Атлантида»"));
}

#[test]
fn queries_compared_and_as_shares_of_each_period() {
    let (_dir, idx) = index();
    let v: Value = serde_json::from_str(&ok(&litopys(&[
        "timeline",
        "Китай",
        "--vs",
        "КНР",
        "--share",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    let periods: Vec<(&str, u64)> = v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["all"].as_u64().unwrap()))
        .collect();
    // Китай: a (2024-01) and d (undated); КНР: c (2024-04). January has a and b.
    assert_eq!(
        periods,
        [("2024-01", 2), ("2024-02", 0), ("2024-03", 0), ("2024-04", 1)]
    );
    let series = v["series"].as_array().unwrap();
    assert_eq!(series[0]["query"], "Китай");
    assert_eq!(series[0]["counts"], serde_json::json!([1, 0, 0, 0]));
    assert_eq!(series[0]["undated"], 1);
    assert_eq!(series[0]["shares"], serde_json::json!([0.5, null, null, 0.0]));
    assert_eq!(series[1]["counts"], serde_json::json!([0, 0, 0, 1]));
    assert_eq!(series[1]["shares"], serde_json::json!([0.0, null, null, 1.0]));

    let csv = ok(&litopys(&[
        "timeline",
        "Китай",
        "--share",
        "--index",
        &idx,
        "--format",
        "csv",
    ]));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "period,start,end,count:Китай,all,share:Китай");
    assert_eq!(rows[1], "2024-01,2024-01-01,2024-01-31,1,2,0.5");

    let table = ok(&litopys(&["timeline", "Китай", "--vs", "КНР", "--index", &idx]));
    assert!(
        table.starts_with("matching articles by month: «Китай» (2) vs «КНР» (1)\n"),
        "{table}"
    );
    assert!(!table.contains('%'), "no shares unless asked: {table}");

    let out = litopys(&["timeline", "Китай", "--vs", "\"КНР", "--index", &idx]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"КНР\n"));
    let mut six = vec!["timeline", "а", "--index", &idx];
    for _ in 0..5 {
        six.extend(["--vs", "б"]);
    }
    let out = litopys(&six);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 to 5 queries; 6 were given"));
}
