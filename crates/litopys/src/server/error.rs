//! API errors as JSON with the right status: a client (or the web page) can show the
//! message as it is, and a script can branch on the status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use litopys_core::search::scope::ScopeError;
use litopys_core::search::searcher::SearchError;

/// A failed request: `{"error":{"status":400,"message":"…","column":3}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for people.
    pub message: String,
    /// For a bad query: where the problem is, in characters from 1.
    pub column: Option<usize>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    status: u16,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl ApiError {
    /// 400: the request is malformed or asks for something impossible.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            column: None,
        }
    }

    /// Says which query of several (a comparison's `q` or `vs`) the error is about, so
    /// that a column means something; an empty `query` leaves the error as it is.
    pub fn in_query(mut self, query: &str) -> Self {
        if !query.is_empty() {
            self.message = format!("«{query}»: {}", self.message);
        }
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                status: self.status.as_u16(),
                message: &self.message,
                column: self.column,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Query(q) => ApiError {
                status: StatusCode::BAD_REQUEST,
                message: format!("bad query: {q}"),
                column: Some(q.column),
            },
            e if e.is_user_error() => ApiError::bad_request(e.to_string()),
            e @ SearchError::OutOfTime => ApiError::new(StatusCode::REQUEST_TIMEOUT, e.to_string()),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl From<ScopeError> for ApiError {
    fn from(e: ScopeError) -> Self {
        ApiError::bad_request(e.to_string())
    }
}
