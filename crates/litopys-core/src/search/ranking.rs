//! One page of hits in a total order: by score (or date, then score) and, among equals,
//! by article id.
//!
//! Tantivy breaks ties by the document's address, which depends on how the index was
//! written (segments, merges, shards). Reprints of one report score exactly alike, so
//! ties are common in news; ordered by address, the same archive indexed twice, or split
//! into shards and merged, would show different articles on a page. Ordered by id, every
//! index of the same articles shows the same page, and a coordinator merging shards by
//! (score, id) gets exactly the one-index answer.
//!
//! The page is still collected by Tantivy's fast top-k (block-max pruning), apart from
//! the count: one more hit than the page shows tells whether a tie crosses the page's
//! end; only then is the search run once more, ranked by (rank, id) in one pass. (It
//! used to be repeated deeper until the tied run was complete: eight passes over half a
//! million hits for the commonest word of a replicated archive.)

use std::cmp::Ordering;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, Order, Score};

use super::deadline::{count_within, Deadline};
use super::searcher::SortOrder;
use super::statistics::{search_scored, QueryStatistics};

/// A hit's place in the order: its day (for date order) and its score.
#[derive(Clone, Copy, Debug)]
struct Rank {
    day: Option<DateTime>,
    score: Score,
}

impl Rank {
    /// Equal ranks are the ties the id breaks (scores compared bit for bit: the same
    /// statistics give the same bits).
    fn same(&self, other: &Rank) -> bool {
        self.day == other.day && self.score.to_bits() == other.score.to_bits()
    }

    /// Better first: newer day (undated last) when sorting by date, then higher score.
    fn order(&self, other: &Rank) -> Ordering {
        other
            .day
            .cmp(&self.day)
            .then_with(|| other.score.total_cmp(&self.score))
    }
}

/// How a page is asked for.
pub(crate) struct PageRequest<'a> {
    /// Hits skipped first.
    pub offset: usize,
    /// Hits on the page.
    pub limit: usize,
    /// The order.
    pub sort: SortOrder,
    /// Statistics to score with instead of the index's own (see [`super::statistics`]).
    pub statistics: Option<&'a QueryStatistics>,
    /// When to give up.
    pub deadline: Option<Deadline>,
}

/// Counts every match and collects the page `page` asks for, ties broken by id.
pub(crate) fn collect(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    page: &PageRequest,
) -> tantivy::Result<(usize, Vec<(Score, DocAddress)>)> {
    // Counting apart from ranking, so that the ranking alone keeps Tantivy's top-k
    // pruning; the count takes Tantivy's shortcut, or every core under a deadline.
    let total = count_within(searcher, query, page.deadline)?;
    let wanted = page.offset.saturating_add(page.limit);
    if wanted == 0 || total == 0 {
        return Ok((total, Vec::new()));
    }
    let depth = wanted.saturating_add(1);
    let mut hits = ranked(searcher, query, depth, page)?;
    let complete = hits.len() < depth || !hits[depth - 1].0.same(&hits[wanted - 1].0);
    if complete {
        // The run tied at the page's end is whole: order it, then cut.
        order_ties_by_id(searcher, &mut hits)?;
    } else {
        // A tie crosses the page's end (forty reprints of one report): one more pass
        // ranks by id as well, so that the page holds the smallest ids of the run.
        hits = ranked_with_ids(searcher, query, wanted, page)?;
    }
    hits.truncate(wanted);
    let shown = hits
        .into_iter()
        .skip(page.offset)
        .map(|(rank, address)| (rank.score, address))
        .collect();
    Ok((total, shown))
}

/// The best `depth` hits in rank order (ties in address order).
fn ranked(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    depth: usize,
    page: &PageRequest,
) -> tantivy::Result<Vec<(Rank, DocAddress)>> {
    let top = TopDocs::with_limit(depth);
    let (stats, deadline) = (page.statistics, page.deadline);
    match page.sort {
        SortOrder::Relevance => {
            let hits = search_scored(searcher, query, top.order_by_score(), deadline, stats)?;
            Ok(hits
                .into_iter()
                .map(|(score, a)| (Rank { day: None, score }, a))
                .collect())
        }
        SortOrder::Date => {
            // Descending puts `None` (undated) last; ties go to the better score.
            let key = (
                (SortByStaticFastValue::<DateTime>::for_field("date"), Order::Desc),
                (SortBySimilarityScore, Order::Desc),
            );
            let hits = search_scored(searcher, query, top.order_by(key), deadline, stats)?;
            Ok(hits
                .into_iter()
                .map(|((day, score), a)| (Rank { day, score }, a))
                .collect())
        }
    }
}

/// The best `depth` hits in the total order: rank, then article id (the `id` column's
/// value), in one pass whatever the length of the tied runs.
fn ranked_with_ids(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    depth: usize,
    page: &PageRequest,
) -> tantivy::Result<Vec<(Rank, DocAddress)>> {
    let top = TopDocs::with_limit(depth);
    let (stats, deadline) = (page.statistics, page.deadline);
    let id = (SortByString::for_field("id"), Order::Asc);
    match page.sort {
        SortOrder::Relevance => {
            let key = ((SortBySimilarityScore, Order::Desc), id);
            let hits = search_scored(searcher, query, top.order_by(key), deadline, stats)?;
            Ok(hits
                .into_iter()
                .map(|((score, _), a)| (Rank { day: None, score }, a))
                .collect())
        }
        SortOrder::Date => {
            let key = (
                (SortByStaticFastValue::<DateTime>::for_field("date"), Order::Desc),
                (SortBySimilarityScore, Order::Desc),
                id,
            );
            let hits = search_scored(searcher, query, top.order_by(key), deadline, stats)?;
            Ok(hits
                .into_iter()
                .map(|((day, score, _), a)| (Rank { day, score }, a))
                .collect())
        }
    }
}

/// Sorts each run of equal ranks by article id (the stored `id` fast column); ids are
/// read only where a tie needs them.
fn order_ties_by_id(searcher: &tantivy::Searcher, hits: &mut [(Rank, DocAddress)]) -> tantivy::Result<()> {
    let mut start = 0;
    while start < hits.len() {
        let mut end = start + 1;
        while end < hits.len() && hits[end].0.same(&hits[start].0) {
            end += 1;
        }
        if end - start > 1 {
            let run = &mut hits[start..end];
            let mut keyed = Vec::with_capacity(run.len());
            for &(rank, address) in run.iter() {
                keyed.push((article_id(searcher, address)?, rank, address));
            }
            keyed.sort_by(|a, b| a.1.order(&b.1).then_with(|| a.0.cmp(&b.0)));
            for (slot, (_, rank, address)) in run.iter_mut().zip(keyed) {
                *slot = (rank, address);
            }
        }
        start = end;
    }
    Ok(())
}

/// The id of the article at `address`, from the `id` fast column (empty when absent).
pub(crate) fn article_id(searcher: &tantivy::Searcher, address: DocAddress) -> tantivy::Result<String> {
    let segment = searcher.segment_reader(address.segment_ord);
    let mut id = String::new();
    if let Some(column) = segment.fast_fields().str("id")? {
        if let Some(ord) = column.ords().first(address.doc_id) {
            column.ord_to_str(ord, &mut id)?;
        }
    }
    Ok(id)
}
