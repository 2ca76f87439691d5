//! `litopys serve`: a read-only HTTP API over an index and the web page that uses it.
//!
//! The server is a thin layer: it checks parameters and limits, then runs the same
//! library calls as the CLI ([`litopys_core::search`]) on blocking threads. Tantivy's reader
//! reloads itself when an indexing job commits, so a running server sees new articles
//! without a restart. It binds to localhost unless told otherwise and serves nothing from
//! the file system but its embedded assets.

mod api;
mod assets;
pub mod auth;
pub mod connections;
pub mod error;
mod export;
pub mod limits;
pub mod params;
mod parts;
mod state;
mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::Semaphore;

use auth::AccessToken;
use connections::ConnectionLimits;
use error::ApiError;
use limits::Limits;
use litopys_analysis::Analyzer;
use litopys_core::index::MetaError;
use litopys_core::search::scope::SearchScope;
use state::AppState;

/// Where to listen and what to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to bind (`127.0.0.1:8080`; port 0 picks a free one).
    pub addr: SocketAddr,
    /// The index folder.
    pub index: PathBuf,
    /// What one request may ask.
    pub limits: Limits,
    /// How long a client may take and how many may be connected.
    pub connections: ConnectionLimits,
    /// The token every `/api/*` request must carry, if any.
    pub token: Option<AccessToken>,
}

/// A bound server, not yet answering: binding first lets the caller print the real
/// address (port 0) before requests can arrive.
pub struct Server {
    state: Arc<AppState>,
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    connections: ConnectionLimits,
    token: Option<AccessToken>,
}

impl Server {
    /// Opens the index and binds the address.
    pub fn bind(options: ServeOptions, analyzer: Arc<Analyzer>) -> anyhow::Result<Self> {
        let mut scope = SearchScope::open(&options.index, analyzer)?;
        // A server answers many queries: facet counts add up by global ordinals.
        scope.searcher = scope.searcher.keep_facet_ordinals();
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let listener = runtime
            .block_on(async { listen(options.addr, options.connections.backlog) })
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", options.addr))?;
        let state = Arc::new(AppState {
            permits: Arc::new(Semaphore::new(options.limits.max_concurrent.max(1))),
            scope,
            dir: options.index,
            limits: options.limits,
        });
        Ok(Server {
            state,
            runtime,
            listener,
            connections: options.connections,
            token: options.token,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Set when the index was built with another analyzer, lexicon or entity list.
    pub fn warning(&self) -> Option<&MetaError> {
        self.state.scope.warning.as_ref()
    }

    /// Answers requests until Ctrl-C or SIGTERM, then finishes the requests in flight
    /// (within the connection limits: see [`connections`]).
    pub fn run(self) -> anyhow::Result<()> {
        let Server {
            state,
            runtime,
            listener,
            connections,
            token,
        } = self;
        runtime.block_on(async move {
            connections::serve(listener, router(state, token), connections, shutdown_signal()).await;
            anyhow::Ok(())
        })
    }
}

/// A listener on `addr` with the given backlog (address reuse on, as the standard
/// listener has it, so that a restarted server binds at once).
fn listen(addr: SocketAddr, backlog: u32) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(backlog)
}

/// The paths a coordinator of shards may POST to, with a JSON body: the summed statistics
/// (`/api/termstats` sums) of a long query do not fit the URL limit, nor does a list of
/// terms. The parameters stay in the URL; the body is the `stats` (or the terms).
const COORDINATOR_POSTS: [&str; 5] = [
    "/api/search",
    "/api/export",
    "/api/terms/ranks",
    "/api/terms/counts",
    "/api/terms/frequencies",
];

/// The routes, with the token check (if any) and the request guard around them.
fn router(state: Arc<AppState>, token: Option<AccessToken>) -> Router {
    let routes = Router::new()
        .route("/", get(assets::index_page))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/search", get(api::search).post(api::search))
        .route("/api/termstats", get(api::termstats))
        .route("/api/facets", get(api::facets))
        .route("/api/timeline", get(api::timeline))
        .route("/api/attention", get(views::attention))
        .route("/api/cooccurrence", get(views::cooccurrence))
        .route("/api/terms", get(api::terms))
        .route("/api/terms/ranks", get(parts::ranks).post(parts::ranks))
        .route("/api/terms/counts", get(parts::counts).post(parts::counts))
        .route("/api/terms/frequencies", post(parts::frequencies))
        .route("/api/articles/{*id}", get(api::article))
        .route("/api/stats", get(api::stats))
        .route("/api/export", get(export::export).post(export::export))
        .fallback(not_found);
    let routes = match token {
        Some(token) => routes.layer(middleware::from_fn_with_state(token, auth::require_token)),
        None => routes,
    };
    routes
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Refuses what no endpoint accepts before any work: long request targets (414), bodies
/// (413), methods other than GET and HEAD (405), except a coordinator's POSTs (bounded
/// apart); adds security headers to every answer.
async fn guard(State(st): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let target = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    let body = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let chunked = request.headers().contains_key(TRANSFER_ENCODING);
    let coordinator = request.method() == Method::POST && COORDINATOR_POSTS.contains(&request.uri().path());
    let max_body = if coordinator {
        st.limits.max_coordinator_body_bytes
    } else {
        st.limits.max_body_bytes
    };
    let refused = if target > st.limits.max_uri_bytes {
        Some(ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request target is {target} bytes; the limit is {}",
                st.limits.max_uri_bytes
            ),
        ))
    } else if request.method() != Method::GET && request.method() != Method::HEAD && !coordinator {
        Some(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "{} is not allowed: the API only reads (use GET)",
                request.method()
            ),
        ))
    } else if chunked || body > max_body as u64 {
        Some(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "request bodies are limited to {max_body} bytes (with a Content-Length); the API takes its parameters in the URL"
            ),
        ))
    } else {
        None
    };
    let mut response = match refused {
        Some(e) => e.into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
    );
    response
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no such page: {}; the API has /api/search, /api/facets, /api/timeline, /api/attention, /api/cooccurrence, /api/articles/{{id}}, /api/stats, /api/export",
            request.uri().path()
        ),
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
