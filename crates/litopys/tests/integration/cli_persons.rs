//! Persons and organisations end to end with the real dictionary (the recogniser's
//! features are its lemmas and name tags): index three articles, count persons and
//! organisations, filter by any inflection. Skipped without the real lexicon unless
//! `LITOPYS_REQUIRE_LEXICON=1`.

use std::fs;
use std::path::PathBuf;

use crate::common::{litopys_with, ok, s, sorted_ids};
use serde_json::Value;

fn real_lexicon() -> Option<PathBuf> {
    let lexicon = std::env::var_os("LITOPYS_LEXICON")
        .map(PathBuf::from)
        .filter(|l| l.is_file());
    if lexicon.is_none() {
        assert!(
            std::env::var("LITOPYS_REQUIRE_LEXICON").as_deref() != Ok("1"),
            "LITOPYS_REQUIRE_LEXICON=1 but LITOPYS_LEXICON is missing"
        );
        eprintln!("skipped: no real lexicon");
    }
    lexicon
}

#[test]
fn persons_and_organisations_are_counted_and_filtered_in_any_form() {
    let Some(lexicon) = real_lexicon() else { return };
    let archive = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"a","date":"2024-03-01","title":"Зустріч у Києві","text":"Президент Володимир Зеленський зустрівся з Петром Порошенком у Києві. Зеленський заявив, що питання розгляне Верховна Рада."}"#,
        r#"{"id":"b","date":"2024-04-02","title":"Виступ у парламенті","text":"Юлія Тимошенко виступила у Верховній Раді. Тимошенко критикувала уряд за нові податки."}"#,
        r#"{"id":"c","date":"2024-05-03","title":"Бюджет","text":"Депутати обговорили бюджет. Петро Порошенко не прийшов на засідання."}"#,
    ];
    fs::write(archive.path().join("news.jsonl"), lines.join("\n")).unwrap();
    let index = tempfile::tempdir().unwrap();
    let idx = s(index.path());
    let run =
        |args: &[&str]| -> Value { serde_json::from_str(&ok(&litopys_with(&lexicon, None, args))).unwrap() };
    ok(&litopys_with(
        &lexicon,
        None,
        &["index", s(archive.path()), "--index", idx, "--quiet"],
    ));

    let persons = run(&["facets", "person", "--index", idx, "--format", "json"]);
    let count = |name: &str| {
        persons["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name)
            .map(|v| v["count"].as_u64().unwrap())
    };
    // One value per person whatever the case: «Петром Порошенком» and «Петро Порошенко».
    assert_eq!(count("Петро Порошенко"), Some(2), "{persons}");
    assert_eq!(count("Володимир Зеленський"), Some(1), "{persons}");
    assert_eq!(count("Юлія Тимошенко"), Some(1), "{persons}");
    // «Зеленський» alone in the same article is the same person, not a second value.
    assert_eq!(count("Зеленський"), None, "{persons}");

    let ids = |args: &[&str]| {
        let mut all = vec!["search", "", "--index", idx, "--format", "json"];
        all.extend_from_slice(args);
        sorted_ids(&run(&all))
    };
    assert_eq!(ids(&["--person", "Порошенком"]), ["a", "c"]);
    assert_eq!(ids(&["--person", "Петра Порошенка"]), ["a", "c"]);
    assert_eq!(ids(&["--person", "Тимошенко Юлії"]), ["b"]);
    assert_eq!(ids(&["--person", "Зеленського"]), ["a"]);

    // Organisations: «Верховна Рада» in two inflections is one organisation.
    let orgs = run(&["facets", "organisation", "--index", idx, "--format", "json"]);
    assert!(
        orgs["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["name"] == "Верховна Рада" && v["count"] == 2),
        "{orgs}"
    );
    assert_eq!(ids(&["--organisation", "Верховної Ради"]), ["a", "b"]);

    // Hits carry the persons they name.
    let hit = run(&["search", "зустріч", "--index", idx, "--format", "json"]);
    let names: Vec<&str> = hit["hits"][0]["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Володимир Зеленський") && names.contains(&"Петро Порошенко"),
        "{names:?}"
    );
}
