//! Tests of the writer: documents, reading order, and incremental jobs on a real index.

use crate::corpus::discover;
use std::sync::atomic::AtomicBool;

use tantivy::schema::Value;
use tantivy::TantivyDocument;

use super::*;
use crate::corpus::{Article, ArticleDate, ArticleHeader, Origin};
use crate::index::document::{article_document, make_storable};
use crate::index::meta::IndexMeta;
use crate::index::schema::build_schema;
use crate::indexer::observer::Silent;

#[test]
fn streaming_big_files_keeps_the_order() {
    use super::super::ledger::Step;
    use super::super::pipeline::{spawn_reader, streamed, Event, ReadLimits};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("a.jsonl"), "{\"id\":\"a1\",\"text\":\"x\"}\n{\"id\":\n").unwrap();
    std::fs::write(root.join("b.txt"), "Заголовок\n\nТекст.").unwrap();
    std::fs::write(root.join("c.jsonl"), "{\"id\":\"c1\",\"text\":\"y\"}\n").unwrap();
    std::fs::write(root.join("d.txt"), "Заголовок\n\nЩе текст.").unwrap();
    std::fs::write(
        root.join("e.csv"),
        "text,title\nперший,А\n\"другий, з комою\",Б\n",
    )
    .unwrap();
    let (files, _) = discover(&[root.to_path_buf()]);
    let seen = |limit| {
        let mut steps: Vec<Step> = files
            .iter()
            .enumerate()
            .map(|(i, f)| Step::Read(i as u32, f.clone()))
            .collect();
        steps.insert(2, Step::Skip(9));
        let mut out = Vec::new();
        let limits = ReadLimits {
            stream: limit,
            ..ReadLimits::new(1 << 20)
        };
        for event in spawn_reader(steps, Arc::new(AtomicBool::new(false)), limits, None)
            .events
            .iter()
            .flatten()
        {
            out.push(match event {
                // Notes (fields used, unreadable dates) are the subject of other tests.
                Event::Note(..) => continue,
                Event::Item(_, Ok((a, _, _))) => a.header.id,
                Event::Known(_, first, n) => format!("known {first}+{n}"),
                Event::Item(_, Err(s)) => s.reason.kind().to_string(),
                Event::Begin(i, _) => format!("<{i}"),
                Event::Done(i, same) => format!("{i}{}>", if same { "" } else { "!" }),
                Event::Skipped(i) => format!("skip {i}"),
            })
        }
        out.join(" ")
    };
    let expected = "<0 a1 malformed-json 0> <1 b.txt 1> skip 9 <2 c1 2> <3 d.txt 3> <4 e.csv:2 e.csv:3 4>";
    assert_eq!(seen(u64::MAX), expected);
    assert_eq!(seen(0), expected);
    assert!(streamed(&files[0], 0) && !streamed(&files[1], 0) && !streamed(&files[0], 1 << 20));
    // A CSV export streams too (a big one is never held whole); a text file does not.
    assert!(streamed(&files[4], 0) && !streamed(&files[3], 0));
}

#[test]
fn the_reader_runs_ahead_by_bytes_not_batches() {
    use super::super::ledger::Step;
    use super::super::pipeline::{article_bytes, spawn_reader, Event, ReadLimits};
    let tmp = tempfile::tempdir().unwrap();
    // 200 articles of about 10 KB: far fewer than a batch of events hold 64 KB.
    let body = "слово ".repeat(1_000);
    let lines: Vec<String> = (0..200)
        .map(|i| format!("{{\"id\":\"n{i}\",\"text\":\"{body}{i}\"}}"))
        .collect();
    std::fs::write(tmp.path().join("a.jsonl"), lines.join("\n")).unwrap();
    let (files, _) = discover(&[tmp.path().to_path_buf()]);
    let steps = vec![Step::Read(0, files[0].clone())];
    for stream in [0, u64::MAX] {
        let limits = ReadLimits {
            queued: 64 << 10,
            group: 1 << 20,
            stream,
        };
        let reader = spawn_reader(steps.clone(), Arc::new(AtomicBool::new(false)), limits, None);
        // A slow indexer: the reader has all the time it wants to run ahead.
        std::thread::sleep(std::time::Duration::from_millis(100));
        let mut ids = Vec::new();
        let mut biggest = 0;
        for batch in reader.events.iter() {
            for event in batch {
                if let Event::Item(_, Ok((a, _, _))) = event {
                    biggest = biggest.max(article_bytes(&a));
                    ids.push(a.header.id);
                }
            }
        }
        assert_eq!(ids.len(), 200);
        assert_eq!(ids[199], "n199");
        let peak = reader.events.peak_bytes();
        assert!(
            peak > 0 && peak <= limits.queued + biggest,
            "{peak} bytes waited at once"
        );
    }
}

/// Counts the articles it enriches, to check that unchanged ones are not.
struct Counting(std::sync::atomic::AtomicUsize);

impl DocumentEnricher for Counting {
    fn enrich(&self, _article: &Article, _doc: &mut TantivyDocument) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    fn fingerprint(&self) -> String {
        "counting-1".into()
    }
}

#[test]
fn reruns_enrich_only_what_changed_and_the_manifest_follows_commits() {
    use super::super::manifest::{read_committed, Committed};
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let lines: Vec<String> = (0..30)
        .map(|i| format!("{{\"id\":\"n{i}\",\"text\":\"Угода з Китаєм номер {i}.\"}}"))
        .collect();
    std::fs::write(archive.join("a.jsonl"), lines.join("\n")).unwrap();
    std::fs::write(archive.join("b.txt"), "Заголовок\n\nТекст.").unwrap();
    let analyzer = litopys_analysis::test_lexicon::analyzer();
    let budget = WriterBudget::new(1, 40 << 20).unwrap();
    let mut req = IndexRequest::new(vec![archive.clone()], tmp.path().join("ix"), budget);
    req.commit.every = 7;
    let enricher = Counting(Default::default());
    let s = build_index(&req, &analyzer, &enricher, &mut Silent).unwrap();
    assert_eq!((s.added, s.updated, s.unchanged, s.deleted), (31, 0, 0, 0));
    assert!(s.commits >= 4, "{s:?}");
    assert_eq!(enricher.0.load(std::sync::atomic::Ordering::Relaxed), 31);
    let meta = IndexMeta::read(&req.dir).unwrap();
    assert_eq!(meta.entities, "counting-1");

    let mut edited = lines.clone();
    edited[3] = "{\"id\":\"n3\",\"text\":\"Виправлено.\"}".into();
    edited.pop();
    std::fs::write(archive.join("a.jsonl"), edited.join("\n")).unwrap();
    let s = build_index(&req, &analyzer, &enricher, &mut Silent).unwrap();
    assert_eq!(
        (s.added, s.updated, s.unchanged, s.deleted),
        (0, 1, 29, 1),
        "{s:?}"
    );
    assert_eq!((s.files_read, s.files_unchanged), (1, 1));
    assert_eq!(enricher.0.load(std::sync::atomic::Ordering::Relaxed), 32);

    let index = tantivy::Index::open_in_dir(&req.dir).unwrap();
    let Committed::Found(m) = read_committed(&index, &req.dir).unwrap() else {
        panic!("no manifest")
    };
    assert_eq!(m.articles(), 30);
    let docs = index.reader().unwrap().searcher().num_docs();
    assert_eq!(docs, 30);
    assert_eq!(super::super::manifest::files_in(&req.dir).len(), 1);

    // Another entity fingerprint: a rebuild is needed.
    struct Other;
    impl DocumentEnricher for Other {
        fn enrich(&self, _: &Article, _: &mut TantivyDocument) {}
        fn fingerprint(&self) -> String {
            "other".into()
        }
    }
    let err = build_index(&req, &analyzer, &Other, &mut Silent)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("entity extraction counting-1") && err.contains("--rebuild"),
        "{err}"
    );
    req.rebuild = true;
    let s = build_index(&req, &analyzer, &Other, &mut Silent).unwrap();
    assert_eq!(s.added, 30);
    assert_eq!(IndexMeta::read(&req.dir).unwrap().entities, "other");
}

#[test]
fn documents_carry_month_only_with_a_date() {
    let fields = Fields::from_schema(&build_schema()).unwrap();
    let mut a = Article {
        header: ArticleHeader {
            id: "x-1".into(),
            title: None,
            date: ArticleDate::parse("2024-03-12").ok(),
            published: None,
            source: Some("Агроогляд".into()),
            url: None,
            language: None,
        },
        text: "Угода з Китаєм.".into(),
        origin: Origin {
            path: "a/b.jsonl".into(),
            line: Some(3),
            index: None,
        },
    };
    let doc = article_document(&fields, &a);
    let month = doc.get_first(fields.month).and_then(|v| v.as_u64());
    assert_eq!(month, Some(202403));
    let path = doc
        .get_first(fields.path)
        .and_then(|v| v.as_str().map(str::to_string));
    assert_eq!(path.as_deref(), Some("a/b.jsonl:3"));
    assert!(doc.get_first(fields.title).is_none() && doc.get_first(fields.url).is_none());
    assert_eq!(
        doc.get_first(fields.hash).and_then(|v| v.as_str().map(str::len)),
        Some(32)
    );
    assert_eq!(make_storable(&mut a), None);
    assert!(a.date.is_some());
    a.date = None;
    let doc = article_document(&fields, &a);
    assert!(doc.get_first(fields.month).is_none() && doc.get_first(fields.date).is_none());
    assert_eq!(make_storable(&mut a), None);
    // A year the index cannot hold: the article stays, undated, and the reason is given.
    a.date = ArticleDate::parse("0219-03-05").ok();
    let problem = make_storable(&mut a).unwrap();
    assert_eq!(
        problem.to_string(),
        "0219-03-05 is outside the years the index can store (1678–2261)"
    );
    assert_eq!(a.date, None);
    let doc = article_document(&fields, &a);
    assert!(doc.get_first(fields.date).is_none());
}
