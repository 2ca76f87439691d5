//! The lemmatisation evaluation on UD Ukrainian-IU dev, run through the real binary.
//! Reads `../shared` and the real lexicon: without them it says it is skipped (CI sets
//! LITOPYS_REQUIRE_LEXICON=1, which turns a skip into a failure).

use crate::common::{lab, real_lexicon, shared_data, skip};

#[test]
fn conflation_meets_the_bars_on_ud_dev() {
    let gold = shared_data().join("ud-uk/uk_iu-ud-dev.conllu");
    let Some(lexicon) = real_lexicon() else {
        return skip("no real lexicon (set LITOPYS_LEXICON)");
    };
    if !gold.is_file() {
        return skip("no ../shared/data/ud-uk");
    }
    let out = lab(&lexicon)
        .args(["eval", "lemmas", "--json", "--conllu"])
        .arg(&gold)
        .output()
        .expect("run litopys");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    println!("UD Ukrainian-IU dev: {scores}");
    let p = scores["precision"].as_f64().unwrap();
    let r = scores["recall"].as_f64().unwrap();
    assert!(p >= 0.97, "conflation precision {p} below 0.97");
    assert!(r >= 0.975, "conflation recall {r} below 0.975");
    assert!(scores["tokens"].as_u64().unwrap() > 5000);
}
