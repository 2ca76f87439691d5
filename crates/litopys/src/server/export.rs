//! `/api/export`: every hit of a search as CSV or JSON Lines, streamed page by page from
//! one fixed snapshot of the index, so that a large export neither holds every hit in
//! memory nor mixes two states of an index that is being updated. With `stats` (a
//! coordinator's sums, as for `/api/search`) a shard's export is scored as the whole
//! archive would be, so that the shards' streams merge by (score, id).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::api::given_statistics;
use super::error::ApiError;
use super::params::Params;
use super::state::AppState;
use crate::output::{self, search::EXPORT_FORMATS, Format};
use litopys_core::search::deadline::Deadline;
use litopys_core::search::searcher::SearchRequest;

/// Hits computed and sent at a time.
const PAGE: usize = 500;

/// Renders one page; the CSV header only on the first.
fn render(
    format: Format,
    results: &litopys_core::search::results::SearchResults,
    first: bool,
) -> Result<Bytes, ApiError> {
    let mut buf = Vec::with_capacity(results.hits.len() * 1024);
    let written = output::search::write_export_page(&mut buf, results, format, first);
    written.map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(Bytes::from(buf))
}

/// The content type and file name of an export; only [`EXPORT_FORMATS`] get here, the
/// others are named for completeness.
fn media_type(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::Csv => ("text/csv; charset=utf-8", "litopys-export.csv"),
        Format::Jsonl => ("application/x-ndjson; charset=utf-8", "litopys-export.jsonl"),
        Format::Json => ("application/json", "litopys-export.json"),
        Format::Text => ("text/plain; charset=utf-8", "litopys-export.txt"),
    }
}

/// The handler.
pub async fn export(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "sort", "format", "stats"], true)?;
    let names: Vec<&str> = EXPORT_FORMATS.iter().map(|(f, _)| f.name()).collect();
    let format = p
        .choice("format", &names, Some(names[0]))?
        .and_then(|name| name.parse::<Format>().ok())
        .unwrap_or(EXPORT_FORMATS[0].0);
    let query = p.query(&st.limits)?;
    let sort = p.sort()?;
    let statistics = given_statistics(&p, &body)?;
    let filters = p.filters()?;
    let max = st.limits.max_export;
    // The first page runs like any request, so a bad query is a 400, not a broken download.
    let (request, snapshot, first, total) = st
        .run(move |st, deadline| {
            let request = SearchRequest {
                limit: Some(PAGE.min(max)),
                sort,
                statistics,
                ..st.scope.request(query, &filters)?
            };
            let snapshot = st.scope.searcher.snapshot();
            let first = SearchRequest {
                deadline: Some(deadline),
                ..request.clone()
            };
            let results = st.scope.searcher.search_in(&snapshot, &first)?;
            Ok((request, snapshot, render(format, &results, true)?, results.total))
        })
        .await?;
    let end = total.min(max);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let _ = tx.send(Ok(first)).await;
    let state = st.clone();
    tokio::spawn(async move {
        let mut offset = PAGE;
        while offset < end {
            let Ok(permit) = state.permits.clone().acquire_owned().await else {
                return;
            };
            // Each page within the time limit of a request: a page that cannot be
            // computed in time ends the download (broken) rather than a core's work.
            let page = SearchRequest {
                offset,
                limit: Some(PAGE.min(end - offset)),
                deadline: Some(Deadline::after(state.limits.timeout)),
                ..request.clone()
            };
            let (st, snap) = (state.clone(), snapshot.clone());
            let bytes = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let results = st
                    .scope
                    .searcher
                    .search_in(&snap, &page)
                    .map_err(ApiError::from)?;
                render(format, &results, false)
            })
            .await;
            let item = match bytes {
                Ok(Ok(b)) => Ok(b),
                Ok(Err(e)) => Err(std::io::Error::other(e.message)),
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            let failed = item.is_err();
            if tx.send(item).await.is_err() || failed {
                return; // the client went away, or the page failed (the download ends broken)
            }
            offset += PAGE;
        }
    });
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    let (kind, name) = media_type(format);
    Ok((
        [
            (CONTENT_TYPE, kind.to_string()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (
                axum::http::HeaderName::from_static("x-total-count"),
                total.to_string(),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
