//! The access token of a shared server: an archive is often licensed content, so on a
//! network address every `/api/*` request must carry `Authorization: Bearer TOKEN`. The
//! page and its assets hold no archive content and stay open, so that the page can ask
//! for the token.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// The token every API request must present.
#[derive(Clone)]
pub struct AccessToken(Arc<[u8]>);

impl AccessToken {
    /// A token from its text, without surrounding whitespace (a file's final newline);
    /// `None` when nothing is left, as an empty token would let everyone in.
    pub fn new(text: &str) -> Option<Self> {
        let token = text.trim();
        (!token.is_empty()).then(|| AccessToken(token.as_bytes().into()))
    }

    /// Whether the `Authorization` header's value grants access.
    fn admits(&self, header: Option<&HeaderValue>) -> bool {
        let Some(given) = header
            .map(HeaderValue::as_bytes)
            .and_then(|v| v.strip_prefix(b"Bearer "))
        else {
            return false;
        };
        constant_time_eq(given, &self.0)
    }
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)") // never the secret itself, even in a debug print
    }
}

/// Compares without an early exit: the time depends on the lengths only, never on where
/// the first difference is, so a client cannot guess the token byte by byte by timing.
/// (The length of a token is not the secret.)
fn constant_time_eq(given: &[u8], token: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != token.len());
    for (i, t) in token.iter().enumerate() {
        diff |= t ^ given.get(i).copied().unwrap_or(0);
    }
    std::hint::black_box(diff) == 0
}

/// Lets `/api/*` requests through only with the token; answers 401 with
/// `WWW-Authenticate: Bearer` otherwise.
pub async fn require_token(State(token): State<AccessToken>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") || token.admits(request.headers().get(AUTHORIZATION)) {
        return next.run(request).await;
    }
    let mut response = ApiError::new(
        StatusCode::UNAUTHORIZED,
        "this server needs its access token: send `Authorization: Bearer TOKEN`",
    )
    .into_response();
    response
        .headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_only_the_exact_bearer_token() {
        let token = AccessToken::new("s3cret\n").unwrap();
        let admits = |v: &str| token.admits(Some(&HeaderValue::from_str(v).unwrap()));
        assert!(admits("Bearer s3cret"));
        assert!(!admits("Bearer s3cre"));
        assert!(!admits("Bearer s3cret2"));
        assert!(!admits("Bearer S3cret"));
        assert!(!admits("Basic s3cret"));
        assert!(!admits("s3cret"));
        assert!(!token.admits(None));
        assert!(AccessToken::new(" \n").is_none());
    }
}
