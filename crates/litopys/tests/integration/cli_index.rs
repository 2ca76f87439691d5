//! End to end: `litopys index` and `litopys stats` on real indexes in temporary folders,
//! with the tiny lexicon built by `litopys lexicon build-tsv`.

use std::fs;
use std::path::Path;

use crate::common::{
    build_lexicon, litopys, litopys_with, ok, s, sample_corpus, text, tiny_lexicon, tiny_tsv,
};
use serde_json::Value;

fn stats_json(lexicon: &Path, index: &Path) -> Value {
    let out = litopys_with(lexicon, None, &["stats", "--index", s(index), "--format", "json"]);
    serde_json::from_str(&ok(&out)).expect("stats JSON")
}

fn article_count(index: &Path) -> u64 {
    stats_json(tiny_lexicon(), index)["articles"].as_u64().unwrap()
}

/// An archive with one bad input of each kind among good ones: 4 good articles, 5 skips.
fn bad_archive(root: &Path) {
    fs::create_dir_all(root).unwrap();
    fs::write(
        root.join("good.txt"),
        "date 2024-03-12 Україна та Польща\n\nКомпанія підписала угоду з Китаєм.\n",
    )
    .unwrap();
    // UTF-8 with one damaged byte (a legacy code page would be detected and read).
    let mut damaged = "date 2024-03-12 Угода з Польщею\n\nКомпанія підписала угоду "
        .as_bytes()
        .to_vec();
    damaged.push(0xff);
    damaged.extend_from_slice(" з Польщею.\n".as_bytes());
    fs::write(root.join("damaged.txt"), damaged).unwrap();
    let lines = [
        r#"{"id": "m-1", "title": "Експорт зерна", "date": "2021-02-09", "source": "Агроогляд", "text": "Україна наростила експорт зерна до Китаю."}"#,
        r#"{"id": "m-2", "title": "Обірваний рядок", "text": "#,
        r#"{"id": "m-3", "date": "2022-05-16", "text": "Комерційні угоди з Польщею."}"#,
        r#"{"id": "m-4", "title": "Без тексту"}"#,
        r#"{"id": "m-5", "date": "2023-02-30", "text": "Такого дня немає."}"#,
        r#"{"id": "m-6", "text": "Компанія інвестує в Україні."}"#,
    ];
    fs::write(root.join("mixed.jsonl"), lines.join("\n") + "\n").unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.jsonl"), root.join("x.jsonl")).unwrap();
}

#[test]
fn indexes_the_sample_corpus_and_describes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let out = ok(&litopys(&["index", s(&sample_corpus()), "--index", s(&ix)]));
    assert!(out.starts_with("indexed 49 articles ("), "{out}");
    assert!(
        out.contains("from 31 files") && out.contains("skipped 0;"),
        "{out}"
    );
    let stats = stats_json(tiny_lexicon(), &ix);
    assert_eq!(stats["articles"], 49);
    assert_eq!(stats["dates"]["first"], "2019-03-05");
    assert_eq!(stats["dates"]["last"], "2025-11-18");
    assert_eq!(stats["dates"]["without_date"], 2);
    assert_eq!(stats["sources"]["distinct"], 7);
    assert_eq!(stats["installed"]["lexicon_matches"], true);
    assert!(stats["size_bytes"].as_u64().unwrap() > 0);

    let text_stats = ok(&litopys(&["stats", "--index", s(&ix)]));
    assert!(text_stats.contains("articles:   49"), "{text_stats}");
    assert!(text_stats.contains("2019-03-05 … 2025-11-18"), "{text_stats}");

    // Rerunning on the same archive replaces articles by id instead of duplicating them.
    let again = ok(&litopys(&["index", s(&sample_corpus()), "--index", s(&ix)]));
    assert!(again.starts_with("indexed 49 articles"), "{again}");
    assert_eq!(article_count(&ix), 49);
}

#[test]
fn bad_inputs_are_reported_with_file_and_line_and_the_rest_is_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    bad_archive(&archive);
    let ix = tmp.path().join("ix");
    let out = litopys(&["index", s(&archive), "--index", s(&ix)]);
    let stdout = ok(&out);
    let stderr = text(&out.stderr);
    assert!(
        stdout.contains("indexed 5 articles")
            && stdout.contains("skipped 4 (1 invalid-utf8, 1 malformed-json, 1 no-text, 1 unreadable)"),
        "{stdout}"
    );
    let a = archive.display();
    for expected in [
        format!("litopys: skipped {a}/damaged.txt: not valid UTF-8"),
        format!("litopys: skipped {a}/mixed.jsonl:2: malformed JSON"),
        format!("litopys: skipped {a}/mixed.jsonl:4: no text"),
        format!("litopys: skipped {a}/x.jsonl: unreadable"),
        // The impossible date of mixed.jsonl:5 costs the date, not the article: one
        // warning for the file.
        format!(
            "litopys: warning: {a}/mixed.jsonl: 1 article with an unreadable date indexed undated; \
             first at {a}/mixed.jsonl:5: `date`: 2023-02-30 is not a day of the calendar"
        ),
    ] {
        assert!(stderr.contains(&expected), "missing `{expected}` in:\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), 5, "{stderr}");
    assert!(stdout.contains(", 1 undated (unreadable date);"), "{stdout}");
    assert_eq!(article_count(&ix), 5);
}

#[test]
fn strict_fails_and_leaves_no_index() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    bad_archive(&archive);
    let ix = tmp.path().join("ix");
    let out = litopys(&["index", s(&archive), "--index", s(&ix), "--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--strict") && stderr.contains("skipped 4") && stderr.contains("1 unreadable date"),
        "{stderr}"
    );
    assert!(!ix.exists());

    // An existing index is left as it was.
    ok(&litopys(&[
        "index",
        s(&archive.join("good.txt")),
        "--index",
        s(&ix),
    ]));
    let out = litopys(&["index", s(&archive), "--index", s(&ix), "--strict", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(article_count(&ix), 1);
}

#[test]
fn a_missing_lexicon_says_how_to_install_one() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    let missing = tmp.path().join("no-lexicon.fst");
    let out = litopys_with(&missing, None, &["index", s(&sample_corpus()), "--index", s(&ix)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("litopys lexicon install"),
        "{}",
        text(&out.stderr)
    );
    assert!(!ix.exists());
}

#[test]
fn another_lexicon_is_refused_until_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    ok(&litopys(&["index", s(&sample_corpus()), "--index", s(&ix)]));

    let other = tmp.path().join("other.fst");
    build_lexicon(
        &format!("{}кукурудза\tкукурудза\tnoun:inanim:f:v_naz\n", tiny_tsv()),
        &other,
    );
    let corpus = sample_corpus();
    let args = ["index", s(&corpus), "--index", s(&ix)];
    let out = litopys_with(&other, None, &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("lexicon") && stderr.contains("--rebuild"),
        "{stderr}"
    );
    let stats = stats_json(&other, &ix);
    assert_eq!(stats["installed"]["lexicon_matches"], false);
    assert_eq!(stats["articles"], 49);

    let out = litopys_with(&other, None, &[&args[..], &["--rebuild"]].concat());
    ok(&out);
    let stats = stats_json(&other, &ix);
    assert_eq!(stats["installed"]["lexicon_matches"], true);
    assert_eq!(stats["articles"], 49);
    let left: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !left.iter().any(|n| n.to_string_lossy().contains("rebuild")),
        "{left:?}"
    );
}

#[test]
fn defaults_quiet_and_bad_usage() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(
        corpus.join("a.jsonl"),
        r#"{"id": "a", "text": "Угода з Китаєм."}"#,
    )
    .unwrap();
    // `litopys index` reads corpus/ into index/ of the current folder.
    let out = litopys_with(tiny_lexicon(), Some(tmp.path()), &["index", "--quiet"]);
    assert_eq!(ok(&out), "");
    assert_eq!(text(&out.stderr), "");
    assert_eq!(article_count(&tmp.path().join("index")), 1);

    let out = litopys(&[
        "index",
        s(&corpus),
        "--index",
        s(&tmp.path().join("x")),
        "--memory",
        "3X",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = litopys(&[
        "index",
        s(&corpus),
        "--index",
        "x",
        "--memory",
        "20M",
        "--threads",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("at least 15 MB"),
        "{}",
        text(&out.stderr)
    );

    // A folder of other files is never written into.
    let foreign = tmp.path().join("docs");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "x").unwrap();
    let out = litopys(&["index", s(&corpus), "--index", s(&foreign)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
}
