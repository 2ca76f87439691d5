//! Tests of the reader with the ledger: lines the index holds byte for byte are reported
//! known without being parsed; edited, inserted and deleted lines are read, in order,
//! whether the file is scanned with its neighbours or streamed.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::*;
use crate::corpus::{discover, ArticleHeader};
use crate::indexer::ledger::{Ledger, Verdict};
use crate::indexer::manifest::Manifest;

/// Reads and classifies the archive under `root` as a job would, starting from `manifest`
/// (`limit`: the streaming limit). Returns the events as text, the deleted ids and the new
/// manifest.
fn job(root: &Path, manifest: Manifest, limit: u64) -> (String, Vec<String>, Manifest) {
    let (files, _) = discover(&[root.to_path_buf()]);
    let mut ledger = Ledger::new(manifest);
    let steps = ledger.plan(&[root.to_path_buf()], &files, &[]);
    let mut out = Vec::new();
    let limits = ReadLimits {
        stream: limit,
        ..ReadLimits::new(64 << 20)
    };
    let reader = spawn_reader(steps, Arc::new(AtomicBool::new(false)), limits, None);
    for event in reader.events.iter().flatten() {
        out.push(match event {
            // Notes (fields used, unreadable dates) are the subject of other tests.
            Event::Note(..) => continue,
            Event::Skipped(slot) => {
                ledger.skip_file(slot);
                "skip".to_string()
            }
            Event::Begin(slot, f) => {
                ledger.begin_file(slot, &f);
                "<".to_string()
            }
            Event::Item(slot, Ok((a, hash, line))) => {
                assert_ne!(line, 0, "a JSON Lines line has a fingerprint");
                let verdict = match ledger.classify(slot, &a, hash, line) {
                    Verdict::Added => "added",
                    Verdict::Updated => "updated",
                    Verdict::Unchanged => "unchanged",
                    Verdict::Duplicate(_) => "duplicate",
                };
                format!("{} {verdict}", a.id)
            }
            Event::Item(slot, Err(skip)) => {
                ledger.skipped(slot, &skip);
                format!("{}@{}", skip.reason.kind(), skip.line.unwrap_or(0))
            }
            Event::Known(slot, first, n) => {
                for line in first..first + n {
                    assert!(ledger.known_line(slot, line).is_none());
                }
                format!("known {first}+{n}")
            }
            Event::Done(slot, same) => {
                ledger.file_done(slot, false, same);
                ">".to_string()
            }
        });
    }
    assert!(reader.finished_cleanly());
    let gone = ledger.unseen();
    ledger.forget(&gone);
    (out.join(", "), gone, ledger.snapshot())
}

/// Writes `lines` to `path`, gzipped if it ends with `.gz`, with a modification time that
/// differs from the previous version's.
fn write(path: &Path, lines: &[&str], version: u64) {
    let text = lines.join("\n") + "\n";
    if path.extension().is_some_and(|e| e == "gz") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        std::fs::write(path, gz.finish().unwrap()).unwrap();
    } else {
        std::fs::write(path, text).unwrap();
    }
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000 + version);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

fn edited_inserted_deleted(name: &str, limit: u64) {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join(name);
    let mut lines = vec![
        r#"{"id": "a1", "text": "one"}"#,
        r#"{"text": "two, without an id"}"#,
        r#"{"id": "#,
        r#"{"id": "a4", "text": "four"}"#,
        "",
        r#"{"id": "a6", "text": "six"}"#,
    ];
    write(&path, &lines, 1);
    let (events, _, m) = job(t.path(), Manifest::default(), limit);
    let two = format!("{name}:2");
    assert_eq!(
        events,
        format!("<, a1 added, {two} added, malformed-json@3, a4 added, a6 added, >")
    );

    // Edited: only line 4 is parsed, the malformed line 3 is read (and reported) again.
    lines[3] = r#"{"id": "a4", "text": "four, corrected"}"#;
    write(&path, &lines, 2);
    let (events, gone, m) = job(t.path(), m, limit);
    assert_eq!(events, "<, known 1+2, malformed-json@3, a4 updated, known 6+1, >");
    assert!(gone.is_empty());

    // Nothing changed but the time: every line is known.
    write(&path, &lines, 3);
    let (events, _, m) = job(t.path(), m, limit);
    assert_eq!(events, "<, known 1+2, malformed-json@3, known 4+1, known 6+1, >");

    // Inserted at the top: every line moves, so every article is read again (an
    // article without an id is named after its line: the old name is deleted).
    lines.insert(0, r#"{"id": "a0", "text": "zero"}"#);
    write(&path, &lines, 4);
    let (events, gone, m) = job(t.path(), m, limit);
    assert_eq!(
        events,
        format!("<, a0 added, a1 updated, {name}:3 added, malformed-json@4, a4 updated, a6 updated, >")
    );
    assert_eq!(gone, [two]);

    // Deleted: the lines before it stay known, those after it move.
    lines.remove(5); // the blank line: nothing moves but a6
    lines.remove(2); // the article without an id
    write(&path, &lines, 5);
    let (events, gone, m) = job(t.path(), m, limit);
    assert_eq!(
        events,
        "<, known 1+2, malformed-json@3, a4 updated, a6 updated, >"
    );
    assert_eq!(gone, [format!("{name}:3")]);
    assert_eq!(m.articles(), 4);
    let listed: Vec<(u32, bool)> = m.files[0].articles.iter().map(|e| (e.pos, e.line != 0)).collect();
    assert_eq!(listed, [(1, true), (2, true), (4, true), (5, true)]);
}

#[test]
fn checked_lines_are_known_without_parsing_jsonl() {
    edited_inserted_deleted("a.jsonl", u64::MAX);
}

#[test]
fn checked_lines_are_known_without_parsing_gz() {
    edited_inserted_deleted("a.jsonl.gz", u64::MAX);
}

#[test]
fn checked_files_with_too_much_to_hold_are_streamed_alike() {
    edited_inserted_deleted("a.jsonl", 0);
    edited_inserted_deleted("a.jsonl.gz", 0);
}

#[test]
fn a_known_line_whose_id_an_earlier_file_took_is_a_duplicate() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("b.jsonl"), &[r#"{"id": "x", "text": "b"}"#], 1);
    let (_, _, m) = job(t.path(), Manifest::default(), u64::MAX);
    // A new file earlier in order takes the id; b changes elsewhere, so it is checked.
    write(&t.path().join("a.jsonl"), &[r#"{"id": "x", "text": "a"}"#], 1);
    write(
        &t.path().join("b.jsonl"),
        &[r#"{"id": "x", "text": "b"}"#, r#"{"id": "y", "text": "y"}"#],
        2,
    );
    let (files, _) = discover(&[t.path().to_path_buf()]);
    let mut ledger = Ledger::new(m);
    let steps = ledger.plan(&[t.path().to_path_buf()], &files, &[]);
    assert!(matches!(&steps[1], Step::Check(_, _, known) if known.len() == 1));
    let a = Article {
        header: ArticleHeader {
            id: "x".into(),
            title: None,
            date: None,
            published: None,
            source: None,
            url: None,
            language: None,
        },
        text: "a".into(),
        origin: crate::corpus::Origin {
            path: files[0].path.clone(),
            line: Some(1),
            index: None,
        },
    };
    let (Step::Read(sa, fa), Step::Check(sb, fb, _)) = (&steps[0], &steps[1]) else {
        panic!("a is read, b checked: {steps:?}")
    };
    ledger.begin_file(*sa, fa);
    assert_eq!(ledger.classify(*sa, &a, content_hash(&a), 7), Verdict::Updated);
    ledger.file_done(*sa, false, true);
    ledger.begin_file(*sb, fb);
    let skip = ledger.known_line(*sb, 1).expect("a duplicate");
    assert_eq!(
        skip.to_string(),
        format!(
            "{}:1: duplicate id x, first seen at {}:1",
            fb.path.display(),
            fa.path.display()
        )
    );
}
