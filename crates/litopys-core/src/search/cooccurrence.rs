//! Co-occurrence: which countries, companies or outlets go with the entities a researcher
//! picked ("which companies appear together with Китай in these articles"), as pairs
//! with counts and how much more often than in the result set at large.
//!
//! The picked entities are the request's country and company filters; the *result set*
//! is the request without them (the query and the collection filters). For each value
//! `B` of the counted field: `together` = articles of the result set naming the picked
//! entities and `B`; `in_results` = articles of the result set naming `B`; `lift` =
//! (together / articles with the picked entities) ÷ (in_results / result set), 1 when
//! `B` is as common beside the picked entities as anywhere in the results. Every count
//! is exact (one count query per pair shown), not estimated.

use serde::Serialize;

use super::deadline::count_within;
use super::facet_report::ValueCount;
use super::searcher::{FacetField, SearchError, SearchRequest, Searcher};

/// One value found together with the picked entities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pair {
    /// Canonical name.
    pub name: String,
    /// ISO code (countries only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Articles of the result set naming the picked entities and this value.
    pub together: u64,
    /// Articles of the result set naming this value.
    pub in_results: u64,
    /// How much more often this value goes with the picked entities than with the result
    /// set at large (see the module comment).
    pub lift: f64,
}

/// The values most often found with the picked entities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cooccurrence {
    /// What is counted: `country`, `company`, `source` or `language`.
    pub kind: &'static str,
    /// The query as typed (empty: every article).
    pub query: String,
    /// The picked entities, as the filters name them (`CN|Китай`, `BYD`).
    pub with: Vec<String>,
    /// Articles of the result set (the request without its entity filters).
    pub results: usize,
    /// Articles of the result set naming the picked entities.
    pub with_count: usize,
    /// Most frequent together first (ties by name); the picked entities themselves are
    /// left out.
    pub pairs: Vec<Pair>,
}

impl Searcher {
    /// The `limit` values of `field` most often found with the request's country and
    /// company filters. Fails with [`SearchError::NothingPicked`] when it has none.
    pub fn cooccurrence(
        &self,
        request: &SearchRequest,
        field: FacetField,
        limit: usize,
    ) -> Result<Cooccurrence, SearchError> {
        let picked: Vec<String> = request
            .countries
            .iter()
            .chain(&request.companies)
            .chain(&request.persons)
            .chain(&request.organisations)
            .flatten()
            .cloned()
            .collect();
        if picked.is_empty() {
            return Err(SearchError::NothingPicked);
        }
        let results_request = SearchRequest {
            countries: Vec::new(),
            companies: Vec::new(),
            persons: Vec::new(),
            organisations: Vec::new(),
            ..request.clone()
        };
        let results = self.total(&results_request)?;
        // The picked values are in every article of `request`: ask for more and drop them.
        let found = self.facet_report(request, field, limit + picked.len(), None)?;
        let mut pairs = Vec::with_capacity(limit);
        for v in found.values {
            let stored = stored_value(field, &v);
            if picked.contains(&stored) {
                continue;
            }
            if pairs.len() == limit {
                break;
            }
            let in_results = self.total(&with_value(&results_request, field, &stored))? as u64;
            let lift = if found.total == 0 || in_results == 0 {
                0.0
            } else {
                (v.count as f64 / found.total as f64) / (in_results as f64 / results as f64)
            };
            pairs.push(Pair {
                name: v.name,
                code: v.code,
                together: v.count,
                in_results,
                lift,
            });
        }
        Ok(Cooccurrence {
            kind: field.name(),
            query: request.query.clone(),
            with: picked,
            results,
            with_count: found.total,
            pairs,
        })
    }

    /// Articles matching `request`.
    fn total(&self, request: &SearchRequest) -> Result<usize, SearchError> {
        let (query, _) = self.scoped_query(request)?;
        Ok(count_within(&self.tantivy_searcher(), &*query, request.deadline)?)
    }
}

/// A facet value as the index stores it (`CODE|Name` for countries).
fn stored_value(field: FacetField, v: &ValueCount) -> String {
    match (field, &v.code) {
        (FacetField::Country, Some(code)) => format!("{code}|{}", v.name),
        _ => v.name.clone(),
    }
}

/// `request` further narrowed to articles whose `field` holds `value`.
fn with_value(request: &SearchRequest, field: FacetField, value: &str) -> SearchRequest {
    let mut r = request.clone();
    match field {
        FacetField::Country => r.countries.push(vec![value.to_string()]),
        FacetField::Company => r.companies.push(vec![value.to_string()]),
        FacetField::Person => r.persons.push(vec![value.to_string()]),
        FacetField::Organisation => r.organisations.push(vec![value.to_string()]),
        FacetField::Source => r.sources = vec![value.to_string()],
        FacetField::Language => r.languages = vec![value.to_string()],
    }
    r
}
