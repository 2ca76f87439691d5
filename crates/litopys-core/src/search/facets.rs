//! Entity counts over a whole result set (not just the shown page), optionally as a
//! series over months or years.
//!
//! Plain counts come from [`super::field_counts`], every facet field in one pass. Series
//! per period come from Tantivy's terms aggregation over the entity fields' fast columns
//! (a month aggregation under each value): unlike `FacetCollector`, which is meant for a
//! few values, it handles thousands of distinct companies, and its segment size is set
//! high enough that counts are exact rather than the approximate top-k of a sharded
//! terms aggregation.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::query::Query;

use super::deadline::{search_within, Deadline};
use super::field_counts::FieldCounts;
use super::global_ordinals::OrdinalCache;

/// Buckets gathered per segment before merging: above the number of distinct values we
/// expect in one segment, so that the merged top-k is exact.
const SEGMENT_SIZE: u32 = 100_000;

/// The most values one facet list holds: what "every value" means (the API's
/// `limit=all`, which a coordinator of shards asks for so that summed counts are exact,
/// not a sum of top-N lists). Bounded by the per-segment gathering above.
pub const ALL_VALUES: usize = SEGMENT_SIZE as usize;

/// The time unit of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar months (`2024-03`).
    Month,
    /// Calendar years (`2024`).
    Year,
}

impl Period {
    /// The label of the period holding the month `yyyymm`: `2024-03` or `2024`.
    pub fn label(self, yyyymm: u64) -> String {
        match self {
            Period::Month => format!("{:04}-{:02}", yyyymm / 100, yyyymm % 100),
            Period::Year => format!("{:04}", yyyymm / 100),
        }
    }
}

pub use super::field_counts::TermCount;

/// A value with its counts per period (`2024-03` or `2024` → count), oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermSeries {
    /// The stored value.
    pub value: String,
    /// Matching articles that carry it, over all time.
    pub count: u64,
    /// Counts per period; articles without a date are not in any period.
    pub periods: BTreeMap<String, u64>,
}

fn run(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    request: Value,
    deadline: Option<Deadline>,
) -> tantivy::Result<Value> {
    let aggs: Aggregations = serde_json::from_value(request)
        .map_err(|e| tantivy::TantivyError::InvalidArgument(format!("aggregation request: {e}")))?;
    let collector = AggregationCollector::from_aggs(aggs, Default::default());
    let result: AggregationResults = search_within(searcher, query, collector, deadline)?;
    serde_json::to_value(result)
        .map_err(|e| tantivy::TantivyError::InternalError(format!("aggregation result: {e}")))
}

fn buckets(v: &Value) -> impl Iterator<Item = &Value> {
    v.get("buckets").and_then(Value::as_array).into_iter().flatten()
}

fn key_string(bucket: &Value) -> String {
    match bucket.get("key") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The `limit` most frequent values of the fast text field `field` among the documents
/// matching `query`, most frequent first (ties by value).
pub fn top_terms(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: &str,
    limit: usize,
) -> tantivy::Result<Vec<TermCount>> {
    top_terms_within(searcher, query, field, limit, None)
}

/// [`top_terms`], stopped by `deadline` if one is given (see [`super::deadline`]).
pub fn top_terms_within(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: &str,
    limit: usize,
    deadline: Option<Deadline>,
) -> tantivy::Result<Vec<TermCount>> {
    Ok(
        top_terms_of_fields(searcher, query, &[field], limit, None, deadline)?
            .pop()
            .unwrap_or_default(),
    )
}

/// The `limit` most frequent values of each of `fields` (most frequent first, ties by
/// value) among the documents matching `query`, counted in one pass over them (see
/// [`super::field_counts`]), added up by the global ordinals `ordinals` keeps when given,
/// stopped by `deadline` if one is given.
pub fn top_terms_of_fields(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    fields: &[&str],
    limit: usize,
    ordinals: Option<&OrdinalCache>,
    deadline: Option<Deadline>,
) -> tantivy::Result<Vec<Vec<TermCount>>> {
    let mut collector = FieldCounts::new(fields, limit.min(ALL_VALUES));
    if let Some(cache) = ordinals {
        collector = collector.with_ordinals(cache.get(searcher, fields)?);
    }
    search_within(searcher, query, collector, deadline)
}

/// Like [`top_terms`], with each value's counts per month or year, from the `month`
/// fast field (YYYYMM), stopped by `deadline` if one is given.
pub fn top_terms_by_period(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: &str,
    month_field: &str,
    limit: usize,
    period: Period,
    deadline: Option<Deadline>,
) -> tantivy::Result<Vec<TermSeries>> {
    let request = json!({ "t": {
        "terms": { "field": field, "size": limit.min(ALL_VALUES), "segment_size": SEGMENT_SIZE,
                   "order": { "_count": "desc" } },
        "aggs": { "m": { "terms": { "field": month_field, "size": 100_000, "segment_size": SEGMENT_SIZE } } } } });
    let result = run(searcher, query, request, deadline)?;
    let mut out: Vec<TermSeries> = buckets(&result["t"])
        .map(|b| {
            let mut periods = BTreeMap::new();
            for m in buckets(&b["m"]) {
                let yyyymm = m.get("key").and_then(Value::as_f64).unwrap_or(0.0) as u64;
                *periods.entry(period.label(yyyymm)).or_insert(0) +=
                    m.get("doc_count").and_then(Value::as_u64).unwrap_or(0);
            }
            TermSeries {
                value: key_string(b),
                count: b.get("doc_count").and_then(Value::as_u64).unwrap_or(0),
                periods,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out.truncate(limit);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, NumericOptions, Schema, FAST, STRING};
    use tantivy::{doc, Index, Term};

    use super::*;

    fn index() -> (Index, tantivy::schema::Field) {
        let mut sb = Schema::builder();
        let company = sb.add_text_field("company", STRING | FAST);
        let month = sb.add_u64_field("month", NumericOptions::default().set_fast());
        let tag = sb.add_text_field("tag", STRING);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let rows: &[(&[&str], u64, &str)] = &[
            (&["BYD", "Chery"], 202401, "a"),
            (&["BYD"], 202402, "a"),
            (&["BYD", "Нафтогаз України"], 202312, "b"),
            (&["Chery"], 202402, "a"),
            (&[], 202402, "a"),
        ];
        for (i, (companies, m, t)) in rows.iter().enumerate() {
            let mut d = doc!(month => *m, tag => *t);
            for c in *companies {
                d.add_text(company, c);
            }
            w.add_document(d).unwrap();
            if i == 2 {
                w.commit().unwrap(); // two segments
            }
        }
        w.commit().unwrap();
        (index, tag)
    }

    #[test]
    fn counts_cover_the_whole_result_set_across_segments() {
        let (index, tag) = index();
        let searcher = index.reader().unwrap().searcher();
        let all = top_terms(&searcher, &AllQuery, "company", 10).unwrap();
        let got: Vec<_> = all.iter().map(|t| (t.value.as_str(), t.count)).collect();
        assert_eq!(got, [("BYD", 3), ("Chery", 2), ("Нафтогаз України", 1)]);
        let q = TermQuery::new(Term::from_field_text(tag, "a"), IndexRecordOption::Basic);
        let some = top_terms(&searcher, &q, "company", 1).unwrap();
        assert_eq!(
            some,
            [TermCount {
                value: "BYD".into(),
                count: 2
            }]
        );
    }

    #[test]
    fn series_by_month_and_year() {
        let (index, _) = index();
        let searcher = index.reader().unwrap().searcher();
        let s =
            top_terms_by_period(&searcher, &AllQuery, "company", "month", 10, Period::Month, None).unwrap();
        assert_eq!(s[0].value, "BYD");
        let months: Vec<_> = s[0].periods.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(months, [("2023-12", 1), ("2024-01", 1), ("2024-02", 1)]);
        let y =
            top_terms_by_period(&searcher, &AllQuery, "company", "month", 10, Period::Year, None).unwrap();
        let years: Vec<_> = y[0].periods.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(years, [("2023", 1), ("2024", 2)]);
    }
}
