//! The answer to "which countries or companies do the matching articles name": the
//! `facets` command's JSON and the API's `/api/facets`, one type for both.

use serde::Serialize;

use super::facets::Period;
use super::searcher::{Counting, FacetField, SearchError, SearchRequest, Searcher};
use crate::index::schema::split_country_value;

/// Matching articles in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// `2024-03` or `2024`.
    pub period: String,
    /// Matching articles naming the value in that period.
    pub count: u64,
}

/// One country or company and how many matching articles name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueCount {
    /// Canonical name.
    pub name: String,
    /// ISO code (countries only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Matching articles naming it.
    pub count: u64,
    /// Counts per period, when a series was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<PeriodCount>>,
}

/// Entity counts over the articles matching a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetReport {
    /// `country`, `company`, `source` or `language`.
    pub kind: &'static str,
    /// The query as typed (empty: every article).
    pub query: String,
    /// Matching articles.
    pub total: usize,
    /// What the values count: articles or stories.
    pub count: Counting,
    /// The series' period, if any.
    pub by: Option<Period>,
    /// Most frequent first.
    pub values: Vec<ValueCount>,
}

impl Searcher {
    /// The `limit` most frequent countries, companies, sources or languages among the articles matching
    /// `request`, optionally with a series per month or year.
    pub fn facet_report(
        &self,
        request: &SearchRequest,
        field: FacetField,
        limit: usize,
        by: Option<Period>,
    ) -> Result<FacetReport, SearchError> {
        let (total, series) = self.entity_counts(request, field, limit, by)?;
        let values = series
            .into_iter()
            .map(|s| {
                let (code, name) = match field {
                    FacetField::Country => {
                        let (code, name) = split_country_value(&s.value);
                        (code.map(str::to_string), name.to_string())
                    }
                    _ => (None, s.value.clone()),
                };
                ValueCount {
                    name,
                    code,
                    count: s.count,
                    series: by.map(|_| {
                        s.periods
                            .into_iter()
                            .map(|(period, count)| PeriodCount { period, count })
                            .collect()
                    }),
                }
            })
            .collect();
        Ok(FacetReport {
            kind: field.name(),
            query: request.query.clone(),
            total,
            count: request.count,
            by,
            values,
        })
    }
}
