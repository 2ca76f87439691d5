//! The parts a coordinator of shards assembles significant terms from (see
//! `litopys_core::search::terms`): no page shows them. A coordinator asks every shard for
//! its best-scored articles (`/api/terms/ranks`), cuts the archive's sample from their
//! union, asks each shard for the counts of its part of the sample
//! (`/api/terms/counts`), sums them, and asks every shard how many articles hold each
//! candidate term (`POST /api/terms/frequencies`: thousands of terms do not fit a URL).
//! The first two, like `/api/search`, take the summed statistics as `stats` or, POSTed,
//! as the body.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::Json;

use super::api::{given_statistics, MAX_TERMS_SAMPLE};
use super::error::ApiError;
use super::params::Params;
use super::state::AppState;
use litopys_core::search::searcher::{SearchError, SearchRequest, Searcher};
use litopys_core::search::statistics::QueryStatistics;
use litopys_core::search::terms::sample::{SampleCounts, SampleRanks};
use litopys_core::search::terms::DEFAULT_SAMPLE;

/// Runs `part` over the request of a sample part: the query, filters, `sample` and the
/// archive's statistics (`stats`, or the POSTed body).
async fn sample_part<T: Send + 'static>(
    st: Arc<AppState>,
    raw: Option<String>,
    body: Bytes,
    part: fn(&Searcher, &SearchRequest, usize) -> Result<T, SearchError>,
) -> Result<Json<T>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "sample", "stats"], true)?;
    let sample = p.number("sample", DEFAULT_SAMPLE, MAX_TERMS_SAMPLE)?;
    let query = p.query(&st.limits)?;
    let statistics = given_statistics(&p, &body)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            statistics,
            ..st.scope.request(query, &filters)?
        };
        Ok(part(&st.scope.searcher, &request, sample)?)
    })
    .await
    .map(Json)
}

/// `/api/terms/ranks`: the scores and ids of the best `sample` matching articles.
pub async fn ranks(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<SampleRanks>, ApiError> {
    sample_part(st, raw, body, Searcher::sample_ranks).await
}

/// `/api/terms/counts`: the counts of the best `sample` matching articles.
pub async fn counts(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<SampleCounts>, ApiError> {
    sample_part(st, raw, body, Searcher::sample_counts).await
}

/// `POST /api/terms/frequencies` with `{"body": [lemma keys], "country": [values],
/// "company": [values]}`: the live articles holding each, and the live articles in all.
pub async fn frequencies(
    State(st): State<Arc<AppState>>,
    body: Bytes,
) -> Result<Json<QueryStatistics>, ApiError> {
    let terms: BTreeMap<String, Vec<String>> = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not {{\"body\": [...], \"country\": [...], \"company\": [...]}} ({e})"
        ))
    })?;
    st.run(move |st, _| Ok(st.scope.searcher.document_frequencies(&terms)?))
        .await
        .map(Json)
}
