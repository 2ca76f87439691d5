//! End to end: JSON Lines files edited in place between runs — a line edited, inserted or
//! deleted, in a `.jsonl` and in a `.jsonl.gz`. Unchanged lines are recognised by their
//! fingerprint without being parsed; the index must still end exactly as a full rebuild
//! would make it, and malformed lines must still be reported at their current line.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::common::reindex::{assert_holds, counts, expected_despite_skips, index, words};
use crate::common::{ok, text, Rng};

/// `n` article lines with ids `{prefix}-{i}`, except every third, which has no `id` (it is
/// named after its file and line).
fn article_lines(rng: &mut Rng, prefix: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let text = format!("{}.", words(rng, 20));
            if i % 3 == 2 {
                serde_json::json!({"title": words(rng, 3), "text": text}).to_string()
            } else {
                serde_json::json!({"id": format!("{prefix}-{i}"), "date": "2024-03-12", "text": text})
                    .to_string()
            }
        })
        .collect()
}

/// Writes `lines` to `path`, gzipped for a `.gz`.
fn write(path: &Path, lines: &[String]) {
    let text = lines.join("\n") + "\n";
    if path.extension().is_some_and(|e| e == "gz") {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        fs::write(path, gz.finish().unwrap()).unwrap();
    } else {
        fs::write(path, text).unwrap();
    }
}

/// Runs `litopys index` and checks the index against a full reading of the archive;
/// returns (added, updated, unchanged, deleted) and stderr.
fn run(archive: &Path, ix: &Path) -> ((u64, u64, u64, u64), String) {
    let (out, report) = index(archive, ix, &[]);
    ok(&out);
    assert_holds(ix, &expected_despite_skips(archive));
    (counts(&report.expect("a report")), text(&out.stderr))
}

fn edit_insert_delete(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    fs::create_dir(&archive).unwrap();
    let mut rng = Rng(11);
    let mut lines = article_lines(&mut rng, "n", 12);
    lines.insert(4, r#"{"id": "bad", "text": }"#.to_string());
    let path = archive.join(name);
    write(&path, &lines);
    write(&archive.join("other.jsonl"), &article_lines(&mut rng, "o", 3));
    let malformed = |line: usize| format!("{name}:{line}: malformed JSON");

    let (c, err) = run(&archive, &ix);
    assert_eq!(c, (15, 0, 0, 0));
    assert!(err.contains(&malformed(5)), "{err}");

    // Edited in place: one article updated, the rest unchanged, the bad line reported.
    let mut v: serde_json::Value = serde_json::from_str(&lines[7]).unwrap();
    v["text"] = "Виправлений текст про експорт зерна.".into();
    lines[7] = v.to_string();
    write(&path, &lines);
    let (c, err) = run(&archive, &ix);
    assert_eq!(c, (0, 1, 14, 0));
    assert!(err.contains(&malformed(5)), "{err}");

    // Inserted at line 3: the lines below move. Articles with an id are updated; those
    // named after their line get a new name (added) and the old one goes (deleted).
    let below = lines[2..].iter().filter(|l| l.contains("\"title\"")).count() as u64;
    assert_eq!(below, 4);
    lines.insert(2, article_lines(&mut Rng(99), "new", 1).remove(0));
    write(&path, &lines);
    let (c, err) = run(&archive, &ix);
    // Added: the new one and the renamed; updated: the 6 with an id below; unchanged:
    // lines 1 and 2 and the other file.
    assert_eq!(c, (1 + below, 6, 2 + 3, below));
    assert!(err.contains(&malformed(6)), "{err}");

    // Deleted: the first line goes; everything below moves up again.
    lines.remove(0);
    write(&path, &lines);
    let (c, err) = run(&archive, &ix);
    assert_eq!(c.3, 1 + below, "n-0 and the renamed ones: {c:?}");
    assert!(err.contains(&malformed(5)), "{err}");

    // A line deleted at the end: only its article goes.
    let last = lines.pop().unwrap();
    assert!(last.contains("\"title\""), "the last one has no id: {last}");
    write(&path, &lines);
    let (c, _) = run(&archive, &ix);
    assert_eq!(c, (0, 0, 14, 1));

    // Touched only: the file is read, every line is known, nothing changes.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (c, err) = run(&archive, &ix);
    assert_eq!(c, (0, 0, 14, 0));
    assert!(err.contains(&malformed(5)), "{err}");
}

#[test]
fn lines_edited_inserted_and_deleted_in_a_jsonl() {
    edit_insert_delete("news.jsonl");
}

#[test]
fn lines_edited_inserted_and_deleted_in_a_jsonl_gz() {
    edit_insert_delete("news.jsonl.gz");
}
