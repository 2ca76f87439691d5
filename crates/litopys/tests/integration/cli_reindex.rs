//! End to end: `litopys index` on an existing index — incremental runs after edits,
//! additions, deletions, renames and touches; `--dry-run`; another lexicon or entity list;
//! `litopys optimize`. Archives are generated in temporary folders and analysed with the
//! tiny lexicon. Interruptions and concurrency are in `cli_reindex_jobs.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::reindex::{
    articles, assert_holds, counts, expected, expected_despite_skips, generate, index, search_ids,
};
use crate::common::{build_lexicon, litopys, litopys_with, ok, s, text, tiny_tsv, write_jsonl, Rng};
use serde_json::Value;

#[test]
fn edits_additions_deletions_and_renames_between_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    fs::create_dir(&archive).unwrap();
    let mut rng = Rng(7);
    let mut a = articles(&mut rng, "a", 5);
    write_jsonl(&archive.join("a.jsonl"), &a);
    write_jsonl(&archive.join("b.jsonl"), &articles(&mut rng, "b", 3));
    fs::write(
        archive.join("c.txt"),
        "date 2024-03-12 Угода з Китаєм\n\nКомпанія підписала угоду.\n",
    )
    .unwrap();
    let d =
        r#"[{"id": "d-0", "text": "Експорт зерна до Польщі."}, {"id": "d-1", "text": "Україна та Польща."}]"#;
    fs::write(archive.join("d.json"), d).unwrap();

    let (out, r) = index(&archive, &ix, &[]);
    assert!(
        ok(&out).starts_with("indexed 11 articles ("),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(counts(&r.unwrap()), (11, 0, 0, 0));

    // Nothing changed: no file is read, nothing is committed.
    let (out, r) = index(&archive, &ix, &[]);
    ok(&out);
    let r = r.unwrap();
    assert_eq!(counts(&r), (0, 0, 11, 0));
    assert_eq!(
        (
            r["files_read"].as_u64(),
            r["files_unchanged"].as_u64(),
            r["commits"].as_u64()
        ),
        (Some(0), Some(4), Some(0))
    );

    // Edit one article and append one to a.jsonl, delete b.jsonl, rename d.json (its
    // articles keep their ids), add a file.
    a[1].2 = "Кукурудза замість зерна.".into();
    a.push(("a-5".into(), "Новина".into(), "Польща інвестує.".into()));
    write_jsonl(&archive.join("a.jsonl"), &a);
    fs::remove_file(archive.join("b.jsonl")).unwrap();
    fs::rename(archive.join("d.json"), archive.join("e.json")).unwrap();
    fs::write(archive.join("f.txt"), "Новина\n\nКомпанія інвестує в Україні.\n").unwrap();
    let (out, r) = index(&archive, &ix, &[]);
    let stdout = ok(&out);
    let r = r.unwrap();
    // Added a-5 and f.txt; updated a-1 and the two renamed; deleted b-0..2; unchanged
    // a-0, a-2..4 and c.txt.
    assert_eq!(counts(&r), (2, 3, 5, 3), "{stdout}");
    assert_eq!(
        (r["files_read"].as_u64(), r["files_unchanged"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(
        stdout.starts_with("indexed 10 articles")
            && stdout.contains("2 added, 3 updated, 5 unchanged, 3 deleted"),
        "{stdout}"
    );
    assert_holds(&ix, &expected(&archive));

    // Ids are stable; the edited article is found by its new words only; renamed
    // articles point at their new file.
    assert_eq!(search_ids(&ix, "кукурудза"), ["a-1"]);
    assert!(search_ids(&ix, &format!("\"{}\"", a[0].2.trim_end_matches('.'))).contains(&"a-0".to_string()));
    let hits = ok(&litopys(&[
        "search",
        "--index",
        s(&ix),
        "--format",
        "json",
        "Польщі",
    ]));
    assert!(hits.contains("e.json#0") && !hits.contains("d.json"), "{hits}");

    // A touched file is read again, found unchanged, and not read the next time.
    let f = fs::File::options()
        .write(true)
        .open(archive.join("c.txt"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let (_, r) = index(&archive, &ix, &[]);
    let r = r.unwrap();
    assert_eq!((counts(&r), r["files_read"].as_u64()), ((0, 0, 10, 0), Some(1)));
    let (_, r) = index(&archive, &ix, &[]);
    assert_eq!(r.unwrap()["files_read"].as_u64(), Some(0));
}

/// The bytes of every file in `dir`, by name.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn dry_run_says_what_would_change_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    fs::create_dir(&archive).unwrap();
    let mut rng = Rng(11);
    let mut a = articles(&mut rng, "a", 6);
    write_jsonl(&archive.join("a.jsonl"), &a);
    write_jsonl(&archive.join("b.jsonl"), &articles(&mut rng, "b", 2));

    // On a new index: everything would be added, and no folder is created.
    let (out, r) = index(&archive, &ix, &["--dry-run"]);
    // One line per file read says which fields fed the articles; the summary comes last.
    let stdout = ok(&out);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].ends_with("a.jsonl: text←text, title←title, date←date, id←id"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("dry run: would add 8, update 0 and delete 0"),
        "{stdout}"
    );
    assert_eq!(r.unwrap()["dry_run"], true);
    assert!(!ix.exists());

    ok(&index(&archive, &ix, &[]).0);
    a[0].2 = "Змінений текст.".into();
    a.pop();
    a.push(("a-new".into(), "Нове".into(), "Нова стаття.".into()));
    write_jsonl(&archive.join("a.jsonl"), &a);
    fs::remove_file(archive.join("b.jsonl")).unwrap();
    let before = snapshot(&ix);
    let (out, r) = index(&archive, &ix, &["--dry-run"]);
    let stdout = ok(&out);
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("dry run: would add 1, update 1 and delete 3; 4 unchanged"),
        "{stdout}"
    );
    let dry = r.unwrap();
    assert_eq!(before, snapshot(&ix), "--dry-run changed the index");
    // The real run does what the dry run said.
    let (_, r) = index(&archive, &ix, &[]);
    assert_eq!(counts(&r.unwrap()), counts(&dry));
    assert_holds(&ix, &expected(&archive));
}

#[test]
fn another_lexicon_or_entity_list_needs_a_rebuild_and_search_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(9);
    generate(&archive, &mut rng, 2, 20);
    ok(&index(&archive, &ix, &[]).0);

    let other = tmp.path().join("other.fst");
    build_lexicon(
        &format!("{}кукурудза\tкукурудза\tnoun:inanim:f:v_naz\n", tiny_tsv()),
        &other,
    );
    let out = litopys_with(&other, None, &["index", s(&archive), "--index", s(&ix)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("with lexicon") && text(&out.stderr).contains("--rebuild"));
    let out = litopys_with(&other, None, &["search", "--index", s(&ix), "Китаєм"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with("litopys: warning: the index at"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("articles match"));

    // Another entity extraction (the metadata of an index built with entities).
    let meta_path = ix.join("litopys.json");
    let mut meta: Value = serde_json::from_slice(&fs::read(&meta_path).unwrap()).unwrap();
    assert!(
        meta["entities"].as_str().unwrap().starts_with("entities-"),
        "{meta}"
    );
    meta["entities"] = "entities-9:abc".into();
    fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    let out = litopys(&["index", s(&archive), "--index", s(&ix)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("with entity extraction entities-9:abc"),
        "{}",
        text(&out.stderr)
    );
    let out = litopys(&["search", "--index", s(&ix), "Китаєм"]);
    assert!(
        out.status.success() && text(&out.stderr).contains("entity"),
        "{}",
        text(&out.stderr)
    );
    // Another index format is refused, not searched.
    meta["format"] = 999.into();
    fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    assert_eq!(
        litopys(&["search", "--index", s(&ix), "Китаєм"]).status.code(),
        Some(1)
    );

    let (out, r) = index(&archive, &ix, &["--rebuild"]);
    ok(&out);
    assert_eq!(counts(&r.unwrap()).0, 40);
    let out = litopys(&["search", "--index", s(&ix), "Китаєм"]);
    assert!(
        out.status.success() && text(&out.stderr).is_empty(),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn optimize_merges_segments_and_the_next_job_still_knows_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(13);
    generate(&archive, &mut rng, 4, 100);
    ok(&index(&archive, &ix, &["--commit-every", "50"]).0);
    // Replace a few articles: their old versions stay on disk, marked deleted.
    let path = archive.join("part-01.jsonl");
    let mut arts: Vec<(String, String, String)> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let f = |k: &str| v[k].as_str().unwrap().to_string();
            (f("id"), f("title"), f("text"))
        })
        .collect();
    for a in arts.iter_mut().take(5) {
        a.2.push_str(" Виправлено.");
    }
    write_jsonl(&path, &arts);
    ok(&index(&archive, &ix, &[]).0);

    let out = ok(&litopys(&["optimize", "--index", s(&ix), "--format", "json"]));
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["before"]["segments"].as_u64().unwrap() > 1, "{r}");
    assert_eq!(r["before"]["deleted"], 5, "{r}");
    assert_eq!(
        (r["after"]["segments"].as_u64(), r["after"]["deleted"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(r["after"]["documents"], 400);
    assert_holds(&ix, &expected(&archive));
    let (_, r) = index(&archive, &ix, &[]);
    assert_eq!(counts(&r.unwrap()), (0, 0, 400, 0));
    let text_out = ok(&litopys(&["optimize", "--index", s(&ix)]));
    assert!(
        text_out.contains("1 segment, 400 articles, 0 deleted"),
        "{text_out}"
    );
}

#[test]
fn a_lost_manifest_costs_one_full_pass_and_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(17);
    generate(&archive, &mut rng, 3, 30);
    ok(&index(&archive, &ix, &[]).0);
    for entry in fs::read_dir(&ix).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("litopys-manifest-")
        {
            fs::remove_file(path).unwrap();
        }
    }
    fs::remove_file(archive.join("part-02.jsonl")).unwrap();
    let (out, r) = index(&archive, &ix, &[]);
    ok(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: the index does not say which files its 90 articles came from"),
        "{stderr}"
    );
    assert_eq!(counts(&r.unwrap()), (0, 60, 0, 30));
    assert_holds(&ix, &expected(&archive));
    let (_, r) = index(&archive, &ix, &[]);
    assert_eq!(counts(&r.unwrap()), (0, 0, 60, 0));
}

#[test]
fn skips_of_unchanged_files_are_still_counted_and_strict_still_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    fs::create_dir(&archive).unwrap();
    let lines = [
        r#"{"id": "m-1", "text": "Україна наростила експорт зерна."}"#,
        r#"{"id": "m-2", "text": "#,
        r#"{"id": "m-3", "title": "Без тексту"}"#,
    ];
    fs::write(archive.join("mixed.jsonl"), lines.join("\n") + "\n").unwrap();
    write_jsonl(&archive.join("clean.jsonl"), &articles(&mut Rng(19), "c", 3));
    let (out, _) = index(&archive, &ix, &[]);
    assert!(ok(&out).contains("skipped 2 (1 malformed-json, 1 no-text)"));

    // Nothing is read again, but the archive still has its two bad inputs.
    let (out, r) = index(&archive, &ix, &[]);
    let stdout = ok(&out);
    let r = r.unwrap();
    assert_eq!(
        (r["files_read"].as_u64(), r["skipped"].as_u64()),
        (Some(0), Some(2)),
        "{stdout}"
    );
    assert!(
        stdout.contains("skipped 2 (1 malformed-json, 1 no-text)"),
        "{stdout}"
    );
    let out = litopys(&["index", s(&archive), "--index", s(&ix), "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--strict: skipped 2") && stderr.contains("mixed.jsonl:2"),
        "{stderr}"
    );

    // A duplicate id in another file is resolved as a full rebuild would, run after run.
    write_jsonl(
        &archive.join("zz.jsonl"),
        &[("c-0".into(), "Дубль".into(), "Інший текст.".into())],
    );
    let (out, r) = index(&archive, &ix, &[]);
    assert!(
        text(&out.stderr).contains("duplicate id c-0"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(counts(&r.unwrap()), (0, 0, 4, 0));
    fs::remove_file(archive.join("clean.jsonl")).unwrap();
    let (_, r) = index(&archive, &ix, &[]);
    // c-0 now comes from zz.jsonl (read again because it had lost a duplicate).
    assert_eq!(counts(&r.unwrap()), (0, 1, 1, 2));
    assert_holds(&ix, &expected_despite_skips(&archive));
}
