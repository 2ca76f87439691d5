//! Tests of the ledger: the decisions of incremental jobs, without an index.

use std::time::{Duration, UNIX_EPOCH};

use super::*;
use crate::corpus::{content_hash, ArticleDate, ArticleHeader};

fn file(path: &str, size: u64, secs: u64) -> SourceFile {
    SourceFile {
        path: path.into(),
        root: "a".into(),
        size,
        modified: Some(UNIX_EPOCH + Duration::from_secs(secs)),
        format: Format::from_path(Path::new(path)).unwrap(),
        compression: crate::corpus::Compression::from_path(Path::new(path)),
        options: Default::default(),
    }
}

fn article(id: &str, path: &str, line: usize, text: &str) -> Article {
    Article {
        header: ArticleHeader {
            id: id.into(),
            title: None,
            date: ArticleDate::parse("2024-03-12").ok(),
            published: None,
            source: None,
            url: None,
            language: None,
        },
        text: text.into(),
        origin: Origin {
            path: path.into(),
            line: Some(line),
            index: None,
        },
    }
}

/// Runs one job over `files` (path, size, time, articles) and returns the verdicts by id,
/// the deleted ids and the resulting manifest.
fn job(
    manifest: Manifest,
    files: &[(&str, u64, u64, Vec<Article>)],
) -> (Vec<(String, &'static str)>, Vec<String>, Manifest) {
    let mut ledger = Ledger::new(manifest);
    let sources: Vec<SourceFile> = files.iter().map(|(p, s, t, _)| file(p, *s, *t)).collect();
    let steps = ledger.plan(&["a".into()], &sources, &[]);
    let mut verdicts = Vec::new();
    for (step, (_, _, _, articles)) in steps.iter().zip(files) {
        match step {
            Step::Skip(slot) => {
                let _ = ledger.skip_file(*slot);
                verdicts.push(("(file)".to_string(), "skipped"));
            }
            Step::Read(slot, f) | Step::Check(slot, f, _) => {
                ledger.begin_file(*slot, f);
                for a in articles {
                    let v = match ledger.classify(*slot, a, content_hash(a), 0) {
                        Verdict::Added => "added",
                        Verdict::Updated => "updated",
                        Verdict::Unchanged => "unchanged",
                        Verdict::Duplicate(skip) => {
                            ledger.skipped(*slot, &skip);
                            "duplicate"
                        }
                    };
                    verdicts.push((a.id.clone(), v));
                }
                ledger.file_done(*slot, false, true);
            }
        }
    }
    let gone = ledger.unseen();
    ledger.forget(&gone);
    (verdicts, gone, ledger.snapshot())
}

fn v(pairs: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    pairs.iter().map(|(a, b)| (a.to_string(), *b)).collect()
}

#[test]
fn add_skip_edit_delete_and_move() {
    let a1 = article("a1", "a/x.jsonl", 1, "one");
    let a2 = article("a2", "a/x.jsonl", 2, "two");
    let b1 = article("b1", "a/y.jsonl", 1, "three");
    let (verdicts, gone, m1) = job(
        Manifest::default(),
        &[
            ("a/x.jsonl", 10, 1, vec![a1.clone(), a2.clone()]),
            ("a/y.jsonl", 5, 1, vec![b1.clone()]),
        ],
    );
    assert_eq!(verdicts, v(&[("a1", "added"), ("a2", "added"), ("b1", "added")]));
    assert!(gone.is_empty());
    assert_eq!(m1.articles(), 3);
    assert!(m1.files.iter().all(|f| f.complete));

    // Same size and time: not read. x edited (a2 changed, a1 same), y deleted, b1 moved
    // into a new file z.
    let a2e = article("a2", "a/x.jsonl", 2, "two, corrected");
    let b1z = article("b1", "a/z.jsonl", 1, "three");
    let (verdicts, gone, m2) = job(
        m1.clone(),
        &[
            ("a/x.jsonl", 11, 2, vec![a1.clone(), a2e]),
            ("a/z.jsonl", 5, 2, vec![b1z]),
        ],
    );
    assert_eq!(
        verdicts,
        v(&[("a1", "unchanged"), ("a2", "updated"), ("b1", "updated")])
    );
    assert!(gone.is_empty(), "a moved id is not deleted: {gone:?}");
    assert_eq!(m2.files.len(), 2, "{m2:?}");

    let (verdicts, gone, _) = job(m2.clone(), &[("a/x.jsonl", 11, 2, vec![])]);
    assert_eq!(verdicts, v(&[("(file)", "skipped")]));
    assert_eq!(gone, ["b1"]);
}

#[test]
fn duplicates_resolve_in_discovery_order_even_for_unread_files() {
    let x = article("same", "a/x.jsonl", 1, "first");
    let (_, _, m) = job(Manifest::default(), &[("a/x.jsonl", 10, 1, vec![x])]);
    // A new file later in order with the same id: the unread x keeps it.
    let y = article("same", "a/y.jsonl", 1, "second");
    let (verdicts, gone, m2) = job(m, &[("a/x.jsonl", 10, 1, vec![]), ("a/y.jsonl", 4, 1, vec![y])]);
    assert_eq!(verdicts, v(&[("(file)", "skipped"), ("same", "duplicate")]));
    assert!(gone.is_empty());
    // y lost a duplicate to another file: it is read again next time.
    let y_entry = m2.files.iter().find(|f| f.path.ends_with(b"a/y.jsonl")).unwrap();
    assert!(!y_entry.complete);
    // A new file earlier in order takes the id; x is marked to be read again.
    let w = article("same", "a/w.jsonl", 1, "zeroth");
    let (verdicts, _, m3) = job(
        m2,
        &[
            ("a/w.jsonl", 3, 1, vec![w]),
            ("a/x.jsonl", 10, 1, vec![]),
            ("a/y.jsonl", 4, 1, vec![]),
        ],
    );
    assert_eq!(verdicts[0], ("same".to_string(), "updated"));
    let x_entry = m3.files.iter().find(|f| f.path.ends_with(b"a/x.jsonl")).unwrap();
    assert!(!x_entry.complete && x_entry.articles.is_empty());
}

#[test]
fn an_unknown_index_replaces_everything_once_and_deletes_the_rest() {
    let m = Manifest::from_ids(["a1".to_string(), "old".to_string()]);
    let a1 = article("a1", "a/x.jsonl", 1, "one");
    let (verdicts, gone, m2) = job(m, &[("a/x.jsonl", 10, 1, vec![a1.clone()])]);
    assert_eq!(verdicts, v(&[("a1", "updated")]));
    assert_eq!(gone, ["old"]);
    assert!(m2.orphans.is_empty());
    let (verdicts, _, _) = job(m2, &[("a/x.jsonl", 10, 1, vec![a1])]);
    assert_eq!(verdicts, v(&[("(file)", "skipped")]));
}

#[test]
fn an_unread_file_still_counts_its_skips() {
    let mut ledger = Ledger::new(Manifest::default());
    let steps = ledger.plan(&["a".into()], &[file("a/x.jsonl", 10, 1)], &[]);
    let Step::Read(slot, f) = &steps[0] else {
        panic!("must read")
    };
    ledger.begin_file(*slot, f);
    let skip = Skip::at_line("a/x.jsonl", 2, SkipReason::NoText);
    ledger.skipped(*slot, &skip);
    ledger.skipped(*slot, &Skip::at_line("a/x.jsonl", 5, SkipReason::NoText));
    ledger.file_done(*slot, false, true);
    let mut ledger = Ledger::new(ledger.snapshot());
    let steps = ledger.plan(&["a".into()], &[file("a/x.jsonl", 10, 1)], &[]);
    let Step::Skip(slot) = steps[0] else {
        panic!("must skip")
    };
    let unread = ledger.skip_file(slot);
    assert_eq!(unread.skips, [("no-text".to_string(), 2)]);
    assert_eq!(unread.first_skip, Some(skip.to_string()));
}

#[test]
fn files_are_the_same_whatever_the_spelling_of_their_root() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("arch");
    std::fs::create_dir(&root).unwrap();
    let keys = Keys::new(&[root.clone(), t.path().join("arch/../arch/")]);
    let direct = keys.key(&root, &root.join("x.jsonl"));
    let other = keys.key(
        &t.path().join("arch/../arch/"),
        &t.path().join("arch/../arch/x.jsonl"),
    );
    assert_eq!(direct, other);
    assert_eq!(
        keys.key_below_roots(&root.join("sub")),
        direct.with_file_name("sub")
    );
}

#[test]
fn interrupted_and_troubled_files_keep_their_articles() {
    let a1 = article("a1", "a/x.jsonl", 1, "one");
    let a2 = article("a2", "a/x.jsonl", 2, "two");
    let (_, _, m) = job(Manifest::default(), &[("a/x.jsonl", 10, 1, vec![a1.clone(), a2])]);
    // The file changed; the job is interrupted after its first article.
    let mut ledger = Ledger::new(m.clone());
    let steps = ledger.plan(&["a".into()], &[file("a/x.jsonl", 12, 2)], &[]);
    let Step::Read(slot, f) = &steps[0] else {
        panic!("must read")
    };
    ledger.begin_file(*slot, f);
    assert_eq!(
        ledger.classify(*slot, &a1, content_hash(&a1), 0),
        Verdict::Unchanged
    );
    let snap = ledger.snapshot();
    assert_eq!(snap.articles(), 2, "the committed state still holds both");
    assert!(!snap.files[0].complete);
    // Read to a broken end: the unseen article stays.
    ledger.file_done(*slot, true, true);
    assert!(ledger.unseen().is_empty());
    assert!(!ledger.snapshot().files[0].complete);
    // Discovery could not enter the folder: its files keep their articles.
    let mut ledger = Ledger::new(m);
    ledger.plan(&["a".into()], &[], &["a".into()]);
    assert!(ledger.unseen().is_empty());
}

#[test]
fn known_lines_are_unchanged_and_a_file_listed_twice_gives_duplicates() {
    let mut ledger = Ledger::new(Manifest::default());
    let f = file("a/x.jsonl", 10, 1);
    let steps = ledger.plan(&["a".into()], std::slice::from_ref(&f), &[]);
    let Step::Read(slot, _) = &steps[0] else {
        panic!("a new file is read")
    };
    ledger.begin_file(*slot, &f);
    let a1 = article("a1", "a/x.jsonl", 1, "one");
    assert_eq!(ledger.classify(*slot, &a1, content_hash(&a1), 42), Verdict::Added);
    ledger.file_done(*slot, false, true);

    let mut ledger = Ledger::new(ledger.snapshot());
    let g = file("a/x.jsonl", 11, 2);
    let steps = ledger.plan(&["a".into()], &[g.clone(), g.clone()], &[]);
    let (Step::Check(s1, _, known), Step::Check(s2, _, _)) = (&steps[0], &steps[1]) else {
        panic!("a changed file with fingerprints is checked: {steps:?}")
    };
    assert_eq!((s1, known.as_slice()), (s2, &[(1, 42)][..]));
    ledger.begin_file(*s1, &g);
    assert!(ledger.known_line(*s1, 1).is_none());
    ledger.file_done(*s1, false, true);
    ledger.begin_file(*s2, &g);
    let skip = ledger.known_line(*s2, 1).expect("the second time, a duplicate");
    assert_eq!(skip.reason.kind(), "duplicate-id");
    ledger.file_done(*s2, false, true);
    assert!(ledger.unseen().is_empty());
    let m = ledger.snapshot();
    assert_eq!((m.articles(), m.files[0].articles[0].line), (1, 42));
}
