//! The entity evaluation on BSNLP and NER-UK dev through the real binary. Reads
//! `../shared` and the real lexicon; without them it says it is skipped (CI sets
//! LITOPYS_REQUIRE_LEXICON=1, which turns a skip into a failure).

use crate::common::{lab, real_lexicon, shared_data, skip};

#[test]
fn countries_and_companies_meet_the_bars_on_both_dev_sets() {
    let shared = shared_data();
    let Some(lexicon) = real_lexicon() else {
        return skip("no real lexicon (set LITOPYS_LEXICON)");
    };
    if !shared.join("bsnlp-uk").is_dir() || !shared.join("ner-uk").is_dir() {
        return skip("no ../shared/data/bsnlp-uk or ner-uk");
    }
    let out = lab(&lexicon)
        .args(["eval", "entities", "--json", "--bsnlp"])
        .arg(shared.join("bsnlp-uk"))
        .arg("--ner-uk")
        .arg(shared.join("ner-uk"))
        .output()
        .expect("run litopys");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    let sets = v["datasets"].as_array().expect("datasets");
    assert_eq!(sets.len(), 2);
    for set in sets {
        println!(
            "{}: countries {} companies {}",
            set["dataset"], set["countries"], set["companies"]
        );
        let score = |kind: &str, what: &str| set[kind][what].as_f64().unwrap();
        assert!(score("countries", "precision") >= 0.95, "{set}");
        assert!(score("countries", "recall") >= 0.95, "{set}");
        assert!(score("companies", "precision") >= 0.85, "{set}");
        assert!(score("companies", "recall") >= 0.75, "{set}");
    }
}
