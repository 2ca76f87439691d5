//! One hit per story: the matching articles grouped by their `story` fast field, each
//! story shown by its earliest matching article (undated ones last, equal days by
//! score), ranked by its best-scoring article (or, sorted by date, by the shown
//! article's date), with the number of matching articles it stands for.
//!
//! Every match is scored and grouped (one map entry per story of the result set), so
//! the page, the totals and the "and N more" counts are exact: a collapsed page costs a
//! pass over the whole result set, which an uncollapsed top-k can often avoid.

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::deadline::Deadline;
use super::searcher::{SearchRequest, SortOrder};
use super::statistics::search_scored;

/// The story of `doc` in `segment` from the `story` column; an article without one (none
/// in the indexes this version builds) is a story of its own, keyed by its address
/// (bit-inverted, so in practice apart from every real id).
///
/// Exists so that collapsing and every count of stories treat such articles alike.
pub(crate) fn story_or_own(column: &Column<u64>, segment: SegmentOrdinal, doc: DocId) -> u64 {
    column
        .first(doc)
        .unwrap_or_else(|| !((u64::from(segment) << 32) | u64::from(doc)))
}

/// What a collapsed search found.
#[derive(Debug)]
pub struct Collapsed {
    /// Matching articles.
    pub total: usize,
    /// The requested page of stories: the shown article of each, with its score.
    pub page: Vec<(Score, DocAddress)>,
    /// Story counts for the page and the result set.
    pub stories: StoryPage,
}

/// The story side of a collapsed page.
#[derive(Debug, Default)]
pub struct StoryPage {
    /// Distinct stories among the matching articles.
    pub total: usize,
    /// Shown article → the story's matching articles (itself included).
    sizes: FxHashMap<DocAddress, u64>,
}

impl StoryPage {
    /// The matching articles of the story `shown` stands for; `None` if it is not on
    /// the page.
    pub fn articles(&self, shown: DocAddress) -> Option<u64> {
        self.sizes.get(&shown).copied()
    }
}

/// One story of the result set, as far as collected.
#[derive(Clone, Copy, Debug)]
struct Story {
    best: Score,
    articles: u64,
    /// The earliest article: (undated, seconds, −score) orders it; its address.
    first: ((bool, i64, Score), DocAddress),
}

impl Story {
    fn absorb(&mut self, other: Story) {
        self.best = self.best.max(other.best);
        self.articles += other.articles;
        if earlier(other.first.0, self.first.0) {
            self.first = other.first;
        }
    }
}

/// Whether `a` comes before `b`: dated before undated, earlier day first, then the better
/// score.
fn earlier(a: (bool, i64, Score), b: (bool, i64, Score)) -> bool {
    (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.total_cmp(&a.2)).is_lt()
}

struct StoryCollector;

struct SegmentStories {
    segment: SegmentOrdinal,
    story: Column<u64>,
    date: Column<DateTime>,
    stories: FxHashMap<u64, Story>,
}

impl Collector for StoryCollector {
    type Fruit = (usize, FxHashMap<u64, Story>);
    type Child = SegmentStories;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStories> {
        Ok(SegmentStories {
            segment,
            story: reader.fast_fields().u64("story")?,
            date: reader.fast_fields().date("date")?,
            stories: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<(usize, FxHashMap<u64, Story>)>) -> tantivy::Result<Self::Fruit> {
        let mut total = 0;
        let mut all: FxHashMap<u64, Story> = FxHashMap::default();
        for (n, stories) in fruits {
            total += n;
            for (id, story) in stories {
                all.entry(id).and_modify(|s| s.absorb(story)).or_insert(story);
            }
        }
        Ok((total, all))
    }
}

impl SegmentCollector for SegmentStories {
    type Fruit = (usize, FxHashMap<u64, Story>);

    fn collect(&mut self, doc: DocId, score: Score) {
        let id = story_or_own(&self.story, self.segment, doc);
        let when = match self.date.first(doc) {
            Some(d) => (false, d.into_timestamp_secs(), -score),
            None => (true, 0, -score),
        };
        let one = Story {
            best: score,
            articles: 1,
            first: (when, DocAddress::new(self.segment, doc)),
        };
        self.stories
            .entry(id)
            .and_modify(|s| s.absorb(one))
            .or_insert(one);
    }

    fn harvest(self) -> Self::Fruit {
        let n = self.stories.values().map(|s| s.articles as usize).sum();
        (n, self.stories)
    }
}

/// The page of stories `request` asks for (its `offset` and `limit` count stories; no
/// limit: every story).
pub fn collapse(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    request: &SearchRequest,
    deadline: Option<Deadline>,
) -> tantivy::Result<Collapsed> {
    let statistics = request.statistics.as_deref();
    let (total, stories) = search_scored(searcher, query, StoryCollector, deadline, statistics)?;
    let mut ranked: Vec<(u64, Story)> = stories.into_iter().collect();
    match request.sort {
        SortOrder::Relevance => {
            ranked.sort_by(|(ia, a), (ib, b)| b.best.total_cmp(&a.best).then(ia.cmp(ib)));
        }
        SortOrder::Date => ranked.sort_by(|(ia, a), (ib, b)| {
            let (ka, kb) = (a.first.0, b.first.0);
            // Newest first, undated last; equal days by the better story.
            (ka.0, -ka.1)
                .cmp(&(kb.0, -kb.1))
                .then(b.best.total_cmp(&a.best))
                .then(ia.cmp(ib))
        }),
    }
    let count = ranked.len();
    let shown = ranked
        .into_iter()
        .skip(request.offset)
        .take(request.limit.unwrap_or(usize::MAX));
    let mut page = Vec::new();
    let mut sizes = FxHashMap::default();
    for (_, story) in shown {
        let ((_, _, neg_score), address) = story.first;
        page.push((-neg_score, address));
        sizes.insert(address, story.articles);
    }
    Ok(Collapsed {
        total,
        page,
        stories: StoryPage { total: count, sizes },
    })
}
