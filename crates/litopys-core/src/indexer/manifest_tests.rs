//! Tests of the manifest: encoding, versions, commit payloads.

use super::*;

fn sample() -> Manifest {
    Manifest {
        files: vec![FileEntry {
            path: "a/b.jsonl".into(),
            size: 120,
            modified: Some(Duration::new(1_700_000_000, 123)),
            complete: true,
            articles: vec![Entry {
                id: "x-1".into(),
                hash: [7; 16],
                pos: 3,
                line: 0x1234_5678_9abc_def0,
            }],
            skips: vec![("malformed-json".into(), 2)],
            first_skip: Some("a/b.jsonl:4: malformed JSON".into()),
        }],
        orphans: vec![Entry {
            id: "gone".into(),
            hash: UNKNOWN_HASH,
            pos: 0,
            line: 0,
        }],
    }
}

#[test]
fn round_trip_and_damage() {
    let m = sample();
    let bytes = m.encode();
    assert_eq!(Manifest::decode(&bytes), Some(m.clone()));
    assert_eq!(Manifest::decode(&bytes[..bytes.len() - 1]), None);
    assert_eq!(Manifest::decode(b"nonsense"), None);
    assert_eq!(m.articles(), 2);
}

#[test]
fn version_2_is_read_without_line_fingerprints() {
    let m = sample();
    let mut want = m.clone();
    want.files[0].articles[0].line = 0;
    assert_eq!(Manifest::decode(&m.encode_as(false)), Some(want));
}

#[test]
fn write_then_clean_up() {
    let t = tempfile::tempdir().unwrap();
    let p1 = write_for_commit(t.path(), 1, &sample(), None).unwrap();
    let p2 = write_for_commit(t.path(), 2, &Manifest::default(), None).unwrap();
    assert_eq!(files_in(t.path()).len(), 2);
    let keep = payload_file(&p2).unwrap();
    remove_stale(t.path(), Some(&keep));
    assert_eq!(files_in(t.path()), [t.path().join(keep)]);
    assert_ne!(p1, p2);
}

#[test]
fn a_commit_with_the_last_opstamp_leaves_the_committed_manifest_alone() {
    // A job that changes only the manifest commits with the previous commit's opstamp;
    // if it is killed before its commit, the file the committed meta.json names must be
    // the one it checksummed.
    let t = tempfile::tempdir().unwrap();
    let first = write_for_commit(t.path(), 7, &sample(), None).unwrap();
    let before = fs::read(t.path().join(payload_file(&first).unwrap())).unwrap();
    let second = write_for_commit(t.path(), 7, &Manifest::default(), None).unwrap();
    assert_ne!(payload_file(&first), payload_file(&second));
    let after = fs::read(t.path().join(payload_file(&first).unwrap())).unwrap();
    assert_eq!(before, after);
    assert_eq!(files_in(t.path()).len(), 2);
}

/// Commits `payload` to a fresh index in `dir` and reads the manifest back.
fn committed_with(dir: &Path, payload: &str) -> Manifest {
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_u64_field("n", tantivy::schema::INDEXED);
    let index = Index::create_in_dir(dir, schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(payload);
    prepared.commit().unwrap();
    match read_committed(&index, dir).unwrap() {
        Committed::Found(m) => m,
        _ => panic!("no manifest"),
    }
}

#[test]
fn files_read_by_other_rules_are_read_again() {
    let t = tempfile::tempdir().unwrap();
    let payload = write_for_commit(t.path(), 1, &sample(), None).unwrap();
    assert!(sample().files[0].complete);
    // Committed by this reader: the file stays complete (not read again).
    assert!(committed_with(&t.path().join("now"), &copy_to(t.path(), "now", &payload)).files[0].complete);
    // Committed before the reader version was recorded, or by another one.
    let old: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let mut old = old.as_object().unwrap().clone();
    old.remove("reader");
    let old = serde_json::Value::Object(old).to_string();
    assert!(!committed_with(&t.path().join("old"), &copy_to(t.path(), "old", &old)).files[0].complete);
    let other = payload.replace(READER_VERSION, "litopys-reader-0");
    assert!(!committed_with(&t.path().join("other"), &copy_to(t.path(), "other", &other)).files[0].complete);
}

/// Copies the manifest `payload` names from `from` into the new folder `from/sub`.
fn copy_to(from: &Path, sub: &str, payload: &str) -> String {
    let dir = from.join(sub);
    fs::create_dir_all(&dir).unwrap();
    let name = payload_file(payload).unwrap();
    fs::copy(from.join(&name), dir.join(&name)).unwrap();
    payload.to_string()
}
