//! The near-duplicate evaluation on the development news with planted reprints, run
//! through the real binary. Reads `../shared` (skipped without it; CI has it).

use crate::common::{lab, real_lexicon, shared_data, skip};

#[test]
fn planted_reprints_are_found_and_different_articles_kept_apart() {
    let news = shared_data().join("news/news.jsonl.gz");
    if !news.is_file() {
        return skip("no ../shared/data/news");
    }
    // The grouping needs no dictionary; the lab's command line takes one anyway.
    let lexicon = real_lexicon().unwrap_or_else(|| "unused.fst".into());
    let out = lab(&lexicon)
        .args(["eval", "stories", "--json", "--news"])
        .arg(&news)
        .output()
        .expect("run litopys-lab");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON scores");
    println!("stories: {r}");
    assert!(r["articles"].as_u64().unwrap() > 1000);
    let (p, recall) = (r["precision"].as_f64().unwrap(), r["recall"].as_f64().unwrap());
    assert!(p >= 0.97, "pair precision {p} below 0.97");
    assert!(recall >= 0.95, "pair recall {recall} below 0.95");
}
