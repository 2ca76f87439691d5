use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, TEXT};
use tantivy::{doc, DocAddress, Index, Score, Term};

use super::*;

/// 10,000 documents in two segments, some deleted, words repeated so that scores differ.
fn index() -> (Index, tantivy::schema::Field) {
    let mut sb = Schema::builder();
    let body = sb.add_text_field("body", TEXT);
    let index = Index::create_in_ram(sb.build());
    let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for i in 0..10_000u32 {
        let words = ["мир", "війна", "угода", "газ"];
        let text = (0..=(i % 7))
            .map(|k| words[(i as usize + k as usize) % 4])
            .collect::<Vec<_>>();
        w.add_document(doc!(body => text.join(" "))).unwrap();
        if i == 6_000 {
            w.commit().unwrap();
        }
    }
    w.commit().unwrap();
    w.delete_term(Term::from_field_text(body, "газ"));
    w.commit().unwrap();
    (index, body)
}

fn top(
    searcher: &tantivy::Searcher,
    q: &dyn Query,
    d: Option<Deadline>,
) -> (usize, Vec<(Score, DocAddress)>) {
    let collector = (Count, TopDocs::with_limit(20).order_by_score());
    search_within(searcher, q, collector, d).unwrap()
}

#[test]
fn a_passed_deadline_stops_the_search() {
    let (index, body) = index();
    let searcher = index.reader().unwrap().searcher();
    let past = Deadline::at(Instant::now() - Duration::from_millis(1));
    let q = TermQuery::new(Term::from_field_text(body, "мир"), IndexRecordOption::WithFreqs);
    for result in [
        search_within(&searcher, &q, Count, Some(past)),
        search_within(&searcher, &AllQuery, Count, Some(past)),
    ] {
        let e = result.unwrap_err();
        assert!(is_out_of_time(&e), "{e}");
    }
    let e = search_within(
        &searcher,
        &q,
        (Count, TopDocs::with_limit(3).order_by_score()),
        Some(past),
    );
    assert!(e.is_err_and(|e| is_out_of_time(&e)));
    assert!(!is_out_of_time(&TantivyError::InternalError("other".into())));
}

#[test]
fn a_far_deadline_changes_nothing() {
    let (index, body) = index();
    let searcher = index.reader().unwrap().searcher();
    assert!(searcher.segment_readers().len() >= 2);
    let far = Some(Deadline::after(Duration::from_secs(3600)));
    let q = TermQuery::new(Term::from_field_text(body, "мир"), IndexRecordOption::WithFreqs);
    assert_eq!(top(&searcher, &q, far), top(&searcher, &q, None));
    assert_eq!(top(&searcher, &AllQuery, far), top(&searcher, &AllQuery, None));
    let counts = search_within(&searcher, &q, Count, far).unwrap();
    assert_eq!(counts, q.count(&searcher).unwrap());
    assert!(counts > 0 && counts < 10_000, "deletes are honoured: {counts}");
}

/// Counts the documents it is given and sleeps on the first: a search that is still
/// working when its deadline passes.
struct Slow(Arc<AtomicUsize>);
struct SlowSegment(Arc<AtomicUsize>);

impl Collector for Slow {
    type Fruit = ();
    type Child = SlowSegment;
    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SlowSegment> {
        Ok(SlowSegment(self.0.clone()))
    }
    fn requires_scoring(&self) -> bool {
        true
    }
    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<()> {
        Ok(())
    }
}

impl SegmentCollector for SlowSegment {
    type Fruit = ();
    fn collect(&mut self, _: DocId, _: Score) {
        if self.0.fetch_add(1, Ordering::Relaxed) == 0 {
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    fn harvest(self) {}
}

#[test]
fn a_deadline_passing_inside_a_segment_stops_it_within_a_few_thousand_documents() {
    let (index, _) = index();
    let searcher = index.reader().unwrap().searcher();
    let seen = Arc::new(AtomicUsize::new(0));
    let deadline = Deadline::after(Duration::from_millis(10));
    let e = search_within(&searcher, &AllQuery, Slow(seen.clone()), Some(deadline)).unwrap_err();
    assert!(is_out_of_time(&e), "{e}");
    let seen = seen.load(Ordering::Relaxed);
    assert!(
        seen <= CHECK_EVERY,
        "{seen} documents collected after the deadline"
    );
}
