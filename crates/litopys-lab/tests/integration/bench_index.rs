//! `litopys-lab bench index` end to end on a tiny archive written here: the plain
//! Tantivy baseline indexes the same articles as Litopys, and the parts of the run's
//! time are reported. Needs the real lexicon (skipped without it); no figures are
//! asserted, only that the comparison compares the same work.

use crate::common::{lab, real_lexicon, skip};

#[test]
fn the_plain_baseline_indexes_the_same_articles_and_the_parts_add_up() {
    let Some(lexicon) = real_lexicon() else {
        return skip("no real lexicon (set LITOPYS_LEXICON)");
    };
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let mut lines = String::new();
    for i in 0..40 {
        lines.push_str(&format!(
            "{{\"id\":\"a{i}\",\"title\":\"Новина {i}\",\"text\":\"Уряд України обговорив з Китаєм постачання {i}.\",\"date\":\"2024-01-{:02}\"}}\n",
            i % 28 + 1
        ));
    }
    std::fs::write(archive.join("part.jsonl"), lines).unwrap();
    let out = lab(&lexicon)
        .args(["bench", "index", "--json", "--threads", "1", "--work"])
        .arg(tmp.path().join("work"))
        .arg(&archive)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["plain"]["articles"], 40, "{r}");
    assert_eq!(r["ukrainian"]["articles"], 40, "{r}");
    assert_eq!(r["reading"]["articles"], 40, "{r}");
    for key in ["wall", "cpu", "index_size", "peak_rss", "peak_anon"] {
        assert!(r["vs_plain"][key].as_f64().unwrap() > 0.0, "{key}: {r}");
    }
    let parts = r["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 5, "{r}");
    let sum: f64 = parts.iter().map(|p| p["cpu_s"].as_f64().unwrap()).sum();
    let total = r["ukrainian"]["cpu_s"].as_f64().unwrap();
    assert!(
        (sum - total).abs() < 1e-6,
        "parts {sum} against the run's {total}"
    );
}
