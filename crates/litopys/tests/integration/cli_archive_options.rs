//! How `litopys index` reads an archive in another shape than the sample's: `--field`
//! for unknown field names, `--dry-run` saying which field fed what, dates that cannot be
//! read (indexed undated, one warning per file, `--strict` refusing), times and offsets
//! kept, and files of unknown type reported.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{litopys, ok, s, text};

/// An archive whose JSON Lines use names no list knows (`tekst`, `zagolovok`, `data`).
fn odd_names(root: &Path) {
    fs::create_dir_all(root).unwrap();
    let lines = [
        r#"{"nomer": "o-1", "zagolovok": "Порт у Херсоні", "data": "2025-09-05T14:30:00+03:00", "tekst": "Порт відновив приймання суден після ремонту причалів."}"#,
        r#"{"nomer": "o-2", "zagolovok": "Міст через Десну", "data": "вчора ввечері", "tekst": "Міст через Десну відкрили для легковиків."}"#,
        r#"{"nomer": "o-3", "zagolovok": "Ярмарок меду", "data": "31.02.2024", "tekst": "На ярмарку меду продали дві тонни гречаного."}"#,
    ];
    fs::write(root.join("odd.jsonl"), lines.join("\n") + "\n").unwrap();
}

fn search_json(ix: &Path, query: &str) -> Vec<Value> {
    let out = ok(&litopys(&[
        "search",
        query,
        "--index",
        s(ix),
        "--format",
        "json",
        "--limit",
        "all",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    v["hits"].as_array().cloned().unwrap_or_default()
}

#[test]
fn field_overrides_feed_unknown_names_and_dry_run_shows_them() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    odd_names(&archive);
    let ix = tmp.path().join("ix");
    let fields = [
        "--field",
        "text=tekst",
        "--field",
        "title=zagolovok",
        "--field",
        "date=data",
        "--field",
        "id=nomer",
    ];

    // Without the overrides no line has a text.
    let out = litopys(&["index", s(&archive), "--index", s(&ix), "--dry-run"]);
    assert!(
        text(&out.stdout).contains("skipped 3 (3 no-text)"),
        "{}",
        text(&out.stdout)
    );

    let mut args = vec!["index", s(&archive), "--index", s(&ix), "--dry-run"];
    args.extend(fields);
    let dry = ok(&litopys(&args));
    let file = archive.join("odd.jsonl");
    let expected = format!(
        "{}: text←tekst, title←zagolovok, date←data, id←nomer",
        file.display()
    );
    assert!(
        dry.lines().any(|l| l == expected),
        "missing `{expected}` in:\n{dry}"
    );
    assert!(dry.contains("would add 3"), "{dry}");
    assert!(!ix.exists(), "a dry run writes nothing");

    let mut args = vec!["index", s(&archive), "--index", s(&ix)];
    args.extend(fields);
    let out = litopys(&args);
    let stdout = ok(&out);
    assert!(stdout.contains("3 added"), "{stdout}");
    // Two unreadable dates: one warning line for the file, with the count and the first.
    let stderr = text(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("litopys: warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("2 articles with an unreadable date indexed undated")
            && warnings[0].contains(&format!("first at {}:2: `data`:", file.display()))
            && warnings[0].contains("вчора ввечері"),
        "{stderr}"
    );
    assert!(stdout.contains("2 undated (unreadable date)"), "{stdout}");

    // Every article is found, with its title; the dated one keeps its time and offset.
    let port = search_json(&ix, "порт");
    assert_eq!(port.len(), 1);
    assert_eq!(port[0]["id"], "o-1");
    assert_eq!(port[0]["title"], "Порт у Херсоні");
    assert_eq!(port[0]["date"], "2025-09-05");
    assert_eq!(port[0]["published"], "2025-09-05T14:30:00+03:00");
    let bridge = search_json(&ix, "міст");
    assert_eq!(bridge.len(), 1);
    assert_eq!(
        (&bridge[0]["date"], &bridge[0]["published"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(search_json(&ix, "ярмарок").len(), 1);
}

#[test]
fn strict_refuses_unreadable_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    odd_names(&archive);
    let ix = tmp.path().join("ix");
    let out = litopys(&[
        "index",
        s(&archive),
        "--index",
        s(&ix),
        "--strict",
        "--field",
        "text=tekst",
        "--field",
        "date=data",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--strict: 2 unreadable dates, the first being"),
        "{stderr}"
    );
    assert!(!ix.exists());
}

#[test]
fn bad_field_and_encoding_options_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    odd_names(&archive);
    let ix = tmp.path().join("ix");
    for (flag, value, says) in [
        ("--field", "body", "KEY=NAME"),
        ("--field", "colour=tekst", "colour"),
        ("--encoding", "klingon", "unknown text encoding `klingon`"),
    ] {
        let out = litopys(&["index", s(&archive), "--index", s(&ix), flag, value]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{flag} {value}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(says),
            "{flag} {value}: {}",
            text(&out.stderr)
        );
        assert!(!ix.exists());
    }
}

#[test]
fn files_of_unknown_type_are_counted_once_and_hidden_ones_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    fs::create_dir_all(archive.join("docs")).unwrap();
    fs::create_dir_all(archive.join(".git")).unwrap();
    fs::write(archive.join("a.txt"), "Текст новини про порт.\n").unwrap();
    fs::write(archive.join("docs/report.pdf"), b"%PDF-1.4").unwrap();
    fs::write(archive.join("docs/scan.PDF"), b"%PDF-1.4").unwrap();
    fs::write(archive.join("docs/notes.docx"), b"PK").unwrap();
    fs::write(archive.join(".git/config"), b"[core]").unwrap();
    fs::write(archive.join(".DS_Store"), b"x").unwrap();
    let ix = tmp.path().join("ix");
    let report = tmp.path().join("report.json");
    let out = litopys(&["index", s(&archive), "--index", s(&ix), "--report", s(&report)]);
    ok(&out);
    let stderr = text(&out.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("unknown type")).collect();
    assert_eq!(
        notes,
        ["litopys: note: ignored 3 files of unknown type: .pdf 2, .docx 1"],
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(report["ignored_by_type"][".pdf"], 2);
    assert_eq!(report["ignored_by_type"][".docx"], 1);
    assert_eq!(report["ignored_by_type"].as_object().unwrap().len(), 2);
}
