//! `litopys terms` and `/api/terms` end to end: the words and entities over-represented
//! in the matching articles come first, words every article has do not appear, and the
//! query's own words are left out.

use serde_json::Value;

use crate::common::server::{index_of, RunningServer};
use crate::common::{litopys, ok};

/// Ten articles: four on China, three of them on soybeans; «новини» in every one.
const LINES: [&str; 10] = [
    r#"{"id":"1","title":"Соя","text":"Новини. Китай купує соєвих бобів більше. Казахстан теж."}"#,
    r#"{"id":"2","title":"Соя","text":"Новини. Китай уклав угоду про постачання соєвих бобів."}"#,
    r#"{"id":"3","title":"Соя","text":"Новини. Китай і Казахстан: ціни соєвих бобів ростуть."}"#,
    r#"{"id":"4","title":"Порт","text":"Новини. Китай відкрив порт."}"#,
    r#"{"id":"5","title":"Погода","text":"Новини. Завтра дощ у Львові."}"#,
    r#"{"id":"6","title":"Футбол","text":"Новини. Команда виграла матч."}"#,
    r#"{"id":"7","title":"Театр","text":"Новини. У театрі прем'єра."}"#,
    r#"{"id":"8","title":"Ринок","text":"Новини. Ціни на ринку."}"#,
    r#"{"id":"9","title":"Дороги","text":"Новини. Ремонт доріг."}"#,
    r#"{"id":"10","title":"Школа","text":"Новини. Канікули в школах."}"#,
];

fn term_names(v: &Value) -> Vec<String> {
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn terms_characterise_the_results_against_the_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let index = index_of(tmp.path(), &LINES);
    let out = ok(&litopys(&[
        "terms",
        "Китай",
        "--index",
        &index,
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 4, "{v}");
    assert_eq!(v["sample"], 4);
    assert_eq!(v["background"], 10);
    let names = term_names(&v);
    let soy = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "соєвих")
        .unwrap_or_else(|| panic!("соєвих is characteristic: {v}"));
    assert_eq!(
        (soy["foreground"].as_u64(), soy["background"].as_u64()),
        (Some(3), Some(3))
    );
    assert!(
        !names.iter().any(|n| n == "новини"),
        "a word of every article: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.to_lowercase() == "китай"),
        "the query's own word: {names:?}"
    );
    // Scores are in descending order.
    let scores: Vec<f64> = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    let text = ok(&litopys(&["terms", "Китай", "--index", &index, "--limit", "3"]));
    assert!(
        text.starts_with("3 terms characterising the 4 articles matching «Китай», against all 10 articles"),
        "{text}"
    );

    let server = RunningServer::start(std::path::Path::new(&index), &[]);
    let body = ureq::get(&server.url("/api/terms?q=%D0%9A%D0%B8%D1%82%D0%B0%D0%B9&limit=50"))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let api: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(term_names(&api), names, "the API answers as the command line");
}
