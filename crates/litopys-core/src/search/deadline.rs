//! A time limit that really stops a search: [`DeadlineCollector`] wraps any of Tantivy's
//! collectors and checks a [`Deadline`] before each segment, every [`CHECK_EVERY`]
//! matching documents within one, and before merging, ending the search with an error
//! once it has passed.
//!
//! Exists because a server that answers "too slow" while the query goes on computing
//! still spends its cores on it: a 999-character OR of common words over a million
//! articles takes seconds. Without a deadline (the command line) nothing changes.

use std::time::{Duration, Instant};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::AliveBitSet;
use tantivy::query::{Query, Weight};
use tantivy::schema::Schema;
use tantivy::{
    DocId, DocSet, SegmentOrdinal, SegmentReader, TantivyError, COLLECT_BLOCK_BUFFER_LEN, TERMINATED,
};

use super::parallel;

/// Matching documents visited between two looks at the clock: often enough that a search
/// stops within a few milliseconds of its deadline, rarely enough that the look costs
/// nothing (about 4 µs of scoring per look at the slowest queries).
pub const CHECK_EVERY: usize = 4096;

/// The words of the error a search that ran out of time ends with (see
/// [`is_out_of_time`]).
pub const OUT_OF_TIME: &str = "the query ran out of time";

/// The moment by which a search must be done.
///
/// Exists as a type of its own so that a request carries "when", not "how long": the
/// time a request waited before it could run counts against its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    at: Instant,
}

impl Deadline {
    /// The deadline at the moment `at`.
    pub fn at(at: Instant) -> Self {
        Deadline { at }
    }

    /// The deadline `limit` from now.
    pub fn after(limit: Duration) -> Self {
        Deadline::at(Instant::now() + limit)
    }

    /// The moment itself.
    pub fn instant(&self) -> Instant {
        self.at
    }

    /// Whether the moment has come.
    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// Fails with the out-of-time error once the moment has come.
    pub fn check(&self) -> tantivy::Result<()> {
        if self.passed() {
            Err(out_of_time())
        } else {
            Ok(())
        }
    }
}

/// The error of a search stopped by its deadline: Tantivy's own error type, so that it
/// passes through Tantivy's search loop; told apart by [`is_out_of_time`].
pub fn out_of_time() -> TantivyError {
    TantivyError::InternalError(OUT_OF_TIME.to_string())
}

/// Whether `e` is the error of a search stopped by its deadline (not a damaged index).
pub fn is_out_of_time(e: &TantivyError) -> bool {
    matches!(e, TantivyError::InternalError(m) if m == OUT_OF_TIME)
}

/// Runs `collector` for `query`, stopped by `deadline` if one is given: how every
/// answer of [`search`](super) collects. Collectors that need no scores run on every
/// core (see [`parallel`]).
pub fn search_within<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: C,
    deadline: Option<Deadline>,
) -> tantivy::Result<C::Fruit> {
    if let Some(pieces) = parallel::plan(searcher, &collector) {
        return parallel::collect(searcher, query, &collector, &pieces, deadline);
    }
    match deadline {
        Some(deadline) => searcher.search(query, &DeadlineCollector::new(collector, deadline)),
        None => searcher.search(query, &collector),
    }
}

/// Any collector, stopped by a deadline.
///
/// It runs the segment loop itself (the documents of the query's scorer into the inner
/// collector's segment collector, scored only if the inner collector needs scores), so
/// that it can look at the clock while the scorer works: the inner collector's own
/// shortcuts for a whole segment (counting from the posting lists, pruning the top-k) are
/// not used, which only matters for queries cheap enough never to meet a deadline.
pub struct DeadlineCollector<C> {
    inner: C,
    deadline: Deadline,
}

impl<C> DeadlineCollector<C> {
    /// `inner`, stopped by `deadline`.
    pub fn new(inner: C, deadline: Deadline) -> Self {
        DeadlineCollector { inner, deadline }
    }
}

impl<C: Collector> Collector for DeadlineCollector<C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(&self, ord: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<C::Child> {
        self.deadline.check()?;
        self.inner.for_segment(ord, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(&self, fruits: Vec<<C::Child as SegmentCollector>::Fruit>) -> tantivy::Result<C::Fruit> {
        self.deadline.check()?;
        self.inner.merge_fruits(fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        let mut child = self.for_segment(ord, reader)?;
        let alive = reader.alive_bitset();
        let is_alive = |doc: DocId| alive.is_none_or(|a| a.is_alive(doc));
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut since_check = 0;
        if self.inner.requires_scoring() {
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if is_alive(doc) {
                    child.collect(doc, scorer.score());
                }
                since_check += 1;
                if since_check == CHECK_EVERY {
                    since_check = 0;
                    self.deadline.check()?;
                }
                doc = scorer.advance();
            }
        } else {
            collect_unscored(&mut *scorer, TERMINATED, alive, &mut child, Some(self.deadline))?;
        }
        Ok(child.harvest())
    }
}

/// Feeds `child` the live documents of `scorer` before `end` (from where the scorer
/// stands), a block at a time, looking at `deadline` every [`CHECK_EVERY`] documents:
/// the loop of every collection that needs no scores and may be stopped (a whole
/// segment here, a piece of one in [`super::parallel`]).
pub(crate) fn collect_unscored<S: SegmentCollector>(
    scorer: &mut dyn DocSet,
    end: DocId,
    alive: Option<&AliveBitSet>,
    child: &mut S,
    deadline: Option<Deadline>,
) -> tantivy::Result<()> {
    let mut buffer = [0 as DocId; COLLECT_BLOCK_BUFFER_LEN];
    let mut since_check = 0;
    loop {
        // The scorer's own bulk read, cut at `end` (TERMINATED is past any end).
        let n = scorer.fill_buffer(&mut buffer);
        let inside = buffer[..n].partition_point(|&doc| doc < end);
        match alive {
            None => child.collect_block(&buffer[..inside]),
            Some(alive) => buffer[..inside]
                .iter()
                .filter(|&&doc| alive.is_alive(doc))
                .for_each(|&doc| child.collect(doc, 0.0)),
        }
        if inside < buffer.len() {
            return Ok(());
        }
        since_check += inside;
        if since_check >= CHECK_EVERY {
            since_check = 0;
            if let Some(deadline) = deadline {
                deadline.check()?;
            }
        }
    }
}

/// Counts every match: without a deadline through Tantivy's shortcut (posting-list
/// lengths where it can), with one on every core, stopped in time.
pub(crate) fn count_within(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    deadline: Option<Deadline>,
) -> tantivy::Result<usize> {
    match deadline {
        None => query.count(searcher),
        Some(_) => search_within(searcher, query, tantivy::collector::Count, deadline),
    }
}

#[cfg(test)]
#[path = "deadline_tests.rs"]
mod tests;
