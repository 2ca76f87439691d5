//! The search path reads nothing proportional to the archive beyond what a query needs
//! (issue 17): with the incremental manifest gone, `search`, `facets`, `timeline` and a
//! full export still answer, while `check`, which is asked to verify it, notices.

use std::fs;

use crate::common::server::index_of;
use crate::common::{litopys, ok};

const LINES: [&str; 3] = [
    r#"{"id":"a","date":"2024-01-02","title":"Угода","text":"Україна підписала угоду з Китаєм."}"#,
    r#"{"id":"b","date":"2024-02-03","title":"Угода","text":"Китай і Україна уклали угоду."}"#,
    r#"{"id":"c","date":"2024-02-04","title":"Погода","text":"Сонячно."}"#,
];

#[test]
fn queries_answer_without_the_manifest_and_check_notices_it_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let index = index_of(tmp.path(), &LINES);
    let manifests: Vec<_> = fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("litopys-manifest-")
        })
        .collect();
    assert!(!manifests.is_empty(), "the index has a manifest to remove");
    for m in &manifests {
        fs::remove_file(m).unwrap();
    }

    let hits = ok(&litopys(&[
        "search",
        "угода",
        "--index",
        &index,
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&hits).unwrap();
    assert_eq!(v["total"], 2, "{v}");
    let all = ok(&litopys(&[
        "search",
        "угода",
        "--index",
        &index,
        "--limit",
        "all",
        "--format",
        "jsonl",
    ]));
    assert_eq!(all.lines().count(), 2, "{all}");
    let facets = ok(&litopys(&["facets", "country", "угода", "--index", &index]));
    assert!(facets.contains("Китай"), "{facets}");
    let chart = ok(&litopys(&[
        "timeline",
        "угода",
        "--index",
        &index,
        "--by",
        "month",
    ]));
    assert!(chart.contains("2024-02"), "{chart}");

    let checked = litopys(&["check", "--index", &index]);
    assert!(!checked.status.success(), "check must miss the manifest");
}
