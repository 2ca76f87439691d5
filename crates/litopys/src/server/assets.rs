//! The web page's files, compiled into the binary: the server reads nothing from the file
//! system, works offline, and a page always matches the API of the binary serving it.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

const INDEX_HTML: &str = include_str!("assets/index.html");

/// The embedded files under `/assets/`: name, content type, content. The page's script is
/// ES modules (`app.js` imports the others by relative path); `world.json` is the country
/// map's shapes (Natural Earth, public domain; built by `tools/world-map`).
const FILES: [(&str, &str, &str); 16] = [
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/app.js"),
    ),
    (
        "state.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/state.js"),
    ),
    (
        "api.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/api.js"),
    ),
    (
        "dom.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/dom.js"),
    ),
    (
        "format.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/format.js"),
    ),
    (
        "filters.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/filters.js"),
    ),
    (
        "results.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/results.js"),
    ),
    (
        "facets.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/facets.js"),
    ),
    (
        "cooccur.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/cooccur.js"),
    ),
    (
        "compare.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/compare.js"),
    ),
    (
        "timeline.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/timeline.js"),
    ),
    (
        "terms.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/terms.js"),
    ),
    (
        "article.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/article.js"),
    ),
    (
        "map.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/map.js"),
    ),
    (
        "world.json",
        "application/json",
        include_str!("assets/world.json"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("assets/app.css"),
    ),
];

/// The page (`/`).
pub async fn index_page() -> Response {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        INDEX_HTML,
    )
        .into_response()
}

/// `/assets/{name}`: an embedded file, or 404.
pub async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, body)) => {
            ([(CONTENT_TYPE, *kind), (CACHE_CONTROL, "no-cache")], *body).into_response()
        }
        None => {
            ApiError::new(axum::http::StatusCode::NOT_FOUND, format!("no asset «{name}»")).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FILES;

    /// Every module a script imports (`from './name.js'`) is embedded.
    #[test]
    fn every_imported_module_is_embedded() {
        for (name, _, body) in FILES.iter().filter(|(n, _, _)| n.ends_with(".js")) {
            for part in body.split("from './").skip(1) {
                let module = part.split('\'').next().unwrap_or_default();
                assert!(
                    FILES.iter().any(|(n, _, _)| *n == module),
                    "{name} imports «{module}», which is not embedded"
                );
            }
        }
    }
}
