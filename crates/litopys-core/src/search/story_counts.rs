//! Counting stories instead of articles (`--count stories`): for a facet value or a
//! period, the number of distinct stories among the matching articles that carry it, so
//! forty reprints of one report count once wherever they all appear.
//!
//! Exact: every matching article's (month, story) is collected into a set per value, per
//! segment by term ordinal (the name looked up once) and merged by value, so memory
//! follows the distinct (value, month, story) triples of the result set (at most its
//! articles times their values).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::collapse::story_or_own;
use super::deadline::{search_within, Deadline};
use super::facets::{Period, TermSeries};

/// Value → the (YYYYMM or 0 when undated, story) pairs of the matching articles that
/// carry it.
type Triples = FxHashMap<String, FxHashSet<(u64, u64)>>;

struct StoryTerms {
    field: String,
}

struct SegmentStoryTerms {
    segment: SegmentOrdinal,
    values: Option<StrColumn>,
    month: Column<u64>,
    story: Column<u64>,
    /// Term ordinal → (month, story) pairs: a value's name is looked up once per
    /// segment, not once per article.
    seen: FxHashMap<u64, FxHashSet<(u64, u64)>>,
}

impl Collector for StoryTerms {
    type Fruit = Triples;
    type Child = SegmentStoryTerms;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStoryTerms> {
        let fast = reader.fast_fields();
        Ok(SegmentStoryTerms {
            segment,
            values: fast.str(&self.field)?,
            month: fast.u64("month")?,
            story: fast.u64("story")?,
            seen: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Triples>) -> tantivy::Result<Triples> {
        let mut all = Triples::default();
        for fruit in fruits {
            for (value, pairs) in fruit {
                all.entry(value).or_default().extend(pairs);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentStoryTerms {
    type Fruit = Triples;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(values) = &self.values else {
            return;
        };
        let month = self.month.first(doc).unwrap_or(0);
        let story = story_or_own(&self.story, self.segment, doc);
        for ord in values.term_ords(doc) {
            self.seen.entry(ord).or_default().insert((month, story));
        }
    }

    fn harvest(self) -> Triples {
        let mut out = Triples::default();
        let Some(values) = &self.values else {
            return out;
        };
        for (ord, pairs) in self.seen {
            let mut name = String::new();
            // An ordinal from this segment's own column is always in its dictionary.
            let _ = values.ord_to_str(ord, &mut name);
            out.entry(name).or_default().extend(pairs);
        }
        out
    }
}

/// The `limit` values of the fast text field `field` carried by the most stories among
/// the documents matching `query`, with their stories per period when `period` is given;
/// most stories first, ties by value.
pub fn top_story_terms(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: &str,
    limit: usize,
    period: Option<Period>,
    deadline: Option<Deadline>,
) -> tantivy::Result<Vec<TermSeries>> {
    let triples = search_within(
        searcher,
        query,
        StoryTerms {
            field: field.to_string(),
        },
        deadline,
    )?;
    let mut out: Vec<TermSeries> = triples
        .into_iter()
        .map(|(value, pairs)| {
            let count = pairs
                .iter()
                .map(|&(_, story)| story)
                .collect::<FxHashSet<u64>>()
                .len();
            let mut periods: BTreeMap<String, u64> = BTreeMap::new();
            if let Some(p) = period {
                let mut seen: FxHashSet<(u64, u64)> = FxHashSet::default();
                for &(month, story) in pairs.iter().filter(|(m, _)| *m > 0) {
                    let key = match p {
                        Period::Month => month,
                        Period::Year => month / 100,
                    };
                    if seen.insert((key, story)) {
                        *periods.entry(p.label(month)).or_insert(0) += 1;
                    }
                }
            }
            TermSeries {
                value,
                count: count as u64,
                periods,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out.truncate(limit);
    Ok(out)
}
