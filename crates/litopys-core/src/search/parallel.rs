//! Counting on every core: a collector that needs no scores (counts, facet counts,
//! timelines, story counts) runs over pieces of the segments at once on rayon's threads,
//! and its fruits are merged as Tantivy merges segments' fruits, so the answer is exact
//! and the same as on one thread.
//!
//! Exists because counting is linear in the hits: the commonest word of a million
//! articles matches half of them, and one core walks them one after another. Pieces are
//! ranges of documents, not whole segments, so that an index of one large segment and a
//! few small ones still keeps every core busy.
//!
//! Collectors that score (a page of hits) stay on Tantivy's own loop, whose top-k
//! pruning skips most documents, with segments searched at once ([`segment_executor`]);
//! everything runs on one thread when rayon has one, which keeps Tantivy's
//! whole-segment shortcuts (counting from posting-list lengths).

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocId, DocSet, Executor, SegmentOrdinal, SegmentReader};

use super::deadline::{collect_unscored, Deadline};

/// The fewest documents a piece holds: below that, starting a scorer and a segment
/// collector costs more than the piece saves.
const FEWEST_DOCUMENTS: u32 = 32_768;

/// Pieces per thread: more than one, so that a thread that finishes early (a piece
/// with few hits) takes another, and the slowest piece does not decide the time.
const PIECES_PER_THREAD: u32 = 4;

/// One piece of work: a range of documents of one segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The segment.
    pub segment: SegmentOrdinal,
    /// Its documents in this piece.
    pub docs: Range<DocId>,
}

/// Cuts segments of `max_docs` documents each into pieces for `threads` threads: each
/// piece at most about a `threads × PIECES_PER_THREAD`-th of all documents, at least
/// [`FEWEST_DOCUMENTS`] (or its whole segment), in segment and document order.
pub fn pieces(max_docs: &[u32], threads: usize) -> Vec<Piece> {
    let total: u64 = max_docs.iter().map(|&n| u64::from(n)).sum();
    let wanted = (threads.max(1) as u64).saturating_mul(u64::from(PIECES_PER_THREAD));
    let length = u32::try_from(total.div_ceil(wanted))
        .unwrap_or(u32::MAX)
        .max(FEWEST_DOCUMENTS);
    let mut out = Vec::new();
    for (segment, &max_doc) in max_docs.iter().enumerate() {
        let mut start = 0;
        while start < max_doc {
            let end = start.saturating_add(length).min(max_doc);
            out.push(Piece {
                segment: segment as SegmentOrdinal,
                docs: start..end,
            });
            start = end;
        }
    }
    out
}

/// Segments searched at once by collectors that score (a page of hits): Tantivy's own
/// executor, one segment per task, so that each keeps its top-k pruning; one thread
/// when rayon has one (a one-thread run stays one thread).
///
/// Its pool is built on first use and kept for the process: a pool per opened index
/// would start threads for every test index and every shard.
pub fn segment_executor() -> &'static Executor {
    static SINGLE: Executor = Executor::SingleThread;
    static POOL: OnceLock<Option<Executor>> = OnceLock::new();
    let threads = rayon::current_num_threads();
    if threads < 2 {
        return &SINGLE;
    }
    POOL.get_or_init(|| Executor::multi_thread(threads, "litopys-search-").ok())
        .as_ref()
        .unwrap_or(&SINGLE)
}

/// The pieces `collector` runs in on every rayon thread, or `None` when it should run on
/// Tantivy's own loop: it scores, rayon has one thread, or the index is too small to cut.
pub fn plan<C: Collector>(searcher: &tantivy::Searcher, collector: &C) -> Option<Vec<Piece>> {
    let threads = rayon::current_num_threads();
    if collector.requires_scoring() || threads < 2 {
        return None;
    }
    let max_docs: Vec<u32> = searcher
        .segment_readers()
        .iter()
        .map(SegmentReader::max_doc)
        .collect();
    let pieces = pieces(&max_docs, threads);
    (pieces.len() > 1).then_some(pieces)
}

/// Runs `collector` for `query` over the `pieces` of `searcher` (see [`plan`]) on rayon's
/// threads, stopped by `deadline` if one is given, and merges the pieces' fruits.
pub fn collect<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: &C,
    pieces: &[Piece],
    deadline: Option<Deadline>,
) -> tantivy::Result<C::Fruit> {
    let readers = searcher.segment_readers();
    collector.check_schema(searcher.schema())?;
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let fruits = pieces
        .par_iter()
        .map(|piece| {
            let reader = &readers[piece.segment as usize];
            collect_piece(&*weight, reader, piece, collector, deadline)
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    if let Some(deadline) = deadline {
        deadline.check()?;
    }
    collector.merge_fruits(fruits)
}

/// The matching live documents of one piece into a new segment collector.
fn collect_piece<C: Collector>(
    weight: &dyn Weight,
    reader: &SegmentReader,
    piece: &Piece,
    collector: &C,
    deadline: Option<Deadline>,
) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
    if let Some(deadline) = deadline {
        deadline.check()?;
    }
    let mut child = collector.for_segment(piece.segment, reader)?;
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.doc() < piece.docs.start {
        scorer.seek(piece.docs.start);
    }
    collect_unscored(
        &mut *scorer,
        piece.docs.end,
        reader.alive_bitset(),
        &mut child,
        deadline,
    )?;
    Ok(child.harvest())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use tantivy::collector::Count;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index, Term};

    use super::*;
    use crate::search::deadline::is_out_of_time;

    /// 100k documents in two segments, tagged by remainder, every tenth one deleted.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut sb = Schema::builder();
        let tag = sb.add_text_field("tag", STRING);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 50_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for i in 0..100_000u32 {
            let t = format!("{}", i % 3);
            w.add_document(doc!(tag => t)).unwrap();
            if i == 60_000 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        w.delete_term(Term::from_field_text(tag, "0"));
        w.commit().unwrap();
        (index, tag)
    }

    #[test]
    fn pieces_count_what_one_loop_counts_without_the_deleted() {
        let (index, tag) = index();
        let searcher = index.reader().unwrap().searcher();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        for t in ["0", "1", "2"] {
            let q = TermQuery::new(Term::from_field_text(tag, t), IndexRecordOption::Basic);
            let alone = searcher.search(&q, &Count).unwrap();
            let pieces = pool.install(|| plan(&searcher, &Count)).unwrap();
            assert!(pieces.len() > 2, "{pieces:?}");
            let cut = pool
                .install(|| collect(&searcher, &q, &Count, &pieces, None))
                .unwrap();
            assert_eq!(cut, alone, "tag {t}");
        }
        let q = TermQuery::new(Term::from_field_text(tag, "1"), IndexRecordOption::Basic);
        assert_eq!(searcher.search(&q, &Count).unwrap(), 33_333);
    }

    #[test]
    fn a_passed_deadline_stops_the_pieces() {
        let (index, tag) = index();
        let searcher = index.reader().unwrap().searcher();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let q = TermQuery::new(Term::from_field_text(tag, "1"), IndexRecordOption::Basic);
        let passed = Deadline::at(Instant::now() - Duration::from_millis(1));
        let pieces = pool.install(|| plan(&searcher, &Count)).unwrap();
        let e = pool
            .install(|| collect(&searcher, &q, &Count, &pieces, Some(passed)))
            .unwrap_err();
        assert!(is_out_of_time(&e), "{e}");
    }

    #[test]
    fn pieces_cover_every_document_once_in_order() {
        let sizes = [100_000, 35_000, 10, 0, 70_000];
        let cut = pieces(&sizes, 2);
        for (segment, &size) in sizes.iter().enumerate() {
            let mine: Vec<_> = cut.iter().filter(|p| p.segment as usize == segment).collect();
            let mut next = 0;
            for p in &mine {
                assert_eq!(p.docs.start, next, "{cut:?}");
                assert!(p.docs.end > p.docs.start);
                next = p.docs.end;
            }
            assert_eq!(next, size, "segment {segment}: {cut:?}");
        }
        // 205,010 documents for 8 pieces: about 25.6k each, so the floor of 32,768 rules.
        assert!(cut.iter().all(|p| p.docs.len() <= FEWEST_DOCUMENTS as usize));
        assert_eq!(cut.iter().filter(|p| p.segment == 0).count(), 4);
    }

    #[test]
    fn pieces_grow_with_the_index_not_in_number() {
        let cut = pieces(&[10_000_000], 2);
        assert_eq!(cut.len(), 8);
        assert_eq!(cut[0].docs, 0..1_250_000);
        assert_eq!(
            pieces(&[1_000], 8),
            [Piece {
                segment: 0,
                docs: 0..1_000
            }]
        );
    }
}
