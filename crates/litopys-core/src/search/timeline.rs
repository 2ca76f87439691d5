//! How many matching articles appeared per year, month or week: the `timeline` command,
//! the API's `/api/timeline` and the web page's chart.
//!
//! Counts come from one pass over the `date` fast column of the matching documents (a
//! custom collector counting days), then days are grouped into calendar periods. Periods
//! with no article between the first and the last one are kept with a count of 0, so a
//! chart shows gaps as gaps instead of silently joining distant months.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use super::collapse::story_or_own;
use super::deadline::search_within;
use super::searcher::{Counting, SearchError, SearchRequest, Searcher};
use crate::corpus::ArticleDate;

impl Searcher {
    /// Matching articles per period (filters apply; paging and sorting don't).
    /// With [`Counting::Stories`], each bar counts the distinct stories with a matching
    /// article in the period (a story reprinted over two months is in both bars, once
    /// each), and the total counts distinct stories.
    pub fn timeline(&self, request: &SearchRequest, by: Granularity) -> Result<Timeline, SearchError> {
        let (query, _) = self.scoped_query(request)?;
        let searcher = self.tantivy_searcher();
        let (counts, total) = match request.count {
            Counting::Articles => {
                let counts = search_within(&searcher, &*query, DayCollector::new("date"), request.deadline)?;
                let total = counts.days.values().sum::<u64>() + counts.undated;
                (counts, total)
            }
            Counting::Stories => {
                let pairs = search_within(&searcher, &*query, StoryDayCollector, request.deadline)?;
                story_periods(&pairs, by)
            }
        };
        Ok(Timeline {
            query: request.query.clone(),
            total: usize::try_from(total).unwrap_or(usize::MAX),
            by,
            count: request.count,
            undated: counts.undated,
            buckets: buckets(&counts.days, by),
        })
    }
}

/// The width of a timeline's bars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Calendar years (`2024`).
    Year,
    /// Calendar months (`2024-03`), the default: news archives span years, and weeks
    /// over years are too many bars to read.
    #[default]
    Month,
    /// ISO 8601 weeks, Monday to Sunday (`2024-W09`).
    Week,
}

/// One bar of a timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The period's label: `2024`, `2024-03` or `2024-W09`.
    pub period: String,
    /// Its first day, so that a client can turn a clicked bar into a date filter.
    pub start: ArticleDate,
    /// Its last day.
    pub end: ArticleDate,
    /// Matching articles published in it.
    pub count: u64,
}

/// Matching articles over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The query as typed (empty: every article).
    pub query: String,
    /// Matching articles (or stories), dated or not.
    pub total: usize,
    /// The width of the bars.
    pub by: Granularity,
    /// What the bars count: articles or stories.
    pub count: Counting,
    /// Matching articles without a date (in no bar).
    pub undated: u64,
    /// Contiguous periods from the first to the last matching article, oldest first.
    pub buckets: Vec<Bucket>,
}

/// Per-day counts of the matching documents, and how many had no date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Articles per day (days since 1970-01-01).
    pub days: FxHashMap<i64, u64>,
    /// Articles without a date.
    pub undated: u64,
}

/// Counts the matching documents per publication day from the `date` fast column.
pub struct DayCollector {
    field: String,
}

impl DayCollector {
    /// Counts by the fast date field `field`.
    pub fn new(field: &str) -> Self {
        DayCollector {
            field: field.to_string(),
        }
    }
}

/// The widest span of days a segment counts in a plain array (about 110 years, 320 KB);
/// a segment with dates further apart counts in a hash map.
const DENSE_DAYS: i64 = 40_000;

/// [`DayCollector`]'s work on one segment: counts in an array by day from the segment's
/// first date when its dates span few enough days (news archives span decades), the
/// matching documents' dates read a block at a time.
pub struct SegmentDays {
    column: Column<DateTime>,
    first_day: i64,
    dense: Vec<u64>,
    counts: DayCounts,
    dates: Vec<Option<DateTime>>,
}

/// The day (since 1970-01-01) of a stored date.
fn day_of(date: DateTime) -> i64 {
    date.into_timestamp_secs().div_euclid(86_400)
}

impl Collector for DayCollector {
    type Fruit = DayCounts;
    type Child = SegmentDays;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentDays> {
        let column = segment.fast_fields().date(&self.field)?;
        let (first_day, last_day) = (day_of(column.min_value()), day_of(column.max_value()));
        let span = last_day.saturating_sub(first_day).saturating_add(1);
        let dense = match column.get_cardinality() {
            tantivy::columnar::Cardinality::Optional | tantivy::columnar::Cardinality::Full
                if (1..=DENSE_DAYS).contains(&span) =>
            {
                vec![0; span as usize]
            }
            _ => Vec::new(),
        };
        Ok(SegmentDays {
            column,
            first_day,
            dense,
            counts: DayCounts::default(),
            dates: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DayCounts>) -> tantivy::Result<DayCounts> {
        let mut all = DayCounts::default();
        for fruit in fruits {
            all.undated += fruit.undated;
            for (day, n) in fruit.days {
                *all.days.entry(day).or_insert(0) += n;
            }
        }
        Ok(all)
    }
}

impl SegmentDays {
    fn count(&mut self, date: Option<DateTime>) {
        match date {
            Some(date) => {
                let day = day_of(date);
                match usize::try_from(day - self.first_day)
                    .ok()
                    .and_then(|i| self.dense.get_mut(i))
                {
                    Some(n) => *n += 1,
                    None => *self.counts.days.entry(day).or_insert(0) += 1,
                }
            }
            None => self.counts.undated += 1,
        }
    }
}

impl SegmentCollector for SegmentDays {
    type Fruit = DayCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let date = self.column.first(doc);
        self.count(date);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let mut dates = std::mem::take(&mut self.dates);
        dates.clear();
        dates.resize(docs.len(), None);
        self.column.first_vals(docs, &mut dates);
        for &date in &dates {
            self.count(date);
        }
        self.dates = dates;
    }

    fn harvest(mut self) -> DayCounts {
        for (i, &n) in self.dense.iter().enumerate().filter(|(_, &n)| n > 0) {
            *self.counts.days.entry(self.first_day + i as i64).or_insert(0) += n;
        }
        self.counts
    }
}

/// Undated articles' day in [`StoryDayCollector`]'s pairs.
const UNDATED: i64 = i64::MIN;

/// Collects the distinct (day, story) pairs of the matching documents.
struct StoryDayCollector;

struct SegmentStoryDays {
    segment: SegmentOrdinal,
    date: Column<DateTime>,
    story: Column<u64>,
    pairs: FxHashSet<(i64, u64)>,
}

impl Collector for StoryDayCollector {
    type Fruit = FxHashSet<(i64, u64)>;
    type Child = SegmentStoryDays;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStoryDays> {
        Ok(SegmentStoryDays {
            segment,
            date: reader.fast_fields().date("date")?,
            story: reader.fast_fields().u64("story")?,
            pairs: FxHashSet::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FxHashSet<(i64, u64)>>) -> tantivy::Result<Self::Fruit> {
        let mut all = FxHashSet::default();
        for f in fruits {
            all.extend(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentStoryDays {
    type Fruit = FxHashSet<(i64, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let day = self
            .date
            .first(doc)
            .map_or(UNDATED, |d| d.into_timestamp_secs().div_euclid(86_400));
        let story = story_or_own(&self.story, self.segment, doc);
        self.pairs.insert((day, story));
    }

    fn harvest(self) -> Self::Fruit {
        self.pairs
    }
}

/// Distinct stories per period, as day counts on each period's first day (which
/// [`buckets`] puts back in its period), undated stories, and distinct stories in all.
fn story_periods(pairs: &FxHashSet<(i64, u64)>, by: Granularity) -> (DayCounts, u64) {
    let mut per_period: FxHashSet<(i64, u64)> = FxHashSet::default();
    let mut undated: FxHashSet<u64> = FxHashSet::default();
    let mut all: FxHashSet<u64> = FxHashSet::default();
    for &(day, story) in pairs {
        all.insert(story);
        if day == UNDATED {
            undated.insert(story);
            continue;
        }
        if let Some((_, start, _)) = ArticleDate::from_days_since_epoch(day).and_then(|d| period_of(d, by)) {
            per_period.insert((start.days_since_epoch(), story));
        }
    }
    let mut counts = DayCounts {
        undated: undated.len() as u64,
        ..DayCounts::default()
    };
    for (start, _) in per_period {
        *counts.days.entry(start).or_insert(0) += 1;
    }
    (counts, all.len() as u64)
}

/// The period holding `day`: its label, first and last day.
fn period_of(day: ArticleDate, by: Granularity) -> Option<(String, ArticleDate, ArticleDate)> {
    let d = day.days_since_epoch();
    Some(match by {
        Granularity::Year => (
            format!("{:04}", day.year()),
            ArticleDate::new(day.year(), 1, 1).ok()?,
            ArticleDate::new(day.year(), 12, 31).ok()?,
        ),
        Granularity::Month => {
            let start = ArticleDate::new(day.year(), day.month(), 1).ok()?;
            let next = ArticleDate::from_days_since_epoch(start.days_since_epoch() + 31)?;
            let next = ArticleDate::new(next.year(), next.month(), 1).ok()?;
            let end = ArticleDate::from_days_since_epoch(next.days_since_epoch() - 1)?;
            (format!("{:04}-{:02}", day.year(), day.month()), start, end)
        }
        Granularity::Week => {
            let monday = d - i64::from(day.weekday());
            // ISO 8601: a week belongs to the year of its Thursday.
            let thursday = ArticleDate::from_days_since_epoch(monday + 3)?;
            let jan1 = ArticleDate::new(thursday.year(), 1, 1).ok()?;
            let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
            (
                format!("{:04}-W{week:02}", thursday.year()),
                ArticleDate::from_days_since_epoch(monday)?,
                ArticleDate::from_days_since_epoch(monday + 6)?,
            )
        }
    })
}

/// Groups day counts into contiguous periods, oldest first, empty periods included.
pub fn buckets(days: &FxHashMap<i64, u64>, by: Granularity) -> Vec<Bucket> {
    let mut per_start: BTreeMap<ArticleDate, Bucket> = BTreeMap::new();
    for (&day, &count) in days {
        let Some((period, start, end)) =
            ArticleDate::from_days_since_epoch(day).and_then(|d| period_of(d, by))
        else {
            continue;
        };
        per_start
            .entry(start)
            .or_insert(Bucket {
                period,
                start,
                end,
                count: 0,
            })
            .count += count;
    }
    let (Some(first), Some(last)) = (per_start.values().next(), per_start.values().next_back()) else {
        return Vec::new();
    };
    let (mut next, last) = (first.start, last.start);
    let mut out = Vec::with_capacity(per_start.len());
    while next <= last {
        let bucket = match per_start.remove(&next) {
            Some(b) => b,
            None => match period_of(next, by) {
                Some((period, start, end)) => Bucket {
                    period,
                    start,
                    end,
                    count: 0,
                },
                None => break,
            },
        };
        match ArticleDate::from_days_since_epoch(bucket.end.days_since_epoch() + 1) {
            Some(after) => next = after,
            None => {
                out.push(bucket);
                break;
            }
        }
        out.push(bucket);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> i64 {
        ArticleDate::parse(s).unwrap().days_since_epoch()
    }

    fn counts(days: &[(&str, u64)]) -> FxHashMap<i64, u64> {
        days.iter().map(|&(d, n)| (day(d), n)).collect()
    }

    /// Day counts of every document of a one-segment index with these dates.
    fn collected(dates: &[Option<i64>]) -> DayCounts {
        use tantivy::schema::{DateOptions, Schema};
        let mut sb = Schema::builder();
        let date = sb.add_date_field("date", DateOptions::default().set_fast());
        let index = tantivy::Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for d in dates {
            let mut doc = tantivy::TantivyDocument::default();
            if let Some(day) = d {
                doc.add_date(date, DateTime::from_timestamp_secs(day * 86_400));
            }
            w.add_document(doc).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        searcher
            .search(&tantivy::query::AllQuery, &DayCollector::new("date"))
            .unwrap()
    }

    #[test]
    fn days_count_alike_near_together_and_far_apart() {
        let near = [
            Some(day("2024-03-01")),
            None,
            Some(day("2024-03-01")),
            Some(day("2011-01-01")),
        ];
        let got = collected(&near);
        assert_eq!(got.days, counts(&[("2024-03-01", 2), ("2011-01-01", 1)]));
        assert_eq!(got.undated, 1);
        // 330 years apart: past the array, into the hash map.
        let far = [Some(-60_000), Some(60_000), Some(60_000)];
        let got = collected(&far);
        assert_eq!(got.days, [(-60_000, 1), (60_000, 2)].into_iter().collect());
        assert_eq!(got.undated, 0);
    }

    fn labels(b: &[Bucket]) -> Vec<(String, u64)> {
        b.iter().map(|b| (b.period.clone(), b.count)).collect()
    }

    #[test]
    fn months_are_contiguous_with_empty_ones_kept() {
        let days = counts(&[("2023-11-30", 2), ("2023-11-01", 1), ("2024-02-29", 4)]);
        let b = buckets(&days, Granularity::Month);
        let want = [("2023-11", 3), ("2023-12", 0), ("2024-01", 0), ("2024-02", 4)];
        assert_eq!(labels(&b), want.map(|(p, n)| (p.to_string(), n)));
        assert_eq!(b[3].start.to_string(), "2024-02-01");
        assert_eq!(b[3].end.to_string(), "2024-02-29");
        assert_eq!(b[1].end.to_string(), "2023-12-31");
    }

    #[test]
    fn years_and_iso_weeks() {
        let days = counts(&[("2021-06-01", 1), ("2023-01-01", 2)]);
        let want = [("2021", 1), ("2022", 0), ("2023", 2)];
        assert_eq!(
            labels(&buckets(&days, Granularity::Year)),
            want.map(|(p, n)| (p.to_string(), n))
        );
        // 2021-01-03 is a Sunday in ISO week 53 of 2020; 2021-01-04 opens week 1.
        let days = counts(&[
            ("2021-01-03", 1),
            ("2021-01-04", 5),
            ("2021-01-10", 1),
            ("2021-01-18", 2),
        ]);
        let b = buckets(&days, Granularity::Week);
        let want = [("2020-W53", 1), ("2021-W01", 6), ("2021-W02", 0), ("2021-W03", 2)];
        assert_eq!(labels(&b), want.map(|(p, n)| (p.to_string(), n)));
        assert_eq!(b[0].start.to_string(), "2020-12-28");
        assert_eq!(b[0].end.to_string(), "2021-01-03");
        // 2024-12-30 (Monday) is in week 1 of 2025.
        let b = buckets(&counts(&[("2024-12-31", 1)]), Granularity::Week);
        assert_eq!(b[0].period, "2025-W01");
    }

    #[test]
    fn nothing_dated_gives_no_bars() {
        assert!(buckets(&FxHashMap::default(), Granularity::Month).is_empty());
    }
}
