//! Helpers of the reindexing tests: generated archives, what an archive should give, and
//! what a committed index (and its manifest) holds.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

use litopys_core::corpus::{content_hash_hex, discover, read_all};
use litopys_core::indexer::manifest::{read_committed, Committed};
use serde_json::Value;
use tantivy::schema::Value as _;
use tantivy::{DocAddress, Index, TantivyDocument};

use super::{litopys, ok, s, write_jsonl, Rng};

/// Article id → content hash.
pub type Contents = BTreeMap<String, String>;

pub const WORDS: &[&str] = &[
    "Україна",
    "Китаєм",
    "угоду",
    "зерна",
    "експорт",
    "компанія",
    "підписала",
    "Польщі",
    "комерційних",
    "інвестує",
    "та",
    "з",
];

/// A line of text of `n` pseudo-random words.
pub fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Articles `(id, title, text)` with ids `{prefix}-{i}`.
pub fn articles(rng: &mut Rng, prefix: &str, n: usize) -> Vec<(String, String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("{prefix}-{i}"),
                words(rng, 4),
                format!("{}.", words(rng, 30)),
            )
        })
        .collect()
}

/// What the archive under `root` should give: id → content hash.
pub fn expected(root: &Path) -> Contents {
    let (files, _) = discover(&[root.to_path_buf()]);
    let (_, skips) = read_all(&files);
    assert!(skips.is_empty(), "{skips:?}");
    expected_despite_skips(root)
}

/// [`expected`] of an archive with bad inputs (skipped, as the indexer does).
pub fn expected_despite_skips(root: &Path) -> Contents {
    let (files, _) = discover(&[root.to_path_buf()]);
    let (articles, _) = read_all(&files);
    articles
        .iter()
        .map(|a| (a.id.clone(), content_hash_hex(a)))
        .collect()
}

/// What the committed index in `dir` holds (id → the hashes of its documents: more than
/// one would be a duplicate), after checking that its manifest lists exactly that; `None`
/// if nothing was ever committed there.
pub fn committed(dir: &Path) -> Option<BTreeMap<String, Vec<String>>> {
    if !dir.join("meta.json").exists() {
        return None;
    }
    let index = Index::open_in_dir(dir)
        .unwrap_or_else(|e| panic!("the committed index in {} opens: {e}", dir.display()));
    let schema = index.schema();
    let (id_field, hash_field) = (schema.get_field("id").unwrap(), schema.get_field("hash").unwrap());
    let searcher = index.reader().unwrap().searcher();
    let mut held: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let d: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc)).unwrap();
            let field = |f| d.get_first(f).and_then(|v| v.as_str()).unwrap().to_string();
            held.entry(field(id_field)).or_default().push(field(hash_field));
        }
    }
    let hex = |h: &[u8; 16]| h.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match read_committed(&index, dir).unwrap() {
        Committed::Found(m) => {
            let entries = m.files.iter().flat_map(|f| &f.articles).chain(&m.orphans);
            let listed: BTreeMap<String, Vec<String>> =
                entries.map(|e| (e.id.clone(), vec![hex(&e.hash)])).collect();
            assert_eq!(listed.len(), m.articles(), "an id listed twice in the manifest");
            assert_eq!(listed, held, "the manifest does not describe the committed index");
        }
        Committed::Missing => assert!(held.is_empty(), "documents without a manifest"),
        Committed::Damaged(e) => panic!("damaged manifest: {e}"),
    }
    Some(held)
}

/// Asserts that the index holds exactly `want`.
pub fn assert_holds(dir: &Path, want: &Contents) {
    let held = committed(dir).expect("an index");
    let got: Contents = held
        .into_iter()
        .map(|(id, mut hashes)| {
            assert_eq!(hashes.len(), 1, "duplicate id {id}");
            (id, hashes.remove(0))
        })
        .collect();
    assert_eq!(got.len(), want.len());
    assert!(got == *want, "the index differs from the archive");
    assert_eq!(stats(dir)["articles"], want.len());
}

pub fn stats(dir: &Path) -> Value {
    serde_json::from_str(&ok(&litopys(&["stats", "--index", s(dir), "--format", "json"]))).unwrap()
}

/// `litopys index ARCHIVE --index DIR --report R EXTRA…`: the output and the report.
pub fn index(archive: &Path, dir: &Path, extra: &[&str]) -> (Output, Option<Value>) {
    let report = dir.with_extension("report.json");
    let _ = fs::remove_file(&report);
    let args = [
        &["index", s(archive), "--index", s(dir), "--report", s(&report)],
        extra,
    ]
    .concat();
    let out = litopys(&args);
    let json = fs::read(&report)
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    (out, json)
}

/// The counts of a report: (added, updated, unchanged, deleted).
pub fn counts(report: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| report[k].as_u64().unwrap();
    (n("added"), n("updated"), n("unchanged"), n("deleted"))
}

pub fn search_ids(dir: &Path, query: &str) -> Vec<String> {
    let out = ok(&litopys(&[
        "search",
        "--index",
        s(dir),
        "--format",
        "json",
        "--limit",
        "all",
        query,
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().into())
        .collect();
    ids.sort();
    ids
}

pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits (up to 20 s) until `ready` holds.
pub fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        sleep(Duration::from_millis(2));
    }
}

pub fn lock_holder(dir: &Path) -> String {
    fs::read_to_string(dir.join(".litopys-writer.lock")).unwrap_or_default()
}

/// An archive of `files` JSON Lines files of `per_file` articles each.
pub fn generate(root: &Path, rng: &mut Rng, files: usize, per_file: usize) {
    fs::create_dir_all(root).unwrap();
    for f in 0..files {
        write_jsonl(
            &root.join(format!("part-{f:02}.jsonl")),
            &articles(rng, &format!("p{f}"), per_file),
        );
    }
}
