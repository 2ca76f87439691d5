//! What every request shares: the opened index, the limits, and the gate that bounds how
//! many requests compute at once.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use super::error::ApiError;
use super::limits::Limits;
use litopys_core::search::deadline::Deadline;
use litopys_core::search::scope::SearchScope;

/// Shared by all handlers.
pub struct AppState {
    /// The index, its reader (which follows new commits by itself) and entity names.
    pub scope: SearchScope,
    /// The index folder, for statistics.
    pub dir: PathBuf,
    /// What one request may ask.
    pub limits: Limits,
    /// Permits for computing requests: searches are CPU-bound, and running more at once
    /// than cores only makes each slower.
    pub permits: Arc<Semaphore>,
}

impl AppState {
    /// Runs `work` on a blocking thread once a permit is free, answering 408 when the
    /// wait and the work together exceed the time limit. `work` gets the request's
    /// [`Deadline`] (the start of the request plus the limit) to put in its search, which
    /// then stops computing once the answer is late: the work keeps its permit until it
    /// really ends, so abandoned slow requests count against the load only that long.
    pub async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&AppState, Deadline) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        let limit = self.limits.timeout;
        let started = std::time::Instant::now();
        let deadline = Deadline::at(started + limit);
        let task = async move {
            let permit =
                state.permits.clone().acquire_owned().await.map_err(|_| {
                    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down")
                })?;
            let inner = state.clone();
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                work(&inner, deadline)
            })
            .await
            .map_err(|e| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("the request failed: {e}"),
                )
            })?
        };
        // The timer's granularity is a millisecond: a request that finished in time by the
        // timer but not by the clock is late all the same.
        match tokio::time::timeout(limit, task).await {
            Ok(Err(e)) if e.status == StatusCode::REQUEST_TIMEOUT => Err(late(limit)),
            Ok(result) if started.elapsed() <= limit => result,
            _ => Err(late(limit)),
        }
    }
}

/// The answer to a request that took longer than `limit` (the search stopped by its
/// deadline, or the wait for a permit too long).
pub fn late(limit: std::time::Duration) -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        format!(
            "the request took longer than the {} s limit; narrow the query or the filters",
            limit.as_secs_f64()
        ),
    )
}
