//! Attention over time, compared and normalised: several queries' timelines on one set
//! of periods, and each period's matching articles as a share of everything published
//! in it (`litopys timeline Q1 --vs Q2 --share`, `/api/attention`, the page's chart).
//!
//! Raw counts follow the archive's own volume (more articles were crawled in 2022 than
//! in 2015), so a researcher comparing attention over years needs the share. The
//! denominator of a period is every article of that period under the request's
//! *collection* filters (dates, sources, languages), not under its *topical* filters
//! (the query, countries, companies): "what fraction of what these outlets published
//! that month spoke of Китай". A matching article always counts in its period's
//! denominator, so a share is between 0 and 1; a period without any article has no
//! share (`None`), never NaN.

use serde::Serialize;

use super::searcher::{Counting, SearchError, SearchRequest, Searcher};
use rustc_hash::FxHashMap;

use super::timeline::{buckets, Bucket, Granularity, Timeline};
use crate::corpus::ArticleDate;

/// Queries one comparison takes at most: a chart with more lines cannot be read.
pub const MAX_QUERIES: usize = 5;

/// One period of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The label: `2024`, `2024-03` or `2024-W09`.
    pub period: String,
    /// Its first day.
    pub start: ArticleDate,
    /// Its last day.
    pub end: ArticleDate,
    /// Every article of the period under the collection filters: the shares'
    /// denominator (only when shares were asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<u64>,
}

/// One query's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// The query as typed.
    pub query: String,
    /// Its matching articles, dated or not.
    pub total: usize,
    /// Its matching articles without a date (in no period).
    pub undated: u64,
    /// Matching articles per period, aligned with [`Attention::periods`].
    pub counts: Vec<u64>,
    /// `counts[i] / periods[i].all`, when shares were asked for; `None` for a period
    /// without any article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shares: Option<Vec<Option<f64>>>,
}

/// Several queries over the same periods.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attention {
    /// The width of a period.
    pub by: Granularity,
    /// What is counted: articles or stories (the shares' denominators too).
    pub count: Counting,
    /// Contiguous periods from the first to the last article matching any query.
    pub periods: Vec<Period>,
    /// One line per query, in the order given.
    pub series: Vec<Series>,
}

/// A comparison that could not be made, naming the query at fault.
#[derive(Debug, thiserror::Error)]
#[error("«{query}»: {error}")]
pub struct AttentionError {
    /// The query at fault (empty when the fault is not one query's: the denominator, or
    /// too many queries).
    pub query: String,
    /// What went wrong.
    pub error: SearchError,
}

/// What a comparison asks for.
#[derive(Clone, Debug)]
pub struct AttentionRequest {
    /// The filters every line shares; its `query` is ignored.
    pub base: SearchRequest,
    /// The queries, 1 to [`MAX_QUERIES`].
    pub queries: Vec<String>,
    /// The width of a period.
    pub by: Granularity,
    /// Also give each period's share of all articles.
    pub share: bool,
}

impl Searcher {
    /// The timelines of `request.queries` on one set of periods, with shares when asked.
    /// Fails on the first query that fails, naming it.
    pub fn attention(&self, request: &AttentionRequest) -> Result<Attention, AttentionError> {
        let n = request.queries.len();
        if n == 0 || n > MAX_QUERIES {
            return Err(AttentionError {
                query: String::new(),
                error: SearchError::TooManyQueries {
                    given: n,
                    max: MAX_QUERIES,
                },
            });
        }
        let mut timelines = Vec::with_capacity(n);
        for query in &request.queries {
            let one = SearchRequest {
                query: query.clone(),
                ..request.base.clone()
            };
            let timeline = self.timeline(&one, request.by).map_err(|error| AttentionError {
                query: query.clone(),
                error,
            })?;
            timelines.push(timeline);
        }
        let all = if request.share {
            let collection = SearchRequest {
                query: String::new(),
                countries: Vec::new(),
                companies: Vec::new(),
                ..request.base.clone()
            };
            Some(
                self.timeline(&collection, request.by)
                    .map_err(|error| AttentionError {
                        query: String::new(),
                        error,
                    })?,
            )
        } else {
            None
        };
        Ok(align(request.by, &timelines, all.as_ref()))
    }
}

/// Puts `timelines` on the contiguous periods from the first to the last of their
/// buckets; `all`, when given, is the denominator of the shares.
pub fn align(by: Granularity, timelines: &[Timeline], all: Option<&Timeline>) -> Attention {
    let first = timelines
        .iter()
        .filter_map(|t| t.buckets.first())
        .map(|b| b.start)
        .min();
    let last = timelines
        .iter()
        .filter_map(|t| t.buckets.last())
        .map(|b| b.start)
        .max();
    let spine: Vec<Bucket> = match (first, last) {
        // Two empty days, the first and the last period's: `buckets` fills the periods
        // between them, so queries that do not overlap still share one axis.
        (Some(first), Some(last)) => {
            let ends: FxHashMap<i64, u64> = [(first.days_since_epoch(), 0), (last.days_since_epoch(), 0)]
                .into_iter()
                .collect();
            buckets(&ends, by)
        }
        _ => Vec::new(),
    };
    let count_in = |t: &Timeline, start: ArticleDate| -> u64 {
        t.buckets
            .binary_search_by(|b| b.start.cmp(&start))
            .map(|i| t.buckets[i].count)
            .unwrap_or(0)
    };
    let periods: Vec<Period> = spine
        .iter()
        .map(|b| Period {
            period: b.period.clone(),
            start: b.start,
            end: b.end,
            all: all.map(|a| count_in(a, b.start)),
        })
        .collect();
    let series = timelines
        .iter()
        .map(|t| {
            let counts: Vec<u64> = periods.iter().map(|p| count_in(t, p.start)).collect();
            let shares = all.map(|_| {
                counts
                    .iter()
                    .zip(&periods)
                    .map(|(&c, p)| match p.all {
                        Some(all) if all > 0 => Some(c as f64 / all as f64),
                        _ => None,
                    })
                    .collect()
            });
            Series {
                query: t.query.clone(),
                total: t.total,
                undated: t.undated,
                counts,
                shares,
            }
        })
        .collect();
    let count = timelines.first().map(|t| t.count).unwrap_or_default();
    Attention {
        by,
        count,
        periods,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(query: &str, days: &[(&str, u64)]) -> Timeline {
        let days: FxHashMap<i64, u64> = days
            .iter()
            .map(|&(d, n)| (ArticleDate::parse(d).unwrap().days_since_epoch(), n))
            .collect();
        Timeline {
            count: Default::default(),
            query: query.into(),
            total: days.values().sum::<u64>() as usize,
            by: Granularity::Month,
            undated: 0,
            buckets: buckets(&days, Granularity::Month),
        }
    }

    #[test]
    fn queries_that_do_not_overlap_share_a_contiguous_axis() {
        let a = align(
            Granularity::Month,
            &[
                timeline("a", &[("2024-01-05", 2)]),
                timeline("b", &[("2024-04-02", 1)]),
            ],
            None,
        );
        let labels: Vec<&str> = a.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-02", "2024-03", "2024-04"]);
        assert_eq!(a.series[0].counts, [2, 0, 0, 0]);
        assert_eq!(a.series[1].counts, [0, 0, 0, 1]);
        assert!(a.series[0].shares.is_none() && a.periods[0].all.is_none());
    }

    #[test]
    fn a_share_is_exactly_count_over_all_and_empty_periods_have_none() {
        let all = timeline("", &[("2024-01-05", 3), ("2024-03-01", 7)]);
        let a = align(
            Granularity::Month,
            &[timeline("a", &[("2024-01-09", 1), ("2024-03-02", 7)])],
            Some(&all),
        );
        let shares = a.series[0].shares.clone().unwrap();
        assert_eq!(shares, [Some(1.0 / 3.0), None, Some(1.0)]);
        assert_eq!(a.periods[1].all, Some(0));
    }

    #[test]
    fn nothing_matching_gives_no_periods() {
        let a = align(Granularity::Year, &[timeline("a", &[])], None);
        assert!(a.periods.is_empty());
        assert!(a.series[0].counts.is_empty());
    }
}
