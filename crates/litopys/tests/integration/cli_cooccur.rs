//! `litopys cooccur` end to end on the sample corpus with the tiny test lexicon: every
//! pair's counts equal what `facets` counts on the same index, the lift follows from
//! them, the picked entity is not its own pair, and the API gives the same object.

use std::path::Path;

use crate::common::server::RunningServer;
use crate::common::{index_sample, litopys, ok};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(&litopys(args))).unwrap()
}

/// `facets company` counts as (name → count).
fn company_counts(idx: &str, extra: &[&str]) -> std::collections::HashMap<String, u64> {
    let mut args = vec![
        "facets", "company", "--index", idx, "--limit", "1000", "--format", "json",
    ];
    args.extend(extra);
    json(&args)["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn pairs_agree_with_facet_counts_and_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_sample(dir.path()).display().to_string();

    let r = json(&[
        "cooccur",
        "company",
        "--country",
        "Китай",
        "--index",
        &idx,
        "--limit",
        "5",
        "--format",
        "json",
    ]);
    let pairs = r["pairs"].as_array().unwrap();
    assert!(
        !pairs.is_empty(),
        "the sample corpus names companies with Китай: {r}"
    );
    assert!(pairs.len() <= 5);
    let with = company_counts(&idx, &["--country", "Китай"]);
    let all = company_counts(&idx, &[]);
    let results = r["results"].as_f64().unwrap();
    let with_count = r["with_count"].as_f64().unwrap();
    let stats = json(&["stats", "--index", &idx, "--format", "json"]);
    assert_eq!(
        r["results"], stats["articles"],
        "no query: the result set is every article"
    );
    let mut last = u64::MAX;
    for p in pairs {
        let name = p["name"].as_str().unwrap();
        let together = p["together"].as_u64().unwrap();
        let in_results = p["in_results"].as_u64().unwrap();
        assert_eq!(together, with[name], "{name}");
        assert_eq!(in_results, all[name], "{name}");
        assert!(together <= last, "most frequent first");
        last = together;
        let lift = (together as f64 / with_count) / (in_results as f64 / results);
        assert!((p["lift"].as_f64().unwrap() - lift).abs() < 1e-9, "{name}");
    }

    // The picked company is not its own pair.
    let r = json(&[
        "cooccur",
        "company",
        "--company",
        "BYD",
        "--index",
        &idx,
        "--format",
        "json",
    ]);
    assert!(
        r["pairs"].as_array().unwrap().iter().all(|p| p["name"] != "BYD"),
        "{r}"
    );
    assert_eq!(r["with"], serde_json::json!(["BYD"]));

    // Nothing picked: a usage error that says what to give.
    let out = litopys(&["cooccur", "company", "--index", &idx]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a country or company filter"));

    let server = RunningServer::start(Path::new(&idx), &[]);
    let body = ureq::get(&server.url("/api/cooccurrence?kind=company&company=BYD"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let api: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(api, r);
}
