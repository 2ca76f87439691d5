//! The research views of the API: several queries over time (`/api/attention`) and what
//! goes with picked entities (`/api/cooccurrence`). Same JSON as the CLI's
//! `timeline … --vs --share --format json` and `cooccur … --format json`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::Json;

use super::error::ApiError;
use super::params::Params;
use super::state::AppState;
use litopys_core::search::attention::{Attention, AttentionRequest};
use litopys_core::search::cooccurrence::Cooccurrence;
use litopys_core::search::searcher::{FacetField, SearchRequest};

/// `/api/attention`: `q` and every `vs` query on the same periods, with each period's
/// share of all articles when `share=1` (see `core::search::attention`).
pub async fn attention(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Attention>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "vs", "by", "share"], true)?;
    let by = p.granularity()?;
    let share = p.choice("share", &["0", "1"], Some("0"))? == Some("1");
    let mut queries = vec![p.query(&st.limits)?];
    queries.extend(p.vs_queries(&st.limits)?);
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let base = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(String::new(), &filters)?
        };
        let request = AttentionRequest {
            base,
            queries,
            by,
            share,
        };
        st.scope
            .searcher
            .attention(&request)
            .map_err(|e| ApiError::from(e.error).in_query(&e.query))
    })
    .await
    .map(Json)
}

/// `/api/cooccurrence`: the countries, companies or sources most often named with the
/// request's `country`/`company`/`person`/`organisation` filters (at least one), with counts and lift.
pub async fn cooccurrence(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Cooccurrence>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["kind", "q", "limit"], true)?;
    let kinds = ["country", "company", "person", "organisation", "source"];
    let field = match p.choice("kind", &kinds, None)? {
        Some("country") => FacetField::Country,
        Some("company") => FacetField::Company,
        Some("person") => FacetField::Person,
        Some("organisation") => FacetField::Organisation,
        Some(_) => FacetField::Source,
        None => {
            return Err(ApiError::bad_request(
                "`kind` is required: `country`, `company`, `person`, `organisation` or `source`",
            ))
        }
    };
    let query = p.query(&st.limits)?;
    let limit = p.number("limit", 10, st.limits.max_facets)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.cooccurrence(&request, field, limit)?)
    })
    .await
    .map(Json)
}
