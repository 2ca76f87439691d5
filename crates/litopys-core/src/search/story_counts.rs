//! Counting stories instead of articles (`--count stories`): for a facet value or a
//! period, the number of distinct stories among the matching articles that carry it, so
//! forty reprints of one report count once wherever they all appear.
//!
//! Exact: every matching article's (value, month, story) is collected into a set, per
//! segment by term ordinal and merged by value, so memory follows the number of distinct
//! triples of the result set (at most its articles times their values).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::collapse::story_or_own;
use super::deadline::{search_within, Deadline};
use super::facets::{Period, TermSeries};

/// (value, YYYYMM or 0 when undated, story) of the matching articles.
type Triples = FxHashSet<(String, u64, u64)>;

struct StoryTerms {
    field: String,
}

struct SegmentStoryTerms {
    segment: SegmentOrdinal,
    values: Option<StrColumn>,
    month: Column<u64>,
    story: Column<u64>,
    seen: FxHashSet<(u64, u64, u64)>,
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
            seen: FxHashSet::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Triples>) -> tantivy::Result<Triples> {
        let mut all = Triples::default();
        for f in fruits {
            all.extend(f);
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
            self.seen.insert((ord, month, story));
        }
    }

    fn harvest(self) -> Triples {
        let mut out = Triples::default();
        let Some(values) = &self.values else {
            return out;
        };
        let mut names: FxHashMap<u64, String> = FxHashMap::default();
        for (ord, month, story) in self.seen {
            let name = names.entry(ord).or_insert_with(|| {
                let mut s = String::new();
                // An ordinal from this segment's own column is always in its dictionary.
                let _ = values.ord_to_str(ord, &mut s);
                s
            });
            out.insert((name.clone(), month, story));
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
    let mut stories: FxHashMap<&str, FxHashSet<u64>> = FxHashMap::default();
    let mut per_period: FxHashMap<&str, FxHashSet<(String, u64)>> = FxHashMap::default();
    for (value, month, story) in &triples {
        stories.entry(value).or_default().insert(*story);
        if let (Some(p), true) = (period, *month > 0) {
            let label = match p {
                Period::Month => format!("{:04}-{:02}", month / 100, month % 100),
                Period::Year => format!("{:04}", month / 100),
            };
            per_period.entry(value).or_default().insert((label, *story));
        }
    }
    let mut out: Vec<TermSeries> = stories
        .into_iter()
        .map(|(value, set)| {
            let mut periods: BTreeMap<String, u64> = BTreeMap::new();
            for (label, _) in per_period.get(value).into_iter().flatten() {
                *periods.entry(label.clone()).or_insert(0) += 1;
            }
            TermSeries {
                value: value.to_string(),
                count: set.len() as u64,
                periods,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out.truncate(limit);
    Ok(out)
}
